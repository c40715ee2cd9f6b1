import { kappaBracket } from './kappaBracket.js';
import { STOP_MAXITER, STOP_RESIDUAL, STOP_STEP } from './kappaNewton.js';

/** The iteration would need more sweeps than it has left (contraction rate too close to 1). */
export const STOP_SLOW = 5;
import { kappaSums } from './kappaSums.js';

const EPS = 2.220446049250313e-16;

/**
 * The replica saddle-point iteration κ ← w + (κ/n) df1(κ) (docs/theory.md §2), optionally damped:
 * κ ← (1−θ)κ + θ T(κ). T is increasing with T'(κ*) = df2(κ*)/n = γ, so the undamped map
 * converges monotonically at rate γ — slowly when γ → 1 (n ≈ d, small ridge). Kept as a
 * cross-check of Newton and to show that slowness; the observed rate is reported.
 * Starts from the upper end of the bracket (T maps it downwards onto the root), or from `guess`.
 * The stopping rule uses the geometric-series error bound |κ_k − κ*| ≤ |Δκ| · ρ/(1 − ρ) with ρ the
 * larger of the observed step ratio and T'(κ_k) = df2(κ_k)/n (the observed ratio alone can be far
 * below the asymptotic rate γ after a long first step, which made the bound claim convergence
 * 2e-10 from the root), and, before claiming, the Newton estimate |ψ/ψ_u| of the relative distance
 * to the root must be below the tolerance too. When the rate predicts more sweeps than are left
 * it stops with STOP_SLOW (solveKappa then finishes with Newton).
 * Writes out = [κ, γ, dκ/dw, iterations, residual, reason, ψ_u, contraction rate].
 */
export function kappaFixedPoint(
  eigenvalues: Float64Array,
  weights: Float64Array,
  m: number,
  d: number,
  trace: number,
  traceInverse: number,
  n: number,
  w: number,
  guess: number,
  damping: number,
  tol: number,
  maxIterations: number,
  sums: Float64Array,
  out: Float64Array,
  stopWhenSlow = false,
): void {
  kappaBracket(d, trace, traceInverse, n, w, sums);
  let kappa = guess > 0 && Number.isFinite(guess) ? guess : w + sums[1];
  let prevStep = 0;
  let rate = 0;
  let it = 0;
  let reason = STOP_MAXITER;
  let residual = Infinity;
  let psiU = 0;
  const nd = n - d;
  while (it < maxIterations) {
    it++;
    kappaSums(eigenvalues, weights, m, kappa, sums);
    const s = sums[0];
    const nwk = (n * w) / kappa;
    psiU = sums[1] + nwk;
    const psi = nd + s - nwk;
    residual = Math.abs(psi) / (Math.abs(nd) + s + nwk);
    // T(κ) = w + κ df1/n (df1 summed directly: accurate when κ ≫ λ).
    const next = w + (kappa * sums[3]) / n;
    const step = damping * (next - kappa);
    // Measure the rate only while steps are far above rounding, where |Δ_k/Δ_{k−1}| → γ.
    if (prevStep !== 0 && Math.abs(step) > 1e-9 * kappa) rate = Math.abs(step / prevStep);
    prevStep = step;
    const slope = sums[2] / n; // T'(κ) = γ(κ)
    const rho = Math.max(rate, damping * slope + (1 - damping));
    const bound = rho < 1 ? (Math.abs(step) * rho) / (1 - rho) : Infinity;
    if (residual <= 2 * EPS) {
      reason = STOP_RESIDUAL;
      break;
    }
    if (bound <= tol * kappa && Math.abs(psi / psiU) <= tol) {
      reason = STOP_STEP;
      break;
    }
    // Sweeps still needed at this rate: log(tol·κ/bound)/log ρ.
    if (stopWhenSlow && it > 20 && rho < 1 && bound > 0 && Math.log((tol * kappa) / bound) / Math.log(rho) > maxIterations - it) {
      reason = STOP_SLOW;
      break;
    }
    kappa += step;
  }
  out[0] = kappa;
  out[1] = sums[2] / n;
  out[2] = n / psiU;
  out[3] = it;
  out[4] = residual;
  out[5] = reason;
  out[6] = psiU;
  out[7] = rate;
}
