/**
 * What pandas needs from every command's output, checked in JavaScript on every machine (the real
 * pandas run is `npm run test:pandas`, test/python/load_outputs.py, which CI runs with Debian's
 * python3-pandas and which fails — never skips — without it).
 *
 * load_outputs.py reads each output with no options: `pd.read_csv(f)`, `pd.read_csv(f, comment='#')`
 * for `--csv-header`, and for JSON `pd.DataFrame(obj)` (a list of records),
 * `pd.DataFrame(obj["rows"])` (an object with rows) or `pd.json_normalize(obj)` (one record), then
 * requires every column that is not a word column to have a numeric or boolean dtype. Here the same
 * reading is emulated: a column is numeric for pandas when every CSV cell is a float literal pandas
 * parses (inf, -inf, empty = NaN), boolean when every cell is True/False; a JSON column when every
 * value is a number (1e999 = ∞) or null, or every value a boolean — a mixture, a string or a nested
 * array gives pandas an `object` column. The checks are generic in the shape of the JSON
 * (`{...settings, rows: [...]}`, a list, or one record) so they hold across schema changes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/fakeIo.js';
import { parseCsv } from '../cli/csvParse.js';

const spec = JSON.parse(readFileSync('test/python/commands.json', 'utf8')) as { commands: string[][]; stringColumns: string[] };
const WORDS = new Set(spec.stringColumns);
/** Cells pandas' C parser reads as float64 (empty and nan-like are NaN). */
const PANDAS_FLOAT = /^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:inf|Inf|INF|infinity|Infinity)|nan|NaN|NA|N\/A|)$/;
const PANDAS_BOOL = /^(?:True|False|TRUE|FALSE|true|false)$/;

/**
 * Commands whose JSON rows carry more keys than their CSV columns today (the one-schema issue
 * makes every row's keys equal the CSV columns; empty this list when it lands).
 */
const ROWS_WIDER_THAN_CSV = new Set(['transition']);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** pd.json_normalize of one record: nested objects become `a.b` columns, lists stay lists. */
function normalise(o: { [k: string]: Json }, prefix = ''): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, normalise(v, `${prefix}${k}.`));
    else out[prefix + k] = v;
  }
  return out;
}

/** The records load_outputs.py's table_of() hands to pandas. */
function tableOf(obj: Json): Record<string, Json>[] {
  if (Array.isArray(obj)) return obj as Record<string, Json>[];
  if (obj !== null && typeof obj === 'object' && Array.isArray(obj.rows)) return obj.rows as Record<string, Json>[];
  return [normalise(obj as { [k: string]: Json })];
}

/** Columns pandas would not give a numeric or boolean dtype, with the reason. */
function nonNumericJsonColumns(records: Record<string, Json>[]): string[] {
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const bad: string[] = [];
  for (const c of columns) {
    if (WORDS.has(c)) continue;
    const values = records.map((r) => (c in r ? r[c] : null));
    const numeric = values.every((v) => v === null || typeof v === 'number');
    const boolean = values.every((v) => typeof v === 'boolean');
    if (!numeric && !boolean) bad.push(`${c}: ${JSON.stringify(values.slice(0, 3))}`);
  }
  return bad;
}

function nonNumericCsvColumns(t: { columns: string[]; rows: string[][] }): string[] {
  const bad: string[] = [];
  t.columns.forEach((c, j) => {
    if (WORDS.has(c)) return;
    const cells = t.rows.map((r) => r[j]);
    if (!cells.every((x) => PANDAS_FLOAT.test(x)) && !cells.every((x) => PANDAS_BOOL.test(x))) bad.push(`${c}: ${cells.slice(0, 3).join(', ')}`);
  });
  return bad;
}

describe.each(spec.commands.map((argv) => [argv.join(' '), argv]))('pandas reads %s', (_name, argv) => {
  const args = argv as string[];
  it('CSV: pd.read_csv gives numeric columns; --csv-header with comment="#" gives the same table', async () => {
    const plain = await cli([...args, '--csv']);
    expect(plain.code, plain.stderr).toBe(0);
    const t = parseCsv(plain.stdout);
    expect(t.rows.length).toBeGreaterThan(0);
    expect(nonNumericCsvColumns(t)).toEqual([]);
    const withHeader = parseCsv((await cli([...args, '--csv', '--csv-header'])).stdout);
    expect(withHeader.columns).toEqual(t.columns);
    expect(withHeader.rows).toEqual(t.rows);
  });

  it('JSON: the records table_of() hands to pandas are flat, numeric, and carry the CSV columns', async () => {
    const r = await cli([...args, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const records = tableOf(JSON.parse(r.stdout) as Json);
    expect(records.length).toBeGreaterThan(0);
    for (const rec of records) expect(rec !== null && typeof rec === 'object' && !Array.isArray(rec), 'a record is an object').toBe(true);
    expect(nonNumericJsonColumns(records)).toEqual([]);
    // One row per CSV line, and the CSV's columns among every record's keys (equal to them once
    // the one-schema issue lands, as it is today for every command but those listed).
    const csv = parseCsv((await cli([...args, '--csv'])).stdout);
    if (records.length > 1 || JSON.parse(r.stdout).rows !== undefined) expect(records.length).toBe(csv.rows.length);
    for (const rec of records) {
      const keys = Object.keys(rec);
      for (const c of csv.columns) expect(keys, `column ${c}`).toContain(c);
      if (!ROWS_WIDER_THAN_CSV.has(args[0])) expect(keys.length, 'record keys = CSV columns').toBe(csv.columns.length);
    }
  });
});

describe('the emulation of pandas is discriminating', () => {
  it('a string or nested list in a column, or a number/boolean mixture, is not numeric for pandas', () => {
    expect(nonNumericJsonColumns([{ a: 1, b: true }, { a: Infinity, b: false }])).toEqual([]);
    expect(nonNumericJsonColumns([{ a: 1 }, { a: 'Infinity' }])).toHaveLength(1);
    expect(nonNumericJsonColumns([{ a: [1, 2] }])).toHaveLength(1);
    expect(nonNumericJsonColumns([{ a: 1 }, { a: true }])).toHaveLength(1);
    expect(nonNumericCsvColumns({ columns: ['a', 'b'], rows: [['1', 'true'], ['inf', 'false']] })).toEqual([]);
    expect(nonNumericCsvColumns({ columns: ['a'], rows: [['1'], ['1.5±0.2']] })).toHaveLength(1);
  });

  it('table_of: a list, an object with rows, or one record (flattened like json_normalize)', () => {
    expect(tableOf([{ a: 1 }, { a: 2 }])).toHaveLength(2);
    expect(tableOf({ d: 3, rows: [{ a: 1 }] })).toEqual([{ a: 1 }]);
    expect(tableOf({ a: 1, k: { b: 2 } })).toEqual([{ a: 1, 'k.b': 2 }]);
  });

  it('±∞ arrive as float infinities: inf in CSV, 1e999 in JSON', async () => {
    const csv = parseCsv((await cli(['kappa', '--spectrum', 'iso:d=10', '--n', '10', '--ridge', '0', '--csv'])).stdout);
    const j = csv.columns.indexOf('dkappaDridge');
    expect(PANDAS_FLOAT.test(csv.rows[0][j]) && /inf/i.test(csv.rows[0][j])).toBe(true);
    const json = tableOf(JSON.parse((await cli(['kappa', '--spectrum', 'iso:d=10', '--n', '10', '--ridge', '0', '--json'])).stdout) as Json);
    expect(json[0].dkappaDridge).toBe(Infinity);
  });
});
