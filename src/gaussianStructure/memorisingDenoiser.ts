/**
 * The empirical-optimal ("multi-delta", memorising) denoiser of Li, Dai & Qu (2024) (docs/theory.md §10): the
 * posterior mean when the data law is the training set's empirical measure,
 *   D_M(x; σ) = Σ_k softmax_k(ℓ_k) x_k,   ℓ_k = −‖x − x_k‖²/(2σ²).
 *
 * Distances. Softmax is shift invariant, so ℓ_k may drop −‖x‖²/(2σ²): ℓ_k ≐ (x·x_k − ½‖x_k‖²)/σ².
 * That costs one dot product per pair (d multiply-adds, vs d subtractions + d multiply-adds for
 * direct differences), but its absolute rounding error, ≲ d·ε·(‖x‖² + 2‖x_k‖²)/σ², grows like
 * 1/σ² while the logit *differences* that decide the softmax are what must be accurate. Two
 * guards: (1) everything is centred at the training mean, so the norms are the data's spread, not
 * its offset (for digits ‖x‖² ~ 100 → ~50); (2) when that error bound exceeds 1e-13 — small σ —
 * the candidates whose expanded logit is within 2·bound + 40 of the maximum (every point whose
 * weight could exceed e⁻⁴⁰ of the largest) are recomputed by direct differences ‖x − x_k‖²,
 * which carry only relative error, and the softmax is taken over them alone. At small σ there
 * are few such candidates, so the exact path is cheap precisely where it is needed; at large σ
 * the bound is tiny and the fast path is exact to rounding. Weights below 1e-20 of the largest
 * are skipped in the weighted sum (their total is < N·1e-20 relative).
 *
 * The log-sum-exp is stabilised by subtracting the largest logit, so no weight overflows and at
 * least one equals 1 exactly: the output is finite for every σ > 0.
 */
import { InvalidArgumentError } from '../errors.js';
import { requireFiniteFloat64Array } from '../linalg/matrix.js';
import { requireInteger } from '../validate.js';
import { batchCount, type Denoiser } from './denoiser.js';
import { requireSigma } from './veParametrisation.js';

const FAST_PATH_ERROR = 1e-13;
const CANDIDATE_MARGIN = 40;
const NEGLIGIBLE_WEIGHT = 1e-20;

/** Precomputed training set: centred rows, their squared norms, and scratch. */
export class MemorisingModel {
  readonly d: number;
  readonly N: number;
  /** Training mean c (the centring point). */
  readonly centre: Float64Array;
  private readonly xc: Float64Array;
  private readonly q: Float64Array;
  private readonly qMax: number;
  private readonly logits: Float64Array;
  private readonly candidates: Int32Array;
  private readonly u: Float64Array;

  constructor(samples: Float64Array, N: number, d: number) {
    this.d = requireInteger('d', d, 1);
    this.N = requireInteger('N', N, 1);
    requireFiniteFloat64Array('samples', samples, N * d);
    const c = new Float64Array(d);
    for (let k = 0; k < N; k++) for (let i = 0; i < d; i++) c[i] += samples[k * d + i];
    for (let i = 0; i < d; i++) c[i] /= N;
    this.centre = c;
    this.xc = new Float64Array(N * d);
    this.q = new Float64Array(N);
    let qMax = 0;
    for (let k = 0; k < N; k++) {
      let s = 0;
      for (let i = 0; i < d; i++) {
        const v = samples[k * d + i] - c[i];
        this.xc[k * d + i] = v;
        s += v * v;
      }
      this.q[k] = s;
      if (s > qMax) qMax = s;
    }
    this.qMax = qMax;
    this.logits = new Float64Array(N);
    this.candidates = new Int32Array(N);
    this.u = new Float64Array(d);
  }

  /** D_M(x; σ) for a batch. */
  denoise(batch: Float64Array, sigma: number): Float64Array {
    const count = batchCount('batch', batch, this.d);
    const s = requireSigma('sigma', sigma);
    const out = new Float64Array(count * this.d);
    for (let m = 0; m < count; m++) this.row(batch, m, s, out, null);
    return out;
  }

  /** Softmax weight of the nearest training point (the largest weight) for each input row. */
  nearestWeight(batch: Float64Array, sigma: number): Float64Array {
    const count = batchCount('batch', batch, this.d);
    const s = requireSigma('sigma', sigma);
    const out = new Float64Array(count);
    for (let m = 0; m < count; m++) this.row(batch, m, s, null, out);
    return out;
  }

