/**
 * Sampling from N(μ, Σ) with Σ = O·diag(λ)·Oᵀ given in eigen-form, and the empirical
 * covariance of a sample.
 *
 * Working from the eigen-form rather than a Cholesky factor of Σ is what the Monte Carlo needs:
 * the population spectrum λ is the input of the theory, and O is either the identity or a Haar
 * rotation (see haar.ts). x = μ + O·diag(√λ)·g with g ~ N(0, I) has covariance
 * O·diag(√λ)·I·diag(√λ)·Oᵀ = Σ. Zero eigenvalues are allowed (a degenerate Gaussian).
 */
import { InvalidArgumentError } from '../errors.js';
import { requireInteger } from '../validate.js';
import { requireFiniteFloat64Array, requireFloat64Array } from '../linalg/matrix.js';
import { gramKernel } from '../linalg/gram.js';
import { centredGramWasm } from '../linalg/wasmKernels.js';
import { Random } from './random.js';

/** Options of the Gaussian sampler: the law (eigenvalues, eigenbasis, mean) and the number of samples. */
export interface SampleGaussianOptions {
  /** Eigenvalues λ_j ≥ 0 of Σ; their number is the dimension d. */
  eigenvalues: Float64Array;
  /** Orthogonal d × d matrix O (row-major) with Σ = O·diag(λ)·Oᵀ; null/undefined = identity. */
  rotation?: Float64Array | null;
  /** Mean μ (length d); default 0. */
  mean?: Float64Array;
  /** Number of samples (rows of the result), ≥ 1. */
  count: number;
  /** Source of randomness; consumes exactly count·d normals. */
  rng: Random;
  /** Write the samples here (length count·d) instead of a new array. */
  out?: Float64Array;
}

/**
 * Row-major count × d matrix whose rows are iid N(μ, O·diag(λ)·Oᵀ).
 *
 * Reproducibility contract: row r is built from normals r·d … r·d + d − 1 of `rng`, i.e. the
 * result is a fixed function of the count × d standard-normal matrix drawn in row-major order.
 *
 * @example
 * ```ts
 * sampleGaussian({ eigenvalues: new Float64Array([1, 2]), count: 3, rng: new Random(1) });   // Float64Array of 3 × 2 samples, row-major
 * ```
 */
export function sampleGaussian(options: SampleGaussianOptions): Float64Array {
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError('options', options, 'must be an object');
  }
  const { eigenvalues, rotation, mean, count, rng } = options;
  if (!(eigenvalues instanceof Float64Array) || eigenvalues.length === 0) {
    throw new InvalidArgumentError('eigenvalues', eigenvalues, 'must be a non-empty Float64Array');
  }
  const d = eigenvalues.length;
  for (let j = 0; j < d; j++) {
    const v = eigenvalues[j];
    if (!Number.isFinite(v) || !(v >= 0)) {
      throw new InvalidArgumentError(`eigenvalues[${j}]`, v, 'must be a finite number >= 0');
    }
  }
  if (rotation !== undefined && rotation !== null) requireFiniteFloat64Array('rotation', rotation, d * d);
  if (mean !== undefined) requireFiniteFloat64Array('mean', mean, d);
  requireInteger('count', count, 1);
  if (!(rng instanceof Random)) throw new InvalidArgumentError('rng', typeof rng, 'must be a Random');

  const sqrtLambda = new Float64Array(d);
  for (let j = 0; j < d; j++) sqrtLambda[j] = Math.sqrt(eigenvalues[j]);
  const out = options.out === undefined ? new Float64Array(count * d) : requireFloat64Array('out', options.out, count * d);
  sampleGaussianKernel(sqrtLambda, rotation ?? null, mean ?? null, count, d, rng, out, new Float64Array(d));
  return out;
}

/**
 * Kernel of {@link sampleGaussian}: out[r, :] = μ + O·(√λ ∘ g_r). `y` is scratch of length d.
 * With a rotation, (O·y)_i is the dot product of row i of O with y — unit stride on both, and O
 * stays cache-resident across samples for the dimensions used here (d ≲ 1000).
 */
export function sampleGaussianKernel(
  sqrtLambda: Float64Array,
  rotation: Float64Array | null,
  mean: Float64Array | null,
  count: number,
  d: number,
  rng: Random,
  out: Float64Array,
  y: Float64Array,
): void {
  // Without a rotation all count·d normals are drawn in one call (the same stream as row by
  // row: row r takes normals r·d … r·d + d − 1 either way), then scaled.
  if (rotation === null) rng.fillNormal(out, 0, count * d);
  for (let r = 0; r < count; r++) {
    const ro = r * d;
    if (rotation === null) {
      for (let j = 0; j < d; j++) out[ro + j] *= sqrtLambda[j];
    } else {
      rng.fillNormal(y, 0, d);
      for (let j = 0; j < d; j++) y[j] *= sqrtLambda[j];
      for (let i = 0; i < d; i++) {
        const oi = i * d;
        let s = 0;
        for (let j = 0; j < d; j++) s += rotation[oi + j] * y[j];
        out[ro + i] = s;
      }
    }
    if (mean !== null) for (let j = 0; j < d; j++) out[ro + j] += mean[j];
  }
}

export interface SampleCovarianceOptions {
  /**
   * true: subtract the empirical mean first (Σ̂ = (1/N) Σ_r (x_r − x̄)(x_r − x̄)ᵀ, the maximum-
   * likelihood estimator, whose expectation is (N − 1)/N · Σ). false: Σ̂ = (1/N) XᵀX, the
   * right estimator when the mean is known to be 0 (expectation Σ).
   */
  centre: boolean;
  /** Write Σ̂ here (length d²) instead of a new array. */
  covariance?: Float64Array;
  /** Scratch of length count·d for the centred transpose (allocated when omitted). */
  scratch?: Float64Array;
}

