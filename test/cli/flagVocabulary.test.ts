/**
 * One flag vocabulary (issue 20 item 7, issue 22): every alias reads the same flag as its name and
 * gives the same output; "did you mean" for commands, flags, choices, measures, spectrum kinds and
 * keys; a missing required flag names itself and what it takes; a fractional N is refused, naming
 * the flag, by every command that draws training sets (theory commands keep real N); one --eps
 * default; seeds up to 2^53 − 1 in report and verify; `--N -0` echoed as typed.
 */
import { describe, expect, it } from 'vitest';
import { Args } from '../../src/cli/commandLine/args.js';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { commandHelp } from '../../src/cli/run.js';
import { DEFAULT_EPS } from '../../src/cli/commandLine/modelFlags.js';
import { closestName, editDistance } from '../../src/didYouMean.js';
import { cli } from './fakeIo.js';

/** A command's --help with its line wrapping undone. */
function oneLineHelp(name: string): string {
  return commandHelp(COMMANDS.find((c) => c.name === name)!).replace(/\s+/g, ' ');
}

/** A refusal: exit 2, one stderr line matching every pattern. */
async function refused(argv: string[], ...patterns: RegExp[]): Promise<string> {
  const r = await cli(argv);
  expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(2);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  for (const p of patterns) expect(r.stderr, argv.join(' ')).toMatch(p);
  return r.stderr;
}

describe('aliases', () => {
  const aliased = COMMANDS.flatMap((c) => c.flags.filter((f) => f.aliases?.length).map((f) => ({ command: c, flag: f })));

  it('the expected aliases exist: --mc for --draws in curve/report (and every drawing command), --n for --N in transition, --measures in verify', () => {
    const names = aliased.map(({ command, flag }) => `${command.name} --${flag.aliases!.join(',')} → --${flag.name}`);
    for (const c of ['curve', 'report', 'mc', 'dynamics', 'sampler', 'gaussian-structure', 'transition', 'verify']) expect(names).toContain(`${c} --mc → --draws`);
    expect(names).toContain('transition --n → --N');
    expect(names).toContain('verify --measures → --measure');
    // kappa's --n is the n of the n-sample ensemble (n = N − 1 with an estimated mean), not an alias of N.
    expect(COMMANDS.find((c) => c.name === 'kappa')!.flags.some((f) => f.name === 'n' && !f.aliases)).toBe(true);
  });

  it('every alias reads as its flag, in both --alias value and --alias=value forms, and --help lists it', () => {
    expect(aliased.length).toBeGreaterThanOrEqual(10);
    for (const { command, flag } of aliased) {
      for (const alias of flag.aliases!) {
        const value = flag.value === undefined ? undefined : '7';
        const argv = value === undefined ? [`--${alias}`] : [`--${alias}`, value];
        const a = new Args(argv, command.flags, command.name);
        expect(a.has(flag.name), `${command.name} --${alias}`).toBe(true);
        expect(a.string(flag.name)).toBe(value);
        expect(a.typedName(flag.name)).toBe(alias);
        if (value !== undefined) expect(new Args([`--${alias}=${value}`], command.flags, command.name).string(flag.name)).toBe(value);
        expect(commandHelp(command)).toContain(`--${alias}`);
      }
    }
  });

  it('an alias and its flag together are "given twice", naming both', async () => {
    await refused(['curve', '--draws', '2', '--mc', '2'], /--mc/, /given twice/, /--draws and --mc are the same flag/);
    await refused(['transition', '--N', '4', '--n', '4'], /--n/, /given twice/);
  });

  it('curve --mc D and curve --draws D give the same numbers; transition --n and --N too; verify --measures and --measure', async () => {
    const base = ['curve', '--spectrum', 'iso:d=6', '--N', '8,24', '--abar', '0.5', '--seed', '3', '--json'];
    const a = await cli([...base, '--mc', '3']);
    const b = await cli([...base, '--draws', '3']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).draws).toBe(3);
    const t = ['transition', '--d', '2', '--draws', '4', '--original', '50', '--seed', '2', '--json', '--quiet'];
    const tn = await cli([...t, '--n', '4,8']);
    const tN = await cli([...t, '--N', '4,8']);
    expect(tn.code).toBe(0);
    expect(tn.stdout).toBe(tN.stdout);
    const v = ['verify', '--spectrum', 'iso:d=4', '--N', '16', '--draws', '20', '--seed', '1', '--json', '--quiet'];
    const vs = await cli([...v, '--measures', 'gap']);
    const vm = await cli([...v, '--measure', 'gap']);
    expect(vs.stdout).toBe(vm.stdout);
    expect(JSON.parse(vm.stdout).rows.map((r: { measure: string }) => r.measure)).toEqual(['gap']);
  });

  it('a value error names the flag as the user typed it (alias or name)', async () => {
    await refused(['curve', '--mc', '2.5'], /--mc = "2\.5"/);
    await refused(['curve', '--draws', '2.5'], /--draws = "2\.5"/);
    await refused(['transition', '--n', '1.5'], /--n = "1\.5": must be a whole number/);
  });
});

