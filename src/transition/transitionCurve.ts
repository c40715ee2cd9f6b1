/**
 * The memorisation-to-generalisation curve of the onset-of-memorization paper (docs/theory.md §9, the onset-of-memorization paper’s §3.2, Fig. 2–3):
 * for each training-set size n, over `draws` independent training sets, the mean ± stderr of
 * H², KL, E_TG, E_OG and the probability P(Δ > 0) with a Wilson 95% interval; the verdict
 * (memorisation when P(Δ > 0) ≤ ½, generalisation when > ½, eq. 20) and the n where P(Δ > 0)
 * first crosses ½.
 *
 * Defaults are the onset-of-memorization paper’s settings: d = 16, μ = 10·1, σ = 1, T = 2, λ = e^(−4), N_O = 10⁴,
 * ε_T = σ n^(−1/d), ε_O = σ N_O^(−1/d), generated covariance σ_X² θ1θ1ᵀ ('model' orientation;
 * 'seed' gives eq. 17's σ_X² θ1ᵀθ1).
 */
import { InvalidArgumentError } from '../errors.js';
import { kernelWidth, type KernelWidthRule } from './transitionScales.js';
import { expandEigenvalues, requireSpectrum, type Spectrum } from '../spectra/spectrum.js';
import { requireFinite, requireInteger, requireNonNegative, requirePositive } from '../validate.js';
import type { Orientation } from './oneStepDenoiser.js';
import { drawOriginalSet, type OriginalSet } from './originalSet.js';
import { meanStderr } from '../statistics/summaryStatistics.js';
import { transitionDraws, type DrawColumns, type TransitionPlan } from './transitionDraw.js';
import { wilsonInterval } from '../statistics/wilsonInterval.js';

export interface TransitionCurveOptions {
  /** Dimension (default 16; ignored when `spectrum` is given). */
  d?: number;
  /** Data mean: a number (μ·1) or a vector (default 10). */
  mu?: number | Float64Array;
  /** Data standard deviation σ (default 1). */
  sigma?: number;
  /** Extension: a diagonal data covariance with this spectrum instead of σ²I (kernel widths then use σ² = tr Σ/d). */
  spectrum?: Spectrum;
  /** Diffusion time T (default 2). */
  T?: number;
  /** Noise scale λ (default e^(−4)). */
  lambda?: number;
  /** Training-set sizes (integers ≥ 2). */
  ns: number[];
  /** N_O (default 10⁴). */
  originalSize?: number;
  /** Number of independent training sets drawn (the Monte Carlo sample size). */
  draws: number;
  /** Seed of the random stream: the same seed gives bit-identical results. */
  seed: number;
  /** Generated covariance σ_X²θ1θ1ᵀ ('model', default) or σ_X²θ1ᵀθ1 as printed in the onset-of-memorization paper ('seed'). */
  orientation?: Orientation;
  /** Rule for ε_T(n), ε_O (default 'seed': σ size^(−1/d)) or fixed widths. */
  kernelWidths?: KernelWidthRule | { train: number; original: number };
  /** Also compute the per-coordinate variant (the onset-of-memorization paper’s eq. 23–24, widths σ/n and σ/N_O). */
  perCoordinate?: boolean;
  /** A prebuilt original set (from drawOriginalSet with matching d, μ, Σ, ε_O) to skip its O(N_O² d) setup. */
  original?: OriginalSet;
  /** Called after each draw. */
  onProgress?: (done: number, total: number) => void;
  /** Progress of the original set's O(N_O² d) precomputation, before the first draw. */
  onSetupProgress?: (done: number, total: number) => void;
  /** Keep the per-draw values in the result (default false). */
  keepSamples?: boolean;
}

/** Mean ± standard error, with the median (robust where the mean is infinite or heavy-tailed). */
export interface Summary {
  mean: number;
  stderr: number;
  median: number;
  /** Number of draws with a finite value. */
  finite: number;
}

