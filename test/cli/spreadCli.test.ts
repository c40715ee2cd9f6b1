/**
 * The spread over training sets on the command line (issue 21): predict/kl rows carry
 * <measure>_sd_theory, curve --sd adds the Monte Carlo sd ± its standard error, verify --observed
 * judges one user's values (exit 0 consistent, 1 inconsistent, 2 bad usage).
 */
import { describe, expect, it } from 'vitest';
import { predictLosses } from '../../src/predictions/losses/predictLosses.js';
import { parseSpectrumSpec } from '../../src/spectra/index.js';
import { cli } from './fakeIo.js';

describe('the spread on the command line', () => {
  it('predict --json rows carry <measure>_sd_theory equal to the library', async () => {
    const r = await cli(['predict', '--spectrum', 'powerlaw:d=64,k=1', '--N', '100', '--abar', '0.5', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const row = JSON.parse(r.stdout).rows[0];
    const p = predictLosses({ spectrum: parseSpectrumSpec('powerlaw:d=64,k=1'), N: 100, abar: 0.5 });
    for (const m of ['trainLoss', 'testLoss', 'gap', 'alignment'] as const) expect(row[`${m}_sd_theory`]).toBe(p.sd[m]);
    const k = JSON.parse((await cli(['kl', '--spectrum', 'powerlaw:d=64,k=1', '--N', '100', '--eps', '0.01', '--json'])).stdout).rows[0];
    expect(k.kl_sd_theory).toBeGreaterThan(0);
    expect(k.klPerDimension_sd_theory).toBeCloseTo(k.kl_sd_theory / 64, 12);
  });

  it('curve --sd --draws: theory sd beside the Monte Carlo sd and its standard error', async () => {
    const r = await cli(['curve', '--spectrum', 'powerlaw:d=32,k=1', '--N', '32,128', '--abar', '0.5', '--measure', 'testLoss', '--sd', '--draws', '300', '--seed', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    for (const row of JSON.parse(r.stdout).rows) {
      expect(Object.keys(row)).toEqual(expect.arrayContaining(['testLoss_sd_theory', 'testLoss_mc_sd', 'testLoss_mc_sd_stderr']));
      // the theory sd within 3 standard errors + 12 % of the Monte Carlo sd (test/predictions/spread.test.ts's rule)
      expect(Math.abs(row.testLoss_sd_theory - row.testLoss_mc_sd)).toBeLessThanOrEqual(3 * row.testLoss_mc_sd_stderr + 0.12 * row.testLoss_sd_theory);
    }
    const plain = JSON.parse((await cli(['curve', '--spectrum', 'powerlaw:d=32,k=1', '--N', '32', '--abar', '0.5', '--json'])).stdout).rows[0];
    expect(Object.keys(plain).some((k) => k.includes('_sd'))).toBe(false);
  });

  it('verify --observed: consistent exits 0, inconsistent exits 1 with one stderr line, bad usage exits 2', async () => {
    const base = ['verify', '--spectrum', 'powerlaw:d=64,k=1', '--N', '100', '--abar', '0.5', '--measure', 'testLoss'];
    const p = predictLosses({ spectrum: parseSpectrumSpec('powerlaw:d=64,k=1'), N: 100, abar: 0.5 });
    const ok = await cli([...base, '--observed', String(p.testLoss + 0.5 * p.sd.testLoss), '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const row = JSON.parse(ok.stdout).rows[0];
    expect(row.verdict).toBe('consistent');
    expect(row.z_observed).toBeCloseTo(0.5, 1);
    expect(row.interval_low).toBeLessThan(p.testLoss);
    const bad = await cli([...base, '--observed', String(p.testLoss + 10 * p.sd.testLoss)]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^replica-diffusion verify: the observed testLoss .* standard deviations from the theory .*\n$/);
    expect((await cli([...base.slice(0, -2), '--observed', '1'])).code).toBe(2); // no --measure
    expect((await cli([...base, '--N', '100', '--observed', '1'])).code).toBe(2); // --N twice
    expect((await cli([...base, '--observed', '1,x'])).stderr).toMatch(/--observed = "x"/);
    expect((await cli([...base, '--observed', '1', '--draws', '10'])).stderr).toMatch(/does not apply with --observed/);
  });
});
