/**
 * Fuzz, class "sizes": every size a user can ask for has a checked limit (src/limits.ts) and a
 * request beyond it is refused at once — exit 2, one line naming the flag or spec key and the
 * limit — instead of allocating without bound (the original findings crashed the process with a
 * heap-out-of-memory stack or ran for hours). Most cases run in-process (validation happens before
 * any allocation, so this is faithful); the headline findings also run as child processes under a
 * 512 MB heap cap, a resident-memory check and a hang guard.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/limits.js';
import { expectRefused, outcomeOf, runChild, runInProcess, Tally } from './harness.js';

const tally = new Tally();
afterAll(() => tally.report('sizes'));

type Case = [args: string[], names: (string | RegExp)[]];

const big = ['1e5', '1e9', '1e12', '1e308', '9007199254740991'];
const list = (n: number) => Array.from({ length: n }, (_, i) => String(i + 2)).join(',');

/** Grid flags of every command, each asked for far more points than the grid limit. */
function gridCases(): Case[] {
  const cases: Case[] = [];
  const grids: [string[], string][] = [
    [['curve', '--abar', '0.5'], '--N'],
    [['gaussian-structure'], '--N'],
    [['gaussian-structure'], '--sigma'],
    [['transition'], '--n'],
    [['dynamics', '--N', '100', '--abar', '0.5'], '--tau'],
    [['dynamics', '--N', '100', '--abar', '0.5', '--learning-rate', '1e-3'], '--steps'],
    [['density', '--n', '100'], '--x'],
  ];
  for (const [prefix, flag] of grids) {
    for (const count of ['10001', ...big]) {
      cases.push([[...prefix, flag, `1:10:${count}`], [flag, /COUNT must be <= 10000|must be a whole number/]]);
      cases.push([[...prefix, flag, `lin:1:10:${count}`], [flag, /COUNT must be <= 10000|must be a whole number/]]);
    }
    cases.push([[...prefix, flag, list(LIMITS.gridPoints + 1)], [flag, 'at most 10000']]);
  }
  return cases;
}

const specCases: Case[] = [
  ...['1000001', '1e9', '9007199254740991'].flatMap((d): Case[] => [
    [['spectrum', '--spectrum', `powerlaw:d=${d},k=1`], ['spectrum d', /1000000/]],
    [['spectrum', '--spectrum', `expr:d=${d},f=nu`], ['spectrum d', /1000000/]],
  ]),
  [['spectrum', '--spectrum', 'powerlaw:d=9007199254740993,k=1'], ['spectrum d', 'integer']],
  [['spectrum', '--spectrum', 'iso:d=1e16'], ['spectrum d', /1e\+15|1000000000000000/]],
  [['spectrum', '--spectrum', 'lowrank:d=1e16,r=2'], ['spectrum d']],
  [['spectrum', '--spectrum', 'twopoint:d=1e300,a=1,b=2,p=0.5'], ['spectrum d']],
  [['spectrum', '--spectrum', 'mnist:perDigit=2.5'], ['spectrum perDigit', 'whole number']],
  [['spectrum', '--spectrum', 'mnist:perDigit=0'], ['spectrum perDigit']],
  [['spectrum', '--spectrum', 'powerlaw:d=256,k=400'], ['spectrum k', 'log10(d) <= 150']],
  [['spectrum', '--spectrum', 'powerlaw:d=2,k=1e6'], ['spectrum k']],
  [['spectrum', '--spectrum', 'powerlaw:d=256,k=1,trace=1e-320'], ['spectrum trace']],
  [['spectrum', '--spectrum', 'iso:d=4,var=1e-300'], ['spectrum var', '1e-100']],
  [['spectrum', '--spectrum', 'iso:d=4,var=1e300'], ['spectrum var']],
  [['spectrum', '--spectrum', 'twopoint:d=10,a=1e-200,b=1,p=0.5'], ['spectrum a']],
  [['spectrum', '--spectrum', 'lowrank:d=10,r=2,floor=1e-200'], ['spectrum floor']],
];

const scheduleCases: Case[] = [
  ...['10001', '1e9', '1e12', '9007199254740991'].flatMap((T): Case[] => [
    [['curve', '--schedule', `linear:T=${T}`], ['schedule T', '10000']],
    [['curve', '--schedule', `cosine:T=${T}`], ['schedule T', '10000']],
    [['sampler', '--N', '100', '--schedule', `linear:T=${T}`], ['schedule T', '10000']],
  ]),
  [['curve', '--schedule', `list:${Array.from({ length: 10001 }, (_, i) => String(0.999 - i * 9e-5)).join(',')}`], ['schedule list', '10000']],
  [['curve', '--schedule', 'linear:T=10000,betaT=0.9'], ['schedule betaT', 'fall below 1e-99']],
  [['curve', '--schedule', 'linear:T=10,beta1=1e-17'], ['schedule beta1', 'too small']],
];

