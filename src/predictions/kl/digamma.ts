/**
 * Digamma ψ(x) for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10, then the
 * asymptotic series ln x − 1/(2x) − Σ B_{2k}/(2k x^{2k}) (terms to x^{-14}: error below 1e-17
 * relative at x ≥ 10). Used for the exact Wishart log-determinant E log det W = Σψ((n−i+1)/2) + ….
 *
 * @example
 * ```ts
 * digamma(1);   // ≈ −0.5772 (−γ, the Euler–Mascheroni constant)
 * ```
 */
export function digamma(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series =
    inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760 - inv2 / 12))))));
  return shift + Math.log(x) - 0.5 * inv - series;
}
