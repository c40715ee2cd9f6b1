/**
 * Eigendecomposition A = V·Λ·Vᵀ of a real symmetric matrix (flat row-major n × n).
 *
 * Algorithm (the EISPACK tred2/tql2 pair, Bowdler, Martin, Reinsch & Wilkinson, Numer. Math.
 * 11, 1968, as presented in Golub & Van Loan, "Matrix Computations", §8.3; re-derived here for
 * row-major storage):
 *
 * 1. Householder tridiagonalisation T = Qᵀ·A·Q (4n³/3 flops; Q = H_0 ⋯ H_{n−3}, H_k = I − τ_k v_k v_kᵀ
 *    annihilating column k below the subdiagonal). Each step applies the symmetric rank-2 update
 *    A ← A − v wᵀ − w vᵀ to the trailing block's lower triangle only.
 * 2. Only when vectors are wanted: accumulate Qᵀ explicitly (another 4n³/3 flops).
 * 3. Implicit QL iteration with Wilkinson shifts on T (Golub & Van Loan §8.3.5; QL rather than QR
 *    because deflation then proceeds from the top, l = 0, 1, …): O(n²) flops for the values,
 *    plus ≈ 6n³ for applying the plane rotations (≈ 2 sweeps per eigenvalue) to the vectors.
 *
 * Storage choice that makes this fast in row-major JS arrays: the eigenvectors are kept as the
 * ROWS of a working matrix Z = Vᵀ (starting from Z = Qᵀ). Every QL plane rotation mixes two
 * eigenvector columns of V, i.e. two contiguous rows of Z, so the O(n³) part of the algorithm
 * streams through memory with unit stride; the classic column layout would jump n doubles per
 * element. Likewise Qᵀ is built by applying the reflectors from the right (row dot product plus
 * row axpy). Z is transposed once at the end into the documented column layout. All three O(n³)
 * phases are further organised so that each pass reads and writes every matrix element once
 * (consecutive tridiagonalisation steps fused, reflectors accumulated two at a time, a whole
 * sweep of rotations applied at once); see the kernels. None of this changes the arithmetic.
 *
 * Measured on Node 20 (bench/eigen.mjs, 2-core machine under load), median ms:
 *   d = 256: 36 with vectors, 9 values only;  d = 512: ≈ 290 / 75;  d = 1024: ≈ 2100 / 550.
 *
 * `method: 'dc'` takes LAPACK dsyevd's route instead (≈ 4.7n³ flops at most against ≈ 8.7n³):
 * the same Householder reduction but with each row's dot product in two lanes (its fused sweep
 * runs as a WebAssembly SIMD kernel, tridiagonalize.ts tridiagonalizePaired), the tridiagonal's
 * eigenvectors by divide and conquer (tridiagonalEigenDC.ts), and one blocked back-transformation
 * through the reflectors (householderBackTransform.ts) in place of forming Qᵀ. Its matrix
 * products run on the SIMD tiles of wasmKernels.ts, with TypeScript twins that give the same
 * bits where WebAssembly is missing. bench/eigen.mjs, d = 256: ≈ 13–16 ms with vectors against
 * ≈ 40–60 ms for QL (load 5–6); d = 512: ≈ 110–120 ms against ≈ 420–490.
 * At image sizes (bench/eigen.mjs against numpy's eigh on one OpenBLAS thread, CPU time, load
 * 19–25): d = 1024 0.40 s vs 0.26 s, d = 2048 3.5 s vs 1.8 s — the three phases take about a
 * third each, all O(d³) with two-lane SIMD and no fused multiply-add against OpenBLAS's 8-lane
 * FMA kernels; from d = 3072 the reduction runs in panels (blockedTridiagonalize.ts).
 *
 * Only the lower triangle of A is used (LAPACK uplo = 'L'); the input is checked to be
 * symmetric up to a small relative tolerance and is never modified.
 */
