import type { Spectrum } from '../../spectra/spectrum.js';
import type { ModelEnsemble } from '../model/ensemble.js';
import { finiteSizeSums } from './finiteSizeSums.js';
import { edgeDistance, type EdgeInfo } from './finiteSize.js';
import type { LossMeasures } from '../lossSums/lossMeasures.js';
import type { NoiseLevel } from '../model/noiseLevel.js';

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
  /** Where the expansion stands at this ridge (docs/theory.md §6.6). */
  edge: EdgeInfo;
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
 *
 * @example
 * ```ts
 * const spectrum = powerLawSpectrum({ d: 256, k: 1 });
 * resolventCorrections(spectrum, 127, 0.5, solveKappa({ spectrum, n: 127, ridge: 0.5 }).kappa).logDet;   // ≈ −0.137
 * ```
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
  const distance = edgeDistance(g, n, spectrum.d);
  return { logDet, trG, trG2, trSigmaG, trSigmaG2, trBG, gamma, oneMinusGammaTimesN: g, edge: { distance, expansion: atZero ? edgeExpansionAtZero(distance) : traceExpansion(spectrum.d, n, w, kappa, g, S11, S20, trG, trG2, trSigmaG, trSigmaG2) } };
}

/**
 * max over tr G, tr G², tr ΣG, tr ΣG² of |correction| / deterministic equivalent at ridge w > 0
 * (docs/theory.md §6.6). The equivalents follow from w(Ŝ + w)⁻¹ ≍ κ(Σ + κ)⁻¹ and κ' = n/g, with
 * the spectral sums rewritten through the ones already formed (df1 = n(1 − w/κ) at the solved κ):
 *   A1 = Σω/(λ+κ) = (d − df1)/κ,  A2 = Σω/(λ+κ)² = (d − 2df1 + S20)/κ²,  B1 = df1,  B2 = S11/κ,
 *   tr G ≍ (κ/w)A1,  tr G² ≍ (κ/w²)A1 − (κ'/w)(A1 − κA2),  and the same with B for tr ΣG, tr ΣG².
 * An estimate, not a value: an equivalent that rounds to ≤ 0 is skipped.
 */
function traceExpansion(d: number, n: number, w: number, kappa: number, g: number, S11: number, S20: number, cG: number, cG2: number, cSG: number, cSG2: number): number {
  const df1 = n * (1 - w / kappa);
  const A1 = Math.max(0, d - df1) / kappa;
  const A2 = (d - 2 * df1 + S20) / (kappa * kappa);
  const B1 = df1;
  const B2 = S11 / kappa;
  const kp = n / g;
  const ratio = (c: number, de: number) => (de > 0 && Number.isFinite(de) ? Math.abs(c) / de : 0);
  // For n < d the d − n null modes add exactly (d − n)/w and (d − n)/w² to tr G and tr G²: the
  // companion's traces (the non-zero eigenvalues, where the edge is) are what is left.
  const nullModes = Math.max(0, d - n);
  return Math.max(
    ratio(cG, (kappa / w) * A1 - nullModes / w),
    ratio(cG2, (kappa / (w * w)) * A1 - (kp / w) * (A1 - kappa * A2) - nullModes / (w * w)),
    ratio(cSG, (kappa / w) * B1),
    ratio(cSG2, (kappa / (w * w)) * B1 - (kp / w) * (B1 - kappa * B2)),
  );
}

/**
 * At w = 0 (n > d) the traces are inverse moments; isotropic, their second ones are
 * m²/((m − 1)(m − 3)) times the equivalent at distance m = n − d: relative correction 4/m,
 * no finite expectation at m ≤ 3 (docs/theory.md §6.6).
 */
function edgeExpansionAtZero(distance: number): number {
  return distance > 3 ? 4 / distance : Infinity;
}


/**
 * First-order corrections of the five loss measures (docs/theory.md §6.4), to be added to
 * lossMeasures(...) at the same κ. Model ensemble: G = r G_Ŝ(r z), E δμᵀMδμ = (1/N) E tr ΣM.
 *   train  −ζ r c_G − ζ c r² c_G²
 *   test   −2ζ r c_G + ζ² r² c_G² + ζ(1 + m) r² c_ΣG²
 *   gap    ζ[(1 + m) r² c_ΣG² − r c_G + z r² c_G²]
 *   align  ζ[(1 + m) r² c_ΣG² + ζ r² c_G² − 2 r c_B∞G]
 *   reference 0 (a population quantity: exact).
 *
 * @example
 * ```ts
 * const ens = modelEnsemble(128), level = noiseLevel(0.5);
 * const { kappa } = solveKappa({ spectrum, n: ens.n, ridge: ens.r * level.z });
 * lossCorrections(spectrum, ens, level, kappa).measures.testLoss;   // ≈ 0.125 (the 1/N correction to the test loss)
 * ```
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
  return { measures: { trainLoss, testLoss, gap, referenceLoss: 0, alignment }, oneMinusGammaTimesN: k.oneMinusGammaTimesN, edge: k.edge };
}

export interface LossCorrections {
  /** What to add to each measure. */
  measures: LossMeasures;
  /** n(1 − γ) at the ridge r z. */
  oneMinusGammaTimesN: number;
  /** The hard-edge diagnostics at the ridge r z (docs/theory.md §6.6). */
  edge: EdgeInfo;
}

/**
 * First-order correction of E KL(N(μ, Σ) ‖ N(μ̂, Σ̂ + εI)) (docs/theory.md §6.5), to be added to
 * klDivergence(...) at the same κ = κ(rε; Σ, n):  ½[(1 + m) r c_ΣG(rε) + Φ(rε)].
 *
 * @example
 * ```ts
 * const ens = modelEnsemble(128);
 * klCorrection(spectrum, ens, 1e-3, solveKappa({ spectrum, n: ens.n, ridge: ens.r * 1e-3 }).kappa).kl;   // ≈ 46.2 (d = 256 power law)
 * ```
 */
export function klCorrection(spectrum: Spectrum, ens: ModelEnsemble, eps: number, kappa: number): { kl: number; oneMinusGammaTimesN: number; edge: EdgeInfo } {
  const w = ens.r * eps;
  const k = resolventCorrections(spectrum, ens.n, w, kappa);
  return { kl: 0.5 * ((1 + ens.meanFactor) * ens.r * k.trSigmaG + k.logDet), oneMinusGammaTimesN: k.oneMinusGammaTimesN, edge: k.edge };
}
