import { kappaBracket } from './kappaBracket.js';
import { kappaSums } from './kappaSums.js';

/** Reason codes written to out[5] by the κ kernels (see KappaStopReason). */
export const STOP_STEP = 1;
export const STOP_BRACKET = 2;
export const STOP_RESIDUAL = 3;
export const STOP_MAXITER = 4;
export const STOP_CLOSED_FORM = 0;

const EPS = 2.220446049250313e-16;

/**
 * Extra sums evaluated in the same pass over the spectrum as the κ sums (the fused final pass):
 * `run` must write sums[0..3] exactly as {@link kappaSums} does (same operations, same order, so
 * the Newton iteration is bit-identical with and without it) and its own sums to `extra`, reusing
 * 1/(λ_i + κ) — one division per element for both.
 */
export interface FusedSums {
  run(eigenvalues: Float64Array, weights: Float64Array, m: number, kappa: number, sums: Float64Array, extra: Float64Array): void;
  /** Where `run` writes its own sums. */
  extra: Float64Array;
}

/**
 * Everything {@link kappaNewton} needs about the spectrum, the tolerances and its scratch — the
 * real-axis counterpart of the CompanionContext of stieltjes.ts. Built once per curve; the
 * spectrum is assumed valid (public entry points validate it, internal callers pass it on).
 */
export interface KappaNewtonContext {
  eigenvalues: Float64Array;
  weights: Float64Array;
  /** Number of distinct eigenvalues (atoms) used. */
  m: number;
  d: number;
  /** tr Σ and tr Σ⁻¹ of the same measure (for the bracket). */
  trace: number;
  traceInverse: number;
  /** Step tolerance in log κ. */
  tol: number;
  maxIterations: number;
  /** Scratch of length ≥ 4. */
  sums: Float64Array;
  /** Results: [κ, γ, dκ/dw, iterations, residual, reason, ψ_u, fused] (length ≥ 8). */
  out: Float64Array;
  /**
   * Optional fused final pass: used for the first pass that follows a Newton step below
   * FUSE_STEP, measured as the stopping rule measures it (quadratic convergence makes that
   * pass the last one in practice), and for no other. out[7] = 1 when the returned κ is the
   * one at which `fused.extra` was evaluated, else 0 (the caller then makes a separate pass).
   */
  fused: FusedSums | null;
}

/** A Newton step (in log κ) below this predicts that the next pass is the last: fuse it. */
export const FUSE_STEP = 1e-7;

export function kappaNewtonContext(
  eigenvalues: Float64Array,
  weights: Float64Array,
  d: number,
  trace: number,
  traceInverse: number,
  tol = 1e-14,
  maxIterations = 200,
  fused: FusedSums | null = null,
): KappaNewtonContext {
  return {
    eigenvalues,
    weights,
    m: eigenvalues.length,
    d,
    trace,
    traceInverse,
    tol,
    maxIterations,
    sums: new Float64Array(4),
    out: new Float64Array(8),
    fused,
  };
}

/**
 * Safeguarded Newton for docs/theory.md §2 in the variable u = log κ (kernel; arguments are assumed
 * valid). In u the equation ψ(u) = n − d + s(e^u) − n w e^{−u} = 0 is well conditioned: at the
 * root n w/κ = n − d + s, so ψ_u = κ s' + n w/κ ≥ |rounding scale of ψ| and a step in u
 * has relative error O(ε) in κ even for ridges of 1e-14 or spectra over 24 decades.
 *
 * κ itself is stored and updated by the factor e^h (full relative precision).
 * Safeguard (rtsafe style): keep a bracket from the sign of ψ at every evaluation; take the
 * bisection (geometric mean in κ) when the Newton step leaves the bracket or is longer than the
 * previous step (a sign of divergence; the bracket still shrinks at every evaluation).
 * One pass over the spectrum per iteration (with `ctx.fused`, the last pass also produces the
 * caller's sums at the returned κ). Writes ctx.out = [κ, γ, dκ/dw, iterations, residual, reason,
 * ψ_u, fused].
 */
