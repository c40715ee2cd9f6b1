import { fc, test } from '@fast-check/vitest';
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { cholesky, choleskyLogDet, choleskySolve } from '../../src/linalg/cholesky.js';
import { Random } from '../../src/random/random.js';
import { EPS, catchError, frobenius, fromMl, randomSpd, toMl } from './helpers.js';

/**
 * Tolerances. Cholesky is backward stable: L̂·L̂ᵀ = A + E with ‖E‖ ≤ c·n·ε·‖A‖ (Higham,
 * "Accuracy and Stability of Numerical Algorithms", Thm 10.3). For the well-conditioned test
 * matrices (B·Bᵀ/n + ½·I, κ ≲ 10) the forward error of L is of the same order, relative to
 * √‖A‖. Measured worst ratios were ≤ 0.5 (reconstruction) and ≤ 0.2 (L vs ml-matrix), so
 * C = 20 is a generous yet meaningful bound.
 */
const C = 20;

describe('cholesky vs ml-matrix', () => {
  for (const n of [1, 2, 3, 10, 50]) {
    test.prop([fc.integer({ min: 0, max: 2 ** 31 })], { seed: 1000 + n, numRuns: n === 50 ? 5 : 15 })(
      `d = ${n}: factor, reconstruction, solve, log-determinant`,
      (seed) => {
        const a = randomSpd(n, seed);
        const norm = frobenius(a);
        const l = cholesky(a, n);
        // lower triangular with positive diagonal
        for (let i = 0; i < n; i++) {
          expect(l[i * n + i]).toBeGreaterThan(0);
          for (let j = i + 1; j < n; j++) expect(l[i * n + j]).toBe(0);
        }
        // vs ml-matrix
        const ref = fromMl(new CholeskyDecomposition(toMl(a, n)).lowerTriangularMatrix);
        for (let i = 0; i < n * n; i++) expect(Math.abs(l[i] - ref[i])).toBeLessThanOrEqual(C * n * EPS * Math.sqrt(norm));
        // L·Lᵀ = A
        const r = Float64Array.from(a);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let k = 0; k < n; k++) s += l[i * n + k] * l[j * n + k];
            r[i * n + j] -= s;
          }
        }
        expect(frobenius(r)).toBeLessThanOrEqual(C * n * EPS * norm);

        // Solve with 1 and 3 right-hand sides; compare with ml-matrix and check the residual.
        const rng = new Random(seed);
        for (const nrhs of [1, 3]) {
          const b = new Float64Array(n * nrhs);
          rng.fillNormal(b);
          const bCopy = Float64Array.from(b);
          const x = choleskySolve(l, n, b, nrhs);
          expect(Array.from(b)).toEqual(Array.from(bCopy));
          const xRef = fromMl(new CholeskyDecomposition(toMl(a, n)).solve(toMl(b, n, nrhs)));
          const xNorm = frobenius(x);
          for (let i = 0; i < n * nrhs; i++) expect(Math.abs(x[i] - xRef[i])).toBeLessThanOrEqual(1e-12 * (1 + xNorm));
          for (let i = 0; i < n; i++) {
            for (let c = 0; c < nrhs; c++) {
              let s = 0;
              for (let k = 0; k < n; k++) s += a[i * n + k] * x[k * nrhs + c];
              expect(Math.abs(s - b[i * nrhs + c])).toBeLessThanOrEqual(C * n * EPS * norm * (1 + xNorm));
            }
          }
        }

        // log det = Σ log λ_i
        const evd = new EigenvalueDecomposition(toMl(a, n), { assumeSymmetric: true });
        const logDet = evd.realEigenvalues.reduce((s, v) => s + Math.log(v), 0);
        expect(Math.abs(choleskyLogDet(l, n) - logDet)).toBeLessThanOrEqual(1e-12 * n);
      },
    );
  }
});

