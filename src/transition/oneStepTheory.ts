/**
 * Predictions for the one-step model beyond the onset-of-memorization paper (docs/theory.md §9; docs/transition.md §4):
 * E Σ_G (exact), E KL(ρ_G ‖ ρ) and E H²(ρ, ρ_G) (leading order in d → ∞ at fixed d/n), and the
 * typical value of KL(ρ ‖ ρ_G), as functions of n, d, σ, T, λ — isotropic data, model
 * orientation (Σ_G = σ_X²θ1θ1ᵀ).
 *
 * Singular regime n ≤ d (rank n − 1 < d): H² = 1 and both KLs are +∞ for every draw — exact.
 *
 * Full rank n ≥ d + 1. Write v_X = E σ_X², ℓ_X = E log σ_X² (second-order delta method, error
 * O((nd)⁻²)), L ≍ (1/d) log|det θ1|, Λ(u0) ≍ (1/d) log det(u0 + θ1θ1ᵀ), r(u) ≍ (1/d) tr(u + θ1θ1ᵀ)⁻¹
 * (oneStepSpectrum.ts), and E‖δ‖², E tr Σ_G exact (oneStepMoments.ts). Because δ = (Ȳ − μ) −
 * sθ1Z̄ with (Ȳ, Z̄) independent of θ1, δ can be averaged exactly given θ1:
 *   E_δ[δᵀ A δ] = (σ²/n) tr A + (s²/n) tr(θ1ᵀ A θ1).
 *
 *   E KL(ρ_G‖ρ) = ½ [d v/σ² − d − (d ℓ_X + 2dL) + d log σ² + E‖δ‖²/σ²]        (only 2dL approximate)
 *   E log BC    ≈ (d/4) log σ² + ¼(d ℓ_X + 2dL) − ½(d ℓ_X + d Λ(σ²/v_X)) + (d/2) log 2
 *                 − ¼ [(σ²/n)(d/v_X) r(σ²/v_X) + (s²/(n v_X))(d − σ²(d/v_X) r(σ²/v_X))]
 *   E H²        ≈ 1 − exp(E log BC)                       (Jensen gap: O(Var log BC) = O(1))
 *   KL(ρ‖ρ_G)   ≈ ½ [σ²(1 + 1/n)(d/v_X) r(0) − d + s²d/(n v_X) + d ℓ_X + 2dL − d log σ²]   (typical)
 *
 * E KL(ρ‖ρ_G) itself is +∞ for every n: θ1 = β + (Gaussian) is a square real matrix whose
 * smallest singular value s has P(s < ε) ≍ ε, so E tr Σ_G⁻¹ ≥ E 1/(σ_X² s²) = ∞. Only its typical
 * (median) value is predicted; it is finite iff β² > R² (r(0) = 1/(β² − R²)).
 */
import { requireInteger, requirePositive } from '../validate.js';
import { oneStepConstants, oneStepMoments, type OneStepMoments, type OneStepSettings } from './oneStepMoments.js';
import { brownRadius2, thetaInverseTrace, thetaLogDeterminant, thetaResolvent, thetaShiftedLogDeterminant, type ThetaSpectrumParameters } from './oneStepSpectrum.js';

export interface OneStepPrediction {
  d: number;
  n: number;
  /** min(n − 1, d). */
  rank: number;
  /** rank < d: the generated law is degenerate. */
  singular: boolean;
  /** Exact moments (E Σ_G = generatedVariance · I, E σ_X², E‖δ‖², …). */
  moments: OneStepMoments;
  /** E KL(ρ_G ‖ ρ): Infinity for n ≤ d + 2 (singular, or E tr Σ_G = ∞); leading order otherwise. */
  kl: number;
  /** Typical (median) KL(ρ ‖ ρ_G): leading order; Infinity when singular or β² ≤ R². */
  klDataTypical: number;
  /** E KL(ρ ‖ ρ_G): +Infinity for every n (see module comment). */
  klData: number;
  /** E H²(ρ, ρ_G) ≈ 1 − exp(E log BC); exactly 1 when singular. */
  hellinger: number;
  /** The predicted E log BC (−Infinity when singular). */
  logAffinity: number;
  /** Spectral ingredients (full rank only, else null). */
  spectrum: {
    q: number;
    /** R² of the Brown measure of cT; β² > R² means θ1's singular values stay away from 0. */
    brownRadius2: number;
    beta2: number;
    /** L ≍ (1/d) log|det θ1|. */
    logDetTheta: number;
  } | null;
}

