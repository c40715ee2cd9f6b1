import { InvalidArgumentError } from '../errors.js';
import { requireInteger } from '../validate.js';
import { createSpectrum, requireEigenvalue, type Spectrum } from './spectrum.js';

/**
 * Low rank plus floor, a manifold-like spectrum: r eigenvalues equal to `top` and d − r equal to
 * `floor` (default 1e-4). `top` defaults to the value that makes tr Σ = d.
 *
 * @example
 * ```ts
 * lowRankSpectrum({ d: 64, r: 4 });   // eigenvalues [16, 1e-4] with weights [4, 60]
 * ```
 */
export function lowRankSpectrum(options: { d: number; r: number; floor?: number; top?: number }): Spectrum {
  const d = requireInteger('d', options.d, 1);
  const r = requireInteger('r', options.r, 1);
  if (r > d) throw new InvalidArgumentError('r', r, `must be <= d (${d})`);
  const floor = requireEigenvalue('floor', options.floor ?? 1e-4);
  const top = options.top === undefined ? (d - (d - r) * floor) / r : requireEigenvalue('top', options.top);
  if (!(top > 0)) throw new InvalidArgumentError('floor', floor, 'is too large: no positive top eigenvalue gives tr Σ = d');
  requireEigenvalue('top', top);
  if (r === d) return createSpectrum([top], [d]);
  return createSpectrum([top, floor], [r, d - r]);
}
