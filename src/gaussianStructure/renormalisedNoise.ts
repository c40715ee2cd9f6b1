/**
 * Finite data as a renormalised noise level (docs/theory.md §10): the average of the trained linear
 * denoiser over training sets is, as a deterministic equivalent,
 *   E D_N(x; σ) ≍ μ + Σ(Σ + κ I)⁻¹(x − μ),   κ = κ(r σ²; Σ, n)   (docs/theory.md §2),
 * i.e. the population denoiser D_G evaluated at the larger noise level σ_eff = √κ ≥ σ.
 *
 * Derivation (model ensemble, docs/theory.md §1, §3): D_N(x) = x − σ² G (x − μ̂) with
 * G = (Σ̂ + σ²)⁻¹ = r (Ŝ + rσ²)⁻¹, n = N − 1, r = N/(N − 1); μ̂ is independent of Σ̂ with
 * E μ̂ = μ, so E D_N(x) = x − σ² E[G](x − μ), and E (Ŝ + w)⁻¹ ≍ (κ/w)(Σ + κ)⁻¹ at w = rσ² gives
 * σ² E G ≍ σ² · r · κ/(rσ²) · (Σ + κ)⁻¹ = κ(Σ + κ)⁻¹: the r's cancel, so the effective noise
 * level is κ of Ŝ at ridge rσ² with n = N − 1 itself, with no further rescaling.
 * Known-mean mode: n = N, r = 1, so κ = κ(σ²; Σ, N).
 */
import { modelEnsemble, type MeanMode } from '../predictions/model/ensemble.js';
import { solveKappa } from '../selfconsistency/kappa/solveKappa.js';
import { createSpectrum, requireSpectrum, type Spectrum } from '../spectra/spectrum.js';
import { batchCount, type Denoiser } from './denoiser.js';
import { gaussianDenoiseKernel, shrinkFactors } from './gaussianDenoiser.js';
import type { GaussianModel } from './gaussianModel.js';
import { requireSigma } from './veParametrisation.js';

export interface RenormalisedNoise {
  sigma: number;
  /** κ(rσ²; Σ, n): the effective noise variance of E D_N. */
  kappa: number;
  /** √κ ≥ σ. */
  sigmaEffective: number;
  /** dκ/dw at the Ŝ-ridge w = rσ² (enters every second moment). */
  dkappaDridge: number;
  gamma: number;
  /** The Ŝ-ridge w = rσ² and the ensemble's n, r. */
  ridge: number;
  n: number;
  r: number;
  converged: boolean;
}

/** Options of {@link renormalisedNoise}. */
export interface RenormalisedNoiseOptions {
  /** Population covariance spectrum Σ: eigenvalues with multiplicities (see {@link createSpectrum}). */
  spectrum: Spectrum;
  /** Training-set size N (number of samples the denoiser is fitted to). */
  N: number;
  /** Variance-exploding noise level σ > 0 (x_σ = x_0 + σ n). */
  sigma: number;
  /** How the model estimates the data mean: 'estimated' (default) or 'known' (docs/theory.md §1). */
  mean?: MeanMode;
}

/**
 * κ(rσ²; Σ, n) for a model trained on N samples, as a VE noise level.
 *
 * @example
 * ```ts
 * renormalisedNoise({ spectrum: powerLawSpectrum({ d: 64, k: 1 }), N: 128, sigma: 1 }).sigmaEffective;   // ≈ 1.098 (κ ≈ 1.206)
 * ```
 */
export function renormalisedNoise(options: RenormalisedNoiseOptions): RenormalisedNoise {
  const spectrum = requireSpectrum(options.spectrum);
  const ens = modelEnsemble(options.N, options.mean ?? 'estimated');
  const sigma = requireSigma('sigma', options.sigma);
  const ridge = ens.r * sigma * sigma;
  const k = solveKappa({ spectrum, n: ens.n, ridge });
  return {
    sigma,
    kappa: k.kappa,
    sigmaEffective: Math.sqrt(k.kappa),
    dkappaDridge: k.dkappaDridge,
    gamma: k.gamma,
    ridge,
    n: ens.n,
    r: ens.r,
    converged: k.converged,
  };
}

/**
 * The deterministic equivalent of E D_N as a denoiser: D(x; σ) = μ + Σ(Σ + κ(σ))⁻¹(x − μ), for the
 * population `model` (its eigenvalues are the spectrum κ is solved for).
 *
 * @example
 * ```ts
 * const model = populationGaussianModel({ eigenvalues: new Float64Array([1, 2]) });
 * applyDenoiser(expectedTrainedDenoiser(model, 100), new Float64Array([1, 1]), 1);   // ≈ [0.495, 0.662] (shrunk a little more than the optimum)
 * ```
 */
export function expectedTrainedDenoiser(model: GaussianModel, N: number, mean: MeanMode = 'estimated'): Denoiser {
  const spectrum = createSpectrum(model.eigenvalues);
  modelEnsemble(N, mean);
  const h = new Float64Array(model.rank);
  const y = new Float64Array(model.rank);
  return (batch, sigma) => {
    const count = batchCount('batch', batch, model.d);
    const { kappa } = renormalisedNoise({ spectrum, N, sigma, mean });
    shrinkFactors(model.eigenvalues, kappa, h);
    const out = new Float64Array(count * model.d);
    gaussianDenoiseKernel(batch, count, model.d, model.mean, h, model.basis, model.rank, out, y);
    return out;
  };
}
