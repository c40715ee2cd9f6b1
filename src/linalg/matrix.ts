/**
 * Small dense-matrix helpers shared by the Monte Carlo kernels, plus the argument checks for
 * flat matrices.
 *
 * Conventions (used by every file in this directory): a matrix is a flat `Float64Array` in
 * row-major order, `a[i * cols + j]` = A_ij, with its shape passed explicitly. Kernels here
 * assume valid input; the `require*` helpers are what public entry points call first.
 */
import { InvalidArgumentError } from '../errors.js';
import { requireInteger } from '../validate.js';
import { gramKernel } from './gram.js';

/** The n × n identity matrix. */
export function identity(n: number): Float64Array {
  requireInteger('n', n, 0);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

/** Aᵀ for a rows × cols matrix A (the result is cols × rows). */
export function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  requireInteger('rows', rows, 0);
  requireInteger('cols', cols, 0);
  requireFloat64Array('a', a, rows * cols);
  const out = new Float64Array(rows * cols);
  transposeKernel(a, rows, cols, out);
  return out;
}

/**
 * Kernel of {@link transpose}: out (cols × rows) = Aᵀ. Blocked in 32 × 32 tiles so that both the
 * strided reads and the strided writes stay within a few cache lines per tile; a plain double
 * loop makes one of the two sides jump a full row per element, which is slow once d ≳ 512.
 */
export function transposeKernel(a: Float64Array, rows: number, cols: number, out: Float64Array): void {
  const B = 32;
  for (let i0 = 0; i0 < rows; i0 += B) {
    const i1 = Math.min(i0 + B, rows);
    for (let j0 = 0; j0 < cols; j0 += B) {
      const j1 = Math.min(j0 + B, cols);
      for (let i = i0; i < i1; i++) {
        const ri = i * cols;
        for (let j = j0; j < j1; j++) out[j * rows + i] = a[ri + j];
      }
    }
  }
}

/** C = A·B with A m × k and B k × n (C is m × n). */
export function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  requireInteger('m', m, 0);
  requireInteger('k', k, 0);
  requireInteger('n', n, 0);
  requireFloat64Array('a', a, m * k);
  requireFloat64Array('b', b, k * n);
  const out = new Float64Array(m * n);
  matmulKernel(a, b, m, k, n, out);
  return out;
}

/**
 * Kernel of {@link matmul}: out = A·B, out zeroed by the caller. Loop order i–p–j ("saxpy"
 * form): the innermost loop adds a multiple of row p of B to row i of C, so both are walked
 * contiguously; the textbook i–j–p order would stride down a column of B instead.
 */
export function matmulKernel(
  a: Float64Array,
  b: Float64Array,
  m: number,
  k: number,
  n: number,
  out: Float64Array,
): void {
  for (let i = 0; i < m; i++) {
    const ri = i * n;
    const ai = i * k;
    for (let p = 0; p < k; p++) {
      const aip = a[ai + p];
      const rp = p * n;
      for (let j = 0; j < n; j++) out[ri + j] += aip * b[rp + j];
    }
  }
}

/** C = A·Bᵀ with A m × k and B n × k (C is m × n): each entry is a dot product of two rows. */
export function matmulTransposeB(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  requireInteger('m', m, 0);
  requireInteger('k', k, 0);
  requireInteger('n', n, 0);
  requireFloat64Array('a', a, m * k);
  requireFloat64Array('b', b, n * k);
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
      out[i * n + j] = s;
    }
  }
  return out;
}

/** Check that `a` is a Float64Array of exactly `length` entries (entries not inspected). */
export function requireFloat64Array(name: string, a: unknown, length: number): Float64Array {
  if (!(a instanceof Float64Array)) {
    throw new InvalidArgumentError(name, describe(a), 'must be a Float64Array');
  }
  if (a.length !== length) {
    throw new InvalidArgumentError(name, `length ${a.length}`, `must have length ${length}`);
  }
  return a;
}

/** {@link requireFloat64Array} plus every entry finite; names the first bad index. */
export function requireFiniteFloat64Array(name: string, a: unknown, length: number): Float64Array {
  const v = requireFloat64Array(name, a, length);
  for (let i = 0; i < length; i++) {
    if (!Number.isFinite(v[i])) throw new InvalidArgumentError(`${name}[${i}]`, v[i], 'must be a finite number');
  }
  return v;
}

function describe(a: unknown): unknown {
  if (a === null || typeof a !== 'object') return a;
  const ctor = (a as { constructor?: { name?: string } }).constructor;
  return ctor?.name ?? 'object';
}

/**
 * G = M Mᵀ for a row-major rows × cols matrix M (the Gram matrix of its rows), rows × rows.
 * Only the upper triangle is computed and then mirrored, so G is exactly symmetric; each entry is
 * the dot product summed in column order (register-blocked, see gram.ts).
 */
export function gramRows(m: Float64Array, rows: number, cols: number): Float64Array {
  const g = new Float64Array(rows * rows);
  gramKernel(m, rows, cols, g);
  return g;
}
