import type { MeanMode } from '../predictions/model/ensemble.js';
import type { NoiseLevel } from '../predictions/model/noiseLevel.js';
import { InvalidArgumentError } from '../errors.js';
import { sampleCovariance, sampleCovarianceKernel, sampleGaussian } from '../random/gaussianSample.js';
import { haarOrthogonal } from '../random/haar.js';
import { matmul, transpose } from '../linalg/matrix.js';
import type { Random } from '../random/random.js';
import { sampleWishartDiagonal } from '../random/wishartBartlett.js';
import { symmetricEigen, symmetricEigenOfOwnMatrix } from '../linalg/symmetricEigen.js';
import { levelPopulationTerms, modeSums, populationTerms } from './levelSums.js';

/**
 * How a draw's Σ̂ and μ̂ are produced (Gaussian data only):
 * - 'data': sample the N training points and form μ̂ and Σ̂ from them (O(N d²));
 * - 'wishart': draw Σ̂ from its law directly — N Σ̂ ~ W_d(Σ, n) by the Bartlett decomposition
 *   (wishartBartlett.ts) with n = N − 1 (estimated mean) or N (known mean), and μ̂ − μ ~ N(0, Σ/N)
 *   independent of it (estimated mean; μ̂ = μ when known). Exact in law, O(d³/6) instead of
 *   O(N d²), but a different function of the random stream than 'data': the same seed gives
 *   other draws (equally valid ones), so results differ from 'data' within the Monte Carlo error.
 */
export type Sampling = 'data' | 'wishart';

/** Eigen path of a draw: 'dc' (divide and conquer, default) or 'ql' (the reference; see symmetricEigen). */
export type DrawEigenMethod = 'dc' | 'ql';

/**
 * Per-thread scratch buffers of the draws (samples, Σ̂, its centred transpose), reused from draw
 * to draw: a Monte Carlo draw allocates several MB otherwise, and with worker threads the large
 * allocations (mapped, zeroed and unmapped per draw) slow every thread of the process down.
 * Every entry is overwritten before use, so reuse changes no result.
 */
const buffers = new Map<string, Float64Array>();
function scratch(name: string, length: number): Float64Array {
  let b = buffers.get(name);
  if (b === undefined || b.length !== length) {
    b = new Float64Array(length);
    buffers.set(name, b);
  }
  return b;
}

/** True while sample() constructs a draw from data it generated itself (see EmpiricalDraw.own). */
let ownData = false;
/** True while that draw keeps its eigenvectors in the reused buffer (sample's scratchVectors). */
let ownVectors = false;

/** Exact measures of one trained linear denoiser at one noise level (docs/theory.md §4), totals over d. */
export interface DrawLosses {
  trainLoss: number;
  testLoss: number;
  gap: number;
  referenceLoss: number;
  alignment: number;
}

/**
 * One Monte Carlo draw of the real model: N training points x_k ~ N(μ, Σ) are sampled, μ̂ and
 * Σ̂ = (1/N)Σ(x_k − μ̂)(x_k − μ̂)ᵀ formed (known-mean mode: Σ̂ = (1/N)Σ(x_k − μ)(x_k − μ)ᵀ,
 * μ̂ = μ), and Σ̂ = V diag(λ̂) Vᵀ factorised once. Every measure of docs/theory.md §4 is then a
 * sum over the eigenpairs (λ̂_j, v_j) with the per-draw constants
 *   c_j = v_jᵀΣv_j,  m_j = (v_jᵀδμ)²,  δμ = μ − μ̂,
 * so each noise level costs O(d) (plus O(d²) for the alignment when c > 0).
 *
 * Work happens in Σ's eigenbasis (Σ = diag λ): the measures are invariant under a rotation of
 * the data, and with `rotation: 'haar'` the sample is drawn in a Haar-rotated frame and Σ̂ and
 * δμ are rotated back — a check of that invariance, at O(d³) extra cost.
 */
