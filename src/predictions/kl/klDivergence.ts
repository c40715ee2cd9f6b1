import { InvalidArgumentError } from '../../errors.js';
import { requireSpectrum, type Spectrum } from '../../spectra/spectrum.js';
import { solveKappa } from '../../selfconsistency/kappa/solveKappa.js';
import type { KappaResult } from '../../selfconsistency/kappa/kappaResult.js';
import { requireNonNegative } from '../../validate.js';
import { modelEnsemble, type MeanMode } from '../model/ensemble.js';
import { klSpreadAt } from '../spread/klSpread.js';
import { finiteOrInfinite } from '../spread/lossSpread.js';
import { finiteSizeInfo, relativeCorrection, requireFiniteSize, type FiniteSizeInfo, type FiniteSizeOrder } from '../finiteSize/finiteSize.js';
import { klCorrection } from '../finiteSize/finiteSizeCorrection.js';
import { klDivergenceExact } from './klDivergenceExact.js';

/** Options of {@link klDivergence}. */
export interface KlOptions {
  /** Population covariance spectrum Σ: eigenvalues with multiplicities (see {@link createSpectrum}). */
  spectrum: Spectrum;
  /** Training-set size N (number of samples the denoiser is fitted to). */
  N: number;
  /** ε of the sampling covariance Σ̂ + εI (≥ 0; 0 only when n > d). */
  eps: number;
  /** How the model estimates the data mean: 'estimated' (default) or 'known' (docs/theory.md §1). */
  mean?: MeanMode;
  /** 'first-order' (default) or 'none' finite-size correction (docs/theory.md §6.5). */
  finiteSize?: FiniteSizeOrder;
  /** At ε = 0 return the exact Wishart expectation (default true); false gives the equivalent. */
  exactAtZero?: boolean;
}

export interface KlPrediction {
  /** E KL(N(μ, Σ) ‖ N(μ̂, Σ̂ + εI)), total. */
  kl: number;
  klPerDim: number;
  /** Large-N asymptote d²/(4N) (independent of Σ; docs/theory.md §4). */
  asymptote: number;
  asymptotePerDim: number;
  kappa: KappaResult;
  /** Which finite-size order kl is at, and how large the correction is. */
  finiteSize: FiniteSizeInfo;
  /** The d → ∞ deterministic equivalent (equal to kl unless finiteSize.applied or exact). */
  asymptotic: { kl: number; klPerDim: number };
  /**
   * kl is the exact finite-N expectation of the Wishart law (ε = 0, klDivergenceExact.ts), not a
   * deterministic equivalent: +∞ at n = d + 1, where E Σ̂⁻¹ diverges. finiteSize then describes
   * the equivalents (asymptotic, and its first-order correction) only.
   */
  exact: boolean;
  /**
   * Standard deviation of the KL over training sets (real Gaussian data, d → ∞ order;
   * docs/theory.md §6.10), total and per dimension. +∞ where the expectation is (n ≤ d + 1 at ε = 0);
   * the CLT behind it holds where finiteSize.reliable does.
   */
  sd: number;
  sdPerDim: number;
}

/**
 * Averaged KL of docs/theory.md §5 with §3's traces and log-determinant. Written as
 *   2 KL = Σ_i [log(1 + κ/λ_i) − κ/(λ_i+κ)] + n h(e) − d log(1+e) + df1 (1+e)((1+m) r − 1) − d log r,
 * with ρ = κ/w, e = ρ − 1 = ρ df1/n, m = 1/N (estimated mean) or 0, and
 * h(e) = log(1+e) − e(1−e)/(1+e) = Σ_{k≥2} (−1)^k (2 − 1/k) e^k — an exact rearrangement in which
 * the O(d) terms no longer cancel down to the O(d²/N) result, so KL·N/d² is accurate at N = 1e9.
 * With `finiteSize: 'first-order'` the finite-d correction ½[(1 + m) r c_ΣG + Φ] is added
 * (docs/theory.md §6.5; it is O(d/N) for N ≫ d, the (d² + 3d)/(4N) of the exact Wishart law).
 *
 * @example
 * ```ts
 * klDivergence({ spectrum, N: 4096, eps: 1e-3 });   // { kl, klPerDim, asymptote: d²/(4N), … }
 * ```
 */
