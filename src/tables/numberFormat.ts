import type { Cell } from './csv.js';

/**
 * One number format per column, for tables people read (Markdown, LaTeX). A column mixing
 * `5749680` and `1.14708e+7` is hard to compare down the page, so the notation is chosen once
 * per column from the range of its values:
 *
 * - `integer`: every finite value is a whole number below 10¹⁵ — written exactly (N, counts, seeds);
 * - `fixed`: every finite non-zero magnitude lies in [1e-3, 10^digits) — positional notation, which
 *   then never needs a padding zero left of the point (with 6 digits, 5749680 would show one);
 * - `scientific`: otherwise — mantissa × 10^exponent for every value of the column.
 *
 * Each number is rounded to `digits` significant digits and its trailing zeros are dropped
 * (0.5 not 0.500000): a shown zero is a digit of the number, never padding. CSV and JSON are not
 * formatted this way; they keep full precision.
 */
export type NumberNotation = 'integer' | 'fixed' | 'scientific';

/** A number rounded to `digits` significant digits, as mantissa digits and a decimal exponent. */
interface Rounded {
  negative: boolean;
  /** Significant digits without trailing zeros, e.g. "114708". */
  digits: string;
  /** Exponent of the first digit: value = 0.d₁d₂… × 10^(exponent+1). */
  exponent: number;
}

function round(v: number, digits: number): Rounded {
  const [mantissa, exp] = Math.abs(v).toExponential(Math.max(0, digits - 1)).split('e');
  const ds = mantissa.replace('.', '').replace(/0+$/, '');
  return { negative: v < 0, digits: ds === '' ? '0' : ds, exponent: Number(exp) };
}

/**
 * The notation for a column of cells shown to `digits` significant digits (only finite numbers count; none → 'fixed').
 *
 * @example
 * ```ts
 * columnNotation([0.001, 2e5]);   // 'fixed' ([1, 2, 3] gives 'integer')
 * ```
 */
export function columnNotation(cells: readonly Cell[], digits = 6): NumberNotation {
  const values = cells.filter((c): c is number => typeof c === 'number' && Number.isFinite(c));
  if (values.length > 0 && values.every((v) => Number.isInteger(v) && Math.abs(v) < 1e15)) return 'integer';
  const magnitudes = values.filter((v) => v !== 0).map(Math.abs);
  if (magnitudes.every((a) => a >= 1e-3 && a < 10 ** digits)) return 'fixed';
  return 'scientific';
}

/** The parts of a finite number in a notation: sign, positional digits or mantissa and exponent. */
export interface NumberParts {
  negative: boolean;
  /** Positional text without sign ("0.00123", "5749680") or the mantissa ("1.14708"). */
  text: string;
  /** Decimal exponent in scientific notation, else undefined. */
  exponent?: number;
}

/**
 * A finite number in `notation` to `digits` significant digits, trailing zeros dropped.
 *
 * @example
 * ```ts
 * numberParts(12345, 'scientific', 3);   // { negative: false, text: '1.23', exponent: 4 }
 * ```
 */
export function numberParts(v: number, notation: NumberNotation, digits: number): NumberParts {
  if (notation === 'integer') return { negative: v < 0, text: String(Math.abs(v)) };
  // Zero is `0` in every notation (`0e+0` would suggest a magnitude).
  if (v === 0) return { negative: false, text: '0' };
  const r = round(v, digits);
  if (notation === 'scientific') {
    const text = r.digits.length > 1 ? `${r.digits[0]}.${r.digits.slice(1)}` : r.digits;
    return { negative: r.negative, text, exponent: r.exponent };
  }
  // Positional: place the decimal point exponent + 1 digits into the digit string.
  const point = r.exponent + 1;
  let text: string;
  if (point <= 0) text = `0.${'0'.repeat(-point)}${r.digits}`;
  else if (point >= r.digits.length) text = r.digits + '0'.repeat(point - r.digits.length);
  else text = `${r.digits.slice(0, point)}.${r.digits.slice(point)}`;
  return { negative: r.negative, text };
}

/**
 * Plain-text form of a finite number (Markdown, terminals): `-0.5`, `1.14708e+7`, `3e-12`.
 *
 * @example
 * ```ts
 * formatNumber(0.5, 'fixed', 3);   // '0.5'
 * ```
 */
export function formatNumber(v: number, notation: NumberNotation, digits: number): string {
  const p = numberParts(v, notation, digits);
  const sign = p.negative ? '-' : '';
  if (p.exponent === undefined) return sign + p.text;
  return `${sign}${p.text}e${p.exponent < 0 ? '-' : '+'}${Math.abs(p.exponent)}`;
}
