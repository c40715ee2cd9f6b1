/** Mean and standard error of the mean of a set of per-draw values. */
export interface MeanStderr {
  mean: number;
  stderr: number;
  /**
   * The per-draw standard deviation (the spread over training sets, when each draw is one) and
   * its standard error by the fourth-moment formula Var(s²) ≈ (m₄ − (k − 3)/(k − 1)·s⁴)/k,
   * se(s) = √Var(s²)/(2s). Given by meanStderr for k ≥ 2 finite values; absent otherwise.
   */
  sd?: number;
  sdStderr?: number;
}

/**
 * Mean and standard error (sample standard deviation/√k) by Welford's update, which does not
 * lose precision when the spread is small compared with the mean. One value gives stderr 0.
 *
 * @example
 * ```ts
 * meanStderr([1, 2, 3, 4]);   // { mean: 2.5, stderr: ≈ 0.645, sd: ≈ 1.291, sdStderr: ≈ 0.248 }
 * ```
 */
export function meanStderr(values: ArrayLike<number>): MeanStderr {
  // An infinite value (a KL with a collapsed mode) makes the mean infinite; report it as such
  // rather than letting ∞ − ∞ turn the spread into NaN.
  for (let i = 0; i < values.length; i++) if (values[i] === Infinity) return { mean: Infinity, stderr: Infinity };
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    const delta = x - mean;
    mean += delta / (i + 1);
    m2 += delta * (x - mean);
  }
  const k = values.length;
  if (k < 2) return { mean, stderr: 0 };
  const variance = m2 / (k - 1);
  // Second pass for the fourth central moment (the mean is known now).
  let m4 = 0;
  for (let i = 0; i < k; i++) {
    const e = values[i] - mean;
    m4 += e * e * e * e;
  }
  m4 /= k;
  const sd = Math.sqrt(variance);
  const varOfVariance = Math.max(0, (m4 - ((k - 3) / (k - 1)) * variance * variance) / k);
  const sdStderr = sd > 0 ? Math.sqrt(varOfVariance) / (2 * sd) : 0;
  return { mean, stderr: Math.sqrt(variance / k), sd, sdStderr };
}
