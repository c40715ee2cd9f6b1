/**
 * The one output schema (docs/output-schema.md), command by command: JSON is
 * `{ command, version, …settings, rows: [ … ], …diagnostics }` with `rows` always a list whose
 * keys are exactly the CSV's columns; `--jsonl` is those rows, one parseable object per line;
 * every column name any command prints is documented, as a plain column or as
 * `<measure>_<suffix>` with both parts in the doc's tables; Markdown and LaTeX numbers follow
 * --digits with one notation per column; an infinite mean never has a finite standard error.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from './fakeIo.js';
import { parseCsv } from './csvParse.js';

const spec = JSON.parse(readFileSync('test/python/commands.json', 'utf8')) as { commands: string[][] };

/** More configurations than commands.json, so that every optional column appears once. */
const EXTRA: string[][] = [
  ['kappa', '--spectrum', 'iso:d=10', '--n', '5,10', '--ridge', '0,1', '--method', 'fixed-point'],
  ['kappa', '--spectrum', 'iso:d=10', '--n', '5', '--ridge', '1', '--digits', '30'],
  ['predict', '--spectrum', 'iso:d=8', '--N', '8', '--abar', '0.5', '--finite-size', 'none'],
  ['density', '--spectrum', 'iso:d=10', '--N', '10', '--points', '8'],
  ['dynamics', '--spectrum', 'powerlaw:d=8,k=1', '--N', '8', '--abar', '0.7', '--learning-rate', '0.1', '--steps', '1,10'],
  ['transition', '--d', '3', '--n', '2,6', '--draws', '4', '--original', '40', '--per-coordinate', '--original-sets', '2'],
  ['gaussian-structure', '--spectrum', 'iso:d=4', '--N', '10,100', '--sigma', '0.5,2', '--finite-size', 'first-order'],
  ['verify', '--spectrum', 'iso:d=8', '--N', '16', '--draws', '4', '--measures', 'testLoss,kl'],
  ['curve', '--spectrum', 'iso:d=8', '--measure', 'kl', '--N', '16,32', '--eps', '1e-3'],
  ['curve', '--spectrum', 'iso:d=8', '--measure', 'testLoss', '--N', '16,32', '--abar', '0.5', '--sd', '--draws', '4'],
  ['verify', '--spectrum', 'iso:d=8', '--N', '16', '--abar', '0.5', '--measure', 'testLoss', '--observed', '3.1,3.2'],
];

/** The transition evaluator on three small sample files. */
const SAMPLES: Record<string, string> = {
  'train.csv': '0,0\n1,0.5\n0.2,1\n',
  'original.csv': '0,0.1\n0.9,0.4\n0.3,1.1\n-0.5,0.2\n1.2,-0.3\n',
  'generated.csv': '0.1,0\n1,0.4\n0.3,0.9\n',
};
const EVALUATOR = ['transition', '--train', 'train.csv', '--original', 'original.csv', '--generated', 'generated.csv'];

const RUNS = [...spec.commands, ...EXTRA, EVALUATOR];

