import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { isotropicSpectrum } from '../../src/spectra/index.js';
import { predictLosses } from '../../src/predictions/index.js';
import { spreadInterval, spreadQuantile } from '../../src/statistics/spreadQuantile.js';

// Φ⁻¹(p) to 16 digits (R's qnorm / scipy.stats.norm.ppf), outside the implementation under test.
const TABLE: [number, number][] = [
  [0.5, 0],
  [0.9, 1.2815515655446004],
  [0.95, 1.6448536269514722],
  [0.975, 1.959963984540054],
  [0.999, 3.090232306167813],
  [0.02, -2.053748910631823],
  [1e-6, -4.753424308822899],
];

describe('spreadQuantile / spreadInterval (docs/theory.md §6.10)', () => {
  it('mean + sd·Φ⁻¹(p) against tabulated normal quantiles (Acklam: relative error < 1.2e-9)', () => {
    for (const [p, z] of TABLE) {
      const q = spreadQuantile({ mean: 3, sd: 2, p });
      expect(Math.abs(q - (3 + 2 * z))).toBeLessThanOrEqual(2 * 1.2e-9 * Math.abs(z) + 1e-15);
    }
  });

  it('the interval is the pair of quantiles at (1 ∓ level)/2', () => {
    const r = spreadInterval({ mean: 1, sd: 0.1, level: 0.9 });
    expect(r.low).toBeCloseTo(1 - 0.1 * 1.6448536269514722, 8);
    expect(r.high).toBeCloseTo(1 + 0.1 * 1.6448536269514722, 8);
    expect(spreadInterval({ mean: 1, sd: 0.1 }).high).toBeCloseTo(1 + 0.1 * 1.959963984540054, 8);
  });

  fcTest.prop([fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.double({ min: 0, max: 1e12, noNaN: true }), fc.double({ min: 1e-9, max: 0.5, noNaN: true })])(
    'quantiles are monotone in p and symmetric about the mean',
    (mean, sd, p) => {
      const lo = spreadQuantile({ mean, sd, p });
      const hi = spreadQuantile({ mean, sd, p: 1 - p });
      expect(lo).toBeLessThanOrEqual(mean);
      expect(hi).toBeGreaterThanOrEqual(mean);
      expect(Math.abs(mean - lo - (hi - mean))).toBeLessThanOrEqual(1e-8 * (Math.abs(mean) + sd) + 1e-300);
    },
  );

  it('refuses p or level outside (0, 1), a negative or infinite sd and a non-finite mean, naming the value', () => {
    for (const bad of [
      () => spreadQuantile({ mean: 0, sd: 1, p: 0 }),
      () => spreadQuantile({ mean: 0, sd: 1, p: 1 }),
      () => spreadQuantile({ mean: 0, sd: -1, p: 0.5 }),
      () => spreadQuantile({ mean: 0, sd: Infinity, p: 0.5 }),
      () => spreadQuantile({ mean: NaN, sd: 1, p: 0.5 }),
      () => spreadInterval({ mean: 0, sd: 1, level: 1 }),
    ]) expect(bad).toThrow(InvalidArgumentError);
    expect(() => spreadQuantile({ mean: 0, sd: 1, p: 1.5 })).toThrow(/p.*1\.5/);
  });

  it('composes with predictLosses: the 90 % interval of the test loss brackets the mean by ±1.645 sd', () => {
    const r = predictLosses({ spectrum: isotropicSpectrum({ d: 64 }), N: 128, abar: 0.9 });
    const i = spreadInterval({ mean: r.testLoss, sd: r.sd.testLoss, level: 0.9 });
    expect(r.sd.testLoss).toBeGreaterThan(0);
    expect((i.high - r.testLoss) / r.sd.testLoss).toBeCloseTo(1.6448536269514722, 8);
  });
});
