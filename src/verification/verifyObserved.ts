/**
 * `verify --observed`: the user's own measured value(s) from one or a few training sets against
 * the predicted mean and spread (docs/theory.md §6.10). With k observations of a measure whose
 * predicted mean is μ and spread over training sets σ, their mean is ~ N(μ, σ²/k) under the
 * Gaussian approximation of the CLT; the theory's own finite-size allowance (allowance.ts, a
 * multiple of |μ|) is added in quadrature:
 *
 *     z = (x̄ − μ)/√(σ²/k + (a·|μ|)²),   consistent when |z| ≤ sigmas (default 3).
 *
 * Each observation also gets its own z against σ alone, and the interval one training set falls in
 * (gaussianInterval at `level`). Where the prediction is not reliable (docs/theory.md §6.6) the
 * verdict says so instead of judging.
 */
import { InvalidArgumentError } from '../errors.js';
import { lossCurve } from '../predictions/losses/lossCurve.js';
import { gaussianInterval } from '../statistics/normalQuantile.js';
import { requireFinite } from '../validate.js';
import { finiteSizeAllowance } from './allowance.js';
import type { VerifyMeasure, VerifyOptions } from './verifyModel.js';
import { VERIFY_MEASURES } from './verifyModel.js';

/** The model of verifyModel's options (one noise level or a schedule, c, ε for the KL, the mean mode) at one N. */
export interface VerifyObservedOptions extends Pick<VerifyOptions, 'spectrum' | 'abar' | 'schedule' | 'reduce' | 'c' | 'eps' | 'mean'> {
  N: number;
  measure: VerifyMeasure;
  /** The measured value of the measure on each of the user's training sets (one or more). */
  observed: readonly number[];
  /** |z| allowed (default 3). */
  sigmas?: number;
  /** Probability of the single-training-set interval (default 0.95). */
  level?: number;
}

export type ObservedVerdict = 'consistent' | 'inconsistent' | 'theory not reliable here';

export interface VerifyObservedResult {
  measure: VerifyMeasure;
  N: number;
  /** Predicted mean (first order) and spread over training sets. */
  theory: number;
  sd: number;
  /** Relative finite-size allowance of the mean (allowance.ts). */
  allowance: number;
  /** The observations, their mean and count. */
  observed: number[];
  observedMean: number;
  count: number;
  /** z of the mean (the file comment) and of each observation against sd alone. */
  z: number;
  zEach: number[];
  /** Where one training set's value falls with probability `level`. */
  interval: { low: number; high: number; level: number };
  reliable: boolean;
  verdict: ObservedVerdict;
}

/**
 * Compare observed values of a measure (e.g. test losses from your own training runs) with the theory and its spread, giving a verdict.
 *
 * @example
 * ```ts
 * verifyObserved({ spectrum: powerLawSpectrum({ d: 64, k: 1 }), N: 128, abar: 0.5, measure: 'testLoss', observed: [26.04, 25.52] }).verdict;   // 'consistent'
 * ```
 */
export function verifyObserved(options: VerifyObservedOptions): VerifyObservedResult {
  const measure = options.measure;
  if (!(VERIFY_MEASURES as readonly string[]).includes(measure)) throw new InvalidArgumentError('measure', measure, `must be one of ${VERIFY_MEASURES.join(', ')}`);
  const observed = Array.from(options.observed ?? [], (x, i) => requireFinite(`observed[${i}]`, x));
  if (observed.length === 0) throw new InvalidArgumentError('observed', options.observed, 'needs at least one measured value');
  if (measure === 'kl' && options.eps === undefined) throw new InvalidArgumentError('eps', options.eps, 'is needed to judge the kl measure');
  const sigmas = options.sigmas ?? 3;
  if (!(sigmas > 0)) throw new InvalidArgumentError('sigmas', sigmas, 'must be > 0');
  const level = options.level ?? 0.95;
  const curve = lossCurve({
    spectrum: options.spectrum,
    Ns: [options.N],
    abar: options.abar,
    schedule: options.schedule,
    reduce: options.reduce,
    c: options.c,
    mean: options.mean,
    eps: options.eps,
    sd: true,
  });
  const row = curve.rows[0];
  const isKl = measure === 'kl';
  const theory = isKl ? row.kl! : row[measure];
  const asymptotic = isKl ? row.asymptotic.kl! : row.asymptotic[measure];
  const info = isKl ? row.klFiniteSize! : row.finiteSize;
  const sd = isKl ? row.sd!.kl! : row.sd![measure];
  const allowance = finiteSizeAllowance({ finiteSize: info, value: theory, asymptotic });
  const k = observed.length;
  const observedMean = observed.reduce((s, x) => s + x, 0) / k;
  const scale = Math.sqrt((sd * sd) / k + (allowance * Math.abs(theory)) ** 2);
  const z = scale > 0 ? (observedMean - theory) / scale : observedMean === theory ? 0 : Math.sign(observedMean - theory) * Infinity;
  const zEach = observed.map((x) => (sd > 0 ? (x - theory) / sd : x === theory ? 0 : Math.sign(x - theory) * Infinity));
  const reliable = info.reliable && Number.isFinite(sd);
  const verdict: ObservedVerdict = !reliable ? 'theory not reliable here' : Math.abs(z) <= sigmas ? 'consistent' : 'inconsistent';
  return {
    measure,
    N: options.N,
    theory,
    sd,
    allowance,
    observed,
    observedMean,
    count: k,
    z,
    zEach,
    interval: { ...gaussianInterval(theory, sd, level), level },
    reliable,
    verdict,
  };
}
