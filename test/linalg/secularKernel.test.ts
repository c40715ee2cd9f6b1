import { afterEach, describe, expect, it } from 'vitest';
import { secularRoot } from '../../src/linalg/secularEquation.js';
import { secularEvaluator, secularKernelActive, tsEvaluator } from '../../src/linalg/secularKernel.js';
import { symmetricEigen } from '../../src/linalg/symmetricEigen.js';
import { setWasmKernels } from '../../src/linalg/wasmKernels.js';
import { Random } from '../../src/random/random.js';
import { randomSpd, spdWithSpectrum } from './helpers.js';

/**
 * The secular equation's loops in WebAssembly (secularKernel.ts) must give exactly the roots and
 * differences of the TypeScript loops, and so the divide-and-conquer eigendecomposition must be
 * the same bits with and without WebAssembly.
 */
afterEach(() => setWasmKernels(true));

function problem(K: number, seed: number): { dl: Float64Array; w: Float64Array; rho: number } {
  const rng = new Random(seed);
  const dl = Float64Array.from({ length: K }, () => rng.normal()).sort();
  for (let i = 1; i < K; i++) if (!(dl[i] > dl[i - 1])) dl[i] = dl[i - 1] + 1e-3; // strictly increasing
  if (K > 3) dl[2] = dl[1] + 1e-13 * Math.abs(dl[1]) + 1e-300; // a close pair
  const w = Float64Array.from({ length: K }, () => rng.normal() * (rng.uniform() < 0.2 ? 1e-6 : 1));
  let s = 0;
  for (const x of w) s += x * x;
  for (let i = 0; i < K; i++) w[i] /= Math.sqrt(s);
  return { dl, w, rho: 0.1 + rng.uniform() };
}

describe('secular equation loops (WebAssembly)', () => {
  it('is available in Node 20', () => {
    expect(secularKernelActive()).toBe(true);
  });

  for (const K of [1, 2, 3, 5, 17, 255, 257]) {
    it(`K = ${K}: every root, Löwner's ŵ and every eigenvector row agree bit for bit`, () => {
      for (const seed of [1, 2]) {
        const { dl, w, rho } = problem(K, seed * 1000 + K);
        const d1 = new Float64Array(K * K);
        const d2 = new Float64Array(K * K);
        const ev = secularEvaluator(dl, w, K, d1);
        const ts = tsEvaluator(dl, w, d2);
        for (let j = 0; j < K; j++) {
          const a = secularRoot(j, K, dl, w, rho, d1, j * K, ev);
          const b = secularRoot(j, K, dl, w, rho, d2, j * K, ts);
          expect(Object.is(a, b)).toBe(true);
          if (j > 0) expect(a).toBeGreaterThan(dl[j] - 1e-12);
        }
        // The differences themselves are checked through what the merge reads from them.
        const wn1 = new Float64Array(K);
        const wn2 = new Float64Array(K);
        ev.lowner(K, wn1);
        ts.lowner(K, wn2);
        expect(Array.from(wn1)).toEqual(Array.from(wn2));
        for (let i = 0; i < K; i++) wn1[i] = wn2[i] = (w[i] < 0 ? -1 : 1) * Math.sqrt(Math.max(0, -wn2[i]));
        // index lists: every component, then the even and the odd ones (K12 + K23 ≠ K on purpose)
        const idx1 = Int32Array.from({ length: K }, (_, i) => i);
        const idx2 = Int32Array.from({ length: K >> 1 }, (_, i) => 2 * i + 1);
        const u = [new Float64Array(K * K), new Float64Array(K * K), new Float64Array(K * K), new Float64Array(K * K)];
        ev.vectors(K, wn1, idx1, K, idx2, K >> 1, u[0], u[1], new Float64Array(K));
        ts.vectors(K, wn2, idx1, K, idx2, K >> 1, u[2], u[3], new Float64Array(K));
        for (const [x, y] of [[u[0], u[2]], [u[1], u[3]]]) {
          let bad = 0;
          for (let t = 0; t < K * K; t++) if (!Object.is(x[t], y[t])) bad++;
          expect(bad).toBe(0);
        }
        // unit rows
        for (let j = 0; j < K; j += Math.max(1, K >> 3)) {
          let ss = 0;
          for (let i = 0; i < K; i++) ss += u[0][j * K + i] ** 2;
          expect(Math.abs(ss - 1)).toBeLessThan(1e-12);
        }
      }
    });
  }

  for (const n of [1, 2, 3, 5, 17, 60, 255, 257]) {
    it(`symmetricEigen 'dc', n = ${n}: the same bits with and without WebAssembly`, () => {
      const a = n % 2 === 0 ? randomSpd(n, n) : spdWithSpectrum(Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 1 : 1 / (i + 1))), n);
      const on = symmetricEigen(a, n, { method: 'dc', layout: 'rows' });
      setWasmKernels(false);
      const off = symmetricEigen(a, n, { method: 'dc', layout: 'rows' });
      setWasmKernels(true);
      expect(Array.from(on.values)).toEqual(Array.from(off.values));
      expect(Array.from(on.vectors!)).toEqual(Array.from(off.vectors!));
    });
  }
});
