import type { Spectrum } from '../../spectra/spectrum.js';
import { solveKappa } from '../../selfconsistency/kappa/solveKappa.js';

/**
 * The covariance over training sets (real Gaussian data, d → ∞ with n/d fixed) of the resolvent
 * traces tr B G(w) and of log det(Ŝ + w), G = (Ŝ + w)⁻¹, for weights B = b(Σ) diagonal in Σ's
 * eigenbasis (docs/theory.md §6.10). All of them come from one function of the population: for two
 * population perturbations Σ_j = Σ(I + t_j B_j) of the same data,
 *
 *   Cov(log det(Ŝ_1 + w_1), log det(Ŝ_2 + w_2)) = −2 log(1 − Ψ),
 *   Ψ = (1/n) Σ_i ω_i x_1i x_2i,  x_ji = λ_ji/(λ_ji + κ_j),  κ_j = κ(w_j; Σ_j, n),
 *
 * (at Σ_1 = Σ_2 it is the classical 2 log[(κ_2 − κ_1)/(w_2 − w_1)]), and ∂_t log det(Ŝ_t + w) =
 * tr B − w tr BG at t = 0, so that
 *
 *   Cov(tr B_1G(w_1), tr B_2G(w_2)) = 2[Ψ_12/(1 − Ψ) + Ψ_1Ψ_2/(1 − Ψ)²]/(w_1 w_2),
 *   Cov(tr B_1G(w_1), log det(Ŝ + w_2)) = −2Ψ_1/((1 − Ψ) w_1),
 *
 * with Ψ_j, Ψ_12 the t-derivatives at 0: ∂_t x_ji = λ_i(b_ji κ_j − κ̇_j)/(λ_i + κ_j)² and
 * κ̇_j = κ_j Σ_i ω_i b_ji λ_i κ_j/(λ_i + κ_j)² / g_j, g_j = n w_j/κ_j + Σ_i ω_i λ_i κ_j/(λ_i + κ_j)².
 */
export interface TracePoint {
  /** The Ŝ-ridge w > 0. */
  w: number;
  /** κ(w; Σ, n). */
  kappa: number;
  /** x_i = λ_i/(λ_i + κ). */
  x: Float64Array;
  /** g = n w/κ + Σ ω λκ/(λ+κ)² = n(1 − γ). */
  g: number;
}

/**
 * One ridge's κ and the per-eigenvalue terms the covariances share.
 *
 * @example
 * ```ts
 * tracePoint(powerLawSpectrum({ d: 256, k: 1 }), 128, 0.5);   // { w: 0.5, kappa: ≈ 1.185, x: Float64Array(256), g: ≈ 97.5 }
 * ```
 */
export function tracePoint(spectrum: Spectrum, n: number, w: number, kappa?: number): TracePoint {
  const k = kappa ?? solveKappa({ spectrum, n, ridge: w }).kappa;
  const ev = spectrum.eigenvalues;
  const x = new Float64Array(ev.length);
  let s11 = 0;
  for (let i = 0; i < ev.length; i++) {
    const t = 1 / (ev[i] + k);
    x[i] = ev[i] * t;
    s11 += spectrum.weights[i] * x[i] * k * t;
  }
  return { w, kappa: k, x, g: (n * w) / k + s11 };
}

/** ∂_t x_i of a weight b (per eigenvalue) at a point: λ_i(b_iκ − κ̇)/(λ_i + κ)², κ̇ = κ S_b/g. */
export function traceDerivative(spectrum: Spectrum, p: TracePoint, b: ArrayLike<number>): Float64Array {
  const ev = spectrum.eigenvalues;
  const w = spectrum.weights;
  const k = p.kappa;
  let sb = 0;
  for (let i = 0; i < ev.length; i++) {
    const t = 1 / (ev[i] + k);
    sb += w[i] * b[i] * ev[i] * k * t * t;
  }
  const kdot = (k * sb) / p.g;
  const out = new Float64Array(ev.length);
  for (let i = 0; i < ev.length; i++) {
    const t = 1 / (ev[i] + k);
    out[i] = ev[i] * (b[i] * k - kdot) * t * t;
  }
  return out;
}

/** A weight: per-eigenvalue b_i, or null for log det(Ŝ + w) instead of a trace. */
export type TraceWeight = ArrayLike<number> | null;

/**
 * Cov(s_1, s_2) of two statistics, each tr B G(w) (weight b) or log det(Ŝ + w) (weight null),
 * at the given points (same spectrum and n).
 *
 * @example
 * ```ts
 * const p = tracePoint(spectrum, 128, 0.5);
 * statisticCovariance(spectrum, 128, p, null, p, null);   // the covariance of the two trace statistics over training sets
 * ```
 */
export function statisticCovariance(spectrum: Spectrum, n: number, p1: TracePoint, b1: TraceWeight, p2: TracePoint, b2: TraceWeight): number {
  const om = spectrum.weights;
  const m = om.length;
  const d1 = b1 ? traceDerivative(spectrum, p1, b1) : null;
  const d2 = b2 ? traceDerivative(spectrum, p2, b2) : null;
  let psi = 0;
  let psi1 = 0;
  let psi2 = 0;
  let psi12 = 0;
  for (let i = 0; i < m; i++) {
    const a = p1.x[i];
    const c = p2.x[i];
    psi += om[i] * a * c;
    if (d1) psi1 += om[i] * d1[i] * c;
    if (d2) psi2 += om[i] * a * d2[i];
    if (d1 && d2) psi12 += om[i] * d1[i] * d2[i];
  }
  psi /= n;
  psi1 /= n;
  psi2 /= n;
  psi12 /= n;
  const q = 1 - psi;
  if (!d1 && !d2) return -2 * Math.log(q);
  if (d1 && !d2) return (-2 * psi1) / (q * p1.w);
  if (!d1 && d2) return (-2 * psi2) / (q * p2.w);
  return (2 * (psi12 / q + (psi1 * psi2) / (q * q))) / (p1.w * p2.w);
}
