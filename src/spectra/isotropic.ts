import { requireInteger } from '../validate.js';
import { createSpectrum, requireEigenvalue, type Spectrum } from './spectrum.js';

/**
 * Σ = variance · I_d.
 *
 * @example
 * ```ts
 * const spectrum = isotropicSpectrum({ d: 100 });                // Σ = I_100
 * ```
 */
export function isotropicSpectrum(options: { d: number; variance?: number }): Spectrum {
  const d = requireInteger('d', options.d, 1);
  const variance = requireEigenvalue('variance', options.variance ?? 1);
  return createSpectrum([variance], [d]);
}
