/**
 * Variance-exploding (EDM) parametrisation x_σ = x_0 + σ n next to the DDPM one
 * x_t = a x_0 + s ε, a² = ᾱ, s² = 1 − ᾱ (docs/theory.md §4, §10).
 *
 * The exact dictionary (divide the DDPM state by a):
 *   x_σ = x_t/√ᾱ,   σ² = (1 − ᾱ)/ᾱ = ζ,   ᾱ = 1/(1 + σ²),
 *   denoiser D(x_σ; σ) = E[x_0 | x_σ] = x_σ − σ ε̂,   ε̂ = (x_σ − D)/σ,
 *   score ∇ log p_σ(x_σ) = (D − x_σ)/σ² = −ε̂/σ   (Tweedie: D = x_σ + σ² · score).
 * Hence any two denoisers satisfy ‖D₁ − D₂‖² = σ² ‖ε̂₁ − ε̂₂‖² = σ⁴ ‖score₁ − score₂‖², and every
 * ε-prediction loss of docs/theory.md §4 becomes a denoiser (x_0-prediction) loss on multiplying by
 * σ² = ζ. The OU process of the onset-of-memorization paper (docs/theory.md §9), x_t = e^{−t}x_0 + √(1 − e^{−2t}) n, is the
 * DDPM form with ᾱ = e^{−2t}, so its VE noise level is σ² = e^{2t} − 1.
 *
 * Working with σ directly matters at low noise: forming ζ as (1 − ᾱ)/ᾱ from a rounded ᾱ = 1/(1+σ²)
 * loses log10(1/σ²) digits (σ = 1e-3 keeps only ~10), whereas ζ = σ² is exact.
 */
import { InvalidArgumentError } from '../errors.js';
import type { NoiseLevel } from '../predictions/model/noiseLevel.js';
import { requireFinite, requireNonNegative, requireOpenInterval, requirePositive } from '../validate.js';

/**
 * A VE noise level σ > 0 whose square neither overflows nor underflows.
 *
 * @example
 * ```ts
 * requireSigma('sigma', 0.5);   // 0.5 (0, negative or non-finite throws InvalidArgumentError)
 * ```
 */
export function requireSigma(name: string, sigma: unknown): number {
  const s = requirePositive(name, sigma);
  const s2 = s * s;
  if (!(s2 > 0) || !Number.isFinite(s2)) throw new InvalidArgumentError(name, sigma, 'σ² must be a positive finite double (1e-154 < σ < 1e154)');
  return s;
}

/**
 * σ = √((1 − ᾱ)/ᾱ) for ᾱ ∈ (0, 1).
 *
 * @example
 * ```ts
 * sigmaFromAlphaBar(0.5);   // 1 (σ = √((1 − ᾱ)/ᾱ))
 * ```
 */
export function sigmaFromAlphaBar(alphaBar: number): number {
  const ab = requireOpenInterval('abar', alphaBar, 0, 1);
  return Math.sqrt((1 - ab) / ab);
}

/**
 * ᾱ = 1/(1 + σ²).
 *
 * @example
 * ```ts
 * alphaBarFromSigma(1);   // 0.5 (ᾱ = 1/(1 + σ²))
 * ```
 */
export function alphaBarFromSigma(sigma: number): number {
  const s = requireSigma('sigma', sigma);
  return 1 / (1 + s * s);
}

/**
 * 1 − ᾱ = σ²/(1 + σ²), without the cancellation of 1 − alphaBarFromSigma(σ).
 *
 * @example
 * ```ts
 * oneMinusAlphaBarFromSigma(1);   // 0.5
 * ```
 */
export function oneMinusAlphaBarFromSigma(sigma: number): number {
  const s = requireSigma('sigma', sigma);
  const s2 = s * s;
  return s2 / (1 + s2);
}

/**
 * VE noise level of OU time t ≥ 0 (the onset-of-memorization paper): σ = √(e^{2t} − 1), via expm1 (exact for small t).
 *
 * @example
 * ```ts
 * sigmaFromOuTime(1);   // ≈ 2.528 (√(e²ᵗ − 1))
 * ```
 */
export function sigmaFromOuTime(t: number): number {
  const tt = requireNonNegative('t', t);
  return Math.sqrt(Math.expm1(2 * tt));
}

/**
 * OU time of a VE noise level: t = ½ log(1 + σ²), via log1p.
 *
 * @example
 * ```ts
 * ouTimeFromSigma(1);   // ≈ 0.347 (½ log 2)
 * ```
 */
export function ouTimeFromSigma(sigma: number): number {
  const s = requireSigma('sigma', sigma);
  return 0.5 * Math.log1p(s * s);
}

/**
 * The DDPM noise level with ζ = σ² set exactly (not recomputed from ᾱ), so that every prediction
 * of src/predictions taking a {@link NoiseLevel} (lossMeasures) is available at a VE σ.
 * `c` is Merger & Goldt’s regularisation (z = ζ + c), as in noiseLevel().
 *
 * @example
 * ```ts
 * noiseLevelFromSigma(1);   // { alphaBar: 0.5, zeta: 1, z: 1, cEff: 0 } (same as noiseLevel(0.5))
 * ```
 */