/** First-column backticked names of the markdown tables under a heading of docs/output-schema.md. */
function documented(doc: string, heading: string): Set<string> {
  const start = doc.indexOf(`### ${heading}\n`);
  expect(start, heading).toBeGreaterThan(0);
  const section = doc.slice(start + 4).split(/\n##+ /)[0].split('\n').slice(1);
  const names = new Set<string>();
  for (const line of section) {
    if (!line.startsWith('| `')) continue;
    const first = line.split(' | ')[0];
    for (const m of first.matchAll(/`([^`]+)`/g)) names.add(m[1]);
  }
  return names;
}

const doc = readFileSync('docs/output-schema.md', 'utf8');
const MEASURES = documented(doc, 'Measures');
const SUFFIXES = documented(doc, 'Suffixes');
const PLAIN = documented(doc, 'Plain columns');

/** Whether a column name is documented: a plain column, or <measure>_<suffix> with both documented. */
function isDocumented(column: string): boolean {
  if (PLAIN.has(column)) return true;
  for (const suffix of SUFFIXES) if (column.endsWith('_' + suffix) && MEASURES.has(column.slice(0, -suffix.length - 1))) return true;
  return false;
}

const seen = new Map<string, Set<string>>();

describe.each(RUNS.map((argv) => [argv.join(' '), argv]))('%s', (_name, argv) => {
  const files = argv === EVALUATOR ? SAMPLES : {};
  it('JSON: {command, version, settings…, rows: [...], diagnostics…}; row keys == CSV columns; --jsonl lines == rows', async () => {
    const json = await cli([...(argv as string[]), '--json'], files);
    expect(json.code, json.stderr).toBe(0);
    const o = JSON.parse(json.stdout);
    expect(Array.isArray(o), 'an object, never a bare list').toBe(false);
    expect(o.command).toBe((argv as string[])[0]);
    expect(o.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Array.isArray(o.rows), 'rows is always a list').toBe(true);
    expect(o.rows.length).toBeGreaterThan(0);
    const keys = Object.keys(o);
    expect(keys.slice(0, 2)).toEqual(['command', 'version']);

    const csv = parseCsv((await cli([...(argv as string[]), '--csv'], files)).stdout);
    for (const row of o.rows) {
      expect(Object.keys(row)).toEqual(csv.columns);
      for (const v of Object.values(row)) expect(v === null || ['number', 'string', 'boolean'].includes(typeof v), 'rows are flat').toBe(true);
    }
    expect(o.rows).toHaveLength(csv.rows.length);

    const jsonl = await cli([...(argv as string[]), '--jsonl'], files);
    expect(jsonl.code, jsonl.stderr).toBe(0);
    const lines = jsonl.stdout.replace(/\n$/, '').split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual(o.rows);

    for (const c of csv.columns) {
      if (!seen.has(c)) seen.set(c, new Set());
      seen.get(c)!.add((argv as string[])[0]);
    }
    const undocumented = csv.columns.filter((c) => !isDocumented(c));
    expect(undocumented, 'columns missing from docs/output-schema.md').toEqual([]);
  });

  it('Markdown and LaTeX: one notation per column, --digits significant digits, no trailing zeros', async () => {
    for (const [flag, digits] of [['--markdown', 6], ['--latex', 3]] as const) {
      const extra = (argv as string[])[0] === 'kappa' ? [] : ['--digits', String(digits)];
      const r = await cli([...(argv as string[]), flag, ...extra], files);
      expect(r.code, r.stderr).toBe(0);
      const shown = (argv as string[])[0] === 'kappa' ? 6 : digits;
      const { header, cells } = flag === '--markdown' ? markdownCells(r.stdout) : latexCells(r.stdout);
      expect(cells.length).toBeGreaterThan(0);
      for (const [j, column] of cells.entries()) {
        if (header[j] === 'kappaDecimal' || header[j] === 'kappaDecimal'.replace('_', '\\_')) continue; // a string of --digits digits
        const numbers = column.filter((c) => /^-?\d/.test(c) && c !== '0'); // 0 is 0 in every notation
        const kinds = new Set(numbers.map((c) => (/e[+-]\d+$|\\times10/.test(c) ? 'scientific' : 'positional')));
        expect(kinds.size, `${flag} column ${column.join(' ')}`).toBeLessThanOrEqual(1);
        for (const c of numbers) {
          const mantissa = c.replace(/^-/, '').replace(/(e[+-]\d+|\\times10\^\{-?\d+\})$/, '');
          if (mantissa.includes('.')) {
            expect(mantissa, `${flag} trailing zero in ${c}`).not.toMatch(/0$/);
            expect(mantissa.replace('.', '').replace(/^0+/, '').length, `${flag} ${c} has more than ${shown} digits`).toBeLessThanOrEqual(shown);
          }
        }
      }
    }
  });
});

/** Header and cells (column by column) of the Markdown table. */
function markdownCells(text: string): { header: string[]; cells: string[][] } {
  const lines = text.split('\n').filter((l) => l.startsWith('| '));
  const header = lines[0].slice(2, -2).split(' | ');
  const rows = lines.slice(2).map((l) => l.slice(2, -2).split(' | '));
  return { header, cells: header.map((_, j) => rows.map((r) => r[j])) };
}

/** Header and cells (column by column, without $) of the LaTeX tabular. */
function latexCells(text: string): { header: string[]; cells: string[][] } {
  const lines = text.split('\n');
  const split = (l: string) => l.replace(/ \\\\$/, '').split(' & ').map((c) => c.replace(/\$/g, ''));
  const header = split(lines[lines.indexOf('\\toprule') + 1]);
  const rows = lines.slice(lines.indexOf('\\midrule') + 1, lines.indexOf('\\bottomrule')).map(split);
  return { header, cells: header.map((_, j) => rows.map((r) => r[j])) };
}

it('the same quantity has the same name in every command (measures seen across commands)', () => {
  // The vocabulary the issue asked for: curve's testLoss_theory is predict's and dynamics'.
  expect([...(seen.get('testLoss_theory') ?? [])].sort()).toEqual(['curve', 'dynamics', 'predict']);
  expect([...(seen.get('kl_theory') ?? [])].sort()).toEqual(['curve', 'kl', 'sampler', 'transition']);
  expect([...(seen.get('klAsymptote') ?? [])].sort()).toEqual(['curve', 'kl']);
  expect([...(seen.get('kappaResidual') ?? [])].sort()).toEqual(['kappa', 'kl', 'predict']);
  expect([...(seen.get('N') ?? [])]).toContain('transition');
  for (const old of ['testLoss', 'kl', 'asymptote', 'klPerDim', 'residual', 'iterations', 'density', 'exact']) expect(seen.has(old), old).toBe(false);
});

it('the doc documents no column that no command prints (but the reserved suffixes)', () => {
  const columns = [...seen.keys()];
  for (const p of PLAIN) expect(seen.has(p), p).toBe(true);
  for (const m of MEASURES) expect(columns.some((c) => c === m || c.startsWith(m + '_')), m).toBe(true);
});

describe('an infinite mean has standard error +∞ (never 0, never NaN)', () => {
  // d = 3, N = 2: the generated law is singular, every draw's KL is +∞.
  const argv = ['transition', '--d', '3', '--n', '2', '--draws', '4', '--original', '40'];

  it('CSV inf, JSON 1e999, Markdown ∞', async () => {
    const csv = parseCsv((await cli([...argv, '--csv'])).stdout);
    const row = Object.fromEntries(csv.columns.map((c, j) => [c, csv.rows[0][j]]));
    expect(row.kl_mc_mean).toBe('inf');
    expect(row.kl_mc_stderr).toBe('inf');
    const o = JSON.parse((await cli([...argv, '--json'])).stdout);
    for (const [k, v] of Object.entries(o.rows[0] as Record<string, unknown>)) {
      if (!k.endsWith('_mc_mean') || Number.isFinite(v)) continue;
      const stderr = (o.rows[0] as Record<string, unknown>)[k.replace(/_mc_mean$/, '_mc_stderr')];
      if (stderr !== undefined) expect(stderr, k).toBe(Infinity);
    }
    const md = (await cli([...argv, '--markdown'])).stdout;
    const { header, cells } = markdownCells(md);
    expect(cells[header.indexOf('kl_mc_mean')]).toEqual(['∞']);
    expect(cells[header.indexOf('kl_mc_stderr')]).toEqual(['∞']);
  });
});

it('predict prints a Markdown table like the other commands (6 significant digits, not 17)', async () => {
  const r = await cli(['predict', '--spectrum', 'iso:d=8', '--N', '8', '--abar', '0.5']);
  expect(r.stdout).toMatch(/^\| N \| abar \| trainLoss_theory \| testLoss_theory \|/m);
  expect(r.stdout).toContain('| 8 | 0.5 | 2.69528 | 6.07133 |');
});

it('--digits is checked: 1 to 17', async () => {
  for (const bad of ['0', '18', '2.5']) {
    const r = await cli(['predict', '--N', '8', '--abar', '0.5', '--digits', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--digits/);
  }
});

it('one output format at a time', async () => {
  const r = await cli(['predict', '--N', '8', '--abar', '0.5', '--latex', '--jsonl']);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/one output format/);
});
