import type { Cell, Table } from './csv.js';
import { DEFAULT_TABLE_DIGITS, tableNotations } from './markdown.js';
import { numberParts, type NumberNotation } from './numberFormat.js';

/**
 * A LaTeX table a journal takes as it is: booktabs rules (`\toprule`, `\midrule`, `\bottomrule`;
 * `\usepackage{booktabs}`), plain numbers — no siunitx `\num{}` — in one notation per column
 * (numberFormat.ts), a `\caption{}` with the settings, and every special character of the text
 * (`\ & % $ # _ { } ~ ^`) escaped, so column names such as `testLoss_theory` compile.
 */

const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/**
 * Text with LaTeX's special characters escaped (line breaks become spaces).
 *
 * @example
 * ```ts
 * latexEscape('50% & x_1');   // '50\\% \\& x\\_1'
 * ```
 */
export function latexEscape(text: string): string {
  return text.replace(/[\\&%$#_{}~^]/g, (c) => SPECIAL[c]).replace(/\s*\r?\n\s*/g, ' ');
}

/**
 * A number in LaTeX: `0.5`, `5749680`, `$-0.25$`, `$1.14708\times10^{7}$`, `$\infty$`.
 *
 * @example
 * ```ts
 * latexNumber(12345, 'scientific', 3);   // '$1.23\\times10^{4}$'
 * ```
 */
export function latexNumber(v: number, notation: NumberNotation, digits: number): string {
  if (Number.isNaN(v)) return '';
  if (!Number.isFinite(v)) return v > 0 ? '$\\infty$' : '$-\\infty$';
  const p = numberParts(v, notation, digits);
  const sign = p.negative ? '-' : '';
  if (p.exponent === undefined) return p.negative ? `$${sign}${p.text}$` : p.text;
  return `$${sign}${p.text}\\times10^{${p.exponent}}$`;
}

function cell(v: Cell, notation: NumberNotation, digits: number): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return latexNumber(v, notation, digits);
  return latexEscape(String(v));
}

/**
 * The table as a LaTeX `table` environment with a booktabs `tabular` and the caption.
 *
 * @example
 * ```ts
 * toLatex({ columns: ['N'], rows: [[16]] }, 'Losses');   // a booktabs table environment with \caption{Losses}
 * ```
 */
export function toLatex(table: Table, caption: string, digits = DEFAULT_TABLE_DIGITS): string {
  const notations = tableNotations(table, digits);
  // Numeric columns right-aligned, text columns left-aligned.
  const align = table.columns.map((_, j) => (table.rows.some((r) => typeof r[j] === 'string' || typeof r[j] === 'boolean') ? 'l' : 'r')).join('');
  const lines = [
    '\\begin{table}',
    '\\centering',
    `\\caption{${latexEscape(caption)}}`,
    `\\begin{tabular}{${align}}`,
    '\\toprule',
    table.columns.map(latexEscape).join(' & ') + ' \\\\',
    '\\midrule',
    ...table.rows.map((r) => r.map((v, j) => cell(v, notations[j], digits)).join(' & ') + ' \\\\'),
    '\\bottomrule',
    '\\end{tabular}',
    '\\end{table}',
  ];
  return lines.join('\n') + '\n';
}
