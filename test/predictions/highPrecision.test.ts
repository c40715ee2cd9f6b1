import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { klDivergence } from '../../src/predictions/kl/klDivergence.js';
import { predictLosses } from '../../src/predictions/losses/predictLosses.js';
import { createSpectrum, powerLawSpectrum } from '../../src/spectra/index.js';
import { naivePredictions } from './naiveHighPrecision.js';

/**
 * The double-precision predictions are rearrangements of THEORY.md §4–5 into sums of
 * non-negative terms. Against the naive formulas in 80-digit arithmetic they must agree to
 * 1e-10 relative (the gap, alignment and KL included, even where they are 1e-9 of the losses
 * whose difference they are): a few hundred ε of summation and κ error, with margin.
 */
const REL = 1e-10;

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('predictions vs the naive formulas in 80-digit arithmetic', () => {
  test.prop(
    [
      fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 12 }),
      fc.double({ min: -1.5, max: 3, noNaN: true }),
      fc.double({ min: 0.001, max: 0.9999, noNaN: true }),
      fc.oneof(fc.constant(0), fc.double({ min: 1e-4, max: 10, noNaN: true })),
      fc.double({ min: -4, max: 0, noNaN: true }),
      fc.constantFrom('estimated', 'known') as fc.Arbitrary<'estimated' | 'known'>,
    ],
    { numRuns: 40, seed: 4242 },
  )('all measures agree to 1e-10', (logs, logRatio, abar, c, logEps, mean) => {
    const spectrum = createSpectrum(logs.map((x) => 10 ** x), logs.map((_, i) => 1 + (i % 3)));
    const N = Math.max(2, Math.round(spectrum.d * 10 ** logRatio));
    const eps = 10 ** logEps;
    const p = predictLosses({ spectrum, N, abar, c, mean, finiteSize: 'none' }); // the formulas of THEORY.md §4–5
    const k = klDivergence({ spectrum, N, eps, mean, finiteSize: 'none' });
    const h = naivePredictions(spectrum, N, abar, c, eps, mean);
    for (const name of ['trainLoss', 'testLoss', 'gap', 'referenceLoss', 'alignment'] as const) {
      expect(rel(p[name], h[name]), name).toBeLessThanOrEqual(REL);
    }
    expect(rel(k.kl, h.kl)).toBeLessThanOrEqual(REL);
  });

  it('N ≫ d: gap, alignment and KL (1e-7 of the loss) keep full precision', () => {
    const spectrum = powerLawSpectrum({ d: 20, k: 1 });
    for (const N of [1e4, 1e6, 1e9]) {
      const p = predictLosses({ spectrum, N, abar: 0.5, c: 0.1, finiteSize: 'none' });
      const k = klDivergence({ spectrum, N, eps: 1e-3, finiteSize: 'none' });
      const h = naivePredictions(spectrum, N, 0.5, 0.1, 1e-3, 'estimated');
      expect(rel(p.gap, h.gap)).toBeLessThanOrEqual(REL);
      expect(rel(p.alignment, h.alignment)).toBeLessThanOrEqual(REL);
      expect(rel(k.kl, h.kl)).toBeLessThanOrEqual(REL);
    }
  });
});
