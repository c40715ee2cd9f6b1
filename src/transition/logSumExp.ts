/**
 * Sums of exponentials in log space, for the Gaussian-overlap terms of the transition metric
 * (docs/theory.md §9, the onset-of-memorization paper’s eq. 19–21). In d = 100 a single overlap ∫ N N is of order (4πε²)^(−50):
 * the raw terms under- or overflow, but their logarithms are ordinary numbers. Every sum is
 * formed as M + log Σ exp(x_i − M) with M = max x_i, so the largest term is exactly 1 and nothing
 * overflows; terms more than ~745 below the maximum underflow to 0, which is harmless because
 * they are below rounding relative to the maximum anyway.
 */

/**
 * log Σ_{i<count} exp(x_i). −Infinity for an empty sum or all −Infinity; +Infinity if any is.
 *
 * @example
 * ```ts
 * logSumExp([0, 0]);   // ≈ 0.693 (log 2)
 * ```
 */
export function logSumExp(x: ArrayLike<number>, count = x.length): number {
  let max = -Infinity;
  for (let i = 0; i < count; i++) if (x[i] > max) max = x[i];
  if (max === -Infinity || max === Infinity) return max;
  let s = 0;
  for (let i = 0; i < count; i++) s += Math.exp(x[i] - max);
  return max + Math.log(s);
}

/**
 * log((1/count) Σ exp(x_i)) — the log of a mixture's equal-weight average.
 *
 * @example
 * ```ts
 * logMeanExp([0, Math.log(3)]);   // ≈ 0.693 (log of the mean 2)
 * ```
 */
export function logMeanExp(x: ArrayLike<number>, count = x.length): number {
  return logSumExp(x, count) - Math.log(count);
}

/** One term c·exp(log) of a signed sum; `coefficient` may be negative, `log` may be ±Infinity. */
export interface SignedLogTerm {
  log: number;
  coefficient: number;
}

/** A real number held as sign · exp(log), so that tiny and huge values keep their precision. */
export interface SignedLog {
  /** −1, 0 or +1. */
  sign: -1 | 0 | 1;
  /** log |value| (−Infinity when sign = 0). */
  log: number;
  /**
   * Σ|terms| / |value| as a log (≥ 0): how much cancellation happened. When it exceeds
   * log(1/ε) ≈ 36 the sign is not resolved by double precision (reported, never hidden).
   */
  logCancellation: number;
}

/**
 * Σ c_k exp(l_k) as sign · exp(log), by scaling with the largest |c_k| exp(l_k). Terms with
 * log = +Infinity make the result +∞ or −∞ (sign of their coefficients); two such terms of
 * opposite sign are an undefined ∞ − ∞ and throw (callers cancel such terms analytically, as the
 * transition metric does with ∫ρ_G², see transitionDraw.ts).
 *
 * @example
 * ```ts
 * signedLogSum([{ coefficient: 1, log: Math.log(3) }, { coefficient: -1, log: 0 }]);   // { sign: 1, log: ≈ 0.693, … } (log(3 − 1))
 * ```
 */
export function signedLogSum(terms: readonly SignedLogTerm[]): SignedLog {
  let infSign = 0;
  for (const t of terms) {
    if (t.log === Infinity && t.coefficient !== 0) {
      const s = Math.sign(t.coefficient);
      if (infSign !== 0 && s !== infSign) throw new RangeError('signedLogSum: ∞ − ∞ is undefined');
      infSign = s;
    }
  }
  if (infSign !== 0) return { sign: infSign as 1 | -1, log: Infinity, logCancellation: 0 };
  // Each term as sign(c)·exp(l + log|c|): scaling by exp(l − max) and multiplying by c afterwards
  // would overflow for tiny c (c = 5e-324 has log|c| = −744, exp(744) = ∞).
  let max = -Infinity;
  for (const t of terms) {
    if (t.coefficient === 0) continue;
    const l = t.log + Math.log(Math.abs(t.coefficient));
    if (l > max) max = l;
  }
  if (max === -Infinity) return { sign: 0, log: -Infinity, logCancellation: 0 };
  let s = 0;
  let abs = 0;
  for (const t of terms) {
    if (t.coefficient === 0 || t.log === -Infinity) continue;
    const a = Math.exp(t.log + Math.log(Math.abs(t.coefficient)) - max);
    s += t.coefficient > 0 ? a : -a;
    abs += a;
  }
  if (s === 0) return { sign: 0, log: -Infinity, logCancellation: Infinity };
  const logAbs = Math.log(Math.abs(s));
  return { sign: s > 0 ? 1 : -1, log: max + logAbs, logCancellation: Math.log(abs) - logAbs };
}

/** The plain number sign · exp(log) (may under- or overflow: that is the caller's choice). */
export function signedLogValue(v: SignedLog): number {
  return v.sign === 0 ? 0 : v.sign * Math.exp(v.log);
}