export function klDivergence(options: KlOptions): KlPrediction {
  const spectrum = requireSpectrum(options.spectrum);
  const ens = modelEnsemble(options.N, options.mean ?? 'estimated');
  const eps = requireNonNegative('eps', options.eps);
  const order = requireFiniteSize(options.finiteSize);
  const { n, r, meanFactor } = ens;
  const d = spectrum.d;
  if (eps === 0 && !(n > d)) {
    throw new InvalidArgumentError('eps', eps, `must be > 0 when n = ${n} <= d = ${d} (Σ̂ is singular and the KL is infinite)`);
  }
  const w = r * eps;
  const k = solveKappa({ spectrum, n, ridge: w });
  const kappa = k.kappa;
  const { eigenvalues: ev, weights: wt } = spectrum;
  let term1 = 0;
  let df1 = 0;
  for (let i = 0; i < ev.length; i++) {
    const x = kappa / ev[i];
    term1 += wt[i] * logOnePlusMinusRatio(x);
    df1 += (wt[i] * ev[i]) / (ev[i] + kappa);
  }
  // ρ = κ/w; at w = 0 (n > d) its limit n/(n − d).
  const rho = w > 0 ? kappa / w : n / (n - d);
  const e = (rho * df1) / n;
  const logR = Math.log1p(ens.rMinusOne);
  // (1 + m) r − 1 = (N + 1)/(N − 1) − 1 = 2/n with the estimated mean, 0 with the known one.
  const meanPart = meanFactor > 0 ? 2 / n : 0;
  const twoKl = term1 + n * hSeries(e) - d * Math.log1p(e) + df1 * (1 + e) * meanPart - d * logR;
  const leading = Math.max(0, 0.5 * twoKl);
  const correction = klCorrection(spectrum, ens, eps, kappa);
  const info = finiteSizeInfo(order, relativeCorrection(leading, correction.kl, d), correction.edge);
  const ex = eps === 0 && options.exactAtZero !== false ? exactAtZero(spectrum, options.N, options.mean ?? 'estimated', n, d) : undefined;
  const kl = ex !== undefined ? ex : info.applied ? Math.max(0, leading + correction.kl) : leading;
  const asymptote = (d * d) / (4 * ens.N);
  // At ε = 0 the KL's variance needs n > d + 3 (E tr (ΣŜ⁻¹)² is finite there); +∞ with the mean
  // itself at n ≤ d + 1.
  const sd = kl === Infinity || (eps === 0 && n <= d + 3) ? Infinity : finiteOrInfinite(klSpreadAt(spectrum, ens, eps));
  return {
    kl,
    klPerDim: kl / d,
    asymptote,
    asymptotePerDim: asymptote / d,
    kappa: k,
    finiteSize: info,
    asymptotic: { kl: leading, klPerDim: leading / d },
    exact: ex !== undefined,
    sd,
    sdPerDim: sd / d,
  };
}

/**
 * At ε = 0 the expectation is known exactly (Wishart identities, klDivergenceExact.ts), so it is
 * returned instead of an approximation — except where its terms cancel too far (N/d > 1e6, where
 * the first-order equivalent is the more accurate; docs/theory.md §6.5) or d is not whole.
 */
function exactAtZero(spectrum: Spectrum, N: number, mean: MeanMode, n: number, d: number): number | undefined {
  if (!Number.isInteger(d) || N / d > 1e6) return undefined;
  if (n <= d + 1) return Infinity;
  return Math.max(0, klDivergenceExact({ spectrum, N, mean }));
}

/** log(1 + x) − x/(1 + x) ≥ 0, accurate for small x (series) and large x. */
export function logOnePlusMinusRatio(x: number): number {
  if (x < 1e-3) {
    // Σ_{k≥2} (−1)^k (1 − 1/k) x^k ... = x²/2 − 2x³/3 + 3x⁴/4 − ...
    let term = x * x;
    let sum = 0;
    for (let k = 2; k < 12; k++) {
      sum += ((k % 2 === 0 ? 1 : -1) * (k - 1) * term) / k;
      term *= x;
    }
    return sum;
  }
  return Math.log1p(x) - x / (1 + x);
}

/** h(e) = log(1+e) − e(1−e)/(1+e), by its series for small e. */
export function hSeries(e: number): number {
  if (e < 1e-2) {
    let term = e * e;
    let sum = 0;
    for (let k = 2; k < 16; k++) {
      sum += (k % 2 === 0 ? 1 : -1) * (2 - 1 / k) * term;
      term *= e;
    }
    return sum;
  }
  // e·((1 − e)/(1 + e)), not e(1 − e)/(1 + e): e reaches ~1e160 when ε → 0 with n < d (ρ = κ0/w),
  // and e(1 − e) would overflow to −∞ although h(e) ≈ e − log e is representable.
  return Math.log1p(e) - e * ((1 - e) / (1 + e));
}
