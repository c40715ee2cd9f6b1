/**
 * The length and time scales of the onset-of-memorization paper (docs/theory.md §9): the mixing time of n samples under
 * the Ornstein–Uhlenbeck forward process (eq. 9) and the L²-optimal Gaussian kernel width
 * (eq. 11), and the kernel-width rules used by the transition metric.
 */
import { InvalidArgumentError } from '../errors.js';
import { requireInteger, requirePositive } from '../validate.js';

/**
 * t_M(σ, d, n) = ½ log(1 + σ²/(n^(2/d) − 1))  (eq. 9, from the random-energy-model analysis of
 * Biroli et al. for ρ = N(μ, σ²I)). n^(2/d) − 1 is formed as expm1((2/d) log n) so that large d
 * (where n^(2/d) → 1) keeps its digits; t_M → ∞ as n → 1. Requires n > 1.
 *
 * @example
 * ```ts
 * seedMixingTime(1, 64, 1000);   // ≈ 0.820
 * ```
 */
export function mixingTime(sigma: number, d: number, n: number): number {
  requirePositive('sigma', sigma);
  requirePositive('d', d);
  requirePositive('n', n);
  if (!(n > 1)) throw new InvalidArgumentError('n', n, 'must be > 1 (one sample never mixes: t_M = ∞)');
  const denominator = Math.expm1((2 / d) * Math.log(n));
  return 0.5 * Math.log1p((sigma * sigma) / denominator);
}

/**
 * ε = (4/(d+2))^(1/(d+4)) σ n^(−1/(d+4))  (eq. 11): the bandwidth minimising the expected L²
 * error of a Gaussian kernel estimate of N(μ, σ²I) from n samples (Silverman's rule; the onset-of-memorization paper
 * cites Rosenblatt, Epanechnikov, Bickel & Rosenblatt). For large d it approaches σ n^(−1/d).
 *
 * @example
 * ```ts
 * optimalKernelWidth(1, 64, 1000);   // ≈ 0.867
 * ```
 */
export function optimalKernelWidth(sigma: number, d: number, n: number): number {
  requirePositive('sigma', sigma);
  requirePositive('d', d);
  requirePositive('n', n);
  return Math.pow(4 / (d + 2), 1 / (d + 4)) * sigma * Math.pow(n, -1 / (d + 4));
}

/**
 * ε = σ n^(−1/d): the width the onset-of-memorization paper actually uses for ρ_T and ρ_O (Fig. 3 caption).
 *
 * @example
 * ```ts
 * seedKernelWidth(1, 64, 1000);   // ≈ 0.898
 * ```
 */
export function seedKernelWidth(sigma: number, d: number, n: number): number {
  requirePositive('sigma', sigma);
  requirePositive('d', d);
  requirePositive('n', n);
  return sigma * Math.pow(n, -1 / d);
}

/**
 * ε = √(2 t_M): the width eq. 10 derives from the mixing time (≈ σ n^(−1/d) for large n).
 *
 * @example
 * ```ts
 * mixingKernelWidth(1, 64, 1000);   // ≈ 1.28
 * ```
 */
export function mixingKernelWidth(sigma: number, d: number, n: number): number {
  return Math.sqrt(2 * mixingTime(sigma, d, n));
}

/** How the transition metric chooses its kernel widths. */
export type KernelWidthRule = 'seed' | 'optimal' | 'mixing';

/**
 * ε for a sample of size n under a rule (eq. 10, 11 or the Fig. 3 caption).
 *
 * @example
 * ```ts
 * kernelWidth('optimal', 1, 64, 1000);   // ≈ 0.867 (= optimalKernelWidth(1, 64, 1000))
 * ```
 */
export function kernelWidth(rule: KernelWidthRule, sigma: number, d: number, n: number): number {
  requireInteger('d', d, 1);
  switch (rule) {
    case 'seed':
      return seedKernelWidth(sigma, d, n);
    case 'optimal':
      return optimalKernelWidth(sigma, d, n);
    case 'mixing':
      return mixingKernelWidth(sigma, d, n);
    default:
      throw new InvalidArgumentError('kernelWidths', rule, "must be 'seed', 'optimal', 'mixing' or { train, original }");
  }
}
