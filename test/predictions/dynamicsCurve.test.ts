import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { CHECK_TOLERANCE, CORRECTION_CHECK_TOLERANCE, dynamicsCurve, pointsAgree } from '../../src/predictions/dynamics/dynamicsCurve.js';
import { optimalStopping } from '../../src/predictions/dynamics/optimalStopping.js';
import { predictDynamics, type DynamicsPoint } from '../../src/predictions/dynamics/trainingDynamics.js';
import type { FiniteSizeOrder } from '../../src/predictions/finiteSize/finiteSize.js';
import { createSpectrum } from '../../src/spectra/spectrum.js';
import { powerLawSpectrum } from '../../src/spectra/powerLaw.js';
import { compressSpectrum } from '../../src/selfconsistency/compression/compressedSpectrum.js';
import { cli } from '../cli/fakeIo.js';
import { InvalidArgumentError } from '../../src/errors.js';

/**
 * Training dynamics on the compressed spectrum (docs/compression.md §6): against the exact
 * spectrum at a tight quadrature tolerance (1e-12, so that what is compared is the compression,
 * not the quadrature), the d → ∞ values agree to 1e-10 relative and the first-order corrections
 * to 1e-4 of their size (CORRECTION_CHECK_TOLERANCE; they are O(1/d) estimates); a failed check
 * falls back to the exact spectrum point for point.
 */
const MEASURES = ['trainLoss', 'testLoss', 'gap', 'alignment', 'referenceLoss'] as const;
const taus = [0.05, 0.5, 3, 20, 150].map((tau) => ({ tau }));

/** Log-uniform over 10 decades, 300 distinct values (none isolated: the rule's hard case in t). */
const logUniform = createSpectrum(Float64Array.from({ length: 300 }, (_, i) => 10 ** (5 - (10 * i) / 299)));
/** Two clusters three decades apart (a split support of Ŝ at N ≫ d). */
const clusters = createSpectrum(Float64Array.from({ length: 240 }, (_, i) => (i < 80 ? 50 * (1 + i / 400) : 0.05 * (1 + (i - 80) / 800))));

function compare(points: DynamicsPoint[], exact: DynamicsPoint[]): { asymptotic: number; correction: number } {
  let asymptotic = 0;
  let correction = 0;
  points.forEach((p, i) => {
    const e = exact[i];
    expect(p.finiteSize.applied).toBe(e.finiteSize.applied);
    for (const m of MEASURES) {
      asymptotic = Math.max(asymptotic, Math.abs(p.asymptotic[m] - e.asymptotic[m]) / Math.max(Math.abs(e.asymptotic[m]), 1e-300));
      const ce = e[m] - e.asymptotic[m];
      const cp = p[m] - p.asymptotic[m];
      if (ce !== 0) correction = Math.max(correction, Math.abs(cp - ce) / Math.abs(ce));
    }
  });
  return { asymptotic, correction };
}

