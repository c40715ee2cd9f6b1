/**
 * Wishart matrices drawn directly, by the Bartlett decomposition, instead of as a sum of N
 * outer products of Gaussian samples.
 *
 * Law: if G is d × n with iid N(0, 1) entries, W = G Gᵀ ~ W_d(I, n), and its Cholesky-type
 * factor W = A Aᵀ (A lower-triangular, d × min(n, d), positive diagonal) has independent entries
 *     A_ii = √χ²_{n−i}  (i = 0 … min(n, d) − 1, 0-based),   A_ij ~ N(0, 1)  (j < i, j < n),
 * (Bartlett, Proc. R. Soc. Edinburgh 53, 1933; Muirhead, "Aspects of Multivariate Statistical
 * Theory", Thm 3.2.14). Householder QR of Gᵀ shows why, also when n < d (then A is lower
 * trapezoidal and W has rank n): column i of Gᵀ, after the first i reflections, has n − i
 * untouched Gaussian entries below the diagonal, whose norm is χ_{n−i}, and entries above it that
 * are fresh N(0, 1) — and the rows of Gᵀ's Q factor drop out of W. For W_d(Σ, n) with
 * Σ = diag(λ), scale row i of A by √λ_i.
 *
 * Cost: d²/2 random numbers and the d³/6 multiply-adds of A Aᵀ, against the n·d normals and
 * n·d²/2 multiply-adds of forming Σ_k g_k g_kᵀ. The result has the same law but is a different
 * function of the random stream: draws with `sampling: 'wishart'` are not the draws with
 * `sampling: 'data'` (see empiricalDraw.ts).
 */
import { crossProductKernel } from '../linalg/gram.js';
import { wasmArena } from '../linalg/wasmKernels.js';
import { sampleChiSquare } from './gammaSample.js';
import type { Random } from './random.js';

/**
 * Bartlett factor A of W ~ W_d(I, n) (row-major d × d, zero above the diagonal and in columns ≥ n).
 * Stream order: row by row, i = 0 … d − 1: the normals A_i0 … A_i,min(i,n)−1, then (for i < n)
 * the chi-square of the diagonal.
 *
 * @example
 * ```ts
 * bartlettFactor(2, 10, new Random(1));   // ≈ [4.48, 0, 0.19, 2.30] (lower-triangular 2 × 2 Bartlett factor)
 * ```
 */
export function bartlettFactor(d: number, n: number, rng: Random, out = new Float64Array(d * d)): Float64Array {
  out.fill(0, 0, d * d);
  for (let i = 0; i < d; i++) {
    const o = i * d;
    const m = Math.min(i, n);
    rng.fillNormal(out, o, m); // = m successive rng.normal() calls (fillNormal's contract), in bulk
    if (i < n) out[o + i] = Math.sqrt(sampleChiSquare(n - i, rng));
  }
  return out;
}

/** The Bartlett factor of the last draw of this size, reused (it never leaves sampleWishartDiagonal). */
let factorScratch = new Float64Array(0);

/**
 * scale · L Lᵀ with L = diag(√λ) A for a Bartlett factor A of W_d(I, n): a draw of scale · W_d(diag λ, n),
 * exactly symmetric (upper triangle computed, mirrored). The sample covariance of N points with
 * an estimated mean is this with n = N − 1 and scale = 1/N; with the known mean, n = N. Written
 * into `out` when it has length d² (every entry overwritten), else into a new array.
 *
 * @example
 * ```ts
 * sampleWishartDiagonal(new Float64Array([1, 2]), 10, 0.1, new Random(1));   // ≈ [2.01, 0.12, 0.12, 1.06] (a 2 × 2 Wishart draw)
 * ```
 */
export function sampleWishartDiagonal(eigenvalues: Float64Array, n: number, scale: number, rng: Random, out?: Float64Array): Float64Array {
  const d = eigenvalues.length;
  if (factorScratch.length !== d * d) factorScratch = new Float64Array(d * d);
  const L = bartlettFactor(d, n, rng, factorScratch); // fully rewritten (zeroed first) by every call
  for (let i = 0; i < d; i++) {
    const s = Math.sqrt(eigenvalues[i]);
    const o = i * d;
    for (let j = 0; j <= Math.min(i, n - 1); j++) L[o + j] *= s;
  }
  // Every entry of `out` is written below (the strips, then the mirror), so a reused one will do.
  if (out === undefined || out.length !== d * d) out = new Float64Array(d * d);
  // Rows i0..i0+3 against rows j ≥ i0: their dot products only involve columns < min(i0 + 4, n)
  // (row i of L vanishes beyond column i), so each 4-row strip costs 4(d − i0)(i0 + 4).
  const cols = Math.min(n, d);
  if (!lowerGramWasm(L, d, cols, out)) {
    for (let i0 = 0; i0 < d; i0 += 4) {
      const rows = Math.min(4, d - i0);
      const k = Math.min(i0 + rows, cols);
      crossProductKernel(rows, d - i0, k, L, i0 * d, d, L, i0 * d, d, out, i0 * d + i0, d);
    }
  }
  for (let i = 0; i < d; i++) {
    const o = i * d;
    for (let j = i; j < d; j++) {
      const v = out[o + j] * scale;
      out[o + j] = v;
      out[j * d + i] = v;
    }
  }
  return out;
}

/**
 * The strips of sampleWishartDiagonal on the SIMD tile, with L packed into the WebAssembly arena
 * once (instead of once per strip): the full 4 × 4 tiles of rows and columns < d − d % 4, each
 * the dot products over t < k = min(i0 + 4, cols) from +0 in order — crossProductKernel's — and
 * the rest in TypeScript, the same dot products. Writes out[i·d + j] for j ≥ i0 of each strip, as
 * the TypeScript strips do; returns false (nothing written) without WebAssembly.
 */
function lowerGramWasm(L: Float64Array, d: number, cols: number, out: Float64Array): boolean {
  const arena = wasmArena();
  if (arena === null || d < 8) return false;
  const d4 = d & ~3;
  const oa = arena.alloc(d * d);
  const op = arena.alloc(d4 * d);
  const oc = arena.alloc(d * d);
  const f = arena.view;
  f.set(L.subarray(0, d * d), oa);
  arena.pack(L, 0, d, d4, d, op);
  f.fill(0, oc, oc + d * d);
  for (let i0 = 0; i0 < d4; i0 += 4) {
    const k = Math.min(i0 + 4, cols);
    for (let j0 = i0; j0 < d4; j0 += 4) arena.tile(k, oa + i0 * d, d, op + j0 * d, oc + i0 * d + j0, d);
  }
  const g = arena.view;
  for (let i0 = 0; i0 < d; i0 += 4) {
    const rows = Math.min(4, d - i0);
    const k = Math.min(i0 + rows, cols);
    for (let i = i0; i < i0 + rows; i++) {
      const ri = i * d;
      for (let j = i0; j < d; j++) {
        if (i < d4 && j < d4) {
          out[ri + j] = g[oc + ri + j];
          continue;
        }
        let s = 0;
        for (let t = 0; t < k; t++) s += L[ri + t] * L[j * d + t];
        out[ri + j] = s;
      }
    }
  }
  return true;
}
