import { describe, expect, it } from 'vitest';
import { datasetMonteCarlo } from '../../src/montecarlo/datasetMonteCarlo.js';
import { datasetPopulation } from '../../src/datasets/datasetPopulation.js';
import { sampleGaussian } from '../../src/random/gaussianSample.js';
import { haarOrthogonal } from '../../src/random/haar.js';
import { Random } from '../../src/random/random.js';
import { predictLosses } from '../../src/predictions/losses/predictLosses.js';
import { createSpectrum } from '../../src/spectra/index.js';

describe('Monte Carlo on a finite data set taken as the population', () => {
  it('recovers the population spectrum and drops constant directions', () => {
    const rng = new Random(1);
    const lam = Float64Array.from([4, 2, 1, 0.5]);
    const x = sampleGaussian({ eigenvalues: lam, rotation: haarOrthogonal(4, rng), count: 500, rng });
    // Append a constant fifth coordinate.
    const data = new Float64Array(500 * 5);
    for (let k = 0; k < 500; k++) {
      data.set(x.subarray(k * 4, k * 4 + 4), k * 5);
      data[k * 5 + 4] = 3;
    }
    const pop = datasetPopulation(data, 500, 5);
    expect(pop.d).toBe(4);
    expect(pop.dropped).toBe(1);
    for (let i = 1; i < 4; i++) expect(pop.eigenvalues[i]).toBeLessThan(pop.eigenvalues[i - 1]);
    // Projected rows have the kept eigenvalues as their covariance (the population is exact).
    let v0 = 0;
    for (let k = 0; k < 500; k++) v0 += (pop.samples[k * 4] - pop.mean[0]) ** 2 / 500;
    expect(v0).toBeCloseTo(pop.eigenvalues[0], 10);
  });

  it('with Gaussian data as the population, the theory for its spectrum holds (4σ + 2/d allowance)', () => {
    const rng = new Random(2);
    const d = 40;
    const lam = Float64Array.from({ length: d }, (_, i) => 1 / (i + 1));
    const data = sampleGaussian({ eigenvalues: lam, count: 20000, rng });
    const pop = datasetPopulation(data, 20000, d);
    const spectrum = createSpectrum(pop.eigenvalues);
    const mc = datasetMonteCarlo({ population: pop, N: 30, abar: 0.6, draws: 300, seed: 4 });
    const p = predictLosses({ spectrum, N: 30, abar: 0.6 });
    for (const m of ['trainLoss', 'testLoss', 'gap', 'alignment'] as const) {
      expect(Math.abs(p[m] - mc[m]!.mean)).toBeLessThan(4 * mc[m]!.stderr + (2 * p[m]) / d);
    }
  });

  it('invalid input is typed', () => {
    expect(() => datasetPopulation(new Float64Array(3), 1, 3)).toThrow(/count = 1/);
    expect(() => datasetPopulation(new Float64Array(5), 2, 3)).toThrow(/data = "length 5"/);
  });
});
