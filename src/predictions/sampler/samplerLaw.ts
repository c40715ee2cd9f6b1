import { InvalidArgumentError } from '../../errors.js';
import type { NoiseSchedule } from '../model/noiseSchedule.js';

export type SamplerKind = 'ddpm' | 'ddim';
/** DDPM noise: σ_t² = β_t, or the posterior variance β̃_t = β_t (1 − ᾱ_{t−1})/(1 − ᾱ_t). */
export type SamplerNoise = 'beta' | 'posterior';

/** The finite-step sampler: schedule, kind (DDPM or DDIM), noise and regularisation (docs/theory.md §8). */
export interface SamplerOptions {
  /** Noise schedule (e.g. {@link linearSchedule}, {@link cosineSchedule}). */
  schedule: NoiseSchedule;
  /** 'ddpm' (default, ancestral) or 'ddim' (deterministic). */
  sampler?: SamplerKind;
  /** Sampler noise: σ_t² = β_t ('beta', default) or the posterior variance β̃_t ('posterior'). */
  noise?: SamplerNoise;
  /** Merger & Goldt’s regularisation c (c_t = c·ᾱ_t) used to train every step's denoiser; default 0. */
  c?: number;
}

/**
 * Law of the samples of the finite-step sampler run with the trained linear denoisers
 * (docs/theory.md §8). Every step is affine and diagonal in Σ̂'s eigenbasis, so a mode with
 * Σ̂-eigenvalue x ends as N(ρ(x)·μ̂_x, V(x)) from u_T ~ N(0, I), where (a_t = √ᾱ_t, α_t = 1 − β_t,
 * g = 1/(x + z_t), ε_θ = (s_t/a_t²) g (u − a_t μ̂)):
 *
 *   DDPM: u_{t−1} = (u_t − β_t/s_t ε_θ)/√α_t + σ_t ξ
 *         A_t = (1 − β_t g/a_t²)/√α_t,  ρ ← A_t ρ + β_t g/(a_t √α_t),  V ← A_t² V + σ_t²
 *   DDIM: u_{t−1} = a_{t−1} (u_t − s_t ε_θ)/a_t + s_{t−1} ε_θ   (ᾱ_0 = 1)
 *         k_t = s_{t−1} − a_{t−1} s_t/a_t,  A_t = a_{t−1}/a_t + k_t (s_t/a_t²) g,
 *         ρ ← A_t ρ − k_t (s_t/a_t) g,  V ← A_t² V
 *
 * from ρ = 0, V = 1 at t = T. The last DDPM step adds no noise (σ_1 = 0, as in Ho et al.).
 * As T → ∞ (continuous time) ρ → 1 and V(x) → x + c: the idealised N(μ̂, Σ̂ + cI).
 */
export class SamplerLaw {
  private readonly T: number;
  private readonly kind: SamplerKind;
  private readonly sigma2: Float64Array;
  private readonly alphaBar: Float64Array;
  private readonly beta: Float64Array;
  private readonly c: number;

  constructor(options: SamplerOptions) {
    const { schedule } = options;
    this.kind = options.sampler ?? 'ddpm';
    if (this.kind !== 'ddpm' && this.kind !== 'ddim') throw new InvalidArgumentError('sampler', this.kind, "must be 'ddpm' or 'ddim'");
    const noise = options.noise ?? 'beta';
    if (noise !== 'beta' && noise !== 'posterior') throw new InvalidArgumentError('noise', noise, "must be 'beta' or 'posterior'");
    this.c = options.c ?? 0;
    if (!(this.c >= 0) || !Number.isFinite(this.c)) throw new InvalidArgumentError('c', this.c, 'must be a finite number >= 0');
    this.T = schedule.T;
    this.alphaBar = schedule.alphaBar;
    this.beta = schedule.beta;
    this.sigma2 = new Float64Array(this.T);
    for (let t = 1; t <= this.T; t++) {
      const b = schedule.beta[t - 1];
      const abPrev = t === 1 ? 1 : schedule.alphaBar[t - 2];
      this.sigma2[t - 1] = t === 1 ? 0 : noise === 'beta' ? b : (b * (1 - abPrev)) / (1 - schedule.alphaBar[t - 1]);
    }
  }

  /** Mean factor ρ(x) and variance V(x) of a mode with Σ̂-eigenvalue x ≥ 0; writes out = [ρ, V]. */
  mode(x: number, out: Float64Array): void {
    let rho = 0;
    let v = 1;
    for (let t = this.T; t >= 1; t--) {
      const ab = this.alphaBar[t - 1];
      const a = Math.sqrt(ab);
      const s2 = 1 - ab;
      const z = s2 / ab + this.c;
      const g = 1 / (x + z);
      if (this.kind === 'ddpm') {
        const b = this.beta[t - 1];
        const sqAlpha = Math.sqrt(1 - b);
        // 1 − β g/ᾱ = (x + c + (1 − β)(1 − ᾱ_{t−1})/ᾱ_t) g, using 1 − ᾱ_t − β_t = (1 − β_t)(1 − ᾱ_{t−1}):
        // exactly 0 for a null mode at t = 1 with c = 0 (the sampler collapses it), no cancellation.
        const abPrev = t === 1 ? 1 : this.alphaBar[t - 2];
        const A = ((x + this.c + ((1 - b) * (1 - abPrev)) / ab) * g) / sqAlpha;
        rho = A * rho + (b * g) / (a * sqAlpha);
        v = A * A * v + this.sigma2[t - 1];
      } else {
        const abPrev = t === 1 ? 1 : this.alphaBar[t - 2];
        const aPrev = Math.sqrt(abPrev);
        const sPrev = Math.sqrt(1 - abPrev);
        const s = Math.sqrt(s2);
        // A = a_{t−1}/a + k s g/ᾱ cancels for a mode near 0 (it gave V = 0 at x = 6e-18, and 1/V = ∞
        // in the KL); with ᾱ z = s² + ᾱc it is [a_{t−1} a (x + c) + s_{t−1} s] g/ᾱ, every term ≥ 0.
        // −k = a_{t−1} s/a − s_{t−1} = ᾱ_{t−1}β_t/(a (a_{t−1} s + a s_{t−1})), also without cancellation.
        const minusK = (abPrev * this.beta[t - 1]) / (a * (aPrev * s + a * sPrev));
        const A = ((aPrev * a * (x + this.c) + sPrev * s) * g) / ab;
        rho = A * rho + (minusK * s * g) / a;
        v = A * A * v;
      }
    }
    out[0] = rho;
    out[1] = v;
  }
}
