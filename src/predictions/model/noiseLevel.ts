import { InvalidArgumentError } from '../../errors.js';
import { LIMITS } from '../../limits.js';
import { requireNonNegative, requireOpenInterval } from '../../validate.js';

/**
 * One noise level of the forward process x_t = a x_0 + s ε (docs/theory.md §4): a² = ᾱ, s² = 1 − ᾱ,
 * noise-to-signal ζ = s²/a² and the ridge z = (s² + c_t)/a² of G = (Σ̂ + z)⁻¹.
 * Regularisation is given either as Merger & Goldt’s c (c_t = c·ᾱ, so z = ζ + c: Σ̂ → Σ̂ + cI) or as an
 * explicit c_t (z = ζ + c_t/ᾱ).
 */
export interface NoiseLevel {
  alphaBar: number;
  /** ζ = (1 − ᾱ)/ᾱ. */
  zeta: number;
  /** z = ζ + c_eff. */
  z: number;
  /** c_eff = z − ζ = c (seed form) or c_t/ᾱ. */
  cEff: number;
}

/**
 * The constants of one noise level ᾱ: ζ = (1 − ᾱ)/ᾱ, the ridge z and the effective regulariser.
 *
 * @example
 * ```ts
 * noiseLevel(0.5);   // { alphaBar: 0.5, zeta: 1, z: 1, cEff: 0 }
 * ```
 */
export function noiseLevel(alphaBar: number, reg: { c?: number; ct?: number } = {}): NoiseLevel {
  const ab = requireOpenInterval('abar', alphaBar, 0, 1);
  if (ab < LIMITS.abarMin) throw new InvalidArgumentError('abar', ab, `must be >= ${LIMITS.abarMin}: ζ = (1 − ᾱ)/ᾱ and the loss sums built from it are doubles only above that (ᾱ in [${LIMITS.abarMin}, 1))`);
  if (reg.c !== undefined && reg.ct !== undefined) throw new InvalidArgumentError('ct', reg.ct, 'give either c (c_t = c·ᾱ_t) or ct, not both');
  const cEff = reg.ct !== undefined ? requireNonNegative('ct', reg.ct) / ab : requireNonNegative('c', reg.c ?? 0);
  // (1 − ᾱ)/ᾱ: 1 − ᾱ is exact for ᾱ ≥ 1/2 (Sterbenz), so ζ keeps full relative precision at low noise.
  const zeta = (1 - ab) / ab;
  // The Ŝ-ridge is r·z with r = N/(N − 1) <= 2, and the KL adds ε: keep z below LIMITS.ridgeMax/4.
  if (!(zeta + cEff <= LIMITS.ridgeMax / 4)) {
    const name = reg.ct !== undefined ? 'ct' : 'c';
    throw new InvalidArgumentError(name, reg.ct ?? reg.c, `makes the ridge z = ζ + c_t/ᾱ = ${zeta + cEff} exceed ${LIMITS.ridgeMax / 4} (the largest the theory represents in doubles)`);
  }
  return { alphaBar: ab, zeta, z: zeta + cEff, cEff };
}
