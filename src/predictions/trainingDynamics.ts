import { solveKappa } from '../selfconsistency/solveKappa.js';
import { spectralExpectation } from '../selfconsistency/spectralExpectation.js';
import { requireSpectrum, type Spectrum } from '../spectra/spectrum.js';
import { modelEnsemble, type MeanMode } from './ensemble.js';
import { lossMeasures } from './lossMeasures.js';
import { noiseLevel, type NoiseLevel } from './noiseLevel.js';
import { trainingFilter, type TrainingFilterFunction, type TrainingTime } from './trainingFilter.js';

const EPS = 2.220446049250313e-16;

export interface DynamicsOptions {
  spectrum: Spectrum;
  N: number;
  abar: number;
  c?: number;
  mean?: MeanMode;
  /** Relative tolerance of the spectral quadratures (default 1e-10). */
  tolerance?: number;
}

export interface DynamicsPoint {
  trainLoss: number;
  testLoss: number;
  gap: number;
  alignment: number;
  referenceLoss: number;
  /** Sum of the quadrature error estimates behind the point. */
  errorEstimate: number;
  converged: boolean;
}

/**
 * Predicted losses of the denoiser during training (THEORY.md §6): with W = (s/a²) h(Σ̂) and
 * h from trainingFilter, each measure is an integral of a function of Σ̂'s eigenvalues against
 * the spectral measures of THEORY.md §3 (counting measure, and the Σ-weighted one for the
 * test-side terms v_jᵀΣv_j; δμ adds (1/N)·the Σ-weighted term with the estimated mean):
 *
 *   train = ∫ [(1 − ζh)² + ζ x h²] dμ_count,   test = ∫ (1 − ζh)² dμ_count + ζ(1 + m) ∫ h² dμ_Σ,
 *   alignment = ζ[(1 + m) ∫ h² dμ_Σ + ∫ (ζh² − 2h) dμ_count + 2c ∫ h dμ_A + tr G∞²(Σ + ζ)],
 *
 * where μ_A is the spectral measure weighted by v_jᵀ A v_j with A = (Σ + z)⁻¹ (it carries the
 * c > 0 part of v_jᵀ(Σ + ζ)(Σ + z)⁻¹v_j = 1 − c v_jᵀ(Σ + z)⁻¹v_j).
 */
export function predictDynamics(options: DynamicsOptions & { time: TrainingTime | null }): DynamicsPoint {
  const spectrum = requireSpectrum(options.spectrum);
  const mean = options.mean ?? 'estimated';
  const ens = modelEnsemble(options.N, mean);
  const level = noiseLevel(options.abar, { c: options.c ?? 0 });
  const h = trainingFilter(level, options.time);
  return dynamicsPoint(spectrum, ens.N, mean, ens.meanFactor, level, h, options.tolerance ?? 1e-10);
}

