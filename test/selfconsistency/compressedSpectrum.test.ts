import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { atomsNeeded, compressSpectrum } from '../../src/selfconsistency/compression/compressedSpectrum.js';
import { atomsFor, globalGaussBound } from '../../src/selfconsistency/compression/compressionBound.js';
import { checkCompression, FAMILY, familySums } from '../../src/selfconsistency/compression/compressionCheck.js';
import { golubWelsch } from '../../src/selfconsistency/compression/golubWelsch.js';
import { jacobiMatrix } from '../../src/selfconsistency/compression/jacobiMatrix.js';
import { solveKappaCurve } from '../../src/selfconsistency/kappa/solveKappaCurve.js';
import { createSpectrum, powerLawSpectrum } from '../../src/spectra/index.js';
import { nFor, spectrumArb } from './spectrumArbitrary.js';

/**
 * docs/compression.md: the m-atom Gauss rule in log λ reproduces every sum Σ w λ^p/(λ+κ)^q to
 * ~1e-13, so curves computed on it agree with the exact spectrum to 1e-10 relative (the margin
 * covers the conditioning of κ in the sums and the exact path's own rounding over up to 1e4 terms).
 */
const REL = 1e-10;
const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

/** A ridge sweep between 1e-14 and 1e12 (as a noise schedule's), sometimes with the ridge 0. */
const ridgesArb = fc
  .record({ lo: fc.double({ min: -14, max: 12, noNaN: true }), span: fc.double({ min: 0, max: 12, noNaN: true }), count: fc.integer({ min: 2, max: 60 }), zero: fc.boolean() })
  .map(({ lo, span, count, zero }) => {
    const r = Array.from({ length: count }, (_, j) => 10 ** Math.min(12, lo + (span * j) / (count - 1)));
    if (zero) r.unshift(0);
    return r;
  });

describe('compressed spectrum (docs/compression.md)', () => {
  test.prop([spectrumArb.chain((s) => fc.tuple(fc.constant(s), nFor(s), ridgesArb))], { numRuns: 120, seed: 1313 })(
    'solveKappaCurve on the compression agrees with the exact spectrum to 1e-10',
    ([spectrum, n, ridge]) => {
      const exact = solveKappaCurve({ spectrum, n, ridge, compress: false });
      const comp = solveKappaCurve({ spectrum, n, ridge, compress: true });
      expect(exact.compression).toBeNull();
      if (comp.compression !== null) {
        expect(comp.compression.atoms).toBeLessThan(spectrum.eigenvalues.length);
        expect(comp.compression.certifiedError).toBeLessThanOrEqual(1e-12);
      }
      expect(comp.converged).toBe(true);
      ridge.forEach((_, j) => {
        expect(rel(comp.kappa[j], exact.kappa[j]), `kappa[${j}]`).toBeLessThanOrEqual(REL);
        expect(rel(comp.gamma[j], exact.gamma[j]), `gamma[${j}]`).toBeLessThanOrEqual(REL);
        if (Number.isFinite(exact.dkappaDridge[j])) expect(rel(comp.dkappaDridge[j], exact.dkappaDridge[j]), `dkappa[${j}]`).toBeLessThanOrEqual(REL);
        else expect(comp.dkappaDridge[j]).toBe(Infinity);
      });
    },
  );

  test.prop([spectrumArb], { numRuns: 60, seed: 2424 })('the rule: same d, positive weights, atoms sorted, moments and family reproduced', (spectrum) => {
    const c = compressSpectrum(spectrum);
    if (c === null) return;
    const { eigenvalues: ev, weights: w } = c.spectrum;
    expect(c.spectrum.d).toBe(spectrum.d);
    let total = 0;
    for (let j = 0; j < ev.length; j++) {
      expect(w[j]).toBeGreaterThan(0);
      if (j > 0) expect(ev[j]).toBeLessThan(ev[j - 1]);
      total += w[j];
    }
    expect(rel(total, spectrum.d)).toBeLessThan(1e-12);
    expect(ev[0]).toBeLessThanOrEqual(spectrum.eigenvalues[0] * (1 + 1e-13));
    expect(ev[ev.length - 1]).toBeGreaterThanOrEqual(spectrum.eigenvalues[spectrum.eigenvalues.length - 1] * (1 - 1e-13));
    const lo = spectrum.eigenvalues[spectrum.eigenvalues.length - 1] * 1e-3;
    const hi = spectrum.eigenvalues[0] * 1e3;
    expect(checkCompression(c, lo, hi).maxRelativeError).toBeLessThanOrEqual(1e-12);
  });

  it('m depends only on log(λmax/λmin): 34 atoms for a power law at d = 4096, 53 at d = 1e6, 204 for 24 decades', () => {
    expect(atomsNeeded(0.5 * Math.log(4096))).toBe(34);
    expect(atomsNeeded(0.5 * Math.log(1e6))).toBe(53);
    expect(atomsNeeded(0.5 * Math.log(1e24))).toBe(204);
    // The bound is monotone in m and h.
    expect(globalGaussBound(34, 4, 4)).toBeLessThan(globalGaussBound(33, 4, 4));
    expect(globalGaussBound(34, 4, 4)).toBeLessThan(globalGaussBound(34, 5, 4));
    expect(atomsFor((m) => 2 ** -m, 1e-3, 100)).toBe(10);
    const a = compressSpectrum(createSpectrum(Array.from({ length: 2000 }, (_, i) => 10 ** (-3 + (6 * i) / 1999))))!;
    const b = compressSpectrum(createSpectrum(Array.from({ length: 20000 }, (_, i) => 10 ** (-3 + (6 * i) / 19999))))!;
    expect(a.atoms).toBe(b.atoms);
    expect(compressSpectrum(powerLawSpectrum({ d: 4096, k: 1 }))!.atoms).toBe(34);
    // Nothing to gain: fewer distinct values than atoms.
    expect(compressSpectrum(powerLawSpectrum({ d: 10, k: 1 }))).toBeNull();
  });

  it('d = 1e5 distinct eigenvalues: family within 1e-13 of compensated exact sums over the whole range', () => {
    const spectrum = powerLawSpectrum({ d: 100_000, k: 1.2 });
    const c = compressSpectrum(spectrum)!;
    expect(c.atoms).toBeLessThan(60);
    expect(c.reference.eigenvalues.length).toBeLessThan(400); // pre-reduced
    expect(c.reductionError).toBeLessThan(1e-15);
    const check = checkCompression(c, 1e-8, 1e8);
    expect(check.passed).toBe(true);
    expect(check.maxRelativeError).toBeLessThan(1e-13);
  });

  it('the check fails for a rule that is too small, and is deterministic', () => {
    const spectrum = powerLawSpectrum({ d: 4096, k: 1 });
    const coarse = compressSpectrum(spectrum, { tolerance: 1e-3 })!;
    expect(coarse.atoms).toBeLessThan(20);
    const check = checkCompression(coarse, 1e-4, 1e4, 1e-12);
    expect(check.passed).toBe(false);
    expect(check.maxRelativeError).toBeGreaterThan(1e-10);
    const again = compressSpectrum(spectrum)!;
    const once = compressSpectrum(spectrum)!;
    expect(Array.from(again.spectrum.eigenvalues)).toEqual(Array.from(once.spectrum.eigenvalues));
    expect(Array.from(again.spectrum.weights)).toEqual(Array.from(once.spectrum.weights));
  });
});

