/**
 * Issue 22: a valid 3 × d data matrix (entries (7i + 3j) mod 11) has a rank-2 covariance; its
 * d − 2 exact zero eigenvalues made the implicit QL stall (d = 64: a graded tail whose rotations
 * underflow, no sweep changes anything) and the plain tridiagonalisation divide 0 by 0 (d = 256:
 * "did not converge … (residual NaN)"; at d = 2048 after 34 s). Both now converge: the two
 * non-zero eigenvalues to rounding against the 3 × 3 Gram matrix, the zeros to ε‖Σ‖.
 */
import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '../../src/linalg/symmetricEigen.js';

function rankTwoCovariance(d: number): { cov: Float64Array; gramValues: number[] } {
  const N = 3;
  const X = Array.from({ length: N }, (_, i) => Float64Array.from({ length: d }, (_, j) => (7 * i + 3 * j) % 11));
  const mu = new Float64Array(d);
  for (const r of X) for (let j = 0; j < d; j++) mu[j] += r[j] / N;
  const Y = X.map((r) => r.map((v, j) => v - mu[j]));
  const cov = new Float64Array(d * d);
  for (const r of Y) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a * d + b] += (r[a] * r[b]) / (N - 1);
  // The non-zero eigenvalues of YᵀY/(N−1) are those of the 3 × 3 Gram matrix YYᵀ/(N−1).
  const G = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let k = 0; k < 3; k++) for (let j = 0; j < d; j++) G[i * 3 + k] += (Y[i][j] * Y[k][j]) / (N - 1);
  const g = symmetricEigen(G, 3, { vectors: false }).values;
  return { cov, gramValues: [g[2], g[1]] };
}

describe('symmetric eigensolver on a rank-2 covariance (exact zero eigenvalues)', () => {
  for (const d of [64, 256]) {
    for (const [method, vectors] of [['ql', false], ['ql', true], ['dc', true]] as const) {
      it(`d = ${d}, ${method}${vectors ? ' with vectors' : ', values only'}: converges, two eigenvalues as the Gram matrix's, the rest ~0`, () => {
        const { cov, gramValues } = rankTwoCovariance(d);
        const r = symmetricEigen(cov, d, { method, vectors });
        const v = r.values;
        expect(v.every(Number.isFinite)).toBe(true);
        const top = v[d - 1];
        // Rounding of an O(d)-term matrix: a few thousand ε relative.
        expect(Math.abs(v[d - 1] - gramValues[0]) / top).toBeLessThan(1e-11);
        expect(Math.abs(v[d - 2] - gramValues[1]) / top).toBeLessThan(1e-11);
        for (let j = 0; j < d - 2; j++) expect(Math.abs(v[j]) / top).toBeLessThan(1e-12 * d);
      });
    }
  }
});
