/**
 * Output formats shared by every command (implemented in src/tables, where the explorer and the
 * report generator use them too): JSON that JSON.parse and Python's json load as is (±∞ as
 * 1e999/-1e999), JSON Lines, CSV (RFC 4180; ±∞ as inf/-inf), Markdown and LaTeX tables.
 */
export { toCsv, toJson, toJsonLines, toMarkdown, toLatex, formatSignificant, formatNumber, columnNotation, type Table, type Cell } from '../../tables/index.js';

/** Every output format (`text`: `key = value` lines for one row, else Markdown). */
export type Format = 'json' | 'jsonl' | 'csv' | 'markdown' | 'latex' | 'text';
