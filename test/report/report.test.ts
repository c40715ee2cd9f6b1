import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeIo } from '../../src/cli/files/io.js';
import { runCli } from '../../src/cli/run.js';
import { sampleGaussian } from '../../src/random/gaussianSample.js';
import { Random } from '../../src/random/random.js';
import { generateReport, REPORT_MEASURES } from '../../src/report/index.js';
import { isotropicSpectrum } from '../../src/spectra/isotropic.js';
import { VERSION } from '../../src/version.js';
import { parseCsv } from '../cli/csvParse.js';

function wellFormedSvg(svg: string): void {
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.trim().endsWith('</svg>')).toBe(true);
  expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  expect(svg).toMatch(/class="series-line"/);
}

async function run(argv: string[]) {
  const io = await nodeIo();
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { ...io, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), stderrIsTTY: false });
  return { code, stdout, stderr };
}

describe('generateReport (pure)', () => {
  const report = generateReport({ spectrum: isotropicSpectrum({ d: 12 }), spec: 'iso:d=12', Ns: [6, 12, 48], draws: 4, seed: 5 });

  it('returns report.md, six SVG figures and curve.csv', () => {
    expect(Object.keys(report.files).sort()).toEqual(['alignment.svg', 'curve.csv', 'density.svg', 'early-stopping.svg', 'gap.svg', 'kl.svg', 'losses.svg', 'report.md']);
    for (const [name, text] of Object.entries(report.files)) if (name.endsWith('.svg')) wellFormedSvg(text);
  });

  it('the page prints the version and the seeds, links every figure, and summarises accuracy per N', () => {
    const md = report.files['report.md'];
    expect(md).toContain(`replica-diffusion ${VERSION}`);
    expect(md).toContain('seed 5, the sets at N use seed 5·1000003 + N');
    for (const f of Object.keys(report.files).filter((f) => f.endsWith('.svg'))) expect(md).toContain(`](${f})`);
    for (const h of ['## Losses vs N', '## Generalisation gap and alignment', '## KL divergence', '## Eigenvalue density of Σ̂', '## Early stopping', '## Accuracy: theory vs Monte Carlo']) expect(md).toContain(h);
    expect(md).toMatch(/\| 48 \| [+−-]?[\d.]+ % \(z [+−-]?[\d.e+-]+\) \|/);
    // Every stochastic comparison (3 N × the measures but the deterministic reference loss).
    expect(report.accuracy!.count).toBe(3 * (REPORT_MEASURES.length - 1));
  });

  it('curve.csv uses the naming scheme and is the same numbers as curve --measure all --mc', async () => {
    const csv = parseCsv(report.files['curve.csv']);
    expect(csv.columns).toContain('testLoss_theory');
    expect(csv.columns).toContain('kl_mc_stderr');
    const cli = await run(['curve', '--spectrum', 'iso:d=12', '--measure', 'all', '--N', '6,12,48', '--abar', '0.5', '--eps', '0.001', '--mc', '4', '--seed', '5', '--json']);
    const rows = JSON.parse(cli.stdout).rows;
    const i = csv.columns.indexOf('gap_mc_mean');
    expect(Number(csv.rows[2][i])).toBe(rows[2].gap_mc_mean);
  });

  it('theory only without draws', () => {
    const r = generateReport({ spectrum: isotropicSpectrum({ d: 8 }), spec: 'iso:d=8', Ns: [4, 16] });
    expect(r.accuracy).toBeUndefined();
    expect(r.files['report.md']).not.toContain('## Accuracy');
  });
});

describe('replica-diffusion report --out DIR', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rd-report-'));

  it('for an arbitrary file: spectrum', async () => {
    writeFileSync(join(dir, 'ev.txt'), '# eigenvalues\n9\n4\n4\n1\n0.5\n0.25\n0.1\n0.1\n');
    const out = join(dir, 'file');
    const r = await run(['report', '--spectrum', `file:${join(dir, 'ev.txt')}`, '--N', '4:64:5', '--mc', '3', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*report\.md, 6 figures and curve\.csv \(theory vs Monte Carlo/);
    expect(readdirSync(out).sort()).toContain('report.md');
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('d = 8');
  });

  it('for data: a CSV sample matrix (Monte Carlo draws from the data)', async () => {
    const d = 5;
    const x = sampleGaussian({ eigenvalues: Float64Array.from([3, 2, 1, 0.5, 0.2]), count: 300, rng: new Random(3) });
    writeFileSync(join(dir, 'samples.csv'), Array.from({ length: 300 }, (_, k) => Array.from(x.subarray(k * d, k * d + d)).join(',')).join('\n'));
    const out = join(dir, 'data');
    const r = await run(['report', '--spectrum', `data:${join(dir, 'samples.csv')}`, '--N', '4,10,40', '--mc', '3', '--schedule', 'linear:T=20', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('rows of the data set (300 samples) drawn with replacement');
    expect(md).toContain('schedule `linear:T=20');
    wellFormedSvg(readFileSync(join(out, 'losses.svg'), 'utf8'));
  });

  it('needs --out', async () => {
    const r = await run(['report', '--spectrum', 'iso:d=4']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out.*required/);
  });
});
