import { fc, test } from '@fast-check/vitest';
import { EigenvalueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { ConvergenceError, InvalidArgumentError } from '../../src/errors.js';
import { symmetricEigen } from '../../src/linalg/symmetricEigen.js';
import {
  EPS,
  catchError,
  fromEigen,
  frobenius,
  orthogonalityError,
  randomSpd,
  spdWithSpectrum,
  toMl,
} from './helpers.js';

/**
 * Tolerances. Householder tridiagonalisation + QL is backward stable: the computed V, Λ are
 * exact for A + E with ‖E‖ ≤ p(n)·ε·‖A‖, p a modest polynomial (Golub & Van Loan §8.3.6). So:
 *   eigenvalues:    |λ̂_i − λ_i| ≤ ‖E‖₂ ≤ C·n·ε·‖A‖_F      (Weyl; ml-matrix has the same error)
 *   reconstruction: ‖A − V̂Λ̂V̂ᵀ‖_F ≤ C·n·ε·‖A‖_F
 *   orthogonality:  ‖V̂ᵀV̂ − I‖_F ≤ C·n·ε
 * with C = 20. Measured worst cases over 40 random matrices per size (SPD and indefinite), in
 * units of n·ε·‖A‖_F (resp. n·ε): eigenvalues 1.2, reconstruction 2.1, orthogonality 2.8, all at
 * n = 3, falling to 0.2 / 0.3 / 1.6 at n = 50 — so C = 20 leaves a margin of ≥ 7 while still
 * being a tight check (n = 50: 2.2e-13·‖A‖_F).
 */
const C = 20;

function reconstructionError(a: Float64Array, values: Float64Array, v: Float64Array, n: number): number {
  const r = Float64Array.from(a);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += v[i * n + k] * values[k] * v[j * n + k];
      r[i * n + j] -= s;
    }
  }
  return frobenius(r);
}

function checkDecomposition(a: Float64Array, n: number): void {
  const res = symmetricEigen(a, n, { vectors: true });
  const norm = frobenius(a);
  const tol = C * n * EPS * norm;
  // ascending
  for (let i = 1; i < n; i++) expect(res.values[i]).toBeGreaterThanOrEqual(res.values[i - 1]);
  // vs ml-matrix
  const ml = new EigenvalueDecomposition(toMl(a, n), { assumeSymmetric: true });
  const ref = [...ml.realEigenvalues].sort((x, y) => x - y);
  for (let i = 0; i < n; i++) expect(Math.abs(res.values[i] - ref[i])).toBeLessThanOrEqual(tol);
  // A = VΛVᵀ, VᵀV = I
  const v = res.vectors!;
  expect(reconstructionError(a, res.values, v, n)).toBeLessThanOrEqual(tol);
  expect(orthogonalityError(v, n)).toBeLessThanOrEqual(C * n * EPS);
  // eigenvectors agree with ml-matrix up to sign where the eigenvalue is well separated
  // (a perturbation ‖E‖ moves an eigenvector by ≲ ‖E‖/gap).
  const mlV = ml.eigenvectorMatrix;
  const mlOrder = ml.realEigenvalues.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
  for (let j = 0; j < n; j++) {
    const gap = Math.min(
      j > 0 ? res.values[j] - res.values[j - 1] : Infinity,
      j < n - 1 ? res.values[j + 1] - res.values[j] : Infinity,
    );
    if (gap < 1e-6 * norm) continue;
    const col = mlOrder[j][1];
    let dot = 0;
    for (let k = 0; k < n; k++) dot += v[k * n + j] * mlV.get(k, col);
    expect(1 - Math.abs(dot)).toBeLessThanOrEqual((10 * tol) / gap);
  }
  // values-only path: the QL recurrence for d, e never reads the vectors, so the values are
  // bit-for-bit those of the vectors path.
  const valuesOnly = symmetricEigen(a, n, { vectors: false });
  expect(valuesOnly.vectors).toBeUndefined();
  expect(Array.from(valuesOnly.values)).toEqual(Array.from(res.values));
  expect(valuesOnly.iterations).toBe(res.iterations);
}

