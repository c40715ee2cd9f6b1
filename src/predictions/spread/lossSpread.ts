import { requireSpectrum, type Spectrum } from '../../spectra/spectrum.js';
import { solveKappa } from '../../selfconsistency/kappa/solveKappa.js';
import { modelEnsemble, type MeanMode, type ModelEnsemble } from '../model/ensemble.js';
import type { LossMeasures } from '../lossSums/lossMeasures.js';
import { noiseLevel, type NoiseLevel } from '../model/noiseLevel.js';
import { statisticCovariance, tracePoint, type TracePoint, type TraceWeight } from './traceCovariance.js';

/**
 * The spread of the loss measures over training sets (docs/theory.md §6.10): each measure of one
 * training set is, exactly, an affine function of four resolvent traces of Ŝ at the ridge w = r z
 * (G = G_Ŝ(w); model ensemble of ensemble.ts) plus, with the estimated mean, a quadratic form in
 * δμ = μ − μ̂ ~ N(0, Σ/N) independent of Ŝ:
 *
 *   train     = d − ζ r tr G − ζ c r² tr G²
 *   test      = …  − 2ζ r tr G + ζ² r² tr G² + ζ r² tr ΣG² + ζ r² δμᵀG²δμ
 *   gap       = …  − ζ r tr G + ζ z r² tr G² + ζ r² tr ΣG² + ζ r² δμᵀG²δμ
 *   alignment = …  + ζ² r² tr G² + ζ r² tr ΣG² − 2ζ r tr B∞G + ζ r² δμᵀG²δμ
 *
 * (the same coefficients as the first-order corrections of finiteSizeCorrection.ts, which are these
 * affine maps applied to the traces' corrections). Given Ŝ, the quadratic form has mean
 * (1/N) tr ΣG² — folded into the tr ΣG² coefficient as (1 + 1/N) — and variance 2 tr((G²Σ)²)/N²,
 * taken at its deterministic equivalent. The traces' covariances are traceCovariance.ts's, their
 * w-derivatives (tr G² = −∂_w tr G, tr ΣG² = −∂_w tr ΣG) by central differences of that closed form.
 */
export interface LossSpreadOptions {
  /** Population covariance spectrum Σ: eigenvalues with multiplicities (see {@link createSpectrum}). */
  spectrum: Spectrum;
  /** Training-set size N (≥ 2 with the estimated mean, ≥ 1 with the known mean). */
  N: number;
  /** ᾱ_t of the noise level, in (0, 1). */
  abar: number;
  /** Merger & Goldt’s regularisation c (c_t = c·ᾱ_t); default 0. */
  c?: number;
  /** Explicit c_t instead of c. */
  ct?: number;
  /** 'estimated' (default) or 'known' mean (docs/theory.md §1). */
  mean?: MeanMode;
  /** Divide every measure by d (its spread too). */
  perDimension?: boolean;
}

/** Standard deviations over training sets of the loss measures at one noise level (referenceLoss: 0, a population quantity). */
export interface LossSpread extends LossMeasures {
  /** κ at the ridge r z. */
  kappa: number;
}

/** Index of the four traces in the covariance matrix. */
const T1 = 0; // tr G
const T2 = 1; // tr G²
const T4 = 2; // tr ΣG²
const TB = 3; // tr B∞G

/** Relative step of the central differences in w (error ~1e-6 relative, round-off ~1e-8). */
const STEP = 1e-3;

/**
 * The spread of predictLosses' measures over training sets, at d → ∞ order (docs/theory.md §6.10).
 *
 * @example
 * ```ts
 * lossSpread({ spectrum: powerLawSpectrum({ d: 256, k: 1 }), N: 128, abar: 0.5 });   // { trainLoss: ≈ 0.235, testLoss: ≈ 0.391, gap: ≈ 0.514, … }
 * ```
 */
export function lossSpread(options: LossSpreadOptions): LossSpread {
  const spectrum = requireSpectrum(options.spectrum);
  const ens = modelEnsemble(options.N, options.mean ?? 'estimated');
  const level = noiseLevel(options.abar, options.ct !== undefined ? { ct: options.ct } : { c: options.c ?? 0 });
  const s = lossSpreadAt(spectrum, ens, level);
  if (!options.perDimension) return s;
  const d = spectrum.d;
  return { trainLoss: s.trainLoss / d, testLoss: s.testLoss / d, gap: s.gap / d, referenceLoss: 0, alignment: s.alignment / d, kappa: s.kappa };
}

/** The coefficients of the four traces in each measure (the rows of the file comment). */
export function lossTraceCoefficients(ens: ModelEnsemble, level: NoiseLevel): { train: number[]; test: number[]; gap: number[]; alignment: number[] } {
  const { zeta, z, cEff } = level;
  const r = ens.r;
  const r2 = r * r;
  const m = 1 + ens.meanFactor;
  return {
    train: [-zeta * r, -zeta * cEff * r2, 0, 0],
    test: [-2 * zeta * r, zeta * zeta * r2, zeta * m * r2, 0],
    gap: [-zeta * r, zeta * z * r2, zeta * m * r2, 0],
    alignment: [0, zeta * zeta * r2, zeta * m * r2, -2 * zeta * r],
  };
}

