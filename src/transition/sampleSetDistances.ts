/**
 * The transition metric for samples produced elsewhere (docs/theory.md §9, the onset-of-memorization paper’s §3.2 and §4): given
 * a training set T, an original set O (both from the data law) and generated samples G, the
 * kernel density estimates ρ_T, ρ_O, ρ_G (widths σ·size^(−1/d), the onset-of-memorization paper’s eq. 10 and Fig. 3 caption —
 * ρ_G is a kernel estimate too because a generic generator has no closed-form law) and
 *
 *     E_TG = ∫(ρ_T − ρ_G)²,  E_OG = ∫(ρ_O − ρ_G)²,  Δ = E_TG − E_OG   (eq. 19–20),
 *
 * every term a sum of closed-form Gaussian overlaps (kernelDensityOverlaps.ts), in log space,
 * plus the per-coordinate variant of eq. 23–24 (1-D widths σ/size), which the onset-of-memorization paper’s U-Net
 * experiment uses and evaluates on a 16-point grid — here exactly.
 *
 * σ is the data scale: given, or estimated from the original set as the root mean per-coordinate
 * sample variance. With the onset-of-memorization paper’s width rule the diagonal parts of ∫ρ_T² and ∫ρ_O² are both
 * (4πσ²)^(−d/2) and are cancelled analytically in Δ (see kernelDensityOverlaps.ts).
 */
import { InvalidArgumentError } from '../errors.js';
import { requireInteger, requirePositive } from '../validate.js';
import { logKdeCrossOverlap, logKdeSelfOverlapParts } from './kernelDensityOverlaps.js';
import { signedLogSum, signedLogValue, type SignedLogTerm } from './logSumExp.js';
import { requireFiniteFloat64Array } from '../linalg/matrix.js';
import { crossOverlap1d, selfPairOverlap1d, sortedColumns } from './perCoordinateOverlaps.js';

/** One sample set: row-major count × d. */
export interface SampleSet {
  points: Float64Array;
  count: number;
}

/** Options of {@link sampleSetDistances}: the three sample sets as row-major matrices. */
export interface SampleSetDistanceOptions {
  /** Training samples: row-major count × d. */
  train: SampleSet;
  /** Samples of the original (data) distribution: row-major count × d. */
  original: SampleSet;
  /** Generated samples: row-major count × d. */
  generated: SampleSet;
  /** Dimension d of one sample. */
  d: number;
  /** Data scale σ; default: estimated from the original set. */
  sigma?: number;
  /** Also the per-coordinate variant (default true). */
  perCoordinate?: boolean;
}

export interface SampleSetDistances {
  d: number;
  sigma: number;
  sizes: { train: number; original: number; generated: number };
  epsilon: { train: number; original: number; generated: number };
  eTG: number;
  eOG: number;
  /** Δ = E_TG − E_OG (its sign is what the metric uses). */
  delta: number;
  deltaPositive: boolean;
  /** log(|Δ| / ∫ρ_T²). */
  logRelativeDelta: number;
  perCoordinate?: { epsilon: { train: number; original: number; generated: number }; eTG: number; eOG: number; delta: number; deltaPositive: boolean };
}

/**
 * Distances between three sample sets in d dimensions; see the module comment.
 *
 * @example
 * ```ts
 * const set = (points: Float64Array) => ({ points, count: points.length / 2 });
 * sampleSetDistances({ train: set(train), original: set(original), generated: set(generated), d: 2 });   // { eTG, eOG, delta, deltaPositive, … }
 * ```
 */