export function dynamicsPoint(spectrum: Spectrum, N: number, mean: MeanMode, m: number, level: NoiseLevel, h: (x: number) => number, tolerance: number): DynamicsPoint {
  const { zeta } = level;
  const parts = h as Partial<TrainingFilterFunction>;
  // Trained to the optimum (τ = ∞, or e^{−τa²z} < 2^-60): the closed forms of predictLosses, which are
  // sums of non-negative terms. The quadrature below forms the gap and the alignment as differences
  // of O(d) integrals and lost all their digits at N ≫ d (up to 13 % off, and more, while converged).
  if (parts.atOptimum === true) return optimumPoint(spectrum, N, mean, level);
  // 1 − ζh without cancellation when the filter provides it.
  const residual = parts.residual ?? ((x: number) => 1 - zeta * h(x));
  const ensemble = mean === 'estimated' ? { ensemble: 'model' as const, N } : { ensemble: 'n-sample' as const, n: N };
  const integrate = (f: (x: number) => number, weight: 'count' | 'sigma') => spectralExpectation({ spectrum, ...ensemble, f, weight, tolerance });
  const train = integrate((x) => {
    const v = h(x);
    const r = residual(x);
    return r * r + zeta * x * v * v;
  }, 'count');
  const testCount = integrate((x) => {
    const r = residual(x);
    return r * r;
  }, 'count');
  const sigmaH2 = integrate((x) => h(x) ** 2, 'sigma');
  const testLoss = testCount.value + zeta * (1 + m) * sigmaH2.value;
  const a = integrate((x) => {
    const v = h(x);
    return zeta * v * v - 2 * v;
  }, 'count');
  const { eigenvalues: ev, weights: wt } = spectrum;
  let ginf = 0;
  for (let i = 0; i < ev.length; i++) ginf += (wt[i] * (ev[i] + zeta)) / (ev[i] + level.z) ** 2;
  let alignment = zeta * ((1 + m) * sigmaH2.value + a.value + ginf);
  let err = train.errorEstimate + testCount.errorEstimate + zeta * (1 + m) * sigmaH2.errorEstimate + zeta * a.errorEstimate;
  let converged = train.converged && testCount.converged && sigmaH2.converged && a.converged;
  // Absolute error of the alignment sum: the quadratures' and the rounding of its O(d) terms.
  let alignmentError = zeta * ((1 + m) * sigmaH2.errorEstimate + a.errorEstimate) + 4 * EPS * zeta * ((1 + m) * Math.abs(sigmaH2.value) + Math.abs(a.value) + ginf);
  if (level.cEff !== 0) {
    // q_j = v_jᵀ(Σ + ζ)(Σ + z)⁻¹v_j = 1 − c v_jᵀ(Σ + z)⁻¹v_j: the −2 Σ h_j q_j term gains
    // +2c ∫ h dμ_A with the A = (Σ + z)⁻¹-weighted spectral measure.
    const diagonal = Float64Array.from(ev, (l) => 1 / (l + level.z));
    const q = spectralExpectation({ spectrum, ...ensemble, f: h, weight: { diagonal }, tolerance });
    alignment += 2 * zeta * level.cEff * q.value;
    err += 2 * zeta * level.cEff * q.errorEstimate;
    alignmentError += 2 * zeta * level.cEff * (q.errorEstimate + 4 * EPS * Math.abs(q.value));
    converged &&= q.converged;
  }
  let reference = 0;
  for (let i = 0; i < ev.length; i++) {
    const u = 1 / (ev[i] + level.z);
    const e = ev[i] + level.cEff;
    reference += wt[i] * (e * e + zeta * ev[i]) * u * u;
  }
  const gap = testLoss - train.value;
  const gapError = train.errorEstimate + testCount.errorEstimate + zeta * (1 + m) * sigmaH2.errorEstimate + 4 * EPS * (testLoss + train.value);
  // An honest claim: the gap and the alignment are differences; when their error bound exceeds a
  // thousandth of their size (N ≫ d at finite τ) — and is not negligible on the scale of the loss
  // either (a gap of exactly 0 at τ = 0) — say so instead of printing noise as converged.
  const floor = 1e-12 * Math.abs(testLoss);
  if (!(gapError <= Math.max(1e-3 * Math.abs(gap), floor)) || !(alignmentError <= Math.max(1e-3 * Math.abs(alignment), floor))) converged = false;
  return { trainLoss: train.value, testLoss, gap, alignment, referenceLoss: reference, errorEstimate: err, converged };
}

/** The fully trained denoiser: predictLosses' closed forms at this noise level. */
function optimumPoint(spectrum: Spectrum, N: number, mean: MeanMode, level: NoiseLevel): DynamicsPoint {
  const ens = modelEnsemble(N, mean);
  const k = solveKappa({ spectrum, n: ens.n, ridge: ens.r * level.z });
  const p = lossMeasures(spectrum, ens, level, k.kappa, k.dkappaDridge);
  return { trainLoss: p.trainLoss, testLoss: p.testLoss, gap: p.gap, alignment: p.alignment, referenceLoss: p.referenceLoss, errorEstimate: 0, converged: k.converged };
}
