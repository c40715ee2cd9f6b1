import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { modelEnsemble } from '../../src/predictions/model/ensemble.js';
import { BREAKDOWN_AT, DEFAULT_FINITE_SIZE, HARD_EDGE_BELOW } from '../../src/predictions/finiteSize/finiteSize.js';
import { klCorrection, lossCorrections } from '../../src/predictions/finiteSize/finiteSizeCorrection.js';
import { klDivergence } from '../../src/predictions/kl/klDivergence.js';
import { lossCurve } from '../../src/predictions/losses/lossCurve.js';
import { lossMeasures } from '../../src/predictions/lossSums/lossMeasures.js';
import { linearSchedule, parseSchedule } from '../../src/predictions/model/noiseSchedule.js';
import { noiseLevel } from '../../src/predictions/model/noiseLevel.js';
import { predictLosses } from '../../src/predictions/losses/predictLosses.js';
import { scheduleLosses } from '../../src/predictions/losses/scheduleLosses.js';
import { solveKappa } from '../../src/selfconsistency/kappa/solveKappa.js';
import { createSpectrum, isotropicSpectrum, parseSpectrumSpec, powerLawSpectrum } from '../../src/spectra/index.js';
import { cli } from '../cli/fakeIo.js';

const MEASURES = ['trainLoss', 'testLoss', 'gap', 'referenceLoss', 'alignment'] as const;

describe('finiteSize option: contract', () => {
  const spectrum = powerLawSpectrum({ d: 48, k: 1 });

  it("the default is 'first-order' (docs/theory.md §6.7); 'none' gives exactly the asymptotic values, and says so", () => {
    expect(DEFAULT_FINITE_SIZE).toBe('first-order');
    const byDefault = predictLosses({ spectrum, N: 24, abar: 0.9 });
    expect(byDefault).toEqual(predictLosses({ spectrum, N: 24, abar: 0.9, finiteSize: 'first-order' }));
    expect(klDivergence({ spectrum, N: 24, eps: 0.01 })).toEqual(klDivergence({ spectrum, N: 24, eps: 0.01, finiteSize: 'first-order' }));
    const p = predictLosses({ spectrum, N: 24, abar: 0.9, finiteSize: 'none' });
    const k = solveKappa({ spectrum, n: 23, ridge: (24 / 23) * noiseLevel(0.9).z });
    const m = lossMeasures(spectrum, modelEnsemble(24), noiseLevel(0.9), k.kappa, k.dkappaDridge);
    for (const name of MEASURES) {
      expect(p[name]).toBe(m[name]);
      expect(p.asymptotic[name]).toBe(m[name]);
    }
    expect(p.finiteSize).toMatchObject({ order: 'none', applied: false });
    const kl = klDivergence({ spectrum, N: 24, eps: 0.01, finiteSize: 'none' });
    expect(kl.finiteSize).toMatchObject({ order: 'none', applied: false });
    expect(kl.kl).toBe(kl.asymptotic.kl);
  });

  it('first-order: values = asymptotic + lossCorrections, reference loss untouched, same relativeSize in both modes', () => {
    for (const mean of ['estimated', 'known'] as const) {
      const p = predictLosses({ spectrum, N: 24, abar: 0.9, c: 0.05, mean, finiteSize: 'first-order' });
      const q = predictLosses({ spectrum, N: 24, abar: 0.9, c: 0.05, mean, finiteSize: 'none' });
      const corr = lossCorrections(spectrum, modelEnsemble(24, mean), noiseLevel(0.9, { c: 0.05 }), p.kappa.kappa).measures;
      expect(p.finiteSize).toMatchObject({ order: 'first-order', applied: true, reliable: true });
      for (const name of MEASURES) {
        expect(p.asymptotic[name]).toBe(q[name]);
        expect(p[name]).toBe(q[name] + corr[name]);
      }
      expect(p.referenceLoss).toBe(q.referenceLoss);
      expect(p.finiteSize.relativeSize).toBe(q.finiteSize.relativeSize);
      // The issue author's numbers (THEORY.md §10): DE 151.344, corrected 152.657.
      if (mean === 'estimated') {
        const r = predictLosses({ spectrum, N: 24, abar: 0.9, finiteSize: 'first-order' });
        expect(r.asymptotic.testLoss).toBeCloseTo(151.344, 3);
        expect(r.testLoss).toBeCloseTo(152.657, 3);
      }
      const perDim = predictLosses({ spectrum, N: 24, abar: 0.9, c: 0.05, mean, finiteSize: 'first-order', perDimension: true });
      expect(perDim.testLoss).toBeCloseTo(p.testLoss / 48, 13);
      expect(perDim.asymptotic.testLoss).toBeCloseTo(p.asymptotic.testLoss / 48, 13);
    }
  });

  it('KL: kl = asymptotic + klCorrection', () => {
    const k = klDivergence({ spectrum, N: 100, eps: 0.01, finiteSize: 'first-order' });
    const c = klCorrection(spectrum, modelEnsemble(100), 0.01, k.kappa.kappa);
    expect(k.kl).toBe(k.asymptotic.kl + c.kl);
    expect(k.klPerDim).toBe(k.kl / 48);
  });

  it('an unknown order is an InvalidArgumentError naming finiteSize', () => {
    const bad = 'second-order' as unknown as 'none';
    expect(() => predictLosses({ spectrum, N: 24, abar: 0.5, finiteSize: bad })).toThrow(InvalidArgumentError);
    expect(() => predictLosses({ spectrum, N: 24, abar: 0.5, finiteSize: bad })).toThrow(/finiteSize/);
    expect(() => klDivergence({ spectrum, N: 24, eps: 0.1, finiteSize: bad })).toThrow(/finiteSize/);
    expect(() => lossCurve({ spectrum, Ns: [24], abar: 0.5, finiteSize: bad })).toThrow(/finiteSize/);
    expect(() => scheduleLosses({ spectrum, N: 24, schedule: linearSchedule({ T: 5 }), finiteSize: bad })).toThrow(/finiteSize/);
  });
});

