import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/files/io.js';
import { runCli } from '../../src/cli/run.js';
import { encodeNpy } from '../../src/cli/files/sampleFiles.js';
import { Random } from '../../src/random/random.js';
import { sampleSetDistances } from '../../src/transition/sampleSetDistances.js';

/** In-process CLI with captured output and an in-memory file system that also holds binary files. */
async function cli(argv: string[], files: Record<string, string | Uint8Array> = {}) {
  let stdout = '';
  let stderr = '';
  const missing = (p: string) => Object.assign(new Error(`ENOENT: no such file '${p}'`), { code: 'ENOENT' });
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readTextFile: (p) => {
      const f = files[p];
      if (f === undefined) throw missing(p);
      return typeof f === 'string' ? f : new TextDecoder().decode(f);
    },
    readBinaryFile: (p) => {
      const f = files[p];
      if (f === undefined) throw missing(p);
      return typeof f === 'string' ? new TextEncoder().encode(f) : f;
    },
    writeTextFile: () => undefined,
    stderrIsTTY: false,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

function gaussianSample(count: number, d: number, seed: number, mean = 10, sd = 1): Float64Array {
  const x = new Float64Array(count * d);
  new Random(seed).fillNormal(x);
  for (let i = 0; i < x.length; i++) x[i] = mean + sd * x[i];
  return x;
}

function csv(x: Float64Array, d: number, header = false): string {
  const lines = header ? [Array.from({ length: d }, (_, i) => `x${i}`).join(',')] : [];
  for (let k = 0; k < x.length / d; k++) lines.push(Array.from(x.subarray(k * d, (k + 1) * d)).join(','));
  return lines.join('\n') + '\n';
}

describe('replica-diffusion transition (model mode contract)', () => {
  it('--json prints {…settings, "rows":[{N, pDeltaPositive_mc_mean/_low/_high, hellinger_mc_mean, …}], crossing}', async () => {
    const r = await cli(['transition', '--d', '6', '--n', '3:24:4', '--draws', '20', '--seed', '4', '--original', '300', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o).toHaveProperty('crossing');
    expect(o.rows.map((x: { N: number }) => x.N)).toEqual([3, 6, 12, 24]);
    for (const row of o.rows) {
      for (const k of ['N', 'pDeltaPositive_mc_mean', 'pDeltaPositive_mc_low', 'pDeltaPositive_mc_high']) expect(typeof row[k]).toBe('number');
      for (const k of ['hellinger', 'kl', 'eTG', 'eOG']) for (const s of ['_mc_mean', '_mc_stderr']) expect(typeof row[k + s]).toBe('number');
      expect(row.pDeltaPositive_mc_low).toBeLessThanOrEqual(row.pDeltaPositive_mc_mean);
      expect(row.pDeltaPositive_mc_high).toBeGreaterThanOrEqual(row.pDeltaPositive_mc_mean);
    }
    // n = 3 ≤ d: singular generated law → H² = 1, KL and E_TG infinite (written 1e999, read back as Infinity).
    expect(o.rows[0]).toMatchObject({ hellinger_mc_mean: 1, hellinger_mc_stderr: 0 });
    expect(o.rows[0].kl_mc_mean).toBe(Infinity);
    // docs/output-schema.md: the standard error of an infinite mean is +∞, never 0.
    expect(o.rows[0].kl_mc_stderr).toBe(Infinity);
    expect(o.rows[0].eTG_mc_mean).toBe(Infinity);
    expect(r.stdout).toContain('"kl_mc_mean":1e999');
    expect(Number.isFinite(o.rows[3].kl_mc_mean)).toBe(true);
    expect(typeof o.rows[3].generatedVariance_theory).toBe('number');
    expect(o).toMatchObject({ command: 'transition', d: 6, mu: 10, sigma: 1, T: 2, originalSize: 300, draws: 20, seed: 4, orientation: 'model' });
    expect(o.paper).toMatch(/^On the onset of memorization to generalization transition in diffusion models/);
    expect(o.lambda).toBeCloseTo(Math.exp(-4), 15);
  });

  it('defaults, CSV, Markdown (with the crossing line), --orientation seed and --per-coordinate', async () => {
    const base = ['transition', '--d', '4', '--n', '2,5,9', '--draws', '8', '--original', '1e2'];
    const md = await cli(base);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^\| N \| rank \| pDeltaPositive_mc_mean/);
    expect(md.stdout).toMatch(/P\(Δ > 0\) (crosses|does not cross)/);
    expect((await cli([...base, '--csv'])).stdout).toMatch(/^N,rank,pDeltaPositive_mc_mean,pDeltaPositive_mc_low,pDeltaPositive_mc_high,regime,hellinger_mc_mean,/);
    const seed = JSON.parse((await cli([...base, '--orientation', 'seed', '--per-coordinate', '--kernel', 'optimal', '--json'])).stdout);
    expect(seed).toMatchObject({ orientation: 'seed', kernel: 'optimal' });
    expect(seed.rows[0]).toHaveProperty('pDeltaPositivePerCoordinate_mc_mean');
    expect(seed.rows[0]).not.toHaveProperty('generatedVariance_theory');
  });

  it('is reproducible for a given --seed', async () => {
    const argv = ['transition', '--d', '3', '--n', '4,8', '--draws', '10', '--original', '50', '--seed', '7', '--json'];
    expect((await cli(argv)).stdout).toBe((await cli(argv)).stdout);
  });
});

describe('replica-diffusion transition --train/--original/--generated (evaluator mode)', () => {
  const d = 3;
  const train = gaussianSample(20, d, 1);
  const original = gaussianSample(200, d, 2);
  const generated = gaussianSample(50, d, 3, 10, 0.8);

  it('CSV and .npy files give the library result', async () => {
    const files = {
      'train.csv': csv(train, d, true),
      'original.npy': encodeNpy({ rows: 200, cols: d, data: original }),
      'gen.npy': encodeNpy({ rows: 50, cols: d, data: generated }, 'f8'),
    };
    const r = await cli(['transition', '--train', 'train.csv', '--original', 'original.npy', '--generated', 'gen.npy', '--json'], files);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout).rows[0];
    const lib = sampleSetDistances({ train: { points: train, count: 20 }, original: { points: original, count: 200 }, generated: { points: generated, count: 50 }, d });
    expect(o).toMatchObject({ d, trainSize: 20, originalSize: 200, generatedSize: 50, deltaPositive: lib.deltaPositive });
    expect(o.eTG).toBeCloseTo(lib.eTG, 14);
    expect(o.eOG).toBeCloseTo(lib.eOG, 14);
    expect(o).toHaveProperty('deltaPositivePerCoordinate');
    const text = await cli(['transition', '--train', 'train.csv', '--original', 'original.npy', '--generated', 'gen.npy', '--sigma', '1'], files);
    expect(text.stdout).toMatch(/^d = 3\n/);
    expect(text.stdout).toMatch(/sigma = 1\n/);
  });
});