export class EmpiricalDraw {
  readonly d: number;
  /** Eigenvalues of Σ̂ (clamped at 0: Σ̂ is positive semi-definite, rounding may give −1e-17). */
  readonly sampleEigenvalues: Float64Array;
  /** c_j = v_jᵀ Σ v_j. */
  readonly sigmaWeights: Float64Array;
  /** m_j = (v_jᵀ δμ)². */
  readonly meanWeights: Float64Array;
  /** P[j·d + i] = V_ij² (squared eigenvector entries, eigenvector j in row j); formed on first use (c ≠ 0). */
  private squaredVectors: Float64Array | null = null;
  /** Eigenvectors of Σ̂ in Σ's eigenbasis, one per row: vectorRows[j·d + i] = V_ij = (v_j)_i. */
  private readonly vectorRows: Float64Array;
  private readonly lambda: Float64Array;
  private readonly logDetSigma: number;
  /** v_jᵀδμ with its sign (meanWeights keeps only the square; 0 for the null modes below). */
  private readonly signedMeans: Float64Array;
  /**
   * Modes 0 … nullCount − 1 span Σ̂'s null space (λ̂ = 0) and have no eigenvector here (their rows
   * of vectorRows are zero): their c_j and m_j are equal shares of the null-space totals.
   */
  private readonly nullCount: number;
  /** δμ = μ − μ̂ in Σ's eigenbasis (for the null-space totals of samplerKl). */
  private readonly deltaMu: Float64Array;
  /** Scratch: 1/(λ_i + z) at the current noise level. */
  private readonly inverseShifted: Float64Array;
  /** Scratch for the two population terms of losses(). */
  private readonly population = new Float64Array(2);

  /**
   * Sample a training set and measure it: N points from N(0, O diag(λ) Oᵀ) with O = I or Haar.
   * Consumes the random stream in a fixed order (the rotation first, then the N·d normals).
   * With `sampling: 'wishart'` (no rotation) Σ̂ and μ̂ are drawn from their joint law instead:
   * the Bartlett factor first (bartlettFactor's order), then d normals for μ̂ (estimated mean).
   * `scratchVectors: true` (loops that finish with each draw before sampling the next, as
   * monteCarloDraws does): the draw's eigenvectors (and a Wishart Σ̂) live in per-thread buffers
   * that the next such draw overwrites, instead of ~1 MB of new arrays per draw; the values are
   * the same.
   *
   * @example
   * ```ts
   * EmpiricalDraw.sample({ eigenvalues: new Float64Array([1, 2]), N: 8, mean: 'estimated', rng: new Random(1) });   // one training set's Σ̂ eigen-data
   * ```
   */
  static sample(options: { eigenvalues: Float64Array; N: number; mean: MeanMode; rng: Random; rotation?: 'none' | 'haar'; sampling?: Sampling; eigenMethod?: DrawEigenMethod; scratchVectors?: boolean }): EmpiricalDraw {
    const { eigenvalues, N, rng } = options;
    const d = eigenvalues.length;
    const sampling = options.sampling ?? 'data';
    if (sampling === 'wishart') {
      if (options.rotation === 'haar') throw new InvalidArgumentError('rotation', 'haar', "applies to sampling 'data' only (the Wishart draw is made in Σ's eigenbasis)");
      const known = options.mean === 'known';
      const covariance = sampleWishartDiagonal(eigenvalues, known ? N : N - 1, 1 / N, rng, options.scratchVectors === true ? scratch('wishart', d * d) : undefined);
      const deltaMu = new Float64Array(d);
      if (!known) for (let i = 0; i < d; i++) deltaMu[i] = Math.sqrt(eigenvalues[i] / N) * rng.normal();
      return EmpiricalDraw.own(options.scratchVectors === true, () => new EmpiricalDraw({ eigenvalues, covariance, deltaMu, N, mean: options.mean, eigenMethod: options.eigenMethod }));
    }
    if (sampling !== 'data') throw new InvalidArgumentError('sampling', sampling, "must be 'data' or 'wishart'");
    const rotation = options.rotation === 'haar' ? haarOrthogonal(d, rng) : null;
    const samples = sampleGaussian({ eigenvalues, rotation, count: N, rng, out: scratch('samples', N * d) });
    return EmpiricalDraw.own(options.scratchVectors === true, () => new EmpiricalDraw({ eigenvalues, samples, N, mean: options.mean, rotation, eigenMethod: options.eigenMethod }));
  }

  /**
   * Run a constructor call on data sample() generated itself (finite; Σ̂ exactly symmetric), so
   * that the O(N d) and O(d²) input checks can be skipped — they would find nothing.
   */
  private static own(scratchVectors: boolean, make: () => EmpiricalDraw): EmpiricalDraw {
    ownData = true;
    ownVectors = scratchVectors;
    try {
      return make();
    } finally {
      ownData = false;
      ownVectors = false;
    }
  }

