import type { Cell, Table } from './csv.js';
import { columnNotation, formatNumber, type NumberNotation } from './numberFormat.js';

/** Significant digits of Markdown and LaTeX tables unless `--digits` says otherwise. */
export const DEFAULT_TABLE_DIGITS = 6;

/**
 * A number to `digits` significant digits for reading (exponent form outside [1e-4, 1e7)).
 *
 * @example
 * ```ts
 * formatSignificant(3.14159, 3);   // '3.14'
 * ```
 */
export function formatSignificant(v: number, digits: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e7) return String(Number(v.toPrecision(digits)));
  return v.toExponential(digits - 1);
}

/**
 * `mean ± stderr` for reading.
 *
 * @example
 * ```ts
 * formatMeanStderr({ mean: 1.2345, stderr: 0.0123 });   // '1.234 ± 0.012'
 * ```
 */
export function formatMeanStderr(m: { mean: number; stderr: number }, digits = 4): string {
  return `${formatSignificant(m.mean, digits)} ± ${formatSignificant(m.stderr, 2)}`;
}

/**
 * The notation of every column of a table (see numberFormat.ts).
 *
 * @example
 * ```ts
 * tableNotations({ columns: ['N', 'x'], rows: [[16, 0.00012], [64, 0.5]] });   // ['integer', 'scientific']
 * ```
 */
export function tableNotations(table: Table, digits = DEFAULT_TABLE_DIGITS): NumberNotation[] {
  return table.columns.map((_, j) => columnNotation(table.rows.map((r) => r[j]), digits));
}

/** A Markdown cell: numbers in the column's notation, ±∞ as ∞ and −∞, NaN or missing empty. */
function cell(v: Cell, notation: NumberNotation, digits: number): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '';
    if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
    return formatNumber(v, notation, digits);
  }
  return String(v).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * Markdown table (right-aligned columns); numbers to `digits` significant digits, one notation
 * per column (integer, fixed or scientific, from the column's range), no trailing zeros.
 *
 * @example
 * ```ts
 * toMarkdown({ columns: ['N', 'testLoss'], rows: [[16, 5.2], [64, 4.1]] }, 4);   // a Markdown table, 4 significant digits
 * ```
 */
export function toMarkdown(table: Table, digits = DEFAULT_TABLE_DIGITS): string {
  const notations = tableNotations(table, digits);
  const lines = [`| ${table.columns.join(' | ')} |`, `|${table.columns.map(() => ' ---: ').join('|')}|`];
  for (const row of table.rows) lines.push(`| ${row.map((v, j) => cell(v, notations[j], digits)).join(' | ')} |`);
  return lines.join('\n') + '\n';
}
