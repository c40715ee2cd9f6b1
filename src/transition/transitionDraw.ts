/**
 * One Monte Carlo draw of the memorisation-to-generalisation experiment (docs/theory.md §9, seed
 * §3): a training set, the one-step denoiser fitted on its first n points for every n of the
 * grid, and every measure of the generated law ρ_G — exact, in log space.
 *
 * Per (draw, n), with ρ = N(μ, Σ) the data law, ρ_T, ρ_O the kernel estimates of the training
 * and original sets (widths ε_T(n), ε_O) and ρ_G = N(m, Σ_G):
 *   hellinger    H²(ρ, ρ_G) (eq. 18), 1 exactly when Σ_G is singular (n ≤ d);
 *   kl           KL(ρ_G ‖ ρ)  — generated relative to data; +∞ when Σ_G is singular;
 *   klData       KL(ρ ‖ ρ_G)  — data relative to generated (docs/theory.md §4's direction); +∞ when
 *                singular, and with infinite expectation at every n (docs/transition.md);
 *   E_TG = ∫ρ_T² − 2∫ρ_Tρ_G + ∫ρ_G²,  E_OG = ∫ρ_O² − 2∫ρ_Oρ_G + ∫ρ_G²   (eq. 19, 21);
 *   Δ = E_TG − E_OG = ∫ρ_T² − ∫ρ_O² − 2∫ρ_Tρ_G + 2∫ρ_Oρ_G   (eq. 20).
 * ∫ρ_G² = +∞ for singular Σ_G, so E_TG and E_OG are then +∞ (returned as Infinity), but that
 * term cancels exactly in Δ, which stays finite: the sign of Δ is defined for every n. (The
 * authors' code drops ∫ρ_G² from both distances for the same reason.) The sign is taken from a
 * signed log-sum (logSumExp.ts); `deltaCancellation` records how many digits the sum lost.
 *
 * Random streams: draw k uses Random.forStream(seed, k); its child 0 gives the clean samples Y
 * and child 1 the noises Z, n_max·d normals each, and size n uses their first n rows. So the
 * training sets of one draw are nested in n (common random numbers, smooth curves), and draw k
 * is the same whatever the number of draws or how they are split over workers.
 */
import type { EigenGaussian } from './eigenGaussian.js';
import { logGaussianOverlapsKernel, logGaussianSelfOverlap } from './gaussianOverlap.js';
import { standardDivergencesKernel, whitenAgainstDiagonal } from './gaussianDivergences.js';
import { logKdeSelfOverlapParts } from './kernelDensityOverlaps.js';
import { logMeanExp, signedLogSum, signedLogValue } from './logSumExp.js';
import { fitOneStepKernel, type Orientation } from './oneStepDenoiser.js';
import type { OriginalSet } from './originalSet.js';
import { gaussianCrossOverlap1d, gaussianSelfOverlap1d, selfPairOverlap1d } from './perCoordinateOverlaps.js';
import { Random } from '../random/random.js';

/** Validated description of a transition run (what a worker needs). */
export interface TransitionPlan {
  d: number;
  /** Data mean μ. */
  mean: Float64Array;
  /** Data variances (diagonal of Σ). */
  variances: Float64Array;
  /** e^(−T) and Δ_T = λ(1 − e^(−2T)). */
  a: number;
  s2: number;
  /** Training-set sizes, ascending integers ≥ 2. */
  ns: number[];
  /** ε_T for each n. */
  epsilonTrain: number[];
  /**
   * log of the diagonal part of ∫ρ_T², (4πε_T²)^(−d/2)/n, for each n, and of ∫ρ_O²: computed
   * from the width rule so that equal values are bitwise equal (with ε = σ size^(−1/d) both are
   * (4πσ²)^(−d/2)) and cancel exactly in Δ.
   */
  logDiagonalTrain: number[];
  logDiagonalOriginal: number;
  /** 1-D widths for the per-coordinate variant (σ/n), or null to skip it. */
  perCoordinateEpsilonTrain: number[] | null;
  /** 1-D diagonal parts 1/(n√(4πε²)) (= 1/(√(4π)σ) for every n with ε = σ/n), per n, and for the original set. */
  perCoordinateDiagonalTrain: number[] | null;
  perCoordinateDiagonalOriginal: number;
  orientation: Orientation;
  original: OriginalSet;
  draws: number;
  seed: number;
}

