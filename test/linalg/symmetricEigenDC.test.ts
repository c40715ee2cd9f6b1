import { fc, test } from '@fast-check/vitest';
import { EigenvalueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { applyReflectorsToRows, applyReflectorsToRowsBlocked } from '../../src/linalg/householderBackTransform.js';
import { symmetricEigen } from '../../src/linalg/symmetricEigen.js';
import { tridiagonalEigenDC } from '../../src/linalg/tridiagonalEigenDC.js';
import { tridiagonalQL } from '../../src/linalg/tridiagonalQL.js';
import { tridiagonalize } from '../../src/linalg/tridiagonalize.js';
import { Random } from '../../src/random/random.js';
import { EPS, catchError, frobenius, orthogonalityError, randomSpd, spdWithSpectrum, toMl } from './helpers.js';

/**
 * The divide-and-conquer path (method 'dc') against the same bounds as the QL path
 * (symmetricEigen.test.ts): with C = 20, eigenvalues within C·n·ε·‖A‖_F of ml-matrix's,
 * ‖A − VΛVᵀ‖_F ≤ C·n·ε·‖A‖_F and ‖VᵀV − I‖_F ≤ C·n·ε. Sizes are above the 25-row leaf size so
 * that the merges (secular equation, deflation, Löwner's recomputation) are what is tested.
 */
const C = 20;

function reconstructionError(a: Float64Array, values: Float64Array, v: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let t = 0;
      for (let k = 0; k < n; k++) t += v[i * n + k] * values[k] * v[j * n + k];
      s += (a[i * n + j] - t) ** 2;
    }
  }
  return Math.sqrt(s);
}

function checkDC(a: Float64Array, n: number): void {
  const res = symmetricEigen(a, n, { method: 'dc' });
  const norm = frobenius(a);
  const tol = C * n * EPS * norm;
  for (let i = 1; i < n; i++) expect(res.values[i]).toBeGreaterThanOrEqual(res.values[i - 1]);
  const ml = new EigenvalueDecomposition(toMl(a, n), { assumeSymmetric: true });
  const ref = [...ml.realEigenvalues].sort((x, y) => x - y);
  for (let i = 0; i < n; i++) expect(Math.abs(res.values[i] - ref[i])).toBeLessThanOrEqual(tol);
  const v = res.vectors!;
  expect(reconstructionError(a, res.values, v, n)).toBeLessThanOrEqual(tol);
  expect(orthogonalityError(v, n)).toBeLessThanOrEqual(C * n * EPS);
  // Vectors agree with QL's up to sign where the eigenvalue is well separated.
  const ql = symmetricEigen(a, n, { method: 'ql' });
  for (let j = 0; j < n; j++) {
    const gap = Math.min(j > 0 ? res.values[j] - res.values[j - 1] : Infinity, j < n - 1 ? res.values[j + 1] - res.values[j] : Infinity);
    if (gap < 1e-6 * norm) continue;
    let dot = 0;
    for (let k = 0; k < n; k++) dot += v[k * n + j] * ql.vectors![k * n + j];
    expect(1 - Math.abs(dot)).toBeLessThanOrEqual((20 * tol) / gap);
  }
  // Row layout is the transpose of the column layout, bit for bit.
  const rows = symmetricEigen(a, n, { method: 'dc', layout: 'rows' });
  expect(Array.from(rows.values)).toEqual(Array.from(res.values));
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(rows.vectors![j * n + i]).toBe(v[i * n + j]);
}

function symmetric(n: number, f: (i: number, j: number) => number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = f(i, j);
  return a;
}