describe('the hard edge is detected, never silent', () => {
  it('N = d + 1 (n = d) at ᾱ = 0.9999: the correction exceeds half the leading term and is not applied', () => {
    for (const d of [32, 64]) {
      const spectrum = isotropicSpectrum({ d });
      const p = predictLosses({ spectrum, N: d + 1, abar: 0.9999, finiteSize: 'first-order' });
      expect(p.finiteSize.relativeSize).toBeGreaterThanOrEqual(BREAKDOWN_AT);
      expect(p.finiteSize).toMatchObject({ order: 'first-order', applied: false, reliable: false });
      for (const name of MEASURES) expect(p[name]).toBe(p.asymptotic[name]);
      const k = klDivergence({ spectrum, N: d + 1, eps: 1e-6, finiteSize: 'first-order' });
      expect(k.finiteSize).toMatchObject({ applied: false, reliable: false });
    }
  });

  it('N = d (n = d − 1) at ᾱ = 0.9999: small correction but n(1 − γ) < 2 — applied, flagged not reliable', () => {
    const spectrum = isotropicSpectrum({ d: 32 });
    const p = predictLosses({ spectrum, N: 32, abar: 0.9999, finiteSize: 'first-order' });
    const n = 31;
    const w = (32 / 31) * noiseLevel(0.9999).z;
    const g = lossCorrections(spectrum, modelEnsemble(32), noiseLevel(0.9999), solveKappa({ spectrum, n, ridge: w }).kappa).oneMinusGammaTimesN;
    expect(g).toBeLessThan(HARD_EDGE_BELOW);
    expect(p.finiteSize.relativeSize).toBeLessThan(0.1);
    expect(p.finiteSize).toMatchObject({ applied: true, reliable: false });
  });

  it('a schedule through the edge is flagged; away from it, it is reliable', () => {
    const spectrum = isotropicSpectrum({ d: 32 });
    const schedule = parseSchedule('list:0.9999,0.99,0.5');
    const edge = scheduleLosses({ spectrum, N: 33, schedule, finiteSize: 'first-order' });
    expect(edge.finiteSize).toMatchObject({ applied: false, reliable: false });
    // Steps at breakdown keep their asymptotic values; the others are corrected (κ is warm-started
    // along the schedule, so equal to the single-point solve up to rounding).
    const first = predictLosses({ spectrum, N: 33, abar: 0.9999, finiteSize: 'first-order' });
    const last = predictLosses({ spectrum, N: 33, abar: 0.5, finiteSize: 'first-order' });
    expect(first.finiteSize.applied).toBe(false);
    expect(edge.steps.testLoss[0]).toBeCloseTo(first.testLoss, 9);
    expect(edge.steps.testLoss[0]).toBe(edge.asymptotic.steps.testLoss[0]);
    expect(last.finiteSize.applied).toBe(true);
    expect(edge.steps.testLoss[2]).toBeCloseTo(last.testLoss, 9);
    expect(Math.abs(edge.steps.testLoss[2] - edge.asymptotic.steps.testLoss[2])).toBeGreaterThan(1e-3);
    const away = scheduleLosses({ spectrum, N: 128, schedule, finiteSize: 'first-order' });
    expect(away.finiteSize).toMatchObject({ applied: true });
  });
});

