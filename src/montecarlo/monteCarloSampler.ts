import { InvalidArgumentError } from '../errors.js';
import { modelEnsemble, type MeanMode } from '../predictions/model/ensemble.js';
import { SamplerLaw, type SamplerOptions } from '../predictions/sampler/samplerLaw.js';
import { expandEigenvalues, requireSpectrum, type Spectrum } from '../spectra/spectrum.js';
import { requireInteger, requireNonNegative } from '../validate.js';
import { EmpiricalDraw, type Sampling } from './empiricalDraw.js';
import { checkMonteCarloSizes } from './monteCarloLimits.js';
import { Random } from '../random/random.js';
import { meanStderr, type MeanStderr } from '../statistics/summaryStatistics.js';

/**
 * Monte Carlo of the KL between the data and the exact output law of the finite-step sampler
 * (docs/theory.md §8), and, on the same training sets, of the idealised N(μ̂, Σ̂ + εI) (default
 * ε = c, the continuous-time limit of the sampler).
 *
 * @example
 * ```ts
 * monteCarloSampler({ spectrum: powerLawSpectrum({ d: 64, k: 1 }), N: 128, schedule: linearSchedule({ T: 50 }), draws: 5, seed: 1 });
 * // { sampler: { mean, stderr, … }, idealised: { mean, stderr, … } } (the KL of the generated law)
 * ```
 */
export function monteCarloSampler(options: SamplerOptions & {
  spectrum: Spectrum;
  N: number;
  mean?: MeanMode;
  eps?: number;
  /** Data mean in Σ's eigenbasis (length d); default 0. */
  dataMean?: ArrayLike<number>;
  draws: number;
  seed: number;
  /** 'data' (default) or 'wishart': see MonteCarloOptions.sampling. */
  sampling?: Sampling;
  onDraw?: (done: number, total: number) => void;
}): { sampler: MeanStderr; idealised: MeanStderr } {
  const spectrum = requireSpectrum(options.spectrum);
  const mean = options.mean ?? 'estimated';
  modelEnsemble(options.N, mean);
  if (!Number.isInteger(options.N)) throw new InvalidArgumentError('N', options.N, 'must be a whole number for Monte Carlo');
  const draws = requireInteger('draws', options.draws, 1);
  const seed = requireInteger('seed', options.seed, 0);
  const eps = requireNonNegative('eps', options.eps ?? options.c ?? 0);
  const law = new SamplerLaw(options);
  checkMonteCarloSizes({ spectrum, Ns: [options.N], draws, levels: Math.max(1, options.schedule?.T ?? 1) });
  const lam = expandEigenvalues(spectrum);
  const mu = options.dataMean === undefined ? undefined : Float64Array.from(options.dataMean);
  if (mu !== undefined && mu.length !== lam.length) throw new InvalidArgumentError('dataMean', `length ${mu.length}`, `must have length d = ${lam.length}`);
  const sampler = new Float64Array(draws);
  const idealised = new Float64Array(draws);
  for (let k = 0; k < draws; k++) {
    const draw = EmpiricalDraw.sample({ eigenvalues: lam, N: options.N, mean, rng: Random.forStream(seed, k), sampling: options.sampling });
    sampler[k] = draw.samplerKl(law, mu);
    idealised[k] = eps > 0 ? draw.kl(eps) : draw.samplerKl({ mode: (x, out) => ((out[0] = 1), (out[1] = x)) });
    options.onDraw?.(k + 1, draws);
  }
  return { sampler: meanStderr(sampler), idealised: meanStderr(idealised) };
}