export function noiseLevelFromSigma(sigma: number, c = 0): NoiseLevel {
  const s = requireSigma('sigma', sigma);
  const cEff = requireNonNegative('c', c);
  const zeta = s * s;
  return { alphaBar: 1 / (1 + zeta), zeta, z: zeta + cEff, cEff };
}

function requireSameLength(a: Float64Array, b: Float64Array, nameA: string, nameB: string): void {
  if (!(a instanceof Float64Array)) throw new InvalidArgumentError(nameA, typeof a, 'must be a Float64Array');
  if (!(b instanceof Float64Array)) throw new InvalidArgumentError(nameB, typeof b, 'must be a Float64Array');
  if (a.length !== b.length) throw new InvalidArgumentError(nameB, `length ${b.length}`, `must have the length of ${nameA} (${a.length})`);
}

function scaled(x: Float64Array, factor: number): Float64Array {
  if (!(x instanceof Float64Array)) throw new InvalidArgumentError('x', typeof x, 'must be a Float64Array');
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] * factor;
  return out;
}

/**
 * x_σ = x_t/√ᾱ (any batch shape: the map is elementwise).
 *
 * @example
 * ```ts
 * veFromDdpm(new Float64Array([0.5, 1]), 0.25);   // Float64Array [1, 2] (x_t / √ᾱ)
 * ```
 */
export function veFromDdpm(xt: Float64Array, alphaBar: number): Float64Array {
  const ab = requireOpenInterval('abar', alphaBar, 0, 1);
  return scaled(xt, 1 / Math.sqrt(ab));
}

/**
 * x_t = √ᾱ x_σ = x_σ/√(1 + σ²).
 *
 * @example
 * ```ts
 * ddpmFromVe(new Float64Array([1, 2]), Math.sqrt(3));   // Float64Array [0.5, 1] (x_σ · √ᾱ, ᾱ = 1/4)
 * ```
 */
export function ddpmFromVe(xSigma: Float64Array, sigma: number): Float64Array {
  const s = requireSigma('sigma', sigma);
  return scaled(xSigma, 1 / Math.sqrt(1 + s * s));
}

/**
 * ε̂ = (x_σ − D)/σ: the ε-prediction equivalent to a denoiser output D at level σ.
 *
 * @example
 * ```ts
 * epsilonFromDenoised(new Float64Array([1, 2]), new Float64Array([0.5, 1]), 0.5);   // Float64Array [1, 2] ((x − D)/σ)
 * ```
 */
export function epsilonFromDenoised(xSigma: Float64Array, denoised: Float64Array, sigma: number): Float64Array {
  const s = requireSigma('sigma', sigma);
  requireSameLength(xSigma, denoised, 'x', 'denoised');
  const out = new Float64Array(xSigma.length);
  for (let i = 0; i < out.length; i++) out[i] = (xSigma[i] - denoised[i]) / s;
  return out;
}

/**
 * D = x_σ − σ ε̂: the denoiser output equivalent to an ε-prediction (x_σ in VE scale).
 *
 * @example
 * ```ts
 * denoisedFromEpsilon(new Float64Array([1, 2]), new Float64Array([1, 2]), 0.5);   // Float64Array [0.5, 1] (x − σε)
 * ```
 */
export function denoisedFromEpsilon(xSigma: Float64Array, epsilon: Float64Array, sigma: number): Float64Array {
  const s = requireSigma('sigma', sigma);
  requireSameLength(xSigma, epsilon, 'x', 'epsilon');
  const out = new Float64Array(xSigma.length);
  for (let i = 0; i < out.length; i++) out[i] = xSigma[i] - s * epsilon[i];
  return out;
}

/**
 * Score (D − x_σ)/σ² of the noised law p_σ, from a denoiser output (Tweedie).
 *
 * @example
 * ```ts
 * scoreFromDenoised(new Float64Array([1, 2]), new Float64Array([0.5, 1]), 0.5);   // Float64Array [−2, −4] ((D − x)/σ²)
 * ```
 */
export function scoreFromDenoised(xSigma: Float64Array, denoised: Float64Array, sigma: number): Float64Array {
  const s = requireSigma('sigma', sigma);
  requireSameLength(xSigma, denoised, 'x', 'denoised');
  const inv = 1 / (s * s);
  const out = new Float64Array(xSigma.length);
  for (let i = 0; i < out.length; i++) out[i] = (denoised[i] - xSigma[i]) * inv;
  return out;
}

/**
 * Convert an ε-prediction squared error (loss, gap, alignment — docs/theory.md §4) at VE level σ into
 * the squared error of the corresponding denoisers: ‖ΔD‖² = σ²‖Δε̂‖².
 *
 * @example
 * ```ts
 * denoiserErrorFromEpsilonError(0.1, 0.5);   // 0.025 (σ² times the ε error)
 * ```
 */
export function denoiserErrorFromEpsilonError(epsilonError: number, sigma: number): number {
  const e = requireFinite('epsilonError', epsilonError);
  const s = requireSigma('sigma', sigma);
  return s * s * e;
}
