import { InvalidArgumentError } from '../../errors.js';
import { requireSpectrum, type Spectrum } from '../../spectra/spectrum.js';
import { digamma } from './digamma.js';
import { modelEnsemble, type MeanMode } from '../model/ensemble.js';

/**
 * Exact finite-N expectation of KL(N(μ, Σ) ‖ N(μ̂, Σ̂)) (ε = 0) for Gaussian data, any Σ, from
 * Wishart identities rather than deterministic equivalents: with W = nŜ ~ W_d(n, Σ),
 *   E W⁻¹ = Σ⁻¹/(n − d − 1),   E log det W = Σ_{i=1..d} ψ((n − i + 1)/2) + d log 2 + log det Σ,
 * and δμ independent of Σ̂ with E δμδμᵀ = Σ/N (estimated mean):
 *   2 E KL = (1 + m) r n d/(n − d − 1) − d − d log r − d log n + d log 2 + Σ_i ψ((n − i + 1)/2).
 * Requires n > d + 1 (n = N − 1 with the estimated mean, N with the known one). Independent of Σ.
 * The terms cancel to O(d²/N): for N/d above ~1e6 prefer klDivergence (its error is O(1/d) instead).
 *
 * @example
 * ```ts
 * klDivergenceExact({ spectrum: powerLawSpectrum({ d: 256, k: 1 }), N: 4096 });   // ≈ 4.50 (nats)
 * ```
 */
export function klDivergenceExact(options: { spectrum: Spectrum; N: number; mean?: MeanMode }): number {
  const spectrum = requireSpectrum(options.spectrum);
  const ens = modelEnsemble(options.N, options.mean ?? 'estimated');
  const { n, r, meanFactor } = ens;
  const d = spectrum.d;
  if (!Number.isInteger(d)) throw new InvalidArgumentError('spectrum.d', d, 'must be a whole number for the Wishart identities');
  if (!(n > d + 1)) throw new InvalidArgumentError('N', options.N, `needs n = ${n} > d + 1 = ${d + 1} for E Σ̂⁻¹ to exist`);
  let psiSum = 0;
  for (let i = 1; i <= d; i++) psiSum += digamma((n - i + 1) / 2);
  const twoKl = ((1 + meanFactor) * r * n * d) / (n - d - 1) - d - d * Math.log1p(ens.rMinusOne) - d * Math.log(n / 2) + psiSum;
  return 0.5 * twoKl;
}
