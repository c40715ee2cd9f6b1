import { describe, expect, it } from 'vitest';
import { monteCarlo } from '../../src/montecarlo/monteCarlo.js';
import { isotropicSpectrum } from '../../src/spectra/isotropic.js';

describe('MonteCarloResult follows its options (type-level)', () => {
  it('losses are present with abar, the KL with eps — no non-null assertions needed', () => {
    const spectrum = isotropicSpectrum({ d: 4 });
    const both = monteCarlo({ spectrum, N: 8, abar: 0.5, eps: 1e-2, draws: 3, seed: 1 });
    const mean: number = both.testLoss.mean + both.kl.mean;
    expect(Number.isFinite(mean)).toBe(true);
    const klOnly = monteCarlo({ spectrum, N: 8, eps: 1e-2, draws: 3, seed: 1 });
    expect(klOnly.kl.stderr).toBeGreaterThanOrEqual(0);
    // @ts-expect-error — without abar or a schedule the losses may be absent (never called)
    const unchecked = () => klOnly.testLoss.mean;
    expect(typeof unchecked).toBe('function');
    expect(klOnly.testLoss).toBeUndefined();
  });
});
