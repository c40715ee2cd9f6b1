/**
 * Exact moments of the one-step model's generated law (docs/theory.md §9, the onset-of-memorization paper’s eq. 15–17) for
 * isotropic data ρ = N(μ, σ²I), from Wishart moments. See docs/transition.md §4 for the
 * derivation; in short:
 *
 * Joint law. X = aY + sZ with a = e^(−T), s² = Δ_T = λ(1 − e^(−2T)), so X ~ N(aμ, τ²I) with
 * τ² = a²σ² + s², and Y = μ + β(X − aμ) + E with β = aσ²/τ², E ~ N(0, σ_E² I) independent of X,
 * σ_E² = σ²s²/τ². After centring, the n pairs behave as m = n − 1 independent ones (an
 * orthonormal basis of 1^⊥): x = τg with g an m × d standard Gaussian matrix, y = βx + e.
 *
 * Regression coefficient. θ1 = yᵀx(xᵀx)⁺ = βP + F, P the projector on x's row space,
 * F = eᵀx(xᵀx)⁺. Given x, the rows of F are N(0, σ_E²(xᵀx)⁺) and
 *     E[θ1θ1ᵀ | x] = β²P + σ_E² tr(xᵀx)⁺ I,
 *     E[θ1ᵀθ1 | x] = β²P + d σ_E² (xᵀx)⁺,
 * and after averaging over the isotropic x both are (β²p + c²ω) I with
 *     p = min(m, d)/d,  ω = E tr(gᵀg)⁺ = d/(m − d − 1) (m > d + 1) or m/(d − m − 1) (m < d − 1),
 *     c² = σ_E²/τ²   (ω = +∞ for m ∈ {d − 1, d, d + 1}: the interpolation peak).
 *
 * Generated covariance. Σ_G = σ_X² θ1θ1ᵀ with σ_X² = s² + a²‖y‖²/(nd) (eq. 16), which is
 * correlated with θ1 through y. Conditioning on x and using Isserlis' theorem for the Gaussian e,
 *     E[‖y‖² θ1θ1ᵀ | x] = β⁴‖x‖²P + β²σ_E²‖x‖² tr(xᵀx)⁺ I + (md σ_E² β² + 4β²σ_E²) P
 *                       + σ_E⁴ (md + 2) tr(xᵀx)⁺ I,
 * and the x-averages follow from the independence of ‖g‖² and g/‖g‖:
 *     E[‖x‖²P] = τ² m d p I,   E[‖g‖² tr(gᵀg)⁺] = (md − 2) ω.
 * So E Σ_G = v I exactly (both orientations — the two expectations are isotropic with equal
 * traces), with
 *     v = s²(β²p + c²ω) + (a²/(nd)) [β⁴τ²mdp + β²σ_E²(md − 2)ω + (md + 4) β²σ_E² p + σ_E⁴(md + 2) ω/τ²].
 *
 * Mean error. δ = θ0 + θ1μ_X − μ = (Ȳ − μ) − s θ1 Z̄, and (Ȳ, Z̄) are independent of the centred
 * data hence of θ1: E‖δ‖² = dσ²/n + (s²/n) d (β²p + c²ω).
 */
import { InvalidArgumentError } from '../errors.js';
import { requireInteger, requireNonNegative, requirePositive } from '../validate.js';

export interface OneStepSettings {
  d: number;
  /** Training-set size n ≥ 2. */
  n: number;
  sigma: number;
  T: number;
  lambda: number;
}

/** The constants of the joint Gaussian (X, Y) for given σ, T, λ. */
export interface OneStepConstants {
  /** e^(−T). */
  a: number;
  /** Δ_T = λ(1 − e^(−2T)). */
  s2: number;
  /** Var X per coordinate, a²σ² + s². */
  tau2: number;
  /** Population regression coefficient aσ²/τ². */
  beta: number;
  /** Residual variance σ²s²/τ². */
  sigmaE2: number;
  /** σ_E²/τ²: the noise level of θ1 per unit of (xᵀx)⁻¹. */
  c2: number;
}

/**
 * The constants of the one-step model at noise level σ, T steps and ridge λ: a, s², τ², β, σ_E² and c².
 *
 * @example
 * ```ts
 * oneStepConstants(0.5, 10, 1);   // { a: ≈ 4.5e-5, s2: 1, tau2: 1, beta: ≈ 1.1e-5, sigmaE2: 0.25, c2: 0.25 }
 * ```
 */