describe('transition bad usage: exit 2, one stderr line naming the problem', () => {
  const files: Record<string, string | Uint8Array> = {
    'a.csv': '1,2\n3,4\n5,7\n',
    'b.csv': '1,2\n3,4.5\n0,1\n',
    // 3 × 3: neither dimension is the original's d = 2 (a 2 × 3 file is now read transposed as 3 samples).
    'c3.csv': '1,2,3\n4,5,6\n7,8,9\n',
    'ragged.csv': '1,2\n3\n',
    'nan.csv': '1,2\nnan,3\n',
    'bad.npy': new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 4, 0, 0x7b, 0x7d, 0x20, 0x0a]),
    'big.npy': encodeNpy({ rows: 3, cols: 3, data: new Float64Array(9) }),
  };
  const cases: [string[], RegExp][] = [
    [['transition', '--n', '1:8:3'], /--n = 1: must be >= 2/],
    [['transition', '--n', 'abc'], /--n = "abc"/],
    [['transition', '--d', '0'], /--d = "0"/],
    [['transition', '--draws', '0'], /--draws = "0"/],
    [['transition', '--orientation', 'sideways'], /--orientation = "sideways"/],
    [['transition', '--kernel', 'wide'], /--kernel = "wide"/],
    [['transition', '--original', 'data.csv'], /--original = "data.csv": must be a whole number/],
    [['transition', '--original', '1'], /--original = "1": must be >= 2/],
    [['transition', '--original', '2.5'], /--original = "2.5": must be a whole number/],
    [['transition', '--lambda', '-1'], /--lambda = "-1"/],
    [['transition', '--bogus', '1'], /--bogus/],
    [['transition', '--json', '--csv'], /one output format/],
    [['transition', '--train', 'a.csv'], /needs --train, --original and --generated files \(missing --original, --generated\)/],
    [['transition', '--train', 'a.csv', '--original', 'b.csv', '--generated', 'c3.csv'], /invalid c3\.csv = "3 columns": mismatched d: b\.csv has 2 columns/],
    [['transition', '--train', 'ragged.csv', '--original', 'b.csv', '--generated', 'a.csv'], /ragged\.csv.*line 2/],
    [['transition', '--train', 'a.csv', '--original', 'nan.csv', '--generated', 'a.csv'], /nan\.csv.*not a finite number/],
    [['transition', '--train', 'a.csv', '--original', 'bad.npy', '--generated', 'a.csv'], /bad\.npy.*malformed \.npy header/],
    [['transition', '--train', 'a.csv', '--original', 'b.csv', '--generated', 'big.npy'], /big\.npy.*mismatched d/],
    [['transition', '--train', 'missing.csv', '--original', 'b.csv', '--generated', 'a.csv'], /missing\.csv.*ENOENT/],
    [['transition', '--train', 'a.csv', '--original', 'b.csv', '--generated', 'a.csv', '--draws', '5'], /--draws is not used with sample files/],
  ];
  for (const [argv, re] of cases) {
    it(argv.slice(1).join(' '), async () => {
      const r = await cli(argv, files);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }

  it('--help lists the flags', async () => {
    const h = await cli(['transition', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/--orientation model\|seed/);
    expect((await cli(['--help'])).stdout).toMatch(/transition/);
  });
});
