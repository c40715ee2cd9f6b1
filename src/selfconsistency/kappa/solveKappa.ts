import { InvalidArgumentError } from '../../errors.js';
import { requireSpectrum, spectrumTraces, type Spectrum } from '../../spectra/spectrum.js';
import { requireInteger, requireNonNegative, requireOpenInterval, requirePositive, requireSampleSize } from '../../validate.js';
import { isotropicGuess } from './kappaBracket.js';
import { kappaFixedPoint, STOP_SLOW } from './kappaFixedPoint.js';
import { kappaNewton, STOP_BRACKET, STOP_MAXITER, STOP_RESIDUAL, STOP_STEP, type KappaNewtonContext } from './kappaNewton.js';
import type { KappaResult, KappaStopReason } from './kappaResult.js';

/** Options of {@link solveKappa}. */
export interface SolveKappaOptions {
  /** Population covariance spectrum Σ: eigenvalues with multiplicities (see {@link createSpectrum}). */
  spectrum: Spectrum;
  /** Number of samples n of the n-sample ensemble (docs/theory.md §1); real, ≥ 1. */
  n: number;
  /** Ridge w ≥ 0 (w = 0 is handled exactly). */
  ridge: number;
  /** 'newton' (default) or 'fixed-point'. */
  method?: 'newton' | 'fixed-point';
  /** Warm start (any positive value; clamped into the bracket). */
  guess?: number;
  /** Newton: stop when the step in log κ is below this (default 1e-14). Fixed point: relative error bound. */
  tolerance?: number;
  /** Default 200 for Newton, 100 000 for the fixed point. */
  maxIterations?: number;
  /** Fixed point only: θ in κ ← (1−θ)κ + θ T(κ), in (0, 1]; default 1 (optimal: T' = γ ∈ [0,1)). */
  damping?: number;
}

export const REASONS: KappaStopReason[] = ['closed-form', 'step-tolerance', 'bracket-collapsed', 'residual-at-rounding', 'max-iterations', 'residual-too-large', 'newton-fallback'];
/** Reason code of a fixed-point solve finished by Newton. */
const STOP_FALLBACK = 6;
const scratchSums = new Float64Array(4);
const scratchOut = new Float64Array(8);

/**
 * The renormalised ridge κ(w; Σ, n): the unique root κ ≥ w of w = κ − (κ/n) df1(κ)
 * (docs/theory.md §2), with γ = df2/n and dκ/dw = 1/(1 − γ), residual, iterations and stop reason.
 * Never throws on valid input; invalid input throws InvalidArgumentError naming the argument.
 *
 * @example
 * ```ts
 * solveKappa({ spectrum: isotropicSpectrum({ d: 100 }), n: 100, ridge: 1 }).kappa;   // 1.618… (golden ratio)
 * ```
 */
