/**
 * The denoiser interface of Li, Dai & Qu (2024) (docs/theory.md §10) and the batch conventions shared by every
 * file in this directory.
 *
 * A denoiser is a plain function D(x; σ): a batch of inputs in, a batch of outputs out, each a
 * row-major count × d Float64Array (row k is one input x_σ = x_0 + σ n in VE scale). The
 * function owns its dimension d (a closure over the model it was built from) and checks the
 * batch length itself, so measures (linearity score, score-field distance, samplers) can be
 * applied to any denoiser — Gaussian, memorising, or user-supplied.
 */
import { InvalidArgumentError } from '../errors.js';

export type Denoiser = (batch: Float64Array, sigma: number) => Float64Array;

/**
 * Rows in a batch of width d; throws naming `name` unless batch is a Float64Array of k·d entries.
 *
 * @example
 * ```ts
 * batchCount('x', new Float64Array(6), 3);   // 2 (rows of a batch with d = 3)
 * ```
 */
export function batchCount(name: string, batch: unknown, d: number): number {
  if (!(batch instanceof Float64Array)) throw new InvalidArgumentError(name, typeof batch, 'must be a Float64Array (row-major count × d)');
  if (batch.length % d !== 0) throw new InvalidArgumentError(name, `length ${batch.length}`, `must be a multiple of d = ${d}`);
  return batch.length / d;
}

/**
 * batchCount plus every entry finite (names the first bad index).
 *
 * @example
 * ```ts
 * requireFiniteBatch('x', new Float64Array([1, 2, 3, 4, 5, 6]), 3);   // 2 (a NaN or ∞ entry throws)
 * ```
 */
export function requireFiniteBatch(name: string, batch: unknown, d: number): number {
  const count = batchCount(name, batch, d);
  const b = batch as Float64Array;
  for (let i = 0; i < b.length; i++) {
    if (!Number.isFinite(b[i])) throw new InvalidArgumentError(`${name}[${i}]`, b[i], 'must be a finite number');
  }
  return count;
}

/**
 * Call a user denoiser and check that it returned a finite batch of the input's shape.
 *
 * @example
 * ```ts
 * applyDenoiser(gaussianDenoiser(model), new Float64Array([1, 1]), 1);   // ≈ [0.5, 0.667] for eigenvalues [1, 2]
 * ```
 */
export function applyDenoiser(denoiser: Denoiser, batch: Float64Array, sigma: number, name = 'denoiser'): Float64Array {
  if (typeof denoiser !== 'function') throw new InvalidArgumentError(name, typeof denoiser, 'must be a function (batch, sigma) => batch');
  const out = denoiser(batch, sigma);
  if (!(out instanceof Float64Array) || out.length !== batch.length) {
    throw new InvalidArgumentError(`${name} output`, out instanceof Float64Array ? `length ${out.length}` : typeof out, `must be a Float64Array of length ${batch.length}`);
  }
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw new InvalidArgumentError(`${name} output[${i}]`, out[i], 'must be finite');
  }
  return out;
}
