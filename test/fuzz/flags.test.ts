/**
 * Fuzz, class "flags": unknown, duplicated, valueless and conflicting flags; numbers the parser
 * must not read as numbers (hex, binary, octal, underscores, Infinity, NaN, full-width digits);
 * ±0; 1e308 and other representable-range edges; seeds up to 2^53 − 1. Every refusal is exit 2
 * with one line naming what the user typed; valid extremes get an answer. Plus a seeded
 * fast-check run over random flag values for every command (no crash, no NaN, no stack).
 */
import { fc } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { expectAnswer, expectRefused, hasStack, isOneLine, outcomeOf, runInProcess, Tally } from './harness.js';

const tally = new Tally();
afterAll(() => tally.report('flags'));

type Case = [args: string[], names: (string | RegExp)[]];

async function refused(cases: Case[], cls: string): Promise<void> {
  for (const [args, names] of cases) {
    const r = await runInProcess(args);
    tally.count(cls, outcomeOf(r));
    expectRefused(r, args[0] ?? null, names, { maxMs: 5000, label: args.join(' ') });
  }
}

const notNumbers = ['0x10', '0X1f', '0b101', '0o17', '1_000', 'Infinity', '-Infinity', 'NaN', 'inf', '１０', '1e', '--', '1,5', '2..3', ' ', '1e400'];

