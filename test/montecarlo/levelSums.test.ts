import { afterEach, describe, expect, it } from 'vitest';
import { setWasmKernels } from '../../src/linalg/wasmKernels.js';
import { EmpiricalDraw, type DrawLosses } from '../../src/montecarlo/empiricalDraw.js';
import { modeSums, modeSumsTs, modeSumsWasmActive } from '../../src/montecarlo/levelSums.js';
import { noiseLevel } from '../../src/predictions/model/noiseLevel.js';
import { linearSchedule } from '../../src/predictions/model/noiseSchedule.js';
import { Random } from '../../src/random/random.js';
import { expandEigenvalues, powerLawSpectrum } from '../../src/spectra/index.js';

/**
 * lossTotals (the Monte Carlo's sum over a schedule) must give exactly the bits of summing
 * losses() level by level, whichever kernel ran (WebAssembly lanes or TypeScript).
 */
afterEach(() => setWasmKernels(true));

function loopTotals(draw: EmpiricalDraw, levels: ReturnType<typeof noiseLevel>[]): DrawLosses {
  const acc: DrawLosses = { trainLoss: 0, testLoss: 0, gap: 0, referenceLoss: 0, alignment: 0 };
  for (const level of levels) {
    const l = draw.losses(level);
    for (const m of Object.keys(acc) as (keyof DrawLosses)[]) acc[m] += l[m];
  }
  return acc;
}

describe('per-level sums (levelSums.ts)', () => {
  it('the WebAssembly kernel is available in Node 20', () => {
    expect(modeSumsWasmActive()).toBe(true);
  });

  for (const d of [1, 2, 3, 5, 17, 64]) {
    it(`d = ${d}: lossTotals = Σ losses() bit for bit, WebAssembly and TypeScript, level counts 1, 3, 4, 7, 1000`, () => {
      const lam = expandEigenvalues(powerLawSpectrum({ d, k: 1 }));
      for (const sampling of ['data', 'wishart'] as const) {
        const draw = EmpiricalDraw.sample({ eigenvalues: lam, N: 2 * d + 1, mean: 'estimated', rng: Random.forStream(3, d), sampling });
        const all = Array.from(linearSchedule().alphaBar, (a) => noiseLevel(a));
        for (const L of [1, 3, 4, 7, 1000]) {
          const levels = all.slice(0, L).map((_, i) => all[Math.floor((i * all.length) / L)]);
          const want = loopTotals(draw, levels);
          setWasmKernels(true);
          expect(draw.lossTotals(levels)).toEqual(want);
          setWasmKernels(false);
          expect(draw.lossTotals(levels)).toEqual(want);
          setWasmKernels(true);
        }
      }
    });
  }

  it('c ≠ 0 falls back to losses() per level (same bits)', () => {
    const lam = expandEigenvalues(powerLawSpectrum({ d: 9, k: 1 }));
    const draw = EmpiricalDraw.sample({ eigenvalues: lam, N: 30, mean: 'estimated', rng: new Random(4) });
    const levels = [0.9, 0.5, 0.1].map((a) => noiseLevel(a, { c: 0.2 }));
    expect(draw.lossTotals(levels)).toEqual(loopTotals(draw, levels));
  });

  it('modeSums: WebAssembly lanes = TypeScript on awkward inputs (zeros, tiny and huge ridges)', () => {
    const d = 37;
    const rng = new Random(9);
    const lh = Float64Array.from({ length: d }, (_, j) => (j < 5 ? 0 : Math.exp(6 * rng.normal())));
    const cw = Float64Array.from({ length: d }, () => Math.abs(rng.normal()));
    const mw = Float64Array.from({ length: d }, () => rng.normal() ** 2);
    const levels = [1e-12, 1e-4, 0.3, 0.5, 0.99].map((a) => noiseLevel(1 - a));
    const a = new Float64Array(3 * levels.length);
    const b = new Float64Array(3 * levels.length);
    modeSums(lh, cw, mw, levels, a);
    modeSumsTs(lh, cw, mw, levels, b);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('scratchVectors draws (reused buffers) measure exactly what ordinary draws do, c = 0 and c > 0', () => {
    const lam = expandEigenvalues(powerLawSpectrum({ d: 40, k: 1 }));
    const levels0 = [0.9, 0.5, 0.1].map((a) => noiseLevel(a));
    const levelsC = [0.9, 0.5, 0.1].map((a) => noiseLevel(a, { c: 0.3 }));
    for (const sampling of ['data', 'wishart'] as const) {
      for (let k = 0; k < 3; k++) {
        const plain = EmpiricalDraw.sample({ eigenvalues: lam, N: 50, mean: 'estimated', rng: Random.forStream(2, k), sampling });
        const reused = EmpiricalDraw.sample({ eigenvalues: lam, N: 50, mean: 'estimated', rng: Random.forStream(2, k), sampling, scratchVectors: true });
        expect(Array.from(reused.sampleEigenvalues)).toEqual(Array.from(plain.sampleEigenvalues));
        expect(Array.from(reused.sigmaWeights)).toEqual(Array.from(plain.sigmaWeights));
        expect(reused.lossTotals(levelsC)).toEqual(plain.lossTotals(levelsC));
        expect(reused.lossTotals(levels0)).toEqual(plain.lossTotals(levels0));
        expect(reused.kl(1e-3)).toBe(plain.kl(1e-3));
      }
    }
  });
});
