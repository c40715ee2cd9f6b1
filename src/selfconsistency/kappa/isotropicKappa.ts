import { requireNonNegative, requirePositive, requireSampleSize } from '../../validate.js';

/**
 * Closed form of κ for Σ = σ² I (docs/theory.md §2), q = d/n:
 * κ = ½[(w + σ²(q−1)) + sqrt((w + σ²(q−1))² + 4wσ²)], evaluated without cancellation when
 * w + σ²(q−1) < 0 (then κ = 2wσ²/(sqrt(...) − (w + σ²(q−1)))).
 *
 * @example
 * ```ts
 * isotropicKappa({ d: 256, n: 128, ridge: 0.5 });   // ≈ 1.781 (κ for Σ = I in closed form)
 * ```
 */
export function isotropicKappa(options: { d: number; n: number; ridge: number; variance?: number }): number {
  const d = requirePositive('d', options.d);
  const n = requireSampleSize('n', options.n, 1);
  const w = requireNonNegative('ridge', options.ridge);
  const s2 = requirePositive('variance', options.variance ?? 1);
  const b = w + s2 * (d / n - 1);
  const root = Math.sqrt(b * b + 4 * w * s2);
  if (b >= 0) return 0.5 * (b + root);
  return (2 * w * s2) / (root - b);
}
