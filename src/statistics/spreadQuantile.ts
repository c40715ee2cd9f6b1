import { InvalidArgumentError } from '../errors.js';
import { gaussianInterval, normalQuantile } from './normalQuantile.js';

/** A measure's predicted mean over training sets and its standard deviation (e.g. `predictLosses(…).testLoss` and `.sd.testLoss`). */
export interface SpreadOptions {
  /** The predicted mean of the measure. */
  mean: number;
  /** Its predicted standard deviation over training sets (≥ 0). */
  sd: number;
}

function requireSpread(options: SpreadOptions): void {
  if (!Number.isFinite(options.mean)) throw new InvalidArgumentError('mean', options.mean, 'must be a finite number');
  if (!(options.sd >= 0 && Number.isFinite(options.sd))) throw new InvalidArgumentError('sd', options.sd, 'must be a finite number >= 0 (an infinite sd has no quantiles: see docs/theory.md §6.10)');
}

/**
 * The p-quantile of one training set's value of a measure under the Gaussian approximation of the
 * CLT, mean + sd·Φ⁻¹(p) (docs/theory.md §6.10). The measures of `predictLosses` and `klDivergence`
 * are smooth functions of Gaussian linear statistics of Ŝ, so this is their leading-order law; it
 * holds where `finiteSize.reliable` does (not at the hard edge).
 *
 * @example
 * ```ts
 * const r = predictLosses({ spectrum, N: 64, abar: 0.9 });
 * spreadQuantile({ mean: r.testLoss, sd: r.sd.testLoss, p: 0.95 });   // 95 % of training sets give a test loss below this
 * ```
 */
export function spreadQuantile(options: SpreadOptions & { p: number }): number {
  requireSpread(options);
  if (!(options.p > 0 && options.p < 1)) throw new InvalidArgumentError('p', options.p, 'must be in (0, 1)');
  return options.mean + options.sd * normalQuantile(options.p);
}

/**
 * The central interval that one training set's value falls in with probability `level` (default
 * 0.95) under the same Gaussian approximation: [q((1 − level)/2), q((1 + level)/2)].
 *
 * @example
 * ```ts
 * spreadInterval({ mean: 1, sd: 0.1, level: 0.9 });   // ≈ { low: 0.8355, high: 1.1645 }
 * ```
 */
export function spreadInterval(options: SpreadOptions & { level?: number }): { low: number; high: number } {
  requireSpread(options);
  return gaussianInterval(options.mean, options.sd, options.level ?? 0.95);
}
