/**
 * The data law behind a Monte Carlo of Li, Dai & Qu’s experiments, expressed in the coordinates the
 * measures need: Σ's eigenbasis centred at μ, so that Σ = diag(λ) and μ = 0 there.
 *
 * - Gaussian: N(0, diag λ) drawn directly in those coordinates (every measure here is rotation
 *   and translation invariant, as in src/montecarlo).
 * - A finite data set (the digits): its "population" is the set itself — μ and Σ are the full
 *   set's mean and maximum-likelihood covariance, which define D_G — training sets are subsets
 *   of N distinct rows, and clean test inputs are drawn from the rows NOT in the training set
 *   (a held-out digit, so D_M cannot memorise it). Rows are projected onto the p eigenvectors of
 *   Σ with eigenvalue > 1e-10·λ_max (as empiricalSpectrum does); the dropped directions are
 *   constant over the set (e.g. the always-black border pixels), all three denoisers map them to
 *   μ, and they contribute nothing to any distance. Projection is lazy and cached: only rows
 *   that are actually drawn are projected.
 */
import { InvalidArgumentError } from '../errors.js';
import { sampleCovariance } from '../random/gaussianSample.js';
import { requireFiniteFloat64Array } from '../linalg/matrix.js';
import { loadMnistDigits } from '../datasets/mnistDigits.js';
import { Random } from '../random/random.js';
import { symmetricEigen } from '../linalg/symmetricEigen.js';
import { createSpectrum, expandEigenvalues, requireSpectrum, type Spectrum } from '../spectra/spectrum.js';
import { requireInteger } from '../validate.js';
import { gaussianSource, type DataSource } from '../datasets/dataSource.js';

export interface TrainingDraw {
  /** Row-major N × p training set in population coordinates. */
  samples: Float64Array;
  /** For a finite data set: the row indices drawn (distinct). */
  rows?: Int32Array;
}

export interface Population {
  /** Dimension d of the data (pixels for the digits). */
  readonly d: number;
  /** Coordinate dimension p (= d for Gaussian data; number of kept directions for a data set). */
  readonly p: number;
  /** λ (length p, > 0): Σ = diag(λ), μ = 0 in these coordinates. */
  readonly eigenvalues: Float64Array;
  /** The same eigenvalues as a Spectrum (for the theory). */
  readonly spectrum: Spectrum;
  /** Largest training-set size a Monte Carlo may draw. */
  readonly maxN: number;
  readonly description: string;
  /** A training set of N points; consumes `rng`. */
  training(N: number, rng: Random): TrainingDraw;
  /** Clean test inputs: fresh draws (Gaussian) or held-out rows (data set). */
  testSource(draw: TrainingDraw): DataSource;
}

/**
 * N(0, diag λ) with the spectrum expanded to its d eigenvalues. The expansion (which needs
 * whole-number weights and d ≤ 16384) happens on first use, so a theory-only caller may pass
 * any spectrum.
 *
 * @example
 * ```ts
 * gaussianPopulation(powerLawSpectrum({ d: 16, k: 1 })).d;   // 16 (a Population with spectrum, training and testSource)
 * ```
 */
export function gaussianPopulation(spectrum: Spectrum, description = 'gaussian'): Population {
  requireSpectrum(spectrum);
  let lam: Float64Array | null = null;
  let source: DataSource | null = null;
  const expanded = (): { lam: Float64Array; source: DataSource } => {
    if (lam === null) {
      lam = expandEigenvalues(spectrum);
      source = gaussianSource({ eigenvalues: lam });
    }
    return { lam, source: source! };
  };
  return {
    d: spectrum.d,
    p: spectrum.d,
    get eigenvalues() {
      return expanded().lam;
    },
    spectrum,
    maxN: Number.MAX_SAFE_INTEGER,
    description,
    training: (N, rng) => ({ samples: expanded().source.sample(requireInteger('N', N, 1), rng) }),
    testSource: () => expanded().source,
  };
}

/**
 * The empirical law of a finite data set (rows of `samples`, count × d), see the file comment.
 *
 * @example
 * ```ts
 * populationFromData(new Float64Array([0, 0, 1, 2, 2, 1, 3, 3]), 4, 2).d;   // 2 (a Population drawn from the 4 rows)
 * ```
 */