describe('curves and schedules agree with the single-point predictions', () => {
  const spectrum = powerLawSpectrum({ d: 40, k: 1.3 });
  it('lossCurve at one ᾱ (with eps) = predictLosses and klDivergence per N, both orders', () => {
    for (const finiteSize of ['none', 'first-order'] as const) {
      const Ns = [8, 40, 41, 160];
      const curve = lossCurve({ spectrum, Ns, abar: 0.7, c: 0.02, eps: 0.01, finiteSize });
      curve.rows.forEach((row, i) => {
        const p = predictLosses({ spectrum, N: Ns[i], abar: 0.7, c: 0.02, finiteSize });
        const k = klDivergence({ spectrum, N: Ns[i], eps: 0.01, finiteSize });
        for (const name of MEASURES) {
          expect(row[name]).toBeCloseTo(p[name], 9);
          expect(row.asymptotic[name]).toBeCloseTo(p.asymptotic[name], 9);
        }
        expect(row.kl).toBeCloseTo(k.kl, 9);
        expect(row.asymptotic.kl).toBeCloseTo(k.asymptotic.kl, 9);
        expect(row.klFiniteSize).toEqual(k.finiteSize);
        expect(row.finiteSize.relativeSize).toBeCloseTo(Math.max(p.finiteSize.relativeSize, k.finiteSize.relativeSize), 9);
      });
      expect(curve.finiteSize.order).toBe(finiteSize);
      expect(curve.finiteSize.relativeSize).toBe(Math.max(...curve.rows.map((r) => r.finiteSize.relativeSize)));
    }
  });

  it('scheduleLosses: each step is predictLosses at its ᾱ; totals reduce the steps; lossCurve rows are the totals', () => {
    const schedule = linearSchedule({ T: 20, beta1: 1e-3, betaT: 0.1 });
    for (const reduce of ['sum', 'mean'] as const) {
      const s = scheduleLosses({ spectrum, N: 60, schedule, reduce, finiteSize: 'first-order' });
      let total = 0;
      let asym = 0;
      for (let t = 0; t < 20; t++) {
        const p = predictLosses({ spectrum, N: 60, abar: schedule.alphaBar[t], finiteSize: 'first-order' });
        expect(s.steps.gap[t]).toBeCloseTo(p.gap, 9);
        expect(s.asymptotic.steps.gap[t]).toBeCloseTo(p.asymptotic.gap, 9);
        total += p.gap;
        asym += p.asymptotic.gap;
      }
      const k = reduce === 'mean' ? 1 / 20 : 1;
      expect(s.total.gap).toBeCloseTo(total * k, 9);
      expect(s.asymptotic.total.gap).toBeCloseTo(asym * k, 9);
      // relativeSize is a ratio of totals: the same for 'sum' and 'mean'.
      const other = scheduleLosses({ spectrum, N: 60, schedule, reduce: reduce === 'sum' ? 'mean' : 'sum', finiteSize: 'first-order' });
      expect(s.finiteSize.relativeSize).toBeCloseTo(other.finiteSize.relativeSize, 12);
      const row = lossCurve({ spectrum, Ns: [60], schedule, reduce, finiteSize: 'first-order' }).rows[0];
      expect(row.gap).toBe(s.total.gap);
      expect(row.asymptotic.gap).toBe(s.asymptotic.total.gap);
      expect(row.finiteSize).toEqual(s.finiteSize);
    }
  });
});

