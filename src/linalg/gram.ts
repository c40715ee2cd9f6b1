/**
 * Register-blocked dot-product kernels: the Gram matrix of the rows of a matrix (G = M Mᵀ) and
 * the cross products of the rows of two matrices (C = A Bᵀ).
 *
 * Every output element is one dot product Σ_k a_k b_k accumulated from 0 in increasing k, with a
 * separate multiply and add per term (JavaScript never fuses them), exactly as the plain triple
 * loop would compute it. The blocking only changes how many elements are in flight: a 4 × 4 tile
 * of outputs keeps 16 accumulators live while the inner loop walks four rows of each operand, so
 * each loaded value feeds four multiply-adds instead of one, and the sixteen dependency chains
 * hide the latency of the adds. The results are therefore bit-identical to the unblocked loops
 * (test/linalg/gram.test.ts checks that), only 3–4× faster in V8.
 *
 * Where WebAssembly SIMD is available the full 4 × 4 tiles of larger products run in
 * wasmKernels.ts instead — the same arithmetic in two-lane vectors, so the same bits again, and
 * another 3–4× faster.
 */
import { crossTilesWasm } from './wasmKernels.js';

/** Rows per strip when a large Gram matrix goes through the tile kernel (the strip's C is buffered). */
const GRAM_STRIP = 64;
let gramScratch = new Float64Array(0);

/**
 * out[i·ld + j] = scale · Σ_k m[i·cols + k] m[j·cols + k] for 0 ≤ i, j < rows (out has leading
 * dimension `ld`, default rows). Only tiles with j ≥ i are computed; each value is written to
 * both (i, j) and (j, i), so the result is exactly symmetric. `scale` (default 1) multiplies the
 * finished sum once, as `sum * scale`.
 */
export function gramKernel(m: Float64Array, rows: number, cols: number, out: Float64Array, scale = 1, ld = rows): void {
  if (rows >= 2 * GRAM_STRIP) {
    // Strips of rows [i0, i0 + 64) against rows [i0, rows): the products of the strip's upper
    // part (plus a little of its diagonal block's lower part, discarded) through
    // crossProductKernel, then scaled and mirrored. Every entry is still the plain dot product.
    const need = GRAM_STRIP * rows;
    if (gramScratch.length < need) gramScratch = new Float64Array(need);
    const t = gramScratch;
    for (let i0 = 0; i0 < rows; i0 += GRAM_STRIP) {
      const h = Math.min(GRAM_STRIP, rows - i0);
      const w = rows - i0;
      crossProductKernel(h, w, cols, m, i0 * cols, cols, m, i0 * cols, cols, t, 0, w);
      for (let a = 0; a < h; a++) {
        const i = i0 + a;
        for (let j = i; j < rows; j++) storeSymmetric(out, ld, i, j, t[a * w + (j - i0)] * scale);
      }
    }
    return;
  }
  let i0 = 0;
  for (; i0 + 4 <= rows; i0 += 4) {
    const a0 = i0 * cols, a1 = a0 + cols, a2 = a1 + cols, a3 = a2 + cols;
    let j0 = i0;
    for (; j0 + 4 <= rows; j0 += 4) {
      const b0 = j0 * cols, b1 = b0 + cols, b2 = b1 + cols, b3 = b2 + cols;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let k = 0; k < cols; k++) {
        const y0 = m[b0 + k], y1 = m[b1 + k], y2 = m[b2 + k], y3 = m[b3 + k];
        let x = m[a0 + k];
        s00 += x * y0; s01 += x * y1; s02 += x * y2; s03 += x * y3;
        x = m[a1 + k];
        s10 += x * y0; s11 += x * y1; s12 += x * y2; s13 += x * y3;
        x = m[a2 + k];
        s20 += x * y0; s21 += x * y1; s22 += x * y2; s23 += x * y3;
        x = m[a3 + k];
        s30 += x * y0; s31 += x * y1; s32 += x * y2; s33 += x * y3;
      }
      store4x4Symmetric(out, ld, i0, j0, scale,
        s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33);
    }
    // Remaining columns j ≥ j0 (fewer than 4), against the four rows i0..i0+3.
    for (let j = j0; j < rows; j++) {
      const b = j * cols;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < cols; k++) {
        const y = m[b + k];
        s0 += m[a0 + k] * y;
        s1 += m[a1 + k] * y;
        s2 += m[a2 + k] * y;
        s3 += m[a3 + k] * y;
      }
      storeSymmetric(out, ld, i0, j, s0 * scale);
      storeSymmetric(out, ld, i0 + 1, j, s1 * scale);
      storeSymmetric(out, ld, i0 + 2, j, s2 * scale);
      storeSymmetric(out, ld, i0 + 3, j, s3 * scale);
    }
  }
  // Remaining rows (fewer than 4): plain dot products.
  for (let i = i0; i < rows; i++) {
    const a = i * cols;
    for (let j = i; j < rows; j++) {
      const b = j * cols;
      let s = 0;
      for (let k = 0; k < cols; k++) s += m[a + k] * m[b + k];
      storeSymmetric(out, ld, i, j, s * scale);
    }
  }
}

