/**
 * Fuzz, class "formulas": `expr:` spectra are scalar expressions checked against a whitelist before
 * evaluation (src/spectra/formulaWhitelist.ts). Matrices, ranges, assignments, function
 * definitions, units, strings, indexing and engine functions (import, createUnit, evaluate, config)
 * are refused naming the refused part; length and nesting are bounded; evaluation runs on a private
 * mathjs instance, so neither a refused formula nor a change to the shared mathjs instance reaches
 * later formulas. A seeded fast-check run over random token strings never crashes or hangs.
 */
import { fc } from '@fast-check/vitest';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { formulaSpectrum } from '../../src/spectra/formula.js';
import { expectAnswer, expectRefused, outcomeOf, runInProcess, Tally, type Outcome } from './harness.js';

const tally = new Tally();
afterAll(() => tally.report('formulas'));

const REFUSED: [formula: string, part: string | RegExp][] = [
  ['ones(1e5,1e5)', '"ones"'],
  ['zeros(20000,20000)', '"zeros"'],
  ['range(1,1e9)', '"range"'],
  ['1:1e9', 'a range'],
  ['[1,2,3]', 'a matrix'],
  ['matrix([1,2])', '"matrix"'],
  ['size(ones(3))', '"size"'],
  ['createUnit("foo")', '"createUnit"'],
  ['import({f: 1})', '"import"'],
  ['evaluate("1+1")', '"evaluate"'],
  ['parse("1")', '"parse"'],
  ['compile("1")', '"compile"'],
  ['config({number: "BigNumber"})', '"config"'],
  ['simplify("x")', '"simplify"'],
  ['derivative("x^2", "x")', '"derivative"'],
  ['a = 1', 'assignment'],
  ['f(x) = x^2', 'a function definition'],
  ['5 cm', '"cm"'],
  ['nu inch', '"inch"'],
  ['"abc"', 'the constant "abc"'],
  ['nu[1]', 'indexing'],
  ['{a: 1}', 'an object'],
  ['nu.e', 'indexing'],
  ['1; 2', 'several expressions'],
  ['nu\'', '"\'"'],
  ['nu!', '"!"'],
  ['nu .* 2', '".*"'],
  ['nu & 1', '"&"'],
  ['nu << 2', '"<<"'],
  ['1 to 2', '"to"'],
  ['x + 1', '"x"'],
  ['Infinity', 'the constant Infinity'],
  ['NaN', 'the constant NaN'],
  ['true ? 1 : 2', 'the constant true'],
  ['(exp)(nu)', '"exp"'],
  ['sqrt(-nu)', 'must evaluate to a finite number > 0'],
  ['-nu', 'must evaluate to a finite number > 0'],
  ['1/(nu-1)', 'must evaluate to a finite number > 0'],
  ['nu > 3', 'must evaluate to a finite number > 0'],
  ['', 'non-empty'],
  ['nu +', 'does not parse'],
  ['('.repeat(65) + 'nu' + ')'.repeat(65), 'deeper than 64'],
  ['nu+' + '1+'.repeat(600) + '1', 'limit of 1000'],
  ['exp(1e6)', 'must evaluate to a finite number > 0'],
];

const ALLOWED: string[] = [
  'nu^-1.3',
  'exp(-nu/d) + 1e-3',
  'nu < 3 ? 1 : 2',
  'max(1e-3, 1/nu)',
  'gamma(nu + 1) / gamma(nu + 2)',
  'log(nu + 1) + sqrt(nu) + cbrt(nu) + abs(sin(nu)) + 1',
  '2nu',
  'pi * e / nu',
  'pow(nu, -2) + mod(nu, 3) + 1',
  '(nu <= 5 and nu >= 2) ? 10 : 1',
  'hypot(nu, 1) + floor(nu / 2) + ceil(0.5) + round(1.4)',
  'tanh(nu) + cosh(0) + sinh(1) + atan(nu) + atan2(1, nu)',
  'log10(nu + 9) + log2(nu + 1) + log1p(nu) + expm1(1)',
];

function libraryOutcome(formula: string, d = 8): { outcome: Outcome; error?: InvalidArgumentError } {
  try {
    formulaSpectrum({ d, formula });
    return { outcome: 'answer' };
  } catch (e) {
    if (e instanceof InvalidArgumentError) return { outcome: 'typed error', error: e };
    return { outcome: 'crash' };
  }
}