describe('Gauss rule building blocks', () => {
  it('an m-point rule integrates polynomials of degree 2m − 1 exactly; m = M recovers the measure', () => {
    const M = 9;
    const x = Float64Array.from({ length: M }, (_, i) => Math.cos((Math.PI * (i + 0.3)) / M));
    const c = Float64Array.from({ length: M }, (_, i) => 1 + ((i * 7) % 5));
    for (const m of [3, 5]) {
      const rule = golubWelsch(jacobiMatrix(x, c, 0, M, m));
      for (let p = 0; p < 2 * m; p++) {
        let exact = 0;
        let approx = 0;
        for (let i = 0; i < M; i++) exact += c[i] * x[i] ** p;
        for (let j = 0; j < m; j++) approx += rule.weights[j] * rule.nodes[j] ** p;
        expect(Math.abs(approx - exact)).toBeLessThan(1e-13 * 30);
      }
    }
    const full = golubWelsch(jacobiMatrix(x, c, 0, M, M));
    const order = Array.from(x).map((v, i) => [v, c[i]]).sort((a, b) => a[0] - b[0]);
    order.forEach(([v, w], j) => {
      expect(full.nodes[j]).toBeCloseTo(v, 13);
      expect(full.weights[j]).toBeCloseTo(w, 12);
    });
  });

  it('the weight of a node converged onto an isolated eigenvalue keeps full relative precision', () => {
    // Top of a power law in log coordinates: λ1 is isolated with weight 1 out of 4096.
    const s = powerLawSpectrum({ d: 4096, k: 1 });
    const t = Array.from(s.eigenvalues, Math.log);
    const c0 = 0.5 * (t[0] + t[t.length - 1]);
    const h = 0.5 * (t[0] - t[t.length - 1]);
    const x = Float64Array.from(t, (v) => Math.max(-1, Math.min(1, (v - c0) / h)));
    const rule = golubWelsch(jacobiMatrix(x, s.weights, 0, x.length, 36));
    expect(Math.exp(c0 + h * rule.nodes[35]) / s.eigenvalues[0]).toBeCloseTo(1, 13);
    expect(Math.abs(rule.weights[35] - 1)).toBeLessThan(1e-13);
  });

  it('familySums matches the definition', () => {
    const ev = Float64Array.from([3, 0.5, 1e-3]);
    const wt = Float64Array.from([1, 2, 0.5]);
    const out = new Float64Array(FAMILY.length);
    familySums(ev, wt, 3, 0.7, out);
    FAMILY.forEach(([p, q], f) => {
      let s = 0;
      for (let i = 0; i < 3; i++) s += (wt[i] * ev[i] ** p) / (ev[i] + 0.7) ** q;
      expect(rel(out[f], s)).toBeLessThan(1e-15);
    });
  });
});
