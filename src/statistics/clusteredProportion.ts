/**
 * A 95% interval for a proportion estimated from K equal groups of draws that share a random
 * ingredient within each group (the onset-of-memorization paper; every draw of a group is scored against the same
 * original set, so the draws are not independent across sets). The Wilson interval of the pooled
 * count treats all draws as independent and misses the between-group variation.
 *
 * With group proportions p̂_1 … p̂_K, p̂ = mean p̂_g, and the sample variance s² of the p̂_g
 * estimates Var p̂_g = (within-group binomial) + (between-group) variance, so
 * p̂ ± t_{K−1} s/√K covers both (the usual cluster-robust / random-effects interval). Because the
 * t-interval is poor for proportions near 0 or 1 with few groups, the interval returned is the
 * union of it and the pooled Wilson interval, clipped to [0, 1]: never narrower than Wilson.
 */
import { InvalidArgumentError } from '../errors.js';
import { wilsonInterval, type ProportionInterval } from './wilsonInterval.js';

/** Two-sided 97.5 % quantiles of Student's t for 1…30 degrees of freedom (then the normal's). */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export interface ClusteredProportionInterval extends ProportionInterval {
  groups: number;
  /** s/√K: the standard error of p̂ including the between-group variation. */
  stderr: number;
}

/**
 * The interval of the file comment from successes[g] out of trials[g] per group (K ≥ 2).
 *
 * @example
 * ```ts
 * clusteredProportionInterval([3, 5, 4], [10, 10, 10]);   // { estimate: 0.4, low: ≈ 0.152, high: ≈ 0.648, groups: 3, stderr: ≈ 0.058 }
 * ```
 */
export function clusteredProportionInterval(successes: ArrayLike<number>, trials: ArrayLike<number>): ClusteredProportionInterval {
  const K = successes.length;
  if (K < 2 || trials.length !== K) throw new InvalidArgumentError('groups', K, 'need at least 2 groups with matching successes and trials');
  let k = 0;
  let N = 0;
  const p = new Float64Array(K);
  for (let g = 0; g < K; g++) {
    if (!(Number.isInteger(trials[g]) && trials[g] >= 1)) throw new InvalidArgumentError(`trials[${g}]`, trials[g], 'must be an integer >= 1');
    if (!(Number.isInteger(successes[g]) && successes[g] >= 0 && successes[g] <= trials[g])) throw new InvalidArgumentError(`successes[${g}]`, successes[g], `must be an integer in 0..${trials[g]}`);
    k += successes[g];
    N += trials[g];
    p[g] = successes[g] / trials[g];
  }
  let mean = 0;
  for (let g = 0; g < K; g++) mean += p[g] / K;
  let ss = 0;
  for (let g = 0; g < K; g++) ss += (p[g] - mean) ** 2;
  const stderr = Math.sqrt(ss / (K - 1) / K);
  const t = K - 1 <= T975.length ? T975[K - 2] : 1.959963984540054;
  const w = wilsonInterval(k, N);
  return {
    estimate: k / N,
    low: Math.max(0, Math.min(w.low, mean - t * stderr)),
    high: Math.min(1, Math.max(w.high, mean + t * stderr)),
    groups: K,
    stderr,
  };
}