/** Names of the per-(draw, n) values; each is stored as a draws-long column per n. */
export const DRAW_MEASURES = [
  'hellinger',
  'hellingerOnSupport',
  'kl',
  'klData',
  'eTG',
  'eOG',
  'eTGFinitePart',
  'eOGFinitePart',
  'deltaPositive',
  'deltaCancellation',
  'generatedVariance',
  'logAffinity',
  'logRelativeDelta',
] as const;
export const PER_COORDINATE_MEASURES = ['eTGPerCoordinate', 'eOGPerCoordinate', 'deltaPositivePerCoordinate'] as const;
export type DrawMeasure = (typeof DRAW_MEASURES)[number] | (typeof PER_COORDINATE_MEASURES)[number];

/** Per-draw values of draws [from, to): out[measure][nIndex] is a (to − from)-long column. */
export type DrawColumns = Record<string, Float64Array[]>;

/**
 * Run draws [from, to) of a plan.
 *
 * @example
 * ```ts
 * const { plan } = planTransition({ d: 8, ns: [16, 64], draws: 40, seed: 1 });
 * transitionDraws(plan, 0, 20);   // DrawColumns (hellinger, kl, deltaPositive, …) for draws 0..19
 * ```
 */
export function transitionDraws(plan: TransitionPlan, from: number, to: number, onDraw?: (done: number, total: number) => void): DrawColumns {
  const count = to - from;
  const names: string[] = [...DRAW_MEASURES];
  if (plan.perCoordinateEpsilonTrain !== null) names.push(...PER_COORDINATE_MEASURES);
  const out: DrawColumns = {};
  for (const m of names) out[m] = plan.ns.map(() => new Float64Array(count));
  for (let k = 0; k < count; k++) {
    runDraw(plan, from + k, out, k);
    onDraw?.(k + 1, count);
  }
  return out;
}

/** Draw `index`: fill column entry `slot` of every measure for every n. */
function runDraw(plan: TransitionPlan, index: number, out: DrawColumns, slot: number): void {
  const { d, ns, original } = plan;
  const nMax = ns[ns.length - 1];
  const rng = Random.forStream(plan.seed, index);
  const Y = new Float64Array(nMax * d);
  const X = new Float64Array(nMax * d);
  rng.split(0).fillNormal(Y);
  rng.split(1).fillNormal(X); // Z for now
  const s = Math.sqrt(plan.s2);
  for (let k = 0; k < nMax; k++) {
    const o = k * d;
    for (let i = 0; i < d; i++) {
      const yv = plan.mean[i] + Math.sqrt(plan.variances[i]) * Y[o + i];
      Y[o + i] = yv;
      X[o + i] = plan.a * yv + s * X[o + i];
    }
  }
  // Training points relative to the original set's centre (one common frame for all kernels).
  const centre = original.centre;
  const Yc = new Float64Array(nMax * d);
  for (let k = 0; k < nMax; k++) for (let i = 0; i < d; i++) Yc[k * d + i] = Y[k * d + i] - centre[i];

  const scratchO = new Float64Array(original.size);
  const scratchT = new Float64Array(nMax);
  for (let t = 0; t < ns.length; t++) {
    const n = ns[t];
    const fit = fitOneStepKernel(Y, X, n, d, plan.a, plan.s2, plan.orientation, false);
    const law = fit.generated;
    // Data-relative divergences in the whitened frame.
    const std = standardDivergencesKernel(whitenAgainstDiagonal(law, plan.mean, plan.variances));
    out.hellinger[t][slot] = std.hellinger;
    out.hellingerOnSupport[t][slot] = std.hellingerOnSupport;
    out.kl[t][slot] = std.klLawToReference;
    out.klData[t][slot] = std.klReferenceToLaw;
    out.logAffinity[t][slot] = std.logAffinity;
    let trace = 0;
    for (let j = 0; j < law.values.length; j++) trace += law.values[j];
    out.generatedVariance[t][slot] = trace / d;

    // Kernel overlaps, all relative to `centre`.
    const lawC: EigenGaussian = { d, mean: law.mean.map((v, i) => v - centre[i]), values: law.values, vectors: law.vectors };
    const epsT = plan.epsilonTrain[t];
    const tt = logKdeSelfOverlapParts(Yc.subarray(0, n * d), n, d, epsT);
    const lDT = plan.logDiagonalTrain[t];
    const lDO = plan.logDiagonalOriginal;
    logGaussianOverlapsKernel(lawC, epsT * epsT, Yc, n, null, scratchT);
    const lTG = logMeanExp(scratchT, n);
    // The original set never changes: its packed copy in the WebAssembly module is reused.
    logGaussianOverlapsKernel(lawC, original.epsilon * original.epsilon, original.points, original.size, null, scratchO, true);
    const lOG = logMeanExp(scratchO, original.size);
    const lGG = logGaussianSelfOverlap(law);
    const TT = [{ log: lDT, coefficient: 1 }, { log: tt.logPairs, coefficient: 1 }];
    const OO = [{ log: lDO, coefficient: 1 }, { log: original.logPairs, coefficient: 1 }];
    out.eTG[t][slot] = signedLogValue(signedLogSum([...TT, { log: lTG, coefficient: -2 }, { log: lGG, coefficient: 1 }]));
    out.eOG[t][slot] = signedLogValue(signedLogSum([...OO, { log: lOG, coefficient: -2 }, { log: lGG, coefficient: 1 }]));
    out.eTGFinitePart[t][slot] = signedLogValue(signedLogSum([...TT, { log: lTG, coefficient: -2 }]));
    out.eOGFinitePart[t][slot] = signedLogValue(signedLogSum([...OO, { log: lOG, coefficient: -2 }]));
    // Δ = (D_T − D_O) + P_T − P_O − 2∫ρ_Tρ_G + 2∫ρ_Oρ_G, the diagonal parts D cancelled
    // analytically when equal (see kernelDensityOverlaps.ts), ∫ρ_G² cancelled always.
    const deltaTerms = [
      { log: tt.logPairs, coefficient: 1 },
      { log: original.logPairs, coefficient: -1 },
      { log: lTG, coefficient: -2 },
      { log: lOG, coefficient: 2 },
    ];
    if (lDT !== lDO) deltaTerms.push({ log: lDT, coefficient: 1 }, { log: lDO, coefficient: -1 });
    const delta = signedLogSum(deltaTerms);
    out.deltaPositive[t][slot] = delta.sign > 0 ? 1 : 0;
    out.deltaCancellation[t][slot] = delta.logCancellation;
    // log(|Δ| / ∫ρ_T²): how small Δ is next to the terms it is made of — what a lower-precision
    // evaluation (the authors' float32 tensors: ~1e-7) would have to resolve.
    out.logRelativeDelta[t][slot] = delta.log - logAddExpPair(lDT, tt.logPairs);

    if (plan.perCoordinateEpsilonTrain !== null && original.perCoordinate !== undefined) {
      perCoordinate(plan, t, n, Yc, lawC, out, slot);
    }
  }
}

