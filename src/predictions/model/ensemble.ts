import { InvalidArgumentError } from '../../errors.js';
import { requireFinite } from '../../validate.js';

/** How the model estimates the data mean (docs/theory.md §1). */
export type MeanMode = 'estimated' | 'known';

/**
 * The n-sample ensemble behind a model trained on N samples (docs/theory.md §1):
 * - estimated mean (default): Σ̂ = Ŝ/r with n = N − 1, r = N/(N − 1), and δμ = μ − μ̂ ~ N(0, Σ/N)
 *   independent of Σ̂, so E δμᵀMδμ = (1/N) E tr ΣM (meanFactor = 1/N);
 * - known mean: Σ̂ = Ŝ with n = N, r = 1, δμ = 0.
 */
export interface ModelEnsemble {
  N: number;
  n: number;
  r: number;
  /** r − 1, formed without cancellation (1/(N − 1) or 0). */
  rMinusOne: number;
  /** E δμ δμᵀ = meanFactor · Σ. */
  meanFactor: number;
  mean: MeanMode;
}

/**
 * The sample-size constants of the model ensemble for N training samples: n = N − 1 and
 * r = N/(N − 1) with an estimated mean, n = N and r = 1 with a known one.
 *
 * @example
 * ```ts
 * modelEnsemble(128);   // { N: 128, n: 127, r: ≈ 1.008, meanFactor: ≈ 0.0078, mean: 'estimated', … }
 * ```
 */
export function modelEnsemble(N: number, mean: MeanMode = 'estimated'): ModelEnsemble {
  requireFinite('N', N);
  if (mean !== 'estimated' && mean !== 'known') throw new InvalidArgumentError('mean', mean, "must be 'estimated' or 'known'");
  if (mean === 'estimated') {
    if (!(N >= 2)) throw new InvalidArgumentError('N', N, 'must be >= 2 (the empirical mean and covariance need two samples)');
    return { N, n: N - 1, r: N / (N - 1), rMinusOne: 1 / (N - 1), meanFactor: 1 / N, mean };
  }
  if (!(N >= 1)) throw new InvalidArgumentError('N', N, 'must be >= 1');
  return { N, n: N, r: 1, rMinusOne: 0, meanFactor: 0, mean };
}
