import { InvalidArgumentError } from '../errors.js';
import { modelEnsemble, type MeanMode } from '../predictions/model/ensemble.js';
import { noiseLevel } from '../predictions/model/noiseLevel.js';
import { trainingFilter, type TrainingTime } from '../predictions/dynamics/trainingFilter.js';
import { expandEigenvalues, requireSpectrum, type Spectrum } from '../spectra/spectrum.js';
import { requireInteger } from '../validate.js';
import { checkMonteCarloSizes } from './monteCarloLimits.js';
import { EmpiricalDraw, type Sampling } from './empiricalDraw.js';
import { shardedDraws } from './drawShard.js';
import { MC_MEASURES } from './monteCarlo.js';
import { Random } from '../random/random.js';
import { meanStderr, type MeanStderr } from '../statistics/summaryStatistics.js';

export type DynamicsMeasures = Record<(typeof MC_MEASURES)[number], MeanStderr>;

/**
 * Monte Carlo of training dynamics (docs/theory.md §7): for each drawn training set, the denoiser
 * after gradient flow for time τ (or k steps of gradient descent) is W = (s/a²) h(Σ̂), applied
 * exactly mode by mode in Σ̂'s eigenbasis (EmpiricalDraw.losses with trainingFilter). One row per
 * training time; draw k uses Random.forStream(seed, k) for every time, so the curves are
 * coupled (same training sets) and smooth in τ.
 *
 * @example
 * ```ts
 * monteCarloDynamics({ spectrum: powerLawSpectrum({ d: 64, k: 1 }), N: 128, abar: 0.5, times: [{ tau: 2 }], draws: 10, seed: 1 })[0].testLoss;
 * // ≈ { mean: 26.1, stderr: 0.02, … } (one entry per training time)
 * ```
 */
export function monteCarloDynamics(options: {
  spectrum: Spectrum;
  N: number;
  abar: number;
  c?: number;
  mean?: MeanMode;
  times: TrainingTime[];
  draws: number;
  seed: number;
  /** 'data' (default) or 'wishart': see MonteCarloOptions.sampling. */
  sampling?: Sampling;
  onDraw?: (done: number, total: number) => void;
}): DynamicsMeasures[] {
  const spectrum = requireSpectrum(options.spectrum);
  const mean = options.mean ?? 'estimated';
  modelEnsemble(options.N, mean);
  if (!Number.isInteger(options.N)) throw new InvalidArgumentError('N', options.N, 'must be a whole number for Monte Carlo');
  const draws = requireInteger('draws', options.draws, 1);
  const seed = requireInteger('seed', options.seed, 0);
  const level = noiseLevel(options.abar, { c: options.c ?? 0 });
  const filters = options.times.map((t) => trainingFilter(level, t));
  checkMonteCarloSizes({ spectrum, Ns: [options.N], draws, levels: Math.max(1, filters.length) });
  const lam = expandEigenvalues(spectrum);
  // Under --shard only this process's block of draws is computed (drawShard.ts); the values of
  // time i and measure m travel under the key `i:m`.
  const flat = shardedDraws('dynamics', draws, seed, (from, to) => {
    const out: Record<string, Float64Array> = {};
    filters.forEach((_, i) => MC_MEASURES.forEach((m) => (out[`${i}:${m}`] = new Float64Array(to - from))));
    for (let k = from; k < to; k++) {
      const draw = EmpiricalDraw.sample({ eigenvalues: lam, N: options.N, mean, rng: Random.forStream(seed, k), sampling: options.sampling });
      filters.forEach((h, i) => {
        const l = draw.losses(level, h);
        for (const m of MC_MEASURES) out[`${i}:${m}`][k - from] = l[m];
      });
      options.onDraw?.(k - from + 1, to - from);
    }
    return out;
  });
  const values = filters.map((_, i) => Object.fromEntries(MC_MEASURES.map((m) => [m, flat[`${i}:${m}`]])) as Record<string, Float64Array>);
  return values.map((v) => Object.fromEntries(MC_MEASURES.map((m) => [m, meanStderr(v[m])])) as DynamicsMeasures);
}
