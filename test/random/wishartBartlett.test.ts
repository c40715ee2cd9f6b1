import { describe, expect, it } from 'vitest';
import { sampleChiSquare, sampleGamma } from '../../src/random/gammaSample.js';
import { Random } from '../../src/random/random.js';
import { bartlettFactor, sampleWishartDiagonal } from '../../src/random/wishartBartlett.js';
import { symmetricEigen } from '../../src/linalg/symmetricEigen.js';
import { meanStderr } from '../../src/statistics/summaryStatistics.js';

/** |estimate − exact| ≤ 4 standard errors of the estimate: the only tolerance used here. */
function expectMean(values: ArrayLike<number>, exact: number, what: string): void {
  const s = meanStderr(Float64Array.from(values));
  expect(Math.abs(s.mean - exact), `${what}: ${s.mean} ± ${s.stderr} vs ${exact}`).toBeLessThanOrEqual(4 * s.stderr);
}

describe('gamma and chi-square variates (Marsaglia–Tsang)', () => {
  it('mean and variance of Gamma(a) and χ²_k', () => {
    const rng = new Random(17);
    for (const a of [0.5, 1, 2.5, 10]) {
      const x = Array.from({ length: 20000 }, () => sampleGamma(a, rng));
      expectMean(x, a, `E Gamma(${a})`);
      expectMean(x.map((v) => (v - a) ** 2), a, `Var Gamma(${a})`);
      expect(Math.min(...x)).toBeGreaterThan(0);
    }
    for (const k of [1, 2, 7, 60]) {
      const x = Array.from({ length: 20000 }, () => sampleChiSquare(k, rng));
      expectMean(x, k, `E χ²_${k}`);
      expectMean(x.map((v) => (v - k) ** 2), 2 * k, `Var χ²_${k}`);
    }
  });

  it('is a fixed function of the stream', () => {
    const a = Array.from({ length: 50 }, (_, i) => sampleGamma(1 + (i % 5), Random.forStream(3, i)));
    const b = Array.from({ length: 50 }, (_, i) => sampleGamma(1 + (i % 5), Random.forStream(3, i)));
    expect(a).toEqual(b);
  });
});

describe('Bartlett decomposition of W_d(diag λ, n)', () => {
  it('factor shape: lower-triangular, positive diagonal, columns ≥ n zero (n < d)', () => {
    const d = 7;
    for (const n of [3, 7, 12]) {
      const A = bartlettFactor(d, n, new Random(n));
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          const v = A[i * d + j];
          if (j > i || j >= n) expect(v).toBe(0);
          else if (j === i) expect(v).toBeGreaterThan(0);
          else expect(Number.isFinite(v) && v !== 0).toBe(true);
        }
      }
      // rank min(n, d) exactly: d − n zero eigenvalues when n < d (up to rounding)
      const W = sampleWishartDiagonal(new Float64Array(d).fill(1), n, 1, new Random(n));
      const ev = symmetricEigen(W, d, { vectors: false }).values;
      const tiny = ev.filter((x) => Math.abs(x) < 1e-12 * ev[d - 1]).length;
      expect(tiny).toBe(Math.max(0, d - n));
    }
  });

  // Exact moments of W ~ W_d(Σ, n), Σ = diag(λ): E W = nΣ, Var W_ii = 2nλ_i², Var W_ij = nλ_iλ_j,
  // and for n > d + 1, E W⁻¹ = Σ⁻¹/(n − d − 1) (Muirhead Thm 3.2.12, 3.2.16).
  for (const [d, n] of [[4, 9], [5, 3]] as const) {
    it(`first and second moments, d = ${d}, n = ${n}${n < d ? ' (singular)' : ''}`, () => {
      const lam = Float64Array.from({ length: d }, (_, i) => 0.5 + i);
      const draws = 6000;
      const W = Array.from({ length: draws }, (_, k) => sampleWishartDiagonal(lam, n, 1, Random.forStream(41, k)));
      for (let i = 0; i < d; i++) {
        for (let j = i; j < d; j++) {
          const x = W.map((w) => w[i * d + j]);
          const mean = i === j ? n * lam[i] : 0;
          const variance = i === j ? 2 * n * lam[i] * lam[i] : n * lam[i] * lam[j];
          expectMean(x, mean, `E W[${i},${j}]`);
          expectMean(x.map((v) => (v - mean) ** 2), variance, `Var W[${i},${j}]`);
          expect(W[0][i * d + j]).toBe(W[0][j * d + i]);
        }
      }
    });
  }

  it('E W⁻¹ = Σ⁻¹/(n − d − 1), the inverse moment (d = 4, n = 12)', () => {
    const d = 4;
    const n = 12;
    const lam = Float64Array.from([0.3, 1, 2, 7]);
    const inv = Array.from({ length: 6000 }, (_, k) => {
      const w = sampleWishartDiagonal(lam, n, 1, Random.forStream(43, k));
      const e = symmetricEigen(w, d);
      // diag of W⁻¹ = Σ_j V_ij² / λ̂_j
      return Array.from({ length: d }, (_, i) => {
        let s = 0;
        for (let j = 0; j < d; j++) s += e.vectors![i * d + j] ** 2 / e.values[j];
        return s;
      });
    });
    for (let i = 0; i < d; i++) expectMean(inv.map((v) => v[i]), 1 / (lam[i] * (n - d - 1)), `E (W⁻¹)[${i},${i}]`);
  });
});