export interface TransitionRow {
  n: number;
  /** Rank of the generated covariance, min(n − 1, d). */
  rank: number;
  epsilonTrain: number;
  epsilonOriginal: number;
  draws: number;
  /** Draws with Δ > 0. */
  positive: number;
  pDeltaPositive: number;
  /** Wilson 95% interval of P(Δ > 0). */
  pLow: number;
  pHigh: number;
  /** Seed eq. 20: 'memorisation' if P(Δ > 0) ≤ ½, else 'generalisation' (point estimate). */
  regime: 'memorisation' | 'generalisation';
  /** Whether the Wilson interval excludes ½ (the verdict is statistically resolved). */
  resolved: boolean;
  /** Draws whose Δ lost more than 30 of its ~36 digits to cancellation (sign not trusted). */
  ambiguous: number;
  hellinger: Summary;
  hellingerOnSupport: Summary;
  /** KL(ρ_G ‖ ρ). */
  kl: Summary;
  /** KL(ρ ‖ ρ_G). */
  klData: Summary;
  eTG: Summary;
  eOG: Summary;
  /** E − ∫ρ_G²: finite even when ρ_G is singular; Δ = eTGFinitePart − eOGFinitePart. */
  eTGFinitePart: Summary;
  eOGFinitePart: Summary;
  /** tr Σ_G / d. */
  generatedVariance: Summary;
  /** log(|Δ| / ∫ρ_T²): the relative size of Δ (how much precision deciding its sign takes). */
  logRelativeDelta: Summary;
  perCoordinate?: { pDeltaPositive: number; pLow: number; pHigh: number; eTG: Summary; eOG: Summary };
}

/** Where P(Δ > 0) first crosses ½ upwards, interpolated linearly in log n. */
export interface Crossing {
  n: number;
  /** Where the Wilson upper / lower bound crosses ½ (null if it never does on the grid). */
  low: number | null;
  high: number | null;
}

export interface TransitionCurveResult {
  d: number;
  mu: Float64Array;
  sigma: number;
  T: number;
  lambda: number;
  originalSize: number;
  orientation: Orientation;
  draws: number;
  seed: number;
  rows: TransitionRow[];
  crossing: Crossing | null;
  perCoordinateCrossing?: Crossing | null;
  samples?: DrawColumns;
}

/** Validated plan plus the bookkeeping the summary needs. */
export interface TransitionSetup {
  plan: TransitionPlan;
  sigma: number;
  T: number;
  lambda: number;
}

/**
 * Validate options, draw (or check) the original set and build the plan.
 *
 * @example
 * ```ts
 * planTransition({ d: 8, ns: [16, 64], draws: 40, seed: 1 });   // { plan, sigma, T, lambda } (no draws run yet)
 * ```
 */
