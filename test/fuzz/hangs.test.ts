/**
 * Fuzz, class "hangs" and "valid extremes": inputs that used to hang (or are at the edge of the
 * representable ranges) as child processes under a 30 s hang guard and a 512 MB heap: each either
 * answers — exit 0, no NaN, finite or an exact "Infinity" — or is refused with one line. Stated
 * time: every case here finishes in under 15 s on a loaded 2-core machine (most in under 1 s).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { expectAnswer, expectRefused, outcomeOf, runChild, Tally } from './harness.js';

const tally = new Tally();
afterAll(() => tally.report('hangs / valid extremes'));
const STATED_MS = 15_000;

describe('fuzz: former hangs', () => {
  const answers: [string[], (out: string) => void][] = [
    [['dynamics', '--spectrum', 'iso:d=100,var=1e-9', '--N', '1000', '--abar', '0.5', '--tau', '1e4', '--json'], (o) => expect(JSON.parse(o).rows[0].trainLoss_theory).toBeGreaterThan(0)],
    [['dynamics', '--spectrum', 'iso:d=100,var=1e-9', '--N', '1000', '--abar', '0.5', '--tau', '0.01,1,100', '--json'], (o) => expect(JSON.parse(o).rows).toHaveLength(3)],
    [['sampler', '--spectrum', 'powerlaw:d=64,k=1', '--N', '65', '--schedule', 'cosine:T=100', '--json'], (o) => expect(JSON.parse(o).rows[0].kl_theory).toBe(Infinity)],
    [['sampler', '--spectrum', 'powerlaw:d=64,k=1', '--N', '65', '--schedule', 'cosine:T=100', '--sampler', 'ddim', '--json'], (o) => expect(JSON.parse(o).rows[0].kl_theory).toBe(Infinity)],
    [['sampler', '--spectrum', 'iso:d=64,var=1e-90', '--N', '64', '--mean', 'known', '--sampler', 'ddim', '--schedule', 'linear:T=10', '--json'], (o) => expect(JSON.parse(o).rows[0].kl_theory).toBe(Infinity)],
    [['sampler', '--spectrum', 'powerlaw:d=64,k=1', '--N', '66', '--schedule', 'cosine:T=100', '--json'], (o) => expect(Number.isFinite(JSON.parse(o).rows[0].kl_theory)).toBe(true)],
    [['dynamics', '--spectrum', 'powerlaw:d=64,k=1', '--N', '32', '--abar', '0.7', '--tau', '0.1,1,10,100', '--stopping'], (o) => expect(o).toMatch(/optimal stopping/)],
  ];
  for (const [args, check] of answers) {
    it(`answers: ${args.join(' ')}`, () => {
      const r = runChild(args);
      tally.count('hangs: former hangs answered', outcomeOf(r));
      expectAnswer(r, args.join(' '), { maxMs: STATED_MS });
      check(r.stdout);
    });
  }
  const refused: [string[], string[]][] = [
    [['kappa', '--n', '10', '--ridge', '1', '--digits', '100000'], ['--digits']],
    [['dynamics', '--N', '100', '--abar', '0.5', '--tau', 'lin:0:10:1e8'], ['--tau']],
    [['spectrum', '--spectrum', 'expr:d=3,f=zeros(20000,20000)'], ['spectrum f', '"zeros"']],
    [['spectrum', '--spectrum', 'expr:d=3,f=ones(1e5,1e5)'], ['spectrum f', '"ones"']],
    [['transition', '--original', '100000'], ['--original']],
  ];
  for (const [args, names] of refused) {
    it(`refused at once: ${args.join(' ')}`, () => {
      const r = runChild(args);
      tally.count('hangs: former hangs refused', outcomeOf(r));
      expectRefused(r, args[0], names, { maxMs: STATED_MS });
    });
  }
});

describe('fuzz: valid extreme inputs give answers', () => {
  const cases: [string[], ((o: Record<string, unknown>) => void) | null][] = [
    [['predict', '--N', '1e308', '--abar', '0.5', '--json'], (o) => expect(o.gap_theory as number).toBeGreaterThanOrEqual(0)],
    [['predict', '--N', '2', '--abar', '1e-99', '--json'], (o) => expect(o.trainLoss_theory as number).toBeGreaterThan(0)],
    [['predict', '--N', '10', '--abar', '0.9999999999999999', '--json'], (o) => expect(o.testLoss_theory as number).toBeGreaterThan(0)],
    [['predict', '--spectrum', 'iso:d=8468,var=6.575487705516694e-10', '--N', '8468', '--abar', '5.015593715675237e-10', '--ct', '1.152084524367986e-9', '--json'], (o) => {
      expect(o.trainLoss_theory as number).toBeGreaterThan(1.39e-14);
      expect(o.trainLoss_theory as number).toBeLessThan(1.41e-14);
    }],
    [['predict', '--spectrum', 'iso:d=1e15', '--N', '1e9', '--abar', '0.5', '--c', '1e90', '--json'], null],
    [['predict', '--spectrum', 'powerlaw:d=4,k=80', '--N', '3', '--abar', '1e-99', '--json'], null],
    [['predict', '--spectrum', 'powerlaw:d=4,k=80', '--N', '3', '--abar', '0.5', '--json'], null],
    [['kappa', '--n', '10', '--ridge', '1e100', '--json'], (o) => expect(o).toMatchObject({ converged: true, dkappaDridge: 1 })],
    [['kappa', '--n', '10', '--ridge', '1e308', '--json'], (o) => expect(o).toMatchObject({ kappa: 1e308, converged: true, dkappaDridge: 1 })],
    [['kappa', '--n', '10', '--ridge', '1e308', '--method', 'fixed-point', '--json'], (o) => expect(o).toMatchObject({ kappa: 1e308, converged: true })],
    [['kappa', '--n', '1e300', '--ridge', '1e300', '--json'], (o) => expect(o).toMatchObject({ kappa: 1e300, converged: true })],
    [['kappa', '--n', '1e308', '--ridge', '1', '--json'], (o) => expect(o).toMatchObject({ kappa: 1, converged: true })],
    [['kappa', '--n', '1e308', '--ridge', '0', '--json'], (o) => expect(o.kappa).toBe(0)],
    [['kappa', '--n', '1', '--ridge', '0', '--spectrum', 'iso:d=1e15', '--json'], (o) => expect(o.converged).toBe(true)],
    [['kappa', '--n', '100', '--ridge', '1e-300', '--spectrum', 'iso:d=100', '--method', 'fixed-point', '--json'], (o) => expect(o.converged).toBe(true)],
    [['kappa', '--n', '10', '--ridge', '1', '--digits', '300', '--spectrum', 'iso:d=10'], null],
    [['kl', '--N', '1e200', '--eps', '1e-3', '--json'], (o) => expect(o.kl_theory as number).toBeGreaterThan(0)],
    [['kl', '--N', '10', '--eps', '1e300', '--json'], (o) => expect(o.kl_theory as number).toBeGreaterThan(0)],
    [['density', '--n', '1e12', '--points', '50', '--spectrum', 'twopoint:d=400,a=1,b=8,p=0.25', '--json'], (o) => expect((o.support as number[][]).length).toBe(2)],
    [['density', '--n', '1', '--points', '50', '--json'], null],
    [['spectrum', '--spectrum', 'powerlaw:d=1000000,k=1', '--json'], (o) => expect(o.d).toBe(1e6)],
    [['spectrum', '--spectrum', 'iso:d=1e15,var=1e100', '--json'], null],
    [['spectrum', '--spectrum', 'powerlaw:d=1000,k=30', '--json'], null],
    [['curve', '--schedule', 'linear:T=10000', '--N', '16,64', '--spectrum', 'iso:d=16', '--json'], null],
    [['curve', '--N', '2,1e15', '--abar', '0.5', '--json'], null],
    [['dynamics', '--N', '1e308', '--abar', '0.5', '--tau', '1e9', '--json'], null],
    [['transition', '--T', '250', '--d', '2', '--n', '4,8', '--original', '50', '--draws', '3', '--json'], null],
    [['transition', '--lambda', '1e100', '--sigma', '1e45', '--d', '2', '--n', '4,8', '--original', '50', '--draws', '3', '--json'], null],
    [['transition', '--mu', '1e8', '--d', '2', '--n', '4,8', '--original', '50', '--draws', '3', '--json'], null],
    [['gaussian-structure', '--N', '2,1e12', '--sigma', '1e-150,1e150', '--spectrum', 'iso:d=4', '--json'], null],
    [['mc', '--N', '2048', '--abar', '0.5', '--spectrum', 'iso:d=256', '--draws', '1', '--json'], null],
    [['mc', '--N', '2', '--abar', '1e-99', '--spectrum', 'iso:d=2', '--draws', '3', '--json'], null],
    [['sampler', '--N', '1e12', '--schedule', 'linear:T=1000', '--spectrum', 'iso:d=4', '--json'], null],
  ];
  for (const [args, check] of cases) {
    it(args.join(' '), () => {
      const r = runChild(args);
      tally.count('valid extremes', outcomeOf(r));
      expectAnswer(r, args.join(' '), { maxMs: STATED_MS });
      if (args.includes('--json')) {
        // docs/output-schema.md: settings and diagnostics at the top, the one point in rows[0].
        const parsed = JSON.parse(r.stdout) as Record<string, unknown> & { rows: Record<string, unknown>[] };
        expect(Array.isArray(parsed.rows)).toBe(true);
        const o = parsed.rows.length === 1 ? { ...parsed, ...parsed.rows[0] } : parsed;
        if (check) check(o);
      }
    });
  }
});
