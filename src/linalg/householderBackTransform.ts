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
import { crossProductKernel, crossProductTiles } from './gram.js';
import { wasmArena } from './wasmKernels.js';

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

let scratch: { n: number; vt: Float64Array; v: Float64Array; g: Float64Array; T: Float64Array; Tt: Float64Array; G: Float64Array } | null = null;

/**
 * Same product as {@link applyReflectorsToRows}, computed in blocks of 32 reflectors with the
 * compact WY representation (Schreiber & Van Loan, SIAM J. Sci. Stat. Comput. 10, 1989; LAPACK
 * dlarft/dlarfb): for the reflectors G_1 = H_k, G_2 = H_{k−1}, …, G_b in the order they are
 * applied, G_1 ⋯ G_b = I − V T Vᵀ with V = [v_1 … v_b] and T upper triangular,
 * T_ii = τ_i, T[0:i, i] = −τ_i T[0:i, 0:i] V[:, 0:i]ᵀ v_i. Then
 *     Y ← Y − ((Y V) T) Vᵀ,
 * two matrix products (register-blocked dot products, gram.ts), which move far less data per
 * flop than a reflector at a time. Same flops (2n³ for n rows), a different rounding than the
 * one-at-a-time loop, deterministic. With WebAssembly SIMD the rows stay in the module's memory
 * for all blocks (wasmKernels.ts arena) instead of being copied for every product; the products
 * are the same dot products either way, so the result is bit-identical.
 */
export function applyReflectorsToRowsBlocked(w: Float64Array, n: number, tau: Float64Array, rows: Float64Array, count: number): void {
  if (n < 3) return;
  // Scratch (every entry read is written first in each block), reused between calls of one n.
  if (scratch === null || scratch.n !== n) {
    scratch = { n, vt: new Float64Array(BLOCK * n), v: new Float64Array(BLOCK * n), g: new Float64Array(BLOCK), T: new Float64Array(BLOCK * BLOCK), Tt: new Float64Array(BLOCK * BLOCK), G: new Float64Array(BLOCK * BLOCK) };
  }
  const { vt, v, g, T, Tt, G } = scratch; // vt: b × L, row i = v_i on columns c0..n−1; v: L × b (the transpose)
  const arena = wasmArena();
  let mem: Float64Array;
  let oy: number;
  let ow: number;
  let op: number;
  if (arena !== null) {
    oy = arena.alloc(count * n);
    ow = arena.alloc(count * BLOCK);
    op = arena.alloc(count * BLOCK);
    mem = arena.view;
    mem.set(rows.subarray(0, count * n), oy);
  } else {
    mem = rows;
    oy = 0;
    ow = 0;
    op = count * BLOCK;
  }
  const Wts = arena === null ? new Float64Array(2 * count * BLOCK) : null;
  // G = the Gram matrix of the block's vectors (rows of vt), leading dimension BLOCK: each entry
  // the dot product summed in order, so the two forms agree bit for bit (and with gramKernel).
  let gram: (b: number, L: number) => void;
  if (arena !== null) {
    const ov = arena.alloc(BLOCK * n);
    const og = arena.alloc(BLOCK * BLOCK);
    mem = arena.view;
    gram = (b, L) => {
      const f = arena.view;
      f.set(vt.subarray(0, b * L), ov);
      arena.cross(b, b, L, ov, L, vt, 0, L, og, BLOCK, false);
      const h = arena.view;
      for (let i = 0; i < b; i++) G.set(h.subarray(og + i * BLOCK, og + i * BLOCK + b), i * BLOCK);
    };
  } else gram = (b, L) => crossProductTiles(b, b, L, vt, 0, L, vt, 0, L, G, 0, BLOCK, false);
  for (let khi = n - 3; khi >= 0; khi -= BLOCK) {
    const klo = Math.max(0, khi - BLOCK + 1);
    const b = khi - klo + 1;
    const c0 = klo + 1;
    const L = n - c0;
    blockFactor(w, n, tau, khi, b, c0, L, vt, arena === null ? v : null, g, T, Tt, G, gram);
    // W = Y V, then W ← −W T, then Y += W Vᵀ.
    if (arena !== null) {
      arena.cross(count, b, L, oy + c0, n, vt, 0, L, ow, b, false);
      arena.cross(count, b, b, ow, b, Tt, 0, b, op, b, false);
      negateInto(arena.view, ow, op, count, b);
      arena.cross(count, L, b, ow, b, vt, 0, L, oy + c0, n, true, true); // B = v, read from vt = vᵀ
      mem = arena.view;
    } else {
      const W = Wts!;
      crossProductKernel(count, b, L, rows, c0, n, vt, 0, L, W, ow, b);
      crossProductKernel(count, b, b, W, ow, b, Tt, 0, b, W, op, b);
      negateInto(W, ow, op, count, b);
      crossProductKernel(count, L, b, W, ow, b, v, 0, b, rows, c0, n, true);
    }
  }
  if (arena !== null) rows.set(mem.subarray(oy, oy + count * n));
}

/** vt (b × L) and v (L × b, when given) hold reflectors khi, khi−1, … on columns c0..n−1; T their WY factor, Tt = Tᵀ; G scratch. */
function blockFactor(w: Float64Array, n: number, tau: Float64Array, khi: number, b: number, c0: number, L: number, vt: Float64Array, v: Float64Array | null, g: Float64Array, T: Float64Array, Tt: Float64Array, G: Float64Array, gram: (b: number, L: number) => void): void {
  vt.fill(0, 0, b * L);
  for (let i = 0; i < b; i++) {
    const k = khi - i;
    if (tau[k] === 0) continue;
    const src = k * n;
    const dst = i * L - c0;
    for (let j = k + 1; j < n; j++) vt[dst + j] = w[src + j];
  }
  if (v !== null) for (let i = 0; i < b; i++) for (let j = 0; j < L; j++) v[j * b + i] = vt[i * L + j]; // (the TypeScript path's operand)
  // T, column by column: g_m = v_m·v_i (m < i), T[0:i, i] = −τ_i T[0:i, 0:i] g, with the dot
  // products v_m·v_i taken from the Gram matrix G of the block's vectors (G[m·BLOCK + i], the
  // plain dot products, from `gram`: SIMD tiles in the arena or TypeScript tiles).
  gram(b, L);
  T.fill(0, 0, b * b);
  for (let i = 0; i < b; i++) {
    const t = tau[khi - i];
    T[i * b + i] = t;
    if (t === 0 || i === 0) continue;
    for (let m = 0; m < i; m++) g[m] = G[m * BLOCK + i];
    for (let l = 0; l < i; l++) {
      let s = 0;
      for (let m = l; m < i; m++) s += T[l * b + m] * g[m];
      T[l * b + i] = -t * s;
    }
  }
  // Tt = Tᵀ, so that W T is a product of rows (crossProductKernel's form).
  for (let i = 0; i < b; i++) for (let l = 0; l < b; l++) Tt[i * b + l] = T[l * b + i];
}

/** W ← −W T from P = W T (count × b, computed as W·Ttᵀ), P at offset op, W at offset ow. */
function negateInto(mem: Float64Array, ow: number, op: number, count: number, b: number): void {
  for (let t = 0; t < count * b; t++) mem[ow + t] = -mem[op + t];
}