describe('large N: the corrected KL has the exact Wishart next order', () => {
  it('KL·N/d² → (1 + 3/d)/4 with the estimated mean, (1 + 1/d)/4 with the known one (asymptotic: 1 + 2/d and 1)', () => {
    const d = 20;
    const spectrum = powerLawSpectrum({ d, k: 1 });
    for (const N of [1e7, 1e9]) {
      const e = klDivergence({ spectrum, N, eps: 1e-12, finiteSize: 'first-order' });
      const k = klDivergence({ spectrum, N, eps: 1e-12, mean: 'known', finiteSize: 'first-order' });
      const ratio = (x: number) => (x * N) / (d * d);
      expect(ratio(e.kl) / ((1 + 3 / d) / 4)).toBeCloseTo(1, 5);
      expect(ratio(e.asymptotic.kl) / ((1 + 2 / d) / 4)).toBeCloseTo(1, 5);
      expect(ratio(k.kl) / ((1 + 1 / d) / 4)).toBeCloseTo(1, 5);
      expect(ratio(k.asymptotic.kl) / (1 / 4)).toBeCloseTo(1, 5);
    }
  });
});

describe('never NaN: every number finite for valid inputs', () => {
  const spectrumArb = fc
    .array(fc.record({ e: fc.double({ min: -12, max: 12, noNaN: true }), w: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0.1, max: 40, noNaN: true })) }), { minLength: 1, maxLength: 20 })
    .map((xs) => createSpectrum(xs.map((x) => 10 ** x.e), xs.map((x) => x.w)));
  const caseArb = spectrumArb.chain((s) =>
    fc.record({
      spectrum: fc.constant(s),
      N: fc.oneof(fc.constant(2), fc.constant(Math.max(2, Math.round(s.d))), fc.constant(Math.round(s.d) + 1), fc.constant(1e9), fc.double({ min: -1.5, max: 3, noNaN: true }).map((e) => Math.max(2, Math.round(s.d * 10 ** e)))),
      abar: fc.oneof(fc.constantFrom(1e-9, 0.5, 1 - 1e-12), fc.double({ min: 1e-6, max: 0.999999, noNaN: true })),
      c: fc.oneof(fc.constant(0), fc.constantFrom(1e-10, 1e6), fc.double({ min: 1e-4, max: 10, noNaN: true })),
      eps: fc.oneof(fc.constantFrom(1e-300, 1e-12, 1e12), fc.double({ min: -8, max: 3, noNaN: true }).map((e) => 10 ** e)),
      mean: fc.constantFrom('estimated', 'known') as fc.Arbitrary<'estimated' | 'known'>,
    }),
  );
  test.prop([caseArb], { numRuns: 300, seed: 99 })('predictLosses, klDivergence (first-order)', ({ spectrum, N, abar, c, eps, mean }) => {
    const p = predictLosses({ spectrum, N, abar, c, mean, finiteSize: 'first-order' });
    for (const name of MEASURES) {
      expect(Number.isFinite(p[name]), name).toBe(true);
      expect(Number.isFinite(p.asymptotic[name]), name).toBe(true);
    }
    expect(Number.isNaN(p.finiteSize.relativeSize)).toBe(false);
    const k = klDivergence({ spectrum, N, eps, mean, finiteSize: 'first-order' });
    expect(Number.isNaN(k.kl)).toBe(false);
    expect(k.kl).toBeGreaterThanOrEqual(0);
    expect(Number.isNaN(k.finiteSize.relativeSize)).toBe(false);
    // KL at ε = 0 exactly (n > d).
    const n = mean === 'estimated' ? N - 1 : N;
    if (n > spectrum.d) {
      const k0 = klDivergence({ spectrum, N, eps: 0, mean, finiteSize: 'first-order' });
      // The exact Wishart expectation where it applies: +∞ at n = d + 1 (E Σ̂⁻¹ diverges).
      expect(Number.isNaN(k0.kl)).toBe(false);
      if (k0.exact) expect(k0.kl === Infinity).toBe(n <= spectrum.d + 1);
      else expect(Number.isFinite(k0.kl)).toBe(true);
      expect(Number.isFinite(klDivergence({ spectrum, N, eps: 0, mean, exactAtZero: false }).kl)).toBe(true);
      expect(Number.isFinite(k0.finiteSize.relativeSize)).toBe(true);
    }
  });

  it('N = 2, d = N exactly and N = 1e9, both mean modes', () => {
    for (const mean of ['estimated', 'known'] as const) {
      for (const [spectrum, N] of [
        [isotropicSpectrum({ d: 1 }), 2],
        [powerLawSpectrum({ d: 30, k: 2 }), 2],
        [powerLawSpectrum({ d: 30, k: 1 }), 30],
        [createSpectrum([1e12, 1e-12], [15, 15]), 30],
        [powerLawSpectrum({ d: 30, k: 1 }), 1e9],
        // λ = 1e-12 at ᾱ = 1e-12: the train loss (~1e-46) rounds to 0; its relative size is floored, not ∞.
        [isotropicSpectrum({ d: 30, variance: 1e-12 }), 2],
      ] as const) {
        for (const abar of [1e-12, 1e-6, 0.5, 0.999999]) {
          const p = predictLosses({ spectrum, N, abar, mean, finiteSize: 'first-order' });
          for (const name of MEASURES) expect(Number.isFinite(p[name]), `${mean} N=${N} ᾱ=${abar} ${name}`).toBe(true);
          expect(Number.isFinite(p.finiteSize.relativeSize)).toBe(true);
        }
        const k = klDivergence({ spectrum, N, eps: 1e-9, mean, finiteSize: 'first-order' });
        expect(Number.isFinite(k.kl)).toBe(true);
      }
    }
  });
});

