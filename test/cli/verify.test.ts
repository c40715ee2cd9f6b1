import { describe, expect, it } from 'vitest';
import { lossCurve } from '../../src/predictions/losses/lossCurve.js';
import { parseSpectrumSpec } from '../../src/spectra/index.js';
import { verifyModel } from '../../src/verification/verifyModel.js';
import { cli } from './fakeIo.js';

describe('verify (issue 12: verification for users)', () => {
  const base = ['verify', '--spectrum', 'powerlaw:d=32,k=1', '--N', '16,32,128', '--abar', '0.5', '--draws', '150', '--seed', '3'];

  it('first-order theory passes against the real model; the asymptotic one is further off', async () => {
    const r = await cli([...base, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o).toMatchObject({ finiteSize: 'first-order', draws: 150, seed: 3, failed: 0, passed: 15 });
    expect(o.rows).toHaveLength(15);
    const zf = o.rows.map((x: { z_first_order: number }) => Math.abs(x.z_first_order));
    const zi = o.rows.map((x: { z_infinite_d: number }) => Math.abs(x.z_infinite_d));
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(zf)).toBeLessThan(mean(zi));
    for (const row of o.rows) expect(row.theory).toBe(row.theory_first_order);
  });

  it('the theory columns are the library predictions, the Monte Carlo is curve --mc (same seeds)', async () => {
    const o = JSON.parse((await cli([...base, '--measures', 'gap', '--json'])).stdout);
    const curve = lossCurve({ spectrum: parseSpectrumSpec('powerlaw:d=32,k=1'), Ns: [16, 32, 128], abar: 0.5, eps: 1e-2 });
    o.rows.forEach((row: { theory_first_order: number; theory_infinite_d: number }, i: number) => {
      expect(row.theory_first_order).toBe(curve.rows[i].gap);
      expect(row.theory_infinite_d).toBe(curve.rows[i].asymptotic.gap);
    });
    const c = JSON.parse((await cli(['curve', '--spectrum', 'powerlaw:d=32,k=1', '--N', '16,32,128', '--abar', '0.5', '--measure', 'gap', '--mc', '150', '--seed', '3', '--json'])).stdout);
    o.rows.forEach((row: { mc_mean: number }, i: number) => expect(row.mc_mean).toBe(c.rows[i].gap_mc_mean));
  });

  it('a verdict that fails exits 1 and says how many (no sampling allowance: --sigmas 0.001)', async () => {
    const r = await cli([...base, '--sigmas', '0.001']);
    expect(r.code).toBe(1);
    const m = r.stdout.match(/^(\d+) passed, (\d+) failed$/m);
    expect(m).not.toBeNull();
    expect(Number(m![2])).toBeGreaterThan(0);
  });

  it('CSV loads as one row per (N, measure); bad flags exit 2 naming them', async () => {
    const csv = (await cli([...base, '--measures', 'kl,testLoss', '--csv'])).stdout.trim().split('\n');
    expect(csv[0]).toBe('N,measure,theory,theory_first_order,theory_infinite_d,mc_mean,mc_stderr,z_first_order,z_infinite_d,allowance,pass,reliable');
    expect(csv).toHaveLength(1 + 6);
    const bad = await cli([...base, '--measures', 'loss']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--measures/);
    expect((await cli(['verify', '--N', '10', '--abar', '0.5', '--schedule', 'linear:T=10'])).code).toBe(2);
  });

  it('a schedule is verified on its totals', async () => {
    const spectrum = parseSpectrumSpec('iso:d=24');
    const { parseSchedule } = await import('../../src/predictions/model/noiseSchedule.js');
    const r = await verifyModel({ spectrum, Ns: [12, 48], schedule: parseSchedule('linear:T=20,beta1=1e-3,betaT=0.2'), draws: 80, seed: 1, measures: ['testLoss', 'trainLoss'] });
    expect(r.rows).toHaveLength(4);
    expect(r.failed).toBe(0);
  });
});
