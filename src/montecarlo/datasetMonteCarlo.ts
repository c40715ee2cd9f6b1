import { checkMonteCarloDimensions } from './monteCarloLimits.js';
import { InvalidArgumentError } from '../errors.js';
import type { MeanMode } from '../predictions/model/ensemble.js';
import { noiseLevel } from '../predictions/model/noiseLevel.js';
import { requireInteger } from '../validate.js';
import type { DatasetPopulation } from '../datasets/datasetPopulation.js';
import { EmpiricalDraw } from './empiricalDraw.js';
import { MC_MEASURES, type LossStatistics, type MonteCarloSummary } from './monteCarlo.js';
import { Random } from '../random/random.js';
import { meanStderr } from '../statistics/summaryStatistics.js';

/**
 * Monte Carlo of the linear model trained on real data: each draw takes N rows of the
 * population with replacement (draw k uses Random.forStream(seed, k)) and measures the exactly
 * fitted denoiser against the population's μ and Σ (see datasetPopulation). Compare with the
 * theory for the population's spectrum to see where Gaussian theory holds for the data.
 *
 * @example
 * ```ts
 * const population = datasetPopulation(samples, 200, 4);   // 200 rows of a 4-dimensional data set
 * datasetMonteCarlo({ population, N: 16, abar: 0.5, draws: 10, seed: 1 }).testLoss;   // { mean, stderr, sd, sdStderr } over 10 training sets
 * ```
 */
export function datasetMonteCarlo(options: {
  population: DatasetPopulation;
  N: number;
  abar: number;
  c?: number;
  mean?: MeanMode;
  draws: number;
  seed: number;
  onDraw?: (done: number, total: number) => void;
}): MonteCarloSummary & LossStatistics & { kl?: undefined } {
  const { population: pop } = options;
  const N = requireInteger('N', options.N, 2);
  const draws = requireInteger('draws', options.draws, 1);
  const seed = requireInteger('seed', options.seed, 0);
  const level = noiseLevel(options.abar, { c: options.c ?? 0 });
  const mean = options.mean ?? 'estimated';
  if (mean !== 'estimated' && mean !== 'known') throw new InvalidArgumentError('mean', mean, "must be 'estimated' or 'known'");
  checkMonteCarloDimensions({ d: pop.d, Ns: [N], draws });
  const samples: Record<string, Float64Array> = Object.fromEntries(MC_MEASURES.map((m) => [m, new Float64Array(draws)]));
  const rows = new Float64Array(N * pop.d);
  for (let k = 0; k < draws; k++) {
    const rng = Random.forStream(seed, k);
    for (let r = 0; r < N; r++) {
      const pick = Math.min(pop.count - 1, Math.floor(rng.uniform() * pop.count));
      rows.set(pop.samples.subarray(pick * pop.d, (pick + 1) * pop.d), r * pop.d);
    }
    // Coordinates are already in Σ's eigenbasis (no rotation); the population mean is pop.mean.
    const draw = new EmpiricalDraw({ eigenvalues: pop.eigenvalues, samples: rows, N, mean, populationMean: pop.mean });
    const l = draw.losses(level);
    for (const m of MC_MEASURES) samples[m][k] = l[m];
    options.onDraw?.(k + 1, draws);
  }
  const stats = Object.fromEntries(MC_MEASURES.map((m) => [m, meanStderr(samples[m])])) as LossStatistics;
  return { draws, seed, samples, ...stats };
}
