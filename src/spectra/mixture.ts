import { InvalidArgumentError } from '../errors.js';
import { requireInteger, requireOpenInterval, requirePositive } from '../validate.js';
import { createSpectrum, requireEigenvalue, type Spectrum } from './spectrum.js';

/**
 * A finite mixture: eigenvalue `values[i]` carries fraction `fractions[i]` of the d dimensions.
 * Fractions must be positive and sum to 1 (within 1e-12); the weights are d·fraction (not
 * necessarily whole numbers — Monte Carlo needs whole ones).
 *
 * @example
 * ```ts
 * mixtureSpectrum({ d: 100, values: [2, 0.5], fractions: [0.3, 0.7] });   // eigenvalues [2, 0.5] with weights [30, 70]
 * ```
 */
export function mixtureSpectrum(options: { d: number; values: number[]; fractions: number[] }): Spectrum {
  const d = requirePositive('d', options.d);
  const { values, fractions } = options;
  if (values.length !== fractions.length) {
    throw new InvalidArgumentError('fractions', fractions, `must have one entry per value (${values.length})`);
  }
  let total = 0;
  for (let i = 0; i < fractions.length; i++) total += requirePositive(`fractions[${i}]`, fractions[i]);
  if (Math.abs(total - 1) > 1e-12) throw new InvalidArgumentError('fractions', fractions, 'must sum to 1');
  return createSpectrum(values, fractions.map((f) => f * d));
}

/**
 * Two-point spectrum: a fraction p of the d dimensions at eigenvalue b, the rest at a.
 * With p·d whole the weights are whole numbers (round p·d yourself if you need Monte Carlo).
 *
 * @example
 * ```ts
 * twoPointSpectrum({ d: 100, a: 2, b: 0.5, p: 0.3 });   // eigenvalues [2, 0.5] with weights [70, 30]
 * ```
 */
export function twoPointSpectrum(options: { d: number; a: number; b: number; p: number }): Spectrum {
  const d = requireInteger('d', options.d, 1);
  const a = requireEigenvalue('a', options.a);
  const b = requireEigenvalue('b', options.b);
  const p = requireOpenInterval('p', options.p, 0, 1);
  return createSpectrum([a, b], [(1 - p) * d, p * d]);
}
