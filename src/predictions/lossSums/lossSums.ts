/**
 * One pass over the spectrum at the solved κ, producing every population sum the loss
 * predictions need (docs/theory.md §3–4), each a sum of non-negative terms:
 *
 *   out[0] S1  = Σ w_i/(λ_i+κ)            out[1] S2 = Σ w_i/(λ_i+κ)²
 *   out[2] V   = Σ w_i λ_i/(λ_i+κ)²        out[3] df1 = Σ w_i λ_i/(λ_i+κ)
 *   out[4] V_B = Σ w_i (λ_i+ζ) λ_i/(λ_i+κ)²                      (alignment, B = Σ + ζ)
 *   out[5] Q   = Σ w_i (λ_i+ζ) λ_i²/((λ_i+κ)²(λ_i+z)²)           (alignment bias)
 *   out[6] L∞  = Σ w_i ((λ_i+z−ζ)² + ζλ_i)/(λ_i+z)²              (reference loss)
 *   out[7] df2 = Σ w_i λ_i²/(λ_i+κ)²                                (train loss, non-negative form)
 */
export function lossSums(
  eigenvalues: Float64Array,
  weights: Float64Array,
  m: number,
  kappa: number,
  z: number,
  zeta: number,
  out: Float64Array,
): void {
  const zMinusZeta = z - zeta;
  let s1 = 0, s2 = 0, v = 0, df1 = 0, vb = 0, q = 0, linf = 0, df2 = 0;
  for (let i = 0; i < m; i++) {
    const lam = eigenvalues[i];
    const wi = weights[i];
    const t = 1 / (lam + kappa);
    const u = 1 / (lam + z);
    const wt = wi * t;
    const wt2 = wt * t;
    s1 += wt;
    s2 += wt2;
    v += wt2 * lam;
    df1 += wt * lam;
    // Products of bounded ratios only (b·t, λ·t, λ·u, e·u ≤ ~1): λ up to the largest double
    // never overflows (λ² would at λ ≈ 1.3e154; the reference loss was +∞ at λ = 1e300).
    const b = lam + zeta;
    const bt = b * t;
    const lt = lam * t;
    vb += wi * bt * lt;
    const lu = lam * u;
    q += wi * bt * t * lu * lu;
    const eu = (lam + zMinusZeta) * u;
    linf += wi * (eu * eu + zeta * lu * u);
    df2 += wi * lt * lt;
  }
  out[0] = s1;
  out[1] = s2;
  out[2] = v;
  out[3] = df1;
  out[4] = vb;
  out[5] = q;
  out[6] = linf;
  out[7] = df2;
}