describe('did you mean', () => {
  it('edit distance counts insertions, deletions, substitutions and adjacent swaps', () => {
    expect(editDistance('curve', 'crve')).toBe(1);
    expect(editDistance('spectrum', 'spectum')).toBe(1);
    expect(editDistance('abc', 'bac')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closestName('zzzzzz', ['curve', 'predict'])).toBeUndefined();
    expect(closestName('TESTLOSS', ['testLoss', 'gap'])).toBe('testLoss');
  });

  it('unknown command, flag, choice, measure, spectrum kind and key', async () => {
    const r = await cli(['crve']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'crve' \(did you mean curve\?\)/);
    await refused(['curve', '--spectum', 'iso:d=4'], /--spectum/, /did you mean --spectrum\?/);
    await refused(['predict', '--abr', '0.5', '--N', '10'], /did you mean --abar\?/);
    await refused(['kappa', '--N', '10', '--ridge', '1'], /did you mean --n\?/);
    await refused(['curve', '--measure', 'testloss'], /--measure = "testloss"/, /did you mean testLoss\?/);
    await refused(['verify', '--N', '8', '--measure', 'allignment'], /did you mean alignment\?/);
    await refused(['curve', '--sampling', 'wishrt'], /did you mean wishart\?/);
    await refused(['spectrum', '--spectrum', 'powerlw:d=10,k=1'], /spectrum kind = "powerlw"/, /did you mean powerlaw\?/);
    await refused(['spectrum', '--spectrum', 'iso:d=10,vr=2'], /spectrum key vr/, /did you mean var\?/);
    await refused(['spectrum', '--spectrum', 'data:x.csv,dof=1'], /spectrum key dof/, /did you mean ddof\?/);
    // Nothing close: no suggestion rather than a wrong one.
    const far = await refused(['curve', '--zzzzzzzz', '1'], /--zzzzzzzz/);
    expect(far).not.toMatch(/did you mean/);
  });
});

describe('spectrum specs: kinds and keys are not Object members', () => {
  it('__proto__ and constructor as kind or key are ordinary unknown names (exit 2, one line), never an internal TypeError or "given twice"', async () => {
    for (const spec of ['__proto__:d=10', 'constructor:d=10', 'toString:d=10', 'hasOwnProperty:d=10']) await refused(['spectrum', '--spectrum', spec], /spectrum kind/, /unknown/);
    for (const key of ['__proto__', 'constructor', 'toString']) {
      const msg = await refused(['spectrum', '--spectrum', `iso:d=10,${key}=1`], new RegExp(`spectrum key ${key}`), /not allowed for iso/);
      expect(msg).not.toMatch(/given twice|internal/);
    }
    await refused(['curve', '--__proto__', '1'], /unknown/);
    await refused(['curve', '--constructor', '1'], /unknown/);
  });
});

