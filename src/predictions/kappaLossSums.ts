import type { FusedSums } from '../selfconsistency/kappaNewton.js';
import type { CurvePointSums } from '../selfconsistency/solveKappaCurve.js';
import { lossSums } from './lossSums.js';

/** Number of loss sums per point (lossSums.ts writes out[0 … 7]). */
export const LOSS_SUMS = 8;

/**
 * The last Newton pass of a noise level with the loss sums of THEORY.md §4–5 fused in
 * (one pass over the spectrum instead of two, 1/(λ_i + κ) computed once for both).
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
    const z = this.z;
    const zeta = this.zeta;
    const cOverZ = (z - zeta) / z;
    const zMinusZeta = z - zeta;
    // κ sums (kappaSums.ts).
    let s0 = 0, sp0 = 0, q0 = 0, f0 = 0;
    let s1 = 0, sp1 = 0, q1 = 0, f1 = 0;
    // Loss sums (lossSums.ts).
    let S1 = 0, S2 = 0, V = 0, DF1 = 0, VB = 0, Q = 0, LINF = 0, T0 = 0;
    let i = 0;
    for (; i + 1 < m; i += 2) {
      const l0 = eigenvalues[i];
      const l1 = eigenvalues[i + 1];
      const w0 = weights[i];
      const w1 = weights[i + 1];
      const t0 = 1 / (l0 + kappa);
      const t1 = 1 / (l1 + kappa);
      const a0 = l0 * t0;
      const a1 = l1 * t1;
      const b0 = kappa * t0;
      const b1 = kappa * t1;
      const wa0 = w0 * a0;
      const wa1 = w1 * a1;
      s0 += w0 * b0;
      s1 += w1 * b1;
      sp0 += wa0 * b0;
      sp1 += wa1 * b1;
      q0 += wa0 * a0;
      q1 += wa1 * a1;
      f0 += wa0;
      f1 += wa1;
      // Element i, then element i + 1, as lossSums' sequential loop.
      {
        const u = 1 / (l0 + z);
        const wt = w0 * t0;
        const wt2 = wt * t0;
        S1 += wt;
        S2 += wt2;
        V += wt2 * l0;
        DF1 += wt * l0;
        const b = l0 + zeta;
        VB += wt2 * b * l0;
        const lu = l0 * u;
        Q += wt2 * b * lu * lu;
        const e = l0 + zMinusZeta;
        LINF += w0 * (e * e + zeta * l0) * u * u;
        T0 += wt * (l0 + kappa * cOverZ);
      }
      {
        const u = 1 / (l1 + z);
        const wt = w1 * t1;
        const wt2 = wt * t1;
        S1 += wt;
        S2 += wt2;
        V += wt2 * l1;
        DF1 += wt * l1;
        const b = l1 + zeta;
        VB += wt2 * b * l1;
        const lu = l1 * u;
        Q += wt2 * b * lu * lu;
        const e = l1 + zMinusZeta;
        LINF += w1 * (e * e + zeta * l1) * u * u;
        T0 += wt * (l1 + kappa * cOverZ);
      }
    }
    if (i < m) {
      const l0 = eigenvalues[i];
      const w0 = weights[i];
      const t0 = 1 / (l0 + kappa);
      const a0 = l0 * t0;
      const b0 = kappa * t0;
      const wa0 = w0 * a0;
      s0 += w0 * b0;
      sp0 += wa0 * b0;
      q0 += wa0 * a0;
      f0 += wa0;
      const u = 1 / (l0 + z);
      const wt = w0 * t0;
      const wt2 = wt * t0;
      S1 += wt;
      S2 += wt2;
      V += wt2 * l0;
      DF1 += wt * l0;
      const b = l0 + zeta;
      VB += wt2 * b * l0;
      const lu = l0 * u;
      Q += wt2 * b * lu * lu;
      const e = l0 + zMinusZeta;
      LINF += w0 * (e * e + zeta * l0) * u * u;
      T0 += wt * (l0 + kappa * cOverZ);
    }
    sums[0] = s0 + s1;
    sums[1] = sp0 + sp1;
    sums[2] = q0 + q1;
    sums[3] = f0 + f1;
    extra[0] = S1;
    extra[1] = S2;
    extra[2] = V;
    extra[3] = DF1;
    extra[4] = VB;
    extra[5] = Q;
    extra[6] = LINF;
    extra[7] = T0;
  }
}
