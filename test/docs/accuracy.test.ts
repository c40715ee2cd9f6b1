/**
 * The accuracy atlas (docs/accuracy.json, docs/accuracy.md) is what docs/accuracy.mjs computes:
 * - a fixed sample of cells is recomputed from their seeds and compared with the JSON — values to
 *   1e-9 relative, not bit for bit (the eigen-solver's rounding may change in the last bits; the
 *   relative errors, stored to 6 digits, to 1e-5, the allowances, stored to 4, to 1e-3; the 0/1
 *   verdicts exactly);
 * - the page is exactly what the renderer makes of the JSON (no Monte Carlo: fast);
 * - the page's headline statistics are recomputed here from the JSON by independent code.
 */
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HARD_EDGE_BELOW } from '../../src/predictions/finiteSize/finiteSize.js';
// @ts-expect-error — plain ES module without type declarations (docs/accuracy.mjs imports dist/).
import { atlasCell, cellSeed, atlasSpecs, renderAtlas, DRAWS } from '../../docs/accuracy.mjs';
import { monteCarlo } from '../../src/montecarlo/monteCarlo.js';
import { powerLawSpectrum } from '../../src/spectra/index.js';

type Row = number[];
interface AbarRecord {
  abar: number;
  finiteSize: number[];
  [measure: string]: Row | number;
}
interface Cell {
  classId: string;
  d: number;
  ratio: string;
  N: number;
  seed: number;
  draws: number;
  abars: AbarRecord[];
  kl: { finiteSize: number[]; kl: Row };
}
interface Atlas {
  meta: { columns: string[]; measures: string[]; ds: number[]; sigmas: number; resolve: number };
  cells: Cell[];
}

const JSON_PATH = 'docs/accuracy.json';
const atlas = JSON.parse(readFileSync(JSON_PATH, 'utf8')) as Atlas;
const col = Object.fromEntries(atlas.meta.columns.map((c, i) => [c, i])) as Record<string, number>;
const LOSSES = ['trainLoss', 'testLoss', 'gap', 'alignment'];
const row = (a: AbarRecord, m: string) => a[m] as Row;

/** Six small cells at d = 32/64 (one per class, N ≤ d: the cheap draws) and one at d = 128. */
const SAMPLE = [
  { classId: 'powerlaw-1', d: 32, ratio: '1+1/d' }, // the hard edge
  { classId: 'geometric-12', d: 32, ratio: '1' },
  { classId: 'twopoint', d: 32, ratio: '1/2' },
  { classId: 'lowrank', d: 64, ratio: '1/4' },
  { classId: 'powerlaw-2', d: 64, ratio: '1' },
  { classId: 'powerlaw-0.5', d: 64, ratio: '1/2' },
  { classId: 'powerlaw-1', d: 128, ratio: '1/4' },
];

/** Columns stored to 6 significant digits (relative errors) or 4 (allowances); the rest to 12. */
const TOLERANCE: Record<string, number> = { errAsymptotic: 1e-5, errFirstOrder: 1e-5, allowanceAsymptotic: 1e-3, allowanceFirstOrder: 1e-3, sdTheory: 1e-5, sdMc: 1e-5, sdMcStderr: 1e-2 };
const VERDICTS = new Set(['resolved', 'passAsymptotic', 'passFirstOrder']);

function expectRow(actual: Row, stored: Row, label: string) {
  atlas.meta.columns.forEach((c, i) => {
    if (VERDICTS.has(c)) expect(actual[i], `${label} ${c}`).toBe(stored[i]);
    else expect(Math.abs(actual[i] - stored[i]), `${label} ${c}: ${actual[i]} vs ${stored[i]}`).toBeLessThanOrEqual((TOLERANCE[c] ?? 1e-9) * Math.abs(stored[i]));
  });
}

function expectInfo(actual: number[], stored: number[], label: string) {
  expect(Math.abs(actual[0] - stored[0]), `${label} relativeSize`).toBeLessThanOrEqual(1e-9 * Math.abs(stored[0]));
  expect(actual.slice(1, 3), `${label} applied, reliable`).toEqual(stored.slice(1, 3));
  expect(Math.abs(actual[3] - stored[3]), `${label} distance from the hard edge`).toBeLessThanOrEqual(1e-9 * Math.abs(stored[3]));
}

