import { fc, test } from '@fast-check/vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { monteCarlo } from '../../src/montecarlo/monteCarlo.js';
import { predictLosses } from '../../src/predictions/losses/predictLosses.js';
import { solveKappa } from '../../src/selfconsistency/kappa/solveKappa.js';
import { AgreementError, agreement, expectAgreement, familySpectrumArbitrary, modelArbitrary, scheduleArbitrary, spectrumArbitrary } from '../../src/testing/index.js';

describe('replica-diffusion/testing', () => {
  it('the README shows exactly the example that runs in the suite', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const example = readFileSync(join(__dirname, 'readmeExample.test.ts'), 'utf8');
    const body = example.split('\n').filter((l) => !l.startsWith('//')).join('\n').trim();
    expect(readme).toContain(body);
  });

  it('agreement: the bound is sigmas·stderr + relative·|theory|, z and relative error as stated', () => {
    const r = agreement({ theory: 100, mc: { mean: 103, stderr: 0.5 }, sigmas: 4, relative: 0.01 });
    expect(r.bound).toBeCloseTo(3, 12);
    expect(r.pass).toBe(true);
    expect(r.z).toBeCloseTo(6, 12);
    expect(r.relativeError).toBeCloseTo(0.03, 12);
    expect(agreement({ theory: 100, mc: { mean: 103.01, stderr: 0.5 }, sigmas: 4, relative: 0.01 }).pass).toBe(false);
    expect(agreement({ theory: 1, mc: { mean: 1, stderr: 0 } }).z).toBe(0);
    expect(() => agreement({ theory: NaN, mc: { mean: 1, stderr: 0 } })).toThrow(/theory = NaN/);
    expect(() => agreement({ theory: 1, mc: { mean: 1, stderr: -1 } })).toThrow(/mc.stderr = -1/);
  });

  it('expectAgreement fails a formula that is 5 % off (the check can fail)', () => {
    const spectrum = familySpectrumArbitrary({ minD: 32, maxD: 32, families: ['powerlaw'] });
    const s = fc.sample(spectrum, { numRuns: 1, seed: 3 })[0].spectrum;
    const mc = monteCarlo({ spectrum: s, N: 64, abar: 0.5, draws: 100, seed: 7 });
    const right = predictLosses({ spectrum: s, N: 64, abar: 0.5 }).testLoss;
    expect(expectAgreement({ theory: right, mc: mc.testLoss!, relative: 2 / 32 }).pass).toBe(true);
    expect(() => expectAgreement({ theory: 1.05 * right, mc: mc.testLoss!, relative: 0.5 / 32, label: 'wrong' })).toThrow(AgreementError);
    expect(() => expectAgreement({ theory: 1.05 * right, mc: mc.testLoss!, relative: 0.5 / 32, label: 'wrong' })).toThrow(/wrong: theory .* exceeds/);
  });

  test.prop([spectrumArbitrary({ weights: 'any' })], { numRuns: 200, seed: 5 })('spectra span up to 24 decades and are valid', (s) => {
    expect(s.eigenvalues.every((v) => v >= 1e-12 * (1 - 1e-12) && v <= 1e12 * (1 + 1e-12))).toBe(true);
    const r = solveKappa({ spectrum: s, n: Math.max(1, s.d), ridge: 1e-6 });
    expect(r.converged && Number.isFinite(r.kappa)).toBe(true);
  });

  test.prop([familySpectrumArbitrary().chain(({ spectrum }) => modelArbitrary(spectrum))], { numRuns: 100, seed: 9 })('models give finite predictions', (m) => {
    expect(m.N).toBeGreaterThanOrEqual(2);
    const p = predictLosses(m);
    for (const v of [p.trainLoss, p.testLoss, p.gap, p.alignment, p.referenceLoss]) expect(Number.isFinite(v)).toBe(true);
  });

  test.prop([scheduleArbitrary()], { numRuns: 50, seed: 2 })('schedules are decreasing ᾱ in (0, 1)', (s) => {
    for (let t = 0; t < s.alphaBar.length; t++) {
      expect(s.alphaBar[t] > 0 && s.alphaBar[t] < 1).toBe(true);
      if (t > 0) expect(s.alphaBar[t]).toBeLessThanOrEqual(s.alphaBar[t - 1]);
    }
  });
});
