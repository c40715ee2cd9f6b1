/**
 * verify's single-run mode (docs/theory.md §6.10): the user's value(s) from one or a few training
 * sets against the predicted mean ± spread. Seeded: the "user's" training sets are Monte Carlo draws
 * of the real model.
 */
import { describe, expect, it } from 'vitest';
import { monteCarlo } from '../../src/montecarlo/monteCarlo.js';
import { parseSpectrumSpec } from '../../src/spectra/index.js';
import { verifyObserved } from '../../src/verification/verifyObserved.js';

describe('verifyObserved', () => {
  const spectrum = parseSpectrumSpec('powerlaw:d=64,k=1');

  it('real training sets are consistent; a value 8 sd away is not', () => {
    let consistent = 0;
    for (let s = 0; s < 12; s++) {
      const one = monteCarlo({ spectrum, N: 100, abar: 0.5, draws: 1, seed: 300 + s });
      const r = verifyObserved({ spectrum, N: 100, abar: 0.5, measure: 'testLoss', observed: [one.testLoss.mean] });
      expect(r.reliable).toBe(true);
      expect(r.count).toBe(1);
      if (r.verdict === 'consistent') consistent++;
    }
    expect(consistent).toBeGreaterThanOrEqual(11); // |z| ≤ 3: a false alarm is ~0.3 % each
    const base = verifyObserved({ spectrum, N: 100, abar: 0.5, measure: 'testLoss', observed: [0] });
    const far = verifyObserved({ spectrum, N: 100, abar: 0.5, measure: 'testLoss', observed: [base.theory + 8 * base.sd] });
    expect(far.verdict).toBe('inconsistent');
    expect(far.zEach[0]).toBeCloseTo(8, 10);
    expect(far.interval.high - far.theory).toBeCloseTo(1.959963984540054 * far.sd, 6);
  });

  it('several training sets: the mean of k values is judged against sd/√k', () => {
    const mc = monteCarlo({ spectrum, N: 100, abar: 0.5, draws: 1, seed: 1 });
    const v = mc.gap.mean;
    const one = verifyObserved({ spectrum, N: 100, abar: 0.5, measure: 'gap', observed: [v] });
    const four = verifyObserved({ spectrum, N: 100, abar: 0.5, measure: 'gap', observed: [v, v, v, v] });
    // same mean, four values: z grows by up to 2 (less where the allowance term counts)
    expect(Math.abs(four.z)).toBeGreaterThan(Math.abs(one.z));
    expect(Math.abs(four.z)).toBeLessThanOrEqual(2 * Math.abs(one.z) + 1e-12);
  });

  it('the KL with eps; the hard edge says the theory is not reliable instead of judging', () => {
    const k = verifyObserved({ spectrum, N: 100, eps: 0.01, abar: 0.5, measure: 'kl', observed: [1] });
    expect(Number.isFinite(k.sd)).toBe(true);
    const edge = verifyObserved({ spectrum: parseSpectrumSpec('powerlaw:d=64,k=0.5'), N: 63, abar: 0.9999, measure: 'testLoss', observed: [1] });
    expect(edge.verdict).toBe('theory not reliable here');
  });

  it('typed errors name the value', () => {
    expect(() => verifyObserved({ spectrum, N: 100, abar: 0.5, measure: 'testLoss', observed: [] })).toThrow(/observed/);
    expect(() => verifyObserved({ spectrum, N: 100, abar: 0.5, measure: 'testLoss', observed: [NaN] })).toThrow(/observed\[0\]/);
    expect(() => verifyObserved({ spectrum, N: 100, abar: 0.5, measure: 'kl', observed: [1] })).toThrow(/eps/);
    expect(() => verifyObserved({ spectrum, N: 100, abar: 0.5, measure: 'nope' as 'kl', observed: [1] })).toThrow(/measure/);
  });
});