import { ConvergenceError, InvalidArgumentError } from '../errors.js';
import { requireInteger } from '../validate.js';
import { identity, requireFiniteFloat64Array, requireFloat64Array, transposeKernel } from './matrix.js';
import { applyReflectorsToRowsBlocked } from './householderBackTransform.js';
import { tridiagonalEigenDC } from './tridiagonalEigenDC.js';
import { accumulateQt, tridiagonalize, tridiagonalizePaired } from './tridiagonalize.js';
import { tridiagonalizeBlocked } from './blockedTridiagonalize.js';
import { tridiagonalQL } from './tridiagonalQL.js';

/** Options of {@link symmetricEigen}. */
export interface SymmetricEigenOptions {
  /** Compute eigenvectors (default true). Values-only skips steps 2 and the rotations in 3. */
  vectors?: boolean;
  /**
   * How the eigenvectors are found (values-only always uses QL's O(n²) recurrence):
   * - 'ql' (default): steps 1–3 above, ≈ 8.7n³ flops;
   * - 'dc': Householder tridiagonalisation, divide and conquer on the tridiagonal
   *   (tridiagonalEigenDC.ts) and one back-transformation through the reflectors
   *   (householderBackTransform.ts, blocked compact WY) — LAPACK dsyevd's route, ≈ 4.7n³ flops at most (less when
   *   the merges deflate), 2–3× faster at n = 256. The eigenvalues agree with 'ql' to rounding
   *   (not bit for bit); both meet the same accuracy bounds (test/linalg/symmetricEigen.test.ts).
   */
  method?: 'ql' | 'dc';
  /**
   * 'columns' (default): `vectors` is V with eigenvector j in column j. 'rows': `vectors` is Vᵀ,
   * eigenvector j in row j (contiguous; saves the final transpose).
   */
  layout?: 'columns' | 'rows';
  /** Cap on the total number of QL iterations (default 30·n, as in LAPACK dsteqr). */
  maxIterations?: number;
  /**
   * 'dc' only: compute the eigenvectors of values[from..n) alone (default 0: all); the others
   * are returned as zero vectors. The back-transformation through the reflectors, 2n³ of the
   * ≈ 4.7n³ flops, then costs 2(n − from)n² — for a rank-deficient matrix whose null space
   * needs no basis (a Monte Carlo draw with N < d: empiricalDraw.ts).
   */
  vectorsFrom?: number;
}

export interface SymmetricEigenResult {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /**
   * Row-major n × n orthogonal matrix V whose column j is a unit eigenvector for values[j]
   * (present when vectors were requested). Signs are arbitrary but deterministic.
   */
  vectors?: Float64Array;
  /** Total number of implicit QL iterations performed. */
  iterations: number;
}

/**
 * Relative tolerance on |A_ij − A_ji| (against max |A|) above which the input is rejected as
 * not symmetric. Products like O·Λ·Oᵀ are symmetric only to ~n·ε·‖A‖, so this is loose on
 * purpose; it is there to catch a wrong matrix, not rounding.
 */
const SYMMETRY_TOLERANCE = 1e-8;

/** Set only by {@link symmetricEigenOfOwnMatrix} for the duration of its call. */
let trusted = false;
let vectorBuffer: Float64Array | null = null;

/**
 * {@link symmetricEigen} of a matrix the caller formed itself, finite and exactly symmetric by
 * construction (a Monte Carlo draw's Σ̂ = mirrored Gram matrix): the O(n²) input checks are
 * skipped (the strided symmetry check alone is ~0.3 ms at n = 256); the result is the same.
 * With `vectorsOut` (length n², 'dc' with layout 'rows') the eigenvectors are written there
 * instead of a new array (a Monte Carlo reuses one buffer for every draw).
 */
export function symmetricEigenOfOwnMatrix(a: Float64Array, n: number, options: SymmetricEigenOptions = {}, vectorsOut?: Float64Array): SymmetricEigenResult {
  trusted = true;
  vectorBuffer = vectorsOut !== undefined && vectorsOut.length === n * n ? vectorsOut : null;
  try {
    return symmetricEigen(a, n, options);
  } finally {
    trusted = false;
    vectorBuffer = null;
  }
}

