/**
 * Tables for reading (Markdown, LaTeX): one number notation per column chosen from its range,
 * `digits` significant digits, no trailing zeros, booktabs LaTeX with escaped text
 * (docs/output-schema.md "Numbers in Markdown and LaTeX").
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { columnNotation, formatNumber, infiniteMeanStderr, latexEscape, toLatex, toMarkdown, toJsonLines } from '../../src/tables/index.js';

/** The numeric cells of a Markdown table, column by column. */
function markdownColumns(md: string): string[][] {
  const rows = md
    .trim()
    .split('\n')
    .slice(2)
    .map((l) => l.slice(2, -2).split(' | '));
  return rows[0].map((_, j) => rows.map((r) => r[j]));
}

const notationOf = (cell: string) => (/e[+-]\d+$/.test(cell) ? 'scientific' : 'positional');

describe('one notation per column', () => {
  it('the issue example: 5749680.3 above 11470812.9 are both scientific (not 5749680 above 1.14708e+7)', () => {
    const md = toMarkdown({ columns: ['loss'], rows: [[5749680.3], [11470812.9]] });
    expect(markdownColumns(md)[0]).toEqual(['5.74968e+6', '1.14708e+7']);
  });

  it('whole numbers (N, counts) are written exactly, whatever --digits', () => {
    expect(columnNotation([16, 1024, 5749680])).toBe('integer');
    expect(markdownColumns(toMarkdown({ columns: ['N'], rows: [[16], [5749681]] }, 3))[0]).toEqual(['16', '5749681']);
  });

  it('values in [1e-3, 10^digits) stay positional; a column reaching out goes scientific as a whole', () => {
    expect(columnNotation([5749680.3], 6)).toBe('scientific');
    expect(columnNotation([5749680.3], 7)).toBe('fixed');
    expect(columnNotation([1234.5], 3)).toBe('scientific');
    expect(columnNotation([0.5, 123.25, 0.001])).toBe('fixed');
    expect(columnNotation([0.5, 123.25, 0.0009])).toBe('scientific');
    expect(columnNotation([0.5, 0, Infinity, null, 'x'])).toBe('fixed');
    expect(markdownColumns(toMarkdown({ columns: ['x'], rows: [[0.5], [0.0009]] }))[0]).toEqual(['5e-1', '9e-4']);
  });

  test.prop([fc.array(fc.double({ min: -1e12, max: 1e12, noNaN: true }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 17 })], { examples: [[[1.0926075381236185e-29], 16]] })('every cell of a column has the same notation, ≤ digits significant digits, no trailing zero, and rounds to the value', (values, digits) => {
    const md = toMarkdown({ columns: ['v'], rows: values.map((v) => [v]) }, digits);
    const cells = markdownColumns(md)[0];
    const notation = columnNotation(values, digits);
    // 0 is written 0 in every notation; every other cell shares the column's notation.
    expect(new Set(cells.filter((c) => c !== '0').map(notationOf)).size).toBeLessThanOrEqual(1);
    cells.forEach((c, i) => {
      if (notation === 'integer') {
        expect(Number(c)).toBe(values[i]);
        return;
      }
      const mantissa = c.replace(/^-/, '').replace(/e[+-]\d+$/, '');
      if (mantissa.includes('.')) expect(mantissa, c).not.toMatch(/0$/);
      const significant = mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
      expect(significant.length, c).toBeLessThanOrEqual(digits);
      // Rounded to `digits` significant digits: within half a unit of the last digit — plus the
      // half ulp that reading the printed decimal back into a double (Number(c)) adds, which at 16–17
      // digits is the same size (found by fast-check: 1.0926075381236185e-29 at 16 digits).
      if (values[i] !== 0) expect(Math.abs(Number(c) - values[i])).toBeLessThanOrEqual(Math.abs(values[i]) * (0.5 * 10 ** (1 - digits) * (1 + 1e-12) + Number.EPSILON));
    });
  });

  it('no false trailing zeros: 0.5 not 0.500000, 2 not 2.00000; zero is 0 in every notation', () => {
    expect(formatNumber(0, 'scientific', 6)).toBe('0');
    expect(formatNumber(0.5, 'fixed', 6)).toBe('0.5');
    expect(formatNumber(2, 'fixed', 6)).toBe('2');
    expect(formatNumber(1200, 'scientific', 6)).toBe('1.2e+3');
    expect(formatNumber(-0.000123456789, 'scientific', 3)).toBe('-1.23e-4');
    expect(formatNumber(0.1 + 0.2, 'fixed', 6)).toBe('0.3');
  });

  it('±∞ as ∞ / −∞, NaN and missing as empty cells', () => {
    expect(toMarkdown({ columns: ['a', 'b', 'c', 'd'], rows: [[Infinity, -Infinity, NaN, null]] }).split('\n')[2]).toBe('| ∞ | −∞ |  |  |');
  });
});

describe('LaTeX', () => {
  const tex = toLatex({ columns: ['N', 'testLoss_theory', 'regime'], rows: [[16, 0.5, 'a&b'], [4096, -1.25e7, '50%']] }, 'curve: spectrum powerlaw:d=256,k=1; seed #1', 4);

  it('booktabs rules, a caption with the settings, no \\num{}', () => {
    const lines = tex.trim().split('\n');
    expect(lines).toContain('\\toprule');
    expect(lines).toContain('\\midrule');
    expect(lines).toContain('\\bottomrule');
    expect(lines.indexOf('\\toprule')).toBeLessThan(lines.indexOf('\\midrule'));
    expect(tex).toContain('\\caption{curve: spectrum powerlaw:d=256,k=1; seed \\#1}');
    expect(tex).not.toContain('\\num');
    expect(tex).toContain('\\begin{tabular}{rrl}');
  });

  it('escapes special characters in names and text; one notation per column in math mode', () => {
    expect(tex).toContain('N & testLoss\\_theory & regime \\\\');
    expect(tex).toContain('16 & $5\\times10^{-1}$ & a\\&b \\\\');
    expect(tex).toContain('4096 & $-1.25\\times10^{7}$ & 50\\% \\\\');
    expect(latexEscape('a_b{c}~^\\$#')).toBe('a\\_b\\{c\\}\\textasciitilde{}\\textasciicircum{}\\textbackslash{}\\$\\#');
  });
});

it('JSON Lines: one object per line, ±∞ as 1e999', () => {
  const text = toJsonLines([{ a: 1, b: Infinity }, { a: 2, b: null }]);
  expect(text).toBe('{"a":1,"b":1e999}\n{"a":2,"b":null}\n');
  expect(text.trim().split('\n').map((l) => JSON.parse(l))).toEqual([{ a: 1, b: Infinity }, { a: 2, b: null }]);
});

it('infiniteMeanStderr: the standard error beside an infinite mean is +∞ (0 and NaN replaced), finite means untouched', () => {
  const columns = ['N', 'kl_mc_mean', 'kl_mc_stderr', 'mc_mean', 'mc_stderr', 'x_mc_stderr'];
  const rows = [
    [2, Infinity, 0, -Infinity, NaN, 1],
    [4, 1.5, 0.25, 2, 0, 3],
  ];
  expect(infiniteMeanStderr(columns, rows)).toEqual([
    [2, Infinity, Infinity, -Infinity, Infinity, 1],
    [4, 1.5, 0.25, 2, 0, 3],
  ]);
});
