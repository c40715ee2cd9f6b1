/**
 * Theory against Monte Carlo, stated as a number: the verdict used by `verify`, by the
 * package's own Monte Carlo tests and by `replica-diffusion/testing`.
 *
 * A theory value t passes against a Monte Carlo estimate m ± s (mean and standard error over
 * independent draws) when
 *
 *     |t − m| ≤ sigmas·s + relative·|t|,
 *
 * the first term being the sampling error (sigmas = 4 makes a false alarm about 6e-5 for a
 * Gaussian mean) and the second the finite-size allowance: the deterministic equivalents are
 * exact only as d → ∞, so a prediction carries a bias that a measured allowance must cover
 * (docs/accuracy.md gives it per measure, order and regime). z = (m − t)/s is reported too.
 */
import { InvalidArgumentError } from '../errors.js';

export interface MonteCarloEstimate {
  mean: number;
  stderr: number;
}

/** Options of {@link agreement}: a theory value, a Monte Carlo estimate and the allowances. */
export interface AgreementOptions {
  /** The theory value to test. */
  theory: number;
  /** The Monte Carlo estimate: mean and standard error. */
  mc: MonteCarloEstimate;
  /** Standard errors allowed for sampling noise (default 4). */
  sigmas?: number;
  /** Finite-size allowance, relative to |theory| (default 0: exact agreement in expectation). */
  relative?: number;
}

export interface Agreement {
  pass: boolean;
  /** (mc − theory)/stderr; ±Infinity when stderr = 0 and they differ, 0 when equal. */
  z: number;
  /** (mc − theory)/|theory| (0 when both are 0). */
  relativeError: number;
  /** The bound |theory − mc| was held to. */
  bound: number;
  /** |theory − mc| − bound: ≤ 0 when it passes. */
  excess: number;
}

/**
 * The verdict of the file comment. Throws InvalidArgumentError on non-finite inputs.
 *
 * @example
 * ```ts
 * agreement({ theory: 112.57, mc: { mean: 112.61, stderr: 0.05 }, relative: 1e-3 });   // z-score and verdict
 * ```
 */
export function agreement(options: AgreementOptions): Agreement {
  const { theory, mc } = options;
  const sigmas = options.sigmas ?? 4;
  const relative = options.relative ?? 0;
  if (!Number.isFinite(theory)) throw new InvalidArgumentError('theory', theory, 'must be a finite number');
  if (mc === null || typeof mc !== 'object') throw new InvalidArgumentError('mc', mc, 'must be { mean, stderr }');
  if (!Number.isFinite(mc.mean)) throw new InvalidArgumentError('mc.mean', mc.mean, 'must be a finite number');
  if (!Number.isFinite(mc.stderr) || mc.stderr < 0) throw new InvalidArgumentError('mc.stderr', mc.stderr, 'must be a finite number >= 0');
  if (!Number.isFinite(sigmas) || sigmas < 0) throw new InvalidArgumentError('sigmas', sigmas, 'must be a finite number >= 0');
  if (!Number.isFinite(relative) || relative < 0) throw new InvalidArgumentError('relative', relative, 'must be a finite number >= 0');
  const diff = mc.mean - theory;
  const bound = sigmas * mc.stderr + relative * Math.abs(theory);
  const z = mc.stderr > 0 ? diff / mc.stderr : diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity;
  const relativeError = theory !== 0 ? diff / Math.abs(theory) : diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity;
  return { pass: Math.abs(diff) <= bound, z, relativeError, bound, excess: Math.abs(diff) - bound };
}