export function kappaNewton(ctx: KappaNewtonContext, n: number, w: number, guess: number): void {
  const { eigenvalues, weights, m, d, trace, traceInverse, tol, maxIterations, sums, out, fused } = ctx;
  kappaBracket(d, trace, traceInverse, n, w, sums);
  // δ = κ − w is the state variable and the bracket is kept in δ: κ = w + δ is then accurate,
  // and so is δ itself when the ridge dominates (w = 1e12, δ ~ tr Σ/n), as form (B) needs.
  let dlo = sums[0];
  let dhi = sums[1];
  let delta = guess - w;
  if (!(delta > dlo && delta < dhi)) delta = Math.sqrt(w + dlo) * Math.sqrt(w + dhi) - w;
  if (!(delta > dlo && delta < dhi)) delta = 0.5 * (dlo + dhi);
  let kappa = w + delta;
  let stepOld = Math.log((w + dhi) / (w + dlo));
  const nd = n - d;
  const absNd = Math.abs(nd);
  let it = 0;
  let reason = STOP_MAXITER;
  let residual = Infinity;
  let psiU = 0;
  let fusedPass = false;
  let fusedOnce = false;
  let lastStep = Infinity;
  while (it < maxIterations) {
    it++;
    kappa = w + delta;
    // At most one fused pass per solve: near the rounding floor (d = 1e6, sums accurate to
    // ~1e-13) steps can hover above the tolerance for a few passes, and fusing each of them
    // would cost a loss pass every time.
    fusedPass = fused !== null && !fusedOnce && Math.abs(lastStep) <= FUSE_STEP;
    if (fusedPass) {
      fused!.run(eigenvalues, weights, m, kappa, sums, fused!.extra);
      fusedOnce = true;
    }
    else kappaSums(eigenvalues, weights, m, kappa, sums);
    const s = sums[0];
    const df1 = sums[3];
    const nwk = (n * w) / kappa;
    // Two exact rearrangements of ψ; use the one whose sums are computed without cancellation:
    // (A) ψ = (n − d) + s − n w/κ  when most λ ≫ κ (s small, df1 ≈ d),
    // (B) ψ = n δ/κ − df1           when most λ ≪ κ (df1 small, s ≈ d).
    let psi: number;
    const formB = df1 <= s;
    if (formB) {
      const ndk = (n * delta) / kappa;
      psi = ndk - df1;
      residual = Math.abs(psi) / (ndk + df1);
    } else {
      psi = nd + s - nwk;
      residual = Math.abs(psi) / (absNd + s + nwk);
    }
    psiU = sums[1] + nwk;
    if (psi < 0) dlo = delta;
    else if (psi > 0) dhi = delta;
    const h = -psi / psiU; // Newton step in u = log κ
    const inc = kappa * Math.expm1(h);
    // Form (B) resolves δ to relative precision, so ask that of δ too (it matters for w ≫ tr Σ/n).
    if (psi === 0 || (formB ? Math.abs(inc) <= tol * delta : Math.abs(h) <= tol)) {
      reason = STOP_STEP;
      break;
    }
    if (residual <= 2 * EPS) {
      reason = STOP_RESIDUAL;
      break;
    }
    if (dhi - dlo <= 4 * EPS * dhi) {
      reason = STOP_BRACKET;
      break;
    }
    // Apply the step multiplicatively, κ·e^h = κ + κ·expm1(h), so κ keeps full relative
    // precision (storing u = log κ would lose a factor |log κ| ≈ 30 at κ ~ 1e-14 or 1e12).
    const next = delta + inc;
    if (!(next > dlo && next < dhi) || Math.abs(h) > Math.abs(stepOld)) {
      // Bisection in log κ (split sqrt: no overflow); fall back to the δ midpoint if rounding
      // puts the geometric mean outside the δ bracket.
      const kl = w + dlo;
      const kh = w + dhi;
      delta = Math.sqrt(kl) * Math.sqrt(kh) - w;
      if (!(delta > dlo && delta < dhi)) delta = 0.5 * (dlo + dhi);
      stepOld = 0.5 * Math.log(kh / kl);
      lastStep = Infinity;
    } else {
      // The step measured as the stopping rule measures it (relative to δ in form B).
      lastStep = formB ? inc / delta : h;
      delta = next;
      stepOld = h;
    }
  }
  out[0] = kappa;
  out[1] = sums[2] / n;
  // 1 − γ = ψ_u/n at the root (use ψ = 0: n − df2 = n w/κ + κ s'), free of cancellation.
  out[2] = n / psiU;
  out[3] = it;
  out[4] = residual;
  out[5] = reason;
  out[6] = psiU;
  out[7] = fusedPass ? 1 : 0;
}
