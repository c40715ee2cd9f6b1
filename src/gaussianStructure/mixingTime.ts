/**
 * Where memorisation should end: the mixing time of the onset-of-memorization paper (docs/theory.md §9, its eq. 9) and its
 * VE noise level, plus the annealed generalisation to any covariance spectrum.
 *
 * The onset-of-memorization paper (after Biroli et al. 2024): for N samples of N(μ, σ_d² I_d) under the OU process
 * x_t = e^{−t}x_0 + √(1 − e^{−2t}) n, the other points' mass around a noised training point
 * overtakes the point's own at
 *   t_M = ½ log(1 + σ_d²/(N^{2/d} − 1)),  i.e. (σ² = e^{2t} − 1, veParametrisation.ts)
 *   σ_M² = σ_d²/(N^{2/d} − 1).
 * Derivation in VE form, which also covers any Σ: for x = x_1 + σn the own term of the mixture
 * Σ_k exp(−‖x − x_k‖²/2σ²) is e^{−‖n‖²/2} ≈ e^{−d/2}; the other N − 1 ≈ N terms have the
 * (annealed) mean N·det(I + Σ/σ²)^{−1/2}·e^{−d/2} (a Gaussian integral, with
 * (x − μ)ᵀ(Σ + σ²)⁻¹(x − μ) ≈ d). Equality gives
 *   Σ_i log(1 + λ_i/σ²) = 2 log N,
 * whose root σ_A is σ_M exactly when Σ = σ_d² I. This is the "annealed" (typical-value)
 * estimate; a finite-d sample fluctuates around it.
 */
import { InvalidArgumentError } from '../errors.js';
import { requireSpectrum, type Spectrum } from '../spectra/spectrum.js';
import { requirePositive } from '../validate.js';

/** Options of {@link mixingTime}. */
export interface MixingTimeOptions {
  /** Number of training samples N ≥ 2. */
  N: number;
  /** Dimension d (real, > 0). */
  d: number;
  /** Data variance σ_d² per coordinate (default 1). */
  variance?: number;
}

/** N^{2/d} − 1 via expm1 (accurate when 2 log N ≪ d). */
function growth(N: number, d: number): number {
  if (!(N >= 2) || !Number.isFinite(N)) throw new InvalidArgumentError('N', N, 'must be a finite number >= 2 (one point never mixes)');
  requirePositive('d', d);
  return Math.expm1((2 * Math.log(N)) / d);
}

/**
 * t_M = ½ log(1 + σ_d²/(N^{2/d} − 1)) (the onset-of-memorization paper; eq. 9).
 *
 * @example
 * ```ts
 * mixingTime({ N: 1000, d: 64 });   // ≈ 0.820
 * ```
 */
export function mixingTime(options: MixingTimeOptions): number {
  const g = growth(options.N, options.d);
  const v = requirePositive('variance', options.variance ?? 1);
  return 0.5 * Math.log1p(v / g);
}

/**
 * σ_M = σ_d/√(N^{2/d} − 1): the VE noise level of t_M.
 *
 * @example
 * ```ts
 * mixingNoiseLevel({ N: 1000, d: 64 });   // ≈ 2.04 (the noise level σ at the mixing time)
 * ```
 */
export function mixingNoiseLevel(options: MixingTimeOptions): number {
  const g = growth(options.N, options.d);
  const v = requirePositive('variance', options.variance ?? 1);
  return Math.sqrt(v / g);
}

/**
 * The annealed collapse level σ_A: root of Σ_i w_i log(1 + λ_i/σ²) = 2 log N (decreasing in σ),
 * bracketed by √(λ_min/g) ≤ σ_A ≤ √(λ_max/g), g = N^{2/d} − 1, and found by bisection in log σ
 * to relative precision 1e-13.
 *
 * @example
 * ```ts
 * annealedCollapseNoise({ spectrum: powerLawSpectrum({ d: 256, k: 1 }), N: 128 });   // ≈ 4.76
 * ```
 */
export function annealedCollapseNoise(options: { spectrum: Spectrum; N: number }): number {
  const spectrum = requireSpectrum(options.spectrum);
  const g = growth(options.N, spectrum.d);
  const target = 2 * Math.log(options.N);
  const { eigenvalues: lam, weights: w } = spectrum;
  let lo = Math.log(Math.sqrt(lam[lam.length - 1] / g));
  let hi = Math.log(Math.sqrt(lam[0] / g));
  const f = (logSigma: number) => {
    const s2 = Math.exp(2 * logSigma);
    let s = 0;
    for (let i = 0; i < lam.length; i++) s += w[i] * Math.log1p(lam[i] / s2);
    return s - target;
  };
  if (!(f(lo) >= 0)) return Math.exp(lo);
  if (!(f(hi) <= 0)) return Math.exp(hi);
  for (let it = 0; it < 200 && hi - lo > 1e-13; it++) {
    const mid = 0.5 * (lo + hi);
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return Math.exp(0.5 * (lo + hi));
}
