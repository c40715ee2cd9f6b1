/**
 * Does D_M collapse onto a training point? An operational answer (Li, Dai & Qu’s memorisation
 * regime, compared with the onset-of-memorization paper’s mixing time in mixingTime.ts).
 *
 * For test inputs x = x_0 + σn with FIXED x_0 and n (common random numbers across σ), the
 * softmax weights of D_M are w_k ∝ exp(−‖x − x_k‖²/2σ²) and
 *   ‖x_0 + σn − x_k‖² = a_k + 2σ b_k + σ²‖n‖²,   a_k = ‖x_0 − x_k‖²,  b_k = (x_0 − x_k)·n,
 * so after one O(M·N·d) pass (direct differences: a_k is exact to relative rounding, which is
 * what decides the softmax at small σ) every σ costs O(M·N): the logits are −a_k/2σ² − b_k/σ
 * (the σ-independent −‖n‖²/2 cancels in the softmax).
 *
 * Two statistics per input:
 * - nearest: the largest weight — D_M returns (almost) one training point when it is near 1;
 * - source: for inputs built on a training point (x_0 = x_s), the weight of x_s itself — seed
 *   000's Z_1/(Z_1 + Z_{1c}); it crosses 1/2 exactly when the other points' mass equals the own.
 * The collapse level σ* of a statistic is where its median over the inputs crosses 1/2.
 */
import { InvalidArgumentError } from '../errors.js';
import { requireFiniteFloat64Array } from '../linalg/matrix.js';
import { requireInteger } from '../validate.js';
import { requireSigma } from './veParametrisation.js';

export interface ProbeWeights {
  nearest: Float64Array;
  /** Present when the probe was given source indices. */
  source?: Float64Array;
}

export class MemorisationProbe {
  readonly N: number;
  readonly M: number;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly sourceIndex: Int32Array | null;

  /**
   * @param training row-major N × d training set
   * @param anchors row-major M × d clean points x_0
   * @param noise row-major M × d standard normals n
   * @param sourceIndex for each anchor, the training row it equals (or omit)
   */
  constructor(options: { training: Float64Array; N: number; d: number; anchors: Float64Array; noise: Float64Array; M: number; sourceIndex?: ArrayLike<number> }) {
    const N = requireInteger('N', options.N, 1);
    const d = requireInteger('d', options.d, 1);
    const M = requireInteger('M', options.M, 1);
    const x = requireFiniteFloat64Array('training', options.training, N * d);
    const x0 = requireFiniteFloat64Array('anchors', options.anchors, M * d);
    const n = requireFiniteFloat64Array('noise', options.noise, M * d);
    if (options.sourceIndex !== undefined) {
      if (options.sourceIndex.length !== M) throw new InvalidArgumentError('sourceIndex', `length ${options.sourceIndex.length}`, `must have length M = ${M}`);
      for (let m = 0; m < M; m++) {
        const s = options.sourceIndex[m];
        if (!Number.isInteger(s) || s < 0 || s >= N) throw new InvalidArgumentError(`sourceIndex[${m}]`, s, `must be a training row in [0, ${N})`);
      }
    }
    this.N = N;
    this.M = M;
    this.sourceIndex = options.sourceIndex === undefined ? null : Int32Array.from(options.sourceIndex);
    this.a = new Float64Array(M * N);
    this.b = new Float64Array(M * N);
    for (let m = 0; m < M; m++) {
      const rm = m * d;
      for (let k = 0; k < N; k++) {
        const rk = k * d;
        let aa = 0;
        let bb = 0;
        for (let i = 0; i < d; i++) {
          const t = x0[rm + i] - x[rk + i];
          aa += t * t;
          bb += t * n[rm + i];
        }
        this.a[m * N + k] = aa;
        this.b[m * N + k] = bb;
      }
    }
  }

  /** Nearest (and source) weights of every input at level σ. */
  weights(sigma: number): ProbeWeights {
    const s = requireSigma('sigma', sigma);
    const { N, M, a, b } = this;
    const nearest = new Float64Array(M);
    const source = this.sourceIndex === null ? undefined : new Float64Array(M);
    // Unscaled logits σ²ℓ_k = −(a_k/2 + σ b_k); only differences from the maximum are divided by σ²
    // (the scaled logits overflow for tiny σ).
    const inv = 1 / (s * s);
    for (let m = 0; m < M; m++) {
      const row = m * N;
      let lmax = -Infinity;
      for (let k = 0; k < N; k++) {
        const l = -(0.5 * a[row + k] + s * b[row + k]);
        if (l > lmax) lmax = l;
      }
      let z = 0;
      for (let k = 0; k < N; k++) z += Math.exp((-(0.5 * a[row + k] + s * b[row + k]) - lmax) * inv);
      nearest[m] = 1 / z;
      if (source) {
        const k = this.sourceIndex![m];
        source[m] = Math.exp((-(0.5 * a[row + k] + s * b[row + k]) - lmax) * inv) / z;
      }
    }
    return source ? { nearest, source } : { nearest };
  }

  /** Median over the inputs of a statistic at σ. */
  median(sigma: number, statistic: 'nearest' | 'source' = 'nearest'): number {
    const w = this.weights(sigma);
    const values = statistic === 'source' ? w.source : w.nearest;
    if (values === undefined) throw new InvalidArgumentError('statistic', statistic, 'needs a probe built with sourceIndex');
    return medianOf(values);
  }

  /**
   * σ* where the median of `statistic` crosses `level` (default 1/2), by bisection in log σ on
   * [lo, hi] (the median is a continuous function of σ). Returns lo or hi when the median does not
   * cross inside (already below at lo, still above at hi), with `bracketed` false.
   */
  collapseLevel(options: { statistic?: 'nearest' | 'source'; level?: number; lo: number; hi: number; relativeTolerance?: number }): { sigma: number; bracketed: boolean } {
    const statistic = options.statistic ?? 'nearest';
    const level = options.level ?? 0.5;
    if (!(level > 0 && level < 1)) throw new InvalidArgumentError('level', level, 'must lie in (0, 1)');
    let lo = Math.log(requireSigma('lo', options.lo));
    let hi = Math.log(requireSigma('hi', options.hi));
    if (!(hi > lo)) throw new InvalidArgumentError('hi', options.hi, `must be > lo (${options.lo})`);
    const tol = options.relativeTolerance ?? 1e-4;
    const f = (u: number) => this.median(Math.exp(u), statistic) - level;
    if (f(lo) <= 0) return { sigma: Math.exp(lo), bracketed: false };
    if (f(hi) > 0) return { sigma: Math.exp(hi), bracketed: false };
    while (hi - lo > tol) {
      const mid = 0.5 * (lo + hi);
      if (f(mid) > 0) lo = mid;
      else hi = mid;
    }
    return { sigma: Math.exp(0.5 * (lo + hi)), bracketed: true };
  }
}

/**
 * Median of a non-empty array (mean of the two middle values for even length).
 *
 * @example
 * ```ts
 * medianOf([3, 1, 2, 10]);   // 2.5
 * ```
 */
export function medianOf(values: ArrayLike<number>): number {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  if (n === 0) throw new InvalidArgumentError('values', [], 'must not be empty');
  return n % 2 === 1 ? s[(n - 1) / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}
