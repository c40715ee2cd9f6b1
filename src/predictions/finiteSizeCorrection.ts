import type { Spectrum } from '../spectra/spectrum.js';
import type { ModelEnsemble } from './ensemble.js';
import { finiteSizeSums } from './finiteSizeSums.js';
import type { LossMeasures } from './lossMeasures.js';
import type { NoiseLevel } from './noiseLevel.js';

/**
 * First-order finite-size corrections of the n-sample-ensemble traces at ridge w (docs/theory.md
 * §6.2–6.3): what to add to the deterministic equivalents of docs/theory.md §3 so that they are
 * exact to O(1/d) relative, for real Gaussian data. G = (Ŝ + w)⁻¹.
 */
export interface ResolventCorrections {
  /** Φ = ½ log(1 − γ): correction of E log det(Ŝ + w) (≤ 0). */
  logDet: number;
  /** ∂_wΦ: correction of E tr G (≥ 0). */
  trG: number;
  /** −∂²_wΦ: correction of E tr G² (≥ 0). */
  trG2: number;
  /** Correction of E tr ΣG (≥ 0). */
  trSigmaG: number;
  /** Correction of E tr ΣG² = −∂_w of trSigmaG (≥ 0). */
  trSigmaG2: number;
  /** Correction of E tr B∞G, B∞ = (Σ + ζ)(Σ + z)⁻¹ (the alignment's cross term; = trG when z = ζ). */
  trBG: number;
  /** γ = df2(κ)/n and n(1 − γ), formed without cancellation. */
  gamma: number;
  oneMinusGammaTimesN: number;
}

const sums = new Float64Array(10);

/**
 * The corrections at a solved κ = κ(w; Σ, n) (ridge w ≥ 0; w = 0 only with n > d, where κ = 0).
 * ζ and z define B∞ for trBG (defaults: z = ζ = w, i.e. B∞ = I). All terms are sums of
 * non-negative parts (docs/theory.md §6.3; M alone has either sign), so nothing cancels badly:
 *
 *   g = n(1 − γ) = n w/κ + S11,  ρ = κ/w (n/(n − d) at w = 0),
 *   Φ = ½ log(g/n),   ∂_wΦ = n P3/g²,   −∂²_wΦ = (n²/g³)(3 P4 + 4 P3²/g),
 *   c_Σ = (n S30 + ρK)/g²,
 *   −∂_w c_Σ = [3n(n U31 + ρM)/g + ρ(K/κ)(ρ + 4nκP3/g²) + 4n² P3 S30/g²]/g²,
 *   c_B∞ = (n Rb − c S11 C/w)/g²,   c = z − ζ.
 */
export function resolventCorrections(spectrum: Spectrum, n: number, w: number, kappa: number, z = w, zeta = w): ResolventCorrections {
  const { eigenvalues, weights } = spectrum;
  const c = z - zeta;
  // At w = 0 (n > d, κ = 0 exactly): n w/κ → n − d and ρ → n/(n − d).
  const atZero = !(w > 0);
  finiteSizeSums(eigenvalues, weights, eigenvalues.length, kappa, z, zeta, c > 0 && !atZero, sums);
  const S11 = sums[0], S20 = sums[1], S30 = sums[2], P3 = sums[3], P4 = sums[4], U31 = sums[5];
  const K = sums[6], M = sums[7], C = sums[8], Rb = sums[9];
  const g = (atZero ? n - spectrum.d : (n * w) / kappa) + S11;
  const rho = atZero ? n / (n - spectrum.d) : kappa / w;
  const gamma = S20 / n;
  // log(1 − γ): log1p while γ is small (N ≫ d: Φ ≈ −d/2n keeps its digits), log(g/n) near the edge.
  const logDet = gamma < 0.5 ? 0.5 * Math.log1p(-gamma) : 0.5 * Math.log(g / n);
  const g2 = g * g;
  const trG = (n * P3) / g2;
  const trG2 = ((n * n) / (g2 * g)) * (3 * P4 + (4 * P3 * P3) / g);
  const trSigmaG = (n * S30 + rho * K) / g2;
  const kOverKappa = kappa > 0 ? K / kappa : 0;
  const trSigmaG2 =
    ((3 * n * (n * U31 + rho * M)) / g + rho * kOverKappa * (rho + (4 * n * kappa * P3) / g2) + (4 * n * n * P3 * S30) / g2) / g2;
  const trBG = c > 0 && !atZero ? (n * Rb - (c * S11 * C) / w) / g2 : (n * Rb) / g2;
  return { logDet, trG, trG2, trSigmaG, trSigmaG2, trBG, gamma, oneMinusGammaTimesN: g };
}

/**
 * First-order corrections of the five loss measures (docs/theory.md §6.4), to be added to
 * lossMeasures(...) at the same κ. Model ensemble: G = r G_Ŝ(r z), E δμᵀMδμ = (1/N) E tr ΣM.
 *   train  −ζ r c_G − ζ c r² c_G²
 *   test   −2ζ r c_G + ζ² r² c_G² + ζ(1 + m) r² c_ΣG²
 *   gap    ζ[(1 + m) r² c_ΣG² − r c_G + z r² c_G²]
 *   align  ζ[(1 + m) r² c_ΣG² + ζ r² c_G² − 2 r c_B∞G]
 *   reference 0 (a population quantity: exact).
 */
export function lossCorrections(spectrum: Spectrum, ens: ModelEnsemble, level: NoiseLevel, kappa: number): LossCorrections {
  const { zeta, z, cEff } = level;
  const { n, r, meanFactor } = ens;
  const w = r * z;
  const k = resolventCorrections(spectrum, n, w, kappa, z, zeta);
  const r2 = r * r;
  const sigma2 = (1 + meanFactor) * r2 * k.trSigmaG2;
  const trainLoss = -zeta * (r * k.trG + cEff * r2 * k.trG2);
  const testLoss = zeta * (zeta * r2 * k.trG2 + sigma2 - 2 * r * k.trG);
  const gap = zeta * (sigma2 + z * r2 * k.trG2 - r * k.trG);
  const alignment = zeta * (sigma2 + zeta * r2 * k.trG2 - 2 * r * k.trBG);
  return { measures: { trainLoss, testLoss, gap, referenceLoss: 0, alignment }, oneMinusGammaTimesN: k.oneMinusGammaTimesN };
}

export interface LossCorrections {
  /** What to add to each measure. */
  measures: LossMeasures;
  /** n(1 − γ) at the ridge r z (the hard-edge parameter, docs/theory.md §6.6). */
  oneMinusGammaTimesN: number;
}

/**
 * First-order correction of E KL(N(μ, Σ) ‖ N(μ̂, Σ̂ + εI)) (docs/theory.md §6.5), to be added to
 * klDivergence(...) at the same κ = κ(rε; Σ, n):  ½[(1 + m) r c_ΣG(rε) + Φ(rε)].
 */
export function klCorrection(spectrum: Spectrum, ens: ModelEnsemble, eps: number, kappa: number): { kl: number; oneMinusGammaTimesN: number } {
  const w = ens.r * eps;
  const k = resolventCorrections(spectrum, ens.n, w, kappa);
  return { kl: 0.5 * ((1 + ens.meanFactor) * ens.r * k.trSigmaG + k.logDet), oneMinusGammaTimesN: k.oneMinusGammaTimesN };
}