describe('dynamics on the compressed spectrum', () => {
  for (const [name, spectrum] of [
    ['power law d = 256, k = 1', powerLawSpectrum({ d: 256, k: 1 })],
    ['log-uniform, 10 decades', logUniform],
    ['two clusters', clusters],
  ] as const) {
    it(`${name}: the compressed points agree with the exact ones (N = d/4, d, 4d; both orders)`, () => {
      const rule = compressSpectrum(spectrum)!;
      expect(rule.atoms).toBeLessThan(spectrum.eigenvalues.length);
      let compared = 0;
      for (const ratio of [0.25, 1, 4]) {
        for (const finiteSize of ['none', 'first-order'] as FiniteSizeOrder[]) {
          const N = Math.round(ratio * spectrum.d);
          for (const time of taus) {
            const options = { N, abar: 0.6, time, finiteSize, tolerance: 1e-12 };
            const e = predictDynamics({ spectrum, ...options });
            const c = predictDynamics({ spectrum: rule.spectrum, ...options });
            // The compressed measure has fewer clusters to resolve: it converges wherever the
            // exact one does (at 1e-12 the exact quadrature can stop short at N = d, and the
            // exact correction on isolated clusters at N ≫ d; dynamicsCurve's check then keeps
            // the exact values).
            if (e.converged) expect(c.converged).toBe(true);
            if (e.finiteSize.applied) expect(c.finiteSize.applied).toBe(true);
            if (!e.converged || c.finiteSize.applied !== e.finiteSize.applied) continue;
            compared++;
            const diff = compare([c], [e]);
            expect(diff.asymptotic).toBeLessThan(1e-10);
            expect(diff.correction).toBeLessThan(CORRECTION_CHECK_TOLERANCE);
          }
        }
      }
      // Comparable: both converged, same applied flag (measured: 30, 18 and 30 of 30 for the
      // three spectra — log-uniform's exact quadrature stops short at N = d and its correction at 4d).
      expect(compared).toBeGreaterThanOrEqual(15);
    });
  }

  test.prop(
    [
      fc.integer({ min: 40, max: 200 }), // distinct eigenvalues
      fc.double({ min: 0.3, max: 3, noNaN: true }), // power-law exponent
      fc.double({ min: -2, max: 3, noNaN: true }), // log₂(N/d)
      fc.double({ min: -2, max: 2.5, noNaN: true }), // log₁₀ τ
      fc.double({ min: 0.05, max: 0.99, noNaN: true }), // ᾱ
    ],
    { numRuns: 25, seed: 13 },
  )('random power laws: the d → ∞ values on the rule agree with the exact spectrum to 1e-10', (d, k, logRatio, logTau, abar) => {
    const spectrum = powerLawSpectrum({ d, k });
    const rule = compressSpectrum(spectrum);
    if (rule === null || rule.atoms >= d) return; // nothing to compress (few distinct values)
    const options = { N: Math.max(2, Math.round(d * 2 ** logRatio)), abar, time: { tau: 10 ** logTau }, finiteSize: 'none' as const, tolerance: 1e-12 };
    const e = predictDynamics({ spectrum, ...options });
    const c = predictDynamics({ spectrum: rule.spectrum, ...options });
    if (e.converged) expect(c.converged).toBe(true);
    if (!e.converged) return;
    expect(compare([c], [e]).asymptotic).toBeLessThan(1e-10);
  });

  it('dynamicsCurve keeps the compressed curve only when the check passes, else the exact one point for point', () => {
    for (const [spectrum, N] of [[powerLawSpectrum({ d: 256, k: 1 }), 256], [logUniform, 300], [logUniform, 1200], [clusters, 60]] as const) {
      for (const finiteSize of ['none', 'first-order'] as FiniteSizeOrder[]) {
        const options = { spectrum, N, abar: 0.6, times: taus, finiteSize };
        const tried = dynamicsCurve({ ...options, compress: true });
        const exact = dynamicsCurve({ ...options, compress: false });
        expect(exact.compression).toBeNull();
        if (tried.compression === null) expect(tried.points).toEqual(exact.points);
        else {
          expect(tried.compression.certifiedError).toBeLessThan(1e-4); // the check's bound (see test/fuzz/numerics.test.ts)
          tried.points.forEach((p, i) => {
            // Between the checked ends the exact quadrature may stop short where the compressed
            // one converges (log-uniform at N = d: 2 of 5 points): then there is nothing to compare.
            if (!exact.points[i].converged) expect(p.converged).toBe(true);
            else expect(pointsAgree(p, exact.points[i], spectrum.d).agree).toBe(true);
          });
        }
      }
    }
  });

  it('the exact curve is predictDynamics point for point; compress: auto compresses a 300-value spectrum', () => {
    const spectrum = powerLawSpectrum({ d: 300, k: 1 });
    const exact = dynamicsCurve({ spectrum, N: 150, abar: 0.5, times: taus, compress: false });
    exact.points.forEach((p, i) => expect(p).toEqual(predictDynamics({ spectrum, N: 150, abar: 0.5, time: taus[i] })));
    expect(dynamicsCurve({ spectrum, N: 150, abar: 0.5, times: taus }).compression).not.toBeNull();
    // fewer than 3 points: not worth the check under 'auto'
    expect(dynamicsCurve({ spectrum, N: 150, abar: 0.5, times: taus.slice(0, 2) }).compression).toBeNull();
  });

  it('a failed check falls back to the exact spectrum: values identical to compress: false', () => {
    // A loose quadrature tolerance (1e-4) makes the two measures' quadratures differ by far more
    // than CHECK_TOLERANCE, so the first point's check fails.
    const spectrum = powerLawSpectrum({ d: 256, k: 1 });
    const options = { spectrum, N: 128, abar: 0.6, times: taus, finiteSize: 'none' as const, tolerance: 1e-4 };
    const tried = dynamicsCurve({ ...options, compress: true });
    const exact = dynamicsCurve({ ...options, compress: false });
    expect(tried.compression).toBeNull();
    expect(tried.points).toEqual(exact.points);
  });

  it('invalid times give a typed error naming them', () => {
    const spectrum = powerLawSpectrum({ d: 8, k: 1 });
    expect(() => dynamicsCurve({ spectrum, N: 4, abar: 0.5, times: 'tau' as never })).toThrow(InvalidArgumentError);
    expect(() => dynamicsCurve({ spectrum, N: 4, abar: 0.5, times: 'tau' as never })).toThrow(/times/);
    expect(() => dynamicsCurve({ spectrum, N: 4, abar: 0.5, times: [{ tau: -1 }] })).toThrow(InvalidArgumentError);
    expect(dynamicsCurve({ spectrum, N: 4, abar: 0.5, times: [] })).toEqual({ points: [], compression: null, converged: true });
  });

  it('pointsAgree: the tolerances, the applied flags and non-finite values', () => {
    const base: DynamicsPoint = {
      trainLoss: 10, testLoss: 12, gap: 2, alignment: 1, referenceLoss: 9, errorEstimate: 0, converged: true,
      finiteSize: { order: 'first-order', applied: true, relativeSize: 0.01, expansionParameter: 0.01, estimatedError: 1e-4, reliable: true },
      asymptotic: { trainLoss: 10.1, testLoss: 12.1, gap: 2, alignment: 1, referenceLoss: 9 },
    };
    expect(pointsAgree(base, base, 100)).toEqual({ agree: true, difference: 0 });
    // a correction off by 5e-5 of itself (−0.1 → −0.099995) passes, by 2e-4 fails
    expect(pointsAgree({ ...base, trainLoss: 10.000005 }, base, 100).agree).toBe(true);
    expect(pointsAgree({ ...base, trainLoss: 10.00002 }, base, 100).agree).toBe(false);
    // the d → ∞ value off by 2e-8 relative fails
    expect(pointsAgree({ ...base, asymptotic: { ...base.asymptotic, gap: 2 * (1 + 2e-8) } }, base, 100).agree).toBe(false);
    expect(pointsAgree({ ...base, finiteSize: { ...base.finiteSize, applied: false } }, base, 100)).toEqual({ agree: false, difference: Infinity });
    expect(pointsAgree({ ...base, gap: NaN }, base, 100).agree).toBe(false);
  });
});

