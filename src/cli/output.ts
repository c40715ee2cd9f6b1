/**
 * Output formats shared by every command (implemented in src/tables, where the explorer and the
 * report generator use them too): JSON that JSON.parse and Python's json load as is (±∞ as
 * 1e999/-1e999), CSV (RFC 4180; ±∞ as inf/-inf) and Markdown tables.
 */
export { toCsv, toJson, toMarkdown, formatSignificant, type Table } from '../tables/index.js';

export type Format = 'json' | 'csv' | 'markdown' | 'text';
