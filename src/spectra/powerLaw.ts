import { requireFinite, requireInteger, requirePositive } from '../validate.js';
import { normalizeTrace } from './normalize.js';
import { createSpectrum, type Spectrum } from './spectrum.js';

/**
 * Power law λ_ν ∝ ν^{−k}, ν = 1..d, scaled so that tr Σ = trace (default d, i.e. unit mean
 * eigenvalue). k may be any finite real (k = 0 is isotropic).
 */
export function powerLawSpectrum(options: { d: number; k: number; trace?: number }): Spectrum {
  const d = requireInteger('d', options.d, 1);
  const k = requireFinite('k', options.k);
  const trace = requirePositive('trace', options.trace ?? d);
  // ν^{-k} in log space so that large k·log d does not underflow before normalisation.
  const logs = new Float64Array(d);
  for (let nu = 1; nu <= d; nu++) logs[nu - 1] = -k * Math.log(nu);
  let maxLog = -Infinity;
  for (const l of logs) if (l > maxLog) maxLog = l;
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = Math.exp(logs[i] - maxLog);
  return createSpectrum(normalizeTrace(values, null, trace));
}
