/** Mean and standard error of the mean of a set of per-draw values. */
export interface MeanStderr {
  mean: number;
  stderr: number;
}

/**
 * Mean and standard error (sample standard deviation/√k) by Welford's update, which does not
 * lose precision when the spread is small compared with the mean. One value gives stderr 0.
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
  return { mean, stderr: k > 1 ? Math.sqrt(m2 / (k - 1) / k) : 0 };
}
