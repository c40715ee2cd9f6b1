import { describe, expect, it } from 'vitest';
import { klDivergence } from '../../src/predictions/kl/klDivergence.js';
import { predictLosses } from '../../src/predictions/losses/predictLosses.js';
import { isotropicSpectrum, lowRankSpectrum, powerLawSpectrum, twoPointSpectrum } from '../../src/spectra/index.js';

describe("the seed's headline: KL per dimension × N/d → 1/4, independent of Σ", () => {
  const spectra = {
    isotropic: isotropicSpectrum({ d: 2000 }),
    'power law k=1': powerLawSpectrum({ d: 2000, k: 1 }),
    'power law k=2': powerLawSpectrum({ d: 2000, k: 2 }),
    'two-point': twoPointSpectrum({ d: 2000, a: 1, b: 50, p: 0.1 }),
    'low rank': lowRankSpectrum({ d: 2000, r: 100, floor: 1e-2 }),
  };
  for (const [name, spectrum] of Object.entries(spectra)) {
    it(name, () => {
      const ratios = [10, 100, 1000, 10000].map((q) => {
        const N = 2000 * q;
        // ε far below every eigenvalue so that the sampling ridge does not matter.
        const k = klDivergence({ spectrum, N, eps: 1e-9, finiteSize: 'none' });
        return (k.klPerDim * N) / 2000;
      });
      // The deterministic equivalent approaches 1/4 from above with corrections (1 + 2/d) and O(d/N).
      for (let i = 1; i < ratios.length; i++) expect(ratios[i]).toBeLessThan(ratios[i - 1]);
      expect(ratios[3]).toBeGreaterThan(0.25);
      expect(ratios[3]).toBeCloseTo(0.25 * (1 + 2 / 2000), 4);
      // First order (the default) gives the exact Wishart next order, (d² + 3d)/(4N) with the
      // mean estimated (docs/theory.md §6.5).
      const N = 2000 * 10000;
      expect((klDivergence({ spectrum, N, eps: 1e-9 }).klPerDim * N) / 2000).toBeCloseTo(0.25 * (1 + 3 / 2000), 4);
    });
  }
});

describe('for N < d the nullspace term dominates the KL', () => {
  it('KL grows like 1/ε when N < d and stays bounded when N > d', () => {
    const spectrum = powerLawSpectrum({ d: 100, k: 1 });
    const small = [1e-2, 1e-4].map((eps) => klDivergence({ spectrum, N: 50, eps }).kl);
    expect(small[1] / small[0]).toBeGreaterThan(50);
    const large = [1e-2, 1e-4, 1e-8].map((eps) => klDivergence({ spectrum, N: 400, eps }).kl);
    expect(large[2] / large[1]).toBeLessThan(1.2);
  });
});

describe('losses: limits and signs', () => {
  const spectrum = powerLawSpectrum({ d: 50, k: 1 });
  it('test ≥ train, gap ≥ 0, and N → ∞ recovers the reference loss', () => {
    for (const N of [10, 50, 200, 1e4]) {
      for (const abar of [0.01, 0.5, 0.99]) {
        const p = predictLosses({ spectrum, N, abar, c: 0.05 });
        expect(p.gap).toBeGreaterThan(0);
        expect(p.testLoss).toBeGreaterThan(p.trainLoss);
        expect(p.alignment).toBeGreaterThan(0);
      }
    }
    const p = predictLosses({ spectrum, N: 1e12, abar: 0.5, c: 0.05 });
    expect(p.testLoss / p.referenceLoss).toBeCloseTo(1, 9);
    expect(p.trainLoss / p.referenceLoss).toBeCloseTo(1, 9);
    expect(p.alignment).toBeLessThan(1e-9);
  });

  it('c = 0: train loss = df1(κ) (the residual-loss form), per dimension divides by d', () => {
    const p = predictLosses({ spectrum, N: 30, abar: 0.3, finiteSize: 'none' }); // an identity of the deterministic equivalents
    let df1 = 0;
    for (const l of spectrum.eigenvalues) df1 += l / (l + p.kappa.kappa);
    expect(p.trainLoss).toBeCloseTo(df1, 12);
    expect(predictLosses({ spectrum, N: 30, abar: 0.3, perDimension: true, finiteSize: 'none' }).trainLoss).toBeCloseTo(df1 / 50, 13);
  });

  it('explicit c_t is c·ᾱ in the seed form', () => {
    const a = predictLosses({ spectrum, N: 30, abar: 0.3, c: 0.2 });
    const b = predictLosses({ spectrum, N: 30, abar: 0.3, ct: 0.2 * 0.3 });
    expect(b.testLoss).toBeCloseTo(a.testLoss, 12);
  });
});
