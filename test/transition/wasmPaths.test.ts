import { afterEach, describe, expect, it } from 'vitest';
import { setWasmKernels, wasmKernelsActive } from '../../src/linalg/wasmKernels.js';
import { logGaussianOverlaps } from '../../src/transition/gaussianOverlap.js';
import { eigenGaussianFromCovariance } from '../../src/transition/eigenGaussian.js';
import { pairExponentialSum } from '../../src/transition/kernelDensityOverlaps.js';
import { Random } from '../../src/random/random.js';

/**
 * The original-set kernels take a WebAssembly path (dot products from the SIMD tiles, terms
 * combined in the TypeScript order, negligible exp terms skipped only when they cannot change
 * the sum): it must give the same bits as the TypeScript path.
 */
afterEach(() => setWasmKernels(true));

function both<T>(f: () => T): [T, T] {
  setWasmKernels(true);
  expect(wasmKernelsActive()).toBe(true);
  const a = f();
  setWasmKernels(false);
  const b = f();
  setWasmKernels(true);
  return [a, b];
}

describe('transition kernels: WebAssembly path = TypeScript path, bit for bit', () => {
  it('pairExponentialSum (sizes with count % 4 = 0…3, near and far pairs)', () => {
    for (const [count, d, width] of [[512, 20, 0.3], [603, 17, 1], [1026, 5, 0.05], [771, 40, 3]]) {
      const x = new Random(count).fillNormal(new Float64Array(count * d));
      const c = 1 / (4 * width * width);
      const [a, b] = both(() => pairExponentialSum(x, count, d, c));
      expect(a).toBe(b);
      expect(a).toBeGreaterThan(0);
    }
  });

  it('logGaussianOverlaps against a large point set, full-rank and singular laws (r % 4 = 0…3)', () => {
    const d = 23;
    const count = 1301;
    const pts = new Random(5).fillNormal(new Float64Array(count * d));
    for (const rank of [23, 22, 21, 20, 3]) {
      // Σ = B Bᵀ with B d × rank: a law of that rank
      const g = new Random(rank).fillNormal(new Float64Array(d * rank));
      const cov = new Float64Array(d * d);
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) { let s = 0; for (let k = 0; k < rank; k++) s += g[i * rank + k] * g[j * rank + k]; cov[i * d + j] = s / rank; }
      const mean = Float64Array.from({ length: d }, (_, i) => 0.1 * i);
      const law = eigenGaussianFromCovariance(mean, cov, d, { rank });
      const shift = Float64Array.from({ length: d }, () => 0.2);
      const [a, b] = both(() => logGaussianOverlaps(law, 0.3, pts, count, shift));
      expect(Array.from(a)).toEqual(Array.from(b));
    }
  });

  it('the public functions never reuse a stale packed copy of a modified point set', () => {
    const d = 9;
    const count = 800;
    const pts = new Random(8).fillNormal(new Float64Array(count * d));
    const law = eigenGaussianFromCovariance(new Float64Array(d), Float64Array.from({ length: d * d }, (_, t) => (t % (d + 1) === 0 ? 2 : 0)), d);
    logGaussianOverlaps(law, 0.5, pts, count);
    pairExponentialSum(pts, count, d, 1);
    for (let i = 0; i < pts.length; i += 3) pts[i] += 0.25; // same array object, new contents
    const [a, b] = both(() => logGaussianOverlaps(law, 0.5, pts, count));
    expect(Array.from(a)).toEqual(Array.from(b));
    const [p, q] = both(() => pairExponentialSum(pts, count, d, 1));
    expect(p).toBe(q);
  });
});
