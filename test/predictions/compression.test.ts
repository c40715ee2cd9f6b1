import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { modelEnsemble } from '../../src/predictions/model/ensemble.js';
import { LossPointSums } from '../../src/predictions/lossSums/kappaLossSums.js';
import { lossCurve } from '../../src/predictions/losses/lossCurve.js';
import { lossMeasures } from '../../src/predictions/lossSums/lossMeasures.js';
import { lossSums } from '../../src/predictions/lossSums/lossSums.js';
import { noiseLevel } from '../../src/predictions/model/noiseLevel.js';
import { cosineSchedule, linearSchedule } from '../../src/predictions/model/noiseSchedule.js';
import { MEASURES, scheduleLosses } from '../../src/predictions/losses/scheduleLosses.js';
import { atomsNeeded } from '../../src/selfconsistency/compression/compressedSpectrum.js';
import { kappaSums } from '../../src/selfconsistency/kappa/kappaSums.js';
import { solveKappaCurve } from '../../src/selfconsistency/kappa/solveKappaCurve.js';
import { createSpectrum, powerLawSpectrum } from '../../src/spectra/index.js';
import { spectrumArb } from '../selfconsistency/spectrumArbitrary.js';

/**
 * Loss curves on the compressed spectrum (docs/compression.md §5) against the exact one: 1e-10
 * relative on every measure and step, as for κ (the loss sums are sums of positive terms and are
 * checked a posteriori at sample points), and the fused last pass (kappaLossSums.ts) bit-identical
 * to the separate κ and loss passes.
 */
const REL = 1e-10;
const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

describe('fused final pass', () => {
  test.prop(
    [
      fc.array(fc.record({ l: fc.double({ min: -12, max: 12, noNaN: true }), w: fc.double({ min: 0.1, max: 100, noNaN: true }) }), { minLength: 1, maxLength: 33 }),
      fc.double({ min: -14, max: 12, noNaN: true }),
      fc.double({ min: -4, max: 4, noNaN: true }),
      fc.double({ min: 0, max: 2, noNaN: true }),
    ],
    { numRuns: 200, seed: 77 },
  )('κ sums as kappaSums and loss sums as lossSums, bit for bit', (xs, logKappa, logZeta, c) => {
    const ev = Float64Array.from(xs, (x) => 10 ** x.l);
    const wt = Float64Array.from(xs, (x) => x.w);
    const kappa = 10 ** logKappa;
    const zeta = 10 ** logZeta;
    const z = zeta + c;
    const point = new LossPointSums([z], [zeta]);
    point.select(0);
    const sums = new Float64Array(4);
    // Generous length, NaN-filled: a sum lossSums writes and the fused pass does not would show.
    const extra = new Float64Array(32).fill(NaN);
    point.run(ev, wt, ev.length, kappa, sums, extra);
    const refSums = new Float64Array(4);
    const refExtra = new Float64Array(32).fill(NaN);
    kappaSums(ev, wt, ev.length, kappa, refSums);
    lossSums(ev, wt, ev.length, kappa, z, zeta, refExtra);
    expect(Array.from(sums)).toEqual(Array.from(refSums));
    expect(Array.from(extra)).toEqual(Array.from(refExtra));
  });

  it('scheduleLosses without compression equals κ curve + lossMeasures per step, bit for bit', () => {
    const spectrum = powerLawSpectrum({ d: 300, k: 1.3 });
    const schedule = linearSchedule({ T: 200 });
    for (const N of [20, 300, 5000]) {
      // The d → ∞ values (the fused pass is about them; the finite-size correction is added after).
      const s = scheduleLosses({ spectrum, N, schedule, c: 0.05, compress: false, finiteSize: 'none' });
      expect(s.compression).toBeNull();
      const ens = modelEnsemble(N);
      const levels = Array.from(schedule.alphaBar, (a) => noiseLevel(a, { c: 0.05 }));
      const curve = solveKappaCurve({ spectrum, n: ens.n, ridge: levels.map((l) => ens.r * l.z), compress: false });
      levels.forEach((level, t) => {
        const m = lossMeasures(spectrum, ens, level, curve.kappa[t], curve.dkappaDridge[t]);
        for (const name of MEASURES) expect(s.steps[name][t]).toBe(m[name]);
      });
      expect(s.totalIterations).toBe(curve.totalIterations);
    }
  });
});

