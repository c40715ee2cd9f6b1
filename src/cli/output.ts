/**
 * Output formats shared by every command: JSON (non-finite numbers as the strings "Infinity",
 * "-Infinity" — JSON has no literal for them), CSV (RFC 4180 quoting) and Markdown tables.
 */

export type Format = 'json' | 'csv' | 'markdown' | 'text';

export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

/** A table: column names and rows of cells (numbers printed in full precision). */
export interface Table {
  columns: string[];
  rows: (number | string | boolean | null)[][];
}

function cell(v: number | string | boolean | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  return String(v);
}

export function toCsv(table: Table): string {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [table.columns.map(quote).join(',')];
  for (const row of table.rows) lines.push(row.map((v) => quote(cell(v))).join(','));
  return lines.join('\n') + '\n';
}

/** Markdown table; numbers shown to `digits` significant digits for reading. */
export function toMarkdown(table: Table, digits = 6): string {
  const fmt = (v: number | string | boolean | null) => (typeof v === 'number' && Number.isFinite(v) ? formatSignificant(v, digits) : cell(v));
  const lines = [`| ${table.columns.join(' | ')} |`, `|${table.columns.map(() => ' ---: ').join('|')}|`];
  for (const row of table.rows) lines.push(`| ${row.map(fmt).join(' | ')} |`);
  return lines.join('\n') + '\n';
}

export function formatSignificant(v: number, digits: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e7) return String(Number(v.toPrecision(digits)));
  return v.toExponential(digits - 1);
}
