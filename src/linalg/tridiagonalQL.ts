/** Implicit QL with Wilkinson shifts on a symmetric tridiagonal (step 3 of symmetricEigen.ts). */

/** Sweeps on one eigenvalue after which the absolute test joins the local one (see tridiagonalQL). */
const STALL_SWEEPS = 30;

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
  // The local test alone can stall: on a graded block whose lower rows are far below rounding
  // of the top (a rank-deficient covariance: exact zero eigenvalues computed as 1e-14 … 1e-200),
  // s·e underflows to 0 in the chase and a sweep changes nothing, forever (issue 22). After
  // STALL_SWEEPS sweeps on one eigenvalue, e is also negligible against ε‖T‖ (EISPACK tql2's
  // test) from then on: zero eigenvalues converge to absolute accuracy ε‖T‖, the only accuracy
  // the rounding of such a matrix supports; matrices that never stall are treated as before.
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]) + Math.abs(e[i]));
  let floor = 0;
  for (let l = 0; l < n; l++) {
    let sweeps = 0;
    for (;;) {
      let m = l;
      while (m < n - 1) {
        const em = Math.abs(e[m]);
        if (em <= eps * (Math.abs(d[m]) + Math.abs(d[m + 1])) || em <= floor) break;
        m++;
      }
      if (m === l) break;
      if (iterations >= maxIterations) return -(1 + l);
      iterations++;
      if (++sweeps > STALL_SWEEPS) floor = eps * norm;

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