export function planTransition(options: TransitionCurveOptions): TransitionSetup {
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('options', options, 'must be an object');
  let variances: Float64Array;
  let d: number;
  if (options.spectrum !== undefined) {
    const spectrum = requireSpectrum(options.spectrum);
    variances = expandEigenvalues(spectrum);
    d = variances.length;
  } else {
    d = requireInteger('d', options.d ?? 16, 1);
    const sigma = requirePositive('sigma', options.sigma ?? 1);
    variances = new Float64Array(d).fill(sigma * sigma);
  }
  let sigma2 = 0;
  for (let i = 0; i < d; i++) sigma2 += variances[i] / d;
  const sigma = Math.sqrt(sigma2);
  let mean: Float64Array;
  const mu = options.mu ?? 10;
  if (typeof mu === 'number') mean = new Float64Array(d).fill(requireFinite('mu', mu));
  else if (mu instanceof Float64Array && mu.length === d) {
    for (let i = 0; i < d; i++) requireFinite(`mu[${i}]`, mu[i]);
    mean = Float64Array.from(mu);
  } else throw new InvalidArgumentError('mu', mu, `must be a number or a Float64Array of length d = ${d}`);
  const T = requireNonNegative('T', options.T ?? 2);
  // Representable ranges: e^(−T) underflows past T ≈ 745, λ and σ² scale every variance, and
  // μ + σξ keeps ξ's digits only while |μ|/σ is well below 1/ε. The signal-to-noise ratio of
  // X = e^(−T) Y + noise, e^(−2T)σ²/Δ_T, must stay a double too: below ~1e-300 the fitted
  // denoiser's gain underflows and the generated law degenerates to 0/0 (NaN at T = 400).
  // A limit is blamed on a flag the caller set (the defaults are not what was typed).
  if (T > 700) throw new InvalidArgumentError('T', T, 'must be <= 700 (e^(−T) underflows beyond; the result stops changing long before, at T ≈ 20)');
  const lambda = requireNonNegative('lambda', options.lambda ?? Math.exp(-4));
  if (lambda > 1e100) throw new InvalidArgumentError('lambda', lambda, 'must be <= 1e100 (noise variances must stay doubles)');
  if (!(sigma >= 1e-100 && sigma <= 1e100)) throw new InvalidArgumentError('sigma', options.sigma ?? sigma, 'must lie in [1e-100, 1e100] (the data scale; its square and powers must be doubles)');
  for (let i = 0; i < d; i++) {
    if (!(Math.abs(mean[i]) <= 1e8 * sigma)) {
      const why = `must satisfy |μ| <= 1e8·σ (beyond, μ + σξ loses the digits of the noise ξ); here μ = ${mean[i]}, σ = ${sigma}`;
      if (options.mu === undefined) throw new InvalidArgumentError('sigma', options.sigma ?? sigma, `${why} (μ = 10 by default)`);
      throw new InvalidArgumentError('mu', typeof mu === 'number' ? mu : `mu[${i}] = ${mean[i]}`, why);
    }
  }
  const s2 = -lambda * Math.expm1(-2 * T);
  const blame = (): [string, number] => (options.T !== undefined ? ['T', T] : options.lambda !== undefined ? ['lambda', lambda] : ['sigma', options.sigma ?? sigma]);
  if (s2 > 0 && !(Math.exp(-2 * T) * ((sigma * sigma) / s2) >= 1e-250)) {
    const [name, value] = blame();
    throw new InvalidArgumentError(name, value, `makes the signal-to-noise ratio e^(−2T)σ²/(λ(1 − e^(−2T))) = ${Math.exp(-2 * T) * ((sigma * sigma) / s2)} smaller than 1e-250: the denoiser's gain underflows (lower T or λ)`);
  }
  if (lambda > 0 && !(lambda / (sigma * sigma) >= 1e-100)) {
    const [name, value] = options.lambda !== undefined ? ['lambda', lambda] : ['sigma', options.sigma ?? sigma];
    throw new InvalidArgumentError(name, value, `makes λ/σ² = ${lambda / (sigma * sigma)} smaller than 1e-100 (the noise variance must be a double relative to the data's)`);
  }
  if (T === 0 && lambda === 0) throw new InvalidArgumentError('lambda', lambda, 'T = 0 and λ = 0 make X = Y: nothing to denoise');
  if (!Array.isArray(options.ns) || options.ns.length === 0) throw new InvalidArgumentError('ns', options.ns, 'must be a non-empty array of training-set sizes');
  const ns = options.ns.map((n, i) => requireInteger(`ns[${i}]`, n, 2));
  for (let i = 1; i < ns.length; i++) if (!(ns[i] > ns[i - 1])) throw new InvalidArgumentError(`ns[${i}]`, ns[i], 'sizes must be strictly increasing');
  const originalSize = requireInteger('originalSize', options.originalSize ?? 10_000, 2);
  const draws = requireInteger('draws', options.draws, 1);
  const seed = requireInteger('seed', options.seed, 0);
  const orientation = options.orientation ?? 'model';
  if (orientation !== 'model' && orientation !== 'seed') throw new InvalidArgumentError('orientation', orientation, "must be 'model' or 'seed'");

  const rule = options.kernelWidths ?? 'seed';
  let epsilonTrain: number[];
  let epsilonOriginal: number;
  if (typeof rule === 'object' && rule !== null) {
    const et = requirePositive('kernelWidths.train', rule.train);
    epsilonOriginal = requirePositive('kernelWidths.original', rule.original);
    epsilonTrain = ns.map(() => et);
  } else {
    epsilonTrain = ns.map((n) => kernelWidth(rule, sigma, d, n));
    epsilonOriginal = kernelWidth(rule, sigma, d, originalSize);
  }
  const perCoordinate = options.perCoordinate === true;
  // Eq. 24: ε = σ/n per coordinate (the d = 1 case of σ n^(−1/d)).
  const pcOriginal = perCoordinate ? sigma / originalSize : undefined;

  let original: OriginalSet;
  if (options.original !== undefined) {
    original = options.original;
    if (original.d !== d || original.size !== originalSize) throw new InvalidArgumentError('original', `d = ${original.d}, size = ${original.size}`, `must match d = ${d} and originalSize = ${originalSize}`);
    if (Math.abs(original.epsilon - epsilonOriginal) > 1e-12 * epsilonOriginal) throw new InvalidArgumentError('original.epsilon', original.epsilon, `must equal ε_O = ${epsilonOriginal}`);
    if (perCoordinate && original.perCoordinate === undefined) throw new InvalidArgumentError('original', 'no per-coordinate data', 'build it with perCoordinateEpsilon for perCoordinate: true');
  } else {
    original = drawOriginalSet({ mean, variances, size: originalSize, seed, epsilon: epsilonOriginal, perCoordinateEpsilon: pcOriginal, onProgress: options.onSetupProgress });
  }
  // Diagonal parts of ∫ρ_T², ∫ρ_O²: (4πε²)^(−d/2)/size, which the onset-of-memorization paper rule makes size-free.
  const seedRule = rule === 'seed';
  const logDiagonal = (size: number, eps: number) => (seedRule ? -0.5 * d * Math.log(4 * Math.PI * sigma * sigma) : -Math.log(size) - 0.5 * d * Math.log(4 * Math.PI * eps * eps));
  // 1-D (eq. 24, ε = σ/size): 1/(size·√(4π)·σ/size) = 1/(√(4π)σ) for every size.
  const diagonal1d = 1 / (Math.sqrt(4 * Math.PI) * sigma);
  const plan: TransitionPlan = {
    d,
    mean,
    variances,
    a: Math.exp(-T),
    s2: -lambda * Math.expm1(-2 * T),
    ns,
    epsilonTrain,
    logDiagonalTrain: ns.map((n, t) => logDiagonal(n, epsilonTrain[t])),
    logDiagonalOriginal: logDiagonal(originalSize, epsilonOriginal),
    perCoordinateEpsilonTrain: perCoordinate ? ns.map((n) => sigma / n) : null,
    perCoordinateDiagonalTrain: perCoordinate ? ns.map(() => diagonal1d) : null,
    perCoordinateDiagonalOriginal: diagonal1d,
    orientation,
    original,
    draws,
    seed,
  };
  return { plan, sigma, T, lambda };
}

