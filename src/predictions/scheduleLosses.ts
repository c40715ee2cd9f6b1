import { InvalidArgumentError } from '../errors.js';
import { requireSpectrum, type Spectrum } from '../spectra/spectrum.js';
import { compressionFor, readCompressMode, type CompressionInfo, type CompressMode } from '../selfconsistency/curveCompression.js';
import { kappaCurveUnchecked } from '../selfconsistency/solveKappaCurve.js';
import { requireNonNegative } from '../validate.js';
import { modelEnsemble, type MeanMode, type ModelEnsemble } from './ensemble.js';
import { LossPointSums, LOSS_SUMS } from './kappaLossSums.js';
import { certifyLossCompression } from './lossCompressionCheck.js';
import { lossMeasuresFromSums, type LossMeasures } from './lossMeasures.js';
import type { NoiseSchedule } from './noiseSchedule.js';
import { noiseLevel, type NoiseLevel } from './noiseLevel.js';

export type Reduce = 'sum' | 'mean';
export const MEASURES = ['trainLoss', 'testLoss', 'gap', 'referenceLoss', 'alignment'] as const;
export type LossMeasureName = (typeof MEASURES)[number];

export interface ScheduleLossesOptions {
  spectrum: Spectrum;
  N: number;
  schedule: NoiseSchedule;
  /** Seed regularisation c (c_t = c·ᾱ_t); default 0. */
  c?: number;
  /** Explicit c_t per step (length T), instead of c. */
  ct?: ArrayLike<number>;
  mean?: MeanMode;
  /** How steps combine: 'sum' (default) or 'mean'; `weights` (length T) multiply each step first. */
  reduce?: Reduce;
  weights?: ArrayLike<number>;
  perDimension?: boolean;
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
  /** The compression the values were computed on, or null for the exact spectrum. */
  compression: CompressionInfo | null;
}

/**
 * Every loss measure at every step of a noise schedule, with κ warm-started along the schedule
 * (as solveKappaCurve), then summed or averaged (optionally weighted) over the steps. The loss sums
 * of each step are fused into its last Newton pass (kappaLossSums.ts); with compression, both run
 * over the Gauss-rule atoms and are checked against the exact spectrum afterwards (falling back to
 * it if the check fails).
 */
export function scheduleLosses(options: ScheduleLossesOptions): ScheduleLosses {
  const spectrum = requireSpectrum(options.spectrum);
  const job = scheduleJob(spectrum.d, options);
  const compressed = compressionFor(spectrum, readCompressMode(options.compress), job.levels.length);
  if (compressed !== null) {
    const result = scheduleOn(compressed.spectrum, job);
    const check = certifyLossCompression(compressed, [lossRun(result, job)]);
    if (check.passed) return { ...result, compression: { atoms: compressed.atoms, certifiedError: check.maxRelativeError } };
  }
  return { ...scheduleOn(spectrum, job), compression: null };
}

/** A validated schedule computation (everything but the spectrum). */
export interface ScheduleJob {
  ens: ModelEnsemble;
  levels: NoiseLevel[];
  /** Ŝ-ridge r z_t of each step. */
  ridge: Float64Array;
  z: Float64Array;
  zeta: Float64Array;
  reduce: Reduce;
  weights: ArrayLike<number> | undefined;
  /** 1 or 1/d. */
  scale: number;
}

/** Validate the options other than the spectrum (of dimension d) and set up the levels. */
export function scheduleJob(d: number, options: Omit<ScheduleLossesOptions, 'spectrum' | 'compress'>): ScheduleJob {
  const ens = modelEnsemble(options.N, options.mean ?? 'estimated');
  const { schedule } = options;
  const T = schedule.T;
  const reduce = options.reduce ?? 'sum';
  if (reduce !== 'sum' && reduce !== 'mean') throw new InvalidArgumentError('reduce', reduce, "must be 'sum' or 'mean'");
  if (options.ct !== undefined && options.ct.length !== T) throw new InvalidArgumentError('ct', `length ${options.ct.length}`, `must have one entry per step (${T})`);
  if (options.weights !== undefined && options.weights.length !== T) throw new InvalidArgumentError('weights', `length ${options.weights.length}`, `must have one entry per step (${T})`);
  if (options.weights) for (let t = 0; t < T; t++) requireNonNegative(`weights[${t}]`, options.weights[t]);
  const levels = Array.from({ length: T }, (_, t) =>
    noiseLevel(schedule.alphaBar[t], options.ct ? { ct: options.ct[t] } : { c: options.c ?? 0 }),
  );
  return {
    ens,
    levels,
    ridge: Float64Array.from(levels, (l) => ens.r * l.z),
    z: Float64Array.from(levels, (l) => l.z),
    zeta: Float64Array.from(levels, (l) => l.zeta),
    reduce,
    weights: options.weights,
    scale: options.perDimension ? 1 / d : 1,
  };
}

/** The schedule's losses on a given measure (no validation; see scheduleJob). */
export function scheduleOn(measure: Spectrum, job: ScheduleJob): Omit<ScheduleLosses, 'compression'> {
  const { ens, levels, ridge, scale } = job;
  const T = levels.length;
  const n = ens.n;
  const point = new LossPointSums(job.z, job.zeta);
  const sums = new Float64Array(T * LOSS_SUMS);
  const curve = kappaCurveUnchecked(measure, () => n, (t) => ridge[t], T, 1e-14, 200, point, sums);
  const steps = Object.fromEntries(MEASURES.map((m) => [m, new Float64Array(T)])) as Record<LossMeasureName, Float64Array>;
  const total: LossMeasures = { trainLoss: 0, testLoss: 0, gap: 0, referenceLoss: 0, alignment: 0 };
  let weightSum = 0;
  for (let t = 0; t < T; t++) {
    const m = lossMeasuresFromSums(sums, t * LOSS_SUMS, ens, levels[t], curve.kappa[t], curve.dkappaDridge[t]);
    const wt = job.weights ? job.weights[t] : 1;
    weightSum += wt;
    for (const name of MEASURES) {
      steps[name][t] = m[name] * scale;
      total[name] += wt * m[name] * scale;
    }
  }
  if (job.reduce === 'mean') for (const name of MEASURES) total[name] /= weightSum;
  return { steps, total, kappa: curve.kappa, converged: curve.converged, maxResidual: curve.maxResidual, totalIterations: curve.totalIterations };
}

/** The (κ, z, ζ) points of a schedule result, for certifyLossCompression. */
export function lossRun(result: { kappa: Float64Array }, job: ScheduleJob): { kappa: Float64Array; z: Float64Array; zeta: Float64Array } {
  return { kappa: result.kappa, z: job.z, zeta: job.zeta };
}