/**
 * Eigenvalues (ascending) and optionally eigenvectors of the symmetric n × n matrix `a`.
 *
 * @example
 * ```ts
 * symmetricEigen(new Float64Array([2, 1, 1, 2]), 2);   // { values: [1, 3], vectors: [≈ 0.707, 0.707, −0.707, 0.707], … }
 * ```
 */
export function symmetricEigen(a: Float64Array, n: number, options: SymmetricEigenOptions = {}): SymmetricEigenResult {
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError('options', options, 'must be an object');
  }
  requireInteger('n', n, 1);
  if (!trusted) requireFiniteFloat64Array('a', a, n * n);
  else requireFloat64Array('a', a, n * n);
  const wantVectors = options.vectors ?? true;
  if (typeof wantVectors !== 'boolean') {
    throw new InvalidArgumentError('options.vectors', wantVectors, 'must be a boolean');
  }
  const maxIterations =
    options.maxIterations === undefined ? 30 * n : requireInteger('options.maxIterations', options.maxIterations, 0);
  const method = options.method ?? 'ql';
  if (method !== 'ql' && method !== 'dc') throw new InvalidArgumentError('options.method', method, "must be 'ql' or 'dc'");
  const layout = options.layout ?? 'columns';
  if (layout !== 'columns' && layout !== 'rows') throw new InvalidArgumentError('options.layout', layout, "must be 'columns' or 'rows'");
  const from = options.vectorsFrom === undefined ? 0 : requireInteger('options.vectorsFrom', options.vectorsFrom, 0);
  if (from > n) throw new InvalidArgumentError('options.vectorsFrom', from, `must be <= n = ${n}`);
  if (from > 0 && method !== 'dc') throw new InvalidArgumentError('options.vectorsFrom', from, "applies to method 'dc' only");
  if (!trusted) requireSymmetric(a, n);
  if (wantVectors && method === 'dc') return divideAndConquer(a, n, layout, from);

  const w = Float64Array.from(a);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const tau = new Float64Array(n);
  tridiagonalize(w, n, d, e, tau, new Float64Array(n), new Float64Array(n));
  if (!allFinite(d) || !allFinite(e)) {
    // A rank-deficient matrix (exact zero eigenvalues) can shrink the trailing columns below the
    // double range in the plain sweep, whose reflectors then divide 0 by 0 (a 3 × 2048 data
    // matrix, issue 22); the paired sweep of the divide-and-conquer path does not. Redo it there.
    if (wantVectors) return divideAndConquer(a, n, layout, 0);
    tridiagonalizePaired(a, n, d, e, tau);
  }

  let z: Float64Array | null = null;
  if (wantVectors) {
    z = identity(n);
    accumulateQt(w, n, tau, z);
  }

  const iterations = tridiagonalQL(d, e, n, z, maxIterations);
  if (iterations < 0) {
    // The kernel reports failure as −(1 + index of the eigenvalue that failed to converge).
    const l = -iterations - 1;
    throw new ConvergenceError(`symmetric eigensolver (implicit QL, eigenvalue ${l})`, maxIterations, Math.abs(e[l]));
  }

  // Sort ascending; ties keep their QL order so the result is deterministic.
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x] - d[y] || x - y);
  const values = new Float64Array(n);
  for (let j = 0; j < n; j++) values[j] = d[order[j]];
  if (z === null) return { values, iterations };

  if (layout === 'rows') {
    const rows = w;
    for (let j = 0; j < n; j++) rows.set(z.subarray(order[j] * n, order[j] * n + n), j * n);
    return { values, vectors: rows, iterations };
  }
  // V[r, j] = Z[order[j], r]: a transpose with a row permutation, written into the no longer
  // needed work matrix. Blocked over r so the strided writes hit a small set of cache lines.
  const v = w;
  const B = 32;
  for (let r0 = 0; r0 < n; r0 += B) {
    const r1 = Math.min(r0 + B, n);
    for (let j = 0; j < n; j++) {
      const src = order[j] * n;
      for (let r = r0; r < r1; r++) v[r * n + j] = z[src + r];
    }
  }
  return { values, vectors: v, iterations };
}

