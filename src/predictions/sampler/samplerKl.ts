import { InvalidArgumentError } from '../../errors.js';
import { spectralExpectations, type SpectralExpectationItem } from '../../selfconsistency/limitingMeasure/spectralExpectation.js';
import { requireSpectrum, type Spectrum } from '../../spectra/spectrum.js';
import { modelEnsemble, type MeanMode } from '../model/ensemble.js';
import { klDivergence } from '../kl/klDivergence.js';
import { SamplerLaw, type SamplerOptions } from './samplerLaw.js';
import { atZeroEdge, finiteSizeInfo, relativeCorrection, requireFiniteSize, type FiniteSizeInfo, type FiniteSizeOrder } from '../finiteSize/finiteSize.js';
import { predictionCorrections } from '../finiteSize/finiteSizeExpectation.js';
import { resolventCorrections } from '../finiteSize/finiteSizeCorrection.js';
import { solveKappa } from '../../selfconsistency/kappa/solveKappa.js';

export interface SamplerKlPrediction {
  /** E KL(N(μ, Σ) ‖ law of the finite-step sampler), total over d (+∞ if a mode collapses). */
  kl: number;
  /** E KL(N(μ, Σ) ‖ N(μ̂, Σ̂ + cI)), the continuous-time (T → ∞) limit. */
  idealisedKl: number;
  /** Variance the sampler gives a mode with Σ̂-eigenvalue 0 (the idealised law gives c). */
  nullModeVariance: number;
  /** (1/d) E Σ_j (V(λ̂_j) − λ̂_j): the variance a finite T adds on average (idealised: c). */
  meanExcessVariance: number;
  errorEstimate: number;
  converged: boolean;
  /** Which finite-size order kl, idealisedKl and meanExcessVariance are at (docs/theory.md §6.9). */
  finiteSize: FiniteSizeInfo;
  /** The d → ∞ values (equal to the above unless finiteSize.applied). */
  asymptotic: { kl: number; idealisedKl: number; meanExcessVariance: number };
}

/**
 * Averaged KL of the exact sampler law (docs/theory.md §8), μ = 0. Mode j of the output is
 * N(ρ(λ̂_j) μ̂_j, V(λ̂_j)) (SamplerLaw), so with the spectral measures of docs/theory.md §3
 *   2 E KL = ∫ (1 + m ρ²)/V dμ_Σ − d + ∫ log V dμ_count − log det Σ,
 * m = 1/N with the estimated mean (E δμδμᵀ = Σ/N). The atom at 0 (N − 1 < d) with c = 0 has
 * V(0) = 0: the sampler collapses the nullspace exactly, and the KL is +∞.
 *
 * @example
 * ```ts
 * samplerKl({ spectrum, N: 512, schedule: linearSchedule({ T: 100, beta1: 1e-3, betaT: 0.2 }), c: 1e-3 }).kl;
 * ```
 */
