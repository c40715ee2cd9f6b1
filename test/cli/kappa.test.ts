import { describe, expect, it } from 'vitest';
import { cli } from './fakeIo.js';

describe('replica-diffusion kappa (contract)', () => {
  it('--json prints exactly the contract keys (plus diagnostics)', async () => {
    const r = await cli(['kappa', '--spectrum', 'iso:d=100', '--n', '100', '--ridge', '1', '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout).rows[0];
    for (const k of ['kappa', 'gamma', 'dkappaDridge', 'kappaIterations', 'kappaResidual']) expect(o).toHaveProperty(k);
    expect(o.kappa).toBeCloseTo(1.618033988749895, 14);
    expect(r.stderr).toBe('');
  });

  it('readable line without --json; CSV and Markdown', async () => {
    expect((await cli(['kappa', '--spectrum', 'iso:d=100', '--n', '100', '--ridge', '1'])).stdout).toMatch(/^kappa = 1.618033988749895 /);
    expect((await cli(['kappa', '--n', '100', '--ridge', '1', '--csv'])).stdout).toMatch(/^n,ridge,kappa,gamma,/);
    expect((await cli(['kappa', '--n', '100', '--ridge', '1', '--markdown'])).stdout).toMatch(/^\| n \| ridge \| kappa \| gamma/);
  });

  it('ridge 0 at n = d reports dκ/dw = ∞ in JSON as 1e999 (parsed back as Infinity)', async () => {
    const r = await cli(['kappa', '--spectrum', 'iso:d=10', '--n', '10', '--ridge', '0', '--json']);
    expect(r.stdout).toContain('"dkappaDridge":1e999');
    expect(JSON.parse(r.stdout).rows[0]).toMatchObject({ kappa: 0, gamma: 1, dkappaDridge: Infinity });
  });

  it('grids: --n and --ridge lists give one row per point (n outer, ridge inner)', async () => {
    const csv = (await cli(['kappa', '--spectrum', 'iso:d=10', '--n', '10,20', '--ridge', '0.5,1,2', '--csv'])).stdout.trim().split('\n');
    expect(csv).toHaveLength(7);
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['10,0.5', '10,1', '10,2', '20,0.5', '20,1', '20,2']);
    const json = JSON.parse((await cli(['kappa', '--spectrum', 'iso:d=10', '--n', '10,20', '--ridge', '1', '--json'])).stdout);
    expect(json.rows).toHaveLength(2);
    expect(json.rows[1]).toMatchObject({ n: 20, ridge: 1 });
  });

  it('--digits gives the decimal.js reference solve', async () => {
    const o = JSON.parse((await cli(['kappa', '--spectrum', 'iso:d=100', '--n', '100', '--ridge', '1', '--digits', '40', '--json'])).stdout).rows[0];
    expect(o.kappaDecimal).toMatch(/^1\.61803398874989484820458683436563811/);
  });

  it('spectrum --json prints the contract keys', async () => {
    const o = JSON.parse((await cli(['spectrum', '--spectrum', 'powerlaw:d=256,k=1', '--json'])).stdout).rows[0];
    expect(o.d).toBe(256);
    expect(o.trace).toBeCloseTo(256, 10);
    expect(o.participationRatio).toBeGreaterThan(1);
    expect(o.conditionNumber).toBeCloseTo(256, 9);
  });

  it('file: specs are read', async () => {
    const r = await cli(['spectrum', '--spectrum', 'file:ev.txt', '--json'], { 'ev.txt': '1\n2\n3\n' });
    const o = JSON.parse(r.stdout).rows[0];
    expect(o.d).toBe(3);
    expect(o.trace).toBeCloseTo(6, 14);
  });
});

describe('bad usage: one line on stderr naming the problem, exit code 2', () => {
  const cases: [string[], RegExp][] = [
    [['kappa', '--n', '100'], /--ridge/],
    [['kappa', '--n', 'abc', '--ridge', '1'], /--n = "abc"/],
    [['kappa', '--n', '100', '--ridge', '-1'], /--ridge = "?-1/],
    [['kappa', '--n', '0', '--ridge', '1'], /--n = "?0/],
    [['kappa', '--n', '10', '--ridge', '1', '--spectrum', 'iso:d=-3'], /d = -3/],
    [['kappa', '--n', '10', '--ridge', '1', '--spectrum', 'file:missing.txt'], /missing.txt.*ENOENT/],
    [['kappa', '--n', '10', '--ridge', '1', '--bogus'], /--bogus/],
    [['kappa', '--n', '10', '--ridge', '1', '--json', '--csv'], /one output format/],
    [['kappa', '--n', '10', '--ridge', '1', '--method', 'secant'], /--method = "secant"/],
    [['nosuch'], /unknown command 'nosuch'/],
    [['spectrum', '--spectrum', 'file:bad.json'], /bad.json/],
  ];
  for (const [argv, re] of cases) {
    it(argv.join(' '), async () => {
      const r = await cli(argv, { 'bad.json': '[1, -2]' });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }

  it('--help lists commands and flags', async () => {
    expect((await cli(['--help'])).stdout).toMatch(/kappa/);
    const h = await cli(['kappa', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/--ridge W/);
  });
});