export function oneStepConstants(sigma: number, T: number, lambda: number): OneStepConstants {
  requirePositive('sigma', sigma);
  requireNonNegative('T', T);
  requireNonNegative('lambda', lambda);
  const a = Math.exp(-T);
  const s2 = -lambda * Math.expm1(-2 * T);
  const sigma2 = sigma * sigma;
  const tau2 = a * a * sigma2 + s2;
  if (!(tau2 > 0)) throw new InvalidArgumentError('lambda', lambda, 'X would be identically 0 (a²σ² + Δ_T = 0)');
  return { a, s2, tau2, beta: (a * sigma2) / tau2, sigmaE2: (sigma2 * s2) / tau2, c2: (sigma2 * s2) / (tau2 * tau2) };
}

export interface OneStepMoments {
  /** m = n − 1 (degrees of freedom after centring). */
  m: number;
  /** rank of θ1 and Σ_G: min(m, d). */
  rank: number;
  /** p = E[P] per coordinate. */
  p: number;
  /** ω = E tr(gᵀg)⁺ (Infinity at the interpolation peak m ∈ {d − 1, d, d + 1}). */
  omega: number;
  /** E[θ1θ1ᵀ] = thetaSquare · I. */
  thetaSquare: number;
  /** E σ_X². */
  sigmaX2: number;
  /** Var σ_X². */
  sigmaX2Variance: number;
  /** E Σ_G = generatedVariance · I (exact). */
  generatedVariance: number;
  /** E‖θ0 + θ1μ_X − μ‖² (exact). */
  meanError2: number;
}

/**
 * Exact E Σ_G, E θ1θ1ᵀ, E σ_X², E‖δ‖² for isotropic data (Infinity where they diverge).
 *
 * @example
 * ```ts
 * oneStepMoments({ d: 8, n: 16, sigma: 1, T: 1, lambda: 0.1 });   // { m: 15, rank: 8, generatedVariance: ≈ 1.09, meanError2: ≈ 0.72, … }
 * ```
 */
export function oneStepMoments(settings: OneStepSettings): OneStepMoments {
  const d = requireInteger('d', settings.d, 1);
  const n = requireInteger('n', settings.n, 2);
  const k = oneStepConstants(settings.sigma, settings.T, settings.lambda);
  const m = n - 1;
  const sigma2 = settings.sigma * settings.sigma;
  const p = Math.min(m, d) / d;
  const omega = m > d + 1 ? d / (m - d - 1) : m < d - 1 ? m / (d - m - 1) : Infinity;
  const { a, s2, tau2, beta, sigmaE2, c2 } = k;
  const b2 = beta * beta;
  const md = m * d;
  // At the interpolation peak (ω = ∞) E θ1θ1ᵀ diverges through c2·ω whenever there is noise
  // (c2 > 0 ⇔ Δ_T > 0), and E Σ_G = Δ_T E θ1θ1ᵀ + (non-negative) diverges with it: +∞. The ω
  // coefficient of yTheta is not positive for every (d, m) — at d = m = 1 it is
  // σ_E²(3σ_E²/τ² − β²) — so summing the ω-terms separately would give ∞ − ∞ = NaN there; and
  // without noise (c2 = σ_E² = 0) every ω-term is absent (not 0·∞).
  const diverges = omega === Infinity && c2 > 0;
  const w = omega === Infinity ? 0 : omega;
  const thetaSquare = diverges ? Infinity : b2 * p + c2 * w;
  const yTheta = b2 * b2 * tau2 * md * p + b2 * sigmaE2 * (md - 2) * w + (md + 4) * b2 * sigmaE2 * p + ((sigmaE2 * sigmaE2 * (md + 2)) / tau2) * w;
  const generatedVariance = diverges ? Infinity : s2 * thetaSquare + ((a * a) / (n * d)) * yTheta;
  const dataPart = (a * a * sigma2) / (n * d);
  return {
    m,
    rank: Math.min(m, d),
    p,
    omega,
    thetaSquare,
    sigmaX2: s2 + dataPart * m * d,
    sigmaX2Variance: dataPart * dataPart * 2 * md,
    generatedVariance,
    meanError2: (d * sigma2) / n + (s2 === 0 ? 0 : (s2 / n) * d * thetaSquare),
  };
}