describe('docs/accuracy.json: a sample of cells recomputed from their seeds', () => {
  it('holds every cell of the grid, each with its derived seed and the draws of its d, in a small file', () => {
    const specs = atlasSpecs() as { classId: string; d: number; ratio: string }[];
    expect(atlas.cells.map((c) => `${c.classId} ${c.d} ${c.ratio}`)).toEqual(specs.map((s) => `${s.classId} ${s.d} ${s.ratio}`));
    for (const c of atlas.cells) {
      expect(c.seed).toBe(cellSeed(c));
      expect(c.draws).toBe(DRAWS[c.d]);
    }
    expect(new Set(atlas.cells.map((c) => c.seed)).size).toBe(atlas.cells.length);
    expect(statSync(JSON_PATH).size).toBeLessThan(500_000);
  });

  for (const spec of SAMPLE) {
    it(`${spec.classId} d=${spec.d} N/d=${spec.ratio}`, () => {
      const cell = atlasCell(spec) as Cell;
      const stored = atlas.cells.find((c) => c.classId === spec.classId && c.d === spec.d && c.ratio === spec.ratio)!;
      expect({ N: cell.N, seed: cell.seed, draws: cell.draws }).toEqual({ N: stored.N, seed: stored.seed, draws: stored.draws });
      cell.abars.forEach((a, j) => {
        const s = stored.abars[j];
        expect(a.abar).toBe(s.abar);
        expectInfo(a.finiteSize, s.finiteSize, `ᾱ=${a.abar}`);
        for (const m of LOSSES) expectRow(row(a, m), row(s, m), `ᾱ=${a.abar} ${m}`);
      });
      expectInfo(cell.kl.finiteSize, stored.kl.finiteSize, 'kl');
      expectRow(cell.kl.kl, stored.kl.kl, 'kl');
    });
  }

  it("a cell's Monte Carlo is monteCarlo() with the cell's seed, at each ᾱ (the page says so)", () => {
    const spec = { classId: 'powerlaw-1', d: 32, ratio: '1/2', draws: 40 };
    const cell = atlasCell(spec) as Cell;
    const spectrum = powerLawSpectrum({ d: 32, k: 1 });
    for (const a of cell.abars) {
      const mc = monteCarlo({ spectrum, N: 16, abar: a.abar, eps: 1e-2, draws: 40, seed: cellSeed(spec) });
      for (const m of LOSSES) expect(row(a, m)[col.mcMean]).toBe(Number(mc[m as 'testLoss'].mean.toPrecision(12)));
      expect(cell.kl.kl[col.mcMean]).toBe(Number(mc.kl.mean.toPrecision(12)));
    }
  });
});

