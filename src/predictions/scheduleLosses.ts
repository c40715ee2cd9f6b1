import { InvalidArgumentError } from '../errors.js';
import { requireSpectrum, type Spectrum } from '../spectra/spectrum.js';
import { solveKappaCurve } from '../selfconsistency/solveKappaCurve.js';
import { requireNonNegative } from '../validate.js';
import { modelEnsemble, type MeanMode } from './ensemble.js';
import { applyLossCorrections, finiteSizeInfo, lossRelativeSize, requireFiniteSize, type FiniteSizeInfo, type FiniteSizeOrder } from './finiteSize.js';
import { lossCorrections } from './finiteSizeCorrection.js';
import { lossMeasures, type LossMeasures } from './lossMeasures.js';
import type { NoiseSchedule } from './noiseSchedule.js';
import { noiseLevel } from './noiseLevel.js';

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
  /** 'first-order' (default) or 'none' finite-size correction at every step (docs/theory.md §6). */
  finiteSize?: FiniteSizeOrder;
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
}

/**
 * Every loss measure at every step of a noise schedule, with κ warm-started along the schedule
 * (solveKappaCurve), then summed or averaged (optionally weighted) over the steps.
 */
export function scheduleLosses(options: ScheduleLossesOptions): ScheduleLosses {
  const spectrum = requireSpectrum(options.spectrum);
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
  const ridge = Float64Array.from(levels, (l) => ens.r * l.z);
  const curve = solveKappaCurve({ spectrum, n: ens.n, ridge });
  const steps = Object.fromEntries(MEASURES.map((m) => [m, new Float64Array(T)])) as Record<LossMeasureName, Float64Array>;
  const total: LossMeasures = { trainLoss: 0, testLoss: 0, gap: 0, referenceLoss: 0, alignment: 0 };
  const order = requireFiniteSize(options.finiteSize);
  const asymptoticSteps = Object.fromEntries(MEASURES.map((m) => [m, new Float64Array(T)])) as Record<LossMeasureName, Float64Array>;
  const asymptoticTotal: LossMeasures = { ...total };
  const correctionTotal: LossMeasures = { ...total };
  let everyStepApplied = true;
  let edge = Infinity;
  const scale = options.perDimension ? 1 / spectrum.d : 1;
  let weightSum = 0;
  for (let t = 0; t < T; t++) {
    const leading = lossMeasures(spectrum, ens, levels[t], curve.kappa[t], curve.dkappaDridge[t]);
    const corr = lossCorrections(spectrum, ens, levels[t], curve.kappa[t]);
    const { values: m, info } = applyLossCorrections(order, leading, corr.measures, corr.oneMinusGammaTimesN, spectrum.d);
    everyStepApplied &&= info.applied;
    edge = Math.min(edge, corr.oneMinusGammaTimesN);
    const wt = options.weights ? options.weights[t] : 1;
    weightSum += wt;
    for (const name of MEASURES) {
      steps[name][t] = m[name] * scale;
      total[name] += wt * m[name] * scale;
      asymptoticSteps[name][t] = leading[name] * scale;
      asymptoticTotal[name] += wt * leading[name] * scale;
      correctionTotal[name] += wt * corr.measures[name] * scale;
    }
  }
  if (reduce === 'mean') for (const name of MEASURES) total[name] /= weightSum;
  if (reduce === 'mean') for (const name of MEASURES) asymptoticTotal[name] /= weightSum;
  if (reduce === 'mean') for (const name of MEASURES) correctionTotal[name] /= weightSum;
  // Negligible-value floor (finiteSize.ts): d per step, summed like the steps.
  const unit = spectrum.d * scale * (reduce === 'mean' ? 1 : weightSum);
  const overall = finiteSizeInfo(order, lossRelativeSize(asymptoticTotal, correctionTotal, unit), edge);
  const finiteSize: FiniteSizeInfo = { ...overall, applied: overall.applied && everyStepApplied, reliable: overall.reliable && (order === 'none' || everyStepApplied) };
  return {
    steps,
    total,
    kappa: curve.kappa,
    converged: curve.converged,
    maxResidual: curve.maxResidual,
    totalIterations: curve.totalIterations,
    finiteSize,
    asymptotic: { steps: asymptoticSteps, total: asymptoticTotal },
  };
}
