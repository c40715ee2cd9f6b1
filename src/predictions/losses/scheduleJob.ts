/**
 * The computation behind scheduleLosses and lossCurve's schedule path, split from the public
 * function: validation of everything but the spectrum (scheduleJob, once per N; the levels once
 * per curve) and the unchecked run on a given measure (scheduleOn: the exact spectrum or its
 * compression).
 */
import { InvalidArgumentError } from '../../errors.js';
import type { Spectrum } from '../../spectra/spectrum.js';
import { kappaCurveUnchecked } from '../../selfconsistency/kappa/kappaCurveUnchecked.js';
import { requireNonNegative } from '../../validate.js';
import { modelEnsemble, type ModelEnsemble } from '../model/ensemble.js';
import { LossPointSums, LOSS_SUMS } from '../lossSums/kappaLossSums.js';
import { BREAKDOWN_AT, HARD_EDGE_BELOW, NEGLIGIBLE, RELIABLE_ERROR, expansionParameter, finiteSizeInfo, lossRelativeSize, requireFiniteSize, type FiniteSizeInfo, type FiniteSizeOrder } from '../finiteSize/finiteSize.js';
import { lossCorrections } from '../finiteSize/finiteSizeCorrection.js';
import { lossMeasuresFromSums, type LossMeasures } from '../lossSums/lossMeasures.js';
import { noiseLevel, type NoiseLevel } from '../model/noiseLevel.js';
import type { NoiseSchedule } from '../model/noiseSchedule.js';
import type { LossMeasureName, Reduce, ScheduleLosses, ScheduleLossesOptions } from './scheduleLossesTypes.js';

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
  /** Finite-size order of every step (docs/theory.md §6). */
  order: FiniteSizeOrder;
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
  return { ens, levels, ridge, z, zeta, reduce, weights: options.weights, scale: options.perDimension ? 1 / d : 1, order: requireFiniteSize(options.finiteSize) };
}

/**
 * The schedule's losses on a given measure (no validation; see scheduleJob), each step corrected
 * for finite size on its own (and left asymptotic where its expansion breaks down; docs/theory.md
 * §6.6). The correction sums run on the same measure: they are sums of the rational functions
 * of λ the compression certifies (docs/compression.md).
 */
export function scheduleOn(measure: Spectrum, job: ScheduleJob): Omit<ScheduleLosses, 'compression'> {
  const { ens, levels, ridge, scale, order } = job;
  const T = levels.length;
  const n = ens.n;
  const point = new LossPointSums(job.z, job.zeta);
  const sums = new Float64Array(T * LOSS_SUMS);
  const curve = kappaCurveUnchecked(measure, () => n, (t) => ridge[t], T, 1e-14, 200, point, sums);
  // Per step: the five measures, d → ∞ and corrected, into plain arrays (M measures × T steps),
  // totals in the order of MEASURE_NAMES. Written out per measure rather than through
  // Record<name, …> lookups: this loop runs once per step of every N of the main job, and keyed
  // access plus the per-step objects were half its time (docs/compression.md §5).
  const stepValues = new Float64Array(M * T);
  const asymptoticValues = new Float64Array(M * T);
  const total = new Float64Array(M);
  const asymptoticTotal = new Float64Array(M);
  const correctionTotal = new Float64Array(M);
  const lead = new Float64Array(M);
  const corr = new Float64Array(M);
  // Per measure, over the steps (weighted): |value| of the steps that are not reliable on their
  // own, |value| of all steps, the estimated error (ε_t·|δ_t| applied, |δ_t| not) and |δ_t| —
  // the schedule's finite-size info comes from these (docs/theory.md §6.6).
  const unreliableAbs = new Float64Array(M);
  const allAbs = new Float64Array(M);
  const errorAbs = new Float64Array(M);
  const corrAbs = new Float64Array(M);
  let everyStepApplied = true;
  let weightSum = 0;
  for (let t = 0; t < T; t++) {
    const l = lossMeasuresFromSums(sums, t * LOSS_SUMS, ens, levels[t], curve.kappa[t], curve.dkappaDridge[t]);
    const c = lossCorrections(measure, ens, levels[t], curve.kappa[t]);
    const cm = c.measures;
    lead[0] = l.trainLoss; lead[1] = l.testLoss; lead[2] = l.gap; lead[3] = l.referenceLoss; lead[4] = l.alignment;
    corr[0] = cm.trainLoss; corr[1] = cm.testLoss; corr[2] = cm.gap; corr[3] = cm.referenceLoss; corr[4] = cm.alignment;
    // applyLossCorrections' rule: corrected when asked for and below breakdown (finiteSize.ts)
    const rel = lossRelativeSize(l, cm, measure.d);
    const applied = order === 'first-order' && rel < BREAKDOWN_AT;
    everyStepApplied &&= applied;
    // finiteSizeInfo's rule for this step alone, without building the object (hot loop)
    const eps = expansionParameter(rel, c.edge);
    const stepReliable = (applied ? (rel > 0 ? rel * eps : 0) : rel) < RELIABLE_ERROR && c.edge.distance >= HARD_EDGE_BELOW;
    // A corrected step's error is ε_t of its correction, at most the whole correction counted
    // twice (an edge step's ε is unbounded; it is then counted in unreliableShare as well).
    const errFactor = applied ? Math.min(eps, 2) : 1;
    const wt = job.weights ? job.weights[t] : 1;
    weightSum += wt;
    for (let k = 0; k < M; k++) {
      const v = applied ? lead[k] + corr[k] : lead[k];
      stepValues[k * T + t] = v * scale;
      total[k] += wt * v * scale;
      asymptoticValues[k * T + t] = lead[k] * scale;
      asymptoticTotal[k] += wt * lead[k] * scale;
      correctionTotal[k] += wt * corr[k] * scale;
      const a = wt * Math.abs(v);
      allAbs[k] += a;
      if (!stepReliable) unreliableAbs[k] += a;
      errorAbs[k] += wt * errFactor * Math.abs(corr[k]);
      corrAbs[k] += wt * Math.abs(corr[k]);
    }
  }
  if (job.reduce === 'mean') {
    for (let k = 0; k < M; k++) {
      total[k] /= weightSum;
      asymptoticTotal[k] /= weightSum;
      correctionTotal[k] /= weightSum;
    }
  }
  // Negligible-value floor (finiteSize.ts): d per step, summed like the steps.
  const unit = measure.d * scale * (job.reduce === 'mean' ? 1 : weightSum);
  const relativeSize = lossRelativeSize(measuresOf(asymptoticTotal), measuresOf(correctionTotal), unit);
  const finiteSize = scheduleFiniteSize(order, relativeSize, everyStepApplied, { unreliableAbs, allAbs, errorAbs, corrAbs }, measure.d * weightSum);
  return {
    steps: stepsOf(stepValues, T),
    total: measuresOf(total),
    kappa: curve.kappa,
    converged: curve.converged,
    maxResidual: curve.maxResidual,
    totalIterations: curve.totalIterations,
    finiteSize,
    asymptotic: { steps: stepsOf(asymptoticValues, T), total: measuresOf(asymptoticTotal) },
  };
}