function storeSymmetric(out: Float64Array, ld: number, i: number, j: number, v: number): void {
  out[i * ld + j] = v;
  out[j * ld + i] = v;
}

function store4x4Symmetric(
  out: Float64Array, ld: number, i0: number, j0: number, scale: number,
  s00: number, s01: number, s02: number, s03: number, s10: number, s11: number, s12: number, s13: number,
  s20: number, s21: number, s22: number, s23: number, s30: number, s31: number, s32: number, s33: number,
): void {
  const r0 = i0 * ld + j0, r1 = r0 + ld, r2 = r1 + ld, r3 = r2 + ld;
  const c0 = j0 * ld + i0, c1 = c0 + ld, c2 = c1 + ld, c3 = c2 + ld;
  let v = s00 * scale; out[r0] = v; out[c0] = v;
  v = s01 * scale; out[r0 + 1] = v; out[c1] = v;
  v = s02 * scale; out[r0 + 2] = v; out[c2] = v;
  v = s03 * scale; out[r0 + 3] = v; out[c3] = v;
  v = s10 * scale; out[r1] = v; out[c0 + 1] = v;
  v = s11 * scale; out[r1 + 1] = v; out[c1 + 1] = v;
  v = s12 * scale; out[r1 + 2] = v; out[c2 + 1] = v;
  v = s13 * scale; out[r1 + 3] = v; out[c3 + 1] = v;
  v = s20 * scale; out[r2] = v; out[c0 + 2] = v;
  v = s21 * scale; out[r2 + 1] = v; out[c1 + 2] = v;
  v = s22 * scale; out[r2 + 2] = v; out[c2 + 2] = v;
  v = s23 * scale; out[r2 + 3] = v; out[c3 + 2] = v;
  v = s30 * scale; out[r3] = v; out[c0 + 3] = v;
  v = s31 * scale; out[r3 + 1] = v; out[c1 + 3] = v;
  v = s32 * scale; out[r3 + 2] = v; out[c2 + 3] = v;
  v = s33 * scale; out[r3 + 3] = v; out[c3 + 3] = v;
}

/**
 * C = A·Bᵀ on sub-matrices with explicit offsets and leading dimensions:
 *   c[oc + i·ldc + j] = Σ_{k<K} a[oa + i·lda + k] · b[ob + j·ldb + k]   (i < M, j < N),
 * overwriting C (accumulate = false) or adding the finished dot product to it (true). Both
 * operands are walked along their rows, so pass Bᵀ's rows (i.e. B stored transposed) — which is
 * how the eigenvector updates in tridiagonalEigenDC.ts keep every access unit-stride.
 */
