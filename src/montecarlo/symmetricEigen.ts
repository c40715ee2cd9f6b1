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
 * Only the lower triangle of A is used (LAPACK uplo = 'L'); the input is checked to be
 * symmetric up to a small relative tolerance and is never modified.
 */
import { ConvergenceError, InvalidArgumentError } from '../errors.js';
import { requireInteger } from '../validate.js';
import { identity, requireFiniteFloat64Array } from './matrix.js';

export interface SymmetricEigenOptions {
  /** Compute eigenvectors (default true). Values-only skips steps 2 and the rotations in 3. */
  vectors?: boolean;
  /** Cap on the total number of QL iterations (default 30·n, as in LAPACK dsteqr). */
  maxIterations?: number;
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

/** Eigenvalues (ascending) and optionally eigenvectors of the symmetric n × n matrix `a`. */
export function symmetricEigen(a: Float64Array, n: number, options: SymmetricEigenOptions = {}): SymmetricEigenResult {
  if (options === null || typeof options !== 'object') {
    throw new InvalidArgumentError('options', options, 'must be an object');
  }
  requireInteger('n', n, 1);
  requireFiniteFloat64Array('a', a, n * n);
  const wantVectors = options.vectors ?? true;
  if (typeof wantVectors !== 'boolean') {
    throw new InvalidArgumentError('options.vectors', wantVectors, 'must be a boolean');
  }
  const maxIterations =
    options.maxIterations === undefined ? 30 * n : requireInteger('options.maxIterations', options.maxIterations, 0);
  requireSymmetric(a, n);

  const w = Float64Array.from(a);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const tau = new Float64Array(n);
  tridiagonalize(w, n, d, e, tau, new Float64Array(n), new Float64Array(n));

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
 * Householder reduction of the symmetric matrix in `w` (lower triangle read) to tridiagonal form:
 * diagonal into d[0..n), subdiagonal into e[0..n−1) with e[i] = T[i+1, i], e[n−1] = 0.
 *
 * On exit row k of `w` holds the Householder vector v_k in columns k+1..n−1 (v_k[k+1] = 1) and
 * tau[k] its scale (τ = 0 means H_k = I, and then v_k is stored as zeros), for k = 0..n−3.
 * `p` and `q` are scratch vectors of length n.
 *
 * Step k, with x = A[k+1:, k] (column k below the diagonal, see {@link reflectColumn}):
 *   H_k = I − τ v vᵀ maps x to β e₁, and the trailing block B = A[k+1:, k+1:] becomes
 *   H B H = B − v wᵀ − w vᵀ with p = τ B v, w = p − (τ/2)(pᵀv) v.
 * B v is formed from the lower triangle by a row sweep that uses each stored B_ij (j < i) twice,
 * for (Bv)_i and, by symmetry, (Bv)_j — all accesses along rows.
 *
 * Done naively, each step sweeps the trailing triangle twice: once for B v, once for the rank-2
 * update. Here the two are fused across consecutive steps: after step k's w is known, first
 * update column k+1 alone (O(n)), which is all that v_{k+1} depends on; then one sweep both
 * applies step k's update to each remaining element and immediately accumulates that element's
 * contributions to B' v_{k+1} for step k+1. The floating-point operations and their order are
 * exactly those of the two-sweep version; only the memory traffic over the n²/2-element
 * triangle is halved, which is what limits the speed once the matrix outgrows the cache
 * (d ≳ 400).
 */
export function tridiagonalize(
  w: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
  p: Float64Array,
  q: Float64Array,
): void {
  if (n >= 3) {
    // p = τ_0 · B_0 v_0 for the first reflector.
    reflectColumn(w, n, 0, e, tau);
    if (tau[0] !== 0) {
      for (let j = 1; j < n; j++) p[j] = 0;
      for (let i = 1; i < n; i++) {
        const ri = i * n;
        const vi = w[i];
        let s = 0;
        for (let j = 1; j < i; j++) {
          const bij = w[ri + j];
          s += bij * w[j];
          p[j] += bij * vi;
        }
        p[i] += s + w[ri + i] * vi;
      }
      for (let j = 1; j < n; j++) p[j] *= tau[0];
    }
    for (let k = 0; k <= n - 3; k++) {
      const rk = k * n;
      const tk = tau[k];
      if (tk === 0) {
        // H_k = I (v_k stored as zeros): the update below then subtracts exact zeros.
        for (let j = k + 1; j < n; j++) p[j] = 0;
      } else {
        // w_k = p − (τ/2)(pᵀv) v, stored over p.
        let pv = 0;
        for (let j = k + 1; j < n; j++) pv += p[j] * w[rk + j];
        const half = 0.5 * tk * pv;
        for (let j = k + 1; j < n; j++) p[j] -= half * w[rk + j];
      }
      // Column c = k+1 of the trailing block (rows j ≥ c), updated first: v_{c} depends on it.
      const c = k + 1;
      const pc = p[c];
      const vc = w[rk + c];
      for (let j = c; j < n; j++) w[j * n + c] -= w[rk + j] * pc + p[j] * vc;

      const more = c <= n - 3 && reflectColumn(w, n, c, e, tau);
      if (more) {
        // Fused sweep over rows i > c, columns c < j ≤ i: step k's rank-2 update, then the
        // updated B_ij's two contributions to q = B' v_c.
        const rc = c * n;
        for (let j = c + 1; j < n; j++) q[j] = 0;
        for (let i = c + 1; i < n; i++) {
          const ri = i * n;
          const vi = w[rk + i];
          const wi = p[i];
          const ui = w[rc + i];
          let s = 0;
          for (let j = c + 1; j < i; j++) {
            const bij = w[ri + j] - (vi * p[j] + wi * w[rk + j]);
            w[ri + j] = bij;
            s += bij * w[rc + j];
            q[j] += bij * ui;
          }
          const bii = w[ri + i] - (vi * p[i] + wi * w[rk + i]);
          w[ri + i] = bii;
          q[i] += s + bii * ui;
        }
        const tc = tau[c];
        for (let j = c + 1; j < n; j++) p[j] = q[j] * tc;
      } else {
        // Last reflector, or H_c = I: only the update remains.
        for (let i = c + 1; i < n; i++) {
          const ri = i * n;
          const vi = w[rk + i];
          const wi = p[i];
          for (let j = c + 1; j <= i; j++) w[ri + j] -= vi * p[j] + wi * w[rk + j];
        }
      }
    }
  }
  for (let i = 0; i < n; i++) d[i] = w[i * n + i];
  if (n >= 2) e[n - 2] = w[(n - 1) * n + (n - 2)];
  e[n - 1] = 0;
}

/**
 * Householder vector for column k of `w` below the diagonal, x = (w[k+1, k], …, w[n−1, k]):
 *   β = −sign(x₀)‖x‖ (the sign opposite to x₀, so x₀ − β involves no cancellation),
 *   v = x / (x₀ − β) (so v₀ = 1), τ = (β − x₀)/β, and (I − τ v vᵀ) x = β e₁.
 * Stores v in row k, columns k+1..n−1, β in e[k], τ in tau[k]; returns τ ≠ 0. If x is already a
 * multiple of e₁ (e.g. diagonal input) it sets τ = 0, e[k] = x₀ and v = 0 — skipping the
 * reflection keeps such matrices exact. ‖x‖ is computed after scaling by max |x_i| so that
 * entries near the overflow/underflow thresholds are safe.
 */
function reflectColumn(w: Float64Array, n: number, k: number, e: Float64Array, tau: Float64Array): boolean {
  const rk = k * n;
  const alpha = w[(k + 1) * n + k];
  let tailMax = 0;
  for (let j = k + 2; j < n; j++) {
    const t = Math.abs(w[j * n + k]);
    if (t > tailMax) tailMax = t;
  }
  if (tailMax === 0) {
    e[k] = alpha;
    tau[k] = 0;
    for (let j = k + 1; j < n; j++) w[rk + j] = 0;
    return false;
  }
  const scale = Math.max(Math.abs(alpha), tailMax);
  const invScale = 1 / scale;
  let sumsq = 0;
  for (let j = k + 1; j < n; j++) {
    const t = w[j * n + k] * invScale;
    sumsq += t * t;
  }
  const norm = scale * Math.sqrt(sumsq);
  const beta = alpha >= 0 ? -norm : norm;
  const vScale = 1 / (alpha - beta);
  w[rk + k + 1] = 1;
  for (let j = k + 2; j < n; j++) w[rk + j] = w[j * n + k] * vScale;
  e[k] = beta;
  tau[k] = (beta - alpha) / beta;
  return true;
}

/**
 * Overwrite z (= I on entry) with Qᵀ = H_{n−3} ⋯ H_0 from the reflectors left in `w` by
 * {@link tridiagonalize}, so that row i of z is column i of Q.
 *
 * Reflectors are applied from the right, last one first (z ← z·H_k for k = n−3, …, 0). At the
 * time H_k is applied, z is the identity outside rows/columns ≥ k+1, so only that trailing block
 * changes ("backward accumulation", which saves a factor ~2 over applying H_0 first). Each row
 * update is a dot product with v_k followed by an axpy, both along the row.
 *
 * Two reflectors are applied per sweep over z (a rank-2 form of the WY representation, Golub &
 * Van Loan §5.1.7): for row z_i, with v = v_k, u = v_{k−1},
 *   s₁ = τ_k (z_i·v),  s₂ = τ_{k−1} (z_i·u − s₁ (v·u)),  z_i ← z_i − s₁ v − s₂ u,
 * which is z_i·H_k·H_{k−1} with one read of z_i for both dot products and one read-modify-write,
 * instead of two of each — about 30% faster for d ≥ 256, where the loop is memory-bound.
 */
export function accumulateQt(w: Float64Array, n: number, tau: Float64Array, z: Float64Array): void {
  let k = n - 3;
  for (; k >= 1; k -= 2) {
    const t1 = tau[k];
    const t2 = tau[k - 1];
    if (t1 === 0 && t2 === 0) continue;
    // v = v_k lives in row k, columns k+1..n−1; u = v_{k−1} in row k−1, columns k..n−1. A
    // reflector with τ = 0 was never written (its row holds stale but finite entries), and
    // enters only multiplied by τ = 0.
    const rv = k * n;
    const ru = (k - 1) * n;
    let vu = 0;
    for (let j = k + 1; j < n; j++) vu += w[rv + j] * w[ru + j];
    const uk = w[ru + k];
    // Rows < k are untouched by both reflectors; row k is e_kᵀ before this step, so only H_{k−1}
    // changes it (s₁ = 0 there automatically).
    for (let i = k; i < n; i++) {
      const ri = i * n;
      let dv = 0;
      let du = z[ri + k] * uk;
      for (let j = k + 1; j < n; j++) {
        const zij = z[ri + j];
        dv += zij * w[rv + j];
        du += zij * w[ru + j];
      }
      const s1 = t1 * dv;
      const s2 = t2 * (du - s1 * vu);
      if (s1 === 0 && s2 === 0) continue;
      z[ri + k] -= s2 * uk;
      for (let j = k + 1; j < n; j++) z[ri + j] -= s1 * w[rv + j] + s2 * w[ru + j];
    }
  }
  // n − 2 reflectors in all; when that count is odd, H_0 is left over.
  if (k === 0 && tau[0] !== 0) {
    const t0 = tau[0];
    for (let i = 1; i < n; i++) {
      const ri = i * n;
      let dv = 0;
      for (let j = 1; j < n; j++) dv += z[ri + j] * w[j];
      const s0 = t0 * dv;
      if (s0 === 0) continue;
      for (let j = 1; j < n; j++) z[ri + j] -= s0 * w[j];
    }
  }
}

/**
 * Implicit QL with Wilkinson shifts on the symmetric tridiagonal (d, e), e[i] = T[i+1, i],
 * e[n−1] = 0. On exit d holds the eigenvalues (unsorted). If z is given, every plane rotation
 * G_i (acting on coordinates i, i+1) is also applied to rows i, i+1 of z, so the rows of z
 * become the eigenvectors. As in LAPACK dsteqr, a sweep's rotations are only recorded while the
 * sweep runs (they depend on d and e alone) and are applied to z afterwards, all at once, by
 * {@link applyRotationSweep}.
 *
 * Returns the total number of QL iterations, or −(1 + l) if eigenvalue l had not converged when
 * the total reached maxIterations.
 *
 * For each l, look for the first m ≥ l with a negligible e[m], |e[m]| ≤ ε(|d[m]| + |d[m+1]|)
 * (a local test, as in LAPACK dsteqr: it makes small eigenvalues of graded matrices converge to
 * good relative accuracy, unlike a test against ‖T‖). If m = l, d[l] is an eigenvalue. Otherwise
 * do one QL sweep on the block l..m: the shift is the eigenvalue of the leading 2 × 2 block
 * [[d_l, e_l], [e_l, d_{l+1}]] closest to d_l (Wilkinson's shift, which gives global and, for
 * symmetric tridiagonals, cubic convergence), and the sweep chases the bulge from the bottom
 * row m up to l with plane rotations, never forming the shifted matrix explicitly.
 */
export function tridiagonalQL(
  d: Float64Array,
  e: Float64Array,
  n: number,
  z: Float64Array | null,
  maxIterations: number,
): number {
  const eps = Number.EPSILON;
  let iterations = 0;
  // Cosines and sines of the current sweep's rotations, indexed by i (recorded even without
  // vectors: two stores per rotation cost nothing next to the rest of the step).
  const cs = new Float64Array(n);
  const sn = new Float64Array(n);
  for (let l = 0; l < n; l++) {
    for (;;) {
      let m = l;
      while (m < n - 1) {
        if (Math.abs(e[m]) <= eps * (Math.abs(d[m]) + Math.abs(d[m + 1]))) break;
        m++;
      }
      if (m === l) break;
      if (iterations >= maxIterations) return -(1 + l);
      iterations++;

      // Wilkinson shift μ = d_l − e_l / (g ± √(g² + 1)), g = (d_{l+1} − d_l) / (2 e_l), with the
      // sign of g so the denominator does not cancel; start the sweep from g = d_m − μ.
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = hypot(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // f and g both underflowed: the block splits here. Undo the pending shift and
          // restart the search for a negligible e from l.
          d[i + 1] -= p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        cs[i] = c;
        sn[i] = s;
      }
      // Rotations m−1 down to i+1 were completed (i = l − 1 unless the sweep stopped early).
      if (z !== null) applyRotationSweep(z, n, i + 1, m, cs, sn);
      if (i >= l) continue; // early exit from the sweep (underflow split)
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  return iterations;
}

/**
 * Apply the rotations of one QL sweep, i = hi−1 down to lo, to rows lo..hi of z: rotation i maps
 * (z_i, z_{i+1}) ← (c_i z_i − s_i z_{i+1}, s_i z_i + c_i z_{i+1}).
 *
 * Applied one after another, each rotation would read and write two whole rows. But row i+1's
 * final value is known as soon as rotation i is done, and the new row i is only an intermediate
 * that rotation i−1 consumes next. So, column by column, we carry that intermediate in a local
 * variable t down the sweep: t ← z_hi; for each i: z_{i+1} ← s_i z_i + c_i t, t ← c_i z_i − s_i t;
 * finally z_lo ← t. Every element of z is then read once and written once per sweep instead of
 * twice each. Columns go in strips of 8 (one 64-byte cache line) with the eight carries in
 * locals, so the downward walk touches each cache line once; the arithmetic per element is
 * exactly that of the row-by-row order, so the results are bit-identical to it.
 */
export function applyRotationSweep(
  z: Float64Array,
  n: number,
  lo: number,
  hi: number,
  cs: Float64Array,
  sn: Float64Array,
): void {
  if (hi <= lo) return;
  let k = 0;
  for (; k + 8 <= n; k += 8) {
    let o = hi * n + k;
    let t0 = z[o], t1 = z[o + 1], t2 = z[o + 2], t3 = z[o + 3];
    let t4 = z[o + 4], t5 = z[o + 5], t6 = z[o + 6], t7 = z[o + 7];
    for (let i = hi - 1; i >= lo; i--) {
      const c = cs[i];
      const s = sn[i];
      const ri = i * n + k;
      const rj = ri + n;
      let a = z[ri];
      z[rj] = s * a + c * t0;
      t0 = c * a - s * t0;
      a = z[ri + 1];
      z[rj + 1] = s * a + c * t1;
      t1 = c * a - s * t1;
      a = z[ri + 2];
      z[rj + 2] = s * a + c * t2;
      t2 = c * a - s * t2;
      a = z[ri + 3];
      z[rj + 3] = s * a + c * t3;
      t3 = c * a - s * t3;
      a = z[ri + 4];
      z[rj + 4] = s * a + c * t4;
      t4 = c * a - s * t4;
      a = z[ri + 5];
      z[rj + 5] = s * a + c * t5;
      t5 = c * a - s * t5;
      a = z[ri + 6];
      z[rj + 6] = s * a + c * t6;
      t6 = c * a - s * t6;
      a = z[ri + 7];
      z[rj + 7] = s * a + c * t7;
      t7 = c * a - s * t7;
    }
    o = lo * n + k;
    z[o] = t0;
    z[o + 1] = t1;
    z[o + 2] = t2;
    z[o + 3] = t3;
    z[o + 4] = t4;
    z[o + 5] = t5;
    z[o + 6] = t6;
    z[o + 7] = t7;
  }
  for (; k < n; k++) {
    let t = z[hi * n + k];
    for (let i = hi - 1; i >= lo; i--) {
      const ri = i * n + k;
      const a = z[ri];
      z[ri + n] = sn[i] * a + cs[i] * t;
      t = cs[i] * a - sn[i] * t;
    }
    z[lo * n + k] = t;
  }
}

/** √(a² + b²) without overflow or destructive underflow (Math.hypot is variadic and slow). */
function hypot(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  if (a < b) {
    const t = a;
    a = b;
    b = t;
  }
  if (a === 0) return 0;
  const q = b / a;
  return a * Math.sqrt(1 + q * q);
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
