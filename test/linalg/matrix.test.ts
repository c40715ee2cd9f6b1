import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { identity, matmul, matmulTransposeB, transpose } from '../../src/linalg/matrix.js';
import { Random } from '../../src/random/random.js';
import { catchError, fromMl, maxAbsDiff, toMl } from './helpers.js';

describe('matrix helpers', () => {
  test.prop(
    [fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 })],
    { seed: 3, numRuns: 25 },
  )('matmul and matmulTransposeB agree with ml-matrix', (seed, m, k, n) => {
    const rng = new Random(seed);
    const a = rng.fillNormal(new Float64Array(m * k));
    const b = rng.fillNormal(new Float64Array(k * n));
    const ref = fromMl(toMl(a, m, k).mmul(toMl(b, k, n)));
    expect(maxAbsDiff(matmul(a, b, m, k, n), ref)).toBeLessThan(1e-12);
    const bt = transpose(b, k, n);
    expect(maxAbsDiff(matmulTransposeB(a, bt, m, k, n), ref)).toBeLessThan(1e-12);
  });

  test.prop([fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 })], { seed: 4, numRuns: 25 })(
    'transpose (blocked) is exact and an involution',
    (rows, cols) => {
      const a = Float64Array.from({ length: rows * cols }, (_, i) => i);
      const t = transpose(a, rows, cols);
      let mismatches = 0;
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (t[j * rows + i] !== a[i * cols + j]) mismatches++;
      expect(mismatches).toBe(0);
      expect(Array.from(transpose(t, cols, rows))).toEqual(Array.from(a));
    },
  );

  it('identity', () => {
    expect(Array.from(identity(3))).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(identity(0).length).toBe(0);
  });

  it('typed errors', () => {
    expect(catchError(() => identity(-1), InvalidArgumentError).argument).toBe('n');
    expect(catchError(() => transpose(new Float64Array(5), 2, 3), InvalidArgumentError).argument).toBe('a');
    expect(catchError(() => matmul(new Float64Array(6), new Float64Array(5), 2, 3, 2), InvalidArgumentError).argument).toBe('b');
    expect(catchError(() => matmul(new Float64Array(6), new Float64Array(6), 2, 3, 1.5), InvalidArgumentError).argument).toBe('n');
  });
});

describe('gramRows', () => {
  it('equals M·Mᵀ and is exactly symmetric', async () => {
    const { gramRows, matmulTransposeB } = await import('../../src/linalg/matrix.js');
    const m = Float64Array.from({ length: 12 }, (_, i) => Math.sin(i + 1));
    const g = gramRows(m, 3, 4);
    const ref = matmulTransposeB(m, m, 3, 4, 3);
    for (let i = 0; i < 9; i++) expect(g[i]).toBeCloseTo(ref[i], 14);
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) expect(g[a * 3 + b]).toBe(g[b * 3 + a]);
  });
});
