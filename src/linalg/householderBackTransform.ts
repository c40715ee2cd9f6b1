/**
 * Back-transformation of eigenvectors through the Householder reflectors of tridiagonalize.ts
 * (LAPACK dormtr's job), without forming Q.
 *
 * With T = QᵀAQ, Q = H_0 H_1 ⋯ H_{n−3}, and T = S Λ Sᵀ, the eigenvectors of A are the columns of
 * V = Q S. Stored as rows (Z = Sᵀ, one eigenvector per row, as tridiagonalEigenDC.ts returns
 * them) this is Vᵀ = Z Qᵀ = Z H_{n−3} ⋯ H_0: every row y is multiplied from the right by the
 * reflectors, last first, y ← y − τ_k (y·v_k) v_kᵀ, where v_k is non-zero on entries k+1..n−1
 * only. That is 2n³ flops — against 4n³/3 for forming Qᵀ explicitly plus the 2n³ of multiplying
 * by it, or the ≈ 6n³ of applying QL's rotations to Qᵀ.
 *
 * Rows are independent, so the kernel takes four at a time: each reflector entry is loaded once
 * for four dot products and four updates, and the four accumulators run as independent chains.
 * The arithmetic on each row is exactly that of the one-row loop (same order), so the grouping
 * does not change a bit of the result.
 */
import { crossProductKernel } from './gram.js';

/**
 * rows (count × n, row-major) ← rows · H_{n−3} ⋯ H_0, with reflector k stored by tridiagonalize
 * in row k of `w` (columns k+1..n−1, w[k·n + k + 1] = 1) and its scale in tau[k] (0: H_k = I).
 */
export function applyReflectorsToRows(w: Float64Array, n: number, tau: Float64Array, rows: Float64Array, count: number): void {
  let r = 0;
  for (; r + 4 <= count; r += 4) {
    const y0 = r * n, y1 = y0 + n, y2 = y1 + n, y3 = y2 + n;
    for (let k = n - 3; k >= 0; k--) {
      const t = tau[k];
      if (t === 0) continue;
      const vk = k * n;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let j = k + 1; j < n; j++) {
        const v = w[vk + j];
        s0 += rows[y0 + j] * v;
        s1 += rows[y1 + j] * v;
        s2 += rows[y2 + j] * v;
        s3 += rows[y3 + j] * v;
      }
      s0 *= t; s1 *= t; s2 *= t; s3 *= t;
      for (let j = k + 1; j < n; j++) {
        const v = w[vk + j];
        rows[y0 + j] -= s0 * v;
        rows[y1 + j] -= s1 * v;
        rows[y2 + j] -= s2 * v;
        rows[y3 + j] -= s3 * v;
      }
    }
  }
  for (; r < count; r++) {
    const y = r * n;
    for (let k = n - 3; k >= 0; k--) {
      const t = tau[k];
      if (t === 0) continue;
      const vk = k * n;
      let s = 0;
      for (let j = k + 1; j < n; j++) s += rows[y + j] * w[vk + j];
      s *= t;
      for (let j = k + 1; j < n; j++) rows[y + j] -= s * w[vk + j];
    }
  }
}

/** Reflectors per block of the compact-WY form. */
const BLOCK = 32;

/**
 * Same product as {@link applyReflectorsToRows}, computed in blocks of 32 reflectors with the
 * compact WY representation (Schreiber & Van Loan, SIAM J. Sci. Stat. Comput. 10, 1989; LAPACK
 * dlarft/dlarfb): for the reflectors G_1 = H_k, G_2 = H_{k−1}, …, G_b in the order they are
 * applied, G_1 ⋯ G_b = I − V T Vᵀ with V = [v_1 … v_b] and T upper triangular,
 * T_ii = τ_i, T[0:i, i] = −τ_i T[0:i, 0:i] V[:, 0:i]ᵀ v_i. Then
 *     Y ← Y − ((Y V) T) Vᵀ,
 * two matrix products done by the register-blocked crossProductKernel (gram.ts), which moves
 * far less data per flop than a reflector at a time. Same flops (2n³ for n rows), a different
 * rounding than the one-at-a-time loop, deterministic. `work` is scratch of at least
 * 3·32·n + 32·count + 32² entries (allocated when omitted).
 */
export function applyReflectorsToRowsBlocked(w: Float64Array, n: number, tau: Float64Array, rows: Float64Array, count: number, work?: Float64Array): void {
  if (n < 3) return;
  const need = 3 * BLOCK * n + BLOCK * count + BLOCK * BLOCK;
  const ws = work !== undefined && work.length >= need ? work : new Float64Array(need);
  const vt = ws.subarray(0, BLOCK * n); // b × L: row i = v_i on columns c0..n−1
  const v = ws.subarray(BLOCK * n, 2 * BLOCK * n); // L × b (the transpose)
  const g = ws.subarray(2 * BLOCK * n, 3 * BLOCK * n);
  const W = ws.subarray(3 * BLOCK * n, 3 * BLOCK * n + BLOCK * count); // count × b
  const T = ws.subarray(3 * BLOCK * n + BLOCK * count, need); // b × b
  for (let khi = n - 3; khi >= 0; khi -= BLOCK) {
    const klo = Math.max(0, khi - BLOCK + 1);
    const b = khi - klo + 1;
    const c0 = klo + 1;
    const L = n - c0;
    vt.fill(0, 0, b * L);
    for (let i = 0; i < b; i++) {
      const k = khi - i;
      if (tau[k] === 0) continue;
      const src = k * n;
      const dst = i * L - c0;
      for (let j = k + 1; j < n; j++) vt[dst + j] = w[src + j];
    }
    for (let i = 0; i < b; i++) for (let j = 0; j < L; j++) v[j * b + i] = vt[i * L + j];
    // T, column by column: g_m = v_m·v_i (m < i), T[0:i, i] = −τ_i T[0:i, 0:i] g.
    T.fill(0, 0, b * b);
    for (let i = 0; i < b; i++) {
      const t = tau[khi - i];
      T[i * b + i] = t;
      if (t === 0 || i === 0) continue;
      const oi = i * L;
      for (let m = 0; m < i; m++) {
        const om = m * L;
        let s = 0;
        for (let j = 0; j < L; j++) s += vt[om + j] * vt[oi + j];
        g[m] = s;
      }
      for (let l = 0; l < i; l++) {
        let s = 0;
        for (let m = l; m < i; m++) s += T[l * b + m] * g[m];
        T[l * b + i] = -t * s;
      }
    }
    // W = Y V, then W ← −W T (in place, high columns first), then Y += W Vᵀ.
    crossProductKernel(count, b, L, rows, c0, n, vt, 0, L, W, 0, b);
    for (let r = 0; r < count; r++) {
      const o = r * b;
      for (let i = b - 1; i >= 0; i--) {
        let s = 0;
        for (let l = 0; l <= i; l++) s += W[o + l] * T[l * b + i];
        W[o + i] = -s;
      }
    }
    crossProductKernel(count, L, b, W, 0, b, v, 0, b, rows, c0, n, true);
  }
}
