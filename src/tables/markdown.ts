import type { Cell, Table } from './csv.js';

/** A number to `digits` significant digits for reading (exponent form outside [1e-4, 1e7)). */
export function formatSignificant(v: number, digits: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e7) return String(Number(v.toPrecision(digits)));
  return v.toExponential(digits - 1);
}

/** `mean ± stderr` for reading. */
export function formatMeanStderr(m: { mean: number; stderr: number }, digits = 4): string {
  return `${formatSignificant(m.mean, digits)} ± ${formatSignificant(m.stderr, 2)}`;
}

function cell(v: Cell, digits: number): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? formatSignificant(v, digits) : String(v);
  return String(v).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * Markdown table (right-aligned columns); numbers shown to `digits` significant digits.
 *
 * @example
 * ```ts
 * toMarkdown({ columns: ['N', 'testLoss'], rows: [[16, 5.2], [64, 4.1]] }, 4);   // a Markdown table, 4 significant digits
 * ```
 */
export function toMarkdown(table: Table, digits = 6): string {
  const lines = [`| ${table.columns.join(' | ')} |`, `|${table.columns.map(() => ' ---: ').join('|')}|`];
  for (const row of table.rows) lines.push(`| ${row.map((v) => cell(v, digits)).join(' | ')} |`);
  return lines.join('\n') + '\n';
}