describe('optimalStopping on the compressed spectrum', () => {
  it('finds the exact τ* and reports the exact test loss there, with the check', () => {
    const spectrum = powerLawSpectrum({ d: 256, k: 1 });
    for (const N of [64, 1024]) {
      const c = optimalStopping({ spectrum, N, abar: 0.7, compress: true });
      const e = optimalStopping({ spectrum, N, abar: 0.7, compress: false });
      expect(e.compression).toBeNull();
      expect(c.compression).not.toBeNull();
      expect(Math.abs(c.tau - e.tau) / e.tau).toBeLessThan(1e-5);
      expect(Math.abs(c.testLoss - e.testLoss) / e.testLoss).toBeLessThan(1e-12);
      expect(c.bestC).toBe(e.bestC);
    }
  });
});

describe('replica-diffusion dynamics --compress', () => {
  const base = ['dynamics', '--spectrum', 'powerlaw:d=256,k=1', '--N', '128', '--abar', '0.7', '--tau', '0.1:100:6', '--quiet'];
  it('reports the compression in JSON (null when off) and in the CSV header', async () => {
    const on = await cli([...base, '--json']);
    expect(on.code).toBe(0);
    const j = JSON.parse(on.stdout);
    expect(j.compression.atoms).toBeGreaterThan(5);
    expect(j.compression.certifiedError).toBeLessThan(CHECK_TOLERANCE);
    const off = await cli([...base, '--no-compress', '--json']);
    expect(JSON.parse(off.stdout).compression).toBeNull();
    const csv = await cli([...base, '--csv', '--csv-header']);
    expect(csv.stdout).toMatch(/# compressionAtoms=\d+/);
    const md = await cli(base);
    expect(md.stdout).toMatch(/compression: \d+ atoms/);
  });

  it('rejects a bad --compress value, and --compress with --no-compress, as usage errors', async () => {
    const bad = await cli([...base, '--compress', 'maybe']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/maybe/);
    const both = await cli([...base, '--compress', 'on', '--no-compress']);
    expect(both.code).toBe(2);
  });
});
