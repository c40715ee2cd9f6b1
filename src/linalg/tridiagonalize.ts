/** Householder tridiagonalisation T = QᵀAQ and the explicit Qᵀ (step 1–2 of symmetricEigen.ts). */
import { wasmArena } from './wasmKernels.js';

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
 *
 * `sweep`, when given, replaces that fused sweep (same operations per element; the divide-and-
 * conquer path passes {@link pairSweep} or its WebAssembly twin, which sum each row's dot product
 * in two lanes). Without it the arithmetic is exactly the original single-accumulator loop, which
 * the QL path keeps.
 */
export function tridiagonalize(
  w: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  tau: Float64Array,
  p: Float64Array,
  q: Float64Array,
  sweep?: (k: number, c: number) => void,
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
        if (sweep !== undefined) sweep(k, c);
        else for (let i = c + 1; i < n; i++) {
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
 * The fused sweep of {@link tridiagonalize} for step k (c = k + 1) with each row's dot product
 * s = Σ_j b_ij u_j summed in two lanes — even and odd offsets from c + 1, added at the end of the
 * row, an odd leftover last — the order of the WebAssembly SIMD kernel (wasmKernels.ts sweep2),
 * so the two give the same bits. Per element the update and q's accumulation are unchanged.
 */
export function pairSweep(w: Float64Array, n: number, k: number, c: number, p: Float64Array, q: Float64Array): void {
  const rk = k * n;
  const rc = c * n;
  for (let i = c + 1; i < n; i++) {
    const ri = i * n;
    const vi = w[rk + i];
    const wi = p[i];
    const ui = w[rc + i];
    let s0 = 0;
    let s1 = 0;
    let j = c + 1;
    for (; j + 1 < i; j += 2) {
      const b0 = w[ri + j] - (vi * p[j] + wi * w[rk + j]);
      w[ri + j] = b0;
      s0 += b0 * w[rc + j];
      q[j] += b0 * ui;
      const b1 = w[ri + j + 1] - (vi * p[j + 1] + wi * w[rk + j + 1]);
      w[ri + j + 1] = b1;
      s1 += b1 * w[rc + j + 1];
      q[j + 1] += b1 * ui;
    }
    let s = s0 + s1;
    if (j < i) {
      const b = w[ri + j] - (vi * p[j] + wi * w[rk + j]);
      w[ri + j] = b;
      s += b * w[rc + j];
      q[j] += b * ui;
    }
    const bii = w[ri + i] - (vi * p[i] + wi * w[rk + i]);
    w[ri + i] = bii;
    q[i] += s + bii * ui;
  }
}

/**
 * {@link tridiagonalize} of a copy of `a` with the two-lane row sweep (the divide-and-conquer
 * path's): in the WebAssembly arena with the SIMD kernel when available, else with
 * {@link pairSweep} — the same bits either way. Returns the work matrix with the reflectors
 * (in `out` when it has length n²).
 */
export function tridiagonalizePaired(a: Float64Array, n: number, d: Float64Array, e: Float64Array, tau: Float64Array, out?: Float64Array): Float64Array {
  const result = out !== undefined && out.length === n * n ? out : new Float64Array(n * n);
  const arena = wasmArena();
  if (arena !== null) {
    const ow = arena.alloc(n * n);
    const op = arena.alloc(n);
    const oq = arena.alloc(n);
    const view = arena.view;
    const wa = view.subarray(ow, ow + n * n);
    wa.set(a.subarray(0, n * n));
    tridiagonalize(wa, n, d, e, tau, view.subarray(op, op + n), view.subarray(oq, oq + n), (k, c) => arena.sweep(n, c, k, ow, op, oq));
    result.set(wa); // out of the arena: the next kernel starts a new one
    return result;
  }
  const w = result;
  w.set(a.subarray(0, n * n));
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  tridiagonalize(w, n, d, e, tau, p, q, (k, c) => pairSweep(w, n, k, c, p, q));
  return w;
}