describe('fuzz: formulas', () => {
  it('refused parts are named (library)', () => {
    for (const [formula, part] of REFUSED) {
      const { outcome, error } = libraryOutcome(formula);
      tally.count('formulas: refused (library)', outcome);
      expect(outcome, formula).toBe('typed error');
      if (typeof part === 'string') expect(error!.message, formula).toContain(part);
      else expect(error!.message, formula).toMatch(part);
    }
  });

  it('scalar formulas are accepted (library), with d in scope', () => {
    for (const formula of ALLOWED) {
      const { outcome, error } = libraryOutcome(formula);
      tally.count('formulas: allowed (library)', outcome);
      expect(outcome, `${formula}: ${error?.message}`).toBe('answer');
    }
    const s = formulaSpectrum({ d: 4, formula: 'd + 0 * nu' });
    expect(Array.from(s.eigenvalues)).toEqual([4]);
  });

  it('through the CLI: exit 2 naming `spectrum f` and the part; the headline findings finish at once', async () => {
    for (const [formula, part] of [...REFUSED.slice(0, 20), ['ones(1e5,1e5)', '"ones"'], ['range(1,1e9)', '"range"']] as [string, string | RegExp][]) {
      const r = await runInProcess(['spectrum', '--spectrum', `expr:d=8,f=${formula}`]);
      tally.count('formulas: refused (CLI)', outcomeOf(r));
      expectRefused(r, 'spectrum', [/spectrum (f|formula)/, part], { maxMs: 10_000, label: formula });
    }
    for (const formula of ALLOWED.slice(0, 5)) {
      const r = await runInProcess(['spectrum', '--spectrum', `expr:d=16,f=${formula}`, '--json']);
      tally.count('formulas: allowed (CLI)', outcomeOf(r));
      expectAnswer(r, formula, { maxMs: 10_000 });
    }
  });

  it('d × terms is bounded: a long formula at d = 1e6 is refused before evaluation', () => {
    const long = Array.from({ length: 100 }, () => 'nu').join('+');
    const { outcome, error } = libraryOutcome(long, 1_000_000);
    tally.count('formulas: cost bound', outcome);
    expect(error?.message).toMatch(/evaluations exceed the limit/);
  });

  it('no state leaks: a refused createUnit, and changes to the shared mathjs instance, do not affect formulas', () => {
    const before = Array.from(formulaSpectrum({ d: 5, formula: 'exp(-nu) + 1' }).eigenvalues);
    for (const f of ['createUnit("foo")', 'createUnit("nu")', 'import({exp: 1}, {override: true})', 'config({number: "BigNumber"})', 'exp = 1']) {
      expect(libraryOutcome(f).outcome, f).toBe('typed error');
    }
    expect(libraryOutcome('5 foo').outcome).toBe('typed error');
    expect(Array.from(formulaSpectrum({ d: 5, formula: 'exp(-nu) + 1' }).eigenvalues)).toEqual(before);
    // The shared (CommonJS) mathjs instance, as another part of a program might change it: its
    // config is read-only, but createUnit does change it (a new unit parses from then on).
    const shared = createRequire(import.meta.url)('mathjs') as typeof import('mathjs');
    shared.createUnit('fuzzunit');
    expect(shared.evaluate('2 fuzzunit').toString()).toBe('2 fuzzunit');
    const unit = libraryOutcome('2 fuzzunit + nu');
    expect(unit.outcome).toBe('typed error');
    expect(unit.error!.message).toContain('"fuzzunit"');
    expect(Array.from(formulaSpectrum({ d: 5, formula: 'exp(-nu) + 1' }).eigenvalues)).toEqual(before);
    tally.count('formulas: state isolation', 'answer');
  });

  it('random token strings (seeded fast-check): typed error or answer, never a crash, each fast', () => {
    const token = fc.constantFrom(
      'nu', 'd', 'pi', 'e', 'x', '1', '2.5', '1e308', '-', '+', '*', '/', '^', '(', ')', ',', '[', ']', '{', '}', ':', ';', '=', '?', '<', '>', '!',
      "'", '"', 'exp(', 'log(', 'sqrt(', 'max(', 'ones(', 'range(', 'zeros(', 'createUnit(', 'import(', 'evaluate(', 'f(x)=', 'cm', 'to', 'mod', 'and', '.', ' ',
    );
    const samples = fc.sample(fc.array(token, { minLength: 1, maxLength: 30 }).map((t) => t.join('')), { numRuns: 400, seed: 15 });
    for (const formula of samples) {
      const start = Date.now();
      const { outcome } = libraryOutcome(formula, 64);
      tally.count('formulas: random (fast-check)', outcome);
      expect(outcome, formula).not.toBe('crash');
      expect(Date.now() - start, formula).toBeLessThan(2000);
    }
  });
});