describe('cholesky special cases', () => {
  it('1 × 1 and diagonal', () => {
    expect(Array.from(cholesky(new Float64Array([9]), 1))).toEqual([3]);
    expect(Array.from(cholesky(new Float64Array([4, 0, 0, 0, 1, 0, 0, 0, 0.25]), 3))).toEqual([
      2, 0, 0, 0, 1, 0, 0, 0, 0.5,
    ]);
    expect(choleskyLogDet(new Float64Array([2, 0, 0, 0.5]), 2)).toBe(0);
  });

  it('known 3 × 3 example', () => {
    // A = L·Lᵀ with L = [[2,0,0],[6,1,0],[-8,5,3]]
    const a = new Float64Array([4, 12, -16, 12, 37, -43, -16, -43, 98]);
    expect(Array.from(cholesky(a, 3))).toEqual([2, 0, 0, 6, 1, 0, -8, 5, 3]);
    const x = choleskySolve(cholesky(a, 3), 3, new Float64Array([4, 12, -16]));
    expect(Array.from(x).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([1, 0, 0]);
    expect(choleskyLogDet(cholesky(a, 3), 3)).toBeCloseTo(2 * Math.log(6), 14);
  });

  it('reads only the lower triangle', () => {
    const a = randomSpd(6, 4);
    const garbled = Float64Array.from(a);
    for (let i = 0; i < 6; i++) for (let j = i + 1; j < 6; j++) garbled[i * 6 + j] = 1e6 * (i - j);
    expect(Array.from(cholesky(garbled, 6))).toEqual(Array.from(cholesky(a, 6)));
  });

  it('agrees with ml-matrix on a large-ish matrix (d = 120)', () => {
    const n = 120;
    const a = randomSpd(n, 8);
    const l = cholesky(a, n);
    const ref = new CholeskyDecomposition(new Matrix(Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, i * n + n)))));
    const lRef = fromMl(ref.lowerTriangularMatrix);
    let m = 0;
    for (let i = 0; i < n * n; i++) m = Math.max(m, Math.abs(l[i] - lRef[i]));
    expect(m).toBeLessThan(1e-12);
  });
});

describe('cholesky errors', () => {
  it('not positive definite: names the pivot index and value', () => {
    // [[1, 2], [2, 1]]: second pivot 1 − 2² = −3
    const e1 = catchError(() => cholesky(new Float64Array([1, 2, 2, 1]), 2), InvalidArgumentError);
    expect(e1.argument).toBe('a');
    expect(e1.value).toEqual({ pivot: 1, value: -3 });
    expect(e1.message).toContain('pivot 1 = -3');
    // zero matrix fails at pivot 0 with value 0; negative definite at pivot 0
    expect(catchError(() => cholesky(new Float64Array(4), 2), InvalidArgumentError).value).toEqual({ pivot: 0, value: 0 });
    expect(catchError(() => cholesky(new Float64Array([-2]), 1), InvalidArgumentError).value).toEqual({ pivot: 0, value: -2 });
    // singular PSD: u·uᵀ with u = (1, 1, 1), fails at pivot 1 with exactly 0
    expect(catchError(() => cholesky(new Float64Array(9).fill(1), 3), InvalidArgumentError).value).toEqual({
      pivot: 1,
      value: 0,
    });
  });

  it('invalid arguments', () => {
    expect(catchError(() => cholesky(new Float64Array(4), 0), InvalidArgumentError).argument).toBe('n');
    expect(catchError(() => cholesky(new Float64Array(3), 2), InvalidArgumentError).argument).toBe('a');
    expect(catchError(() => cholesky(new Float64Array([1, 0, Infinity, 1]), 2), InvalidArgumentError).argument).toBe(
      'a[2]',
    );
    const l = cholesky(new Float64Array([4, 0, 0, 9]), 2);
    expect(catchError(() => choleskySolve(l, 2, new Float64Array(3)), InvalidArgumentError).argument).toBe('b');
    expect(catchError(() => choleskySolve(l, 2, new Float64Array(2), 0), InvalidArgumentError).argument).toBe('nrhs');
    expect(catchError(() => choleskySolve(new Float64Array([1, 0, 0, 0]), 2, new Float64Array(2)), InvalidArgumentError).argument).toBe(
      'l[1,1]',
    );
    expect(catchError(() => choleskyLogDet(new Float64Array([1, 0, 0, -1]), 2), InvalidArgumentError).argument).toBe(
      'l[1,1]',
    );
  });
});
