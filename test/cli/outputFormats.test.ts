/**
 * Every command's CSV and JSON, in JavaScript terms (test/python/load_outputs.py checks the
 * same outputs with pandas when it is installed): CSV is RFC 4180 with a header, every column
 * that is not a word column parses as numbers (inf/-inf/empty allowed), `--csv-header` adds
 * `# key=value` lines only; JSON parses with JSON.parse, holds no "Infinity"/"NaN" strings and no
 * `{"0": …}` typed-array objects, and every output has its flat rows in `rows` (docs/output-schema.md;
 * test/cli/outputSchema.test.ts checks the schema itself).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from './fakeIo.js';
import { parseCsv } from './csvParse.js';

const spec = JSON.parse(readFileSync('test/python/commands.json', 'utf8')) as { commands: string[][]; stringColumns: string[] };
const NUMBER = /^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|-inf|)$/;

function walk(v: unknown, path: string, bad: string[]): void {
  if (typeof v === 'string' && /^-?(Infinity|NaN)$/.test(v)) bad.push(`${path} = "${v}"`);
  if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`, bad));
  else if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length > 0 && keys.every((k, i) => k === String(i))) bad.push(`${path} is an array serialised as an object`);
    for (const k of keys) walk((v as Record<string, unknown>)[k], `${path}.${k}`, bad);
  }
}

describe.each(spec.commands.map((argv) => [argv.join(' '), argv]))('%s', (_name, argv) => {
  it('--csv is RFC 4180 with numeric columns that parse as numbers', async () => {
    const r = await cli([...(argv as string[]), '--csv']);
    expect(r.code, r.stderr).toBe(0);
    const t = parseCsv(r.stdout);
    expect(Object.keys(t.meta)).toEqual([]); // no header by default: pd.read_csv(f) with no options
    expect(t.rows.length).toBeGreaterThan(0);
    expect(new Set(t.columns).size).toBe(t.columns.length);
    for (const [j, c] of t.columns.entries()) {
      if (spec.stringColumns.includes(c)) continue;
      for (const row of t.rows) expect(row[j], `${c} = ${row[j]}`).toMatch(NUMBER);
    }
    for (const c of t.columns) expect(c, 'column names use the naming scheme, not ad-hoc Monte Carlo names').not.toMatch(/^mc_|Stderr$|MC_|_mc$|Mc/);
  });

  it('--csv --csv-header adds # key=value lines (command, version) and nothing else', async () => {
    const plain = await cli([...(argv as string[]), '--csv']);
    const r = await cli([...(argv as string[]), '--csv', '--csv-header']);
    const t = parseCsv(r.stdout);
    expect(t.meta).toMatchObject({ command: (argv as string[])[0], 'replica-diffusion': expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect(r.stdout.split('\n').filter((l) => !l.startsWith('#')).join('\n')).toBe(plain.stdout);
  });

  it('--json parses with JSON.parse, with numbers for ±∞ and arrays for arrays', async () => {
    const r = await cli([...(argv as string[]), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    const bad: string[] = [];
    walk(o, '$', bad);
    expect(bad).toEqual([]);
    // docs/output-schema.md: always an object with a list of flat rows.
    expect(Array.isArray(o.rows)).toBe(true);
    for (const row of o.rows) for (const [k, v] of Object.entries(row)) if (!spec.stringColumns.includes(k)) expect(['number', 'boolean', 'string'], k).toContain(typeof v);
  });
});

it('±∞ reaches the files as inf (CSV) and 1e999 (JSON)', async () => {
  const csv = await cli(['kappa', '--spectrum', 'iso:d=10', '--n', '10', '--ridge', '0', '--csv']);
  expect(csv.stdout.split('\n')[1].split(',')).toContain('inf');
  const json = await cli(['kappa', '--spectrum', 'iso:d=10', '--n', '10', '--ridge', '0', '--json']);
  expect(json.stdout).toContain('1e999');
});
