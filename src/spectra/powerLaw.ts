import { InvalidArgumentError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { requireFinite, requireInteger, requirePositive } from '../validate.js';
import { normalizeTrace } from './normalize.js';
import { createSpectrum, type Spectrum } from './spectrum.js';

/**
 * Power law λ_ν ∝ ν^{−k}, ν = 1..d, scaled so that tr Σ = trace (default d, i.e. unit mean
 * eigenvalue). k may be any finite real (k = 0 is isotropic).
 *
 * @example
 * ```ts
 * const spectrum = powerLawSpectrum({ d: 256, k: 1 });           // λ_ν ∝ ν^(−1), tr Σ = d
 * ```
 */
export function powerLawSpectrum(options: { d: number; k: number; trace?: number }): Spectrum {
  const d = requireInteger('d', options.d, 1);
  const k = requireFinite('k', options.k);
  if (d > LIMITS.spectrumEntries) throw new InvalidArgumentError('d', d, `must be <= ${LIMITS.spectrumEntries} (distinct eigenvalues limit; use iso: for a large isotropic Σ)`);
  const trace = requirePositive('trace', options.trace ?? d);
  // The spread λ_1/λ_d = d^|k| must be a double (and leave room for the trace normalisation).
  const log10Spread = Math.abs(k) * Math.log10(d);
  const range = `eigenvalues must lie in [${LIMITS.eigenvalueMin}, ${LIMITS.eigenvalueMax}]`;
  if (log10Spread > 150) throw new InvalidArgumentError('k', k, `makes λ_1/λ_d = d^|k| = 10^${Math.round(log10Spread)}: ${range} (needs |k|·log10(d) <= 150)`);
  // ν^{-k} in log space so that large k·log d does not underflow before normalisation.
  const logs = new Float64Array(d);
  for (let nu = 1; nu <= d; nu++) logs[nu - 1] = -k * Math.log(nu);
  let maxLog = -Infinity;
  for (const l of logs) if (l > maxLog) maxLog = l;
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = Math.exp(logs[i] - maxLog);
  normalizeTrace(values, null, trace);
  for (const v of values) {
    if (!(v >= LIMITS.eigenvalueMin && v <= LIMITS.eigenvalueMax)) {
      throw new InvalidArgumentError(k !== 0 && log10Spread > 100 ? 'k' : 'trace', k !== 0 && log10Spread > 100 ? k : trace, `gives an eigenvalue ${v}: ${range}`);
    }
  }
  return createSpectrum(values);
}