function logAddExpPair(a: number, b: number): number {
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** Seed eq. 23–24 for one (draw, n): 1-D kernel estimates against the marginals N(m_i, Σ_ii). */
function perCoordinate(plan: TransitionPlan, t: number, n: number, Yc: Float64Array, law: EigenGaussian, out: DrawColumns, slot: number): void {
  const { d, original } = plan;
  const pc = original.perCoordinate!;
  const eps = plan.perCoordinateEpsilonTrain![t];
  const diagT = plan.perCoordinateDiagonalTrain![t];
  const diagO = plan.perCoordinateDiagonalOriginal;
  const { values: g, vectors: U, mean: m } = law;
  const col = new Float64Array(n);
  let eTG = 0;
  let eOG = 0;
  // Diagonal parts cancel exactly when equal (eq. 24's ε = σ/n makes them 1/(√(4π)σ) for all n).
  let delta = diagT === diagO ? 0 : d * (diagT - diagO);
  for (let i = 0; i < d; i++) {
    let v = 0;
    for (let j = 0; j < g.length; j++) v += g[j] * U[j * d + i] * U[j * d + i];
    for (let k = 0; k < n; k++) col[k] = Yc[k * d + i];
    col.sort();
    const oCol = pc.columns.subarray(i * original.size, (i + 1) * original.size);
    const tt = selfPairOverlap1d(col, eps);
    const oo = pc.pairOverlaps[i];
    const gg = gaussianSelfOverlap1d(v);
    const tg = gaussianCrossOverlap1d(m[i], v, col, eps);
    const og = gaussianCrossOverlap1d(m[i], v, oCol, pc.epsilon);
    eTG += diagT + tt - 2 * tg + gg;
    eOG += diagO + oo - 2 * og + gg;
    delta += tt - oo - 2 * (tg - og);
  }
  out.eTGPerCoordinate[t][slot] = eTG;
  out.eOGPerCoordinate[t][slot] = eOG;
  out.deltaPositivePerCoordinate[t][slot] = delta > 0 ? 1 : 0;
}
