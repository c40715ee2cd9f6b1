import { requireSpectrum, type Spectrum } from '../../spectra/spectrum.js';
import { InvalidArgumentError } from '../../errors.js';
import { requireNonNegative } from '../../validate.js';
import { modelEnsemble, type MeanMode, type ModelEnsemble } from '../model/ensemble.js';
import { statisticCovariance, tracePoint } from './traceCovariance.js';

/**
 * The spread of KL(N(μ, Σ) ‖ N(μ̂, Σ̂ + εI)) over training sets (docs/theory.md §6.10). With
 * Σ̂ + ε = (Ŝ + w)/r, w = rε, one training set's KL is
 *
 *   2 KL = r tr ΣG + r δμᵀGδμ + log det(Ŝ + w) + const,   G = (Ŝ + w)⁻¹,
 *
 * so, δμ ~ N(0, Σ/N) being independent of Ŝ, 4 Var KL = (1 + m)² r² Var tr ΣG + Var log det
 * + 2(1 + m) r Cov(tr ΣG, log det) + 2 r² E tr((GΣ)²)/N² (m = 1/N with the estimated mean, 0
 * with the known one; the last term at its deterministic equivalent with G ≍ (κ/w)(Σ + κ)⁻¹).
 */
export interface KlSpreadOptions {
  spectrum: Spectrum;
  N: number;
  /** ε of the sampling covariance Σ̂ + εI (≥ 0; 0 only when n > d). */
  eps: number;
  mean?: MeanMode;
}

export interface KlSpread {
  /** Standard deviation of the KL (total) over training sets. */
  kl: number;
  klPerDim: number;
}

/**
 * At ε = 0 (n > d) the statistics are those of Ŝ⁻¹: the covariances are taken at a ridge this far
 * below the smallest eigenvalue, where they equal their w → 0 limits to ~1e-9 relative.
 */
const ZERO_RIDGE = 1e-9;

/**
 * The spread of the KL divergence over training sets, from the random-matrix theory of its fluctuations.
 *
 * @example
 * ```ts
 * klSpread({ spectrum: powerLawSpectrum({ d: 256, k: 1 }), N: 4096, eps: 1e-3 });   // { kl: ≈ 0.040, klPerDim: ≈ 1.5e-4 }
 * ```
 */
export function klSpread(options: KlSpreadOptions): KlSpread {
  const spectrum = requireSpectrum(options.spectrum);
  const ens = modelEnsemble(options.N, options.mean ?? 'estimated');
  const eps = requireNonNegative('eps', options.eps);
  if (eps === 0 && !(ens.n > spectrum.d)) {
    throw new InvalidArgumentError('eps', eps, `must be > 0 when n = ${ens.n} <= d = ${spectrum.d} (Σ̂ is singular and the KL is infinite)`);
  }
  const sd = klSpreadAt(spectrum, ens, eps);
  return { kl: sd, klPerDim: sd / spectrum.d };
}

/** klSpread's standard deviation on validated inputs. */
export function klSpreadAt(spectrum: Spectrum, ens: ModelEnsemble, eps: number): number {
  const { n, r, meanFactor, N } = ens;
  const w = eps > 0 ? r * eps : ZERO_RIDGE * spectrum.eigenvalues[spectrum.eigenvalues.length - 1];
  const p = tracePoint(spectrum, n, w);
  const sigma = spectrum.eigenvalues;
  const a = (1 + meanFactor) * r;
  const varTr = statisticCovariance(spectrum, n, p, sigma, p, sigma);
  const varLog = statisticCovariance(spectrum, n, p, null, p, null);
  const cross = statisticCovariance(spectrum, n, p, sigma, p, null);
  let form = 0;
  if (meanFactor > 0) {
    const rho = p.kappa / w;
    for (let i = 0; i < sigma.length; i++) {
      const v = (rho * sigma[i]) / (sigma[i] + p.kappa);
      form += spectrum.weights[i] * v * v;
    }
    form = (2 * r * r * form) / (N * N);
  }
  return 0.5 * Math.sqrt(Math.max(0, a * a * varTr + varLog + 2 * a * cross + form));
}