export function samplerKl(options: SamplerOptions & {
  spectrum: Spectrum;
  N: number;
  mean?: MeanMode;
  /**
   * The data mean μ in Σ's eigenbasis (length d, in the order of expandEigenvalues). Default 0.
   * The sampler's mean ρ(λ̂)μ̂ falls short of μ by (1 − ρ)μ, which adds ∫ (1 − ρ)²/V dμ_{μμᵀ}.
   */
  dataMean?: ArrayLike<number>;
  tolerance?: number;
  /** Finite-size order (default 'first-order'; docs/theory.md §6.9). */
  finiteSize?: FiniteSizeOrder;
}): SamplerKlPrediction {
  const order = requireFiniteSize(options.finiteSize);
  const spectrum = requireSpectrum(options.spectrum);
  const mean = options.mean ?? 'estimated';
  const ens = modelEnsemble(options.N, mean);
  const law = new SamplerLaw(options);
  const out = new Float64Array(2);
  // The correction items are evaluated at the same nodes one after another: keep the last mode.
  let lastX = NaN;
  const rhoV = (x: number) => {
    if (x !== lastX) {
      law.mode(x, out);
      lastX = x;
    }
    return out;
  };
  const d = spectrum.d;
  const ensemble = mean === 'estimated' ? { ensemble: 'model' as const, N: ens.N } : { ensemble: 'n-sample' as const, n: ens.N };
  const tolerance = options.tolerance ?? 1e-10;
  const v0 = rhoV(0)[1];
  const excessItem: SpectralExpectationItem = { f: (x) => rhoV(x)[1] - x, weight: 'count' };
  let idealisedKl = Infinity;
  let idealisedAsymptotic = Infinity;
  const c = options.c ?? 0;
  // At the same order as the sampler's own KL.
  if (c > 0 || ens.n > d) {
    const ideal = klDivergence({ spectrum, N: ens.N, eps: c, mean, finiteSize: order });
    idealisedKl = ideal.kl;
    idealisedAsymptotic = ideal.asymptotic.kl;
  }
  // Σ̂ singular (n < d), or n = d, where the hard edge at 0 has density ∝ x^{-1/2} and V(x) ∝ x
  // there: with V(0) = 0 (c = 0) the Σ-weighted ∫ 1/V diverges, so the KL is +∞ exactly (as the
  // idealised KL is, through E Σ̂⁻¹ = ∞ at n = d). Integrating it anyway ran the quadrature to its cap.
  const hasNullModes = ens.n <= d;
  if (hasNullModes && !(v0 > 0)) {
    const [excess] = spectralExpectations({ spectrum, ...ensemble, items: [excessItem], tolerance });
    const info = { ...finiteSizeInfo(order, 0, atZeroEdge(0, 0)), applied: false, reliable: false };
    const asymptotic = { kl: Infinity, idealisedKl: idealisedAsymptotic, meanExcessVariance: excess.value / d };
    return { kl: Infinity, idealisedKl, nullModeVariance: v0, meanExcessVariance: excess.value / d, errorEstimate: excess.errorEstimate, converged: excess.converged, finiteSize: info, asymptotic };
  }
  // The integrals of 2 E KL (and the excess variance) on shared nodes.
  const items: SpectralExpectationItem[] = [
    excessItem,
    {
      f: (x) => {
        const [rho, v] = rhoV(x);
        return (1 + ens.meanFactor * rho * rho) / v;
      },
      weight: 'sigma',
    },
    { f: (x) => Math.log(rhoV(x)[1]), weight: 'count' },
  ];
  if (options.dataMean !== undefined) {
    // E Σ_j (v_jᵀμ)² g(λ̂_j) ≍ ∫ g dμ_A with A's diagonal a_i = ‖P_i μ‖²/w_i (only the diagonal of μμᵀ
    // in Σ's eigenbasis enters the deterministic equivalent, docs/theory.md §3).
    items.push({
      f: (x) => {
        const [rho, v] = rhoV(x);
        return ((1 - rho) * (1 - rho)) / v;
      },
      weight: { diagonal: meanDiagonal(spectrum, options.dataMean) },
    });
  }
  const [excess, trace, logDet, shortfall] = spectralExpectations({ spectrum, ...ensemble, items, tolerance });
  const meanShortfall = shortfall?.value ?? 0;
  const meanError = shortfall?.errorEstimate ?? 0;
  const meanConverged = shortfall?.converged ?? true;
  let logDetSigma = 0;
  for (let i = 0; i < spectrum.eigenvalues.length; i++) logDetSigma += spectrum.weights[i] * Math.log(spectrum.eigenvalues[i]);
  const kl = 0.5 * (trace.value + meanShortfall - d + logDet.value - logDetSigma);
  // The same integrals, corrected (docs/theory.md §6.9).
  const corrections = predictionCorrections({ spectrum, ...ensemble }, items);
  const [dExcess, dTrace, dLogDet, dShortfall = 0] = corrections ?? [0, 0, 0, 0];
  const dKl = 0.5 * (dTrace + dShortfall + dLogDet);
  // The hard-edge diagnostics at the sampler's ridge r·c: distance n − d at c = 0 with n > d; with
  // c = 0 and n ≤ d (reached only if the sampler keeps null modes alive) the hard edge itself, 0.
  const w = ens.r * c;
  const g = w > 0 ? resolventCorrections(spectrum, ens.n, w, solveKappa({ spectrum, n: ens.n, ridge: w }).kappa).edge : atZeroEdge(ens.n, d);
  const rel = Math.max(relativeCorrection(kl, dKl, d), relativeCorrection(excess.value, dExcess, d));
  const info = corrections !== null ? finiteSizeInfo(order, rel, g) : { ...finiteSizeInfo(order, rel, g), applied: false, reliable: false };
  const asymptotic = { kl, idealisedKl: idealisedAsymptotic, meanExcessVariance: excess.value / d };
  return {
    kl: info.applied ? kl + dKl : kl,
    idealisedKl: info.applied ? idealisedKl : idealisedAsymptotic,
    nullModeVariance: v0,
    meanExcessVariance: (info.applied ? excess.value + dExcess : excess.value) / d,
    errorEstimate: 0.5 * (trace.errorEstimate + logDet.errorEstimate + meanError),
    converged: trace.converged && logDet.converged && excess.converged && meanConverged,
    finiteSize: info,
    asymptotic,
  };
}

/** ‖P_i μ‖²/w_i per distinct eigenvalue, from μ given along the expanded eigenbasis. */
function meanDiagonal(spectrum: Spectrum, mu: ArrayLike<number>): Float64Array {
  const { weights } = spectrum;
  const out = new Float64Array(weights.length);
  let k = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = Math.round(weights[i]);
    if (Math.abs(w - weights[i]) > 1e-9) throw new InvalidArgumentError('dataMean', 'vector', 'needs whole-number multiplicities to align with the eigenbasis');
    let s = 0;
    for (let r = 0; r < w; r++, k++) {
      const v = mu[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidArgumentError(`dataMean[${k}]`, v, 'must be a finite number');
      s += v * v;
    }
    out[i] = s / w;
  }
  if (k !== mu.length) throw new InvalidArgumentError('dataMean', `length ${mu.length}`, `must have length d = ${k}`);
  return out;
}
