import { describe, expect, it } from 'vitest';
import { klDivergence } from '../../src/predictions/klDivergence.js';
import { predictLosses } from '../../src/predictions/predictLosses.js';
import { scheduleLosses } from '../../src/predictions/scheduleLosses.js';
import { linearSchedule } from '../../src/predictions/noiseSchedule.js';
import { parseSpectrumSpec } from '../../src/spectra/index.js';
import { cli } from './fakeIo.js';

const KEYS = ['trainLoss', 'testLoss', 'gap', 'referenceLoss', 'alignment'];

describe('predict / kl / mc contracts', () => {
  it('predict --json has the contract keys and equals the library', async () => {
    const r = await cli(['predict', '--spectrum', 'powerlaw:d=64,k=1', '--N', '32', '--abar', '0.5', '--c', '0.1', '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout);
    const p = predictLosses({ spectrum: parseSpectrumSpec('powerlaw:d=64,k=1'), N: 32, abar: 0.5, c: 0.1 });
    for (const k of KEYS) expect(o[k]).toBe(p[k as keyof typeof p]);
  });

  it('predict --mean known and --per-dimension', async () => {
    const a = JSON.parse((await cli(['predict', '--spectrum', 'iso:d=10', '--N', '20', '--abar', '0.5', '--mean', 'known', '--per-dimension', '--json'])).stdout);
    const p = predictLosses({ spectrum: parseSpectrumSpec('iso:d=10'), N: 20, abar: 0.5, mean: 'known' });
    expect(a.testLoss).toBeCloseTo(p.testLoss / 10, 14);
  });

  it('kl --json has kl, klPerDim, asymptote', async () => {
    const o = JSON.parse((await cli(['kl', '--spectrum', 'iso:d=50', '--N', '5000', '--eps', '1e-3', '--json'])).stdout);
    const k = klDivergence({ spectrum: parseSpectrumSpec('iso:d=50'), N: 5000, eps: 1e-3 });
    expect(o).toMatchObject({ kl: k.kl, klPerDim: k.klPerDim, asymptote: 2500 / 20000 });
  });

  it('mc --json: predict keys plus kl, each {mean, stderr}; same seed, same bits', async () => {
    const argv = ['mc', '--spectrum', 'powerlaw:d=16,k=1', '--N', '12', '--abar', '0.5', '--eps', '0.01', '--draws', '20', '--seed', '7', '--json'];
    const a = await cli(argv);
    const b = await cli(argv);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const o = JSON.parse(a.stdout);
    for (const k of [...KEYS, 'kl']) expect(Object.keys(o[k]).sort()).toEqual(['mean', 'stderr']);
  });
});

describe('curve (the main job)', () => {
  it('runs with no options: power law k = 1, d = 256, test loss summed over the default schedule', async () => {
    const r = await cli(['curve', '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o).toMatchObject({ measure: 'testLoss', spectrum: 'powerlaw:d=256,k=1', d: 256, reduce: 'sum' });
    expect(o.rows).toHaveLength(24);
    expect(o.rows[0].N).toBe(16);
    expect(o.rows[23].N).toBe(4096);
    const s = scheduleLosses({ spectrum: parseSpectrumSpec('powerlaw:d=256,k=1'), N: 16, schedule: linearSchedule() });
    expect(o.rows[0].theory).toBeCloseTo(s.total.testLoss, 6);
    // Test loss falls with N.
    for (let i = 1; i < 24; i++) expect(o.rows[i].theory).toBeLessThan(o.rows[i - 1].theory);
  });

  it('default output is a Markdown table with a caption; --csv has the MC columns', async () => {
    const md = await cli(['curve', '--N', '16,32']);
    expect(md.stdout).toMatch(/^testLoss, sum over linear:T=1000/);
    expect(md.stdout).toMatch(/\| N \| theory \|/);
    const csv = await cli(['curve', '--measure', 'gap', '--abar', '0.5', '--N', '8,16', '--spectrum', 'iso:d=8', '--mc', '5', '--seed', '1', '--csv']);
    expect(csv.stdout.split('\n')[0]).toBe('N,theory,mc_mean,mc_stderr');
    expect(csv.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('kl curve carries the d²/(4N) asymptote', async () => {
    const o = JSON.parse((await cli(['curve', '--measure', 'kl', '--spectrum', 'iso:d=20', '--N', '2000,20000', '--eps', '1e-4', '--json'])).stdout);
    expect(o.rows[1].asymptote).toBe(400 / 80000);
    // Next order: KL ≈ (d² + 2d)/(4N) for ε → 0, so the ratio is 1 + 2/d up to O(d/N).
    expect(o.rows[1].theory / o.rows[1].asymptote).toBeCloseTo(1 + 2 / 20, 2);
  });

  it('--compress auto|on|off and --no-compress: the theory on the Gauss-rule compression or the exact spectrum', async () => {
    const auto = JSON.parse((await cli(['curve', '--N', '16,4096', '--json'])).stdout);
    const off = JSON.parse((await cli(['curve', '--N', '16,4096', '--no-compress', '--json'])).stdout);
    const off2 = JSON.parse((await cli(['curve', '--N', '16,4096', '--compress', 'off', '--json'])).stdout);
    const on = JSON.parse((await cli(['curve', '--N', '16,4096', '--abar', '0.5', '--compress', 'on', '--json'])).stdout);
    expect(auto.compression.atoms).toBeLessThan(256);
    expect(auto.compression.certifiedError).toBeLessThanOrEqual(1e-12);
    expect(off.compression).toBeNull();
    expect(off2).toEqual(off);
    expect(on.compression).not.toBeNull();
    auto.rows.forEach((row: { theory: number }, i: number) => expect(Math.abs(row.theory - off.rows[i].theory) / off.rows[i].theory).toBeLessThan(1e-12));
    const both = await cli(['curve', '--compress', 'on', '--no-compress']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--compress or --no-compress/);
  });

  it('Monte Carlo rows do not depend on other N values in the grid', async () => {
    const one = JSON.parse((await cli(['curve', '--abar', '0.5', '--spectrum', 'iso:d=6', '--N', '10', '--mc', '4', '--seed', '2', '--json'])).stdout);
    const two = JSON.parse((await cli(['curve', '--abar', '0.5', '--spectrum', 'iso:d=6', '--N', '5,10', '--mc', '4', '--seed', '2', '--json'])).stdout);
    expect(two.rows[1].mc).toEqual(one.rows[0].mc);
  });
});

describe('bad usage of the model commands exits 2 naming the problem', () => {
  const cases: [string[], RegExp][] = [
    [['predict', '--N', '1', '--abar', '0.5'], /N = 1/],
    [['predict', '--N', '10', '--abar', '1'], /abar = 1/],
    [['predict', '--N', '10', '--abar', '0.5', '--c', '-1'], /--c = "-1"/],
    [['predict', '--N', '10', '--abar', '0.5', '--c', '1', '--ct', '1'], /either --c or --ct/],
    [['predict', '--N', '10', '--abar', '0.5', '--mean', 'guess'], /--mean = "guess"/],
    [['kl', '--N', '10', '--eps', '0', '--spectrum', 'iso:d=20'], /eps = 0/],
    [['mc', '--N', '10.5', '--abar', '0.5'], /N = 10.5/],
    [['mc', '--N', '10', '--abar', '0.5', '--draws', '0'], /--draws = "0"/],
    [['mc', '--N', '10', '--abar', '0.5', '--seed', 'x'], /--seed = "x"/],
    [['curve', '--N', '1:10'], /--N/],
    [['curve', '--N', '0:10:3'], /log grid/],
    [['curve', '--measure', 'loss'], /--measure = "loss"/],
    [['curve', '--abar', '0.5', '--schedule', 'linear:T=10'], /not both/],
    [['curve', '--schedule', 'linear:T=0'], /T = 0/],
    [['curve', '--schedule', 'exp:T=3'], /schedule/],
    [['curve', '--eps', '0.1'], /only applies to --measure kl/],
  ];
  for (const [argv, re] of cases) {
    it(argv.join(' '), async () => {
      const r = await cli(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }
});
