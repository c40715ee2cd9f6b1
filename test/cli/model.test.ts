import { describe, expect, it } from 'vitest';
import { klDivergence } from '../../src/predictions/kl/klDivergence.js';
import { predictLosses } from '../../src/predictions/losses/predictLosses.js';
import { scheduleLosses } from '../../src/predictions/losses/scheduleLosses.js';
import { linearSchedule } from '../../src/predictions/model/noiseSchedule.js';
import { parseSpectrumSpec } from '../../src/spectra/index.js';
import { cli } from './fakeIo.js';

const KEYS = ['trainLoss', 'testLoss', 'gap', 'referenceLoss', 'alignment'];

describe('predict / kl / mc contracts', () => {
  it('predict --json has the contract keys and equals the library', async () => {
    const r = await cli(['predict', '--spectrum', 'powerlaw:d=64,k=1', '--N', '32', '--abar', '0.5', '--c', '0.1', '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout).rows[0];
    const p = predictLosses({ spectrum: parseSpectrumSpec('powerlaw:d=64,k=1'), N: 32, abar: 0.5, c: 0.1 });
    for (const k of KEYS) expect(o[`${k}_theory`]).toBe(p[k as keyof typeof p]);
  });

  it('predict --mean known and --per-dimension', async () => {
    const a = JSON.parse((await cli(['predict', '--spectrum', 'iso:d=10', '--N', '20', '--abar', '0.5', '--mean', 'known', '--per-dimension', '--json'])).stdout).rows[0];
    const p = predictLosses({ spectrum: parseSpectrumSpec('iso:d=10'), N: 20, abar: 0.5, mean: 'known' });
    expect(a.testLoss_theory).toBeCloseTo(p.testLoss / 10, 14);
  });

  it('kl --json has kl_theory, klPerDimension_theory, klAsymptote (the names of curve)', async () => {
    const o = JSON.parse((await cli(['kl', '--spectrum', 'iso:d=50', '--N', '5000', '--eps', '1e-3', '--json'])).stdout).rows[0];
    const k = klDivergence({ spectrum: parseSpectrumSpec('iso:d=50'), N: 5000, eps: 1e-3 });
    expect(o).toMatchObject({ kl_theory: k.kl, klPerDimension_theory: k.klPerDim, klAsymptote: 2500 / 20000 });
  });

  it('mc --json: one flat record, <measure>_mc_mean and <measure>_mc_stderr for the predict keys plus kl; same seed, same bits', async () => {
    const argv = ['mc', '--spectrum', 'powerlaw:d=16,k=1', '--N', '12', '--abar', '0.5', '--eps', '0.01', '--draws', '20', '--seed', '7', '--json'];
    const a = await cli(argv);
    const b = await cli(argv);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const json = JSON.parse(a.stdout);
    expect(json.rows).toHaveLength(1);
    const o = json.rows[0];
    for (const k of [...KEYS, 'kl']) {
      expect(typeof o[`${k}_mc_mean`]).toBe('number');
      expect(typeof o[`${k}_mc_stderr`]).toBe('number');
    }
    expect(o).toMatchObject({ N: 12, abar: 0.5 });
    expect(json).toMatchObject({ draws: 20, seed: 7 });
    const csv = (await cli([...argv.slice(0, -1), '--csv'])).stdout.trim().split('\n');
    expect(csv).toHaveLength(2);
    expect(csv[0].split(',')).toEqual(Object.keys(o));
  });

  it('predict and kl take grids: one row per point', async () => {
    const csv = (await cli(['predict', '--spectrum', 'iso:d=8', '--N', '8,16', '--abar', '0.2,0.8', '--csv'])).stdout.trim().split('\n');
    expect(csv[0]).toMatch(/^N,abar,trainLoss_theory,testLoss_theory,gap_theory,referenceLoss_theory,alignment_theory,/);
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['8,0.2', '8,0.8', '16,0.2', '16,0.8']);
    const p = predictLosses({ spectrum: parseSpectrumSpec('iso:d=8'), N: 16, abar: 0.8 });
    expect(Number(csv[4].split(',')[3])).toBe(p.testLoss);
    const kl = JSON.parse((await cli(['kl', '--spectrum', 'iso:d=8', '--N', '100:1000:3', '--eps', '1e-3', '--json'])).stdout);
    expect(kl.rows.map((r: { N: number }) => r.N)).toEqual([100, 316.22776601683796, 1000]);
  });
});

describe('curve (the main job)', () => {
  it('runs with no options: power law k = 1, d = 256, test loss summed over the default schedule', async () => {
    const r = await cli(['curve', '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o).toMatchObject({ measures: ['testLoss'], spectrum: 'powerlaw:d=256,k=1', d: 256, reduce: 'sum' });
    expect(o.rows).toHaveLength(24);
    expect(o.rows[0].N).toBe(16);
    expect(o.rows[23].N).toBe(4096);
    const s = scheduleLosses({ spectrum: parseSpectrumSpec('powerlaw:d=256,k=1'), N: 16, schedule: linearSchedule() });
    expect(o.rows[0].testLoss_theory).toBeCloseTo(s.total.testLoss, 6);
    // Test loss falls with N.
    for (let i = 1; i < 24; i++) expect(o.rows[i].testLoss_theory).toBeLessThan(o.rows[i - 1].testLoss_theory);
  });

  it('default output is a Markdown table with a caption; --csv has the MC columns', async () => {
    const md = await cli(['curve', '--N', '16,32']);
    expect(md.stdout).toMatch(/^testLoss, sum over linear:T=1000/);
    expect(md.stdout).toMatch(/\| N \| testLoss_theory \|/);
    const csv = await cli(['curve', '--measure', 'gap', '--abar', '0.5', '--N', '8,16', '--spectrum', 'iso:d=8', '--mc', '5', '--seed', '1', '--csv']);
    expect(csv.stdout.split('\n')[0]).toBe('N,gap_theory,gap_theory_infinite_d,gap_mc_mean,gap_mc_stderr');
    expect(csv.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('kl curve carries the d²/(4N) asymptote', async () => {
    const o = JSON.parse((await cli(['curve', '--measure', 'kl', '--spectrum', 'iso:d=20', '--N', '2000,20000', '--eps', '1e-4', '--json'])).stdout);
    expect(o.rows[1].klAsymptote).toBe(400 / 80000);
    // Next order, with the first-order correction (the default): the exact Wishart
    // KL ≈ (d² + 3d)/(4N) for ε → 0, so the ratio is 1 + 3/d up to O(d/N) (1 + 2/d at d = ∞).
    expect(o.rows[1].kl_theory / o.rows[1].klAsymptote).toBeCloseTo(1 + 3 / 20, 2);
    expect(o.rows[1].kl_theory_infinite_d / o.rows[1].klAsymptote).toBeCloseTo(1 + 2 / 20, 2);
  });

  it('--measure all (or a list) takes every measure from ONE Monte Carlo run per N', async () => {
    const base = ['curve', '--spectrum', 'iso:d=6', '--abar', '0.5', '--N', '4,12', '--mc', '5', '--seed', '3', '--json'];
    const all = JSON.parse((await cli([...base, '--measure', 'all'])).stdout);
    expect(all.measures).toEqual(['testLoss', 'trainLoss', 'gap', 'alignment', 'referenceLoss', 'kl']);
    for (const m of all.measures) for (const suffix of ['_theory', '_mc_mean', '_mc_stderr']) expect(typeof all.rows[0][m + suffix]).toBe('number');
    // The same draws as one measure at a time (the seed is per N, not per measure) …
    const gap = JSON.parse((await cli([...base, '--measure', 'gap'])).stdout);
    expect(all.rows[1].gap_mc_mean).toBe(gap.rows[1].gap_mc_mean);
    // … and internally consistent: gap = test − train draw by draw, so also in the mean.
    expect(all.rows[1].gap_mc_mean).toBeCloseTo(all.rows[1].testLoss_mc_mean - all.rows[1].trainLoss_mc_mean, 9);
    const two = JSON.parse((await cli([...base, '--measure', 'kl,gap'])).stdout);
    expect(Object.keys(two.rows[0])).toEqual(['N', 'kl_theory', 'kl_theory_infinite_d', 'klAsymptote', 'kl_mc_mean', 'kl_mc_stderr', 'gap_theory', 'gap_theory_infinite_d', 'gap_mc_mean', 'gap_mc_stderr']);
  });

  it('--compress auto|on|off and --no-compress: the theory on the Gauss-rule compression or the exact spectrum', async () => {
    const auto = JSON.parse((await cli(['curve', '--N', '16,4096', '--json'])).stdout);
    const off = JSON.parse((await cli(['curve', '--N', '16,4096', '--no-compress', '--json'])).stdout);
    const off2 = JSON.parse((await cli(['curve', '--N', '16,4096', '--compress', 'off', '--json'])).stdout);
    const on = JSON.parse((await cli(['curve', '--N', '16,4096', '--abar', '0.5', '--compress', 'on', '--json'])).stdout);
    expect(auto.compressionAtoms).toBeLessThan(256);
    expect(auto.compressionCertifiedError).toBeLessThanOrEqual(1e-12);
    expect(off.compressionAtoms).toBeUndefined();
    expect(off2).toEqual(off);
    expect(on.compressionAtoms).toBeGreaterThan(0);
    auto.rows.forEach((row: { testLoss_theory: number }, i: number) => expect(Math.abs(row.testLoss_theory - off.rows[i].testLoss_theory) / off.rows[i].testLoss_theory).toBeLessThan(1e-12));
    const both = await cli(['curve', '--compress', 'on', '--no-compress']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--compress or --no-compress/);
  });

  it('Monte Carlo rows do not depend on other N values in the grid', async () => {
    const one = JSON.parse((await cli(['curve', '--abar', '0.5', '--spectrum', 'iso:d=6', '--N', '10', '--mc', '4', '--seed', '2', '--json'])).stdout);
    const two = JSON.parse((await cli(['curve', '--abar', '0.5', '--spectrum', 'iso:d=6', '--N', '5,10', '--mc', '4', '--seed', '2', '--json'])).stdout);
    expect(two.rows[1].testLoss_mc_mean).toBe(one.rows[0].testLoss_mc_mean);
    expect(two.rows[1].testLoss_mc_stderr).toBe(one.rows[0].testLoss_mc_stderr);
    // The theory is warm-started along the grid: equal up to rounding.
    expect(two.rows[1].testLoss_theory).toBeCloseTo(one.rows[0].testLoss_theory, 12);
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
    [['mc', '--N', '10.5', '--abar', '0.5'], /--N = "10.5": must be a whole number/],
    [['mc', '--N', '10', '--abar', '0.5', '--draws', '0'], /--draws = "0"/],
    [['mc', '--N', '10', '--abar', '0.5', '--seed', 'x'], /--seed = "x"/],
    [['curve', '--N', '1:10'], /--N/],
    [['curve', '--N', '0:10:3'], /log grid/],
    [['curve', '--measure', 'loss'], /--measure = "loss"/],
    [['curve', '--abar', '0.5', '--schedule', 'linear:T=10'], /not both/],
    [['curve', '--schedule', 'linear:T=0'], /T = 0/],
    [['curve', '--schedule', 'exp:T=3'], /schedule/],
    [['curve', '--eps', '0.1'], /only applies to the kl measure/],
    // PNG is written now (test/cli/figures.test.ts); other extensions are still refused before any work.
    [['curve', '--plot', 'out.jpg'], /--plot = "out.jpg".*\.svg or \.png/],
    [['curve', '--plot', 'out.svg', '--width', '0'], /--width = "0".*from 100 to 20000/],
    [['curve', '--width', '300'], /--width = "300".*only applies with --plot/],
    [['curve', '--log-x', 'log'], /only applies with --plot/],
    [['curve', '--csv-header'], /only applies with --csv/],
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