const monteCarloCases: Case[] = [
  ...['1e7', '1e9', '1e308'].flatMap((N): Case[] => [
    [['mc', '--N', N, '--abar', '0.5'], ['--N', /16777216|whole number/]],
    [['curve', '--N', N, '--abar', '0.5', '--mc', '2'], ['--N', /16777216|2\^53/]],
    [['dynamics', '--N', N, '--abar', '0.5', '--mc', '2', '--tau', '1'], ['--N']],
    [['sampler', '--N', N, '--mc', '2', '--schedule', 'linear:T=10'], ['--N']],
    [['gaussian-structure', '--N', `2:${N}:3`, '--draws', '1'], ['--N']],
  ]),
  ...['1000001', '1e9'].flatMap((D): Case[] => [
    [['mc', '--N', '100', '--abar', '0.5', '--draws', D], ['--draws', '1000000']],
    [['curve', '--N', '100', '--abar', '0.5', '--mc', D], ['--mc', '1000000']],
    [['dynamics', '--N', '100', '--abar', '0.5', '--mc', D, '--tau', '1'], ['--mc']],
    [['sampler', '--N', '100', '--mc', D], ['--mc']],
    [['gaussian-structure', '--N', '10', '--draws', D], ['--draws']],
    [['transition', '--draws', D, '--n', '4', '--original', '100'], ['--draws']],
  ]),
  [['mc', '--N', '100', '--abar', '0.5', '--draws', '100000'], ['--draws', 'Monte Carlo limit']],
  [['mc', '--spectrum', 'iso:d=5000', '--N', '10', '--abar', '0.5'], ['--spectrum', '4096']],
  [['mc', '--spectrum', 'twopoint:d=10,a=1,b=2,p=0.25', '--N', '10', '--abar', '0.5'], ['--spectrum', 'whole-number']],
  [['mc', '--N', '100', '--abar', '0.5', '--workers', '128'], ['--workers', '16']],
  [['mc', '--N', '100', '--abar', '0.5', '--workers', '1e9'], ['--workers']],
  [['curve', '--N', '100', '--abar', '0.5', '--mc', '2', '--workers', '17'], ['--workers', '16']],
  [['gaussian-structure', '--N', '10', '--draws', '1', '--pairs', '1e9'], ['--pairs']],
  [['gaussian-structure', '--N', '10', '--draws', '1', '--tests', '1e9'], ['--tests']],
];

const otherCases: Case[] = [
  ...big.map((p): Case => [['density', '--n', '100', '--points', p], ['--points', '20000']]),
  ...['1e13', '1e100', '1e308'].flatMap((n): Case[] => [
    [['density', '--n', n], ['--n', '1000000000000']],
    [['density', '--N', n], ['--N', '1000000000000']],
  ]),
  ...['1001', '100000', '1e9'].map((dg): Case => [['kappa', '--n', '10', '--ridge', '1', '--digits', dg], ['--digits', '1000']]),
  [['transition', '--original', '1e9'], ['--original', '16777216']],
  [['transition', '--original', '100000'], ['--original', 'limit']],
  [['transition', '--d', '5000'], ['--d', '4096']],
  [['transition', '--d', '1e9'], ['--d']],
  [['transition', '--n', '2,1e7', '--original', '100'], ['--n']],
  [['curve', '--N', '9007199254740993'], ['--N', '2^53']],
];

async function check(cases: Case[], cls: string): Promise<void> {
  for (const [args, names] of cases) {
    const r = await runInProcess(args);
    tally.count(cls, outcomeOf(r));
    expectRefused(r, args[0], names, { maxMs: 5000, label: args.join(' ') });
  }
}

describe('fuzz: sizes beyond the limits are refused at once, naming the flag and the limit', () => {
  it('grid flags (COUNT and list length)', async () => {
    await check(gridCases(), 'sizes: grids');
  });
  it('spectrum sizes and representable ranges', async () => {
    await check(specCases, 'sizes: spectra');
  });
  it('schedule steps', async () => {
    await check(scheduleCases, 'sizes: schedules');
  });
  it('Monte Carlo: N·d, d, draws, work, workers', async () => {
    await check(monteCarloCases, 'sizes: Monte Carlo');
  });
  it('density points and n, kappa digits, transition sizes', async () => {
    await check(otherCases, 'sizes: other');
  });

  // The original findings, as child processes: no crash, no heap blow-up, well within the guard.
  const findings: Case[] = [
    [['curve', '--N', '2:10:1e9'], ['--N']],
    [['density', '--n', '10', '--points', '1e9'], ['--points']],
    [['transition', '--n', 'lin:2:100:1e9'], ['--n']],
    [['transition', '--original', '1e9'], ['--original']],
    [['mc', '--N', '1e9', '--abar', '0.5'], ['--N']],
    [['gaussian-structure', '--N', '2:1e9:3', '--draws', '1'], ['--N']],
    [['spectrum', '--spectrum', 'powerlaw:d=1000000000,k=1'], ['spectrum d']],
    [['curve', '--schedule', 'cosine:T=1e9'], ['schedule T']],
    [['spectrum', '--spectrum', 'mnist:perDigit=2.5'], ['spectrum perDigit']],
  ];
  for (const [args, names] of findings) {
    it(`child: ${args.join(' ')}`, () => {
      const r = runChild(args);
      tally.count('sizes: child processes', outcomeOf(r));
      expectRefused(r, args[0], names, { maxMs: 15_000 });
    });
  }

  it('counts', () => {
    for (const cls of ['sizes: grids', 'sizes: spectra', 'sizes: schedules', 'sizes: Monte Carlo', 'sizes: other']) expect(tally.get(cls)!.tried).toBeGreaterThan(10);
  });
});
