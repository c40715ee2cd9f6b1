/**
 * Roots of the secular equation of a rank-one update of a diagonal matrix (the inner solve of
 * divide and conquer, tridiagonalEigenDC.ts):
 *
 *     eigenvalues of D + ρ w wᵀ,  D = diag(δ_0 < δ_1 < … < δ_{K−1}),  ρ > 0,  all w_i ≠ 0,
 *     are the K roots of  f(λ) = 1/ρ + Σ_i w_i² / (δ_i − λ),
 *
 * one in each interval (δ_j, δ_{j+1}) and the last in (δ_{K−1}, δ_{K−1} + ρ‖w‖²] (f increases
 * from −∞ to +∞ between consecutive poles). Method: LAPACK dlaed4's (Ren-Cang Li, "Solving
 * secular equations stably and efficiently", LAPACK Working Note 89, 1993), re-derived:
 *
 * - Origin. The root is sought as λ = δ_o + τ with δ_o the nearer pole (decided by the sign of f
 *   at the midpoint of the interval), and every difference δ_i − λ is formed as (δ_i − δ_o) − τ.
 *   These differences are what the caller needs: computed this way each has a small relative
 *   error even when λ is within a few ulps of a pole, which is what makes the eigenvectors of the
 *   update orthogonal (Gu & Eisenstat's recomputation of w, see tridiagonalEigenDC.ts).
 * - Iteration. f is split into ψ (poles ≤ j) and φ (poles > j); each part is replaced by a simple
 *   rational function matching its value and slope at the current τ, except that the pole at
 *   the origin is kept exactly ("fixed weight" on the near pole), and the resulting quadratic is
 *   solved for the step. This converges quadratically and from the interpolated starting point
 *   usually takes 2–4 steps. A step that leaves the current bracket (kept from the signs of f)
 *   is replaced by bisection, so the iteration cannot diverge.
 * - Stopping. |f(τ)| ≤ ε · (a bound on the rounding error of evaluating f there), as in dlaed4.
 */

import { tsEvaluator, type SecularEval, type SecularEvaluator } from './secularKernel.js';

const EPS = Number.EPSILON / 2;
const MAX_ITERATIONS = 100;
/** Results of the current evaluation (one equation is solved at a time). */
const r: SecularEval = { psi: 0, dpsi: 0, phi: 0, dphi: 0, erretm: 0, dO: 0, dJ: 0, dJ1: 0 };

/**
 * Root j (0-based) of f for sorted poles `dl[0..K)`, weights `w`, ρ > 0. Writes
 * delta[od + i] = dl[i] − λ_j for i < K (formed as (dl[i] − dl[origin]) − τ) and returns λ_j —
 * through `ev` (secularKernel.ts), whose WebAssembly form keeps the differences in its own memory
 * instead (then `delta` is not written; the merge reads them through `ev` too).
 */
export function secularRoot(j: number, K: number, dl: Float64Array, w: Float64Array, rho: number, delta: Float64Array, od: number, ev: SecularEvaluator = tsEvaluator(dl, w, delta)): number {
  const rhoinv = 1 / rho;
  if (K === 1) {
    const t = rho * w[0] * w[0];
    ev.set(od, -t);
    return dl[0] + t;
  }
  if (j === K - 1) return lastRoot(K, dl, w, rho, rhoinv, delta, od, ev);

  // Interior root in (dl[j], dl[j+1]).
  const gap = dl[j + 1] - dl[j];
  const mid = gap / 2;
  const c0 = ev.c0(rhoinv, K, j, j + 1, dl[j], mid);
  const wj2 = w[j] * w[j];
  const wk2 = w[j + 1] * w[j + 1];
  const fmid = c0 - wj2 / mid + wk2 / mid;
  const orgati = fmid >= 0; // root in (dl[j], midpoint]: measure from dl[j]
  const o = orgati ? j : j + 1;
  let lb: number, ub: number, tau: number;
  if (orgati) {
    lb = 0;
    ub = mid;
    const a = c0 * gap + wj2 + wk2;
    const b = wj2 * gap;
    tau = a > 0 ? (2 * b) / (a + Math.sqrt(Math.abs(a * a - 4 * b * c0))) : (a - Math.sqrt(Math.abs(a * a - 4 * b * c0))) / (2 * c0);
  } else {
    lb = -mid;
    ub = 0;
    const a = c0 * gap - wj2 - wk2;
    const b = wk2 * gap;
    tau = a < 0 ? (2 * b) / (a - Math.sqrt(Math.abs(a * a + 4 * b * c0))) : -(a + Math.sqrt(Math.abs(a * a + 4 * b * c0))) / (2 * c0);
  }
  if (!(tau > lb && tau < ub)) tau = (lb + ub) / 2;
  const base = dl[o];

  let iter = 0;
  for (; iter < MAX_ITERATIONS; iter++) {
    // Each evaluation also writes the differences δ_i − λ = (δ_i − δ_o) − τ for this τ.
    // ψ over poles 0..j, φ over j+1..K−1, both without the origin's term, which is added
    // separately; erretm is LAPACK's running bound on the rounding error of f.
    ev.evaluate(K, j, o, base, tau, od, r);
    const { psi, dpsi, phi, dphi } = r;
    let erretm = r.erretm;
    const to = w[o] / r.dO;
    const term = w[o] * to;
    const f = rhoinv + psi + phi + term;
    const dw = dpsi + dphi + to * to;
    erretm = 8 * (phi - psi) + erretm + 2 * rhoinv + 3 * Math.abs(term) + Math.abs(tau) * dw;
    if (Math.abs(f) <= EPS * erretm || f === 0) break;
    if (f <= 0) lb = Math.max(lb, tau);
    else ub = Math.min(ub, tau);

    const dj = r.dJ;
    const dk = r.dJ1;
    let c: number;
    if (orgati) c = f - dk * dw - (dj - dk) * (w[j] / dj) ** 2;
    else c = f - dj * dw - (dk - dj) * (w[j + 1] / dk) ** 2;
    let a = (dj + dk) * f - dj * dk * dw;
    const b = dj * dk * f;
    let eta: number;
    if (c === 0) {
      if (a === 0) a = orgati ? wj2 + dk * dk * dw : wk2 + dj * dj * dw;
      eta = b / a;
    } else if (a <= 0) eta = (a - Math.sqrt(Math.abs(a * a - 4 * b * c))) / (2 * c);
    else eta = (2 * b) / (a + Math.sqrt(Math.abs(a * a - 4 * b * c)));
    // A step against the sign of f would move away from the root: take Newton's instead.
    if (f * eta >= 0 || !Number.isFinite(eta)) eta = -f / dw;
    let next = tau + eta;
    if (!(next > lb && next < ub)) next = f < 0 ? (tau + ub) / 2 : (tau + lb) / 2;
    if (next === tau) break;
    tau = next;
  }
  // Stopped by the iteration cap right after a step: bring the differences up to date.
  if (iter === MAX_ITERATIONS) ev.rewrite(od, K, base, tau);
  return base + tau;
}

