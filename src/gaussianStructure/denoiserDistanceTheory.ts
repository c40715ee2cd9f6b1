/**
 * Theory of the distance between the trained linear denoiser D_N and the population Gaussian
 * denoiser D_G on noised test inputs x = x_0 + σn, x_0 ~ N(μ, Σ) (docs/theory.md §4, §10):
 *   Dist(N, σ) = E ‖D_N(x; σ) − D_G(x; σ)‖²   (sum over the d coordinates).
 *
 * Relation to the alignment of docs/theory.md §4. In VE form D = x − σ ε̂ (veParametrisation.ts), and
 * the DDPM input x_t = a x_0 + s ε is x/a, so D_N − D_G = −σ(ε̂_N − ε̂_∞) on the same inputs and
 *   Dist = σ² · A(ζ = σ², c = 0),   A = E‖ε_θ^N − ε_θ^∞‖² (Merger & Goldt 2025, eq. 14).
 * Directly: with G = (Σ̂ + σ²)⁻¹, G_∞ = (Σ + σ²)⁻¹, δμ = μ − μ̂, B = Σ + σ²I = Cov(x),
 *   D_N − D_G = −σ²[(G − G_∞)(x − μ) + G δμ],   Dist = σ⁴[tr (G − G_∞)B(G − G_∞) + δμᵀG²δμ].
 *
 * Per eigenmode (Σ = Σ_i λ_i e_i e_iᵀ; Li, Dai & Qu’s eigenspace-resolved comparison) the
 * deterministic equivalents of docs/theory.md §3 at matrix level,
 *   E G ≍ (κ/σ²)(Σ + κ)⁻¹,
 *   E G A G ≍ (κ/σ²)² [(Σ + κ)⁻¹A(Σ + κ)⁻¹ + (κ'/n) tr(AΣ(Σ + κ)⁻²) Σ(Σ + κ)⁻²]
 * (model ensemble: G = rG_Ŝ(rσ²), κ = κ(rσ²; Σ, n), κ' = dκ/dw there; the r's cancel as in
 * renormalisedNoise.ts), and E δμδμᵀ = Σ/N, give for mode i, with t_i = κ/(λ_i + κ):
 *
 *   Dist_i = λ_i t_i² [ e² λ_i/(λ_i + σ²)  +  κ' (V_B/n + m) ],
 *     e   = (κ − σ²)/κ = df1(κ)/n + (r − 1)σ²/κ,
 *     V_B = Σ_j w_j (λ_j + σ²) λ_j/(λ_j + κ)²,   m = 1/N (estimated mean) or 0 (known mean).
 *
 * The three parts are the bias (E D_N ≠ D_G: the renormalised noise κ > σ²), the fluctuation of
 * Σ̂ around its mean (∝ 1/n) and the error of μ̂. Derivation of the bias: the (G − G_∞)B(G − G_∞)
 * diagonal entry at the means is B_i[(κ/σ²)t_i/κ − 1/(λ_i+σ²)]² = λ_i²(κ − σ²)²/(σ⁴(λ_i+κ)²(λ_i+σ²)),
 * using B_i G_∞,ii = 1; the mean error gives m·λ_i t_i²(1 + κ' df2/n) = m κ' λ_i t_i² because
 * 1 + γκ' = κ'. Summed over modes this is σ²× the alignment of lossMeasures.ts at z = ζ = σ².
 *
 * Numerics: every term is a product of non-negative factors, κ − σ² is formed without
 * cancellation (κ − w = κ df1/n exactly at the root, plus (r − 1)σ²), and t_i ∈ (0, 1] keeps
 * κ² out of the formulas, so nothing overflows for σ up to 1e150 and nothing cancels when the
 * distance is 1e-12 of the signal (N ≫ d, or σ → 0 with N > d).
 */
import { InvalidArgumentError } from '../errors.js';
import { modelEnsemble, type MeanMode } from '../predictions/model/ensemble.js';
import { requireSpectrum, type Spectrum } from '../spectra/spectrum.js';
import { renormalisedNoise } from './renormalisedNoise.js';
import { finiteSizeInfo, relativeCorrection, requireFiniteSize, type FiniteSizeInfo, type FiniteSizeOrder } from '../predictions/finiteSize/finiteSize.js';
import { lossCorrections } from '../predictions/finiteSize/finiteSizeCorrection.js';

/** Options of {@link denoiserDistanceTheory}: the population, N and the noise level. */
export interface DenoiserDistanceTheoryOptions {
  /** Population covariance spectrum Σ: eigenvalues with multiplicities (see {@link createSpectrum}). */
  spectrum: Spectrum;
  /** Training-set size N (number of samples the denoiser is fitted to). */
  N: number;
  /** Variance-exploding noise level σ > 0 (x_σ = x_0 + σ n). */
  sigma: number;
  /** How the model estimates the data mean: 'estimated' (default) or 'known' (docs/theory.md §1). */
  mean?: MeanMode;
  /** Also return the per-eigenvalue decomposition. */
  perMode?: boolean;
  /**
   * Finite-size order of `distance` and `epsilonAlignment` (default 'first-order'): σ² times the
   * first-order correction of the alignment at z = ζ = σ², c = 0 (docs/theory.md §6.4, §6.9). The
   * bias / fluctuation / mean-term split and perMode stay the d → ∞ decomposition.
   */
  finiteSize?: FiniteSizeOrder;
}

export interface DistancePerMode {
  /** The distinct population eigenvalues λ_i (decreasing) and their multiplicities w_i. */
  eigenvalues: Float64Array;
  weights: Float64Array;
  /** E (e_iᵀ(D_N − D_G))² for ONE eigenvector e_i of eigenvalue λ_i (multiply by w_i for the group). */
  distance: Float64Array;
  bias: Float64Array;
  fluctuation: Float64Array;
  meanTerm: Float64Array;
}

