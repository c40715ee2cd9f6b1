import { checkMonteCarloDimensions } from './monteCarloLimits.js';
import { InvalidArgumentError } from '../errors.js';
import type { DatasetPopulation } from '../datasets/datasetPopulation.js';
import type { MeanMode } from '../predictions/model/ensemble.js';
import { noiseLevel, type NoiseLevel } from '../predictions/model/noiseLevel.js';
import type { NoiseSchedule } from '../predictions/model/noiseSchedule.js';
import type { Reduce } from '../predictions/losses/scheduleLosses.js';
import { Random } from '../random/random.js';
import { meanStderr } from '../statistics/summaryStatistics.js';
import { requireInteger, requirePositive } from '../validate.js';
import { EmpiricalDraw, type DrawLosses } from './empiricalDraw.js';
import { shardedDraws } from './drawShard.js';
import { MC_MEASURES, type MonteCarloResult } from './monteCarlo.js';

/** Options of {@link populationMonteCarlo}: as {@link MonteCarloOptions} for a population given by its samples or law. */
export interface PopulationMonteCarloOptions {
  /** The data set taken as the population (datasetPopulation). */
  population: DatasetPopulation;
  /** Training-set size N (number of samples the denoiser is fitted to). */
  N: number;
  /** One noise level … */
  abar?: number;
  /** … or a schedule reduced over its steps. Omit both for KL only. */
  schedule?: NoiseSchedule;
  /** How a schedule's steps combine: 'sum' (default) or 'mean'. */
  reduce?: Reduce;
  /** Regularisation c of Merger & Goldt (c_t = c·ᾱ_t, i.e. Σ̂ → Σ̂ + cI); default 0. */
  c?: number;
  /** Explicit regularisation c_t, instead of c. */
  ct?: number;
  /** With eps, also the KL of N(μ̂, Σ̂ + εI) against the population's N(μ, Σ). */
  eps?: number;
  /** How the model estimates the data mean: 'estimated' (default) or 'known' (docs/theory.md §1). */
  mean?: MeanMode;
  /** Number of independent training sets drawn (the Monte Carlo sample size). */
  draws: number;
  /** Seed of the random stream: the same seed gives bit-identical results. */
  seed: number;
  /** Divide every measure by d (per-dimension values instead of totals over the d dimensions). */
  perDimension?: boolean;
  /** Called after each draw with (done, total), for progress bars. */
  onDraw?: (done: number, total: number) => void;
}

/**
 * Monte Carlo of the linear model trained on a finite data set as the population (the
 * `monteCarlo` of real data): draw k takes N rows with replacement using Random.forStream(seed, k)
 * — the same rows as datasetMonteCarlo — and measures the exactly fitted denoiser against the
 * population's μ and Σ at one level or over a schedule, with the KL when `eps` is given.
 * The result has monteCarlo's shape, so the CLI prints either the same way.
 *
 * @example
 * ```ts
 * populationMonteCarlo({ population: datasetPopulation(samples, 200, 4), N: 16, abar: 0.5, draws: 10, seed: 1 }).testLoss;   // { mean, stderr, … }
 * ```
 */
export function populationMonteCarlo<O extends PopulationMonteCarloOptions>(options: O): MonteCarloResult<O> {
  const pop = options.population;
  const N = requireInteger('N', options.N, 2);
  const draws = requireInteger('draws', options.draws, 1);
  const seed = requireInteger('seed', options.seed, 0);
  const mean = options.mean ?? 'estimated';
  if (mean !== 'estimated' && mean !== 'known') throw new InvalidArgumentError('mean', mean, "must be 'estimated' or 'known'");
  if (options.abar !== undefined && options.schedule !== undefined) throw new InvalidArgumentError('schedule', options.schedule.name, 'give abar or schedule, not both');
  const reg = options.ct !== undefined ? { ct: options.ct } : { c: options.c ?? 0 };
  let levels: NoiseLevel[] = [];
  if (options.abar !== undefined) levels = [noiseLevel(options.abar, reg)];
  else if (options.schedule !== undefined) levels = Array.from(options.schedule.alphaBar, (a) => noiseLevel(a, reg));
  const eps = options.eps === undefined ? null : requirePositive('eps', options.eps);
  if (levels.length === 0 && eps === null) throw new InvalidArgumentError('abar', options.abar, 'give abar, schedule or eps: nothing to measure');
  checkMonteCarloDimensions({ d: pop.d, Ns: [N], draws, levels: Math.max(1, levels.length) });
  const weight = (options.reduce ?? 'sum') === 'mean' && levels.length > 0 ? 1 / levels.length : 1;
  const scale = options.perDimension ? 1 / pop.d : 1;
  // Under --shard only this process's block of draws is computed (drawShard.ts).
  const samples = shardedDraws('population', draws, seed, (from, to) => {
    const out: Record<string, Float64Array> = {};
    if (levels.length > 0) for (const m of MC_MEASURES) out[m] = new Float64Array(to - from);
    if (eps !== null) out.kl = new Float64Array(to - from);
    const rows = new Float64Array(N * pop.d);
    for (let k = from; k < to; k++) {
      const rng = Random.forStream(seed, k);
      for (let r = 0; r < N; r++) {
        const pick = Math.min(pop.count - 1, Math.floor(rng.uniform() * pop.count));
        rows.set(pop.samples.subarray(pick * pop.d, (pick + 1) * pop.d), r * pop.d);
      }
      const draw = new EmpiricalDraw({ eigenvalues: pop.eigenvalues, samples: rows, N, mean, populationMean: pop.mean });
      if (levels.length > 0) {
        const acc: DrawLosses = { trainLoss: 0, testLoss: 0, gap: 0, referenceLoss: 0, alignment: 0 };
        for (const level of levels) {
          const l = draw.losses(level);
          for (const m of MC_MEASURES) acc[m] += l[m];
        }
        for (const m of MC_MEASURES) out[m][k - from] = acc[m] * weight * scale;
      }
      if (eps !== null) out.kl[k - from] = draw.kl(eps) * scale;
      options.onDraw?.(k - from + 1, to - from);
    }
    return out;
  });
  const result: Record<string, unknown> = { draws, seed, samples };
  for (const [name, values] of Object.entries(samples)) result[name] = meanStderr(values);
  return result as MonteCarloResult<O>;
}
