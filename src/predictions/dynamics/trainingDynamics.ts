import { solveKappa } from '../../selfconsistency/kappa/solveKappa.js';
import { spectralExpectations, type SpectralExpectationItem } from '../../selfconsistency/limitingMeasure/spectralExpectation.js';
import { requireSpectrum, type Spectrum } from '../../spectra/spectrum.js';
import { modelEnsemble, type MeanMode } from '../model/ensemble.js';
import { lossMeasures } from '../lossSums/lossMeasures.js';
import { noiseLevel, type NoiseLevel } from '../model/noiseLevel.js';
import { trainingFilter, type TrainingFilterFunction, type TrainingTime } from './trainingFilter.js';
import { applyLossCorrections, finiteSizeInfo, requireFiniteSize, type FiniteSizeInfo, type FiniteSizeOrder } from '../finiteSize/finiteSize.js';
import { lossCorrections, resolventCorrections } from '../finiteSize/finiteSizeCorrection.js';
import { predictionCorrections } from '../finiteSize/finiteSizeExpectation.js';
import type { LossMeasures } from '../lossSums/lossMeasures.js';

const EPS = 2.220446049250313e-16;

/** Options of {@link predictDynamics}: the model at one noise level and one training time. */
export interface DynamicsOptions {
  /** Population covariance spectrum Σ: eigenvalues with multiplicities (see {@link createSpectrum}). */
  spectrum: Spectrum;
  /** Training-set size N (number of samples the denoiser is fitted to). */
  N: number;
  /** Noise level ᾱ ∈ (0, 1): x_t = √ᾱ x_0 + √(1 − ᾱ) ε. */
  abar: number;
  /** Merger & Goldt’s regularisation c (c_t = c·ᾱ_t, i.e. Σ̂ → Σ̂ + cI); default 0. */
  c?: number;
  /** How the model estimates the data mean: 'estimated' (default) or 'known' (docs/theory.md §1). */
  mean?: MeanMode;
  /** Relative tolerance of the spectral quadratures (default 1e-10). */
  tolerance?: number;
  /** Finite-size order (default 'first-order'; docs/theory.md §6.9). */
  finiteSize?: FiniteSizeOrder;
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
  /** Which order the measures above are at (docs/theory.md §6.6, §6.9). */
  finiteSize: FiniteSizeInfo;
  /** The d → ∞ values (equal to the measures above unless finiteSize.applied). */
  asymptotic: LossMeasures;
}

/**
 * Predicted losses of the denoiser during training (docs/theory.md §7): with W = (s/a²) h(Σ̂) and
 * h from trainingFilter, each measure is an integral of a function of Σ̂'s eigenvalues against
 * the spectral measures of docs/theory.md §3 (counting measure, and the Σ-weighted one for the
 * test-side terms v_jᵀΣv_j; δμ adds (1/N)·the Σ-weighted term with the estimated mean):
 *
 *   train = ∫ [(1 − ζh)² + ζ x h²] dμ_count,   test = ∫ (1 − ζh)² dμ_count + ζ(1 + m) ∫ h² dμ_Σ,
 *   alignment = ζ[(1 + m) ∫ h² dμ_Σ + ∫ (ζh² − 2h) dμ_count + 2c ∫ h dμ_A + tr G∞²(Σ + ζ)],
 *
 * where μ_A is the spectral measure weighted by v_jᵀ A v_j with A = (Σ + z)⁻¹ (it carries the
 * c > 0 part of v_jᵀ(Σ + ζ)(Σ + z)⁻¹v_j = 1 − c v_jᵀ(Σ + z)⁻¹v_j).
 *
 * @example
 * ```ts
 * predictDynamics({ spectrum, N: 128, abar: 0.7, time: { tau: 2 } }).testLoss;   // after gradient-flow time τ = 2
 * ```
 */
export function predictDynamics(options: DynamicsOptions & { time: TrainingTime | null }): DynamicsPoint {
  const spectrum = requireSpectrum(options.spectrum);
  const mean = options.mean ?? 'estimated';
  const ens = modelEnsemble(options.N, mean);
  const level = noiseLevel(options.abar, { c: options.c ?? 0 });
  const h = trainingFilter(level, options.time);
  const order = requireFiniteSize(options.finiteSize);
  return dynamicsPoint(spectrum, ens.N, mean, ens.meanFactor, level, h, options.tolerance ?? 1e-10, order);
}

/**
 * One point of the training dynamics (see predictDynamics), at the given finite-size order.
 *
 * @example
 * ```ts
 * const level = noiseLevel(0.7);
 * dynamicsPoint(spectrum, 64, 'estimated', 0, level, trainingFilter(level, { tau: 1 }), 1e-10).testLoss;   // ≈ 43.8 (d = 64 power law)
 * ```
 */
