import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { symmetricEigen } from '../../src/linalg/symmetricEigen.js';
import { EmpiricalDraw } from '../../src/montecarlo/empiricalDraw.js';
import { noiseLevel } from '../../src/predictions/model/noiseLevel.js';
import { Random } from '../../src/random/random.js';
import { sampleWishartDiagonal } from '../../src/random/wishartBartlett.js';

/**
 * A draw with N < d ('dc') back-transforms only the range eigenvectors of Σ̂ and gives the null
 * modes equal shares of the null-space totals (empiricalDraw.ts nullShares). Every measure is a
 * function of those totals, so it must agree with the 'ql' draw, which forms all d eigenvectors,
 * to rounding: the two differ by the eigensolvers' rounding (~d·ε of ‖Σ̂‖ in each weight) and the
 * totals' subtraction (~d·ε of tr Σ), so 1e-11 of each measure's magnitude (or of 1) is a
 * generous bound that a wrong share (off by a factor, a missed mode) fails by orders of magnitude.
 */
const TOL = 1e-11;

function close(a: number, b: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(TOL * Math.max(1, Math.abs(b)));
}

describe('rank-deficient draws: null modes from the range modes alone', () => {
  const law = { mode: (x: number, out: Float64Array) => ((out[0] = x / (x + 0.3)), (out[1] = 0.05 + 0.9 * x)) };
  for (const [d, N, mean, sampling] of [[60, 20, 'estimated', 'data'], [60, 20, 'known', 'wishart'], [101, 40, 'estimated', 'wishart'], [40, 41, 'estimated', 'data'], [50, 200, 'known', 'data']] as const) {
    it(`d = ${d}, N = ${N}, ${mean} mean, ${sampling}: every measure as with all eigenvectors ('ql')`, () => {
      const lam = Float64Array.from({ length: d }, (_, i) => 1 / (1 + i) ** 1.3);
      const mu = Float64Array.from({ length: d }, (_, i) => Math.sin(i));
      const make = (eigenMethod: 'dc' | 'ql') => EmpiricalDraw.sample({ eigenvalues: lam, N, mean, rng: new Random(5), sampling, eigenMethod });
      const dc = make('dc');
      const ql = make('ql');
      for (const level of [noiseLevel(0.5), noiseLevel(0.9, { c: 0.2 }), noiseLevel(0.01, { c: 1 })]) {
        const a = dc.losses(level);
        const b = ql.losses(level);
        for (const k of ['trainLoss', 'testLoss', 'gap', 'referenceLoss', 'alignment'] as const) close(a[k], b[k]);
      }
      close(dc.kl(1e-3), ql.kl(1e-3));
      close(dc.samplerKl(law), ql.samplerKl(law));
      close(dc.samplerKl(law, mu), ql.samplerKl(law, mu));
      // The per-mode weights of the range modes are unchanged in kind; the null modes share equally.
      const rank = Math.min(d, mean === 'known' ? N : N - 1);
      let cNull = 0, qNull = 0;
      for (let j = 0; j < d - rank; j++) {
        expect(dc.sigmaWeights[j]).toBe(dc.sigmaWeights[0]);
        cNull += dc.sigmaWeights[j];
        qNull += ql.sigmaWeights[j];
      }
      close(cNull, qNull);
    });
  }
});

describe('symmetricEigen vectorsFrom', () => {
  it("gives the wanted rows bit for bit as the full back-transformation, the others zero ('dc' only)", () => {
    for (const [d, from] of [[50, 30], [300, 120], [420, 100]]) {
      const lam = Float64Array.from({ length: d }, (_, i) => 1 + i);
      const a = sampleWishartDiagonal(lam, d - from, 1 / d, new Random(d));
      const full = symmetricEigen(a, d, { method: 'dc', layout: 'rows' });
      const part = symmetricEigen(a, d, { method: 'dc', layout: 'rows', vectorsFrom: from });
      expect(Array.from(part.values)).toEqual(Array.from(full.values));
      expect(Array.from(part.vectors!.subarray(from * d))).toEqual(Array.from(full.vectors!.subarray(from * d)));
      expect(part.vectors!.subarray(0, from * d).every((x) => x === 0)).toBe(true);
    }
    const a = new Float64Array([2, 1, 1, 2]);
    expect(() => symmetricEigen(a, 2, { method: 'dc', vectorsFrom: 3 })).toThrow(InvalidArgumentError);
    expect(() => symmetricEigen(a, 2, { method: 'ql', vectorsFrom: 1 })).toThrow(InvalidArgumentError);
    expect(() => symmetricEigen(a, 2, { method: 'dc', vectorsFrom: 0.5 })).toThrow(InvalidArgumentError);
  });
});