  /**
   * Measure a given training set: rows of `samples` (N × d) drawn from N(μ, O diag(λ) Oᵀ).
   * With the estimated mean μ̂ and Σ̂ are the empirical ones; with the known mean Σ̂ is formed
   * around μ and μ̂ = μ. `rotation` O (row-major, null = identity) and `populationMean` μ
   * (default 0) describe the data law so that Σ̂ and δμ can be brought into Σ's eigenbasis.
   * Or measure given moments: `covariance` (Σ̂ in Σ's eigenbasis, d × d) and `deltaMu` (μ − μ̂).
   */
  constructor(
    options:
      | { eigenvalues: Float64Array; samples: Float64Array; N: number; mean: MeanMode; rotation?: Float64Array | null; populationMean?: Float64Array; eigenMethod?: DrawEigenMethod }
      | { eigenvalues: Float64Array; covariance: Float64Array; deltaMu: Float64Array; N: number; mean: MeanMode; eigenMethod?: DrawEigenMethod },
  ) {
    const { eigenvalues: lam, N } = options;
    const d = lam.length;
    this.d = d;
    this.lambda = lam;
    const known = options.mean === 'known';
    let cov: Float64Array;
    let deltaMu: Float64Array;
    if ('covariance' in options) {
      cov = options.covariance;
      deltaMu = options.deltaMu;
    } else {
      ({ cov, deltaMu } = EmpiricalDraw.moments(options, d, known));
    }
    const method = options.eigenMethod ?? 'dc';
    // Σ̂ has rank min(d, N − 1) (estimated mean) or min(d, N) (known mean) with probability 1:
    // its smallest d − rank eigenvalues are exactly 0, whatever rounding left there; the rest
    // are clamped at 0 (Σ̂ is positive semi-definite). Exact zeros matter: a sampler or KL
    // sees a null mode as collapsed (infinite KL), not as a 1e-17 variance.
    const rank = Math.min(d, known ? N : N - 1);
    // The null modes then enter every measure with the same coefficient (their λ̂ = 0), so only
    // the sums Σ_null c_j = tr Σ − Σ_range c_j and Σ_null m_j = ‖δμ‖² − Σ_range m_j matter, and
    // each null mode is given an equal share (see nullShares). With 'dc' the null modes'
    // eigenvectors are therefore never formed (vectorsFrom): the back-transformation — 2d³ of
    // the eigendecomposition's ≈ 4.7d³ flops — costs 2·rank·d², half of it at N = d/2.
    const nullCount = method === 'dc' ? d - rank : 0;
    const eigOptions = { vectors: true, method, layout: 'rows', vectorsFrom: nullCount } as const;
    const eig = ownData ? symmetricEigenOfOwnMatrix(cov, d, eigOptions, ownVectors ? scratch('vectors', d * d) : undefined) : symmetricEigen(cov, d, eigOptions);
    const V = eig.vectors!;
    this.sampleEigenvalues = eig.values.map((v, j) => (j < d - rank || !(v > 0) ? 0 : v));
    this.sigmaWeights = new Float64Array(d);
    this.meanWeights = new Float64Array(d);
    this.vectorRows = V;
    this.nullCount = nullCount;
    this.deltaMu = deltaMu;
    // c_j = Σ_i λ_i V_ij² and v_jᵀδμ, each summed over i in increasing order — four rows at a
    // time (eight independent chains instead of two dependent ones; each sum's order unchanged).
    const r0 = nullCount * d;
    sigmaAndMeanWeights(V.subarray(r0), lam, deltaMu, d - nullCount, d, this.sigmaWeights.subarray(nullCount), this.meanWeights.subarray(nullCount)); // the latter squared below
    this.signedMeans = Float64Array.from(this.meanWeights);
    for (let j = 0; j < d; j++) this.meanWeights[j] *= this.meanWeights[j];
    if (nullCount > 0) nullShares(lam, deltaMu, nullCount, this.sigmaWeights, this.meanWeights);
    let ld = 0;
    for (let i = 0; i < d; i++) ld += Math.log(lam[i]);
    this.logDetSigma = ld;
    this.inverseShifted = new Float64Array(d);
  }