export interface DenoiserDistanceTheory {
  N: number;
  sigma: number;
  /** E‖D_N − D_G‖² summed over the d coordinates = bias + fluctuation + meanTerm. */
  distance: number;
  bias: number;
  fluctuation: number;
  meanTerm: number;
  /** The same distance in ε-prediction form: distance/σ² (docs/theory.md §4 alignment at c = 0). */
  epsilonAlignment: number;
  /** κ(rσ²; Σ, n) (E D_N = D_G at noise √κ) and dκ/dw. */
  kappa: number;
  dkappaDridge: number;
  converged: boolean;
  perMode?: DistancePerMode;
  /** Which order distance and epsilonAlignment are at (docs/theory.md §6.6, §6.9). */
  finiteSize: FiniteSizeInfo;
  /** The d → ∞ values (= bias + fluctuation + meanTerm); equal to the above unless finiteSize.applied. */
  asymptotic: { distance: number; epsilonAlignment: number };
}

/**
 * The predicted distance between the trained linear denoiser and the optimal Gaussian one at noise level σ, split into bias, fluctuation and mean terms.
 *
 * @example
 * ```ts
 * denoiserDistanceTheory({ spectrum: powerLawSpectrum({ d: 64, k: 1 }), N: 128, sigma: 1 }).distance;   // ≈ 2.61 (bias ≈ 0.16, fluctuation ≈ 2.29)
 * ```
 */
export function denoiserDistanceTheory(options: DenoiserDistanceTheoryOptions): DenoiserDistanceTheory {
  const spectrum = requireSpectrum(options.spectrum);
  const mean = options.mean ?? 'estimated';
  const ens = modelEnsemble(options.N, mean);
  const rn = renormalisedNoise({ spectrum, N: options.N, sigma: options.sigma, mean });
  const sigma = rn.sigma;
  const m = spectrum.eigenvalues.length;
  const out = options.perMode ? new Float64Array(4 * m) : null;
  const sums = new Float64Array(3);
  distanceKernel(spectrum.eigenvalues, spectrum.weights, m, rn.kappa, rn.dkappaDridge, sigma * sigma, ens.n, ens.rMinusOne, ens.meanFactor, sums, out);
  const [bias, fluctuation, meanTerm] = sums;
  const leading = bias + fluctuation + meanTerm;
  if (!Number.isFinite(leading)) throw new InvalidArgumentError('sigma', sigma, 'the distance is not representable at this noise level');
  // Dist = σ²·A(ζ = σ², c = 0), so its first-order correction is σ² times the alignment's (§6.4).
  const s2 = sigma * sigma;
  const order = requireFiniteSize(options.finiteSize);
  const level = { alphaBar: 1 / (1 + s2), zeta: s2, z: s2, cEff: 0 };
  const c = lossCorrections(spectrum, ens, level, rn.kappa);
  const delta = s2 * c.measures.alignment;
  const info = finiteSizeInfo(order, relativeCorrection(leading, delta, spectrum.d), c.edge);
  const distance = info.applied ? leading + delta : leading;
  const result: DenoiserDistanceTheory = {
    N: options.N,
    sigma,
    distance,
    bias,
    fluctuation,
    meanTerm,
    epsilonAlignment: distance / s2,
    finiteSize: info,
    asymptotic: { distance: leading, epsilonAlignment: leading / s2 },
    kappa: rn.kappa,
    dkappaDridge: rn.dkappaDridge,
    converged: rn.converged,
  };
  if (out !== null) {
    result.perMode = {
      eigenvalues: Float64Array.from(spectrum.eigenvalues),
      weights: Float64Array.from(spectrum.weights),
      bias: out.slice(0, m),
      fluctuation: out.slice(m, 2 * m),
      meanTerm: out.slice(2 * m, 3 * m),
      distance: out.slice(3 * m, 4 * m),
    };
  }
  return result;
}

/**
 * Two passes over the spectrum: first df1 and V_B, then the per-mode terms (see the file comment).
 * sums = [bias, fluctuation, meanTerm] (weighted totals); perMode (optional, length 4m) receives
 * per-single-mode bias, fluctuation, meanTerm, total in blocks of m.
 */
export function distanceKernel(
  lam: Float64Array,
  w: Float64Array,
  m: number,
  kappa: number,
  kp: number,
  s2: number,
  n: number,
  rMinusOne: number,
  meanFactor: number,
  sums: Float64Array,
  perMode: Float64Array | null,
): void {
  let df1 = 0;
  let vb = 0;
  for (let i = 0; i < m; i++) {
    const l = lam[i];
    const t = 1 / (l + kappa);
    df1 += w[i] * l * t;
    vb += w[i] * (l + s2) * l * t * t;
  }
  const e = df1 / n + (rMinusOne * s2) / kappa;
  const e2 = e * e;
  const fluctCoef = (kp * vb) / n;
  const meanCoef = kp * meanFactor;
  let bias = 0;
  let fluct = 0;
  let meanT = 0;
  for (let i = 0; i < m; i++) {
    const l = lam[i];
    const ti = kappa / (l + kappa);
    const a = l * ti * ti;
    const b = a * e2 * (l / (l + s2));
    const f = a * fluctCoef;
    const mt = a * meanCoef;
    bias += w[i] * b;
    fluct += w[i] * f;
    meanT += w[i] * mt;
    if (perMode !== null) {
      perMode[i] = b;
      perMode[m + i] = f;
      perMode[2 * m + i] = mt;
      perMode[3 * m + i] = b + f + mt;
    }
  }
  sums[0] = bias;
  sums[1] = fluct;
  sums[2] = meanT;
}
