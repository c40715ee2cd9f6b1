/**
 * Score-field distance between two denoisers along noise levels (Li, Dai & Qu 2024, Fig. 2 left):
 *   E ‖D₁(x; σ) − D₂(x; σ)‖²  on noised test inputs x = x_0 + σn,
 * estimated by sampling, with its standard error. Because score = (D − x)/σ² (Tweedie, see
 * veParametrisation.ts), the score-field error is the same number divided by σ⁴; both are
 * returned. Inputs are shared by the two denoisers (paired differences: the estimator's variance
 * is that of the difference, not of either map) and reused across σ (common random numbers).
 *
 * For two affine maps (D_N vs D_G) the expectation has a closed form per training set
 * (trainedDenoiserDistance.ts); this sampled estimator is for anything else (D_M, user maps).
 */
import { InvalidArgumentError } from '../errors.js';
import type { Random } from '../random/random.js';
import { meanStderr, type MeanStderr } from '../statistics/summaryStatistics.js';
import { requireInteger } from '../validate.js';
import type { DataSource } from '../datasets/dataSource.js';
import { applyDenoiser, type Denoiser } from './denoiser.js';
import { toRandom } from '../random/randomSource.js';
import { requireSigma } from './veParametrisation.js';

/** Options of {@link scoreFieldDistance}: two denoisers compared on noised inputs. */
export interface ScoreFieldDistanceOptions {
  /** The first denoiser of the comparison. */
  first: Denoiser;
  /** The second denoiser of the comparison. */
  second: Denoiser;
  /** Clean data x_0 to noise (a population or a set of samples). */
  source: DataSource;
  /** Noise levels σ > 0 (variance-exploding form). */
  sigmas: ArrayLike<number>;
  /** Number of test inputs per σ (≥ 2 for a standard error). */
  count: number;
  /** Seed or generator for the random inputs (default seed 1). */
  rng?: Random | number;
}

export interface ScoreFieldDistanceRow {
  sigma: number;
  /** E‖D₁ − D₂‖² (sum over coordinates). */
  denoiser: MeanStderr;
  /** E‖score₁ − score₂‖² = denoiser/σ⁴. */
  score: MeanStderr;
}

/**
 * Monte Carlo distance between two denoisers (and their score fields) on noisy samples of the data source, per noise level.
 *
 * @example
 * ```ts
 * scoreFieldDistance({ first: D, second: expectedTrainedDenoiser(model, 100), source, sigmas: [1], count: 100, rng: 1 });
 * // [{ sigma: 1, denoiser: { mean: ≈ 1.4e-4, … }, score }]
 * ```
 */
export function scoreFieldDistance(options: ScoreFieldDistanceOptions): ScoreFieldDistanceRow[] {
  const { first, second, source } = options;
  for (const [name, f] of [['first', first], ['second', second]] as const) {
    if (typeof f !== 'function') throw new InvalidArgumentError(name, typeof f, 'must be a function (batch, sigma) => batch');
  }
  const d = source.d;
  const count = requireInteger('count', options.count, 1);
  const sigmas = Array.from(options.sigmas, (s, i) => requireSigma(`sigmas[${i}]`, s));
  const rng = toRandom(options.rng, 'rng');
  const clean = source.sample(count, rng);
  const noise = new Float64Array(count * d);
  rng.fillNormal(noise);
  const x = new Float64Array(count * d);
  const values = new Float64Array(count);
  return sigmas.map((sigma) => {
    for (let i = 0; i < x.length; i++) x[i] = clean[i] + sigma * noise[i];
    const a = applyDenoiser(first, x, sigma, 'first');
    const b = applyDenoiser(second, x, sigma, 'second');
    squaredRowDistances(a, b, count, d, values);
    const denoiser = meanStderr(values);
    // Divide the statistics (not each sample) by σ² twice: σ⁴ itself underflows for σ < 1e-77.
    const s2 = sigma * sigma;
    const score = { mean: denoiser.mean / s2 / s2, stderr: denoiser.stderr / s2 / s2 };
    return { sigma, denoiser, score };
  });
}

/** ‖a_k − b_k‖² for each row k. */
export function squaredRowDistances(a: Float64Array, b: Float64Array, count: number, d: number, out: Float64Array): void {
  for (let k = 0; k < count; k++) {
    let s = 0;
    const row = k * d;
    for (let i = 0; i < d; i++) {
      const t = a[row + i] - b[row + i];
      s += t * t;
    }
    out[k] = s;
  }
}