/** The 4 × 4 covariance of (tr G, tr G², tr ΣG², tr B∞G) at ridge w (row-major). */
export function lossTraceCovariance(spectrum: Spectrum, n: number, w: number, level: NoiseLevel, kappa?: number): { cov: Float64Array; kappa: number; centre: TracePoint } {
  const ev = spectrum.eigenvalues;
  const one = new Float64Array(ev.length).fill(1);
  const bInf = Float64Array.from(ev, (l) => (l + level.zeta) / (l + level.z));
  const h = STEP * w;
  const centre = tracePoint(spectrum, n, w, kappa);
  const lo = tracePoint(spectrum, n, w - h);
  const hi = tracePoint(spectrum, n, w + h);
  // Each trace: its weight and how many w-derivatives (with the sign (−1)^k).
  const traces: { b: TraceWeight; k: 0 | 1 }[] = [];
  traces[T1] = { b: one, k: 0 };
  traces[T2] = { b: one, k: 1 };
  traces[T4] = { b: ev, k: 1 };
  traces[TB] = { b: bInf, k: 0 };
  const K = (p: TracePoint, a: TraceWeight, q: TracePoint, b: TraceWeight) => statisticCovariance(spectrum, n, p, a, q, b);
  const cov = new Float64Array(16);
  for (let i = 0; i < 4; i++) {
    for (let j = i; j < 4; j++) {
      const a = traces[i];
      const b = traces[j];
      let v: number;
      if (a.k === 0 && b.k === 0) v = K(centre, a.b, centre, b.b);
      else if (a.k === 1 && b.k === 0) v = -(K(hi, a.b, centre, b.b) - K(lo, a.b, centre, b.b)) / (2 * h);
      else if (a.k === 0 && b.k === 1) v = -(K(centre, a.b, hi, b.b) - K(centre, a.b, lo, b.b)) / (2 * h);
      else v = (K(hi, a.b, hi, b.b) - K(hi, a.b, lo, b.b) - K(lo, a.b, hi, b.b) + K(lo, a.b, lo, b.b)) / (4 * h * h);
      cov[i * 4 + j] = v;
      cov[j * 4 + i] = v;
    }
  }
  return { cov, kappa: centre.kappa, centre };
}

/** cᵀ C c for a 4-vector c and a 4 × 4 C. */
function quadratic(c: number[], C: Float64Array): number {
  let s = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) s += c[i] * C[i * 4 + j] * c[j];
  return s;
}

/**
 * E tr((G²Σ)²) at its deterministic equivalent with G² ≍ −∂_w[(κ/w)(Σ + κ)⁻¹] (diagonal in Σ's
 * basis): the conditional variance of the δμ quadratic form is 2ζ²r⁴ times this over N².
 */
function meanFormVariance(spectrum: Spectrum, p: TracePoint, n: number): number {
  const { w, kappa, g } = p;
  const kp = n / g; // κ' = 1/(1 − γ)
  const ev = spectrum.eigenvalues;
  let s = 0;
  for (let i = 0; i < ev.length; i++) {
    const t = 1 / (ev[i] + kappa);
    // −∂_w[(κ/w) t] = κ t/w² − (κ'/w) t + (κ κ'/w) t²
    const g2 = (kappa * t) / (w * w) - (kp * t) / w + (kappa * kp * t * t) / w;
    const v = g2 * ev[i];
    s += spectrum.weights[i] * v * v;
  }
  return s;
}

/** A spread that did not come out finite (a variance that diverges at the hard edge): +∞, never NaN. */
export function finiteOrInfinite(x: number): number {
  return Number.isFinite(x) ? x : Infinity;
}

/** lossSpread on validated inputs (κ optional: solved when absent). */
export function lossSpreadAt(spectrum: Spectrum, ens: ModelEnsemble, level: NoiseLevel, kappa?: number): LossSpread {
  const w = ens.r * level.z;
  const k = kappa ?? solveKappa({ spectrum, n: ens.n, ridge: w }).kappa;
  const { cov, centre } = lossTraceCovariance(spectrum, ens.n, w, level, k);
  const c = lossTraceCoefficients(ens, level);
  // The δμ form's own variance (estimated mean only): 2ζ²r⁴ E tr((G²Σ)²)/N².
  const r4 = ens.r ** 4;
  const form = ens.meanFactor > 0 ? (2 * level.zeta * level.zeta * r4 * meanFormVariance(spectrum, centre, ens.n)) / (ens.N * ens.N) : 0;
  const sd = (v: number) => finiteOrInfinite(Math.sqrt(Math.max(0, v)));
  return {
    trainLoss: sd(quadratic(c.train, cov)),
    testLoss: sd(quadratic(c.test, cov) + form),
    gap: sd(quadratic(c.gap, cov) + form),
    referenceLoss: 0,
    alignment: sd(quadratic(c.alignment, cov) + form),
    kappa: k,
  };
}
