/**
 * One pass over the spectrum at a trial κ > 0, producing every sum the κ solvers need
 * (docs/theory.md §1–2):
 *
 *   s(κ)   = Σ_i w_i κ/(λ_i+κ)            (= d − df1(κ); computed directly, no cancellation)
 *   κs'(κ) = Σ_i w_i λ_iκ/(λ_i+κ)²        (= df1 − df2)
 *   df2(κ) = Σ_i w_i λ_i²/(λ_i+κ)²
 *   df1(κ) = Σ_i w_i λ_i/(λ_i+κ)          (computed directly too: accurate when κ ≫ λ, where d − s is not)
 *
 * Written as a plain loop over Float64Arrays with explicit length: this is the hot loop of every
 * solve (one division and a handful of multiply-adds per distinct eigenvalue).
 * Results go to `out[0..3]` = [s, κs', df2, df1] so that callers allocate nothing per iteration.
 */
export function kappaSums(
  eigenvalues: Float64Array,
  weights: Float64Array,
  m: number,
  kappa: number,
  out: Float64Array,
): void {
  // Two independent sets of accumulators (even/odd i): each += is a loop-carried dependency
  // of ~4 cycles, so splitting them lets the two chains overlap (V8 does not reassociate).
  let s0 = 0, sp0 = 0, q0 = 0, f0 = 0;
  let s1 = 0, sp1 = 0, q1 = 0, f1 = 0;
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const l0 = eigenvalues[i];
    const l1 = eigenvalues[i + 1];
    const t0 = 1 / (l0 + kappa);
    const t1 = 1 / (l1 + kappa);
    const a0 = l0 * t0; // λ/(λ+κ)
    const a1 = l1 * t1;
    const b0 = kappa * t0; // κ/(λ+κ) = 1 − a, computed without cancellation
    const b1 = kappa * t1;
    const wa0 = weights[i] * a0;
    const wa1 = weights[i + 1] * a1;
    s0 += weights[i] * b0;
    s1 += weights[i + 1] * b1;
    sp0 += wa0 * b0;
    sp1 += wa1 * b1;
    q0 += wa0 * a0;
    q1 += wa1 * a1;
    f0 += wa0;
    f1 += wa1;
  }
  if (i < m) {
    const l0 = eigenvalues[i];
    const t0 = 1 / (l0 + kappa);
    const a0 = l0 * t0;
    const b0 = kappa * t0;
    const wa0 = weights[i] * a0;
    s0 += weights[i] * b0;
    sp0 += wa0 * b0;
    q0 += wa0 * a0;
    f0 += wa0;
  }
  out[0] = s0 + s1;
  out[1] = sp0 + sp1;
  out[2] = q0 + q1;
  out[3] = f0 + f1;
}
