import { InvalidArgumentError } from '../errors.js';
import { modelEnsemble, type MeanMode } from '../predictions/model/ensemble.js';
import { noiseLevel, type NoiseLevel } from '../predictions/model/noiseLevel.js';
import type { NoiseSchedule } from '../predictions/model/noiseSchedule.js';
import type { Reduce } from '../predictions/losses/scheduleLosses.js';
import { expandEigenvalues, requireSpectrum, type Spectrum } from '../spectra/spectrum.js';
import { requireInteger, requirePositive } from '../validate.js';
import { EmpiricalDraw, type DrawLosses, type Sampling } from './empiricalDraw.js';
import { checkMonteCarloSizes } from './monteCarloLimits.js';
import { Random } from '../random/random.js';
import { meanStderr, type MeanStderr } from '../statistics/summaryStatistics.js';
import { shardedDraws } from './drawShard.js';

export const MC_MEASURES = ['trainLoss', 'testLoss', 'gap', 'referenceLoss', 'alignment'] as const;

/** Options of {@link monteCarlo}: the model, the number of training sets drawn and the seed. */
export interface MonteCarloOptions {
  /** Population covariance spectrum Σ: eigenvalues with multiplicities (see {@link createSpectrum}). */
  spectrum: Spectrum;
  /** Training-set size N (number of samples the denoiser is fitted to). */
  N: number;
  /** One noise level … */
  abar?: number;
  /** … or a schedule reduced over its steps (as scheduleLosses). Omit both for KL only. */
  schedule?: NoiseSchedule;
  /** How a schedule's steps combine: 'sum' (default) or 'mean'. */
  reduce?: Reduce;
  /** Regularisation c of Merger & Goldt (c_t = c·ᾱ_t, i.e. Σ̂ → Σ̂ + cI); default 0. */
  c?: number;
  /** Explicit regularisation c_t, instead of c. */
  ct?: number;
  /** With eps, also the KL of N(μ̂, Σ̂ + εI). */
  eps?: number;
  /** How the model estimates the data mean: 'estimated' (default) or 'known' (docs/theory.md §1). */
  mean?: MeanMode;
  /** Number of independent training sets drawn (the Monte Carlo sample size). */
  draws: number;
  /** Seed of the random stream: the same seed gives bit-identical results. */
  seed: number;
  /** Eigenbasis of Σ: 'none' (default, diagonal) or a 'haar' random rotation per draw (results must not depend on it). */
  rotation?: 'none' | 'haar';
  /**
   * 'data' (default): each draw samples the N training points. 'wishart': each draw samples
   * Σ̂ and μ̂ from their exact joint law (Bartlett decomposition, see EmpiricalDraw.sample) —
   * O(d³/6) instead of O(N d²) per draw, the same distribution of every measure, but a different
   * random stream: results differ from 'data' within their standard errors, not bit for bit.
   * Not with rotation 'haar'.
   */
  sampling?: Sampling;
  /** Divide every measure by d (per-dimension values instead of totals over the d dimensions). */
  perDimension?: boolean;
  /** Called after each draw (progress bars). */
  onDraw?: (done: number, total: number) => void;
}

/** Mean ± standard error of each loss measure. */
export type LossStatistics = Record<(typeof MC_MEASURES)[number], MeanStderr>;

export interface MonteCarloSummary {
  draws: number;
  seed: number;
  /** Per-draw values, in draw order (for custom statistics). */
  samples: Record<string, Float64Array>;
}

/**
 * What a run measured: the loss measures when the options give `abar` or a `schedule`, the KL
 * when they give `eps`. The type follows the options, so `monteCarlo({ …, abar: 0.5 }).testLoss.mean`
 * type-checks; with options whose fields may be undefined the measures are optional.
 */
export type MonteCarloResult<O = MonteCarloOptions> = MonteCarloSummary &
  (O extends { abar: number } | { schedule: NoiseSchedule } ? LossStatistics : Partial<LossStatistics>) &
  (O extends { eps: number } ? { kl: MeanStderr } : { kl?: MeanStderr });

/**
 * Monte Carlo of the real model (docs/theory.md §4): `draws` independent training sets, each from
 * its own random stream Random.forStream(seed, drawIndex), so the result depends only on
 * (seed, draws) — not on how draws are split over worker threads (see monteCarloDraws).
 *
 * @example
 * ```ts
 * const mc = monteCarlo({ spectrum, N: 128, abar: 0.5, eps: 1e-3, draws: 50, seed: 1 });
 * mc.testLoss;   // { mean, stderr } over 50 training sets
 * ```
 */
export function monteCarlo<O extends MonteCarloOptions>(options: O): MonteCarloResult<O> {
  const plan = planMonteCarlo(options);
  // Under --shard only this process's block of draws is computed (drawShard.ts).
  const samples = shardedDraws('monteCarlo', plan.draws, plan.seed, (from, to) => monteCarloDraws(plan, from, to, options.onDraw));
  return summarise(plan, samples) as MonteCarloResult<O>;
}

