/**
 * Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite matrix, with the solve and
 * log-determinant that use it.
 *
 * Only the lower triangle of A (j ≤ i) enters the factorisation, as with LAPACK's uplo = 'L', so
 * a matrix that is symmetric only up to rounding factors without fuss (every entry must still be
 * finite: a NaN anywhere is rejected as a sign of an upstream bug).
 */
import { InvalidArgumentError } from '../errors.js';
import { requireInteger } from '../validate.js';
import { requireFiniteFloat64Array, requireFloat64Array } from './matrix.js';

/**
 * Lower-triangular L (row-major n × n, zeros above the diagonal) with A = L·Lᵀ.
 *
 * Throws {@link InvalidArgumentError} for argument `a` if A is not (numerically) positive
 * definite; its `value` is `{ pivot, value }`, the first index i whose pivot
 * A_ii − Σ_{k<i} L_ik² is not > 0, and that pivot.
 *
 * @example
 * ```ts
 * cholesky(new Float64Array([4, 2, 2, 3]), 2);   // Float64Array [2, 0, 1, √2] (lower factor L, row-major)
 * ```
 */
export function cholesky(a: Float64Array, n: number): Float64Array {
  requireInteger('n', n, 1);
  requireFiniteFloat64Array('a', a, n * n);
  const l = new Float64Array(n * n);
  const bad = choleskyKernel(a, n, l);
  if (bad >= 0) {
    const pivot = l[bad * n + bad];
    throw new InvalidArgumentError(
      'a',
      { pivot: bad, value: pivot },
      `matrix is not positive definite: pivot ${bad} = ${pivot} (must be > 0)`,
    );
  }
  return l;
}

/**
 * Kernel of {@link cholesky}: writes L into `l` (which must be zero above the diagonal) and
 * returns −1, or on failure the index i of the first non-positive pivot, with that pivot left in
 * l[i·n + i] (rows after i are not computed).
 *
 * Row-by-row (Cholesky–Banachiewicz) order: L_ij = (A_ij − Σ_{k<j} L_ik L_jk) / L_jj. Both sums
 * run along rows i and j of L, which are contiguous in row-major storage; the column-oriented
 * (Crout) order would stride through memory instead. n³/3 flops, no pivoting (none is needed
 * for SPD matrices: the factorisation is backward stable as it stands).
 */
export function choleskyKernel(a: Float64Array, n: number, l: Float64Array): number {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j < i; j++) {
      const rj = j * n;
      let s = a[ri + j];
      for (let k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
      l[ri + j] = s / l[rj + j];
    }
    let d = a[ri + i];
    for (let k = 0; k < i; k++) d -= l[ri + k] * l[ri + k];
    // `!(d > 0)` also catches NaN.
    if (!(d > 0)) {
      l[ri + i] = d;
      return i;
    }
    l[ri + i] = Math.sqrt(d);
  }
  return -1;
}

/**
 * Solve A·X = B given the Cholesky factor L of A (from {@link cholesky}). B is n × nrhs
 * row-major (a plain length-n vector when nrhs = 1); returns X with the same shape. B is not
 * modified.
 *
 * @example
 * ```ts
 * const L = cholesky(new Float64Array([4, 2, 2, 3]), 2);
 * choleskySolve(L, 2, new Float64Array([2, 1]));   // Float64Array [0.5, 0] (x with A x = b)
 * ```
 */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array, nrhs = 1): Float64Array {
  requireInteger('n', n, 1);
  requireInteger('nrhs', nrhs, 1);
  requireFloat64Array('l', l, n * n);
  requireFloat64Array('b', b, n * nrhs);
  for (let i = 0; i < n; i++) {
    const lii = l[i * n + i];
    if (!(lii > 0) || !Number.isFinite(lii)) {
      throw new InvalidArgumentError(`l[${i},${i}]`, lii, 'diagonal of a Cholesky factor must be finite and > 0');
    }
  }
  const x = Float64Array.from(b);
  choleskySolveKernel(l, n, x, nrhs);
  return x;
}

/**
 * Kernel of {@link choleskySolve}, in place on x (n × nrhs): forward substitution L·Y = B, then
 * back substitution Lᵀ·X = Y.
 *
 * Both sweeps read L by rows. The forward sweep is the usual dot-product form (row i of L against
 * rows k < i of X). For the back sweep, Lᵀ's rows are L's columns, so instead of dot products
 * down a column we use the column ("axpy") form: once X_i is final, subtract L_ik·X_i from every
 * X_k with k < i — that walks row i of L contiguously.
 */
export function choleskySolveKernel(l: Float64Array, n: number, x: Float64Array, nrhs: number): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const xi = i * nrhs;
    for (let k = 0; k < i; k++) {
      const lik = l[ri + k];
      const xk = k * nrhs;
      for (let c = 0; c < nrhs; c++) x[xi + c] -= lik * x[xk + c];
    }
    const inv = 1 / l[ri + i];
    for (let c = 0; c < nrhs; c++) x[xi + c] *= inv;
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const xi = i * nrhs;
    const inv = 1 / l[ri + i];
    for (let c = 0; c < nrhs; c++) x[xi + c] *= inv;
    for (let k = 0; k < i; k++) {
      const lik = l[ri + k];
      const xk = k * nrhs;
      for (let c = 0; c < nrhs; c++) x[xk + c] -= lik * x[xi + c];
    }
  }
}

/**
 * log det A = 2 Σ log L_ii from the Cholesky factor L of A. Summing logarithms instead of taking
 * the log of the product avoids overflow/underflow of det A for large n.
 *
 * @example
 * ```ts
 * const L = cholesky(new Float64Array([4, 2, 2, 3]), 2);
 * choleskyLogDet(L, 2);   // ≈ 2.079 (= log det A = log 8)
 * ```
 */
export function choleskyLogDet(l: Float64Array, n: number): number {
  requireInteger('n', n, 1);
  requireFloat64Array('l', l, n * n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const lii = l[i * n + i];
    if (!(lii > 0) || !Number.isFinite(lii)) {
      throw new InvalidArgumentError(`l[${i},${i}]`, lii, 'diagonal of a Cholesky factor must be finite and > 0');
    }
    s += Math.log(lii);
  }
  return 2 * s;
}