  /** Σ̂ and δμ = μ − μ̂ of a training set, in Σ's eigenbasis. */
  private static moments(
    options: { samples: Float64Array; N: number; rotation?: Float64Array | null; populationMean?: Float64Array },
    d: number,
    known: boolean,
  ): { cov: Float64Array; deltaMu: Float64Array } {
    const N = options.N;
    const O = options.rotation ?? null;
    const mu = options.populationMean ?? new Float64Array(d);
    let x = options.samples;
    if (known) {
      x = Float64Array.from(x);
      for (let k = 0; k < N; k++) for (let i = 0; i < d; i++) x[k * d + i] -= mu[i];
    }
    // Σ̂ and the centred transpose in reused buffers (neither outlives this call: symmetricEigen
    // copies Σ̂), so a Monte Carlo does not allocate ~2.5 MB per draw at d = 256, N = 512.
    let covariance: Float64Array;
    let mean: Float64Array;
    if (ownData) {
      // sample()'s own (finite) samples: the kernel without sampleCovariance's O(N d) checks.
      covariance = scratch('covariance', d * d).fill(0);
      mean = new Float64Array(d);
      sampleCovarianceKernel(x, N, d, !known, mean, covariance, scratch('transpose', N * d));
    } else ({ covariance, mean } = sampleCovariance(x, N, d, { centre: !known, covariance: scratch('covariance', d * d), scratch: scratch('transpose', N * d) }));
    let cov = covariance;
    const deltaMu = new Float64Array(d);
    if (!known) for (let i = 0; i < d; i++) deltaMu[i] = mu[i] - mean[i];
    if (O !== null) {
      // Into Σ's eigenbasis: Σ̂ → OᵀΣ̂O, δμ → Oᵀδμ (re-symmetrised against rounding).
      const Ot = transpose(O, d, d);
      cov = matmul(matmul(Ot, cov, d, d, d), O, d, d, d);
      for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[i * d + j] = cov[j * d + i] = 0.5 * (cov[i * d + j] + cov[j * d + i]);
      const rotated = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += O[k * d + i] * deltaMu[k];
        rotated[i] = s;
      }
      deltaMu.set(rotated);
    }
    return { cov, deltaMu };
  }

  /** P[j·d + i] = V_ij², formed once (only the alignment with c ≠ 0 needs it). */
  private squared(): Float64Array {
    if (this.squaredVectors === null) {
      const V = this.vectorRows;
      const P = new Float64Array(V.length);
      for (let t = 0; t < V.length; t++) P[t] = V[t] * V[t];
      const nn = this.nullCount;
      if (nn > 0) {
        // A null mode's share of Σ_null V_ij² = 1 − Σ_range V_ij² (the rows of V are orthonormal
        // and complete), for each coordinate i.
        const d = this.d;
        const share = P.subarray(0, d);
        share.fill(1);
        for (let j = nn; j < d; j++) for (let i = 0; i < d; i++) share[i] -= P[j * d + i];
        for (let i = 0; i < d; i++) share[i] /= nn;
        for (let j = 1; j < nn; j++) P.copyWithin(j * d, 0, d);
      }
      this.squaredVectors = P;
    }
    return this.squaredVectors;
  }

  /**
   * Train/test loss, gap, reference loss and alignment at one noise level, exactly for this
   * draw, for the fitted denoiser W = (s/a²) h(Σ̂) — by default the optimum h(x) = 1/(x + z);
   * any other spectral filter (e.g. trainingFilter during training, docs/theory.md §7) may be given.
   * Per mode: train (1 − ζh)² + ζ λ̂ h², gap ζ h² (c_j + m_j − λ̂_j), alignment
   * ζ[h²(c_j + ζ) − 2 h q_j + m_j h²] + ζ tr G∞²(Σ + ζ), with q_j = v_jᵀ (Σ + ζ)G∞ v_j.
   */
  losses(level: NoiseLevel, filter?: (x: number) => number): DrawLosses {
    const { zeta, z, cEff: c } = level;
    const d = this.d;
    const lh = this.sampleEigenvalues;
    const cw = this.sigmaWeights;
    const mw = this.meanWeights;
    const lam = this.lambda;
    let train = 0;
    let gapSum = 0;
    let alignSum = 0;
    const u = this.inverseShifted;
    if (c !== 0) for (let i = 0; i < d; i++) u[i] = 1 / (lam[i] + z);
    for (let j = 0; j < d; j++) {
      const l = lh[j];
      const h = filter === undefined ? 1 / (l + z) : filter(l);
      const h2 = h * h;
      const r = 1 - zeta * h;
      train += r * r + zeta * l * h2;
      gapSum += (cw[j] - l + mw[j]) * h2;
      // q_j = Σ_i V_ij² (λ_i+ζ)/(λ_i+z) = 1 − c Σ_i V_ij²/(λ_i+z) (exactly 1 when c = 0).
      let q = 1;
      if (c !== 0) {
        let p = 0;
        const row = j * d;
        const P = this.squared();
        for (let i = 0; i < d; i++) p += P[row + i] * u[i];
        q = 1 - c * p;
      }
      alignSum += (cw[j] + zeta + mw[j]) * h2 - 2 * q * h;
    }
    const pop = this.population;
    levelPopulationTerms(lam, d, level, pop, 0);
    const ginf2b = pop[0];
    const reference = pop[1];
    const gap = zeta * gapSum;
    return {
      trainLoss: train,
      testLoss: train + gap,
      gap,
      referenceLoss: reference,
      alignment: zeta * (alignSum + ginf2b),
    };
  }

  /**
   * The losses of {@link losses} summed over `levels` in order (acc += losses(level) per
   * measure): bit-identical to that loop, faster — the population terms are cached per schedule
   * and, when every level has c = 0, the per-mode sums run four levels at a time (levelSums.ts).
   */
  lossTotals(levels: NoiseLevel[]): DrawLosses {
    const acc: DrawLosses = { trainLoss: 0, testLoss: 0, gap: 0, referenceLoss: 0, alignment: 0 };
    if (!levels.every((l) => l.cEff === 0)) {
      for (const level of levels) {
        const l = this.losses(level);
        acc.trainLoss += l.trainLoss;
        acc.testLoss += l.testLoss;
        acc.gap += l.gap;
        acc.referenceLoss += l.referenceLoss;
        acc.alignment += l.alignment;
      }
      return acc;
    }
    const terms = populationTerms(this.lambda, levels);
    const sums = new Float64Array(3 * levels.length);
    modeSums(this.sampleEigenvalues, this.sigmaWeights, this.meanWeights, levels, sums);
    for (let l = 0; l < levels.length; l++) {
      const zeta = levels[l].zeta;
      const train = sums[3 * l];
      const gap = zeta * sums[3 * l + 1];
      acc.trainLoss += train;
      acc.testLoss += train + gap;
      acc.gap += gap;
      acc.referenceLoss += terms[2 * l + 1];
      acc.alignment += zeta * (sums[3 * l + 2] + terms[2 * l]);
    }
    return acc;
  }

  /**
   * KL(N(μ, Σ) ‖ law of the finite-step sampler) for this draw (docs/theory.md §8), with μ = 0:
   * mode j of the output is N(ρ_j μ̂_j, V_j), so
   * 2 KL = Σ_j (c_j + ρ_j² m_j)/V_j − d + Σ_j log V_j − log det Σ; +∞ when a mode collapses (V_j = 0).
   */
  samplerKl(law: { mode(x: number, out: Float64Array): void }, populationMean?: Float64Array): number {
    const out = new Float64Array(2);
    const d = this.d;
    const nn = this.nullCount;
    // Null modes (nn > 0, all with λ̂ = 0, so one ρ and V): their e_j² summed is
    // (1 − ρ)²‖P μ‖² + 2ρ(1 − ρ)(Pμ)ᵀ(Pδμ) + ρ²‖Pδμ‖², P the projector on the null space —
    // totals less the range modes' parts, then an equal share per null mode.
    let muMu = 0, muDelta = 0, deltaDelta = 0;
    if (populationMean !== undefined && nn > 0) {
      for (let i = 0; i < d; i++) {
        muMu += populationMean[i] * populationMean[i];
        muDelta += populationMean[i] * this.deltaMu[i];
        deltaDelta += this.deltaMu[i] * this.deltaMu[i];
      }
    }
    const vms = new Float64Array(populationMean !== undefined ? d : 0);
    if (populationMean !== undefined) {
      for (let j = nn; j < d; j++) {
        let vm = 0;
        for (let i = 0; i < d; i++) vm += this.vectorRows[j * d + i] * populationMean[i];
        vms[j] = vm;
        muMu -= vm * vm;
        muDelta -= vm * this.signedMeans[j];
        deltaDelta -= this.signedMeans[j] * this.signedMeans[j];
      }
    }
    let tr = 0;
    let ld = 0;
    for (let j = 0; j < d; j++) {
      law.mode(this.sampleEigenvalues[j], out);
      const [rho, v] = out;
      if (!(v > 0)) return Infinity;
      // e_j = (1 − ρ_j) v_jᵀμ + ρ_j v_jᵀδμ for a data mean μ (in Σ's eigenbasis); the shift does not
      // change Σ̂ or δμ, only how far the sampler's mean ρ μ̂ falls short of μ.
      let e2 = rho * rho * this.meanWeights[j];
      if (populationMean !== undefined) {
        if (j < nn) e2 = ((1 - rho) * (1 - rho) * muMu + 2 * rho * (1 - rho) * muDelta + rho * rho * deltaDelta) / nn;
        else {
          const e = (1 - rho) * vms[j] + rho * this.signedMeans[j];
          e2 = e * e;
        }
      }
      tr += (this.sigmaWeights[j] + e2) / v;
      ld += Math.log(v);
    }
    return 0.5 * (tr - d + ld - this.logDetSigma);
  }

  /** The exact law of the sampler's output for this draw, per Σ̂-mode: ρ_j and V_j. */
  samplerModes(law: { mode(x: number, out: Float64Array): void }): { rho: Float64Array; variance: Float64Array } {
    const out = new Float64Array(2);
    const rho = new Float64Array(this.d);
    const variance = new Float64Array(this.d);
    for (let j = 0; j < this.d; j++) {
      law.mode(this.sampleEigenvalues[j], out);
      rho[j] = out[0];
      variance[j] = out[1];
    }
    return { rho, variance };
  }

  /** KL(N(μ, Σ) ‖ N(μ̂, Σ̂ + εI)) for this draw (docs/theory.md §4). */
  kl(eps: number): number {
    const d = this.d;
    const lh = this.sampleEigenvalues;
    let tr = 0;
    let ld = 0;
    for (let j = 0; j < d; j++) {
      const e = lh[j] + eps;
      tr += (this.sigmaWeights[j] + this.meanWeights[j]) / e;
      ld += Math.log(e);
    }
    return 0.5 * (tr - d + ld - this.logDetSigma);
  }
}