/** Validated, serialisable description of a Monte Carlo run (what a worker thread needs). */
export interface MonteCarloPlan {
  eigenvalues: Float64Array;
  N: number;
  mean: MeanMode;
  levels: NoiseLevel[];
  /** Weight of each level in the reduction (1, or 1/T for 'mean'). */
  levelWeight: number;
  eps: number | null;
  draws: number;
  seed: number;
  rotation: 'none' | 'haar';
  sampling: Sampling;
  scale: number;
}

export function planMonteCarlo(options: MonteCarloOptions): MonteCarloPlan {
  const spectrum = requireSpectrum(options.spectrum);
  const mean = options.mean ?? 'estimated';
  modelEnsemble(options.N, mean); // validates N
  if (!Number.isInteger(options.N)) throw new InvalidArgumentError('N', options.N, 'must be a whole number for Monte Carlo');
  const draws = requireInteger('draws', options.draws, 1);
  const seed = requireInteger('seed', options.seed, 0);
  if (options.abar !== undefined && options.schedule !== undefined) throw new InvalidArgumentError('schedule', options.schedule.name, 'give abar or schedule, not both');
  const reg = options.ct !== undefined ? { ct: options.ct } : { c: options.c ?? 0 };
  let levels: NoiseLevel[] = [];
  if (options.abar !== undefined) levels = [noiseLevel(options.abar, reg)];
  else if (options.schedule !== undefined) levels = Array.from(options.schedule.alphaBar, (a) => noiseLevel(a, reg));
  const eps = options.eps === undefined ? null : requirePositive('eps', options.eps);
  if (levels.length === 0 && eps === null) throw new InvalidArgumentError('abar', options.abar, 'give abar, schedule or eps: nothing to measure');
  const reduce = options.reduce ?? 'sum';
  const rotation = options.rotation ?? 'none';
  if (rotation !== 'none' && rotation !== 'haar') throw new InvalidArgumentError('rotation', rotation, "must be 'none' or 'haar'");
  const sampling = options.sampling ?? 'data';
  if (sampling !== 'data' && sampling !== 'wishart') throw new InvalidArgumentError('sampling', sampling, "must be 'data' or 'wishart'");
  if (sampling === 'wishart' && rotation === 'haar') throw new InvalidArgumentError('rotation', rotation, "applies to sampling 'data' only");
  // Every size limit, here rather than in each caller (README, "Limits").
  checkMonteCarloSizes({ spectrum, Ns: [options.N], draws, levels: Math.max(1, levels.length), sampling });
  if (options.onDraw !== undefined && typeof options.onDraw !== 'function') throw new InvalidArgumentError('onDraw', options.onDraw, 'must be a function');
  return {
    eigenvalues: expandEigenvalues(spectrum),
    N: options.N,
    mean,
    levels,
    levelWeight: reduce === 'mean' && levels.length > 0 ? 1 / levels.length : 1,
    eps,
    draws,
    seed,
    rotation,
    sampling,
    scale: options.perDimension ? 1 / spectrum.d : 1,
  };
}

/** Draws [from, to) of a plan; row k of each array is draw from + k. */
export function monteCarloDraws(plan: MonteCarloPlan, from: number, to: number, onDraw?: (done: number, total: number) => void): Record<string, Float64Array> {
  const count = to - from;
  const out: Record<string, Float64Array> = {};
  if (plan.levels.length > 0) for (const m of MC_MEASURES) out[m] = new Float64Array(count);
  if (plan.eps !== null) out.kl = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const rng = Random.forStream(plan.seed, from + k);
    // Each draw is finished with before the next is sampled: its eigenvectors may live in reused buffers.
    const draw = EmpiricalDraw.sample({ eigenvalues: plan.eigenvalues, N: plan.N, mean: plan.mean, rng, rotation: plan.rotation, sampling: plan.sampling, scratchVectors: true });
    if (plan.levels.length > 0) {
      const acc: DrawLosses = draw.lossTotals(plan.levels);
      for (const m of MC_MEASURES) out[m][k] = acc[m] * plan.levelWeight * plan.scale;
    }
    if (plan.eps !== null) out.kl[k] = draw.kl(plan.eps) * plan.scale;
    onDraw?.(k + 1, count);
  }
  return out;
}

export function summarise(plan: MonteCarloPlan, samples: Record<string, Float64Array>): MonteCarloResult {
  const result: MonteCarloResult = { draws: plan.draws, seed: plan.seed, samples };
  for (const [name, values] of Object.entries(samples)) (result as unknown as Record<string, MeanStderr>)[name] = meanStderr(values);
  return result;
}
