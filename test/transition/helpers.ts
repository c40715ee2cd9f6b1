/** Shared helpers for the transition tests (not a test file). Naive oracles use ml-matrix. */
import { EigenvalueDecomposition, Matrix, determinant, inverse } from 'ml-matrix';
import { eigenGaussianFromCovariance, type EigenGaussian } from '../../src/transition/eigenGaussian.js';
import { Random } from '../../src/random/random.js';

/** Random SPD d × d matrix B Bᵀ/d + shift·I, row-major. */
export function randomSpd(d: number, rng: Random, shift = 0.3, scale = 1): Float64Array {
  const b = new Float64Array(d * d);
  rng.fillNormal(b);
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += b[i * d + k] * b[j * d + k];
      const v = scale * (s / d + (i === j ? shift : 0));
      out[i * d + j] = v;
      out[j * d + i] = v;
    }
  }
  return out;
}

/** Random PSD matrix of rank r: B Bᵀ with B d × r. */
export function randomLowRank(d: number, r: number, rng: Random, scale = 1): Float64Array {
  const b = new Float64Array(d * r);
  rng.fillNormal(b);
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += b[i * r + k] * b[j * r + k];
      out[i * d + j] = (scale * s) / r;
      out[j * d + i] = (scale * s) / r;
    }
  }
  return out;
}

export function randomVector(d: number, rng: Random, scale = 1, offset = 0): Float64Array {
  const v = new Float64Array(d);
  rng.fillNormal(v);
  for (let i = 0; i < d; i++) v[i] = offset + scale * v[i];
  return v;
}

export function law(mean: Float64Array, cov: Float64Array, rank?: number): EigenGaussian {
  return eigenGaussianFromCovariance(mean, cov, mean.length, rank === undefined ? {} : { rank });
}

export function toMatrix(a: ArrayLike<number>, rows: number, cols = rows): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.set(i, j, a[i * cols + j]);
  return m;
}

/** Naive N(x; m, S) with ml-matrix determinant and inverse (for representable cases). */
export function naiveDensity(x: ArrayLike<number>, m: ArrayLike<number>, S: Float64Array): number {
  const d = m.length;
  const M = toMatrix(S, d);
  const inv = inverse(M);
  let q = 0;
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) q += (x[i] - m[i]) * inv.get(i, j) * (x[j] - m[j]);
  return Math.exp(-0.5 * q) / Math.sqrt(Math.pow(2 * Math.PI, d) * determinant(M));
}

export function addMatrices(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, i) => v + b[i]);
}

export function scaledIdentity(d: number, v: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) out[i * d + i] = v;
  return out;
}

/** Eigenvalues of a symmetric matrix via ml-matrix (oracle). */
export function oracleEigenvalues(a: Float64Array, d: number): number[] {
  return new EigenvalueDecomposition(toMatrix(a, d), { assumeSymmetric: true }).realEigenvalues;
}

/** Naive squared Hellinger distance between two full-rank Gaussians (dense formula of seed eq. 18). */
export function naiveHellinger(m1: Float64Array, S1: Float64Array, m2: Float64Array, S2: Float64Array): number {
  const d = m1.length;
  const avg = toMatrix(S1, d).add(toMatrix(S2, d)).mul(0.5);
  const inv = inverse(avg);
  let q = 0;
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) q += (m1[i] - m2[i]) * inv.get(i, j) * (m1[j] - m2[j]);
  const bc = (Math.pow(determinant(toMatrix(S1, d)), 0.25) * Math.pow(determinant(toMatrix(S2, d)), 0.25)) / Math.sqrt(determinant(avg)) * Math.exp(-q / 8);
  return 1 - bc;
}

/** Naive KL(N(m1,S1) ‖ N(m2,S2)). */
export function naiveKl(m1: Float64Array, S1: Float64Array, m2: Float64Array, S2: Float64Array): number {
  const d = m1.length;
  const inv2 = inverse(toMatrix(S2, d));
  const tr = inv2.mmul(toMatrix(S1, d)).trace();
  let q = 0;
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) q += (m2[i] - m1[i]) * inv2.get(i, j) * (m2[j] - m1[j]);
  return 0.5 * (tr - d + q + Math.log(determinant(toMatrix(S2, d)) / determinant(toMatrix(S1, d))));
}

export function seeded(seed: number): Random {
  return new Random(seed);
}

/** Composite Simpson weights on [lo, hi] with an even number of intervals k (k + 1 nodes). */
export function simpson(lo: number, hi: number, k: number): { x: Float64Array; w: Float64Array } {
  const h = (hi - lo) / k;
  const x = new Float64Array(k + 1);
  const w = new Float64Array(k + 1);
  for (let i = 0; i <= k; i++) {
    x[i] = lo + i * h;
    w[i] = (h / 3) * (i === 0 || i === k ? 1 : i % 2 === 1 ? 4 : 2);
  }
  return { x, w };
}