describe('missing required flags', () => {
  it('say which flag and what it takes, never "= undefined"', async () => {
    const cases: [string[], RegExp][] = [
      [['mc', '--abar', '0.5'], /--N N is required: training-set size/],
      [['mc', '--N', '10'], /--abar A is required: ᾱ_t/],
      [['predict', '--abar', '0.5'], /--N N\|GRID is required: training-set size/],
      [['kl', '--N', '10'], /--eps E\|GRID is required/],
      [['kappa', '--ridge', '1'], /--n N\|GRID is required: number of samples n/],
      [['verify'], /--N GRID is required: training-set sizes/],
      [['report'], /--out DIR is required: folder/],
      [['dynamics', '--abar', '0.5'], /--N N is required/],
      [['sampler'], /--N N is required/],
      [['density'], /missing --n N .* or --N N/],
    ];
    for (const [argv, re] of cases) {
      const msg = await refused(argv, re);
      expect(msg).not.toMatch(/undefined/);
    }
  });
});

describe('training-set sizes', () => {
  it('a fractional N is refused, naming the flag, wherever training sets are drawn (never rounded)', async () => {
    const frac = /must be a whole number/;
    await refused(['mc', '--N', '10.5', '--abar', '0.5'], /--N = "10\.5"/, frac);
    await refused(['curve', '--N', '1.5'], /--N = "1\.5"/, frac);
    await refused(['curve', '--N', '10,20.5', '--draws', '2'], /--N = "20\.5"/, frac);
    await refused(['curve', '--N', '2.5:100:5', '--draws', '2'], /--N LO = "2\.5"/, frac);
    await refused(['verify', '--N', '2.5'], /--N = "2\.5"/, frac);
    await refused(['report', '--N', '2.5', '--out', 'r'], /--N = "2\.5"/, frac);
    await refused(['transition', '--N', '4,6.5'], /--N = "6\.5"/, frac);
    await refused(['dynamics', '--N', '10.5', '--abar', '0.5', '--draws', '2'], /--N = "10\.5"/, frac);
    await refused(['sampler', '--N', '10.5', '--draws', '2'], /--N = "10\.5"/, frac);
    await refused(['gaussian-structure', '--N', '10.5'], /--N = "10\.5"/, frac);
  });

  it('theory commands keep a real N, and say so in --help', async () => {
    for (const argv of [
      ['predict', '--N', '10.5', '--abar', '0.5', '--spectrum', 'iso:d=4'],
      ['kl', '--N', '10.5', '--eps', '0.01', '--spectrum', 'iso:d=4'],
      ['dynamics', '--N', '10.5', '--abar', '0.5', '--spectrum', 'iso:d=4', '--tau', '1,10'],
      ['density', '--N', '10.5', '--spectrum', 'iso:d=4', '--points', '10'],
    ]) {
      const r = await cli(argv);
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
    }
    for (const name of ['predict', 'kl', 'dynamics', 'sampler', 'density']) expect(oneLineHelp(name), name).toMatch(/a real number is accepted/);
  });

  it('--N -0 is echoed as -0, as typed', async () => {
    await refused(['mc', '--N', '-0', '--abar', '0.5'], /--N = "-0"/);
    await refused(['curve', '--N', '-0'], /--N = -0/);
    await refused(['verify', '--N', '-0'], /--N = -0/);
    await refused(['report', '--N', '-0', '--out', 'r'], /--N = -0/);
    await refused(['transition', '--N', '-0'], /--N = -0/);
    await refused(['dynamics', '--N', '-0', '--abar', '0.5', '--draws', '2'], /--N = "-0"/);
  });
});

