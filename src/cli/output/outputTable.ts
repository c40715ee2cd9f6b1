import { VERSION } from '../../version.js';
import type { Args } from '../commandLine/args.js';
import { outputDigits, type Format } from '../commandLine/command.js';
import { csvMeta } from './csvHeader.js';
import type { CliIo } from '../files/io.js';
import { infiniteMeanStderr } from '../../tables/csv.js';
import { formatNumber, columnNotation, toCsv, toJson, toJsonLines, toLatex, toMarkdown, type Cell, type Table } from '../commandLine/output.js';

/**
 * The one output schema of every command (docs/output-schema.md):
 *
 * - JSON: `{ command, version, ...settings, rows: [ {…}, … ], ...diagnostics }` — `rows` is
 *   always a list (one point is a list of one) and every row has exactly the CSV's columns;
 * - JSON Lines (`--jsonl`): the rows alone, one object per line (`pd.read_json(f, lines=True)`);
 * - CSV: the columns and rows; `--csv-header` puts the settings and diagnostics first as
 *   `# key=value` lines;
 * - Markdown and LaTeX: the same table (or the command's display table) for reading, numbers to
 *   `--digits` significant digits in one notation per column; LaTeX's caption holds the settings.
 */
export interface TableOutput {
  command: string;
  /** What the run was asked to do, the same for every row (JSON before `rows`, CSV header, LaTeX caption). */
  settings: Record<string, unknown>;
  columns: string[];
  rows: Cell[][];
  /** What the run found about itself as a whole (JSON after `rows`): convergence, crossings, … */
  diagnostics?: Record<string, unknown>;
  /** Lines printed above a Markdown table (caption, finite-size order), without a trailing newline. */
  preamble?: string;
  /** Lines printed below a Markdown table. */
  postscript?: string;
  /** The table to show in Markdown, LaTeX and text instead of the data table (e.g. one measure per line). */
  display?: Table;
  /** Significant digits for reading, when the command's `--digits` means something else (kappa). */
  digits?: number;
}

/** The papers whose results a command computes, by title (JSON/CSV settings `paper`). */
export const PAPERS = {
  linear: 'Generalization Dynamics of Linear Diffusion Models',
  transition: 'On the onset of memorization to generalization transition in diffusion models (anonymous manuscript)',
  gaussian: 'Li, Dai & Qu, Understanding Generalizability of Diffusion Models Requires Rethinking the Hidden Gaussian Structure',
} as const;

/**
 * Settings or diagnostics as flat `# key=value` values: arrays as comma lists (nested arrays as
 * JSON), objects flattened one level with camel-case keys (`compression.atoms` → `compressionAtoms`).
 */
function flatSettings(settings: Record<string, unknown>): Record<string, string | number | boolean | undefined> {
  const out: Record<string, string | number | boolean | undefined> = {};
  const put = (k: string, v: unknown, depth: number): void => {
    if (v === undefined || v === null) return;
    if (Array.isArray(v)) out[k] = v.some((x) => typeof x === 'object' && x !== null) ? toJson(v) : v.join(',');
    else if (typeof v === 'object' && depth === 0) for (const [k2, v2] of Object.entries(v)) put(k + k2[0].toUpperCase() + k2.slice(1), v2, 1);
    else if (typeof v === 'object') out[k] = toJson(v);
    else out[k] = v as string | number | boolean;
  };
  for (const [k, v] of Object.entries(settings)) put(k, v, 0);
  return out;
}

/** The settings as one caption line: `curve: spectrum powerlaw:d=256,k=1; N …`. */
export function settingsCaption(command: string, settings: Record<string, unknown>): string {
  const parts = Object.entries(flatSettings(settings))
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} = ${v}`);
  return `replica-diffusion ${command} ${VERSION}: ${parts.join('; ')}`;
}

/** `key = value` lines of a one-row table, numbers to `digits` significant digits. */
function textLines(table: Table, digits: number): string {
  return (
    table.columns
      .map((k, j) => {
        const v = table.rows[0][j];
        const shown = typeof v === 'number' && Number.isFinite(v) ? formatNumber(v, columnNotation([v], digits), digits) : v === Infinity ? '∞' : v === -Infinity ? '−∞' : String(v ?? '');
        return `${k} = ${shown}`;
      })
      .join('\n') + '\n'
  );
}

/** Print a command's result in the chosen format (see {@link TableOutput}). */
export function printTable(io: CliIo, args: Args, format: Format, out: TableOutput): void {
  const rows = infiniteMeanStderr(out.columns, out.rows);
  const records = () => rows.map((r) => Object.fromEntries(out.columns.map((c, j) => [c, r[j] ?? null])));
  const digits = out.digits ?? outputDigits(args);
  const display = out.display ? { columns: out.display.columns, rows: infiniteMeanStderr(out.display.columns, out.display.rows) } : { columns: out.columns, rows };
  switch (format) {
    case 'json':
      io.stdout(toJson({ command: out.command, version: VERSION, ...out.settings, rows: records(), ...out.diagnostics }) + '\n');
      return;
    case 'jsonl':
      io.stdout(toJsonLines(records()));
      return;
    case 'csv':
      // The header: the settings, then what the run found (provenance beside the numbers).
      io.stdout(toCsv({ columns: out.columns, rows }, csvMeta(args, out.command, flatSettings({ ...out.settings, ...out.diagnostics }))));
      return;
    case 'latex':
      io.stdout(toLatex(display, settingsCaption(out.command, out.settings), digits));
      return;
    case 'markdown':
      io.stdout((out.preamble !== undefined ? out.preamble + '\n\n' : '') + toMarkdown(display, digits) + (out.postscript ?? ''));
      return;
    case 'text':
      if (display.rows.length === 1) io.stdout(textLines(display, digits));
      else io.stdout(toMarkdown(display, digits));
      io.stdout(out.postscript ?? '');
  }
}

/** Rows as records to rows of cells in `columns` order (missing keys → null). */
export function recordRows(columns: string[], records: Record<string, Cell>[]): Cell[][] {
  return records.map((r) => columns.map((c) => r[c] ?? null));
}

/** The union of the records' keys in first-seen order (so every row has every column). */
export function recordColumns(records: Record<string, Cell>[]): string[] {
  return [...new Set(records.flatMap((r) => Object.keys(r)))];
}
