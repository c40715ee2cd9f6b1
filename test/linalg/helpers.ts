/** Shared helpers for the Monte Carlo kernel tests (not a test file itself). */
import { Matrix } from 'ml-matrix';
import { expect } from 'vitest';
import { ReplicaDiffusionError } from '../../src/errors.js';
import { haarOrthogonal } from '../../src/random/haar.js';
import { Random } from '../../src/random/random.js';

export const EPS = Number.EPSILON;

/** Flat row-major n × n → ml-matrix Matrix. */
export function toMl(a: Float64Array, rows: number, cols = rows): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.set(i, j, a[i * cols + j]);
  return m;
}

/** ml-matrix Matrix → flat row-major. */
export function fromMl(m: Matrix): Float64Array {
  const out = new Float64Array(m.rows * m.columns);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.columns; j++) out[i * m.columns + j] = m.get(i, j);
  return out;
}

export function frobenius(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** O·diag(λ)·Oᵀ, exactly symmetrised (computed once for i ≤ j and mirrored). */
export function fromEigen(o: Float64Array, lambda: ArrayLike<number>, n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += o[i * n + k] * lambda[k] * o[j * n + k];
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  return a;
}

/** Random SPD matrix B·Bᵀ/n + shift·I (well conditioned for shift ~ 1), from a seeded Random. */
export function randomSpd(n: number, seed: number, shift = 0.5): Float64Array {
  const rng = new Random(seed);
  const b = new Float64Array(n * n);
  rng.fillNormal(b);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k];
      s /= n;
      if (i === j) s += shift;
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  }
  return a;
}

/** SPD matrix with a prescribed spectrum, rotated by a Haar matrix. */
export function spdWithSpectrum(lambda: ArrayLike<number>, seed: number): Float64Array {
  const n = lambda.length;
  const o = haarOrthogonal(n, new Random(seed));
  return fromEigen(o, lambda, n);
}

/** VᵀV − I (Frobenius norm) for a row-major n × n V. */
export function orthogonalityError(v: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += v[k * n + i] * v[k * n + j];
      const r = dot - (i === j ? 1 : 0);
      s += r * r;
    }
  }
  return Math.sqrt(s);
}

/** Run fn, expect it to throw an instance of `ctor`, and return the error for further checks. */
export function catchError<E extends ReplicaDiffusionError>(
  fn: () => unknown,
  ctor: new (...args: never[]) => E,
): E {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ctor);
    return err as E;
  }
  throw new Error('expected an error to be thrown');
}

/** Sample mean and standard error of the mean. */
export function meanAndSe(xs: ArrayLike<number>): { mean: number; se: number } {
  const n = xs.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += xs[i];
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (xs[i] - m) * (xs[i] - m);
  v /= n - 1;
  return { mean: m, se: Math.sqrt(v / n) };
}