/**
 * Run the whole curve on this thread.
 *
 * @example
 * ```ts
 * transitionCurve({ d: 8, ns: [16, 64], draws: 40, seed: 1 }).crossing;   // ≈ { n: 24.0, low: 16.9, high: 31.9 } (where P(Δ > 0) crosses ½)
 * ```
 */
export function transitionCurve(options: TransitionCurveOptions): TransitionCurveResult {
  const setup = planTransition(options);
  const columns = transitionDraws(setup.plan, 0, setup.plan.draws, options.onProgress);
  return summariseTransition(setup, columns, options.keepSamples === true);
}

/**
 * Concatenate per-draw columns from consecutive draw ranges (workers) in draw order.
 *
 * @example
 * ```ts
 * concatenateDraws([transitionDraws(plan, 0, 20), transitionDraws(plan, 20, 40)]);   // the DrawColumns of draws 0..39, in order
 * ```
 */
export function concatenateDraws(parts: DrawColumns[]): DrawColumns {
  const out: DrawColumns = {};
  for (const name of Object.keys(parts[0])) {
    out[name] = parts[0][name].map((_, t) => {
      const total = parts.reduce((s, p) => s + p[name][t].length, 0);
      const col = new Float64Array(total);
      let o = 0;
      for (const p of parts) {
        col.set(p[name][t], o);
        o += p[name][t].length;
      }
      return col;
    });
  }
  return out;
}

/**
 * Summarise the draw columns of a planned transition run into the per-n rows and the crossing of the curve.
 *
 * @example
 * ```ts
 * const setup = planTransition(options);
 * summariseTransition(setup, transitionDraws(setup.plan, 0, setup.plan.draws));   // the same TransitionCurveResult as transitionCurve(options)
 * ```
 */
export function summariseTransition(setup: TransitionSetup, columns: DrawColumns, keepSamples = false): TransitionCurveResult {
  const { plan } = setup;
  const rows: TransitionRow[] = plan.ns.map((n, t) => {
    const positive = count(columns.deltaPositive[t]);
    const w = wilsonInterval(positive, plan.draws);
    let ambiguous = 0;
    for (const c of columns.deltaCancellation[t]) if (c > 30) ambiguous++;
    const row: TransitionRow = {
      n,
      rank: Math.min(n - 1, plan.d),
      epsilonTrain: plan.epsilonTrain[t],
      epsilonOriginal: plan.original.epsilon,
      draws: plan.draws,
      positive,
      pDeltaPositive: w.estimate,
      pLow: w.low,
      pHigh: w.high,
      regime: w.estimate > 0.5 ? 'generalisation' : 'memorisation',
      resolved: w.low > 0.5 || w.high < 0.5,
      ambiguous,
      hellinger: summary(columns.hellinger[t]),
      hellingerOnSupport: summary(columns.hellingerOnSupport[t]),
      kl: summary(columns.kl[t]),
      klData: summary(columns.klData[t]),
      eTG: summary(columns.eTG[t]),
      eOG: summary(columns.eOG[t]),
      eTGFinitePart: summary(columns.eTGFinitePart[t]),
      eOGFinitePart: summary(columns.eOGFinitePart[t]),
      generatedVariance: summary(columns.generatedVariance[t]),
      logRelativeDelta: summary(columns.logRelativeDelta[t]),
    };
    if (plan.perCoordinateEpsilonTrain !== null) {
      const pp = count(columns.deltaPositivePerCoordinate[t]);
      const pw = wilsonInterval(pp, plan.draws);
      row.perCoordinate = { pDeltaPositive: pw.estimate, pLow: pw.low, pHigh: pw.high, eTG: summary(columns.eTGPerCoordinate[t]), eOG: summary(columns.eOGPerCoordinate[t]) };
    }
    return row;
  });
  const result: TransitionCurveResult = {
    d: plan.d,
    mu: plan.mean,
    sigma: setup.sigma,
    T: setup.T,
    lambda: setup.lambda,
    originalSize: plan.original.size,
    orientation: plan.orientation,
    draws: plan.draws,
    seed: plan.seed,
    rows,
    crossing: findCrossing(rows.map((r) => r.n), rows.map((r) => r.pDeltaPositive), rows.map((r) => r.pLow), rows.map((r) => r.pHigh)),
  };
  if (plan.perCoordinateEpsilonTrain !== null) {
    const pc = rows.map((r) => r.perCoordinate!);
    result.perCoordinateCrossing = findCrossing(rows.map((r) => r.n), pc.map((p) => p.pDeltaPositive), pc.map((p) => p.pLow), pc.map((p) => p.pHigh));
  }
  if (keepSamples) result.samples = columns;
  return result;
}