describe('fuzz: flags', () => {
  it('unknown flags, positional arguments, duplicated and valueless flags, for every command', async () => {
    const cases: Case[] = [];
    for (const c of COMMANDS) {
      cases.push([[c.name, '--bogus'], ['--bogus', 'unknown']]);
      cases.push([[c.name, '--Spectrum', 'iso:d=4'], ['--Spectrum']]);
      cases.push([[c.name, 'stray'], ['"stray"']]);
      cases.push([[c.name, '-x'], ['"-x"']]);
      // `merge PARTS…` has no flags of its own (its operands are files: a stray word is a missing file).
      if (c.operands !== undefined) continue;
      const valued = c.flags.find((f) => f.value !== undefined)!;
      cases.push([[c.name, `--${valued.name}`], [`--${valued.name}`, 'needs a value']]);
      cases.push([[c.name, `--${valued.name}=`], [`--${valued.name}`, 'needs a value']]);
      cases.push([[c.name, `--${valued.name}`, '1', `--${valued.name}`, '2'], [`--${valued.name}`, 'given twice']]);
      const sw = c.flags.find((f) => f.value === undefined)!;
      cases.push([[c.name, `--${sw.name}=yes`], [`--${sw.name}`, 'takes no value']]);
    }
    cases.push([['merge'], ['PARTS']]);
    await refused(cases, 'flags: unknown/duplicate/empty');
  });

  it('numbers in other notations are refused, in flags, spec keys and schedules', async () => {
    const cases: Case[] = [];
    for (const t of notNumbers) {
      cases.push([['predict', '--N', t, '--abar', '0.5'], ['--N']]);
      cases.push([['predict', '--N', '10', '--abar', t], ['--abar']]);
      // '1,5' is a valid grid of two ridges for kappa (grid flags); elsewhere it holds an invalid value.
      if (t !== '1,5') cases.push([['kappa', '--n', '10', '--ridge', t], ['--ridge']]);
      cases.push([['curve', '--N', t], ['--N']]);
      cases.push([['spectrum', '--spectrum', `iso:d=${t}`], ['spectrum d']]);
      cases.push([['spectrum', '--spectrum', `powerlaw:d=10,k=${t}`], ['spectrum k']]);
      cases.push([['curve', '--schedule', `linear:T=${t}`], [/schedule T|schedule = .*is not key=value/]]);
    }
    for (const t of ['0x10', '0b101', '0o17']) {
      cases.push([['spectrum', '--spectrum', `iso:d=${t}`], ['spectrum d', 'decimal']]);
      cases.push([['predict', '--N', t, '--abar', '0.5'], ['--N', 'decimal']]);
    }
    await refused(cases, 'flags: notation');
  });

  it('conflicting flags name both', async () => {
    await refused(
      [
        [['kappa', '--n', '10', '--ridge', '1', '--digits', '30', '--method', 'fixed-point'], ['--digits', '--method']],
        [['kappa', '--n', '10', '--ridge', '1', '--digits', '30', '--method', 'newton'], ['--digits', '--method']],
        [['sampler', '--N', '300', '--sampler', 'ddim', '--noise', 'posterior'], ['--sampler ddim', '--noise']],
        [['sampler', '--N', '300', '--sampler', 'ddim', '--noise', 'beta'], ['--sampler ddim', '--noise']],
        [['predict', '--N', '10', '--abar', '0.5', '--c', '1', '--ct', '1'], ['--c', '--ct']],
        [['curve', '--abar', '0.5', '--schedule', 'linear:T=10'], ['--abar', '--schedule']],
        [['density', '--n', '10', '--points', '10', '--x', '1,2'], ['--points', '--x']],
        [['density', '--n', '10', '--N', '10'], ['--n', '--N']],
        [['curve', '--json', '--csv'], ['--json', '--csv']],
        [['gaussian-structure', '--data', 'mnist', '--spectrum', 'iso:d=4'], ['--spectrum', '--data']],
        [['dynamics', '--N', '10', '--abar', '0.5', '--tau', '1', '--learning-rate', '0.1'], ['--tau', '--learning-rate']],
        [['dynamics', '--N', '10', '--abar', '0.5', '--steps', '10'], ['--steps', '--learning-rate']],
        [['curve', '--eps', '0.1'], ['--eps', '--measure kl']],
        [['transition', '--train', 'a.csv', '--original', 'b.csv', '--generated', 'c.csv', '--d', '4'], ['--d']],
        [['transition', '--train', 'a.csv'], ['--original', '--generated']],
        [['gaussian-structure', '--N', '5', '--sigma', '1', '--pairs', '3'], ['--pairs', '--draws']],
      ],
      'flags: conflicting',
    );
  });

  it('±0, negative zero sizes, 1e308 and the representable ranges', async () => {
    await refused(
      [
        [['curve', '--N', '-0'], ['--N = -0', '-0 is not a size']],
        [['curve', '--N', '16,-0'], ['--N = -0']],
        [['curve', '--N', '0'], ['--N = 0']],
        [['transition', '--n', '-0'], ['--n = -0']],
        [['gaussian-structure', '--N', '-0'], ['--N = -0']],
        [['predict', '--N', '10', '--abar', '-0'], ['--abar']],
        [['density', '--n', '-0'], ['--n']],
        [['predict', '--N', '10', '--abar', '1e-320'], ['--abar', '1e-99']],
        [['predict', '--N', '10', '--abar', '1e-100'], ['--abar', '1e-99']],
        [['predict', '--N', '10', '--abar', '1'], ['--abar']],
        [['predict', '--N', '10', '--abar', '1e308'], ['--abar']],
        [['predict', '--N', '10', '--abar', '0.5', '--c', '1e308'], ['--c', '2.5e+99']],
        [['predict', '--N', '10', '--abar', '0.5', '--ct', '1e308'], ['--ct']],
        [['dynamics', '--N', '10', '--abar', '0.5', '--c', '1e308', '--tau', '1'], ['--c']],
        [['kappa', '--n', '10', '--ridge', '1e309'], ['--ridge']],
        [['kappa', '--n', '10', '--ridge', '-1e-300'], ['--ridge']],
        [['transition', '--T', '1e308'], ['--T', '700']],
        [['transition', '--T', '800'], ['--T', '700']],
        [['transition', '--T', '400'], ['--T', 'signal-to-noise']],
        [['transition', '--sigma', '1e-60'], ['--sigma', 'μ = 10 by default']],
        [['transition', '--sigma', '1e60'], ['--sigma', 'λ/σ²']],
        [['transition', '--lambda', '1e308'], ['--lambda', '1e100']],
        [['transition', '--mu', '1e308'], ['--mu']],
        [['transition', '--mu', '1e30'], ['--mu']],
        [['transition', '--sigma', '1e300'], ['--sigma', '1e-100, 1e100']],
        [['transition', '--sigma', '1e-300'], ['--sigma']],
        [['transition', '--sigma', '1', '--lambda', '1e-250'], ['--lambda']],
        [['mc', '--N', '1e308', '--abar', '0.5'], ['--N']],
        [['mc', '--N', '10.5', '--abar', '0.5'], ['--N', 'whole number']],
        [['kl', '--N', '1e308', '--eps', '1e-3', '--spectrum', 'iso:d=1e300'], ['spectrum d']],
        [['sampler', '--N', '1e308'], ['--N', '1000000000000']],
        [['dynamics', '--N', '1e13', '--abar', '0.5', '--tau', '1'], ['--N', '1000000000000']],
      ],
      'flags: zeros and ranges',
    );
  });

  it('seeds: integers 0 … 2^53 − 1 work (also derived per N), others are refused naming --seed', async () => {
    const bad: Case[] = ['-1', '1.5', '9007199254740992', '1e308', '-0.5', 'x'].flatMap((s): Case[] => [
      [['curve', '--N', '10', '--abar', '0.5', '--spectrum', 'iso:d=4', '--mc', '2', '--seed', s], ['--seed']],
      [['mc', '--N', '10', '--abar', '0.5', '--spectrum', 'iso:d=4', '--draws', '2', '--seed', s], ['--seed']],
      [['gaussian-structure', '--N', '10', '--spectrum', 'iso:d=4', '--sigma', '1', '--draws', '1', '--seed', s], ['--seed']],
    ]);
    await refused(bad, 'flags: seeds');
    for (const s of ['0', '1', '1e10', '9007199254740991', '-0']) {
      for (const args of [
        ['curve', '--N', '10,20', '--abar', '0.5', '--spectrum', 'iso:d=4', '--mc', '2', '--seed', s],
        ['gaussian-structure', '--N', '10', '--spectrum', 'iso:d=4', '--sigma', '1', '--draws', '1', '--seed', s],
      ]) {
        const r = await runInProcess(args);
        tally.count('flags: seeds', outcomeOf(r));
        expectAnswer(r, args.join(' '), { maxMs: 10_000 });
      }
    }
  });

  it('one vocabulary (issue 20): aliases, did-you-mean, missing flags, fractional N, -0, prototype names, 2^53 − 1 seeds in report/verify', async () => {
    const cases: Case[] = [];
    // A typo of every flag of every command (one character dropped) is refused with a suggestion.
    for (const c of COMMANDS) {
      for (const f of c.flags.filter((x) => x.name.length >= 4)) {
        const typo = f.name.slice(0, 1) + f.name.slice(2);
        if (c.flags.some((x) => x.name === typo || x.aliases?.includes(typo))) continue;
        cases.push([[c.name, `--${typo}`, ...(f.value ? ['1'] : [])], [`--${typo}`, 'did you mean']]);
      }
      if (c.flags.some((f) => f.name === 'draws')) cases.push([[c.name, '--draws', '2', '--mc', '2'], ['--mc', 'given twice']]);
    }
    for (const kind of ['__proto__', 'constructor', 'prototype', 'valueof', 'isoo', 'powrlaw', 'lowrnk']) cases.push([['spectrum', '--spectrum', `${kind}:d=10`], ['spectrum kind', JSON.stringify(kind)]]);
    for (const key of ['__proto__', 'constructor', 'hasOwnProperty', 'dd', 'vat']) cases.push([['spectrum', '--spectrum', `iso:d=10,${key}=1`], [`spectrum key ${key}`, 'not allowed for iso']]);
    for (const [cmd, extra] of [
      ['mc', ['--abar', '0.5', '--spectrum', 'iso:d=4']],
      ['curve', ['--spectrum', 'iso:d=4', '--draws', '2']],
      ['verify', ['--spectrum', 'iso:d=4']],
      ['report', ['--spectrum', 'iso:d=4', '--out', 'r']],
      ['transition', ['--d', '2']],
      ['dynamics', ['--abar', '0.5', '--spectrum', 'iso:d=4', '--draws', '2']],
      ['sampler', ['--spectrum', 'iso:d=4', '--draws', '2']],
      ['gaussian-structure', ['--spectrum', 'iso:d=4']],
    ] as [string, string[]][]) {
      for (const n of ['2.5', '10.000001', '1e-1', '-0']) cases.push([[cmd, '--N', n, ...extra], ['--N', n === '-0' ? '-0' : `"${n}"`]]);
    }
    for (const [argv, flag] of [
      [['mc', '--abar', '0.5'], '--N N is required'],
      [['predict', '--abar', '0.5'], '--N N|GRID is required'],
      [['verify'], '--N GRID is required'],
      [['report'], '--out DIR is required'],
      [['kl', '--N', '4'], '--eps E|GRID is required'],
    ] as [string[], string][]) cases.push([argv, [flag]]);
    await refused(cases, 'flags: one vocabulary');
    for (const args of [
      ['verify', '--spectrum', 'iso:d=4', '--N', '8', '--draws', '3', '--seed', '9007199254740991', '--measure', 'gap', '--quiet'],
      ['curve', '--spectrum', 'iso:d=4', '--N', '8', '--mc', '2', '--seed', '9007199254740991'],
      ['transition', '--d', '2', '--n', '4', '--draws', '4', '--original', '20', '--quiet'],
      ['predict', '--spectrum', 'iso:d=4', '--N', '10.5', '--abar', '0.5'],
    ]) {
      const r = await runInProcess(args);
      tally.count('flags: one vocabulary', outcomeOf(r));
      expectAnswer(r, args.join(' '), { maxMs: 10_000 });
    }
  });

  it('no command: one line of usage on stderr, exit 2; unknown command: one line', async () => {
    const none = await runInProcess([]);
    tally.count('flags: no/unknown command', outcomeOf(none));
    expectRefused(none, null, ['no command', 'curve', '--help']);
    for (const name of ['bogus', 'Curve', '-v', '']) {
      const r = await runInProcess([name]);
      tally.count('flags: no/unknown command', outcomeOf(r));
      expectRefused(r, null, ['unknown command']);
    }
    for (const args of [['--help'], ['help'], ['--version'], ['curve', '--help'], ['transition', '-h']]) {
      const r = await runInProcess(args);
      tally.count('flags: no/unknown command', outcomeOf(r));
      expect(r.code).toBe(0);
    }
  });

  it('random flag values for every command (seeded): exit 0, 1 or 2, one-line errors, no stack, no NaN', async () => {
    const value = fc.oneof(
      fc.constantFrom('0', '-0', '1', '2', '-1', '0.5', '1e308', '-1e308', '5e-324', '1e-320', '9007199254740993', 'NaN', 'Infinity', '0x10', '', ' ', 'iso:d=4', 'powerlaw:d=8,k=1', 'linear:T=5', 'a,b', '1:2:3', 'lin:0:1:2', '0:1:0', 'list:0.9,0.5'),
      fc.double({ noNaN: false }).map(String),
      fc.integer({ min: -5, max: 200 }).map(String),
      fc.string({ maxLength: 12 }),
    );
    const cmd = fc.constantFrom(...COMMANDS.filter((c) => c.name !== 'transition' && c.name !== 'gaussian-structure' && c.flags.length > 0));
    const arb = cmd.chain((c) =>
      fc.tuple(
        fc.constant(c),
        fc.array(fc.tuple(fc.constantFrom(...c.flags), value), { maxLength: 4 }),
      ),
    );
    const samples = fc.sample(arb, { numRuns: 300, seed: 15 });
    for (const [c, pairs] of samples) {
      // Small defaults keep valid runs fast; the random flags override them.
      const given = new Set(pairs.map(([f]) => f.name));
      const base: string[] = [];
      const defaults: Record<string, string> = { spectrum: 'powerlaw:d=16,k=1', N: '32', n: '32', ridge: '0.1', abar: '0.5', eps: '0.01', schedule: 'linear:T=20', draws: '3', mc: '2', points: '50' };
      if (c.name === 'curve') Object.assign(defaults, { N: '16,32' });
      if (c.name === 'density') delete defaults[given.has('N') || given.has('n') ? 'n' : 'N'];
      if (c.name === 'density' && given.has('n')) delete defaults.N;
      if (c.name === 'curve' && !given.has('schedule')) defaults.abar = '0.5';
      if (c.name === 'curve' && given.has('schedule')) delete defaults.abar;
      for (const [k, v] of Object.entries(defaults)) if (!given.has(k) && c.flags.some((f) => f.name === k)) base.push(`--${k}`, v);
      const args = [c.name, ...base, ...pairs.flatMap(([f, v]) => (f.value === undefined ? [`--${f.name}`] : [`--${f.name}`, v]))];
      const r = await runInProcess(args);
      const label = JSON.stringify(args);
      tally.count('flags: random (fast-check)', outcomeOf(r));
      expect([0, 1, 2], `${label}: ${r.stderr}`).toContain(r.code);
      expect(hasStack(r.stderr), `${label}: ${r.stderr}`).toBe(false);
      expect(r.stderr, label).not.toMatch(/internal error/);
      expect(r.stdout, label).not.toMatch(/\bNaN\b/);
      expect(r.stderr, label).not.toMatch(/= NaN\b/);
      if (r.code !== 0) {
        expect(isOneLine(r.stderr), `${label}: ${r.stderr}`).toBe(true);
        expect(r.stderr.startsWith(`replica-diffusion ${c.name}: `), label).toBe(true);
      }
      expect(r.ms, label).toBeLessThan(20_000);
    }
  });
});