describe('docs/accuracy.md', () => {
  const md = readFileSync('docs/accuracy.md', 'utf8');

  it('is exactly what docs/accuracy-render.mjs renders from docs/accuracy.json (npm run docs, or node docs/accuracy.mjs --render)', () => {
    expect(md === renderAtlas(atlas), 'docs/accuracy.md is stale: run node docs/accuracy.mjs --render and commit').toBe(true);
  });

  it("every record's derived fields follow from its values (errors, resolved, verdicts)", () => {
    const { sigmas, resolve } = atlas.meta;
    for (const cell of atlas.cells) {
      for (const v of [...cell.abars.flatMap((a) => LOSSES.map((m) => row(a, m))), cell.kl.kl]) {
        const mc = v[col.mcMean];
        const se = v[col.mcStderr];
        expect(Math.abs(v[col.errAsymptotic] - (v[col.asymptotic] - mc) / mc)).toBeLessThanOrEqual(1e-5 * Math.abs(v[col.errAsymptotic]) + 1e-11);
        expect(Math.abs(v[col.errFirstOrder] - (v[col.firstOrder] - mc) / mc)).toBeLessThanOrEqual(1e-5 * Math.abs(v[col.errFirstOrder]) + 1e-11);
        expect(v[col.resolved]).toBe(Math.abs(v[col.correction]) >= resolve * se ? 1 : 0);
        for (const [t, allow, pass] of [
          [v[col.asymptotic], v[col.allowanceAsymptotic], v[col.passAsymptotic]],
          [v[col.firstOrder], v[col.allowanceFirstOrder], v[col.passFirstOrder]],
        ]) {
          const slack = sigmas * se + allow * Math.abs(t) - Math.abs(t - mc);
          // Allowances are stored to 4 digits: only a verdict decided by more than that is checked.
          if (Math.abs(slack) > 1e-3 * allow * Math.abs(t)) expect(pass, `${cell.classId} d=${cell.d} ${cell.ratio}`).toBe(slack >= 0 ? 1 : 0);
        }
      }
    }
  });

  it("the headline table's counts, medians, 0.3× fractions and allowance coverage agree with the JSON", () => {
    const table = md.split('## Headline')[1].split('\n## ')[0];
    const lines = table.split('\n').filter((l) => /^\| (\d+|\*\*all\*\*) \|/.test(l));
    expect(lines.length).toBe(atlas.meta.ds.length + 1);
    for (const line of lines) {
      const cells = line.split('|').slice(1, -1).map((s) => s.trim());
      const d = cells[0] === '**all**' ? null : Number(cells[0]);
      // Independent of the renderer: every (cell, ᾱ, measure) point, the KL once per cell.
      const points: { v: Row; flagged: boolean }[] = [];
      const flaggedOf = (info: number[]) => info[1] === 0 || info[3] < HARD_EDGE_BELOW;
      for (const cell of atlas.cells) {
        if (d !== null && cell.d !== d) continue;
        for (const a of cell.abars) for (const m of LOSSES) points.push({ v: row(a, m), flagged: flaggedOf(a.finiteSize) });
        points.push({ v: cell.kl.kl, flagged: flaggedOf(cell.kl.finiteSize) });
      }
      const resolved = points.filter((p) => p.v[col.resolved] === 1);
      const clean = resolved.filter((p) => !p.flagged);
      const met = clean.filter((p) => Math.abs(p.v[col.errFirstOrder]) <= 0.3 * Math.abs(p.v[col.errAsymptotic]));
      const noise = clean.filter((p) => !met.includes(p) && Math.abs(p.v[col.firstOrder] - p.v[col.mcMean]) <= 3 * p.v[col.mcStderr]);
      const median = (xs: number[]) => {
        const s = [...xs].sort((a, b) => a - b);
        return (s[Math.floor((s.length - 1) / 2)] + s[Math.ceil((s.length - 1) / 2)]) / 2;
      };
      // Printed in % to 2 significant digits: within half a unit of the last digit.
      const closeTo = (printed: string, value: number) => expect(Math.abs(Number(printed) - 100 * value)).toBeLessThanOrEqual(0.5 * 10 ** (Math.floor(Math.log10(100 * value)) - 1) * 1.0001);
      const count = (s: string) => Number(s.split('/')[0]);
      expect(Number(cells[1])).toBe(points.length);
      expect(Number(cells[2])).toBe(resolved.length);
      expect(Number(cells[3])).toBe(clean.length);
      closeTo(cells[4], median(clean.map((p) => Math.abs(p.v[col.errAsymptotic]))));
      closeTo(cells[5], median(clean.map((p) => Math.abs(p.v[col.errFirstOrder]))));
      expect(cells[6]).toMatch(new RegExp(`^${met.length}/${clean.length} `));
      expect(cells[7]).toBe(`${noise.length} / ${clean.length - met.length - noise.length}`);
      expect(Number(cells[8])).toBe(clean.filter((p) => Math.abs(p.v[col.errFirstOrder]) > Math.abs(p.v[col.errAsymptotic])).length);
      expect(count(cells[9])).toBe(points.filter((p) => p.v[col.passAsymptotic] === 1).length);
      expect(count(cells[10])).toBe(points.filter((p) => p.v[col.passFirstOrder] === 1).length);
      expect(cells[11]).toMatch(new RegExp(`^${resolved.filter((p) => p.v[col.passFirstOrder] === 1).length}/${resolved.length} `));
    }
  });
});
