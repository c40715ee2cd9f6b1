/**
 * The computation behind scheduleLosses and lossCurve's schedule path, split from the public
 * function: validation of everything but the spectrum (scheduleJob, once per N; the levels once
 * per curve) and the unchecked run on a given measure (scheduleOn: the exact spectrum or its
 * compression).
 */
import { InvalidArgumentError } from '../errors.js';
import type { Spectrum } from '../spectra/spectrum.js';
import { kappaCurveUnchecked } from '../selfconsistency/kappaCurveUnchecked.js';
import { requireNonNegative } from '../validate.js';
import { modelEnsemble, type ModelEnsemble } from './ensemble.js';
import { LossPointSums, LOSS_SUMS } from './kappaLossSums.js';
import { lossMeasuresFromSums, type LossMeasures } from './lossMeasures.js';
import { noiseLevel, type NoiseLevel } from './noiseLevel.js';
import type { NoiseSchedule } from './noiseSchedule.js';
import type { LossMeasureName, Reduce, ScheduleLosses, ScheduleLossesOptions } from './scheduleLosses.js';

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

/** The noise levels of a schedule (shared by every N of a curve). */
export interface ScheduleLevels {
  levels: NoiseLevel[];
  z: Float64Array;
  zeta: Float64Array;
}

/** Validate c / ct against the schedule and build its levels. */
export function scheduleLevels(schedule: NoiseSchedule, c: number | undefined, ct: ArrayLike<number> | undefined): ScheduleLevels {
  const T = schedule.T;
  if (ct !== undefined && ct.length !== T) throw new InvalidArgumentError('ct', `length ${ct.length}`, `must have one entry per step (${T})`);
  const levels = Array.from({ length: T }, (_, t) => noiseLevel(schedule.alphaBar[t], ct ? { ct: ct[t] } : { c: c ?? 0 }));
  return { levels, z: Float64Array.from(levels, (l) => l.z), zeta: Float64Array.from(levels, (l) => l.zeta) };
}

/**
 * Validate the options other than the spectrum (of dimension d) and set up the levels (pass
 * `shared` to reuse the levels of the same schedule and c across N).
 */
export function scheduleJob(d: number, options: Omit<ScheduleLossesOptions, 'spectrum' | 'compress'>, shared?: ScheduleLevels): ScheduleJob {
  const ens = modelEnsemble(options.N, options.mean ?? 'estimated');
  const { schedule } = options;
  const T = schedule.T;
  const reduce = options.reduce ?? 'sum';
  if (reduce !== 'sum' && reduce !== 'mean') throw new InvalidArgumentError('reduce', reduce, "must be 'sum' or 'mean'");
  if (options.ct !== undefined && options.ct.length !== T) throw new InvalidArgumentError('ct', `length ${options.ct.length}`, `must have one entry per step (${T})`);
  if (options.weights !== undefined && options.weights.length !== T) throw new InvalidArgumentError('weights', `length ${options.weights.length}`, `must have one entry per step (${T})`);
  if (options.weights) for (let t = 0; t < T; t++) requireNonNegative(`weights[${t}]`, options.weights[t]);
  const { levels, z, zeta } = shared ?? scheduleLevels(schedule, options.c, options.ct);
  const ridge = new Float64Array(T);
  for (let t = 0; t < T; t++) ridge[t] = ens.r * z[t];
  return { ens, levels, ridge, z, zeta, reduce, weights: options.weights, scale: options.perDimension ? 1 / d : 1 };
}

/** The schedule's losses on a given measure (no validation; see scheduleJob). */
export function scheduleOn(measure: Spectrum, job: ScheduleJob): Omit<ScheduleLosses, 'compression'> {
  const { ens, levels, ridge, scale } = job;
  const T = levels.length;
  const n = ens.n;
  const point = new LossPointSums(job.z, job.zeta);
  const sums = new Float64Array(T * LOSS_SUMS);
  const curve = kappaCurveUnchecked(measure, () => n, (t) => ridge[t], T, 1e-14, 200, point, sums);
  const train = new Float64Array(T);
  const test = new Float64Array(T);
  const gap = new Float64Array(T);
  const reference = new Float64Array(T);
  const alignment = new Float64Array(T);
  const total: LossMeasures = { trainLoss: 0, testLoss: 0, gap: 0, referenceLoss: 0, alignment: 0 };
  let weightSum = 0;
  for (let t = 0; t < T; t++) {
    const m = lossMeasuresFromSums(sums, t * LOSS_SUMS, ens, levels[t], curve.kappa[t], curve.dkappaDridge[t]);
    const wt = job.weights ? job.weights[t] : 1;
    weightSum += wt;
    train[t] = m.trainLoss * scale;
    test[t] = m.testLoss * scale;
    gap[t] = m.gap * scale;
    reference[t] = m.referenceLoss * scale;
    alignment[t] = m.alignment * scale;
    total.trainLoss += wt * train[t];
    total.testLoss += wt * test[t];
    total.gap += wt * gap[t];
    total.referenceLoss += wt * reference[t];
    total.alignment += wt * alignment[t];
  }
  if (job.reduce === 'mean') for (const name of Object.keys(total) as LossMeasureName[]) total[name] /= weightSum;
  const steps: Record<LossMeasureName, Float64Array> = { trainLoss: train, testLoss: test, gap, referenceLoss: reference, alignment };
  return { steps, total, kappa: curve.kappa, converged: curve.converged, maxResidual: curve.maxResidual, totalIterations: curve.totalIterations };
}

/** The (κ, z, ζ) points of a schedule result, for certifyLossCompression. */
export function lossRun(result: { kappa: Float64Array }, job: ScheduleJob): { kappa: Float64Array; z: Float64Array; zeta: Float64Array } {
  return { kappa: result.kappa, z: job.z, zeta: job.zeta };
}