export function crossProductKernel(
  M: number, N: number, K: number,
  a: Float64Array, oa: number, lda: number,
  b: Float64Array, ob: number, ldb: number,
  c: Float64Array, oc: number, ldc: number,
  accumulate = false,
): void {
  // The WebAssembly tiles, edges included (zero-padded), when available and worth it.
  if (crossTilesWasm(M, N, K, a, oa, lda, b, ob, ldb, c, oc, ldc, accumulate)) return;
  crossProductTiles(M, N, K, a, oa, lda, b, ob, ldb, c, oc, ldc, accumulate);
}

/** The TypeScript tiles of {@link crossProductKernel} (the whole product, or the WebAssembly path's edges). */
export function crossProductTiles(
  M: number, N: number, K: number,
  a: Float64Array, oa: number, lda: number,
  b: Float64Array, ob: number, ldb: number,
  c: Float64Array, oc: number, ldc: number,
  accumulate: boolean,
): void {
  let i0 = 0;
  for (; i0 + 4 <= M; i0 += 4) {
    const a0 = oa + i0 * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
    let j0 = 0;
    for (; j0 + 4 <= N; j0 += 4) {
      const b0 = ob + j0 * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let k = 0; k < K; k++) {
        const y0 = b[b0 + k], y1 = b[b1 + k], y2 = b[b2 + k], y3 = b[b3 + k];
        let x = a[a0 + k];
        s00 += x * y0; s01 += x * y1; s02 += x * y2; s03 += x * y3;
        x = a[a1 + k];
        s10 += x * y0; s11 += x * y1; s12 += x * y2; s13 += x * y3;
        x = a[a2 + k];
        s20 += x * y0; s21 += x * y1; s22 += x * y2; s23 += x * y3;
        x = a[a3 + k];
        s30 += x * y0; s31 += x * y1; s32 += x * y2; s33 += x * y3;
      }
      const r0 = oc + i0 * ldc + j0, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
      if (accumulate) {
        c[r0] += s00; c[r0 + 1] += s01; c[r0 + 2] += s02; c[r0 + 3] += s03;
        c[r1] += s10; c[r1 + 1] += s11; c[r1 + 2] += s12; c[r1 + 3] += s13;
        c[r2] += s20; c[r2 + 1] += s21; c[r2 + 2] += s22; c[r2 + 3] += s23;
        c[r3] += s30; c[r3 + 1] += s31; c[r3 + 2] += s32; c[r3 + 3] += s33;
      } else {
        c[r0] = s00; c[r0 + 1] = s01; c[r0 + 2] = s02; c[r0 + 3] = s03;
        c[r1] = s10; c[r1 + 1] = s11; c[r1 + 2] = s12; c[r1 + 3] = s13;
        c[r2] = s20; c[r2 + 1] = s21; c[r2 + 2] = s22; c[r2 + 3] = s23;
        c[r3] = s30; c[r3 + 1] = s31; c[r3 + 2] = s32; c[r3 + 3] = s33;
      }
    }
    for (let j = j0; j < N; j++) {
      const bj = ob + j * ldb;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < K; k++) {
        const y = b[bj + k];
        s0 += a[a0 + k] * y;
        s1 += a[a1 + k] * y;
        s2 += a[a2 + k] * y;
        s3 += a[a3 + k] * y;
      }
      const r = oc + i0 * ldc + j;
      if (accumulate) {
        c[r] += s0; c[r + ldc] += s1; c[r + 2 * ldc] += s2; c[r + 3 * ldc] += s3;
      } else {
        c[r] = s0; c[r + ldc] = s1; c[r + 2 * ldc] = s2; c[r + 3 * ldc] = s3;
      }
    }
  }
  for (let i = i0; i < M; i++) {
    const ai = oa + i * lda;
    for (let j = 0; j < N; j++) {
      const bj = ob + j * ldb;
      let s = 0;
      for (let k = 0; k < K; k++) s += a[ai + k] * b[bj + k];
      const r = oc + i * ldc + j;
      if (accumulate) c[r] += s;
      else c[r] = s;
    }
  }
}