describe("symmetricEigen method 'dc' vs ml-matrix", () => {
  for (const n of [26, 51, 100]) {
    test.prop([fc.integer({ min: 0, max: 2 ** 31 })], { seed: 31 + n, numRuns: n === 100 ? 3 : 8 })(`random SPD, n = ${n}`, (seed) => {
      checkDC(randomSpd(n, seed), n);
    });
  }

  test.prop([fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 26, max: 80 })], { seed: 8, numRuns: 10 })('indefinite, random sizes', (seed, n) => {
    checkDC(randomSpd(n, seed, -1), n);
  });

  it('rank-deficient Wishart (n = 120, rank 40): a null space of 80 equal eigenvalues deflates', () => {
    const n = 120;
    const x = new Random(4).fillNormal(new Float64Array(n * 40));
    checkDC(symmetric(n, (i, j) => { let s = 0; for (let k = 0; k < 40; k++) s += x[i * 40 + k] * x[j * 40 + k]; return s / 40; }), n);
  });

  it('repeated eigenvalues (clusters of 10 and 30), widely spread spectrum, graded diagonal', () => {
    const lambda = Array.from({ length: 60 }, (_, i) => (i < 10 ? 1 : i < 40 ? 2 : 10 ** (-6 + (8 * (i - 40)) / 19)));
    checkDC(spdWithSpectrum(lambda, 3), 60);
    checkDC(symmetric(70, (i, j) => (i === j ? 10 ** -(i % 15) : Math.abs(i - j) === 1 ? 1e-9 : 0)), 70);
  });

  it("tridiagonal inputs: Wilkinson's W₁₀₁⁺ (pairs agreeing to 1e-14+), the 1-D Laplacian, nearly equal diagonal", () => {
    checkDC(symmetric(101, (i, j) => (i === j ? Math.abs(50 - i) : Math.abs(i - j) === 1 ? 1 : 0)), 101);
    checkDC(symmetric(90, (i, j) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0)), 90);
    const g = new Random(2).fillNormal(new Float64Array(80 * 80));
    checkDC(symmetric(80, (i, j) => (i === j ? 1 + 1e-14 * i : 1e-15 * g[i * 80 + j])), 80);
  });

  it('block structure: a zero coupling at the cut deflates the whole merge', () => {
    const n = 60;
    const b1 = randomSpd(30, 7);
    const b2 = randomSpd(30, 8);
    checkDC(symmetric(n, (i, j) => (i < 30 && j < 30 ? b1[i * 30 + j] : i >= 30 && j >= 30 ? b2[(i - 30) * 30 + j - 30] : 0)), n);
  });

  it('diagonal, identity multiple and zero matrices are exact', () => {
    const n = 40;
    const diag = Array.from({ length: n }, (_, i) => ((i * 7) % 11) - 3);
    const res = symmetricEigen(symmetric(n, (i, j) => (i === j ? diag[i] : 0)), n, { method: 'dc' });
    expect(Array.from(res.values)).toEqual([...diag].sort((x, y) => x - y));
    for (let i = 0; i < n * n; i++) expect([0, 1, -1]).toContain(res.vectors![i]);
    const id = symmetricEigen(symmetric(n, (i, j) => (i === j ? 2.5 : 0)), n, { method: 'dc' });
    expect(Array.from(id.values)).toEqual(new Array(n).fill(2.5));
    const zero = symmetricEigen(new Float64Array(n * n), n, { method: 'dc' });
    expect(Array.from(zero.values)).toEqual(new Array(n).fill(0));
    expect(orthogonalityError(zero.vectors!, n)).toBe(0);
  });

  it('is deterministic and leaves its input alone', () => {
    const a = randomSpd(64, 11);
    const copy = Float64Array.from(a);
    const r1 = symmetricEigen(a, 64, { method: 'dc' });
    symmetricEigen(randomSpd(33, 1), 33, { method: 'dc' }); // another size in between (workspace reuse)
    const r2 = symmetricEigen(a, 64, { method: 'dc' });
    expect(Array.from(r2.values)).toEqual(Array.from(r1.values));
    expect(Array.from(r2.vectors!)).toEqual(Array.from(r1.vectors!));
    expect(Array.from(a)).toEqual(Array.from(copy));
  });

  it('rejects an unknown method or layout', () => {
    expect(catchError(() => symmetricEigen(randomSpd(3, 1), 3, { method: 'lapack' as 'dc' }), InvalidArgumentError).argument).toBe('options.method');
    expect(catchError(() => symmetricEigen(randomSpd(3, 1), 3, { layout: 'diagonal' as 'rows' }), InvalidArgumentError).argument).toBe('options.layout');
  });
});

describe('divide and conquer on the tridiagonal, and the back-transformation', () => {
  test.prop([fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 2, max: 140 })], { seed: 3, numRuns: 25 })(
    'eigenvalues match QL to rounding; rows are orthonormal eigenvectors of T',
    (seed, n) => {
      const rng = new Random(seed);
      const d = Float64Array.from({ length: n }, () => rng.normal());
      // Some exact zeros in e (split points) and some tiny ones (deflation).
      const e = Float64Array.from({ length: n }, (_, i) => (i === n - 1 ? 0 : i % 17 === 5 ? 0 : i % 13 === 7 ? 1e-18 : rng.normal()));
      const z = new Float64Array(n * n);
      const dd = Float64Array.from(d);
      expect(tridiagonalEigenDC(dd, e, n, z)).toBeGreaterThanOrEqual(0);
      const dq = Float64Array.from(d);
      const eq = Float64Array.from(e);
      expect(tridiagonalQL(dq, eq, n, null, 30 * n)).toBeGreaterThanOrEqual(0);
      dq.sort();
      let norm = 0;
      for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]) + Math.abs(e[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0));
      for (let i = 0; i < n; i++) expect(Math.abs(dd[i] - dq[i])).toBeLessThanOrEqual(C * n * EPS * norm);
      // ‖T z_j − λ_j z_j‖ and orthogonality of the rows.
      let res = 0;
      let orth = 0;
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          const zi = z[j * n + i];
          const tz = d[i] * zi + (i > 0 ? e[i - 1] * z[j * n + i - 1] : 0) + (i < n - 1 ? e[i] * z[j * n + i + 1] : 0);
          res = Math.max(res, Math.abs(tz - dd[j] * zi));
        }
        for (let k = 0; k < n; k++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += z[j * n + i] * z[k * n + i];
          orth = Math.max(orth, Math.abs(s - (j === k ? 1 : 0)));
        }
      }
      expect(res).toBeLessThanOrEqual(C * n * EPS * norm);
      expect(orth).toBeLessThanOrEqual(C * n * EPS);
    },
  );

  it('blocked (compact WY) and one-reflector-at-a-time back-transformations agree to rounding', () => {
    for (const n of [3, 4, 33, 70, 130]) {
      const a = randomSpd(n, n);
      const dd = new Float64Array(n), e = new Float64Array(n), tau = new Float64Array(n);
      tridiagonalize(a, n, dd, e, tau, new Float64Array(n), new Float64Array(n));
      const y = new Random(n).fillNormal(new Float64Array(7 * n));
      const y1 = Float64Array.from(y);
      const y2 = Float64Array.from(y);
      applyReflectorsToRows(a, n, tau, y1, 7);
      applyReflectorsToRowsBlocked(a, n, tau, y2, 7);
      for (let i = 0; i < y.length; i++) expect(Math.abs(y1[i] - y2[i])).toBeLessThanOrEqual(C * n * EPS * 3);
    }
  });
});
