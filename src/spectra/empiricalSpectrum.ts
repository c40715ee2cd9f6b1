import { InvalidArgumentError } from '../errors.js';
import { sampleCovariance } from '../random/gaussianSample.js';
import { symmetricEigen } from '../linalg/symmetricEigen.js';
import { createSpectrum, type Spectrum } from './spectrum.js';

export interface EmpiricalSpectrum {
  spectrum: Spectrum;
  /** Directions dropped as (numerically) constant: eigenvalue ≤ cutoff. */
  dropped: number;
  cutoff: number;
  /** Empirical mean of the data (length d). */
  mean: Float64Array;
}

/**
 * The covariance spectrum of a data set (rows of `samples`, count × d): the eigenvalues of the
 * maximum-likelihood covariance, by the package's own symmetric eigensolver. Directions in which
 * the data do not vary (e.g. MNIST's always-black border pixels) have eigenvalue 0, which no
 * population spectrum may have; they are dropped (eigenvalue ≤ relativeCutoff·λ_max, default
 * 1e-10) and counted, or, with `floor`, raised to that floor instead so d is kept.
 *
 * @example
 * ```ts
 * // samples: row-major count × d (e.g. your training set); the covariance's eigenvalues become the population
 * const { spectrum, dropped } = empiricalSpectrum(samples, count, d);
 * ```
 */
export function empiricalSpectrum(samples: Float64Array, count: number, d: number, options: { relativeCutoff?: number; floor?: number } = {}): EmpiricalSpectrum {
  if (!(count >= 2)) throw new InvalidArgumentError('count', count, 'needs at least two samples');
  const { covariance, mean } = sampleCovariance(samples, count, d, { centre: true });
  const values = symmetricEigen(covariance, d, { vectors: false }).values;
  const max = values[d - 1];
  if (!(max > 0)) throw new InvalidArgumentError('samples', 'constant', 'the data do not vary: no positive eigenvalue');
  const cutoff = (options.relativeCutoff ?? 1e-10) * max;
  const kept: number[] = [];
  let dropped = 0;
  for (const v of values) {
    if (v > cutoff) kept.push(v);
    else if (options.floor !== undefined) kept.push(options.floor);
    else dropped++;
  }
  return { spectrum: createSpectrum(kept), dropped: options.floor !== undefined ? 0 : dropped, cutoff, mean };
}