describe('symmetricEigen vs ml-matrix on random SPD matrices', () => {
  for (const n of [1, 2, 3, 10, 50]) {
    test.prop([fc.integer({ min: 0, max: 2 ** 31 })], { seed: 20240601 + n, numRuns: n === 50 ? 4 : 15 })(
      `d = ${n}: eigenvalues, reconstruction, orthogonality`,
      (seed) => {
        checkDecomposition(randomSpd(n, seed), n);
      },
    );
  }

  test.prop([fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 2, max: 30 })], { seed: 7, numRuns: 20 })(
    'indefinite symmetric matrices (entries of both signs)',
    (seed, n) => {
      const a = randomSpd(n, seed, -1); // B·Bᵀ/n − I: eigenvalues of both signs
      checkDecomposition(a, n);
    },
  );

  test.prop([fc.integer({ min: 0, max: 2 ** 31 })], { seed: 99, numRuns: 5 })(
    'widely spread spectrum (1e-8 … 1e2)',
    (seed) => {
      const n = 20;
      const lambda = Array.from({ length: n }, (_, i) => 10 ** (-8 + (10 * i) / (n - 1)));
      const a = spdWithSpectrum(lambda, seed);
      checkDecomposition(a, n);
      const res = symmetricEigen(a, n, { vectors: false });
      for (let i = 0; i < n; i++) expect(Math.abs(res.values[i] - lambda[i])).toBeLessThanOrEqual(C * n * EPS * 100);
    },
  );
});

describe('symmetricEigen special inputs', () => {
  it('repeated eigenvalues: values exact to tolerance, vectors still orthonormal', () => {
    const lambda = [1, 1, 1, 2, 2, 5, 5, 5, 5, 0.5];
    const n = lambda.length;
    const a = spdWithSpectrum(lambda, 3);
    const res = symmetricEigen(a, n);
    const sorted = [...lambda].sort((x, y) => x - y);
    const tol = C * n * EPS * frobenius(a);
    for (let i = 0; i < n; i++) expect(Math.abs(res.values[i] - sorted[i])).toBeLessThanOrEqual(tol);
    expect(reconstructionError(a, res.values, res.vectors!, n)).toBeLessThanOrEqual(tol);
    expect(orthogonalityError(res.vectors!, n)).toBeLessThanOrEqual(C * n * EPS);
  });

  it('multiple of the identity: exact, V = I', () => {
    const n = 6;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) a[i * n + i] = 2.5;
    const res = symmetricEigen(a, n);
    expect(Array.from(res.values)).toEqual(new Array(n).fill(2.5));
    const id = new Float64Array(n * n);
    for (let i = 0; i < n; i++) id[i * n + i] = 1;
    expect(Array.from(res.vectors!)).toEqual(Array.from(id));
    expect(res.iterations).toBe(0);
  });

  it('diagonal input: values are the sorted diagonal exactly, V a permutation', () => {
    const diag = [3, -1, 7, 0, 2, 2, 1e-300, -5];
    const n = diag.length;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) a[i * n + i] = diag[i];
    const res = symmetricEigen(a, n);
    expect(Array.from(res.values)).toEqual([...diag].sort((x, y) => x - y));
    const v = res.vectors!;
    for (let j = 0; j < n; j++) {
      // column j is ±e_i for the i with diag[i] = values[j]
      let nonzero = 0;
      for (let i = 0; i < n; i++) {
        if (v[i * n + j] !== 0) {
          nonzero++;
          expect(Math.abs(v[i * n + j])).toBe(1);
          expect(diag[i]).toBe(res.values[j]);
        }
      }
      expect(nonzero).toBe(1);
    }
  });

  it('1 × 1', () => {
    const res = symmetricEigen(new Float64Array([-4.25]), 1);
    expect(Array.from(res.values)).toEqual([-4.25]);
    expect(Array.from(res.vectors!)).toEqual([1]);
    expect(res.iterations).toBe(0);
  });

  it('2 × 2 in closed form', () => {
    // [[2, 1], [1, 2]]: eigenvalues 1, 3 with vectors (1, −1)/√2, (1, 1)/√2
    const res = symmetricEigen(new Float64Array([2, 1, 1, 2]), 2);
    expect(res.values[0]).toBeCloseTo(1, 15);
    expect(res.values[1]).toBeCloseTo(3, 15);
    const v = res.vectors!;
    expect(Math.abs(v[0] * v[2] + v[1] * v[3])).toBeLessThan(1e-15);
    expect(Math.abs(Math.abs(v[1]) - Math.SQRT1_2)).toBeLessThan(1e-15);
    expect(Math.sign(v[1])).toBe(Math.sign(v[3]));
  });

  it('zero matrix', () => {
    const res = symmetricEigen(new Float64Array(9), 3);
    expect(Array.from(res.values)).toEqual([0, 0, 0]);
  });

  it('does not modify its input', () => {
    const a = randomSpd(8, 1);
    const copy = Float64Array.from(a);
    symmetricEigen(a, 8);
    expect(Array.from(a)).toEqual(Array.from(copy));
  });

  it('rank-one matrix u·uᵀ', () => {
    const n = 12;
    const u = Array.from({ length: n }, (_, i) => Math.cos(i + 1));
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = u[i] * u[j];
    const res = symmetricEigen(a, n);
    const uu = u.reduce((s, x) => s + x * x, 0);
    const tol = C * n * EPS * frobenius(a);
    expect(Math.abs(res.values[n - 1] - uu)).toBeLessThanOrEqual(tol);
    for (let i = 0; i < n - 1; i++) expect(Math.abs(res.values[i])).toBeLessThanOrEqual(tol);
    expect(orthogonalityError(res.vectors!, n)).toBeLessThanOrEqual(C * n * EPS);
  });

  it("Wilkinson's W₂₁⁺ (already tridiagonal, eigenvalues in pairs agreeing to ~1e-14)", () => {
    const n = 21;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = Math.abs(10 - i);
      if (i + 1 < n) {
        a[i * n + i + 1] = 1;
        a[(i + 1) * n + i] = 1;
      }
    }
    checkDecomposition(a, n);
    // the two largest eigenvalues, 10.746194182903322…, differ by ~1e-14
    const res = symmetricEigen(a, n, { vectors: false });
    expect(res.values[n - 1]).toBeCloseTo(10.746194182903393, 12);
    expect(res.values[n - 2]).toBeCloseTo(10.746194182903322, 12);
  });

  it('block-diagonal and arrowhead structure (reflectors with τ = 0 mid-way)', () => {
    // Two SPD blocks of sizes 5 and 6 with zeros between: columns 3 and 4 need no reflection.
    const n = 11;
    const b1 = randomSpd(5, 21);
    const b2 = randomSpd(6, 22);
    const a = new Float64Array(n * n);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) a[i * n + j] = b1[i * 5 + j];
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) a[(i + 5) * n + j + 5] = b2[i * 6 + j];
    checkDecomposition(a, n);
    // Arrowhead: diagonal plus a dense last row/column.
    const arrow = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      arrow[i * n + i] = i + 1;
      arrow[i * n + n - 1] = 0.5;
      arrow[(n - 1) * n + i] = 0.5;
    }
    arrow[n * n - 1] = 3;
    checkDecomposition(arrow, n);
  });

  it('d = 128 stays accurate', () => {
    const n = 128;
    const a = randomSpd(n, 5);
    const res = symmetricEigen(a, n);
    const tol = C * n * EPS * frobenius(a);
    expect(reconstructionError(a, res.values, res.vectors!, n)).toBeLessThanOrEqual(tol);
    expect(orthogonalityError(res.vectors!, n)).toBeLessThanOrEqual(C * n * EPS);
    // QL with Wilkinson shifts typically needs ~2 iterations per eigenvalue
    expect(res.iterations).toBeLessThan(4 * n);
  });
});

