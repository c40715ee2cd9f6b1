import { fc, test } from '@fast-check/vitest';
import { afterEach, describe, expect, it } from 'vitest';
import { crossProductKernel, crossProductTiles, gramKernel } from '../../src/linalg/gram.js';
import { symmetricEigen } from '../../src/linalg/symmetricEigen.js';
import { crossGatheredWasm, setWasmKernels, wasmArena, wasmKernelsActive } from '../../src/linalg/wasmKernels.js';
import { Random } from '../../src/random/random.js';
import { randomSpd } from './helpers.js';
import { applyReflectorsToRowsBlocked } from '../../src/linalg/householderBackTransform.js';
import { tridiagonalize } from '../../src/linalg/tridiagonalize.js';

/**
 * The WebAssembly SIMD tiles must give the same bits as the TypeScript tiles (same operations in
 * the same order per output element), so that results never depend on which path ran.
 */
afterEach(() => setWasmKernels(true));

function random(seed: number, length: number): Float64Array {
  const x = new Random(seed).fillNormal(new Float64Array(length));
  for (let i = 0; i < length; i++) x[i] *= 10 ** ((i % 7) - 3);
  return x;
}

describe('WebAssembly SIMD tile kernel', () => {
  it('is available in Node 20', () => {
    expect(wasmKernelsActive()).toBe(true);
  });

  test.prop(
    [fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 0, max: 300 }), fc.boolean()],
    { seed: 13, numRuns: 40 },
  )('crossProductKernel: WebAssembly tiles + TypeScript edges = TypeScript tiles, bit for bit', (seed, M, N, K, accumulate) => {
    const lda = K + 2, ldb = K + 5, ldc = N + 3;
    const a = random(seed, 3 + M * lda);
    const b = random(seed + 1, 1 + N * ldb);
    const c0 = random(seed + 2, 4 + M * ldc);
    const c1 = Float64Array.from(c0);
    const c2 = Float64Array.from(c0);
    crossProductKernel(M, N, K, a, 3, lda, b, 1, ldb, c1, 4, ldc, accumulate);
    crossProductTiles(M, N, K, a, 3, lda, b, 1, ldb, c2, 4, ldc, accumulate);
    expect(Array.from(c1)).toEqual(Array.from(c2));
  });

  it('arena.cross (partial column panel on the tile, zero-padded) = TypeScript tiles, bit for bit', () => {
    for (const M of [1, 3, 4, 5, 8, 17]) {
      for (const N of [1, 2, 3, 5, 8, 17, 33]) {
        for (const K of [0, 1, 7, 32]) {
          for (const accumulate of [false, true]) {
            const lda = K + 1, ldb = K + 2, ldc = N + 3;
            const a = random(M * 100 + N, M * lda + 1);
            const b = random(N * 100 + K, N * ldb + 2);
            const c0 = random(K * 7 + M, M * ldc);
            const want = Float64Array.from(c0);
            crossProductTiles(M, N, K, a, 1, lda, b, 2, ldb, want, 0, ldc, accumulate);
            const arena = wasmArena()!;
            const oa = arena.alloc(M * lda + 1);
            const oc = arena.alloc(M * ldc);
            arena.view.set(a, oa);
            arena.view.set(c0, oc);
            arena.cross(M, N, K, oa + 1, lda, b, 2, ldb, oc, ldc, accumulate);
            const got = arena.view.slice(oc, oc + M * ldc);
            expect(Array.from(got)).toEqual(Array.from(want));
          }
        }
      }
    }
  });

  it('arena.cross with B given transposed = TypeScript tiles on B, bit for bit', () => {
    for (const [M, N, K] of [[4, 5, 3], [6, 17, 32], [9, 33, 30], [256, 255, 32]]) {
      const ldbt = N + 3; // bt is K × N (leading dimension ldbt): B[j][k] = bt[k·ldbt + j]
      const bt = random(N + K, K * ldbt);
      const b = new Float64Array(N * K);
      for (let j = 0; j < N; j++) for (let k = 0; k < K; k++) b[j * K + k] = bt[k * ldbt + j];
      const a = random(M + 1, M * K);
      const c0 = random(M + 2, M * N);
      const want = Float64Array.from(c0);
      crossProductTiles(M, N, K, a, 0, K, b, 0, K, want, 0, N, true);
      const arena = wasmArena()!;
      const oa = arena.alloc(M * K);
      const oc = arena.alloc(M * N);
      arena.view.set(a, oa);
      arena.view.set(c0, oc);
      arena.cross(M, N, K, oa, K, bt, 0, ldbt, oc, N, true, true);
      expect(Array.from(arena.view.slice(oc, oc + M * N))).toEqual(Array.from(want));
    }
  });

  it('crossGatheredWasm (B packed from rows of z) = TypeScript tiles on the explicit transpose, bit for bit', () => {
    for (const [M, N, K] of [[4, 4, 1024], [5, 17, 255], [17, 5, 257], [130, 67, 61], [255, 128, 129]]) {
      const nz = 300;
      const z = random(M + N + K, (K + 3) * nz);
      const rowOff = Int32Array.from({ length: K }, (_, p) => ((p * 7) % (K + 3)) * nz);
      const col0 = 9;
      const a = random(K, M * K);
      const bt = new Float64Array(N * K); // bt[j][p] = z[rowOff[p] + col0 + j]
      for (let j = 0; j < N; j++) for (let p = 0; p < K; p++) bt[j * K + p] = z[rowOff[p] + col0 + j];
      const ldc = N + 2;
      const want = new Float64Array(M * ldc);
      crossProductTiles(M, N, K, a, 0, K, bt, 0, K, want, 0, ldc, false);
      const got = new Float64Array(M * ldc);
      expect(crossGatheredWasm(M, N, K, a, 0, K, z, rowOff, col0, got, 0, ldc)).toBe(true);
      expect(Array.from(got)).toEqual(Array.from(want));
    }
  });

  it('gramKernel in strips (rows ≥ 128) equals the plain dot products', () => {
    for (const [rows, cols] of [[128, 3], [131, 64], [256, 512]]) {
      const m = random(rows, rows * cols);
      const g = new Float64Array(rows * rows);
      gramKernel(m, rows, cols, g, 1 / 3);
      for (let i = 0; i < rows; i += 7) {
        for (let j = 0; j < rows; j += 5) {
          let s = 0;
          for (let k = 0; k < cols; k++) s += m[i * cols + k] * m[j * cols + k];
          expect(g[i * rows + j]).toBe(s * (1 / 3));
        }
      }
    }
  });

  it('the compact-WY back-transformation (rows kept in the arena) = its TypeScript form, bit for bit', () => {
    for (const [n, count] of [[70, 7], [130, 130], [97, 33]]) {
      const a = randomSpd(n, n);
      const dd = new Float64Array(n), e = new Float64Array(n), tau = new Float64Array(n);
      tridiagonalize(a, n, dd, e, tau, new Float64Array(n), new Float64Array(n));
      const y = random(n, count * n);
      const y1 = Float64Array.from(y);
      const y2 = Float64Array.from(y);
      applyReflectorsToRowsBlocked(a, n, tau, y1, count);
      setWasmKernels(false);
      applyReflectorsToRowsBlocked(a, n, tau, y2, count);
      setWasmKernels(true);
      expect(Array.from(y1)).toEqual(Array.from(y2));
    }
  });

  it("symmetricEigen 'dc' and a Σ̂ give the same bits with and without WebAssembly", () => {
    const a = randomSpd(150, 4);
    const on = symmetricEigen(a, 150, { method: 'dc' });
    setWasmKernels(false);
    expect(wasmKernelsActive()).toBe(false);
    const off = symmetricEigen(a, 150, { method: 'dc' });
    expect(Array.from(on.values)).toEqual(Array.from(off.values));
    expect(Array.from(on.vectors!)).toEqual(Array.from(off.vectors!));
  });
});
