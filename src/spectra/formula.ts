import { InvalidArgumentError } from '../errors.js';
import { nodeRequire } from '../nodeBuiltin.js';
import { requireInteger, requirePositive } from '../validate.js';
import { normalizeTrace } from './normalize.js';
import { createSpectrum, type Spectrum } from './spectrum.js';

type MathJs = typeof import('mathjs');
let mathjs: MathJs | undefined;

/**
 * Load the formula engine (mathjs) ahead of use. In Node formulas load it on first use; in a
 * browser (or any bundle) call this once, `await loadFormulaEngine()`, before an `expr:` spectrum.
 * The plain dynamic import lets a bundler split mathjs into its own chunk.
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

/**
 * Spectrum from a user formula in ν (mathjs syntax, e.g. `nu^-1.3`, `exp(-nu/50) + 1e-3`),
 * evaluated at ν = 1..d. Every value must be a finite number > 0. With `trace` the values are
 * rescaled so that tr Σ = trace; without it they are used as written.
 */
export function formulaSpectrum(options: { d: number; formula: string; trace?: number }): Spectrum {
  const d = requireInteger('d', options.d, 1);
  const formula = options.formula;
  if (typeof formula !== 'string' || formula.trim() === '') {
    throw new InvalidArgumentError('formula', formula, 'must be a non-empty expression in nu');
  }
  let compiled: { evaluate(scope: Record<string, number>): unknown };
  try {
    compiled = loadMathJs().compile(formula);
  } catch (e) {
    throw new InvalidArgumentError('formula', formula, `does not parse (${(e as Error).message})`);
  }
  const values = new Float64Array(d);
  for (let nu = 1; nu <= d; nu++) {
    let v: unknown;
    try {
      v = compiled.evaluate({ nu });
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
