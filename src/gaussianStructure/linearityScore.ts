/**
 * The linearity score of Li, Dai & Qu (2024) (its Fig. 1), for any denoiser given as a function:
 *   LS(σ) = E cos( D(αx₁ + βx₂; σ), αD(x₁; σ) + βD(x₂; σ) ),   α = β = 1/√2,
 * with x₁, x₂ independent noised test inputs x_0 + σn at level σ. A linear map scores exactly 1.
 *
 * Centring. An affine denoiser D(x) = Ax + b is not additive unless b = 0 (α + β = √2 ≠ 1), so
 * the plain score of, e.g., D_G with μ ≠ 0 is below 1 although D_G has no nonlinearity at all.
 * With `centre` c the score is that of the centred map D̃(y) = D(c + y) − c on centred inputs
 * y = x − c; an affine D with fixed point c (D_G and D_N with c = μ or μ̂) is then linear and
 * scores 1, and α = β = 1/√2 keeps αy₁ + βy₂ distributed like a single centred input (same
 * covariance), so the mixed input stays in distribution. Without `centre` this is exactly the
 * seed's definition. Either way the measure is cos, so it ignores the output scale.
 *
 * Common random numbers: the same clean pairs and noise directions are reused at every σ, so the
 * curve over σ is smooth and differences between σ are not masked by resampling noise.
 * A zero output vector has no direction: cos is taken as 1 when both vectors vanish and 0 when
 * only one does (never NaN).
 */
import { InvalidArgumentError } from '../errors.js';
import { requireFiniteFloat64Array } from '../linalg/matrix.js';
import type { Random } from '../random/random.js';
import { meanStderr, type MeanStderr } from '../statistics/summaryStatistics.js';
import { requireFinite, requireInteger } from '../validate.js';
import type { DataSource } from '../datasets/dataSource.js';
import { applyDenoiser, type Denoiser } from './denoiser.js';
import { toRandom } from '../random/randomSource.js';
import { requireSigma } from './veParametrisation.js';

/** Options of {@link linearityScore}: the denoiser, the clean data and the noise levels. */
export interface LinearityScoreOptions {
  /** The denoiser D(x; σ) to evaluate, as a batch function. */
  denoiser: Denoiser;
  /** Clean data x_0 (its d is the denoiser's). */
  source: DataSource;
  /** Noise levels σ > 0 (variance-exploding form). */
  sigmas: ArrayLike<number>;
  /** Number of input pairs (≥ 2 for a standard error). */
  pairs: number;
  /** Seed or generator for the pairs and noise (default seed 1). */
  rng?: Random | number;
  /** Centre c (length d) of the inputs and outputs; omit for Li, Dai & Qu’s uncentred score. */
  centre?: Float64Array;
  /** Coefficients (default 1/√2 each). */
  alpha?: number;
  /** Coefficient β of the second input (default 1/√2). */
  beta?: number;
}

export interface LinearityScoreRow extends MeanStderr {
  sigma: number;
}

/**
 * How linear a denoiser is along random pairs of noisy data points, per noise level (1 = exactly linear).
 *
 * @example
 * ```ts
 * const source = gaussianSource({ eigenvalues: new Float64Array([1, 2]) });
 * linearityScore({ denoiser: D, source, sigmas: [1], pairs: 50, rng: 1 });   // [{ sigma: 1, mean: 1, … }] for a linear D
 * ```
 */
export function linearityScore(options: LinearityScoreOptions): LinearityScoreRow[] {
  const { denoiser, source } = options;
  if (typeof denoiser !== 'function') throw new InvalidArgumentError('denoiser', typeof denoiser, 'must be a function (batch, sigma) => batch');
  const d = source.d;
  const pairs = requireInteger('pairs', options.pairs, 1);
  const sigmas = Array.from(options.sigmas, (s, i) => requireSigma(`sigmas[${i}]`, s));
  const alpha = requireFinite('alpha', options.alpha ?? Math.SQRT1_2);
  const beta = requireFinite('beta', options.beta ?? Math.SQRT1_2);
  const centre = options.centre === undefined ? null : requireFiniteFloat64Array('centre', options.centre, d);
  const rng = toRandom(options.rng, 'rng');
  const clean = source.sample(2 * pairs, rng);
  const noise = new Float64Array(2 * pairs * d);
  rng.fillNormal(noise);
  const batch = new Float64Array(3 * pairs * d);
  const cosines = new Float64Array(pairs);
  return sigmas.map((sigma) => {
    // Rows 0..2P−1: x₁, x₂ of each pair (pair k: rows 2k, 2k+1); rows 2P..3P−1: mixed inputs.
    for (let i = 0; i < 2 * pairs * d; i++) batch[i] = clean[i] + sigma * noise[i];
    for (let k = 0; k < pairs; k++) {
      const a = 2 * k * d;
      const b = a + d;
      const m = (2 * pairs + k) * d;
      for (let i = 0; i < d; i++) {
        const c = centre === null ? 0 : centre[i];
        batch[m + i] = c + alpha * (batch[a + i] - c) + beta * (batch[b + i] - c);
      }
    }
    const out = applyDenoiser(denoiser, batch, sigma);
    linearityCosines(out, pairs, d, alpha, beta, centre, cosines);
    return { sigma, ...meanStderr(cosines) };
  });
}

/** cos(D(mix) − c, α(D(x₁) − c) + β(D(x₂) − c)) per pair, from the batch layout above. */
export function linearityCosines(out: Float64Array, pairs: number, d: number, alpha: number, beta: number, centre: Float64Array | null, cosines: Float64Array): void {
  for (let k = 0; k < pairs; k++) {
    const a = 2 * k * d;
    const b = a + d;
    const m = (2 * pairs + k) * d;
    let dot = 0;
    let uu = 0;
    let vv = 0;
    for (let i = 0; i < d; i++) {
      const c = centre === null ? 0 : centre[i];
      const u = out[m + i] - c;
      const v = alpha * (out[a + i] - c) + beta * (out[b + i] - c);
      dot += u * v;
      uu += u * u;
      vv += v * v;
    }
    cosines[k] = safeCosine(dot, uu, vv);
  }
}

/** dot/(‖u‖‖v‖) clamped to [−1, 1]; 1 if both vanish, 0 if one does. */
export function safeCosine(dot: number, uu: number, vv: number): number {
  if (uu === 0 || vv === 0) return uu === 0 && vv === 0 ? 1 : 0;
  const c = dot / (Math.sqrt(uu) * Math.sqrt(vv));
  return c > 1 ? 1 : c < -1 ? -1 : c;
}
