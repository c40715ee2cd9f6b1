/**
 * Deterministic sampling with the probability-flow ODE in VE form (Karras et al. 2022, "EDM"):
 *   dx/dσ = (x − D(x; σ))/σ,
 * integrated from σ_max down to σ_min on a given grid (Euler, or Heun's second-order method =
 * EDM Algorithm 1 without churn), then optionally one last denoising step x ↦ D(x; σ_min).
 * Started from the same initial noise, D_G, D_N and D_M give directly comparable samples
 * (Li, Dai & Qu 2024, Figs. 2–3): close in the generalisation regime, different when D_M memorises.
 *
 * Check: for the Gaussian denoiser each eigen-coordinate y = v_jᵀ(x − μ) obeys
 * dy/dσ = yσ/(λ_j + σ²), solved by y(σ) ∝ √(λ_j + σ²): the exact flow is linear, and the tests
 * compare the integrator with it.
 */
import { InvalidArgumentError } from '../errors.js';
import { requireInteger, requirePositive } from '../validate.js';
import { applyDenoiser, requireFiniteBatch, type Denoiser } from './denoiser.js';
import { requireSigma } from './veParametrisation.js';

/** Options of {@link probabilityFlow}: the denoiser, the initial batch and the noise levels. */
export interface ProbabilityFlowOptions {
  /** The denoiser D(x; σ) to evaluate, as a batch function. */
  denoiser: Denoiser;
  /** Row-major count × d batch at noise level sigmas[0] (e.g. μ + σ_max·n). */
  initial: Float64Array;
  /** Dimension d of one sample. */
  d: number;
  /** Strictly decreasing noise levels, > 0 (see {@link geometricSigmas}). */
  sigmas: ArrayLike<number>;
  /** 'heun' (default) or 'euler'. */
  method?: 'euler' | 'heun';
  /** Return D(x; σ_min) as the samples (default true); false returns x at σ_min. */
  finalDenoise?: boolean;
  /** Also return the state and the denoiser output at every grid point. */
  trajectory?: boolean;
}

export interface ProbabilityFlowResult {
  samples: Float64Array;
  /** x at σ_min (before the final denoising step). */
  state: Float64Array;
  /** With `trajectory`: x at each grid point (states[0] = initial). */
  states?: Float64Array[];
  /** With `trajectory`: D(x_i; σ_i) at each grid point — Li, Dai & Qu’s "sampling trajectory". */
  denoised?: Float64Array[];
  /** Number of denoiser evaluations (batches). */
  evaluations: number;
}

/**
 * `count` noise levels from max down to min, equally spaced in log σ.
 *
 * @example
 * ```ts
 * geometricSigmas(10, 0.1, 3);   // Float64Array [10, 1, 0.1]
 * ```
 */
export function geometricSigmas(max: number, min: number, count: number): Float64Array {
  const hi = requireSigma('max', max);
  const lo = requireSigma('min', min);
  const k = requireInteger('count', count, 2);
  if (!(hi > lo)) throw new InvalidArgumentError('max', max, `must be > min (${min})`);
  const out = new Float64Array(k);
  const ratio = Math.log(lo / hi);
  for (let i = 0; i < k; i++) out[i] = hi * Math.exp((ratio * i) / (k - 1));
  out[0] = hi;
  out[k - 1] = lo;
  return out;
}

/**
 * Integrate the probability-flow ODE from the initial noise down the given noise levels with a denoiser, giving the generated samples.
 *
 * @example
 * ```ts
 * const sigmas = geometricSigmas(10, 0.01, 20);
 * probabilityFlowSample({ denoiser: D, initial: initialNoise(normals, 10), d: 2, sigmas });   // { samples, state, evaluations: 39 }
 * ```
 */
export function probabilityFlowSample(options: ProbabilityFlowOptions): ProbabilityFlowResult {
  const { denoiser } = options;
  if (typeof denoiser !== 'function') throw new InvalidArgumentError('denoiser', typeof denoiser, 'must be a function (batch, sigma) => batch');
  const d = requireInteger('d', options.d, 1);
  const count = requireFiniteBatch('initial', options.initial, d);
  const sigmas = Array.from(options.sigmas, (s, i) => requireSigma(`sigmas[${i}]`, s));
  if (sigmas.length < 2) throw new InvalidArgumentError('sigmas', sigmas, 'needs at least two noise levels');
  for (let i = 1; i < sigmas.length; i++) {
    if (!(sigmas[i] < sigmas[i - 1])) throw new InvalidArgumentError(`sigmas[${i}]`, sigmas[i], `must be < sigmas[${i - 1}] = ${sigmas[i - 1]} (strictly decreasing)`);
  }
  const method = options.method ?? 'heun';
  if (method !== 'euler' && method !== 'heun') throw new InvalidArgumentError('method', method, "must be 'euler' or 'heun'");
  const record = options.trajectory === true;
  const finalDenoise = options.finalDenoise ?? true;
  const n = count * d;
  let x = Float64Array.from(options.initial);
  const states: Float64Array[] = record ? [Float64Array.from(x)] : [];
  const denoised: Float64Array[] = [];
  let evaluations = 0;
  const slope = new Float64Array(n);
  const trial = new Float64Array(n);
  let current = applyDenoiser(denoiser, x, sigmas[0]);
  evaluations++;
  for (let i = 0; i + 1 < sigmas.length; i++) {
    const s0 = sigmas[i];
    const s1 = sigmas[i + 1];
    const h = s1 - s0;
    if (record) denoised.push(current);
    for (let j = 0; j < n; j++) slope[j] = (x[j] - current[j]) / s0;
    for (let j = 0; j < n; j++) trial[j] = x[j] + h * slope[j];
    const next = applyDenoiser(denoiser, trial, s1);
    evaluations++;
    if (method === 'euler') {
      x = Float64Array.from(trial);
      current = next;
    } else {
      // Heun: average the slopes at both ends; one more evaluation at the corrected point.
      const xn = new Float64Array(n);
      for (let j = 0; j < n; j++) xn[j] = x[j] + 0.5 * h * (slope[j] + (trial[j] - next[j]) / s1);
      x = xn;
      current = applyDenoiser(denoiser, x, s1);
      evaluations++;
    }
    if (record) states.push(Float64Array.from(x));
  }
  if (record) denoised.push(current);
  const result: ProbabilityFlowResult = { samples: finalDenoise ? current : Float64Array.from(x), state: x, evaluations };
  if (record) {
    result.states = states;
    result.denoised = denoised;
  }
  return result;
}

/**
 * μ + σ_max·n: a batch of initial noise (n from `normals`, a count × d batch of N(0, 1)).
 *
 * @example
 * ```ts
 * initialNoise(new Float64Array([1, -1]), 10);   // Float64Array [10, −10] (σ_max · normals, plus the mean if given)
 * ```
 */
export function initialNoise(normals: Float64Array, sigmaMax: number, mean?: Float64Array): Float64Array {
  const s = requirePositive('sigmaMax', sigmaMax);
  const out = new Float64Array(normals.length);
  const d = mean?.length ?? 1;
  for (let j = 0; j < out.length; j++) out[j] = s * normals[j] + (mean ? mean[j % d] : 0);
  return out;
}