/** The root beyond the last pole: λ = dl[K−1] + τ, τ ∈ (0, ρ‖w‖²]. */
function lastRoot(K: number, dl: Float64Array, w: Float64Array, rho: number, rhoinv: number, delta: Float64Array, od: number, ev: SecularEvaluator): number {
  const n = K - 1;
  let w2 = 0;
  for (let i = 0; i < K; i++) w2 += w[i] * w[i];
  let lb = 0;
  let ub = rho * w2;
  const base = dl[n];
  // Start from the two-pole model at the midpoint of the bracket (as dlaed4 does).
  let tau = ub / 2;
  {
    const c0 = ev.c0(rhoinv, n - 1, -1, -1, base, tau);
    const del = dl[n] - dl[n - 1];
    const a = -c0 * del + w[n - 1] * w[n - 1] + w[n] * w[n];
    const b = w[n] * w[n] * del;
    let t = 0;
    if (c0 > 0) {
      t = a < 0 ? (2 * b) / (Math.sqrt(a * a + 4 * b * c0) - a) : (a + Math.sqrt(a * a + 4 * b * c0)) / (2 * c0);
      if (t > 0 && t < ub) tau = t;
    }
  }
  let iter = 0;
  for (; iter < MAX_ITERATIONS; iter++) {
    // ψ over the poles 0 … n − 1 (none skipped; the evaluation's φ loop is empty for K = n).
    ev.evaluate(n, n - 1, -1, base, tau, od, r);
    const { psi, dpsi } = r;
    let erretm = r.erretm;
    const dn0 = (dl[n] - base) - tau;
    ev.set(od + n, dn0);
    const tn = w[n] / dn0;
    const phi = w[n] * tn;
    const dphi = tn * tn;
    const f = rhoinv + psi + phi;
    const dw = dpsi + dphi;
    erretm = 8 * (-phi - psi) + erretm - phi + rhoinv + Math.abs(tau) * dw;
    if (Math.abs(f) <= EPS * erretm || f === 0) break;
    if (f <= 0) lb = Math.max(lb, tau);
    else ub = Math.min(ub, tau);

    const dn1 = r.dJ;
    const dn = dn0;
    let c = f - dn1 * dpsi - dn * dphi;
    const a = (dn1 + dn) * f - dn1 * dn * dw;
    const b = dn1 * dn * f;
    if (c < 0) c = Math.abs(c);
    let eta: number;
    if (c === 0) eta = ub - tau;
    else if (a >= 0) eta = (a + Math.sqrt(Math.abs(a * a - 4 * b * c))) / (2 * c);
    else eta = (2 * b) / (a - Math.sqrt(Math.abs(a * a - 4 * b * c)));
    if (f * eta > 0 || !Number.isFinite(eta)) eta = -f / dw;
    let next = tau + eta;
    if (!(next > lb && next <= ub)) next = f < 0 ? (tau + ub) / 2 : (tau + lb) / 2;
    if (next === tau) break;
    tau = next;
  }
  if (iter === MAX_ITERATIONS) ev.rewrite(od, K, base, tau);
  return base + tau;
}