export function solveKappa(options: SolveKappaOptions): KappaResult {
  const spectrum = requireSpectrum(options.spectrum);
  const n = requireSampleSize('n', options.n, 1);
  const w = requireNonNegative('ridge', options.ridge);
  const method = options.method ?? 'newton';
  if (method !== 'newton' && method !== 'fixed-point') {
    throw new InvalidArgumentError('method', method, "must be 'newton' or 'fixed-point'");
  }
  const tol = options.tolerance === undefined ? 1e-14 : requirePositive('tolerance', options.tolerance);
  const maxIt = requireInteger('maxIterations', options.maxIterations ?? (method === 'newton' ? 200 : 100_000), 1);
  const damping = options.damping === undefined ? 1 : requireOpenInterval('damping', options.damping, 0, 1.0000000001);
  if (options.guess !== undefined) requirePositive('guess', options.guess);
  const { trace, traceInverse } = spectrumTraces(spectrum);
  const d = spectrum.d;
  if (w === 0 && n >= d) return zeroRidgeFullRank(d, n, method);
  // κ − w <= tr Σ/n: when that is below half an ulp of w, κ = w exactly (and n·w may overflow).
  if (w > 0 && (n > 1e17 * d || trace / n < 1e-17 * w)) return ridgeDominated(spectrum, n, w, method);
  const guess = options.guess ?? isotropicGuess(d, trace, n, w);
  const out = scratchOut;
  if (method === 'newton') {
    const ctx: KappaNewtonContext = {
      eigenvalues: spectrum.eigenvalues,
      weights: spectrum.weights,
      m: spectrum.eigenvalues.length,
      d,
      trace,
      traceInverse,
      tol,
      maxIterations: maxIt,
      sums: scratchSums,
      out,
      fused: null,
    };
    kappaNewton(ctx, n, w, guess);
  } else {
    kappaFixedPoint(spectrum.eigenvalues, spectrum.weights, spectrum.eigenvalues.length, d, trace, traceInverse, n, w, options.guess ?? NaN, damping, tol, maxIt, scratchSums, out, options.maxIterations === undefined);
    // With the default iteration cap (no explicit maxIterations), a solve the contraction rate
    // γ ≈ 1 makes too slow is finished by Newton instead of being reported as not converged.
    if (options.maxIterations === undefined && (out[5] === STOP_SLOW || out[5] === STOP_MAXITER)) {
      // The contraction rate γ is too close to 1 for the iteration to finish: Newton does, from
      // its usual start (the fixed point's iterate can be many decades from a root that κ ~ √w
      // puts at 1e-150; reason 'newton-fallback', iterations counted together).
      const sweeps = out[3];
      const rate = out[7];
      kappaNewton(
        { eigenvalues: spectrum.eigenvalues, weights: spectrum.weights, m: spectrum.eigenvalues.length, d, trace, traceInverse, tol: 1e-14, maxIterations: 200, sums: scratchSums, out, fused: null },
        n,
        w,
        guess,
      );
      out[3] += sweeps;
      out[7] = rate;
      if (out[5] !== STOP_MAXITER) out[5] = STOP_FALLBACK;
    }
  }
  const result: KappaResult = {
    kappa: out[0],
    gamma: out[1],
    dkappaDridge: out[2],
    iterations: out[3],
    residual: out[4],
    converged: out[5] !== STOP_MAXITER,
    reason: reasonName(out[5]),
    method,
  };
  if (method === 'fixed-point') result.contractionRate = out[7];
  // An honest claim: a stop that leaves a residual far above rounding (or a non-finite κ) has not
  // converged, whatever the stopping rule said.
  if (result.converged && !(result.residual <= Math.max(1e-8, 10 * tol) && result.kappa > 0 && Number.isFinite(result.kappa) && Number.isFinite(result.dkappaDridge))) {
    result.converged = false;
    result.reason = 'residual-too-large';
  }
  return result;
}

/**
 * n > 1e17·d, or w > 1e17·tr Σ/n, with w > 0: κ − w = (κ/n) df1(κ) is at most κ d/n and at most
 * tr Σ/n, below half an ulp of κ, so κ = w exactly in doubles; γ = df2(w)/n (summed directly),
 * dκ/dw = 1/(1 − γ). Avoids n·w overflowing (kappa --ridge 1e308 claimed convergence with a
 * residual of 0.33 and dκ/dw = 0 through it).
 */
function ridgeDominated(spectrum: Spectrum, n: number, w: number, method: 'newton' | 'fixed-point'): KappaResult {
  let df1 = 0;
  let df2 = 0;
  for (let i = 0; i < spectrum.eigenvalues.length; i++) {
    const a = spectrum.eigenvalues[i] / (spectrum.eigenvalues[i] + w);
    df1 += spectrum.weights[i] * a;
    df2 += spectrum.weights[i] * a * a;
  }
  const gamma = df2 / n;
  // ψ(w) = s(w) − d = −df1(w) against the scale |n − d| + s + n ≈ 2n.
  return { kappa: w, gamma, dkappaDridge: 1 / (1 - gamma), iterations: 0, residual: df1 / (2 * n), converged: true, reason: 'closed-form', method };
}

/** w = 0, n ≥ d: κ = 0 exactly, γ = d/n, dκ/dw = 1/(1 − d/n) (+∞ at n = d). */
export function zeroRidgeFullRank(d: number, n: number, method: 'newton' | 'fixed-point'): KappaResult {
  return {
    kappa: 0,
    gamma: d / n,
    dkappaDridge: n === d ? Infinity : n / (n - d),
    iterations: 0,
    residual: 0,
    converged: true,
    reason: 'closed-form',
    method,
  };
}

export function reasonName(code: number): KappaStopReason {
  switch (code) {
    case STOP_STEP:
      return 'step-tolerance';
    case STOP_BRACKET:
      return 'bracket-collapsed';
    case STOP_RESIDUAL:
      return 'residual-at-rounding';
    case STOP_MAXITER:
      return 'max-iterations';
    case STOP_FALLBACK:
      return 'newton-fallback';
    default:
      return 'closed-form';
  }
}