export interface SampleCovarianceResult {
  /** d × d row-major, exactly symmetric. Normalised by N = count (not N − 1). */
  covariance: Float64Array;
  /** Empirical mean x̄ (length d), returned in both modes. */
  mean: Float64Array;
}

/**
 * Empirical covariance and mean of the rows of the row-major count × d matrix x.
 *
 * @example
 * ```ts
 * const x = sampleGaussian({ eigenvalues: new Float64Array([1, 2]), count: 3, rng: new Random(1) });
 * sampleCovariance(x, 3, 2, { centre: true });   // { covariance: Float64Array(4) (2 × 2), mean: Float64Array(2) }
 * ```
 */
export function sampleCovariance(
  x: Float64Array,
  count: number,
  d: number,
  options: SampleCovarianceOptions,
): SampleCovarianceResult {
  requireInteger('count', count, 1);
  requireInteger('d', d, 1);
  requireFiniteFloat64Array('x', x, count * d);
  if (options === null || typeof options !== 'object' || typeof options.centre !== 'boolean') {
    throw new InvalidArgumentError('options.centre', options?.centre, 'must be a boolean');
  }
  const mean = new Float64Array(d);
  const covariance = options.covariance === undefined ? new Float64Array(d * d) : requireFloat64Array('covariance', options.covariance, d * d).fill(0);
  const scratch = options.scratch !== undefined && options.scratch.length >= count * d ? options.scratch : new Float64Array(count * d);
  sampleCovarianceKernel(x, count, d, options.centre, mean, covariance, scratch);
  return { covariance, mean };
}

/**
 * Kernel of {@link sampleCovariance}; `mean` and `cov` zeroed on entry, `ct` scratch of length
 * count·d.
 *
 * Two passes: the mean first, then the products of the centred rows. (The one-pass formula
 * (1/N)XᵀX − x̄x̄ᵀ cancels catastrophically when |μ| ≫ √λ.) The centred data are written
 * transposed into `ct` (row i = coordinate i over the N samples), so Σ̂_ij·N is the dot product
 * of rows i and j of ct, which the register-blocked {@link gramKernel} forms for j ≥ i and
 * mirrors. Each element is Σ_r c_ri c_rj summed from 0 in sample order r = 0, 1, …, then
 * multiplied by 1/N — the same operations in the same order as the rank-1-update loop this
 * replaced (kept as {@link sampleCovarianceReferenceKernel}), so Σ̂ is bit-identical to it.
 * With WebAssembly SIMD the whole product runs in linalg/wasmKernels.ts (centredGramWasm: the
 * centred data packed once, upper tiles only) — the same sums again, bit for bit.
 */
export function sampleCovarianceKernel(
  x: Float64Array,
  count: number,
  d: number,
  centre: boolean,
  mean: Float64Array,
  cov: Float64Array,
  ct: Float64Array,
): void {
  const invN = 1 / count;
  if (centredGramWasm(x, count, d, centre, invN, cov, mean)) return; // the mean too, the same bits
  for (let r = 0; r < count; r++) {
    const rr = r * d;
    for (let j = 0; j < d; j++) mean[j] += x[rr + j];
  }
  for (let j = 0; j < d; j++) mean[j] *= invN;
  // Transposed (and centred) copy, in 32-sample strips so the strided writes stay in cache.
  const B = 32;
  for (let r0 = 0; r0 < count; r0 += B) {
    const r1 = Math.min(r0 + B, count);
    for (let j = 0; j < d; j++) {
      const mj = centre ? mean[j] : 0;
      const o = j * count;
      for (let r = r0; r < r1; r++) ct[o + r] = x[r * d + j] - mj;
    }
  }
  gramKernel(ct, d, count, cov, invN);
}

/**
 * The previous covariance kernel — rank-1 updates with the centred rows over cache-sized blocks
 * of rows of Σ̂ — kept as the oracle that {@link sampleCovarianceKernel} must match bit for bit
 * (test/random/gaussianSample.test.ts). `c` is scratch of length d.
 */
export function sampleCovarianceReferenceKernel(
  x: Float64Array,
  count: number,
  d: number,
  centre: boolean,
  mean: Float64Array,
  cov: Float64Array,
  c: Float64Array,
): void {
  for (let r = 0; r < count; r++) {
    const rr = r * d;
    for (let j = 0; j < d; j++) mean[j] += x[rr + j];
  }
  const invN = 1 / count;
  for (let j = 0; j < d; j++) mean[j] *= invN;

  const blockRows = Math.max(8, Math.floor(32768 / d));
  for (let i0 = 0; i0 < d; i0 += blockRows) {
    const i1 = Math.min(i0 + blockRows, d);
    for (let r = 0; r < count; r++) {
      const rr = r * d;
      if (centre) for (let j = i0; j < d; j++) c[j] = x[rr + j] - mean[j];
      else for (let j = i0; j < d; j++) c[j] = x[rr + j];
      for (let i = i0; i < i1; i++) {
        const ci = c[i];
        if (ci === 0) continue;
        const ri = i * d;
        for (let j = i; j < d; j++) cov[ri + j] += ci * c[j];
      }
    }
  }
  for (let i = 0; i < d; i++) {
    const ri = i * d;
    for (let j = i; j < d; j++) {
      const v = cov[ri + j] * invN;
      cov[ri + j] = v;
      cov[j * d + i] = v;
    }
  }
}