describe('symmetricEigen errors', () => {
  it('ConvergenceError when the iteration cap is exceeded', () => {
    const err = catchError(() => symmetricEigen(randomSpd(5, 2), 5, { maxIterations: 1 }), ConvergenceError);
    expect(err.iterations).toBe(1);
    expect(err.residual).toBeGreaterThan(0);
  });

  it('typed errors for invalid arguments', () => {
    expect(catchError(() => symmetricEigen(new Float64Array(4), 0), InvalidArgumentError).argument).toBe('n');
    expect(catchError(() => symmetricEigen(new Float64Array(4), 1.5), InvalidArgumentError).argument).toBe('n');
    expect(catchError(() => symmetricEigen(new Float64Array(5), 2), InvalidArgumentError).argument).toBe('a');
    expect(
      catchError(() => symmetricEigen([1, 0, 0, 1] as unknown as Float64Array, 2), InvalidArgumentError).argument,
    ).toBe('a');
    expect(catchError(() => symmetricEigen(new Float64Array([1, NaN, NaN, 1]), 2), InvalidArgumentError).argument).toBe(
      'a[1]',
    );
    const asym = catchError(() => symmetricEigen(new Float64Array([1, 2, 3, 1]), 2), InvalidArgumentError);
    expect(asym.argument).toBe('a[1,0]');
    expect(asym.value).toBe(3);
    expect(
      catchError(() => symmetricEigen(new Float64Array([1]), 1, { maxIterations: -1 }), InvalidArgumentError).argument,
    ).toBe('options.maxIterations');
  });

  it('accepts rounding-level asymmetry and uses the lower triangle', () => {
    const a = new Float64Array([2, 1 + 1e-15, 1, 2]);
    const res = symmetricEigen(a, 2);
    expect(res.values[0]).toBeCloseTo(1, 14);
    expect(res.values[1]).toBeCloseTo(3, 14);
  });
});