export function populationFromData(samples: Float64Array, count: number, d: number, options: { relativeCutoff?: number; description?: string } = {}): Population {
  requireInteger('count', count, 3);
  requireInteger('d', d, 1);
  requireFiniteFloat64Array('samples', samples, count * d);
  const { covariance, mean } = sampleCovariance(samples, count, d, { centre: true });
  const eig = symmetricEigen(covariance, d, { vectors: true });
  const max = eig.values[d - 1];
  if (!(max > 0)) throw new InvalidArgumentError('samples', 'constant', 'the data do not vary');
  const cutoff = (options.relativeCutoff ?? 1e-10) * max;
  const keep: number[] = [];
  for (let j = d - 1; j >= 0; j--) if (eig.values[j] > cutoff) keep.push(j);
  const p = keep.length;
  const lam = Float64Array.from(keep, (j) => eig.values[j]);
  // Oᵀ as a p × d row-major matrix: row a = eigenvector keep[a] (unit stride when projecting).
  const Ot = new Float64Array(p * d);
  const V = eig.vectors!;
  for (let a = 0; a < p; a++) for (let i = 0; i < d; i++) Ot[a * d + i] = V[i * d + keep[a]];
  const cache = new Float64Array(count * p);
  const done = new Uint8Array(count);
  const centred = new Float64Array(d);
  const project = (row: number, out: Float64Array, offset: number) => {
    if (!done[row]) {
      for (let i = 0; i < d; i++) centred[i] = samples[row * d + i] - mean[i];
      for (let a = 0; a < p; a++) {
        let s = 0;
        const ra = a * d;
        for (let i = 0; i < d; i++) s += Ot[ra + i] * centred[i];
        cache[row * p + a] = s;
      }
      done[row] = 1;
    }
    out.set(cache.subarray(row * p, row * p + p), offset);
  };
  return {
    d,
    p,
    eigenvalues: lam,
    spectrum: createSpectrum(lam),
    maxN: count - 1,
    description: options.description ?? `dataset (${count} rows, d = ${d}, p = ${p})`,
    training(N: number, rng: Random): TrainingDraw {
      requireInteger('N', N, 1);
      if (N > count - 1) throw new InvalidArgumentError('N', N, `must be <= ${count - 1} (the data set has ${count} rows and test inputs are held out)`);
      const rows = distinctRows(count, N, rng);
      const out = new Float64Array(N * p);
      for (let k = 0; k < N; k++) project(rows[k], out, k * p);
      return { samples: out, rows };
    },
    testSource(draw: TrainingDraw): DataSource {
      const inTraining = new Uint8Array(count);
      if (draw.rows) for (const r of draw.rows) inTraining[r] = 1;
      const pool: number[] = [];
      for (let r = 0; r < count; r++) if (!inTraining[r]) pool.push(r);
      return {
        d: p,
        sample(m: number, rng: Random): Float64Array {
          requireInteger('count', m, 0);
          const out = new Float64Array(m * p);
          for (let k = 0; k < m; k++) project(pool[Math.floor(rng.uniform() * pool.length)], out, k * p);
          return out;
        },
      };
    },
  };
}

/**
 * The mnist package's digits as a population (about 1000 per class; `perDigit` caps it).
 *
 * @example
 * ```ts
 * mnistPopulation({ digits: [3], perDigit: 20 }).d;   // 784 (a Population of MNIST threes; needs the optional mnist package)
 * ```
 */
export function mnistPopulation(options: { digits?: number[]; perDigit?: number } = {}): Population {
  const data = loadMnistDigits(options);
  return populationFromData(data.samples, data.count, data.d, { description: `mnist digits (${data.count} images, d = ${data.d})` });
}

/**
 * N distinct row indices of [0, count) by a partial Fisher–Yates shuffle (N uniforms).
 *
 * @example
 * ```ts
 * distinctRows(3, 10, new Random(1));   // Int32Array of 3 distinct rows of 0..9, e.g. [2, 0, 1]
 * ```
 */
export function distinctRows(count: number, N: number, rng: Random): Int32Array {
  if (!(rng instanceof Random)) throw new InvalidArgumentError('rng', typeof rng, 'must be a Random');
  const perm = new Int32Array(count);
  for (let i = 0; i < count; i++) perm[i] = i;
  for (let k = 0; k < N; k++) {
    const j = k + Math.floor(rng.uniform() * (count - k));
    const t = perm[k];
    perm[k] = perm[j];
    perm[j] = t;
  }
  return perm.slice(0, N);
}
