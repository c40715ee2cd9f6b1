/**
 * One pass over the spectrum at a solved κ, producing every population sum the first-order
 * finite-size corrections need (docs/theory.md §6.3). With t = 1/(λ+κ), x = λt, y = κt = 1 − x
 * (formed directly, no cancellation), u = 1/(λ+z) and b = (λ+ζ)u, each weighted by the
 * multiplicity ω:
 *
 *   out[0] S11 = Σ ω x y              out[1] S20 = Σ ω x²   (= n γ)
 *   out[2] S30 = Σ ω x³
 *   out[3] P3  = Σ ω x² t   (= Σ λ²/(λ+κ)³)
 *   out[4] P4  = Σ ω x² t²  (= Σ λ²/(λ+κ)⁴)
 *   out[5] U31 = Σ ω x³ t   (= Σ λ³/(λ+κ)⁴)
 *   out[6] K   = Σωx·Σωx³ − (Σωx²)²        = ½ Σ_ij ω_iω_j x_i x_j (x_i − x_j)² ≥ 0
 *   out[7] M   = Σωx·Σωx³t − Σωx²·Σωx²t    = ½ Σ_ij ω_iω_j x_i x_j (x_i − x_j)(x_i t_i − x_j t_j)  (either sign)
 *   out[8] C   = Σ_i a_i (x_i − x̄)(u_i − ū) ≤ 0, a = ωxy, x̄, ū the a-weighted means
 *                (so that S11·Σωux²y − S21·Σωuxy = S11·C, S21 = Σωx²y)
 *   out[9] Rb  = Σ ω b x² t
 *
 * K, M and C vanish for an isotropic spectrum (C also for b ≡ 1), and the corrections multiply
 * them by ρ = κ/w, which is huge at small ridges with n < d, so they must keep their relative
 * precision when the spectrum is nearly flat. They are formed as weighted (co)variances (K, M
 * under a = ωx, C under a = ωxy) from sums shifted by the first eigenvalue's values (x₀, x₀t₀,
 * u₀): K = W·Σa δ² − (Σa δ)² with δ = x − x₀, which is exact for δ ≡ 0 and loses only
 * a factor (x̄ − x₀)²/Var instead of the factor (Σωx²)²/K of the plain difference. δ is taken as
 * y₀ − y when x₀ > ½ (near x = 1 it is y that carries the digits). No division beyond t and u.
 * With `withB` false (c = 0, b ≡ 1) u is not formed: C = 0 and Rb = P3.
 * Plain loop over Float64Arrays; callers pass a scratch `out` (length ≥ 10).
 */
export function finiteSizeSums(
  eigenvalues: Float64Array,
  weights: Float64Array,
  m: number,
  kappa: number,
  z: number,
  zeta: number,
  withB: boolean,
  out: Float64Array,
): void {
  const t0 = 1 / (eigenvalues[0] + kappa);
  const x0 = eigenvalues[0] * t0;
  const y0 = kappa * t0;
  const useY = x0 > 0.5;
  const u0 = withB ? 1 / (eigenvalues[0] + z) : 0;
  let s10 = 0, s11 = 0, s20 = 0, s30 = 0, p3 = 0, p4 = 0, u31 = 0, rb = 0;
  const e0 = x0 * t0;
  let pd = 0, pd2 = 0, pe = 0, pde = 0; // Σ ωx δ, Σ ωx δ², Σ ωx ε, Σ ωx δ ε  (ε = xt − x₀t₀)
  let qd = 0, qu = 0, qdu = 0; // Σ ωxy δ, Σ ωxy δu, Σ ωxy δ δu
  for (let i = 0; i < m; i++) {
    const lam = eigenvalues[i];
    const om = weights[i];
    const t = 1 / (lam + kappa);
    const x = lam * t;
    const y = kappa * t;
    const delta = useY ? y0 - y : x - x0;
    const ox = om * x;
    const ox2 = ox * x;
    const oxy = ox * y;
    const ox2t = ox2 * t;
    s10 += ox;
    s11 += oxy;
    s20 += ox2;
    s30 += ox2 * x;
    p3 += ox2t;
    p4 += ox2t * t;
    u31 += ox2t * x;
    const pdi = ox * delta;
    const eps = x * t - e0;
    pd += pdi;
    pd2 += pdi * delta;
    pe += ox * eps;
    pde += pdi * eps;
    if (withB) {
      const u = 1 / (lam + z);
      const du = u - u0;
      const qdi = oxy * delta;
      qd += qdi;
      qu += oxy * du;
      qdu += qdi * du;
      rb += ox2t * (lam + zeta) * u;
    }
  }
  const K = s10 * pd2 - pd * pd;
  const M = s10 * pde - pd * pe;
  const C = s11 > 0 ? qdu - (qd * qu) / s11 : 0;
  out[0] = s11;
  out[1] = s20;
  out[2] = s30;
  out[3] = p3;
  out[4] = p4;
  out[5] = u31;
  // K ≥ 0; C ≤ 0 by Chebyshev's sum inequality (x rises and u falls with λ): clamp rounding.
  out[6] = K > 0 ? K : 0;
  out[7] = M;
  out[8] = C < 0 ? C : 0;
  out[9] = withB ? rb : p3;
}
