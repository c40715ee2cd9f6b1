import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { spectralDensity } from '../../src/selfconsistency/limitingMeasure/spectralDensity.js';
import { spectralExpectation } from '../../src/selfconsistency/limitingMeasure/spectralExpectation.js';
import { stieltjes } from '../../src/selfconsistency/complexPlane/stieltjes.js';
import { createSpectrum, spectrumTraces, type Spectrum } from '../../src/spectra/index.js';

/** 1–30 distinct eigenvalues over up to 8 decades, integral or fractional weights 0.5..40. */
const spectrumArb = fc
  .record({
    decades: fc.double({ min: 0, max: 8, noNaN: true }),
    points: fc.array(
      fc.record({ u: fc.double({ min: 0, max: 1, noNaN: true }), weight: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0.5, max: 40, noNaN: true })) }),
      { minLength: 1, maxLength: 30 },
    ),
  })
  .map(({ decades, points }) =>
    createSpectrum(
      points.map((p) => 10 ** (decades * (p.u - 0.5))),
      points.map((p) => p.weight),
    ),
  );

/** n/d log-uniform in [0.05, 20], or n = d exactly (n ≥ 1). */
const caseArb = spectrumArb.chain((s) =>
  fc.tuple(
    fc.constant(s),
    fc.oneof(
      { weight: 1, arbitrary: fc.constant(s.d) },
      { weight: 3, arbitrary: fc.double({ min: Math.log(0.05), max: Math.log(20), noNaN: true }).map((e) => s.d * Math.exp(e)) },
    ).map((n) => Math.max(1, n)),
  ),
);

const finiteNonNeg = (x: number) => Number.isFinite(x) && x >= 0;

describe('spectral measures over random spectra', () => {
  test.prop([caseArb], { numRuns: 120, seed: 7_2026 })(
    'density ≥ 0 and finite, Im m̲ > 0 inside, masses add up, no NaN at edges / gaps / 0',
    ([spectrum, n]: [Spectrum, number]) => {
      const r = spectralDensity({ spectrum, n, points: 400 });
      expect(r.converged).toBe(true);
      expect(r.maxResidual).toBeLessThan(1e-10);
      for (let j = 0; j < r.x.length; j++) {
        expect(finiteNonNeg(r.density[j])).toBe(true);
        expect(finiteNonNeg(r.sigmaDensity[j])).toBe(true);
        // Interior grid nodes (weight > 0) lie inside a cluster: the physical branch has Im m̲ > 0.
        if (r.weights![j] > 0) expect(r.mUnderlineIm[j]).toBeGreaterThan(0);
      }
      // Masses through the quadrature of spectralExpectation (adaptive: exact to ~1e-12 even when
      // clusters nearly touch, where the fixed grid's weights are less accurate).
      const { trace } = spectrumTraces(spectrum);
      const c = spectralExpectation({ spectrum, n, f: () => 1, weight: 'count' });
      const s = spectralExpectation({ spectrum, n, f: () => 1, weight: 'sigma' });
      expect(Math.abs(c.value / spectrum.d - 1)).toBeLessThan(1e-10);
      expect(Math.abs(s.value / trace - 1)).toBeLessThan(1e-10);
      let clusterMass = r.atomAtZero;
      for (const cl of r.support.clusters) clusterMass += cl.mass;
      expect(Math.abs(clusterMass - 1)).toBeLessThan(1e-12);
      // Exactly at edges, just outside them, at 0 and below: finite (or +∞ at a hard edge), never NaN.
      const xs: number[] = [-1, 0];
      for (const [lo, hi] of r.support.intervals) xs.push(lo, hi, lo * (1 - 1e-9), hi * (1 + 1e-9), 0.5 * (lo + hi));
      const u = spectralDensity({ spectrum, n, x: xs });
      expect(u.converged).toBe(true);
      for (let j = 0; j < xs.length; j++) {
        const hardEdge = xs[j] === 0 && n === spectrum.d;
        for (const v of [u.density[j], u.sigmaDensity[j]]) {
          expect(Number.isNaN(v)).toBe(false);
          if (hardEdge) expect(v).toBe(Infinity);
          else expect(finiteNonNeg(v)).toBe(true);
        }
        expect(Number.isNaN(u.mUnderlineRe[j]) || Number.isNaN(u.mUnderlineIm[j])).toBe(false);
      }
    },
  );

  test.prop([caseArb, fc.double({ min: -1, max: 2, noNaN: true }), fc.double({ min: -14, max: 2, noNaN: true })], { numRuns: 150, seed: 31_337 })(
    'stieltjes on C⁺: certified (Im m̲ > 0), small residual, consistent traces',
    ([spectrum, n], u, logEta) => {
      const r0 = spectralDensity({ spectrum, n, points: 10 }).support;
      const top = r0.intervals[r0.intervals.length - 1][1];
      const z = { re: u * top, im: 10 ** logEta * top };
      const r = stieltjes({ spectrum, n, z });
      expect(r.converged).toBe(true);
      expect(r.mUnderline.im).toBeGreaterThan(0);
      expect(r.kappa.im).toBeLessThan(0);
      expect(r.residual).toBeLessThan(1e-10);
      // Im m ≥ 0 and Im tr Σ(Ŝ − z)^{-1} ≥ 0 (Stieltjes transforms of positive measures).
      expect(r.m.im).toBeGreaterThanOrEqual(0);
      expect(r.traceSigmaResolvent.im).toBeGreaterThanOrEqual(0);
      for (const v of [r.m.re, r.m.im, r.traceSigmaResolvent.re, r.traceSigmaResolvent.im, r.kappa.re]) expect(Number.isFinite(v)).toBe(true);
    },
  );
});
