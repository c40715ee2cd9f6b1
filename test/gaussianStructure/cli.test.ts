import { describe, expect, it } from 'vitest';
import { denoiserDistanceTheory } from '../../src/index.js';
import { loadMnistDigits } from '../../src/datasets/mnistDigits.js';
import { empiricalSpectrum } from '../../src/spectra/empiricalSpectrum.js';
import { parseSpectrumSpec } from '../../src/spectra/index.js';
import { cli } from '../cli/fakeIo.js';

describe('gaussian-structure: the contract', () => {
  it('--json: {rows: [{N, sigma, distance_theory, …}]} equal to the library, N outer and σ inner', async () => {
    const r = await cli(['gaussian-structure', '--spectrum', 'iso:d=10', '--N', '10,100', '--sigma', '0.1,1', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const o = JSON.parse(r.stdout);
    expect(o.rows).toHaveLength(4);
    expect(o.rows.map((row: { N: number; sigma: number }) => [row.N, row.sigma])).toEqual([[10, 0.1], [10, 1], [100, 0.1], [100, 1]]);
    const spectrum = parseSpectrumSpec('iso:d=10');
    for (const row of o.rows) {
      expect(row.distance_theory).toBe(denoiserDistanceTheory({ spectrum, N: row.N, sigma: row.sigma }).distance);
      expect(row.distance_mc_mean).toBeUndefined();
      expect(row.linearityMemorising_mc_mean).toBeUndefined();
    }
  });

  it('runs with no options: power law d = 64, N 10…10000 (12), σ 0.01…100 (25), theory only', async () => {
    const r = await cli(['gaussian-structure', '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o).toMatchObject({ spectrum: 'powerlaw:d=64,k=1', d: 64, mean: 'estimated', converged: true });
    expect(o.rows).toHaveLength(300);
    expect(o.rows[0]).toMatchObject({ N: 10, sigma: 0.01 });
    expect(o.rows[299].N).toBe(10000);
    expect(o.rows[299].sigma).toBeCloseTo(100, 10);
  });

  it('--draws adds distanceMC and linearityMemorising as {mean, stderr}; same seed, same bits; rows independent of the grid', async () => {
    const argv = ['gaussian-structure', '--spectrum', 'powerlaw:d=12,k=1', '--N', '6,40', '--sigma', '0.1,1,10', '--draws', '4', '--seed', '3', '--json'];
    const a = await cli(argv);
    const b = await cli(argv);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const o = JSON.parse(a.stdout);
    expect(o).toMatchObject({ draws: 4, seed: 3 });
    for (const row of o.rows) {
      for (const k of ['distance', 'linearityMemorising', 'distanceMemorising']) for (const s of ['_mc_mean', '_mc_stderr']) expect(typeof row[k + s]).toBe('number');
      expect(row.linearityMemorising_mc_mean).toBeLessThanOrEqual(1);
    }
    const one = JSON.parse((await cli(['gaussian-structure', '--spectrum', 'powerlaw:d=12,k=1', '--N', '40', '--sigma', '1', '--draws', '4', '--seed', '3', '--json'])).stdout);
    expect(one.rows[0]).toEqual(o.rows[4]);
  });

  it('--csv and the default Markdown table', async () => {
    const csv = await cli(['gaussian-structure', '--spectrum', 'iso:d=8', '--N', '10', '--sigma', '1,2', '--draws', '2', '--csv']);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('N,sigma,distance_theory,sigmaEffective,distance_mc_mean,distance_mc_stderr,linearityMemorising_mc_mean,linearityMemorising_mc_stderr,distanceMemorising_mc_mean,distanceMemorising_mc_stderr,finiteSize,finiteSizeApplied,finiteSizeRelativeSize,finiteSizeReliable,distance_theory_infinite_d');
    expect(lines).toHaveLength(3);
    const md = await cli(['gaussian-structure', '--spectrum', 'iso:d=8', '--N', '10', '--sigma', '1']);
    expect(md.stdout).toMatch(/^E‖D_N − D_G‖² on noised test inputs/);
    expect(md.stdout).toMatch(/\| N \| sigma \| distance_theory \| sigmaEffective \|/);
  });

  it('--data mnist: theory from the digits’ covariance spectrum, Monte Carlo on subsets of the digits', async () => {
    const r = await cli(['gaussian-structure', '--data', 'mnist', '--per-digit', '20', '--N', '20,100', '--sigma', '0.5,2', '--draws', '2', '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout);
    const digits = loadMnistDigits({ perDigit: 20 });
    const spectrum = empiricalSpectrum(digits.samples, digits.count, digits.d).spectrum;
    expect(o).toMatchObject({ data: 'mnist', perDigit: 20, d: 784, p: spectrum.d });
    expect(o.rows).toHaveLength(4);
    for (const row of o.rows) {
      // On the digits the Gaussian-data correction is off by default (docs/theory.md §6.9).
      expect(row.distance_theory / denoiserDistanceTheory({ spectrum, N: row.N, sigma: row.sigma, finiteSize: 'none' }).distance).toBeCloseTo(1, 8);
      expect(row.finiteSize).toBe('none');
      expect(row.distance_mc_mean).toBeGreaterThan(0);
    }
  });
});

describe('gaussian-structure: bad usage exits 2 with one line naming the value', () => {
  const cases: [string[], RegExp][] = [
    [['--data', 'cifar'], /--data = "cifar"/],
    [['--data', 'mnist', '--spectrum', 'iso:d=4'], /--spectrum or --data, not both/],
    [['--per-digit', '5'], /--per-digit = "5"/],
    [['--sigma', '0:1:3'], /log grid/],
    [['--sigma', '-1'], /--sigma = -1/],
    [['--sigma', '0'], /--sigma = 0/],
    [['--sigma', 'x'], /--sigma = "x"/],
    [['--N', '1'], /--N = 1/],
    [['--N', '5', '--mean', 'known', '--sigma', '1', '--draws', '0'], /--draws = "0"/],
    [['--N', '5', '--sigma', '1', '--pairs', '3'], /--pairs = "3".*only applies with --draws/],
    [['--spectrum', 'iso:d=0'], /d = 0/],
    [['--spectrum', 'iso:d=4', '--seed', '-2'], /--seed = "-2"/],
    [['--data', 'mnist', '--per-digit', '5', '--N', '60', '--sigma', '1', '--draws', '1'], /--N = 60.*<= 49/],
    [['--json', '--csv'], /one output format/],
    [['--bogus'], /--bogus/],
  ];
  for (const [argv, re] of cases) {
    it(argv.join(' '), async () => {
      const r = await cli(['gaussian-structure', ...argv]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    });
  }
});
