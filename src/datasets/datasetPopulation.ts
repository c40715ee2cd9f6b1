import { InvalidArgumentError } from '../errors.js';
import { sampleCovariance } from '../random/gaussianSample.js';
import { symmetricEigen } from '../linalg/symmetricEigen.js';

/**
 * A finite data set taken as the population (its empirical distribution): mean μ, covariance
 * Σ = O diag(λ) Oᵀ (divided by the count), and the rows. Training sets drawn from it with
 * replacement are iid from the population, and every test quantity of docs/theory.md §4 depends on
 * the test distribution only through μ and Σ — so Monte Carlo on real, non-Gaussian data is
 * exact against this population while the theory assumes Gaussian samples.
 *
 * Directions with eigenvalue ≤ relativeCutoff·λ_max (constant pixels) are projected out: the
 * data never move there, so Σ̂ vanishes there too and (with c = 0) they contribute exactly zero
 * to every loss, gap and alignment.
 */
export interface DatasetPopulation {
  /** Rows projected onto the kept eigendirections (count × d), as coordinates in that basis. */
  samples: Float64Array;
  count: number;
  /** Kept dimension. */
  d: number;
  /** Eigenvalues of Σ in the kept directions (decreasing). */
  eigenvalues: Float64Array;
  /** Mean in the kept basis. */
  mean: Float64Array;
  /** Number of directions projected out. */
  dropped: number;
}

/**
 * The empirical population of a data set (count rows of dimension dIn): its samples, mean and covariance eigenvalues, with near-zero directions dropped.
 *
 * @example
 * ```ts
 * datasetPopulation(new Float64Array([0, 0, 1, 2, 2, 1, 3, 3]), 4, 2);   // { samples, count: 4, d, eigenvalues, mean, dropped }
 * ```
 */
export function datasetPopulation(data: Float64Array, count: number, dIn: number, options: { relativeCutoff?: number } = {}): DatasetPopulation {
  if (!(count >= 2)) throw new InvalidArgumentError('count', count, 'needs at least two rows');
  if (data.length !== count * dIn) throw new InvalidArgumentError('data', `length ${data.length}`, `must be count × d = ${count * dIn}`);
  const { covariance, mean } = sampleCovariance(data, count, dIn, { centre: true });
  const eig = symmetricEigen(covariance, dIn, { vectors: true });
  const V = eig.vectors!;
  const max = eig.values[dIn - 1];
  const cutoff = (options.relativeCutoff ?? 1e-10) * max;
  const keep: number[] = [];
  for (let j = dIn - 1; j >= 0; j--) if (eig.values[j] > cutoff) keep.push(j);
  const d = keep.length;
  const eigenvalues = Float64Array.from(keep, (j) => eig.values[j]);
  const samples = new Float64Array(count * d);
  const projectedMean = new Float64Array(d);
  for (let a = 0; a < d; a++) {
    const j = keep[a];
    let m = 0;
    for (let i = 0; i < dIn; i++) m += V[i * dIn + j] * mean[i];
    projectedMean[a] = m;
  }
  for (let k = 0; k < count; k++) {
    const row = k * dIn;
    for (let a = 0; a < d; a++) {
      const j = keep[a];
      let s = 0;
      for (let i = 0; i < dIn; i++) s += V[i * dIn + j] * data[row + i];
      samples[k * d + a] = s;
    }
  }
  return { samples, count, d, eigenvalues, mean: projectedMean, dropped: dIn - d };
}
