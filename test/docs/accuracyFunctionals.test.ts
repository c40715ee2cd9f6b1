/**
 * docs/accuracy-functionals.json and .md (the measured accuracy of the dynamics, sampler and
 * Gaussian-structure corrections, docs/theory.md §6.9) are what docs/accuracy-functionals.mjs computes:
 * - a sample of cells (one per prediction, the cheap d = 32 ones) is recomputed from their seeds
 *   and compared with the JSON: Monte Carlo and theory to 1e-9 relative (stored to 12 digits; the
 *   eigen-solver's last bits may move), the applied flag exactly;
 * - the page is exactly what the renderer makes of the JSON;
 * - the summary the README quotes is recomputed from the JSON here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error — plain ES module without type declarations (it imports dist/).
import { functionalCell, functionalSpecs, functionalSummary, renderFunctionals, DRAWS } from '../../docs/accuracy-functionals.mjs';

type Row = [string, number, number, number, number, number];
interface Cell {
  kind: string;
  d: number;
  spectrum: string;
  N: number;
  seed: number;
  draws: number;
  rows: Row[];
}
const json = JSON.parse(readFileSync('docs/accuracy-functionals.json', 'utf8')) as { meta: { draws: number; resolve: number; ds: number[] }; cells: Cell[] };

describe('docs/accuracy-functionals.json: cells recomputed from their seeds', () => {
  it('holds every cell of the grid with its seed and draws', () => {
    const specs = functionalSpecs() as { kind: string; d: number; seed: number }[];
    expect(json.cells.map((c) => `${c.kind} ${c.d} ${c.seed}`)).toEqual(specs.map((s) => `${s.kind} ${s.d} ${s.seed}`));
    for (const c of json.cells) expect(c.draws).toBe(DRAWS);
  });

  const sample = (json.cells as Cell[]).filter((c) => c.d === 32 && c.N === 16 && c.spectrum === 'powerlaw-1');
  for (const kind of ['dynamics', 'sampler', 'distance']) {
    it(`${kind}, d = 32, N = 16, power law`, () => {
      const stored = sample.find((c) => c.kind === kind)!;
      const cell = functionalCell(stored) as Cell;
      expect(cell.rows.map((r) => r[0])).toEqual(stored.rows.map((r) => r[0]));
      cell.rows.forEach((r, i) => {
        for (let k = 1; k <= 4; k++) {
          const [a, b] = [r[k] as number, stored.rows[i][k] as number];
          expect(Math.abs(a - b), `${r[0]} column ${k}`).toBeLessThanOrEqual(1e-9 * Math.abs(b));
        }
        expect(r[5]).toBe(stored.rows[i][5]);
      });
    });
  }
});

describe('docs/accuracy-functionals.md', () => {
  it('is the rendering of the JSON', () => {
    expect(readFileSync('docs/accuracy-functionals.md', 'utf8')).toBe(renderFunctionals(json));
  });

  it('first order is closer to the Monte Carlo in the median for every prediction and d', () => {
    const summary = functionalSummary(json) as { kind: string; d: number; resolved: number; medianAsymptotic: number; medianFirstOrder: number }[];
    expect(summary).toHaveLength(9);
    for (const s of summary) {
      expect(s.resolved, `${s.kind} d=${s.d}`).toBeGreaterThan(0);
      expect(s.medianFirstOrder, `${s.kind} d=${s.d}`).toBeLessThan(0.3 * s.medianAsymptotic);
    }
  });
});