export function dynamicsPoint(spectrum: Spectrum, N: number, mean: MeanMode, m: number, level: NoiseLevel, h: (x: number) => number, tolerance: number, order: FiniteSizeOrder = 'none'): DynamicsPoint {
  const parts = h as Partial<TrainingFilterFunction>;
  // Trained to the optimum (τ = ∞, or e^{−τa²z} < 2^-60): the closed forms of predictLosses, which are
  // sums of non-negative terms. The quadrature below forms the gap and the alignment as differences
  // of O(d) integrals and lost all their digits at N ≫ d (up to 13 % off, and more, while converged).
  if (parts.atOptimum === true) return optimumPoint(spectrum, N, mean, level, order);
  const items = dynamicsIntegrands(spectrum, level, h);
  const leading = asymptoticPoint(spectrum, N, mean, m, level, items, tolerance);
  const ens = modelEnsemble(N, mean);
  const w = ens.r * level.z;
  const g = resolventCorrections(spectrum, ens.n, w, solveKappa({ spectrum, n: ens.n, ridge: w }).kappa).edge;
  const correction = dynamicsCorrection(spectrum, N, mean, m, level, items);
  const asymptotic = measuresOf(leading);
  if (correction === null) {
    // The correction's quadrature did not resolve it (isolated clusters at N ≫ d with steep
    // spectra, docs/theory.md §6.9): the d → ∞ values, said to be so.
    const info = { ...finiteSizeInfo(order, 0, g), applied: false, reliable: false };
    return { ...leading, finiteSize: info, asymptotic };
  }
  const { values, info } = applyLossCorrections(order, asymptotic, correction, g, spectrum.d);
  return { ...leading, ...values, finiteSize: info, asymptotic };
}

const measuresOf = (p: { trainLoss: number; testLoss: number; gap: number; referenceLoss: number; alignment: number }): LossMeasures => ({
  trainLoss: p.trainLoss,
  testLoss: p.testLoss,
  gap: p.gap,
  referenceLoss: p.referenceLoss,
  alignment: p.alignment,
});

/**
 * The spectral integrals of a dynamics point (docs/theory.md §7; the measures of §3), in the order
 * [train, test's count part, ∫ h² dμ_Σ, ∫ (ζh² − 2h), ∫ x h², and with c > 0 ∫ h dμ_A]: the
 * asymptotic point integrates them, its first-order correction corrects the same ones.
 */
function dynamicsIntegrands(spectrum: Spectrum, level: NoiseLevel, h: (x: number) => number): SpectralExpectationItem[] {
  const { zeta } = level;
  const parts = h as Partial<TrainingFilterFunction>;
  // 1 − ζh without cancellation when the filter provides it.
  const residual = parts.residual ?? ((x: number) => 1 - zeta * h(x));
  const items: SpectralExpectationItem[] = [
    {
      f: (x) => {
        const v = h(x);
        const r = residual(x);
        return r * r + zeta * x * v * v;
      },
      weight: 'count',
    },
    {
      f: (x) => {
        const r = residual(x);
        return r * r;
      },
      weight: 'count',
    },
    { f: (x) => h(x) ** 2, weight: 'sigma' },
    {
      f: (x) => {
        const v = h(x);
        return zeta * v * v - 2 * v;
      },
      weight: 'count',
    },
    { f: (x) => x * h(x) ** 2, weight: 'count' },
  ];
  // q_j = v_jᵀ(Σ + ζ)(Σ + z)⁻¹v_j = 1 − c v_jᵀ(Σ + z)⁻¹v_j: the −2 Σ h_j q_j term gains
  // +2c ∫ h dμ_A with the A = (Σ + z)⁻¹-weighted spectral measure.
  if (level.cEff !== 0) items.push({ f: h, weight: { diagonal: Float64Array.from(spectrum.eigenvalues, (l) => 1 / (l + level.z)) } });
  return items;
}

const ensembleOf = (N: number, mean: MeanMode) => (mean === 'estimated' ? { ensemble: 'model' as const, N } : { ensemble: 'n-sample' as const, n: N });

/**
 * First-order corrections of the dynamics' measures (docs/theory.md §6.9): every integral of
 * dynamicsIntegrands gets finiteSizeExpectation's correction with the same f and weight; the
 * population terms (tr G∞²(Σ + ζ), the reference loss) are exact. Null when one of the
 * corrections did not converge.
 */
