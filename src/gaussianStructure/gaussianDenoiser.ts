/**
 * The optimal denoiser of a Gaussian law (docs/theory.md §10):
 *   D(x; σ) = μ + Σ(Σ + σ²I)⁻¹(x − μ) = μ + Σ_j λ_j/(λ_j + σ²) v_j v_jᵀ(x − μ).
 * With the population model it is D_G; with the fitted empirical model it is D_N, the linear
 * denoiser trained on N samples (docs/theory.md §4 in VE form, see veParametrisation.ts).
 *
 * The shrink factor is evaluated as λ/(λ + σ²) — a ratio of positive numbers, accurate to a few
 * ulps at any σ — rather than as 1 − σ²/(λ + σ²), which cancels when σ² ≫ λ.
 */
import { batchCount, type Denoiser } from './denoiser.js';
import type { GaussianModel } from './gaussianModel.js';
import { requireSigma } from './veParametrisation.js';

/**
 * D(·; σ) for the Gaussian `model` (validated on construction; batches checked per call).
 *
 * @example
 * ```ts
 * const D = gaussianDenoiser(populationGaussianModel({ eigenvalues: new Float64Array([1, 2]) }));
 * applyDenoiser(D, new Float64Array([1, 1]), 1);   // ≈ [0.5, 0.667] (λ/(λ + σ²) · x)
 * ```
 */
export function gaussianDenoiser(model: GaussianModel): Denoiser {
  const { d, mean, eigenvalues, basis, rank } = model;
  const h = new Float64Array(rank);
  const y = new Float64Array(rank);
  return (batch: Float64Array, sigma: number): Float64Array => {
    const count = batchCount('batch', batch, d);
    const s = requireSigma('sigma', sigma);
    shrinkFactors(eigenvalues, s * s, h);
    const out = new Float64Array(count * d);
    gaussianDenoiseKernel(batch, count, d, mean, h, basis, rank, out, y);
    return out;
  };
}

/** h_j = λ_j/(λ_j + s2). */
export function shrinkFactors(eigenvalues: Float64Array, s2: number, h: Float64Array): void {
  for (let j = 0; j < eigenvalues.length; j++) h[j] = eigenvalues[j] / (eigenvalues[j] + s2);
}

/**
 * out_k = μ + B diag(h) Bᵀ(x_k − μ) (B = basis, d × r row-major; null = identity with r = d).
 * Both products walk B row by row (unit stride in j); `y` is scratch of length r.
 */
export function gaussianDenoiseKernel(
  x: Float64Array,
  count: number,
  d: number,
  mean: Float64Array,
  h: Float64Array,
  basis: Float64Array | null,
  r: number,
  out: Float64Array,
  y: Float64Array,
): void {
  for (let k = 0; k < count; k++) {
    const row = k * d;
    if (basis === null) {
      for (let i = 0; i < d; i++) out[row + i] = mean[i] + h[i] * (x[row + i] - mean[i]);
      continue;
    }
    y.fill(0);
    for (let i = 0; i < d; i++) {
      const c = x[row + i] - mean[i];
      if (c === 0) continue;
      const bi = i * r;
      for (let j = 0; j < r; j++) y[j] += basis[bi + j] * c;
    }
    for (let j = 0; j < r; j++) y[j] *= h[j];
    for (let i = 0; i < d; i++) {
      const bi = i * r;
      let s = 0;
      for (let j = 0; j < r; j++) s += basis[bi + j] * y[j];
      out[row + i] = mean[i] + s;
    }
  }
}