describe('one default and one check per flag', () => {
  it('--eps defaults to the same ε in curve, report and verify', async () => {
    expect(DEFAULT_EPS).toBe(1e-3);
    const v = await cli(['verify', '--spectrum', 'iso:d=4', '--N', '16', '--draws', '4', '--measure', 'kl', '--json', '--quiet']);
    expect(JSON.parse(v.stdout).eps).toBe(DEFAULT_EPS);
    const c = await cli(['curve', '--spectrum', 'iso:d=4', '--N', '16', '--measure', 'kl', '--json']);
    expect(JSON.parse(c.stdout).eps).toBe(DEFAULT_EPS);
    for (const name of ['curve', 'report', 'verify']) expect(oneLineHelp(name), name).toMatch(/--eps E .*?\(default 0\.001\)/);
  });

  it('--c is the ridge regularisation of the paper, not a "seed" regularisation', () => {
    for (const c of COMMANDS) {
      const f = c.flags.find((x) => x.name === 'c');
      if (f) {
        expect(f.help, c.name).toMatch(/ridge regularisation/);
        expect(f.help, c.name).toMatch(/Generalization Dynamics of Linear Diffusion Models/);
        expect(f.help, c.name).not.toMatch(/seed/);
      }
    }
  });

  it('report and verify take seeds up to 2^53 − 1 (the per-N seeds reduced mod 2^53)', async () => {
    const seed = '9007199254740991';
    const v = await cli(['verify', '--spectrum', 'iso:d=4', '--N', '16', '--draws', '4', '--seed', seed, '--json', '--quiet']);
    expect(v.stderr).not.toMatch(/seed/);
    expect([0, 1]).toContain(v.code);
    expect(JSON.parse(v.stdout).seed).toBe(Number(seed));
    const r = await cli(['report', '--spectrum', 'iso:d=4', '--N', '8,16', '--draws', '2', '--seed', seed, '--out', 'rep', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.files['rep/report.md']).toContain(`seed ${seed}`);
  });

  it('report and verify enforce the Monte Carlo limits of curve and mc before any work', async () => {
    await refused(['verify', '--spectrum', 'powerlaw:d=8192,k=1', '--N', '8', '--draws', '2'], /d = 8192/, /dimension limit/);
    await refused(['verify', '--spectrum', 'iso:d=8', '--N', '1e9', '--draws', '2'], /--N/);
    await refused(['verify', '--spectrum', 'iso:d=8', '--N', '16', '--draws', '1e7'], /--draws/, /draws limit/);
    await refused(['verify', '--spectrum', 'iso:d=8', '--N', '16', '--workers', '100'], /--workers/, /worker threads limit/);
    await refused(['report', '--spectrum', 'iso:d=8', '--mc', '1e9', '--out', 'r'], /--mc/, /draws limit/);
    await refused(['report', '--spectrum', 'powerlaw:d=8192,k=1', '--draws', '2', '--out', 'r'], /dimension limit/);
  });
});

describe('input files through the CLI', () => {
  const rows = Array.from({ length: 12 }, (_, i) => [Math.sin(i + 1) * 3, Math.cos(2 * i) + 0.1 * i, ((i * 7) % 5) - 2]);
  const csv = (r: number[][]) => r.map((x) => x.join(',')).join('\n') + '\n';
  const transpose = (r: number[][]) => r[0].map((_, j) => r.map((x) => x[j]));

  it('data: reads a pandas CSV with header and index column as the plain one; ddof=1 is refused with --draws', async () => {
    const plain = await cli(['spectrum', '--spectrum', 'data:x.csv', '--json'], { 'x.csv': csv(rows) });
    const pandas = await cli(['spectrum', '--spectrum', 'data:p.csv', '--json'], { 'p.csv': ',a,b,c\n' + rows.map((x, i) => [i, ...x].join(',')).join('\n') + '\n' });
    expect(plain.code, plain.stderr).toBe(0);
    // The same spectrum (the settings name each file; the rows are the numbers).
    const rowsOf = (out: string) => JSON.stringify(JSON.parse(out).rows);
    expect(rowsOf(pandas.stdout)).toBe(rowsOf(plain.stdout));
    const t = await cli(['spectrum', '--spectrum', 'data:t.csv,d=3', '--json'], { 't.csv': csv(transpose(rows)) });
    expect(rowsOf(t.stdout)).toBe(rowsOf(plain.stdout));
    await refused(['curve', '--spectrum', 'data:x.csv,ddof=1', '--N', '4', '--draws', '2'], /spectrum ddof = 1/, /--draws/);
  });

  it('transition reads a d × N sample file transposed when only that makes the three files agree on d', async () => {
    const a = rows.slice(0, 4);
    const b = rows.slice(4, 8);
    const g = rows.slice(8, 12);
    const argv = ['transition', '--train', 'a.csv', '--original', 'b.csv', '--generated', 'g.csv', '--json'];
    const same = await cli(argv, { 'a.csv': csv(a), 'b.csv': csv(b), 'g.csv': csv(g) });
    const transposed = await cli(argv, { 'a.csv': csv(transpose(a)), 'b.csv': csv(b), 'g.csv': csv(g) });
    expect(same.code, same.stderr).toBe(0);
    expect(transposed.stdout).toBe(same.stdout);
  });
});
