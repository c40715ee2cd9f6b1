import { mkdtempSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeIo } from '../../src/cli/files/io.js';
import { runCli } from '../../src/cli/run.js';
import { datasetPopulation } from '../../src/datasets/datasetPopulation.js';
import { encodeNpy } from '../../src/datasets/sampleMatrix.js';
import { datasetMonteCarlo } from '../../src/montecarlo/datasetMonteCarlo.js';
import { populationMonteCarlo } from '../../src/montecarlo/populationMonteCarlo.js';
import { loadSpectrum } from '../../src/node/readSpectrumFile.js';
import { predictLosses } from '../../src/predictions/losses/predictLosses.js';
import { sampleGaussian } from '../../src/random/gaussianSample.js';
import { Random } from '../../src/random/random.js';
import { empiricalSpectrum } from '../../src/spectra/empiricalSpectrum.js';

const dir = mkdtempSync(join(tmpdir(), 'rd-data-'));
const d = 6;
const count = 200;
const lam = Float64Array.from([5, 3, 2, 1, 0.5, 0.25]);
const x = sampleGaussian({ eigenvalues: lam, count, rng: new Random(11) });
for (let k = 0; k < count; k++) x[k * d] += 2; // a non-zero mean
const csvPath = join(dir, 'samples.csv');
writeFileSync(csvPath, ['a,b,c,d,e,f', ...Array.from({ length: count }, (_, k) => Array.from(x.subarray(k * d, k * d + d)).join(','))].join('\n') + '\n');
const npyPath = join(dir, 'samples.npy');
writeFileSync(npyPath, encodeNpy({ rows: count, cols: d, data: x }));
const evPath = join(dir, 'ev.npy');
writeFileSync(evPath, encodeNpy({ rows: 3, cols: 1, data: Float64Array.from([1, 2, 4]) }));

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = await nodeIo();
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { ...io, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false });
  return { code, stdout, stderr };
}

describe('--spectrum data:PATH (a sample matrix, rows = samples)', () => {
  const expected = empiricalSpectrum(x, count, d).spectrum;

  it('CSV (with a header line) and .npy give the covariance spectrum of the data', () => {
    for (const p of [csvPath, npyPath]) {
      const s = loadSpectrum(`data:${p}`);
      expect(s.d).toBe(d);
      for (let i = 0; i < d; i++) expect(s.eigenvalues[i]).toBeCloseTo(expected.eigenvalues[i], 12);
    }
  });

  it('file:PATH.npy reads eigenvalues', () => {
    expect(Array.from(loadSpectrum(`file:${evPath}`).eigenvalues)).toEqual([4, 2, 1]);
  });

  it('predict uses the data spectrum; mc draws its training sets from the data (as datasetMonteCarlo)', async () => {
    const p = JSON.parse((await run(['predict', '--spectrum', `data:${csvPath}`, '--N', '20', '--abar', '0.5', '--json'])).stdout).rows[0];
    expect(p.testLoss_theory).toBeCloseTo(predictLosses({ spectrum: expected, N: 20, abar: 0.5 }).testLoss, 9);
    const r = await run(['mc', '--spectrum', `data:${npyPath}`, '--N', '20', '--abar', '0.5', '--draws', '15', '--seed', '3', '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout);
    const lib = datasetMonteCarlo({ population: datasetPopulation(x, count, d), N: 20, abar: 0.5, draws: 15, seed: 3 });
    expect(o).toMatchObject({ population: 'data' });
    expect(o.rows[0]).toMatchObject({ testLoss_mc_mean: lib.testLoss.mean, gap_mc_stderr: lib.gap.stderr });
  });

  it('curve --mc with data: theory and Monte Carlo from the same data set', async () => {
    const r = await run(['curve', '--spectrum', `data:${csvPath}`, '--measure', 'testLoss,kl', '--abar', '0.5', '--N', '10,40', '--mc', '6', '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o).toMatchObject({ population: 'data', d });
    for (const row of o.rows) expect(row.testLoss_mc_mean / row.testLoss_theory).toBeGreaterThan(0.5);
  });

  it('populationMonteCarlo at one level equals datasetMonteCarlo bit for bit, and adds schedules and the KL', () => {
    const population = datasetPopulation(x, count, d);
    const a = populationMonteCarlo({ population, N: 12, abar: 0.3, draws: 5, seed: 9 });
    const b = datasetMonteCarlo({ population, N: 12, abar: 0.3, draws: 5, seed: 9 });
    expect(a.alignment).toEqual(b.alignment);
    const k = populationMonteCarlo({ population, N: 12, eps: 1e-2, draws: 5, seed: 9 });
    expect(k.kl.mean).toBeGreaterThan(0);
  });

  it('a file over the size cap, a directory or a missing file: exit 2 with one clear line, no crash', async () => {
    const big = join(dir, 'big.csv');
    writeFileSync(big, '');
    truncateSync(big, 300 * 1024 * 1024); // sparse: no disk used
    const r = await run(['spectrum', '--spectrum', `data:${big}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/300\.0 MiB.*over the 256\.0 MiB limit.*REPLICA_DIFFUSION_MAX_FILE_MB/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    expect((await run(['spectrum', '--spectrum', `data:${sub}`])).stderr).toMatch(/a directory.*regular file/);
    const missing = await run(['spectrum', '--spectrum', `data:${join(dir, 'nope.csv')}`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.csv.*ENOENT/);
    writeFileSync(join(dir, 'wide.csv'), Array.from({ length: 3 }, () => Array.from({ length: 2049 }, () => '1').join(',')).join('\n'));
    expect((await run(['spectrum', '--spectrum', `data:${join(dir, 'wide.csv')}`])).stderr).toMatch(/2049 columns.*at most 2048/);
  });
});