  /**
   * One input row: logits, stable softmax, then either the weighted mean (into `out`, row m) or
   * the largest weight (into `weights[m]`).
   */
  private row(batch: Float64Array, m: number, sigma: number, out: Float64Array | null, weights: Float64Array | null): void {
    const { d, N, xc, q, logits, candidates, u } = this;
    const c = this.centre;
    const base = m * d;
    let uu = 0;
    for (let i = 0; i < d; i++) {
      const v = batch[base + i] - c[i];
      u[i] = v;
      uu += v * v;
    }
    // Logits are kept unscaled (units of squared length, ℓ' = σ²ℓ) and only their differences from
    // the maximum are divided by σ²: at σ = 1e-150 the scaled logits themselves would overflow.
    const s2 = sigma * sigma;
    const inv = 1 / s2;
    let lmax = -Infinity;
    for (let k = 0; k < N; k++) {
      const rk = k * d;
      let dot = 0;
      for (let i = 0; i < d; i++) dot += u[i] * xc[rk + i];
      const l = dot - 0.5 * q[k];
      logits[k] = l;
      if (l > lmax) lmax = l;
    }
    const bound = (d + 4) * Number.EPSILON * (uu + 2 * this.qMax);
    let nc = 0;
    if (bound > FAST_PATH_ERROR * s2) {
      // Exact path: direct differences for every point that can matter.
      const cut = lmax - 2 * bound - CANDIDATE_MARGIN * s2;
      let best = -Infinity;
      for (let k = 0; k < N; k++) {
        if (logits[k] < cut) continue;
        const rk = k * d;
        let s = 0;
        for (let i = 0; i < d; i++) {
          const t = u[i] - xc[rk + i];
          s += t * t;
        }
        const l = -0.5 * s;
        logits[k] = l;
        candidates[nc++] = k;
        if (l > best) best = l;
      }
      lmax = best;
    } else {
      for (let k = 0; k < N; k++) candidates[k] = k;
      nc = N;
    }
    let z = 0;
    let wmax = 0;
    for (let a = 0; a < nc; a++) {
      const k = candidates[a];
      const w = Math.exp((logits[k] - lmax) * inv);
      logits[k] = w;
      z += w;
      if (w > wmax) wmax = w;
    }
    if (weights !== null) {
      weights[m] = wmax / z;
      return;
    }
    const o = out!;
    for (let i = 0; i < d; i++) o[base + i] = 0;
    const floor = NEGLIGIBLE_WEIGHT;
    for (let a = 0; a < nc; a++) {
      const k = candidates[a];
      const w = logits[k];
      if (w < floor) continue;
      const f = w / z;
      const rk = k * d;
      for (let i = 0; i < d; i++) o[base + i] += f * xc[rk + i];
    }
    for (let i = 0; i < d; i++) o[base + i] += c[i];
  }
}

/**
 * D_M for the training set `samples` (row-major N × d), as a plain {@link Denoiser}.
 *
 * @example
 * ```ts
 * applyDenoiser(memorisingDenoiser(new Float64Array([0, 0, 2, 2]), 2, 2), new Float64Array([1.8, 1.9]), 0.1);   // ≈ [2, 2] (the nearest training point)
 * ```
 */
export function memorisingDenoiser(samples: Float64Array, N: number, d: number): Denoiser {
  const model = new MemorisingModel(samples, N, d);
  return (batch, sigma) => model.denoise(batch, sigma);
}

/**
 * Direct-difference reference of D_M for one row (tests and small inputs only; O(N d)).
 *
 * @example
 * ```ts
 * memorisingDenoiserReference(new Float64Array([0, 0, 2, 2]), 2, 2, new Float64Array([1.8, 1.9]), 0.1);   // ≈ [2, 2]
 * ```
 */
export function memorisingDenoiserReference(samples: Float64Array, N: number, d: number, x: Float64Array, sigma: number): Float64Array {
  if (x.length !== d) throw new InvalidArgumentError('x', `length ${x.length}`, `must have length d = ${d}`);
  const l = new Float64Array(N);
  let lmax = -Infinity;
  for (let k = 0; k < N; k++) {
    let s = 0;
    for (let i = 0; i < d; i++) {
      const t = x[i] - samples[k * d + i];
      s += t * t;
    }
    l[k] = -s / (2 * sigma * sigma);
    if (l[k] > lmax) lmax = l[k];
  }
  let z = 0;
  for (let k = 0; k < N; k++) z += (l[k] = Math.exp(l[k] - lmax));
  const out = new Float64Array(d);
  for (let k = 0; k < N; k++) for (let i = 0; i < d; i++) out[i] += (l[k] / z) * samples[k * d + i];
  return out;
}
