import { requireSpectrum, type Spectrum } from '../../spectra/spectrum.js';
import { solveKappa } from '../../selfconsistency/kappa/solveKappa.js';
import { resolventCorrections } from './finiteSizeCorrection.js';

/** Φ(w; λ, n) = ½ log(1 − γ(w)) and its derivatives (docs/theory.md §6.2). */
export interface FiniteSizePhi {
  kappa: number;
  gamma: number;
  /** n(1 − γ), formed without cancellation (n w/κ + Σ λκ/(λ+κ)²). */
  oneMinusGammaTimesN: number;
  /** Φ: the first-order correction of E log det(Ŝ + w). */
  phi: number;
  /** ∂_wΦ (= the correction of E tr (Ŝ + w)⁻¹). */
  dPhiDw: number;
  /** ∂²_wΦ (= −the correction of E tr (Ŝ + w)⁻²). */
  d2PhiDw2: number;
  /**
   * ∂Φ/∂λ_i per copy of the i-th distinct eigenvalue (moving all ω_i copies together changes Φ
   * by ω_i times this): −(y_i t_i/g)(x_i − κP3/g), with t = 1/(λ+κ), x = λt, y = κt, g = n(1 − γ).
   */
  dPhiDLambda: Float64Array;
  /**
   * ∂_w ∂Φ/∂λ_i = ∂(∂_wΦ)/∂λ_i per copy:
   * (n/g²)[x(2y − x)t² − 3 P4 y²/g] + (4n P3/g³) y t (x − κP3/g).
   */
  d2PhiDwDLambda: Float64Array;
}

/**
 * Φ and its derivatives in w and in each eigenvalue, at fixed n, from one κ solve and two passes
 * over the spectrum (the sums, then the per-eigenvalue values). The contractions used by the
 * predictions follow from these (docs/theory.md §6.2–6.3):
 *   E tr BG correction = −(1/w) Σ_i ω_i b_i λ_i ∂Φ/∂λ_i,   and its −∂_w by the product rule.
 *
 * @example
 * ```ts
 * finiteSizePhi({ spectrum: powerLawSpectrum({ d: 256, k: 1 }), n: 128, ridge: 0.5 });   // { kappa: ≈ 1.185, phi: ≈ −0.136, dPhiDw: ≈ 0.155, … }
 * ```
 */
export function finiteSizePhi(options: { spectrum: Spectrum; n: number; ridge: number }): FiniteSizePhi {
  const spectrum = requireSpectrum(options.spectrum);
  const { n, ridge: w } = options;
  const k = solveKappa({ spectrum, n, ridge: w });
  const kappa = k.kappa;
  const c = resolventCorrections(spectrum, n, w, kappa);
  const g = c.oneMinusGammaTimesN;
  const ev = spectrum.eigenvalues;
  let p3 = 0;
  let p4 = 0;
  for (let i = 0; i < ev.length; i++) {
    const t = 1 / (ev[i] + kappa);
    const x = ev[i] * t;
    p3 += spectrum.weights[i] * x * x * t;
    p4 += spectrum.weights[i] * x * x * t * t;
  }
  const h = (kappa * p3) / g; // S21/g: the q-weighted mean of x times S11/g
  const dPhiDLambda = new Float64Array(ev.length);
  const d2 = new Float64Array(ev.length);
  const g2 = g * g;
  for (let i = 0; i < ev.length; i++) {
    const t = 1 / (ev[i] + kappa);
    const x = ev[i] * t;
    const y = kappa * t;
    dPhiDLambda[i] = (-(y * t) / g) * (x - h);
    d2[i] = (n / g2) * (x * (2 * y - x) * t * t - (3 * p4 * y * y) / g) + ((4 * n * p3) / (g2 * g)) * y * t * (x - h);
  }
  return {
    kappa,
    gamma: c.gamma,
    oneMinusGammaTimesN: g,
    phi: c.logDet,
    dPhiDw: c.trG,
    d2PhiDw2: -c.trG2,
    dPhiDLambda,
    d2PhiDwDLambda: d2,
  };
}