/**
 * The finite-size info of a schedule total (docs/theory.md §6.6). Each step has its own distance
 * from the hard edge, so the total's error is summed over the steps rather than read off the
 * worst one: estimatedError = max over measures of Σ_t w_t ε_t|δ_t| / |total| (ε_t the step's
 * expansion parameter, 1 where the step is not corrected), expansionParameter the same ratio
 * to Σ_t w_t|δ_t|, and unreliableShare = max over measures of the share of Σ_t w_t|value_t| from
 * steps that are not reliable on their own. Reliable: estimatedError < 1 % and unreliableShare
 * < 1 % (even if those steps were wrong by their whole value, the total would be off by < 1 %).
 * The sums are weighted but not scaled or averaged (only their ratios are used); `unit` is the
 * negligible-value floor in the same units (d per unit weight).
 */
function scheduleFiniteSize(
  order: FiniteSizeOrder,
  relativeSize: number,
  everyStepApplied: boolean,
  sums: { unreliableAbs: Float64Array; allAbs: Float64Array; errorAbs: Float64Array; corrAbs: Float64Array },
  unit: number,
): FiniteSizeInfo {
  const base = finiteSizeInfo(order, relativeSize, { distance: Infinity, expansion: 0 });
  let estimatedError = 0;
  let expansion = 0;
  let unreliableShare = 0;
  for (let k = 0; k < M; k++) {
    const totalAbs = Math.max(sums.allAbs[k], NEGLIGIBLE * unit);
    if (totalAbs > 0) {
      unreliableShare = Math.max(unreliableShare, sums.unreliableAbs[k] / totalAbs);
      estimatedError = Math.max(estimatedError, sums.errorAbs[k] / totalAbs);
    }
    if (sums.corrAbs[k] > 0) expansion = Math.max(expansion, sums.errorAbs[k] / sums.corrAbs[k]);
  }
  const applied = base.applied && everyStepApplied;
  if (!applied) estimatedError = Math.max(estimatedError, relativeSize);
  const reliable = estimatedError < RELIABLE_ERROR && unreliableShare < RELIABLE_ERROR && (order === 'none' || everyStepApplied);
  return { order, applied, relativeSize, expansionParameter: expansion, estimatedError, reliable, unreliableShare };
}

const MEASURE_NAMES: LossMeasureName[] = ['trainLoss', 'testLoss', 'gap', 'referenceLoss', 'alignment'];
const M = MEASURE_NAMES.length;

/** The measures of a length-5 array in MEASURE_NAMES order. */
function measuresOf(v: Float64Array): LossMeasures {
  return { trainLoss: v[0], testLoss: v[1], gap: v[2], referenceLoss: v[3], alignment: v[4] };
}

/** Per-measure step arrays: views of the rows of an M × T array. */
function stepsOf(values: Float64Array, T: number): Record<LossMeasureName, Float64Array> {
  return Object.fromEntries(MEASURE_NAMES.map((name, k) => [name, values.subarray(k * T, (k + 1) * T)])) as Record<LossMeasureName, Float64Array>;
}

/** The (κ, z, ζ) points of a schedule result, for certifyLossCompression. */
export function lossRun(result: { kappa: Float64Array }, job: ScheduleJob): { kappa: Float64Array; z: Float64Array; zeta: Float64Array } {
  return { kappa: result.kappa, z: job.z, zeta: job.zeta };
}
