import type { Spectrum } from '../../spectra/spectrum.js';
import type { CompressionInfo, CompressMode } from '../../selfconsistency/compression/curveCompression.js';
import type { MeanMode } from '../model/ensemble.js';
import type { LossMeasures } from '../lossSums/lossMeasures.js';
import type { FiniteSizeInfo, FiniteSizeOrder } from '../finiteSize/finiteSize.js';
import type { NoiseSchedule } from '../model/noiseSchedule.js';

// The contract of scheduleLosses (its options, result and names), apart from the function so that
// scheduleJob.ts, which computes it, and scheduleLosses.ts, which checks and returns it, share it
// without importing each other.

export type Reduce = 'sum' | 'mean';
export const MEASURES = ['trainLoss', 'testLoss', 'gap', 'referenceLoss', 'alignment'] as const;
export type LossMeasureName = (typeof MEASURES)[number];

/** Options of {@link scheduleLosses}: the model and a schedule whose steps are combined. */
export interface ScheduleLossesOptions {
  /** Population covariance spectrum Σ: eigenvalues with multiplicities (see {@link createSpectrum}). */
  spectrum: Spectrum;
  /** Training-set size N (number of samples the denoiser is fitted to). */
  N: number;
  /** Noise schedule (e.g. {@link linearSchedule}, {@link cosineSchedule}). */
  schedule: NoiseSchedule;
  /** Merger & Goldt’s regularisation c (c_t = c·ᾱ_t); default 0. */
  c?: number;
  /** Explicit c_t per step (length T), instead of c. */
  ct?: ArrayLike<number>;
  /** How the model estimates the data mean: 'estimated' (default) or 'known' (docs/theory.md §1). */
  mean?: MeanMode;
  /** How steps combine: 'sum' (default) or 'mean'; `weights` (length T) multiply each step first. */
  reduce?: Reduce;
  /** Per-step weights (length T) multiplied into each step before reducing. */
  weights?: ArrayLike<number>;
  /** Divide every measure by d (per-dimension values instead of totals over the d dimensions). */
  perDimension?: boolean;
  /** 'first-order' (default) or 'none' finite-size correction at every step (docs/theory.md §6). */
  finiteSize?: FiniteSizeOrder;
  /**
   * Compute on a certified Gauss-rule compression of the spectrum (docs/compression.md):
   * 'auto' (default) when that is estimated to be ≥ 4× cheaper, true whenever it has fewer atoms,
   * false never.
   */
  compress?: CompressMode;
}

export interface ScheduleLosses {
  /** Per step t = 1..T (index t − 1). */
  steps: Record<LossMeasureName, Float64Array>;
  /** Reduced over the steps. */
  total: LossMeasures;
  kappa: Float64Array;
  /** κ diagnostics over the schedule. */
  converged: boolean;
  maxResidual: number;
  totalIterations: number;
  /**
   * Finite-size order of steps and total. Each step is corrected on its own (and left asymptotic
   * where its expansion breaks down); relativeSize is that of the reduced totals; applied and
   * reliable hold only if they hold at every step.
   */
  finiteSize: FiniteSizeInfo;
  /** The d → ∞ values of steps and total (equal to the above unless finiteSize.applied). */
  asymptotic: { steps: Record<LossMeasureName, Float64Array>; total: LossMeasures };
  /** The compression the values were computed on, or null for the exact spectrum. */
  compression: CompressionInfo | null;
}
