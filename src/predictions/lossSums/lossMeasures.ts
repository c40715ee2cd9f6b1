import type { Spectrum } from '../../spectra/spectrum.js';
import type { ModelEnsemble } from '../model/ensemble.js';
import { lossSums } from './lossSums.js';
import type { NoiseLevel } from '../model/noiseLevel.js';

/** Predicted measures at one noise level (totals over the d dimensions). */
export interface LossMeasures {
  trainLoss: number;
  testLoss: number;
  /** testLoss − trainLoss, computed directly (not as a difference). */
  gap: number;
  /** Test loss of the population-optimal model (N → ∞) with the same regularisation. */
  referenceLoss: number;
  /** E‖ε_θ^N(x_t) − ε_θ^∞(x_t)‖² on noised test inputs (Merger & Goldt’s eq. 14). */
  alignment: number;
}

const sums = new Float64Array(8);

/**
 * Deterministic-equivalent losses (docs/theory.md §3–4) from a solved κ = κ(w; Σ, n) at the Ŝ-ridge
 * w = r z (model ensemble) with dκ/dw. Every expression below is an exact rearrangement of the
 * §4 formulas into sums of non-negative terms, so nothing cancels even when the gap or the
 * alignment is 1e-9 of the loss (N ≫ d). With ρ = κ/w, κ' = dκ/dw, the Ŝ-resolvent G_Ŝ(w):
 *
 *   E tr G_Ŝ ≍ ρ S1,  E tr G_Ŝ² ≍ ρκ'(S2 + κ V S1/(n w)),  E tr ΣG_Ŝ² ≍ ρ²κ'V,  E tr ŜG_Ŝ² ≍ κ'V,
 *   E tr ΣG_Ŝ² − E tr ŜG_Ŝ² ≍ ρ(ρ+1)κ'V df1/n,
 *   E tr G_Ŝ²B − tr (E G_Ŝ)²B ≍ ρ²κ' V V_B/n   (fluctuation part of the alignment),
 *   E G − G∞ = diag λ(κ − z)/(z(λ+κ)(λ+z))     (bias part; κ − z = κ df1/n + (r − 1) z).
 *
 * The model-ensemble G = (Σ̂ + z)⁻¹ = r G_Ŝ(r z) contributes the factors r, r².
 *
 * @example
 * ```ts
 * const ens = modelEnsemble(128), level = noiseLevel(0.5);
 * const k = solveKappa({ spectrum, n: ens.n, ridge: ens.r * level.z });
 * lossMeasures(spectrum, ens, level, k.kappa, k.dkappaDridge).testLoss;   // ≈ 112.4 (leading order, d = 256 power law)
 * ```
 */
export function lossMeasures(spectrum: Spectrum, ens: ModelEnsemble, level: NoiseLevel, kappa: number, dkappaDridge: number): LossMeasures {
  lossSums(spectrum.eigenvalues, spectrum.weights, spectrum.eigenvalues.length, kappa, level.z, level.zeta, sums);
  return lossMeasuresFromSums(sums, 0, ens, level, kappa, dkappaDridge);
}

/** {@link lossMeasures} from the sums of lossSums.ts already evaluated at κ (`sums[offset …]`). */
export function lossMeasuresFromSums(
  sums: ArrayLike<number>,
  offset: number,
  ens: ModelEnsemble,
  level: NoiseLevel,
  kappa: number,
  dkappaDridge: number,
): LossMeasures {
  const { zeta, z, cEff } = level;
  const { n, r, rMinusOne, meanFactor } = ens;
  const w = r * z;
  const S1 = sums[offset];
  const S2 = sums[offset + 1];
  const V = sums[offset + 2];
  const df1 = sums[offset + 3];
  const VB = sums[offset + 4];
  const Q = sums[offset + 5];
  const Linf = sums[offset + 6];
  const df2 = sums[offset + 7];
  const rho = kappa / w;
  const kp = dkappaDridge;
  const r2 = r * r;
  const trG2 = r2 * rho * kp * (S2 + (kappa * V * S1) / (n * w));
  const trSigmaG2 = r2 * rho * rho * kp * V;
  // Σ-vs-Σ̂ part of the gap, for G = r G_Ŝ: r²(tr ΣG_Ŝ² − tr ŜG_Ŝ²) + r(r − 1) tr ŜG_Ŝ².
  const gapCore = r2 * ((rho * (rho + 1) * kp * V * df1) / n) + r * rMinusOne * kp * V;
  const gap = zeta * (gapCore + meanFactor * trSigmaG2);
  const trainLoss = trainLossTerms(df2, n, r, kappa, kp, V, cEff, zeta, trG2);
  const kappaMinusZ = (kappa * df1) / n + rMinusOne * z;
  const bias = ((kappaMinusZ / z) * (kappaMinusZ / z)) * Q;
  const fluctuation = (r2 * rho * rho * kp * V * VB) / n;
  const alignment = zeta * (fluctuation + bias + meanFactor * trSigmaG2);
  return { trainLoss, testLoss: trainLoss + gap, gap, referenceLoss: Linf, alignment };
}

/**
 * The training loss as a sum of non-negative terms. Per mode of Σ̂ (eigenvalue x, G = (Σ̂ + z)⁻¹,
 * z = ζ + c) the loss is ((x + c)² + ζx)/(x + z)², so
 *
 *   train = E tr Σ̂²G² + (2c + ζ) E tr Σ̂G² + c² E tr G².
 *
 * The form d − ζ E tr G − ζc E tr G² is the same number but cancels catastrophically at high
 * noise (ζ ≫ λ, e.g. ᾱ = 5e-10 with λ ~ 1e-9 gave −4e-13 for a loss of 1e-14). With G = r G_Ŝ(w),
 * w = r z: E tr Σ̂G² = r E tr ŜG_Ŝ² ≍ r κ'V, and E tr Σ̂²G² = E tr Ŝ²G_Ŝ² = E tr ŜG_Ŝ − w E tr ŜG_Ŝ²
 * ≍ df1 − wκ'V = df2 + κ'κ²V²/n, using κ − wκ' = κ'κ²V/n (differentiate w = κ − κ df1/n). df2 is
 * summed directly by lossSums (out[7]; df1 − κV would cancel when κ ≫ λ).
 */
function trainLossTerms(df2: number, n: number, r: number, kappa: number, kp: number, V: number, c: number, zeta: number, trG2: number): number {
  const trSigmaHat2G2 = df2 + (kp * kappa * kappa * V * V) / n;
  const trSigmaHatG2 = r * kp * V;
  return trSigmaHat2G2 + (2 * c + zeta) * trSigmaHatG2 + c * c * trG2;
}