/**
 * Predictions for one (d, n, σ, T, λ); see the module comment for what is exact and what is leading order.
 *
 * @example
 * ```ts
 * oneStepPrediction({ d: 8, n: 16, sigma: 1, T: 1, lambda: 0.1 }).kl;   // ≈ 2.87 (also hellinger, moments, …)
 * ```
 */
export function oneStepPrediction(settings: OneStepSettings): OneStepPrediction {
  const d = requireInteger('d', settings.d, 1);
  const n = requireInteger('n', settings.n, 2);
  const sigma = requirePositive('sigma', settings.sigma);
  const moments = oneStepMoments(settings);
  const k = oneStepConstants(sigma, settings.T, settings.lambda);
  const m = n - 1;
  const base = { d, n, rank: Math.min(m, d), moments, klData: Infinity };
  if (m < d) {
    return { ...base, singular: true, kl: Infinity, klDataTypical: Infinity, hellinger: 1, logAffinity: -Infinity, spectrum: null };
  }
  const sigma2 = sigma * sigma;
  const vX = moments.sigmaX2;
  const lX = Math.log(vX) - moments.sigmaX2Variance / (2 * vX * vX);
  const params: ThetaSpectrumParameters = { beta: k.beta, c2: k.c2, q: d / m };
  // m = d (n = d + 1) is q = 1: R = ∞ but L, r and Λ have finite limits.
  const haveSpectrum = m >= d;
  const L = haveSpectrum ? thetaLogDeterminant(params) : -Infinity;
  const logDetSigmaG = d * lX + 2 * d * L;
  const kl = Number.isFinite(moments.generatedVariance) && haveSpectrum
    ? 0.5 * ((d * moments.generatedVariance) / sigma2 - d - logDetSigmaG + d * Math.log(sigma2) + moments.meanError2 / sigma2)
    : Infinity;
  let logAffinity = NaN;
  let hellinger = 1;
  let klDataTypical = Infinity;
  if (haveSpectrum) {
    const u0 = sigma2 / vX;
    const lambdaShift = thetaShiftedLogDeterminant(u0, params);
    const r0 = thetaResolvent(u0, params);
    const trA = (d / vX) * r0; // tr(σ² + Σ_G)⁻¹
    const meanTerm = (sigma2 / n) * trA + (k.s2 / (n * vX)) * (d - sigma2 * trA);
    logAffinity = 0.25 * d * Math.log(sigma2) + 0.25 * logDetSigmaG - 0.5 * (d * lX + d * lambdaShift) + 0.5 * d * Math.LN2 - 0.25 * meanTerm;
    hellinger = -Math.expm1(Math.min(0, logAffinity));
    const inv = thetaInverseTrace(params);
    klDataTypical = Number.isFinite(inv)
      ? 0.5 * (sigma2 * (1 + 1 / n) * (d / vX) * inv - d + (k.s2 * d) / (n * vX) + logDetSigmaG - d * Math.log(sigma2))
      : Infinity;
  } else {
    logAffinity = -Infinity;
  }
  return {
    ...base,
    singular: false,
    kl,
    klDataTypical,
    hellinger: haveSpectrum ? hellinger : 1,
    logAffinity,
    spectrum: haveSpectrum ? { q: params.q, brownRadius2: brownRadius2(params), beta2: k.beta * k.beta, logDetTheta: L } : null,
  };
}