/** c_j = Σ_i λ_i V_ij² and m_j = Σ_i V_ij δμ_i for the `rows` rows j of V (rows × d), each sum in increasing i. */
function sigmaAndMeanWeights(V: Float64Array, lam: Float64Array, deltaMu: Float64Array, rows: number, d: number, c: Float64Array, m: Float64Array): void {
  let j = 0;
  for (; j + 4 <= rows; j += 4) {
    const r0 = j * d, r1 = r0 + d, r2 = r1 + d, r3 = r2 + d;
    let c0 = 0, c1 = 0, c2 = 0, c3 = 0, m0 = 0, m1 = 0, m2 = 0, m3 = 0;
    for (let i = 0; i < d; i++) {
      const l = lam[i];
      const u = deltaMu[i];
      const v0 = V[r0 + i], v1 = V[r1 + i], v2 = V[r2 + i], v3 = V[r3 + i];
      c0 += v0 * v0 * l;
      c1 += v1 * v1 * l;
      c2 += v2 * v2 * l;
      c3 += v3 * v3 * l;
      m0 += v0 * u;
      m1 += v1 * u;
      m2 += v2 * u;
      m3 += v3 * u;
    }
    c[j] = c0; c[j + 1] = c1; c[j + 2] = c2; c[j + 3] = c3;
    m[j] = m0; m[j + 1] = m1; m[j + 2] = m2; m[j + 3] = m3;
  }
  for (; j < rows; j++) {
    const row = j * d;
    let cj = 0;
    let mj = 0;
    for (let i = 0; i < d; i++) {
      const v = V[row + i];
      cj += v * v * lam[i];
      mj += v * deltaMu[i];
    }
    c[j] = cj;
    m[j] = mj;
  }
}

/**
 * Equal shares of the null-space totals for modes 0 … nn − 1, given c and m (squared) of the
 * range modes nn … d − 1: c_null = (Σ_i λ_i − Σ_range c_j)/nn, m_null = (‖δμ‖² − Σ_range m_j)/nn
 * (the rows of V are orthonormal and complete, so Σ_all c_j = tr Σ and Σ_all m_j = ‖δμ‖²). The
 * differences lose about log10(tr Σ / Σ_null c) digits against forming the null vectors; at
 * worst ~d·ε relative to tr Σ, far below any Monte Carlo error.
 */
function nullShares(lam: Float64Array, deltaMu: Float64Array, nn: number, c: Float64Array, m: Float64Array): void {
  const d = lam.length;
  let cNull = 0;
  let mNull = 0;
  for (let i = 0; i < d; i++) {
    cNull += lam[i];
    mNull += deltaMu[i] * deltaMu[i];
  }
  for (let j = nn; j < d; j++) {
    cNull -= c[j];
    mNull -= m[j];
  }
  // Rounding can leave a tiny negative total; a variance share cannot be negative.
  c.fill(Math.max(0, cNull) / nn, 0, nn);
  m.fill(Math.max(0, mNull) / nn, 0, nn);
}