/**
 * From this n on the 'dc' path tridiagonalises in panels (blockedTridiagonalize.ts, dsytrd's
 * scheme); below it with the fused unblocked sweep (tridiagonalize.ts). The blocked form halves
 * the memory traffic (one read of the trailing triangle per reflector instead of a read and a
 * write) but not the instructions: without fused multiply-add or vectors wider than two doubles,
 * its symmetric product plus its share of the panel products (≈ 24 SIMD operations per 4
 * elements and step) cost what the fused sweep does (≈ 25), so on one core it is no faster where
 * the caches keep up. Measured CPU time (bench/eigen.mjs phase split, 2-core machine at load
 * 17–22): n = 1024 121–141 ms unblocked vs 131–149 blocked, n = 2048 1516–1525 vs 1692–1760,
 * n = 4096 14.4 s vs 14.7 s. It is used from 3072 on, where the matrix (≥ 72 MB) is far out of
 * cache and the two are level on one core, because halving the traffic is what counts when
 * workers share the memory bus. Both meet the same accuracy bounds; the switch changes rounding.
 */
export let BLOCKED_FROM = 3072;
/** For benchmarks and tests: move the switch (returns the previous value). */
export function setBlockedFrom(n: number): number {
  const old = BLOCKED_FROM;
  BLOCKED_FROM = n;
  return old;
}

/** The reflectors of the last 'dc' call's size, reused (they never leave divideAndConquer). */
let reflectorBuffer = new Float64Array(0);

/** The 'dc' path with vectors: tridiagonalise, divide and conquer, back-transform the rows. */
function divideAndConquer(a: Float64Array, n: number, layout: 'columns' | 'rows', from: number): SymmetricEigenResult {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const tau = new Float64Array(n);
  if (reflectorBuffer.length !== n * n) reflectorBuffer = new Float64Array(n * n);
  const w = n >= BLOCKED_FROM ? tridiagonalizeBlocked(a, n, d, e, tau, reflectorBuffer) : tridiagonalizePaired(a, n, d, e, tau, reflectorBuffer);
  const z = layout === 'rows' && vectorBuffer !== null ? vectorBuffer : new Float64Array(n * n); // zeroed by tridiagonalEigenDC
  const iterations = tridiagonalEigenDC(d, e, n, z);
  if (iterations < 0) throw new ConvergenceError('symmetric eigensolver (divide and conquer, QL on a leaf block)', 30 * n, NaN);
  // Rows are independent: only those of the wanted eigenvectors go through the reflectors.
  if (from < n) applyReflectorsToRowsBlocked(w, n, tau, from === 0 ? z : z.subarray(from * n), n - from);
  z.fill(0, 0, from * n);
  if (layout === 'rows') return { values: d, vectors: z, iterations };
  const v = new Float64Array(n * n);
  transposeKernel(z, n, n, v);
  return { values: d, vectors: v, iterations };
}

function allFinite(x: Float64Array): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}

/** Reject a matrix whose two triangles differ by more than {@link SYMMETRY_TOLERANCE}·max|A|. */
function requireSymmetric(a: Float64Array, n: number): void {
  let amax = 0;
  for (let i = 0; i < n * n; i++) {
    const t = Math.abs(a[i]);
    if (t > amax) amax = t;
  }
  const tol = SYMMETRY_TOLERANCE * amax;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const lo = a[i * n + j];
      const up = a[j * n + i];
      if (Math.abs(lo - up) > tol) {
        throw new InvalidArgumentError(
          `a[${i},${j}]`,
          lo,
          `matrix must be symmetric, but a[${j},${i}] = ${up}`,
        );
      }
    }
  }
}
