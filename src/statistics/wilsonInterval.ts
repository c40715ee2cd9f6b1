/**
 * Wilson score interval for a binomial proportion (Wilson 1927; Agresti & Coull 1998 recommend
 * it over the Wald interval, which collapses to a point at k = 0 or k = N — exactly where
 * P(Δ > 0) sits in the memorisation and saturated regimes).
 */
import { InvalidArgumentError } from '../errors.js';
import { requireInteger, requirePositive } from '../validate.js';

/** Two-sided 95% standard-normal quantile. */
export const Z95 = 1.959963984540054;

export interface ProportionInterval {
  /** k / N. */
  estimate: number;
  low: number;
  high: number;
}

/**
 * Wilson interval for k successes in N trials at normal quantile z (default 95%).
 *
 * @example
 * ```ts
 * wilsonInterval(7, 20);   // { estimate: 0.35, low: ≈ 0.181, high: ≈ 0.567 }
 * ```
 */
export function wilsonInterval(k: number, N: number, z = Z95): ProportionInterval {
  requireInteger('N', N, 1);
  requireInteger('k', k, 0);
  if (k > N) throw new InvalidArgumentError('k', k, `must be <= N = ${N}`);
  requirePositive('z', z);
  const p = k / N;
  const z2 = z * z;
  const denom = 1 + z2 / N;
  const centre = (p + z2 / (2 * N)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / N + z2 / (4 * N * N))) / denom;
  // Exact ends at k = 0 and k = N (the formula gives them up to rounding).
  return { estimate: p, low: k === 0 ? 0 : Math.max(0, centre - half), high: k === N ? 1 : Math.min(1, centre + half) };
}
