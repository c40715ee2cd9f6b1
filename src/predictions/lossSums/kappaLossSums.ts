import type { FusedSums } from '../../selfconsistency/kappa/kappaNewton.js';
import type { CurvePointSums } from '../../selfconsistency/kappa/kappaCurveUnchecked.js';
import { lossSums } from './lossSums.js';

/** Number of loss sums per point (lossSums.ts writes out[0 … 7]). */
export const LOSS_SUMS = 8;

/**
 * The last Newton pass of a noise level with the loss sums of docs/theory.md §3–4 fused in: the κ part
 * keeps t_i = 1/(λ_i + κ) and the loss part reuses it, so the division by λ_i + κ is done once for
 * both (the loss part still divides by λ_i + z). Measured, this is as fast as separate passes, not
 * faster (docs/compression.md §5): the loss loop's cost is its own division and multiply-adds.
 *
 * Bit-identical by construction to the unfused path: the κ sums are accumulated exactly as
 * kappaSums.ts does (two interleaved chains, same operations), so Newton takes the same steps, and
 * the loss sums exactly as lossSums.ts does (one chain, elements in order, same expressions), so
 * lossMeasures sees the same numbers. Keep the loss part in step with lossSums.ts (the test in
 * test/predictions/compression.test.ts compares them bit for bit).
 */
export class LossPointSums implements CurvePointSums, FusedSums {
  readonly size = LOSS_SUMS;
  readonly extra = new Float64Array(LOSS_SUMS);
  readonly fused: FusedSums = this;
  private z = 1;
  private zeta = 1;
  /** t_i = 1/(λ_i + κ) of the fused pass, reused by its loss part. */
  private reciprocal = new Float64Array(0);

  /** z_t and ζ_t of every point of the curve. */
  constructor(
    private readonly zs: ArrayLike<number>,
    private readonly zetas: ArrayLike<number>,
  ) {}

  select(j: number): void {
    this.z = this.zs[j];
    this.zeta = this.zetas[j];
  }

  alone(eigenvalues: Float64Array, weights: Float64Array, m: number, kappa: number, extra: Float64Array): void {
    lossSums(eigenvalues, weights, m, kappa, this.z, this.zeta, extra);
  }

  run(eigenvalues: Float64Array, weights: Float64Array, m: number, kappa: number, sums: Float64Array, extra: Float64Array): void {
    if (this.reciprocal.length < m) this.reciprocal = new Float64Array(m);
    const rec = this.reciprocal;
    // κ sums exactly as kappaSums.ts, keeping t_i = 1/(λ_i + κ).
    let s0 = 0, sp0 = 0, q0 = 0, f0 = 0;
    let s1 = 0, sp1 = 0, q1 = 0, f1 = 0;
    let i = 0;
    for (; i + 1 < m; i += 2) {
      const l0 = eigenvalues[i];
      const l1 = eigenvalues[i + 1];
      const t0 = 1 / (l0 + kappa);
      const t1 = 1 / (l1 + kappa);
      rec[i] = t0;
      rec[i + 1] = t1;
      const a0 = l0 * t0;
      const a1 = l1 * t1;
      const b0 = kappa * t0;
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
      rec[i] = t0;
      const a0 = l0 * t0;
      const b0 = kappa * t0;
      const wa0 = weights[i] * a0;
      s0 += weights[i] * b0;
      sp0 += wa0 * b0;
      q0 += wa0 * a0;
      f0 += wa0;
    }
    sums[0] = s0 + s1;
    sums[1] = sp0 + sp1;
    sums[2] = q0 + q1;
    sums[3] = f0 + f1;
    // Loss sums exactly as lossSums.ts, with t_i reused (no second division by λ_i + κ). A
    // second loop over the (cache-resident) reciprocals rather than one loop with 16 accumulators,
    // which spills registers and was slower than two separate passes.
    const z = this.z;
    const zeta = this.zeta;
    const zMinusZeta = z - zeta;
    let S1 = 0, S2 = 0, V = 0, DF1 = 0, VB = 0, Q = 0, LINF = 0, DF2 = 0;
    for (let k = 0; k < m; k++) {
      const lam = eigenvalues[k];
      const wi = weights[k];
      const t = rec[k];
      const u = 1 / (lam + z);
      const wt = wi * t;
      const wt2 = wt * t;
      S1 += wt;
      S2 += wt2;
      V += wt2 * lam;
      DF1 += wt * lam;
      // As lossSums.ts: products of bounded ratios only, so λ near the largest double does not overflow.
      const b = lam + zeta;
      const bt = b * t;
      const lt = lam * t;
      VB += wi * bt * lt;
      const lu = lam * u;
      Q += wi * bt * t * lu * lu;
      const eu = (lam + zMinusZeta) * u;
      LINF += wi * (eu * eu + zeta * lu * u);
      DF2 += wi * lt * lt;
    }
    extra[0] = S1;
    extra[1] = S2;
    extra[2] = V;
    extra[3] = DF1;
    extra[4] = VB;
    extra[5] = Q;
    extra[6] = LINF;
    extra[7] = DF2;
  }
}