export function sampleSetDistances(options: SampleSetDistanceOptions): SampleSetDistances {
  const d = requireInteger('d', options.d, 1);
  const sets = { train: options.train, original: options.original, generated: options.generated };
  for (const [name, s] of Object.entries(sets)) {
    if (s === null || typeof s !== 'object') throw new InvalidArgumentError(name, s, 'must be { points, count }');
    requireInteger(`${name}.count`, s.count, 1);
    requireFiniteFloat64Array(`${name}.points`, s.points, s.count * d);
  }
  const T = options.train;
  const O = options.original;
  const G = options.generated;
  if (O.count < 2 && options.sigma === undefined) throw new InvalidArgumentError('original.count', O.count, 'needs >= 2 points to estimate σ (or give sigma)');

  // Common frame: the original set's mean.
  const centre = new Float64Array(d);
  for (let k = 0; k < O.count; k++) for (let i = 0; i < d; i++) centre[i] += O.points[k * d + i];
  for (let i = 0; i < d; i++) centre[i] /= O.count;
  const shift = (s: SampleSet) => {
    const out = new Float64Array(s.count * d);
    for (let k = 0; k < s.count; k++) for (let i = 0; i < d; i++) out[k * d + i] = s.points[k * d + i] - centre[i];
    return out;
  };
  const t = shift(T);
  const o = shift(O);
  const g = shift(G);
  let sigma: number;
  if (options.sigma !== undefined) sigma = requirePositive('sigma', options.sigma);
  else {
    let v = 0;
    for (let k = 0; k < O.count; k++) for (let i = 0; i < d; i++) v += o[k * d + i] * o[k * d + i];
    sigma = Math.sqrt(v / ((O.count - 1) * d));
    if (!(sigma > 0)) throw new InvalidArgumentError('original', 'variance 0', 'all original points coincide: σ cannot be estimated (give sigma)');
    if (!(sigma >= 1e-100 && sigma <= 1e100)) throw new InvalidArgumentError('original', `data scale σ = ${sigma}`, 'must lie in [1e-100, 1e100]: rescale the samples (or give sigma)');
  }
  if (!(sigma >= 1e-100 && sigma <= 1e100)) throw new InvalidArgumentError('sigma', sigma, 'must lie in [1e-100, 1e100] (the data scale; kernel widths and their powers must be doubles)');
  const eps = (n: number) => sigma * Math.pow(n, -1 / d);
  const eT = eps(T.count);
  const eO = eps(O.count);
  const eG = eps(G.count);
  // Diagonal parts: (4πε²)^(−d/2)/size = (4πσ²)^(−d/2) for every size under this rule.
  const logDiagonal = -0.5 * d * Math.log(4 * Math.PI * sigma * sigma);
  const tt = logKdeSelfOverlapParts(t, T.count, d, eT);
  const oo = logKdeSelfOverlapParts(o, O.count, d, eO);
  const gg = logKdeSelfOverlapParts(g, G.count, d, eG);
  const lTG = logKdeCrossOverlap(t, T.count, eT, g, G.count, eG, d);
  const lOG = logKdeCrossOverlap(o, O.count, eO, g, G.count, eG, d);
  const self = (p: { logPairs: number }): SignedLogTerm[] => [{ log: logDiagonal, coefficient: 1 }, { log: p.logPairs, coefficient: 1 }];
  const eTG = signedLogValue(signedLogSum([...self(tt), { log: lTG, coefficient: -2 }, ...self(gg)]));
  const eOG = signedLogValue(signedLogSum([...self(oo), { log: lOG, coefficient: -2 }, ...self(gg)]));
  const delta = signedLogSum([
    { log: tt.logPairs, coefficient: 1 },
    { log: oo.logPairs, coefficient: -1 },
    { log: lTG, coefficient: -2 },
    { log: lOG, coefficient: 2 },
  ]);
  const logTT = tt.logPairs === -Infinity ? logDiagonal : Math.max(logDiagonal, tt.logPairs) + Math.log1p(Math.exp(-Math.abs(logDiagonal - tt.logPairs)));
  const result: SampleSetDistances = {
    d,
    sigma,
    sizes: { train: T.count, original: O.count, generated: G.count },
    epsilon: { train: eT, original: eO, generated: eG },
    eTG,
    eOG,
    delta: signedLogValue(delta),
    deltaPositive: delta.sign > 0,
    logRelativeDelta: delta.log - logTT,
  };
  if (options.perCoordinate ?? true) result.perCoordinate = perCoordinateDistances(t, T.count, o, O.count, g, G.count, d, sigma);
  return result;
}

/** Eq. 23–24 for three sample sets (already in a common frame); widths σ/size. */
function perCoordinateDistances(t: Float64Array, nT: number, o: Float64Array, nO: number, g: Float64Array, nG: number, d: number, sigma: number): NonNullable<SampleSetDistances['perCoordinate']> {
  const eT = sigma / nT;
  const eO = sigma / nO;
  const eG = sigma / nG;
  const ct = sortedColumns(t, nT, d);
  const co = sortedColumns(o, nO, d);
  const cg = sortedColumns(g, nG, d);
  // 1-D diagonal part 1/(size √(4π) ε) = 1/(√(4π) σ) for every size: cancels in Δ.
  const diagonal = 1 / (Math.sqrt(4 * Math.PI) * sigma);
  let eTG = 0;
  let eOG = 0;
  let delta = 0;
  for (let i = 0; i < d; i++) {
    const ti = ct.subarray(i * nT, (i + 1) * nT);
    const oi = co.subarray(i * nO, (i + 1) * nO);
    const gi = cg.subarray(i * nG, (i + 1) * nG);
    const tt = selfPairOverlap1d(ti, eT);
    const oo = selfPairOverlap1d(oi, eO);
    const gg = diagonal + selfPairOverlap1d(gi, eG);
    const tg = crossOverlap1d(ti, eT, gi, eG);
    const og = crossOverlap1d(oi, eO, gi, eG);
    eTG += diagonal + tt - 2 * tg + gg;
    eOG += diagonal + oo - 2 * og + gg;
    delta += tt - oo - 2 * (tg - og);
  }
  return { epsilon: { train: eT, original: eO, generated: eG }, eTG, eOG, delta, deltaPositive: delta > 0 };
}
