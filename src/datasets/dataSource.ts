/**
 * Sources of clean data x_0 for the measures of Li, Dai & Qu (2024): "noised test inputs at level σ" are
 * x_0 + σ n with x_0 from a source and n ~ N(0, I) (docs/theory.md §10).
 */
import { InvalidArgumentError } from '../errors.js';
import { sampleGaussianKernel } from '../random/gaussianSample.js';
import { requireFiniteFloat64Array } from '../linalg/matrix.js';
import { Random } from '../random/random.js';
import { requireInteger } from '../validate.js';

export interface DataSource {
  readonly d: number;
  /** Row-major count × d batch of clean samples; consumes `rng` in a fixed order. */
  sample(count: number, rng: Random): Float64Array;
}

/**
 * N(μ, O diag(λ) Oᵀ) (O = identity when omitted: data in Σ's eigenbasis, which is all the
 * measures need because they are rotation invariant). Uses exactly count·d normals of rng.
 *
 * @example
 * ```ts
 * gaussianSource({ eigenvalues: new Float64Array([1, 2]) });   // a DataSource { d: 2, sample } drawing N(0, diag(1, 2))
 * ```
 */
export function gaussianSource(options: { eigenvalues: Float64Array; mean?: Float64Array; rotation?: Float64Array | null }): DataSource {
  const lam = options.eigenvalues;
  if (!(lam instanceof Float64Array) || lam.length === 0) throw new InvalidArgumentError('eigenvalues', lam, 'must be a non-empty Float64Array');
  const d = lam.length;
  for (let i = 0; i < d; i++) {
    if (!Number.isFinite(lam[i]) || !(lam[i] >= 0)) throw new InvalidArgumentError(`eigenvalues[${i}]`, lam[i], 'must be a finite number >= 0');
  }
  const mean = options.mean === undefined ? null : Float64Array.from(requireFiniteFloat64Array('mean', options.mean, d));
  const rotation = options.rotation ? Float64Array.from(requireFiniteFloat64Array('rotation', options.rotation, d * d)) : null;
  const sqrtLambda = lam.map(Math.sqrt);
  const scratch = new Float64Array(d);
  return {
    d,
    sample(count: number, rng: Random): Float64Array {
      requireInteger('count', count, 0);
      if (!(rng instanceof Random)) throw new InvalidArgumentError('rng', typeof rng, 'must be a Random');
      const out = new Float64Array(count * d);
      sampleGaussianKernel(sqrtLambda, rotation, mean, count, d, rng, out, scratch);
      return out;
    },
  };
}

/**
 * Rows of a finite data set drawn uniformly with replacement (the empirical law of the set);
 * `rows` restricts the draw to a subset of row indices (e.g. held-out test digits).
 * One uniform per sample.
 *
 * @example
 * ```ts
 * datasetSource(new Float64Array([0, 0, 1, 2, 2, 1]), 3, 2);   // a DataSource { d: 2, sample } drawing rows of the 3 × 2 data
 * ```
 */
export function datasetSource(samples: Float64Array, count: number, d: number, rows?: ArrayLike<number>): DataSource {
  requireInteger('d', d, 1);
  requireInteger('count', count, 1);
  requireFiniteFloat64Array('samples', samples, count * d);
  const pool = rows === undefined ? null : Int32Array.from(rows);
  if (pool !== null) {
    if (pool.length === 0) throw new InvalidArgumentError('rows', [], 'must not be empty');
    for (let i = 0; i < pool.length; i++) {
      if (!(pool[i] >= 0 && pool[i] < count) || pool[i] !== rows![i]) throw new InvalidArgumentError(`rows[${i}]`, rows![i], `must be a row index in [0, ${count})`);
    }
  }
  const size = pool === null ? count : pool.length;
  return {
    d,
    sample(m: number, rng: Random): Float64Array {
      requireInteger('count', m, 0);
      if (!(rng instanceof Random)) throw new InvalidArgumentError('rng', typeof rng, 'must be a Random');
      const out = new Float64Array(m * d);
      for (let k = 0; k < m; k++) {
        const j = Math.floor(rng.uniform() * size);
        const row = pool === null ? j : pool[j];
        out.set(samples.subarray(row * d, row * d + d), k * d);
      }
      return out;
    },
  };
}

/**
 * x_0 + σ n for a batch of clean rows and a batch of standard normals of the same shape.
 *
 * @example
 * ```ts
 * noised(new Float64Array([1, 2]), new Float64Array([1, -1]), 0.5);   // Float64Array [1.5, 1.5]
 * ```
 */
export function noised(clean: Float64Array, noise: Float64Array, sigma: number): Float64Array {
  const out = new Float64Array(clean.length);
  for (let i = 0; i < out.length; i++) out[i] = clean[i] + sigma * noise[i];
  return out;
}

/**
 * count·d standard normals (a noise batch for {@link noised}).
 *
 * @example
 * ```ts
 * normalBatch(2, 3, new Random(1));   // Float64Array of 2 × 3 standard normals
 * ```
 */
export function normalBatch(count: number, d: number, rng: Random): Float64Array {
  const out = new Float64Array(count * d);
  rng.fillNormal(out);
  return out;
}
