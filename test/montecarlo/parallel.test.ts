import { describe, expect, it } from 'vitest';
// Worker threads load compiled JavaScript, so this test runs the built package (npm test builds
// first through its pretest script).
import { monteCarlo } from '../../dist/montecarlo/monteCarlo.js';
import { monteCarloParallel } from '../../dist/montecarlo/monteCarloParallel.js';
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
});
