import { afterEach, describe, expect, it } from 'vitest';
import { setWasmKernels } from '../../src/linalg/wasmKernels.js';
import { Random } from '../../src/random/random.js';
import { bartlettFactor, sampleWishartDiagonal } from '../../src/random/wishartBartlett.js';

/**
 * sampleWishartDiagonal's L Lᵀ runs on the SIMD tile with L packed once; it must give the bits
 * of the TypeScript strips, and both the plain dot products, for any d (odd, < 8, not a
 * multiple of 4) and n below, at and above d.
 */
afterEach(() => setWasmKernels(true));

function draw(d: number, n: number, wasm: boolean): Float64Array {
  setWasmKernels(wasm);
  const lam = Float64Array.from({ length: d }, (_, i) => 1 / (i + 1));
  const w = sampleWishartDiagonal(lam, n, 1 / 3, Random.forStream(11, d * 1000 + n));
  setWasmKernels(true);
  return w;
}

describe('Wishart L Lᵀ on the SIMD tile', () => {
  for (const d of [1, 2, 3, 5, 8, 17, 64, 255, 257]) {
    it(`d = ${d}: WebAssembly = TypeScript bit for bit, = the plain dot products`, () => {
      for (const n of [Math.max(1, d - 3), d, d + 5]) {
        const a = draw(d, n, true);
        const b = draw(d, n, false);
        let bad = 0;
        for (let i = 0; i < d * d; i++) if (!Object.is(a[i], b[i])) bad++;
        expect(bad).toBe(0);
        // the oracle: scale · Σ_t L_it L_jt with L = diag(√λ) A, from the same stream
        const A = bartlettFactor(d, n, Random.forStream(11, d * 1000 + n));
        for (let i = 0; i < d; i += Math.max(1, d >> 3)) {
          for (let j = i; j < d; j += Math.max(1, d >> 2)) {
            let s = 0;
            const si = Math.sqrt(1 / (i + 1));
            const sj = Math.sqrt(1 / (j + 1));
            for (let t = 0; t < Math.min(i + 1, n); t++) s += A[i * d + t] * si * (A[j * d + t] * sj);
            expect(a[i * d + j]).toBe(a[j * d + i]);
            expect(Math.abs(a[i * d + j] - s / 3)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(s)));
          }
        }
      }
    });
  }
});
