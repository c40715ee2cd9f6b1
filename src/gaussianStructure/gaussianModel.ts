/**
 * A Gaussian law N(μ, Σ) in the form its optimal denoiser needs (docs/theory.md §10): the mean and the
 * eigenpairs of Σ with positive eigenvalue. The population model has them given; the empirical
 * model (the training set's μ̂, Σ̂ — whose optimal denoiser is exactly the trained linear
 * denoiser D_N, docs/theory.md §4 with W = s(a²Σ̂ + s²)⁻¹, b = −aWμ̂ rewritten in VE form) gets them
 * from ONE eigendecomposition, after which every noise level costs O(d·r) per input.
 *
 * Only the range of Σ is stored: directions with eigenvalue 0 are shrunk to the mean at every
 * σ > 0 (factor λ/(λ + σ²) = 0), so dropping them is exact, and for N ≤ d the range has
 * dimension ≤ N − 1 — which is what makes the Gram route below cheap.
 */
import { InvalidArgumentError } from '../errors.js';
import type { MeanMode } from '../predictions/model/ensemble.js';
import { requireFiniteFloat64Array } from '../linalg/matrix.js';
import { symmetricEigen } from '../linalg/symmetricEigen.js';
import { requireInteger } from '../validate.js';

export interface GaussianModel {
  readonly d: number;
  /** μ (length d). */
  readonly mean: Float64Array;
  /** The r positive eigenvalues of Σ, in decreasing order. */
  readonly eigenvalues: Float64Array;
  /**
   * Orthonormal eigenvectors as a row-major d × r matrix (entry [i·r + j] = component i of
   * eigenvector j), or null: Σ = diag(eigenvalues) in the coordinate axes (then r = d).
   */
  readonly basis: Float64Array | null;
  /** r = number of stored eigenpairs. */
  readonly rank: number;
}

/**
 * The population model N(μ, Σ) with Σ = B diag(λ) Bᵀ; without `basis`, Σ = diag(λ) (the data are
 * expressed in Σ's eigenbasis) and λ keeps its order. Eigenvalues must be > 0 (docs/theory.md §1).
 *
 * @example
 * ```ts
 * populationGaussianModel({ eigenvalues: new Float64Array([1, 2]) });   // { d: 2, mean: [0, 0], eigenvalues: [1, 2], basis: null, rank: 2 }
 * ```
 */
export function populationGaussianModel(options: { eigenvalues: Float64Array; mean?: Float64Array; basis?: Float64Array | null }): GaussianModel {
  const lam = options.eigenvalues;
  if (!(lam instanceof Float64Array) || lam.length === 0) throw new InvalidArgumentError('eigenvalues', lam, 'must be a non-empty Float64Array');
  for (let j = 0; j < lam.length; j++) {
    if (!Number.isFinite(lam[j]) || !(lam[j] > 0)) throw new InvalidArgumentError(`eigenvalues[${j}]`, lam[j], 'must be a finite number > 0');
  }
  const r = lam.length;
  if (options.basis === undefined || options.basis === null) {
    const mean = options.mean === undefined ? new Float64Array(r) : Float64Array.from(requireFiniteFloat64Array('mean', options.mean, r));
    return { d: r, mean, eigenvalues: Float64Array.from(lam), basis: null, rank: r };
  }
  const basis = options.basis;
  if (!(basis instanceof Float64Array) || basis.length % r !== 0 || basis.length < r * r) {
    throw new InvalidArgumentError('basis', basis instanceof Float64Array ? `length ${basis.length}` : typeof basis, `must be a row-major d × ${r} Float64Array with d >= ${r}`);
  }
  const d = basis.length / r;
  requireFiniteFloat64Array('basis', basis, d * r);
  const mean = options.mean === undefined ? new Float64Array(d) : Float64Array.from(requireFiniteFloat64Array('mean', options.mean, d));
  return { d, mean, eigenvalues: Float64Array.from(lam), basis: Float64Array.from(basis), rank: r };
}

/** Options of {@link fitEmpiricalGaussian}: a row-major N × d sample matrix. */
export interface FitEmpiricalGaussianOptions {
  /** Row-major N × d training set. */
  samples: Float64Array;
  /** Training-set size N (number of samples the denoiser is fitted to). */
  N: number;
  /** Dimension d of one sample. */
  d: number;
  /** 'estimated' (default): μ̂ = sample mean, Σ̂ = (1/N)Σ(x_k − μ̂)(x_k − μ̂)ᵀ. 'known': μ̂ = knownMean. */
  mean?: MeanMode;
  /** The mean used in 'known' mode (default 0). */
  knownMean?: Float64Array;
  /**
   * Eigenvalues ≤ this·λ̂_max·max(N, d)·ε are treated as exact zeros of Σ̂ (rounding noise of its
   * rank deficiency). Default 1: a dropped direction then has shrink factor ≤ ~1e-12·λ̂_max/σ².
   */
  rankTolerance?: number;
}