describe('CLI --finite-size', () => {
  const flat = (info: { order: string; applied: boolean; relativeSize: number; reliable: boolean }) => ({
    finiteSize: info.order,
    finiteSizeApplied: info.applied,
    finiteSizeRelativeSize: info.relativeSize,
    finiteSizeReliable: info.reliable,
  });

  it('predict --json: the finite-size columns always; with first-order the d → ∞ values too, equal to the library', async () => {
    const spectrum = parseSpectrumSpec('powerlaw:d=48,k=1');
    const none = JSON.parse((await cli(['predict', '--spectrum', 'powerlaw:d=48,k=1', '--N', '24', '--abar', '0.9', '--finite-size', 'none', '--json'])).stdout).rows[0];
    expect(none).toMatchObject({ finiteSize: 'none', finiteSizeApplied: false });
    expect(none.testLoss_theory_infinite_d).toBeUndefined();
    const byDefault = JSON.parse((await cli(['predict', '--spectrum', 'powerlaw:d=48,k=1', '--N', '24', '--abar', '0.9', '--json'])).stdout).rows[0];
    expect(byDefault).toMatchObject({ finiteSize: 'first-order', finiteSizeApplied: true });
    const r = await cli(['predict', '--spectrum', 'powerlaw:d=48,k=1', '--N', '24', '--abar', '0.9', '--finite-size', 'first-order', '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout).rows[0];
    const p = predictLosses({ spectrum, N: 24, abar: 0.9, finiteSize: 'first-order' });
    for (const name of MEASURES) expect(o[`${name}_theory`]).toBe(p[name]);
    for (const name of ['trainLoss', 'testLoss', 'gap', 'alignment'] as const) expect(o[`${name}_theory_infinite_d`]).toBe(p.asymptotic[name]);
    expect(o).toMatchObject(flat(p.finiteSize));
  });

  it('predict/kl Markdown carries a finite-size line; CSV carries the columns', async () => {
    const base = ['--spectrum', 'iso:d=20', '--N', '40'];
    const md = (await cli(['kl', ...base, '--eps', '0.01', '--markdown', '--finite-size', 'none'])).stdout;
    expect(md.split('\n')[0]).toMatch(/^finite-size: none \(relative size/);
    const mdDefault = (await cli(['predict', ...base, '--abar', '0.5', '--markdown'])).stdout;
    expect(mdDefault.split('\n')[0]).toMatch(/^finite-size: first-order \(applied, relative size [0-9.e-]+, (not )?reliable\)$/);
    const csvNone = (await cli(['predict', ...base, '--abar', '0.5', '--csv', '--finite-size', 'none'])).stdout.split('\n')[0];
    expect(csvNone).toBe('N,abar,trainLoss_theory,testLoss_theory,gap_theory,referenceLoss_theory,alignment_theory,trainLoss_sd_theory,testLoss_sd_theory,gap_sd_theory,alignment_sd_theory,kappa,kappaResidual,kappaIterations,finiteSize,finiteSizeApplied,finiteSizeRelativeSize,finiteSizeEstimatedError,finiteSizeReliable');
    const csvFirst = (await cli(['predict', ...base, '--abar', '0.5', '--csv'])).stdout.split('\n')[0];
    expect(csvFirst).toBe(csvNone + ',trainLoss_theory_infinite_d,testLoss_theory_infinite_d,gap_theory_infinite_d,alignment_theory_infinite_d');
  });

  it('kl --json and curve --json/Markdown', async () => {
    const k = JSON.parse((await cli(['kl', '--spectrum', 'iso:d=20', '--N', '400', '--eps', '0', '--finite-size', 'first-order', '--json'])).stdout).rows[0];
    const lib = klDivergence({ spectrum: isotropicSpectrum({ d: 20 }), N: 400, eps: 0, finiteSize: 'first-order' });
    expect(k.kl_theory).toBe(lib.kl);
    expect(k.kl_theory_infinite_d).toBe(lib.asymptotic.kl);
    expect(k).toMatchObject(flat(lib.finiteSize));
    const c = JSON.parse((await cli(['curve', '--spectrum', 'iso:d=20', '--abar', '0.5', '--N', '10,40', '--finite-size', 'first-order', '--json'])).stdout);
    expect(c.finiteSize).toBe('first-order');
    const p = predictLosses({ spectrum: isotropicSpectrum({ d: 20 }), N: 40, abar: 0.5, finiteSize: 'first-order' });
    expect(c.rows[1].testLoss_theory).toBeCloseTo(p.testLoss, 9);
    expect(c.rows[1].testLoss_theory_infinite_d).toBeCloseTo(p.asymptotic.testLoss, 9);
    const md = (await cli(['curve', '--spectrum', 'iso:d=20', '--abar', '0.5', '--N', '10,40', '--finite-size', 'none'])).stdout.split('\n');
    expect(md[0]).toMatch(/^testLoss, abar=0.5/);
    expect(md[1]).toMatch(/^finite-size: none \(relative size/);
    expect((await cli(['curve', '--spectrum', 'iso:d=20', '--abar', '0.5', '--N', '10,40'])).stdout.split('\n')[1]).toMatch(/^finite-size: first-order/);
    const kl = JSON.parse((await cli(['curve', '--measure', 'kl', '--spectrum', 'iso:d=20', '--N', '400', '--eps', '1e-3', '--finite-size', 'first-order', '--json'])).stdout);
    const lk = klDivergence({ spectrum: isotropicSpectrum({ d: 20 }), N: 400, eps: 1e-3, finiteSize: 'first-order' });
    expect(kl).toMatchObject(flat(lk.finiteSize));
    expect(kl.rows[0].kl_theory_infinite_d).toBe(lk.asymptotic.kl);
  });

  it('a bad --finite-size value is a usage error (exit 2) naming the flag', async () => {
    const r = await cli(['predict', '--spectrum', 'iso:d=5', '--N', '10', '--abar', '0.5', '--finite-size', 'second']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--finite-size/);
  });
});

describe('KL at ε = 0 is the exact Wishart expectation (issue 12 audit)', () => {
  it('equals klDivergenceExact, +∞ at n = d + 1, and the equivalents on request', async () => {
    const { klDivergenceExact } = await import('../../src/predictions/kl/klDivergenceExact.js');
    const spectrum = powerLawSpectrum({ d: 40, k: 1 });
    const k = klDivergence({ spectrum, N: 200, eps: 0 });
    expect(k.exact).toBe(true);
    expect(k.kl).toBe(klDivergenceExact({ spectrum, N: 200 }));
    expect(klDivergence({ spectrum, N: 42, eps: 0 }).kl).toBe(Infinity);
    expect(klDivergence({ spectrum, N: 200, eps: 1e-9 }).exact).toBe(false);
    // The first-order equivalent is close to the exact value (the audit's point: do not hand out the d → ∞ one).
    const eq = klDivergence({ spectrum, N: 200, eps: 0, exactAtZero: false });
    expect(Math.abs(eq.kl / k.kl - 1)).toBeLessThan(2e-3);
    expect(Math.abs(eq.asymptotic.kl / k.kl - 1)).toBeGreaterThan(1e-2);
    // N/d > 1e6: the exact formula cancels too far; the first-order equivalent is returned.
    expect(klDivergence({ spectrum, N: 1e9, eps: 0 }).exact).toBe(false);
  });

  it('no overflow as ε → 0 with n < d (audit: kl --eps 1e-160 printed +∞)', () => {
    const spectrum = powerLawSpectrum({ d: 256, k: 1 });
    const a = klDivergence({ spectrum, N: 128, eps: 1e-160 });
    const b = klDivergence({ spectrum, N: 128, eps: 1e-80 });
    expect(Number.isFinite(a.kl)).toBe(true);
    // The null-space term ½ tr(Σ̂ + ε)⁻¹Σ ∝ 1/ε dominates: KL scales as 1/ε.
    expect(a.kl / b.kl).toBeCloseTo(1e80, -78);
  });
});

describe('no overflow for huge eigenvalues (issue 12 audit: referenceLoss = +∞ at λ = 1e300)', () => {
  it('λ = 1e100 (the largest accepted) gives the same losses as λ = 1e60; λ = 1e300 is refused naming it', () => {
    const a = predictLosses({ spectrum: createSpectrum([1e100, 1]), N: 10, abar: 0.5 });
    const b = predictLosses({ spectrum: createSpectrum([1e60, 1]), N: 10, abar: 0.5 });
    for (const name of MEASURES) {
      expect(Number.isFinite(a[name]), name).toBe(true);
      expect(a[name]).toBeCloseTo(b[name], 12);
    }
    expect(a.referenceLoss).toBeCloseTo(1.5, 12); // the huge mode contributes 1, the λ = 1 mode ζ-weighted ½
    expect(() => createSpectrum([1e300, 1])).toThrow(/eigenvalues\[0\] = 1e\+300.*rescale/);
  });
});