function count(col: Float64Array): number {
  let c = 0;
  for (const v of col) if (v > 0) c++;
  return c;
}

/**
 * Mean ± stderr (Welford) and median. Infinite values are legitimate here (E_TG, KL for a
 * singular ρ_G): if every draw is +∞ the mean is +∞ with stderr 0 (it is exactly +∞); if only
 * some are, the mean is +∞ and the stderr +∞ (undetermined); never NaN.
 */
export function summary(values: Float64Array): Summary {
  let finite = 0;
  let posInf = 0;
  let negInf = 0;
  for (const v of values) {
    if (Number.isFinite(v)) finite++;
    else if (v === Infinity) posInf++;
    else if (v === -Infinity) negInf++;
  }
  const sorted = Float64Array.from(values).sort();
  const k = sorted.length;
  const median = k % 2 === 1 ? sorted[(k - 1) / 2] : medianOfTwo(sorted[k / 2 - 1], sorted[k / 2]);
  if (posInf > 0 && negInf > 0) return { mean: Infinity, stderr: Infinity, median, finite };
  if (posInf > 0 || negInf > 0) {
    const inf = posInf > 0 ? Infinity : -Infinity;
    return { mean: inf, stderr: finite === 0 ? 0 : Infinity, median, finite };
  }
  const ms = meanStderr(values);
  return { mean: ms.mean, stderr: ms.stderr, median, finite };
}

function medianOfTwo(a: number, b: number): number {
  if (a === b) return a;
  if (Number.isFinite(a) && Number.isFinite(b)) return 0.5 * (a + b);
  // One infinite neighbour: the midpoint is that infinity (−∞ with +∞ cannot occur for the
  // non-negative measures summarised here; 0 keeps the result a number).
  if (a === -Infinity && b === Infinity) return 0;
  return Number.isFinite(a) ? b : a;
}

/**
 * First upward crossing of ½ by p (and by its interval bounds), linear in log n.
 *
 * @example
 * ```ts
 * findCrossing([16, 64, 256], [0.2, 0.6, 0.9], [0.1, 0.5, 0.8], [0.3, 0.7, 0.95]);   // { n: ≈ 45.3, low: 32, high: ≈ 64 } (null if p never crosses ½)
 * ```
 */
export function findCrossing(ns: number[], p: number[], low: number[], high: number[]): Crossing | null {
  const at = (q: number[]): number | null => {
    if (q.length > 0 && q[0] > 0.5) return null;
    for (let i = 1; i < q.length; i++) {
      if (q[i - 1] <= 0.5 && q[i] > 0.5) {
        const f = (0.5 - q[i - 1]) / (q[i] - q[i - 1]);
        return Math.exp(Math.log(ns[i - 1]) + f * (Math.log(ns[i]) - Math.log(ns[i - 1])));
      }
    }
    return null;
  };
  const n = at(p);
  if (n === null) return null;
  // The upper bound crosses first (earliest n at which generalisation is possible), the lower
  // bound last (earliest n at which it is established). A bound already above ½ at the first
  // grid point gives that point.
  const highCross = high[0] > 0.5 ? ns[0] : at(high);
  return { n, low: highCross, high: at(low) };
}