/**
 * The empirical Gaussian N(μ̂, Σ̂) of a training set, from one symmetric eigendecomposition:
 * of the d × d covariance when N ≥ d, or of the N × N Gram matrix K = X_c X_cᵀ/N when N < d
 * (Σ̂ and K share their non-zero eigenvalues, with v_j = X_cᵀu_j/√(N λ̂_j)), so the cost is
 * O(N d min(N, d) + min(N, d)³) either way.
 *
 * @example
 * ```ts
 * fitEmpiricalGaussian({ samples: new Float64Array([0, 0, 1, 2, 2, 1, 3, 3]), N: 4, d: 2 });   // { mean: [1.5, 1.5], eigenvalues: [2.25, 0.25], rank: 2, … }
 * ```
 */
export function fitEmpiricalGaussian(options: FitEmpiricalGaussianOptions): GaussianModel {
  const d = requireInteger('d', options.d, 1);
  const mode = options.mean ?? 'estimated';
  if (mode !== 'estimated' && mode !== 'known') throw new InvalidArgumentError('mean', mode, "must be 'estimated' or 'known'");
  const N = requireInteger('N', options.N, mode === 'estimated' ? 2 : 1);
  const x = requireFiniteFloat64Array('samples', options.samples, N * d);
  const tolFactor = options.rankTolerance ?? 1;
  if (!(tolFactor >= 0) || !Number.isFinite(tolFactor)) throw new InvalidArgumentError('rankTolerance', tolFactor, 'must be a finite number >= 0');
  const mean = new Float64Array(d);
  if (mode === 'known') {
    if (options.knownMean !== undefined) mean.set(requireFiniteFloat64Array('knownMean', options.knownMean, d));
  } else {
    for (let k = 0; k < N; k++) for (let i = 0; i < d; i++) mean[i] += x[k * d + i];
    for (let i = 0; i < d; i++) mean[i] /= N;
  }
  const xc = new Float64Array(N * d);
  for (let k = 0; k < N; k++) for (let i = 0; i < d; i++) xc[k * d + i] = x[k * d + i] - mean[i];
  const { eigenvalues, basis } = N < d ? gramEigenpairs(xc, N, d, tolFactor) : covarianceEigenpairs(xc, N, d, tolFactor);
  return { d, mean, eigenvalues, basis, rank: eigenvalues.length };
}

/** Eigenpairs of (1/N) X_cᵀX_c (d × d) above the rank threshold, decreasing. */
function covarianceEigenpairs(xc: Float64Array, N: number, d: number, tolFactor: number): { eigenvalues: Float64Array; basis: Float64Array } {
  const cov = new Float64Array(d * d);
  for (let k = 0; k < N; k++) {
    const row = k * d;
    for (let i = 0; i < d; i++) {
      const ci = xc[row + i];
      if (ci === 0) continue;
      const ri = i * d;
      for (let j = i; j < d; j++) cov[ri + j] += ci * xc[row + j];
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = cov[i * d + j] / N;
      cov[i * d + j] = v;
      cov[j * d + i] = v;
    }
  }
  const eig = symmetricEigen(cov, d, { vectors: true });
  const keep = keptIndices(eig.values, N, d, tolFactor);
  const r = keep.length;
  const V = eig.vectors!;
  const basis = new Float64Array(d * r);
  const values = new Float64Array(r);
  for (let j = 0; j < r; j++) {
    const col = keep[j];
    values[j] = eig.values[col];
    for (let i = 0; i < d; i++) basis[i * r + j] = V[i * d + col];
  }
  return { eigenvalues: values, basis };
}

/** Non-zero eigenpairs of Σ̂ through the N × N Gram matrix (N < d). */
function gramEigenpairs(xc: Float64Array, N: number, d: number, tolFactor: number): { eigenvalues: Float64Array; basis: Float64Array } {
  const K = new Float64Array(N * N);
  for (let a = 0; a < N; a++) {
    const ra = a * d;
    for (let b = a; b < N; b++) {
      const rb = b * d;
      let s = 0;
      for (let i = 0; i < d; i++) s += xc[ra + i] * xc[rb + i];
      s /= N;
      K[a * N + b] = s;
      K[b * N + a] = s;
    }
  }
  const eig = symmetricEigen(K, N, { vectors: true });
  const keep = keptIndices(eig.values, N, d, tolFactor);
  const r = keep.length;
  const U = eig.vectors!;
  const basis = new Float64Array(d * r);
  const values = new Float64Array(r);
  for (let j = 0; j < r; j++) {
    const col = keep[j];
    const l = eig.values[col];
    values[j] = l;
    const scale = 1 / Math.sqrt(N * l);
    // v_j = X_cᵀ u_j / √(N λ̂_j): accumulate row by row (unit stride in X_c).
    for (let a = 0; a < N; a++) {
      const ua = U[a * N + col] * scale;
      if (ua === 0) continue;
      const ra = a * d;
      for (let i = 0; i < d; i++) basis[i * r + j] += ua * xc[ra + i];
    }
  }
  return { eigenvalues: values, basis };
}

/** Column indices of eigenvalues above the numerical-rank threshold, largest first. */
function keptIndices(values: Float64Array, N: number, d: number, tolFactor: number): number[] {
  const n = values.length;
  const max = values[n - 1];
  const tol = max > 0 ? tolFactor * max * Math.max(N, d) * Number.EPSILON : 0;
  const keep: number[] = [];
  for (let j = n - 1; j >= 0; j--) if (values[j] > tol && values[j] > 0) keep.push(j);
  return keep;
}