describe('loss curves on the compressed spectrum', () => {
  test.prop(
    [
      spectrumArb.chain((s) =>
        fc.tuple(
          fc.constant(s),
          fc.oneof(fc.constant(Math.max(2, Math.round(s.d))), fc.double({ min: Math.log10(2), max: 9, noNaN: true }).map((e) => Math.max(2, Math.round(10 ** e)))),
          fc.integer({ min: 2, max: 80 }),
          fc.constantFrom(0, 0.01),
          fc.constantFrom('estimated', 'known') as fc.Arbitrary<'estimated' | 'known'>,
          fc.boolean(),
        ),
      ),
    ],
    { numRuns: 80, seed: 9090 },
  )('every measure at every step within 1e-10 of the exact spectrum', ([spectrum, N, T, c, mean, cosine]) => {
    const schedule = cosine ? cosineSchedule({ T }) : linearSchedule({ T });
    const exact = scheduleLosses({ spectrum, N, schedule, c, mean, compress: false });
    const comp = scheduleLosses({ spectrum, N, schedule, c, mean, compress: true });
    if (comp.compression !== null) expect(comp.compression.certifiedError).toBeLessThanOrEqual(1e-12);
    expect(comp.converged).toBe(true);
    for (const name of MEASURES) {
      for (let t = 0; t < T; t++) expect(rel(comp.steps[name][t], exact.steps[name][t]), `${name}[${t}]`).toBeLessThanOrEqual(REL);
      expect(rel(comp.total[name], exact.total[name]), name).toBeLessThanOrEqual(REL);
    }
  });

  it('d = 1e5 distinct eigenvalues, 6 N from 64 to 65536 (incl. N = d): compressed once, within 1e-10', () => {
    const spectrum = powerLawSpectrum({ d: 100_000, k: 1 });
    const schedule = linearSchedule({ T: 60 });
    const Ns = [64, 1000, 99_999, 100_000, 100_001, 65536];
    const comp = lossCurve({ spectrum, Ns, schedule });
    const exact = lossCurve({ spectrum, Ns, schedule, compress: false });
    expect(comp.compression).not.toBeNull();
    const ev = spectrum.eigenvalues;
    expect(comp.compression!.atoms).toBe(atomsNeeded(0.5 * Math.log(ev[0] / ev[ev.length - 1]))); // 45: λmax/λmin = 1e5
    expect(comp.compression!.certifiedError).toBeLessThan(1e-12);
    expect(exact.compression).toBeNull();
    Ns.forEach((_, i) => {
      for (const name of MEASURES) expect(rel(comp.rows[i][name], exact.rows[i][name]), `${name} N=${Ns[i]}`).toBeLessThanOrEqual(REL);
    });
  });

  it('one noise level over N (abar), compressed on request; auto leaves short curves exact', () => {
    const spectrum = createSpectrum(Array.from({ length: 3000 }, (_, i) => 10 ** (-4 + (8 * i) / 2999)));
    const Ns = Array.from({ length: 30 }, (_, i) => Math.round(10 * 1.4 ** i));
    const comp = lossCurve({ spectrum, Ns, abar: 0.3, c: 0.01, compress: true });
    const auto = lossCurve({ spectrum, Ns, abar: 0.3, c: 0.01 });
    const exact = lossCurve({ spectrum, Ns, abar: 0.3, c: 0.01, compress: false });
    expect(comp.compression).not.toBeNull();
    expect(auto.compression).toBeNull();
    expect(auto.rows).toEqual(exact.rows);
    Ns.forEach((_, i) => {
      for (const name of MEASURES) expect(rel(comp.rows[i][name], exact.rows[i][name])).toBeLessThanOrEqual(REL);
    });
  });

  it('the default schedule at d = 4096 (the main job) compresses by default and is bit-reproducible', () => {
    const spectrum = powerLawSpectrum({ d: 4096, k: 1 });
    const a = scheduleLosses({ spectrum, N: 1000, schedule: linearSchedule() });
    const b = scheduleLosses({ spectrum, N: 1000, schedule: linearSchedule() });
    expect(a.compression).toEqual({ atoms: 34, certifiedError: expect.any(Number) });
    expect(a.total).toEqual(b.total);
    expect(Array.from(a.kappa)).toEqual(Array.from(b.kappa));
    expect(() => scheduleLosses({ spectrum, N: 10, schedule: linearSchedule(), compress: 'yes' as never })).toThrow(/compress = "yes"/);
  });
});
