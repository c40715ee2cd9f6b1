/**
 * Gamma and chi-square variates, for the Bartlett decomposition of Wishart matrices
 * (wishartBartlett.ts).
 *
 * Method: Marsaglia & Tsang, "A simple method for generating gamma variables", ACM TOMS 26(3),
 * 2000. For shape a ≥ 1, with d = a − ⅓ and c = 1/√(9d): draw x ~ N(0, 1) until v = (1 + cx)³
 * > 0, draw u ~ U(0, 1), and accept d·v if u < 1 − 0.0331x⁴ (the cheap squeeze) or
 * log u < x²/2 + d(1 − v + log v); otherwise start again. The acceptance rate is ≥ 95 % for every
 * a ≥ 1, so a draw costs about one normal and one uniform. For a < 1 (only χ²₁ here, which we
 * take as z² instead) the usual boost Gamma(a) = Gamma(a + 1)·U^(1/a) applies.
 *
 * The stream is consumed in a fixed order (normal, then uniform, per attempt), so a gamma draw
 * is a deterministic function of the generator's state, like everything in this folder.
 */
import { Random } from './random.js';

/**
 * One Gamma(shape, 1) variate, shape > 0.
 *
 * @example
 * ```ts
 * sampleGamma(2, new Random(1));   // ≈ 5.48 (one Gamma(2, 1) draw)
 * ```
 */
export function sampleGamma(shape: number, rng: Random): number {
  if (shape < 1) {
    const g = sampleGamma(shape + 1, rng);
    return g * Math.pow(rng.uniform(), 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * One χ²_k variate for an integer k ≥ 1: z² for k = 1, 2·Gamma(k/2) otherwise.
 *
 * @example
 * ```ts
 * sampleChiSquare(3, new Random(1));   // ≈ 9.23 (one χ²₃ draw)
 * ```
 */
export function sampleChiSquare(k: number, rng: Random): number {
  if (k === 1) {
    const z = rng.normal();
    return z * z;
  }
  return 2 * sampleGamma(k / 2, rng);
}