function dynamicsCorrection(spectrum: Spectrum, N: number, mean: MeanMode, m: number, level: NoiseLevel, items: readonly SpectralExpectationItem[]): LossMeasures | null {
  const { zeta } = level;
  const c = predictionCorrections({ spectrum, ...ensembleOf(N, mean) }, items);
  if (c === null) return null;
  const [train, testCount, sigmaH2, a, xh2] = c;
  // q_j's c > 0 part: +2c ∫ h dμ_A.
  const alignment = zeta * ((1 + m) * sigmaH2 + a) + (level.cEff !== 0 ? 2 * zeta * level.cEff * c[5] : 0);
  const testLoss = testCount + zeta * (1 + m) * sigmaH2;
  return { trainLoss: train, testLoss, gap: zeta * ((1 + m) * sigmaH2 - xh2), referenceLoss: 0, alignment };
}

/** The d → ∞ point (docs/theory.md §7; the spectral measures of §3), all integrals on shared nodes. */
function asymptoticPoint(spectrum: Spectrum, N: number, mean: MeanMode, m: number, level: NoiseLevel, items: readonly SpectralExpectationItem[], tolerance: number): Omit<DynamicsPoint, 'finiteSize' | 'asymptotic'> {
  const { zeta } = level;
  const [train, testCount, sigmaH2, a, xh2, q] = spectralExpectations({ spectrum, ...ensembleOf(N, mean), items, tolerance });
  const testLoss = testCount.value + zeta * (1 + m) * sigmaH2.value;
  const { eigenvalues: ev, weights: wt } = spectrum;
  let ginf = 0;
  for (let i = 0; i < ev.length; i++) ginf += (wt[i] * (ev[i] + zeta)) / (ev[i] + level.z) ** 2;
  let alignment = zeta * ((1 + m) * sigmaH2.value + a.value + ginf);
  let err = train.errorEstimate + testCount.errorEstimate + zeta * (1 + m) * sigmaH2.errorEstimate + zeta * a.errorEstimate;
  let converged = train.converged && testCount.converged && sigmaH2.converged && a.converged;
  // Absolute error of the alignment sum: the quadratures' and the rounding of its O(d) terms.
  let alignmentError = zeta * ((1 + m) * sigmaH2.errorEstimate + a.errorEstimate) + 4 * EPS * zeta * ((1 + m) * Math.abs(sigmaH2.value) + Math.abs(a.value) + ginf);
  if (q !== undefined) {
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
  // gap = test − train = ζ[(1 + m) ∫ h² dμ_Σ − ∫ x h² dμ_count]: the (1 − ζh)² integrals cancel exactly,
  // so the gap is formed from two terms of its own size (test − train lost it entirely at small τ, where
  // both are O(d) and the gap O(dτ²): MNIST, N = 1000, τ = 0.01 was unresolvable).
  const gap = zeta * ((1 + m) * sigmaH2.value - xh2.value);
  const gapError = zeta * ((1 + m) * sigmaH2.errorEstimate + xh2.errorEstimate) + 4 * EPS * zeta * ((1 + m) * sigmaH2.value + xh2.value);
  converged &&= xh2.converged;
  // An honest claim: the gap and the alignment are differences; when their error bound exceeds a
  // thousandth of their size (N ≫ d at finite τ) — and is not negligible on the scale of the loss
  // either (a gap of exactly 0 at τ = 0) — say so instead of printing noise as converged.
  const floor = 1e-12 * Math.abs(testLoss);
  if (!(gapError <= Math.max(1e-3 * Math.abs(gap), floor)) || !(alignmentError <= Math.max(1e-3 * Math.abs(alignment), floor))) converged = false;
  return { trainLoss: train.value, testLoss, gap, alignment, referenceLoss: reference, errorEstimate: err, converged };
}

/** The fully trained denoiser: predictLosses' closed forms (and §6.4 corrections) at this noise level. */
function optimumPoint(spectrum: Spectrum, N: number, mean: MeanMode, level: NoiseLevel, order: FiniteSizeOrder): DynamicsPoint {
  const ens = modelEnsemble(N, mean);
  const k = solveKappa({ spectrum, n: ens.n, ridge: ens.r * level.z });
  const p = lossMeasures(spectrum, ens, level, k.kappa, k.dkappaDridge);
  const asymptotic = measuresOf(p);
  const c = lossCorrections(spectrum, ens, level, k.kappa);
  const { values, info } = applyLossCorrections(order, asymptotic, c.measures, c.edge, spectrum.d);
  return { ...values, errorEstimate: 0, converged: k.converged, finiteSize: info, asymptotic };
}
