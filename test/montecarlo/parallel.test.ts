import { describe, expect, it } from 'vitest';
// Worker threads load compiled JavaScript, so this test runs the built package (npm test builds
// first through its pretest script).
import { monteCarlo } from '../../dist/montecarlo/monteCarlo.js';
import { guidedChunk, monteCarloParallel } from '../../dist/montecarlo/monteCarloParallel.js';
import { powerLawSpectrum } from '../../dist/spectra/index.js';

describe('monteCarloParallel', () => {
  it('gives bit-identical results for 1, 2 and 3 workers', async () => {
    const spectrum = powerLawSpectrum({ d: 24, k: 1 });
    const options = { spectrum, N: 20, abar: 0.4, c: 0.1, eps: 0.05, draws: 7, seed: 3 };
    const single = monteCarlo(options);
    for (const workers of [1, 2, 3]) {
      const par = await monteCarloParallel({ ...options, workers });
      for (const key of Object.keys(single.samples)) expect(Array.from(par.samples[key])).toEqual(Array.from(single.samples[key]));
      expect(par.testLoss).toEqual(single.testLoss);
    }
  });

  it('hands draws out in chunks to pooled workers: identical results on reuse, progress counted to the total', async () => {
    const spectrum = powerLawSpectrum({ d: 12, k: 1 });
    const options = { spectrum, N: 15, abar: 0.5, eps: 0.05, draws: 37, seed: 8, sampling: 'wishart' as const };
    const single = monteCarlo(options);
    for (let run = 0; run < 2; run++) {
      const seen: number[] = [];
      const par = await monteCarloParallel({ ...options, workers: 2, onDraw: (done, total) => seen.push(done, total) });
      for (const key of Object.keys(single.samples)) expect(Array.from(par.samples[key])).toEqual(Array.from(single.samples[key]));
      expect(seen.length).toBe(2 * 37);
      expect(seen.slice(-2)).toEqual([37, 37]);
    }
  });

  it('an invalid plan rejects the promise, and the pool still works afterwards', async () => {
    const spectrum = powerLawSpectrum({ d: 6, k: 1 });
    const bad = monteCarloParallel({ spectrum, N: 5, abar: 0.5, draws: 4, seed: 1, workers: 2, rotation: 'haar', sampling: 'wishart' });
    await expect(bad).rejects.toThrow();
    const ok = await monteCarloParallel({ spectrum, N: 5, abar: 0.5, draws: 4, seed: 1, workers: 2 });
    expect(ok.draws).toBe(4);
  });

  it('guided chunks cover every draw once, shrink towards the end, and never go below the floor', () => {
    for (const [total, workers] of [[1, 2], [7, 3], [64, 2], [1000, 2], [100000, 8]] as const) {
      const minChunk = Math.ceil(total / (128 * workers));
      const sizes: number[] = [];
      for (let next = 0; next < total; ) {
        const c = guidedChunk(total - next, workers, minChunk);
        sizes.push(c);
        next += c;
      }
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
      for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeLessThanOrEqual(sizes[i - 1]);
      expect(sizes[0]).toBe(Math.max(minChunk, Math.ceil(total / (4 * workers))));
      for (const c of sizes.slice(0, -1)) expect(c).toBeGreaterThanOrEqual(minChunk);
      // the tail is small: the last chunk is at most the floor (or all of a tiny run)
      expect(sizes[sizes.length - 1]).toBeLessThanOrEqual(Math.max(minChunk, 1));
    }
  });
});
