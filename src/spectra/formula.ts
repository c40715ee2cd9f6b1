import { InvalidArgumentError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { nodeRequire } from '../nodeBuiltin.js';
import { requireInteger, requirePositive } from '../validate.js';
import { checkFormulaNesting, checkFormulaTree } from './formulaWhitelist.js';
import { normalizeTrace } from './normalize.js';
import { createSpectrum, type Spectrum } from './spectrum.js';

type MathJs = typeof import('mathjs');
type MathInstance = ReturnType<MathJs['create']>;
let mathjs: MathJs | undefined;
/** A private mathjs instance: nothing a caller does to the shared default instance reaches formulas. */
let engine: MathInstance | undefined;

/** Evaluations × nodes a formula spectrum may cost (d evaluations of the checked tree). */
const FORMULA_WORK = LIMITS.formulaWork;

/**
 * Load the formula engine (mathjs) ahead of use. In Node formulas load it on first use; in a
 * browser (or any bundle) call this once, `await loadFormulaEngine()`, before an `expr:` spectrum.
 * The plain dynamic import lets a bundler split mathjs into its own chunk.
 *
 * @example
 * ```ts
 * await loadFormulaEngine();
 * formulaSpectrum({ d: 4, formula: '1/nu' });   // now works: eigenvalues [1, 0.5, 0.333, 0.25]
 * ```
 */
export async function loadFormulaEngine(): Promise<void> {
  mathjs ??= (await import('mathjs')) as unknown as MathJs;
}

/** mathjs costs ~0.8 s to load; load it only when a formula is actually used. */
function loadMathJs(): MathJs {
  if (mathjs !== undefined) return mathjs;
  const require = nodeRequire(import.meta.url);
  if (require === undefined) {
    throw new InvalidArgumentError('formula', 'engine', 'not loaded: call `await loadFormulaEngine()` before using an expr: spectrum outside Node');
  }
  mathjs = require('mathjs') as MathJs;
  return mathjs;
}

function formulaEngine(): MathInstance {
  if (engine !== undefined) return engine;
  const m = loadMathJs();
  engine = m.create(m.all, {});
  return engine;
}

/**
 * Spectrum from a user formula in ν (mathjs syntax, e.g. `nu^-1.3`, `exp(-nu/50) + 1e-3`),
 * evaluated at ν = 1..d (the symbol d is the dimension). Every value must be a finite number > 0.
 * With `trace` the values are rescaled so that tr Σ = trace; without it they are used as written.
 * Only scalar expressions are accepted (formulaWhitelist.ts): the formula is parsed, its syntax
 * tree checked, and only then evaluated, on a private mathjs instance; at most
 * LIMITS.formulaLength characters.
 *
 * @example
 * ```ts
 * formulaSpectrum({ d: 4, formula: '1/nu' });   // eigenvalues [1, 0.5, 0.333, 0.25], each weight 1 (after loadFormulaEngine())
 * ```
 */
export function formulaSpectrum(options: { d: number; formula: string; trace?: number }): Spectrum {
  const d = requireInteger('d', options.d, 1);
  const formula = options.formula;
  if (typeof formula !== 'string' || formula.trim() === '') {
    throw new InvalidArgumentError('formula', formula, 'must be a non-empty expression in nu');
  }
  if (formula.length > LIMITS.formulaLength) throw new InvalidArgumentError('formula', formula, `is ${formula.length} characters long, more than the limit of ${LIMITS.formulaLength}`);
  if (d > LIMITS.spectrumEntries) throw new InvalidArgumentError('d', d, `must be <= ${LIMITS.spectrumEntries} (distinct eigenvalues limit)`);
  checkFormulaNesting(formula);
  const math = formulaEngine();
  let tree: import('mathjs').MathNode;
  try {
    tree = math.parse(formula);
  } catch (e) {
    throw new InvalidArgumentError('formula', formula, `does not parse (${(e as Error).message})`);
  }
  const nodes = checkFormulaTree(tree, formula);
  if (nodes * d > FORMULA_WORK) throw new InvalidArgumentError('formula', formula, `has ${nodes} terms: ${nodes} × d = ${nodes * d} evaluations exceed the limit of ${FORMULA_WORK}`);
  const compiled = tree.compile();
  const values = new Float64Array(d);
  const scope = { nu: 0, d };
  for (let nu = 1; nu <= d; nu++) {
    let v: unknown;
    try {
      scope.nu = nu;
      v = compiled.evaluate(scope);
    } catch (e) {
      throw new InvalidArgumentError('formula', formula, `fails at nu = ${nu} (${(e as Error).message})`);
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) {
      throw new InvalidArgumentError(`formula at nu = ${nu}`, typeof v === 'number' ? v : String(v), 'must evaluate to a finite number > 0');
    }
    values[nu - 1] = v;
  }
  if (options.trace !== undefined) normalizeTrace(values, null, requirePositive('trace', options.trace));
  return createSpectrum(values);
}
