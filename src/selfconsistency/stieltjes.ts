/**
 * The companion Stieltjes transform m̲(z) = 1/κ(−z) in the complex plane (THEORY.md §3): the
 * analytic continuation of the real-ridge κ of §2, with Im m̲ > 0 for z ∈ C⁺, and its limit on
 * the real axis (inside the support, in the gaps, at edges, at 0).
 *
 * Equation. With y_i = λ_i m, B(m) = Σ c_i/(1 + y_i), A(m) = Σ c_i y_i/(1 + y_i) = d − B,
 * z = −1/m + (1/n) Σ c_i λ_i/(1 + λ_i m) is equivalent (multiply by n m) to
 *
 *   ψ(m) = (n − d) + B(m) + n z m = n − A(m) + n z m = 0,
 *
 * the complex form of ψ in kappaNewton.ts (κ = 1/m, w = −z). Newton runs in v = log m, with
 * dψ/dv = −P(m) + n z m, P = Σ c_i y_i/(1 + y_i)². Of the two exact forms of ψ the one with the
 * smaller sum of |terms| is used, and that sum is the scale of the reported residual |ψ|/scale
 * (scale-free, in [0, 1]-ish, rounding floor ~1e-16).
 *
 * Branch safety. (1) For z ∈ C⁺ the equation has exactly one root with Im m > 0 (Silverstein &
 * Bai, J. Multivariate Anal. 54, 1995), and it is the physical one. (2) For real x the equation
 * x(m) = x has at most one root with Im m > 0: if m₁ were such a root, the implicit-function
 * theorem continues it to a root in C⁺ at x + iη for small η > 0 (two roots if x'(m₁) = 0), which
 * by (1) must be m̲(x + iη); two distinct such roots would both be the limit of m̲(x + iη).
 * Hence any converged root with Im m > 0 is certified physical, whatever the start. The solver
 * only has to (a) never leave C⁺ — every Newton step is cut back until Im m > 0 and |ψ|/scale
 * decreases (the Newton direction is a descent direction of |ψ|², and |ψ| has no local minimum
 * in C⁺ other than the root, as ψ is analytic and zero-free there apart from it) — and
 * (b) refuse roots with Im m at rounding level on the real axis (those are the real roots x(m) = x
 * of the other sheets, approached from above). Fallbacks, in order: the fixed point
 * m ← −1/(z − (1/n) Σ c_i λ_i/(1 + λ_i m)), which maps C⁺ into the disc of radius 1/(2 Im z)
 * around i/(2 Im z) and hence is a strict contraction of the hyperbolic metric (Earle–Hamilton):
 * it converges from any start in C⁺ when Im z > 0; then homotopy in η = Im z from a large η down
 * to the target with Newton corrections and a tangent predictor dm/dz = 1/x'(m).
 *
 * Real axis (Im z = 0, x > 0): the support is computed first (spectralSupport.ts). In a gap m̲ is
 * the real root of x(m) = x in the gap's m-interval, on which x is increasing (Silverstein–Choi):
 * bracketed Newton. Inside a cluster [lo, hi] the solution is followed from an edge (the nearer one
 * for a single point, the lower one through a grid) along
 * x = lo + (hi − lo) sin²θ. In θ the path is analytic up to and including both edges (the square
 * root singularity x − lo ∝ sin²θ is unfolded; at a hard edge κ = 1/m̲ ∝ sin θ), so the start at
 * θ = 0 is exact (κ = 1/m̲_edge, slope from x''(m̲_edge)) and quadratic extrapolation in θ predicts
 * each next point to O(Δθ³); Newton corrects; on failure the θ-step is halved.
 */
import { InvalidArgumentError } from '../errors.js';
import { spectrumTraces, type Spectrum } from '../spectra/spectrum.js';
import { requireFinite, requireInteger, requirePositive } from '../validate.js';
import { marchenkoPasturCompanion, type Complex } from './complex.js';
import { solveKappa } from './solveKappa.js';
import {
  computeSupport,
  hSums,
  resolveEnsemble,
  rtsafe,
  xAt,
  type EnsembleOptions,
  type RawCluster,
  type RawSupport,
} from './spectralSupport.js';

const EPS = 2.220446049250313e-16;
const HALF_PI = Math.PI / 2;

/** Newton outcome codes (out[4] of {@link companionNewton}). */
export const NEWTON_CONVERGED = 1;
export const NEWTON_STALLED = 2;
export const NEWTON_MAXITER = 3;
export const NEWTON_BREAKDOWN = 4;

/** Everything the complex kernels need about (Σ, n), plus scratch. */
export interface CompanionContext {
  ev: Float64Array;
  wt: Float64Array;
  M: number;
  n: number;
  d: number;
  trace: number;
  traceInverse: number;
  /** Scratch for {@link companionPsi} (length 12). */
  psi: Float64Array;
  /** Scratch for Newton results (length 8). */
  newton: Float64Array;
  /** Passes over the spectrum so far. */
  passes: number;
}

export function companionContext(spectrum: Spectrum, n: number): CompanionContext {
  const { trace, traceInverse } = spectrumTraces(spectrum);
  return {
    ev: spectrum.eigenvalues,
    wt: spectrum.weights,
    M: spectrum.eigenvalues.length,
    n,
    d: spectrum.d,
    trace,
    traceInverse,
    psi: new Float64Array(12),
    newton: new Float64Array(8),
    passes: 0,
  };
}

/**
 * One pass over the spectrum at complex m (kernel). Writes
 * out = [ψ.re, ψ.im, dψ/dv.re, dψ/dv.im, residual, B.re, B.im, A.re, A.im, ~Σ c/|1+y|, ~Σ c|y|/|1+y|]
 * (the last two within a factor √2, computed without square roots).
 */
export function companionPsi(
  ev: Float64Array,
  wt: Float64Array,
  M: number,
  n: number,
  d: number,
  zr: number,
  zi: number,
  mr: number,
  mi: number,
  out: Float64Array,
): void {
  let br = 0, bi = 0, ar = 0, ai = 0, pr = 0, pi = 0, absB = 0, absL = 0;
  for (let i = 0; i < M; i++) {
    const l = ev[i];
    const c = wt[i];
    const yr = l * mr;
    const yi = l * mi;
    const tr = 1 + yr;
    const inv = 1 / (tr * tr + yi * yi);
    const ur = tr * inv; // 1/t, t = 1 + y
    const ui = -yi * inv;
    const qr = yr * ur - yi * ui; // y/t
    const qi = yr * ui + yi * ur;
    br += c * ur;
    bi += c * ui;
    ar += c * qr;
    ai += c * qi;
    pr += c * (qr * ur - qi * ui); // y/t²
    pi += c * (qr * ui + qi * ur);
    // 1/|t| ≤ (|t.re| + |t.im|)/|t|² ≤ √2/|t|: a sqrt-free stand-in for Σ c/|t| within a factor √2
    // (it only sets the scale of the residual and picks the form).
    const ia = (Math.abs(tr) + Math.abs(yi)) * inv;
    absB += c * ia;
    absL += c * l * ia;
  }
  const mAbs = Math.sqrt(mr * mr + mi * mi);
  const nzmr = n * (zr * mr - zi * mi);
  const nzmi = n * (zr * mi + zi * mr);
  const nzmAbs = n * Math.sqrt(zr * zr + zi * zi) * mAbs;
  const absA = absL * mAbs;
  const scaleB = Math.abs(n - d) + absB + nzmAbs;
  const scaleA = n + absA + nzmAbs;
  if (scaleB <= scaleA) {
    out[0] = n - d + br + nzmr;
    out[1] = bi + nzmi;
    out[4] = Math.sqrt(out[0] * out[0] + out[1] * out[1]) / scaleB;
  } else {
    out[0] = n - ar + nzmr;
    out[1] = -ai + nzmi;
    out[4] = Math.sqrt(out[0] * out[0] + out[1] * out[1]) / scaleA;
  }
  out[2] = -pr + nzmr;
  out[3] = -pi + nzmi;
  out[5] = br;
  out[6] = bi;
  out[7] = ar;
  out[8] = ai;
  out[9] = absB;
  out[10] = absA;
}

/**
 * Damped Newton in v = log m for ψ(m) = 0 at z (kernel), never leaving Im m > 0. Steps are halved
 * until Im m > 0 and the relative residual decreases. Stops when the full Newton step satisfies
 * |h| ≤ max(4ε, tol·min(1, Im m/|m|)) — relative to Im m, so that the density Im m̲ is resolved near
 * edges; that last step is applied without another pass (the error after it is O(|h|²)).
 * out = [m.re, m.im, passes, residual (at the last evaluated point), code, dψ/dv.re, dψ/dv.im].
 */
export function companionNewton(
  ctx: CompanionContext,
  zr: number,
  zi: number,
  m0r: number,
  m0i: number,
  tol: number,
  maxPasses: number,
  out: Float64Array,
): void {
  const { ev, wt, M, n, d } = ctx;
  const s = ctx.psi;
  let mr = m0r;
  let mi = m0i;
  companionPsi(ev, wt, M, n, d, zr, zi, mr, mi, s);
  let passes = 1;
  let res = s[4];
  let pr = s[0], pi = s[1], dr = s[2], di = s[3];
  let code = NEWTON_MAXITER;
  for (;;) {
    if (!(res === res)) {
      code = NEWTON_BREAKDOWN;
      break;
    }
    if (res <= 4 * EPS) {
      code = NEWTON_CONVERGED;
      break;
    }
    const den = dr * dr + di * di;
    const hr = -(pr * dr + pi * di) / den;
    const hi = -(pi * dr - pr * di) / den;
    const hAbs = Math.sqrt(hr * hr + hi * hi);
    if (!Number.isFinite(hAbs)) {
      code = NEWTON_BREAKDOWN;
      break;
    }
    const mAbs = Math.sqrt(mr * mr + mi * mi);
    const stepTol = Math.max(4 * EPS, tol * Math.min(1, mi / mAbs));
    let t = 1;
    let accepted = false;
    let done = false;
    for (let bt = 0; bt < 60; bt++) {
      const er = Math.exp(t * hr);
      const c = Math.cos(t * hi);
      const sn = Math.sin(t * hi);
      const nr = er * (mr * c - mi * sn);
      const ni = er * (mr * sn + mi * c);
      if (ni > 0 && Number.isFinite(nr) && Number.isFinite(ni)) {
        if (t === 1 && hAbs <= stepTol) {
          mr = nr;
          mi = ni;
          done = true;
          break;
        }
        if (passes >= maxPasses) break;
        companionPsi(ev, wt, M, n, d, zr, zi, nr, ni, s);
        passes++;
        if (s[4] < res || s[4] <= 64 * EPS) {
          mr = nr;
          mi = ni;
          res = s[4];
          pr = s[0];
          pi = s[1];
          dr = s[2];
          di = s[3];
          accepted = true;
          break;
        }
      }
      t *= 0.5;
    }
    if (done) {
      code = NEWTON_CONVERGED;
      break;
    }
    if (!accepted) {
      // No admissible decrease: at the rounding floor that is convergence, otherwise a stall.
      code = res <= 1e-12 ? NEWTON_CONVERGED : passes >= maxPasses ? NEWTON_MAXITER : NEWTON_STALLED;
      break;
    }
    if (passes >= maxPasses) {
      code = res <= 1e-12 ? NEWTON_CONVERGED : NEWTON_MAXITER;
      break;
    }
  }
  ctx.passes += passes;
  out[0] = mr;
  out[1] = mi;
  out[2] = passes;
  out[3] = res;
  out[4] = code;
  out[5] = dr;
  out[6] = di;
}

/**
 * Fixed-point sweeps m ← −1/(z − (1/n) Σ c_i λ_i/(1 + λ_i m)) for Im z > 0 (kernel; a strict
 * contraction of C⁺ in the hyperbolic metric, see the file comment). Stops when the relative
 * change is below relTol or after maxSweeps. out[0..1] = m.
 */
export function companionFixedPoint(
  ctx: CompanionContext,
  zr: number,
  zi: number,
  m0r: number,
  m0i: number,
  relTol: number,
  maxSweeps: number,
  out: Float64Array,
): void {
  const { ev, wt, M, n } = ctx;
  let mr = m0r;
  let mi = m0i;
  let sweeps = 0;
  for (; sweeps < maxSweeps; sweeps++) {
    let sr = 0;
    let si = 0;
    for (let i = 0; i < M; i++) {
      const l = ev[i];
      const tr = 1 + l * mr;
      const ti = l * mi;
      const f = (wt[i] * l) / (tr * tr + ti * ti);
      sr += f * tr;
      si -= f * ti;
    }
    // m_new = −1/(z − S/n)
    const ur = zr - sr / n;
    const ui = zi - si / n;
    const den = ur * ur + ui * ui;
    const nr = -ur / den;
    const ni = ui / den;
    const change = Math.hypot(nr - mr, ni - mi) / Math.hypot(nr, ni);
    mr = nr;
    mi = ni;
    if (change <= relTol) {
      sweeps++;
      break;
    }
  }
  ctx.passes += sweeps;
  out[0] = mr;
  out[1] = mi;
}

/** Result of a single-point solve (non-hot path). */
export interface PointSolve {
  mr: number;
  mi: number;
  passes: number;
  residual: number;
  converged: boolean;
  method: StieltjesReason;
}

/** Threshold below which Im m on the real axis counts as rounding (a real root, not the physical one). */
function axisImagFloor(mr: number, mi: number): number {
  return 1e-13 * Math.sqrt(mr * mr + mi * mi);
}

/** A natural scale of the spectrum of Ŝ: the MP upper edge for σ² = tr Σ/d. */
function spectralScale(ctx: CompanionContext): number {
  const s2 = ctx.trace / ctx.d;
  const sq = 1 + Math.sqrt(ctx.d / ctx.n);
  return s2 * sq * sq;
}

/**
 * m̲(z) for Im z > 0 (or, with zi = 0 and a start already near the physical root, on the axis).
 * Newton from the guess (default: the Marchenko–Pastur transform with σ² = tr Σ/d), then fixed
 * point + Newton, then η-homotopy. Every returned root is checked to lie in C⁺.
 */
export function solveUpper(ctx: CompanionContext, zr: number, zi: number, guess: Complex | undefined, tol: number, maxPasses: number): PointSolve {
  const out = ctx.newton;
  const start = ctx.passes;
  const g = guess ?? marchenkoPasturCompanion(zr, zi, ctx.trace / ctx.d, ctx.d / ctx.n);
  let gr = g.re;
  let gi = g.im > 0 ? g.im : Math.max(Math.abs(g.im), 1e-3 * Math.hypot(g.re, g.im), 1e-300);
  const ok = (): boolean => out[4] === NEWTON_CONVERGED && out[1] > (zi > 0 ? 0 : axisImagFloor(out[0], out[1]));
  companionNewton(ctx, zr, zi, gr, gi, tol, maxPasses, out);
  if (ok()) return { mr: out[0], mi: out[1], passes: ctx.passes - start, residual: out[3], converged: true, method: 'newton' };
  if (zi > 0) {
    // Fixed point from the MP start (any start in C⁺ converges), then Newton again.
    const mp = marchenkoPasturCompanion(zr, zi, ctx.trace / ctx.d, ctx.d / ctx.n);
    // (Its rate degrades as Im z → 0, so only a bounded number of sweeps; the homotopy follows.)
    companionFixedPoint(ctx, zr, zi, mp.re, mp.im, 1e-4, 100, out);
    gr = out[0];
    gi = out[1];
    companionNewton(ctx, zr, zi, gr, gi, tol, maxPasses, out);
    if (ok()) return { mr: out[0], mi: out[1], passes: ctx.passes - start, residual: out[3], converged: true, method: 'fixed-point' };
  }
  const h = homotopy(ctx, zr, zi, tol, maxPasses);
  h.passes = ctx.passes - start;
  return h;
}

/**
 * η-homotopy: solve at z = x + iη₀ (η₀ of the order of the spectrum's scale, where the MP start is
 * excellent), then lower η geometrically to the target with a tangent predictor and Newton
 * corrections, shrinking the ratio when a correction fails.
 */
export function homotopy(ctx: CompanionContext, x: number, etaTarget: number, tol: number, maxPasses: number): PointSolve {
  const out = ctx.newton;
  const start = ctx.passes;
  const scale = spectralScale(ctx) + Math.abs(x);
  let eta = Math.max(etaTarget, scale);
  const g = marchenkoPasturCompanion(x, eta, ctx.trace / ctx.d, ctx.d / ctx.n);
  companionFixedPoint(ctx, x, eta, g.re, g.im, 1e-6, 500, out);
  companionNewton(ctx, x, eta, out[0], out[1], tol, maxPasses, out);
  let mr = out[0];
  let mi = out[1];
  let dr = out[5];
  let di = out[6];
  let residual = out[3];
  let ratio = 0.25;
  let guard = 0;
  while (eta > etaTarget && guard++ < 4000) {
    let next = eta * ratio;
    if (next <= etaTarget || (etaTarget === 0 && next < 1e-15 * scale)) next = etaTarget;
    // Tangent predictor: dv = −n m dz/(dψ/dv), dz = i(next − eta).
    const dz = next - eta;
    const den = dr * dr + di * di;
    // −n m · i dz / (dψ/dv)
    const numr = ctx.n * mi * dz; // −n (mr + i mi)(i dz) = n mi dz − i n mr dz
    const numi = -ctx.n * mr * dz;
    let vr = (numr * dr + numi * di) / den;
    let vi = (numi * dr - numr * di) / den;
    if (!Number.isFinite(vr) || !Number.isFinite(vi)) vr = vi = 0;
    const er = Math.exp(Math.max(-2, Math.min(2, vr)));
    let gr = er * (mr * Math.cos(vi) - mi * Math.sin(vi));
    let gi = er * (mr * Math.sin(vi) + mi * Math.cos(vi));
    if (!(gi > 0)) {
      gr = mr;
      gi = mi;
    }
    companionNewton(ctx, x, next, gr, gi, tol, 40, out);
    const good = out[4] === NEWTON_CONVERGED && out[1] > (next > 0 ? 0 : axisImagFloor(out[0], out[1]));
    if (good) {
      mr = out[0];
      mi = out[1];
      dr = out[5];
      di = out[6];
      residual = out[3];
      eta = next;
      ratio = Math.max(0.01, ratio * ratio);
    } else {
      if (next === 0 && etaTarget === 0 && eta < 1e-12 * scale) {
        // The axis limit has no root in C⁺ here (a gap or a point of zero density): report the
        // smallest-η solution.
        return { mr, mi, passes: ctx.passes - start, residual, converged: false, method: 'homotopy' };
      }
      ratio = Math.sqrt(ratio);
      if (ratio > 0.9999) break;
    }
    if (ctx.passes - start > 50 * maxPasses) break;
  }
  return { mr, mi, passes: ctx.passes - start, residual, converged: eta === etaTarget, method: 'homotopy' };
}

/** x on cluster cl at angle θ ∈ [0, π/2], accurate near both edges. */
export function xOfTheta(cl: RawCluster, theta: number): number {
  const w = cl.hi - cl.lo;
  if (theta <= Math.PI / 4) {
    const s = Math.sin(theta);
    return cl.lo + w * s * s;
  }
  const c = Math.cos(theta);
  return cl.hi - w * c * c;
}

/** θ ∈ [0, π/2] of a point x ∈ [lo, hi] (inverse of {@link xOfTheta}). */
export function thetaOfX(cl: RawCluster, x: number): number {
  const w = cl.hi - cl.lo;
  const a = (x - cl.lo) / w;
  if (a <= 0.5) return Math.asin(Math.sqrt(Math.max(0, a)));
  return Math.acos(Math.sqrt(Math.max(0, (cl.hi - x) / w)));
}

/**
 * κ = 1/m̲ at the starting edge of a path and its derivative with respect to sin φ there, where φ
 * is the angle measured from that edge (m̲ ≈ m̲_e + i·sqrt(2(hi − lo)/|x''(m̲_e)|)·sin φ; at a hard
 * edge m̲ ≈ i sqrt(a/x), a = tr Σ⁻¹/n, x = hi sin²φ). dir = +1 starts at lo, −1 at hi.
 * out = [κ.re, κ.im, slope.re, slope.im].
 */
function edgeStart(ctx: CompanionContext, cl: RawCluster, dir: number, out: Float64Array): void {
  if (dir > 0 && cl.hardEdge) {
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    out[3] = -Math.sqrt((cl.hi * ctx.n) / ctx.traceInverse);
    return;
  }
  const me = dir > 0 ? cl.mLo : cl.mHi;
  const curv = dir > 0 ? cl.curvLo : cl.curvHi;
  const k = 1 / me;
  const c = Math.sqrt((2 * (cl.hi - cl.lo)) / Math.abs(curv));
  out[0] = k;
  out[1] = 0;
  out[2] = 0;
  out[3] = Number.isFinite(c) ? -c * k * k : 0;
}

/**
 * Follow m̲(x(θ) + i0) along a cluster through the angles thetas[from..to) ⊂ (0, π/2) (ascending;
 * see the file comment). dir = +1 walks up from the lower edge, −1 down from the upper edge (the
 * path parameter is then φ = π/2 − θ). Adaptive step in the path angle: doubled after a
 * success, halved after a failed correction. Writes m̲ and the residual of each point to
 * outMr/outMi/outRes at the same indices and sets outOk[j] = 1 for certified points (converged,
 * Im m̲ above rounding: physical by uniqueness). Returns the number of uncertified points.
 */
export function trackCluster(
  ctx: CompanionContext,
  cl: RawCluster,
  thetas: ArrayLike<number>,
  from: number,
  to: number,
  dir: number,
  tol: number,
  outMr: Float64Array,
  outMi: Float64Array,
  outRes: Float64Array,
  outOk: Uint8Array,
): number {
  const es = new Float64Array(4);
  edgeStart(ctx, cl, dir, es);
  // History of the path: up to three (φ, κ) points; index 0 starts as the edge.
  const hT = new Float64Array(3);
  const hR = new Float64Array(3);
  const hI = new Float64Array(3);
  hR[0] = es[0];
  hI[0] = es[1];
  let hN = 1;
  const slopeR = es[2];
  const slopeI = es[3];
  const out = ctx.newton;
  let failures = 0;
  let phi0 = 0;
  let step = 0.125;
  const xOfPhi = (phi: number): number => (dir > 0 ? xOfTheta(cl, phi) : xOfThetaDown(cl, phi));

  const predict = (th: number, res: Float64Array): void => {
    if (hN === 1) {
      const s = Math.sin(th);
      res[0] = hR[0] + slopeR * s;
      res[1] = hI[0] + slopeI * s;
      return;
    }
    let t0: number, t1: number, t2: number, r0: number, r1: number, r2: number, i0: number, i1: number, i2: number;
    if (hN === 2) {
      // Mirror point: κ(−φ) = conj κ(φ) (the path continues to the other sheet through the edge).
      t0 = -hT[1];
      r0 = hR[1];
      i0 = -hI[1];
      t1 = hT[0];
      r1 = hR[0];
      i1 = hI[0];
      t2 = hT[1];
      r2 = hR[1];
      i2 = hI[1];
    } else {
      t0 = hT[0];
      r0 = hR[0];
      i0 = hI[0];
      t1 = hT[1];
      r1 = hR[1];
      i1 = hI[1];
      t2 = hT[2];
      r2 = hR[2];
      i2 = hI[2];
    }
    const l0 = ((th - t1) * (th - t2)) / ((t0 - t1) * (t0 - t2));
    const l1 = ((th - t0) * (th - t2)) / ((t1 - t0) * (t1 - t2));
    const l2 = ((th - t0) * (th - t1)) / ((t2 - t0) * (t2 - t1));
    res[0] = l0 * r0 + l1 * r1 + l2 * r2;
    res[1] = l0 * i0 + l1 * i1 + l2 * i2;
  };
  const push = (th: number, kr: number, ki: number): void => {
    if (hN < 3) {
      hT[hN] = th;
      hR[hN] = kr;
      hI[hN] = ki;
      hN++;
    } else {
      hT[0] = hT[1];
      hR[0] = hR[1];
      hI[0] = hI[1];
      hT[1] = hT[2];
      hR[1] = hR[2];
      hI[1] = hI[2];
      hT[2] = th;
      hR[2] = kr;
      hI[2] = ki;
    }
  };
  const kp = new Float64Array(2);
  const count = to - from;
  for (let c = 0; c < count; c++) {
    const j = dir > 0 ? from + c : to - 1 - c;
    const target = dir > 0 ? thetas[j] : HALF_PI - thetas[j];
    for (;;) {
      const th = Math.min(target, phi0 + step);
      predict(th, kp);
      const kden = kp[0] * kp[0] + kp[1] * kp[1];
      const gr = kp[0] / kden;
      let gi = -kp[1] / kden;
      if (!(gi > 0)) gi = Math.abs(gi) > 0 ? Math.abs(gi) : 1e-3 * Math.abs(gr) + 1e-300;
      companionNewton(ctx, xOfPhi(th), 0, gr, gi, tol, 10, out);
      if (out[4] === NEWTON_CONVERGED && out[1] > axisImagFloor(out[0], out[1])) {
        const mr = out[0];
        const mi = out[1];
        const den = mr * mr + mi * mi;
        push(th, mr / den, -mi / den);
        phi0 = th;
        if (out[2] <= 3) step = Math.min(2 * step, 0.5);
        if (th === target) {
          outMr[j] = mr;
          outMi[j] = mi;
          outRes[j] = out[3];
          outOk[j] = 1;
          break;
        }
        continue;
      }
      step *= 0.5;
      if (step < 1e-13) {
        // Last resort for this point: η-homotopy (does not use the path).
        const h = homotopy(ctx, xOfPhi(target), 0, tol, 60);
        outMr[j] = h.mr;
        outMi[j] = h.converged ? h.mi : Math.max(0, h.mi);
        outRes[j] = h.residual;
        outOk[j] = h.converged && h.mi > axisImagFloor(h.mr, h.mi) ? 1 : 0;
        if (outOk[j]) {
          const den = h.mr * h.mr + h.mi * h.mi;
          push(target, h.mr / den, -h.mi / den);
          phi0 = target;
        } else failures++;
        step = 1e-6;
        break;
      }
    }
  }
  return failures;
}

/** x at angle φ measured from the upper edge: x = hi − (hi − lo) sin²φ. */
function xOfThetaDown(cl: RawCluster, phi: number): number {
  const w = cl.hi - cl.lo;
  if (phi <= Math.PI / 4) {
    const s = Math.sin(phi);
    return cl.hi - w * s * s;
  }
  const c = Math.cos(phi);
  return cl.lo + w * c * c;
}

/**
 * The real root m̲ of x(m) = x for x > 0 in a gap of the support (kernel). x is increasing in m
 * on the gap's m-interval; bracketed Newton in s = log|m| (see the file comment for the brackets).
 */
export function solveGap(ctx: CompanionContext, raw: RawSupport, x: number): PointSolve {
  const { ev, wt, M, n, d } = ctx;
  const cls = raw.clusters;
  const xs = new Float64Array(3);
  const hs = new Float64Array(5);
  const tmp = new Float64Array(2);
  const counter = new Float64Array(1);
  let sign = -1;
  let a: number;
  let b: number;
  let signA: number;
  if (x < cls[0].lo) {
    if (d > n) {
      // m ∈ (0, m̲_lo): x(m) ≤ −1/m + tr Σ/n < 0 < x at m = 1/(2(tr Σ/n + x)).
      sign = 1;
      a = Math.log(0.5 / (ctx.trace / n + x));
      b = Math.log(cls[0].mLo);
      signA = -1;
    } else {
      // n > d: m ∈ (−∞, m̲_lo), x(m) ≤ (1 − d/n)/|m|.
      a = Math.log(Math.abs(cls[0].mLo));
      b = Math.log((1 - d / n) / x);
      signA = 1;
    }
  } else if (x > cls[cls.length - 1].hi) {
    a = Math.log(1 / x);
    b = Math.log(Math.abs(cls[cls.length - 1].mHi));
    signA = 1;
  } else {
    let k = 0;
    while (k + 1 < cls.length && !(x > cls[k].hi && x < cls[k + 1].lo)) k++;
    a = Math.log(Math.abs(cls[k + 1].mLo));
    b = Math.log(Math.abs(cls[k].mHi));
    signA = 1;
  }
  const fn = (s: number, out: Float64Array): void => {
    const m = sign * Math.exp(s);
    xAt(ev, wt, M, n, d, m, xs);
    hSums(ev, wt, M, n, d, m, hs);
    out[0] = xs[0] - x;
    out[1] = hs[3] / (n * m); // m·x'(m) = (1 − h)/m
  };
  let s: number;
  if (b <= a) s = a;
  else s = rtsafe(fn, a, b, signA, tmp, counter);
  const m = sign * Math.exp(s);
  xAt(ev, wt, M, n, d, m, xs);
  ctx.passes += 2 * counter[0] + 1;
  const residual = Math.abs(xs[0] - x) / (Math.abs(xs[0]) * xs[2]);
  return { mr: m, mi: 0, passes: 2 * counter[0] + 1, residual, converged: true, method: 'real-axis-gap' };
}

/**
 * m̲(x + i0) for real x (kernel; x ≠ 0): real ridge for x < 0, the edge values at edges, the gap
 * root in gaps, path-following inside a cluster (or Newton from a user guess, certified by Im m̲ > 0).
 */
export function solveAxis(ctx: CompanionContext, raw: RawSupport, spectrum: Spectrum, x: number, guess: Complex | undefined, tol: number): PointSolve {
  if (x < 0) {
    const k = solveKappa({ spectrum, n: ctx.n, ridge: -x });
    ctx.passes += k.iterations;
    return { mr: 1 / k.kappa, mi: 0, passes: k.iterations, residual: k.residual, converged: k.converged, method: 'real-ridge' };
  }
  const cls = raw.clusters;
  for (const cl of cls) {
    if (x === cl.lo && !cl.hardEdge) return { mr: cl.mLo, mi: 0, passes: 0, residual: 0, converged: true, method: 'edge' };
    if (x === cl.hi) return { mr: cl.mHi, mi: 0, passes: 0, residual: 0, converged: true, method: 'edge' };
    if (x > cl.lo && x < cl.hi) {
      const start = ctx.passes;
      if (guess !== undefined && guess.im > 0) {
        companionNewton(ctx, x, 0, guess.re, guess.im, tol, 60, ctx.newton);
        const o = ctx.newton;
        if (o[4] === NEWTON_CONVERGED && o[1] > axisImagFloor(o[0], o[1])) {
          return { mr: o[0], mi: o[1], passes: ctx.passes - start, residual: o[3], converged: true, method: 'newton' };
        }
      }
      const th = new Float64Array([thetaOfX(cl, x)]);
      if (!(th[0] > 0 && th[0] < HALF_PI)) return { mr: th[0] <= 0 ? cl.mLo : cl.mHi, mi: 0, passes: 0, residual: 0, converged: true, method: 'edge' };
      const mr = new Float64Array(1);
      const mi = new Float64Array(1);
      const rs = new Float64Array(1);
      const okk = new Uint8Array(1);
      trackCluster(ctx, cl, th, 0, 1, th[0] <= Math.PI / 4 ? 1 : -1, tol, mr, mi, rs, okk);
      return { mr: mr[0], mi: mi[0], passes: ctx.passes - start, residual: rs[0], converged: okk[0] === 1, method: 'continuation' };
    }
  }
  return solveGap(ctx, raw, x);
}

export type StieltjesReason =
  | 'newton' // Newton from the (given or Marchenko–Pastur) start
  | 'fixed-point' // fixed point to reach the basin, then Newton
  | 'homotopy' // η-homotopy from a large Im z
  | 'continuation' // real axis inside a cluster: path-following from the lower edge
  | 'real-axis-gap' // real axis outside the support (x > 0): bracketed real root
  | 'real-ridge' // real axis, x < 0: the real κ solver (THEORY.md §2)
  | 'edge' // x is an edge: m̲ is the critical point
  | 'origin'; // z = 0: closed-form limits (some components infinite)

export interface StieltjesOptions extends EnsembleOptions {
  /** z with Im z ≥ 0 (Im z = 0: the limit from C⁺). Units of the ensemble's matrix (Σ̂ for 'model'). */
  z: Complex;
  /** Start for m̲ (Im > 0); any start is safe (the result is certified), a good one saves passes. */
  guess?: Complex;
  /** Newton step tolerance relative to Im m̲/|m̲| (default 1e-10; the error after the last step is its square). */
  tolerance?: number;
  /** Passes over the spectrum per Newton run (default 100). */
  maxIterations?: number;
}

export interface StieltjesResult {
  /** Companion transform m̲(z) (model ensemble: r·m̲_Ŝ(r z)); Im ≥ 0. */
  mUnderline: Complex;
  /** (1/d) tr(Ŝ − z)^{-1} (model: (1/d) tr(Σ̂ − z)^{-1}). */
  m: Complex;
  /** tr Σ(Ŝ − z)^{-1} (model: tr Σ(Σ̂ − z)^{-1}), total over dimensions. */
  traceSigmaResolvent: Complex;
  /** κ(w), w = −z (model: κ of Ŝ at w = −r z, the renormalised ridge in Σ units); Im κ ≤ 0. */
  kappa: Complex;
  /** Passes over the spectrum. */
  iterations: number;
  /** Relative residual of ψ(m̲) = 0 (0 for closed forms). */
  residual: number;
  converged: boolean;
  reason: StieltjesReason;
}

/**
 * The companion Stieltjes transform and the resolvent traces of THEORY.md §3 at one z with
 * Im z ≥ 0. Never returns NaN on valid input; at z = 0 the divergent components are ±Infinity.
 */
export function stieltjes(options: StieltjesOptions): StieltjesResult {
  const ens = resolveEnsemble(options);
  const z = options.z;
  if (z === null || typeof z !== 'object') throw new InvalidArgumentError('z', z, 'must be {re, im}');
  const zr0 = requireFinite('z.re', z.re);
  const zi0 = requireFinite('z.im', z.im);
  if (zi0 < 0) throw new InvalidArgumentError('z.im', zi0, 'must be >= 0 (use conjugation for the lower half-plane)');
  const tol = options.tolerance === undefined ? 1e-10 : requirePositive('tolerance', options.tolerance);
  const maxIt = requireInteger('maxIterations', options.maxIterations ?? 100, 2);
  let guess: Complex | undefined;
  if (options.guess !== undefined) {
    const g = options.guess;
    if (g === null || typeof g !== 'object') throw new InvalidArgumentError('guess', g, 'must be {re, im}');
    const gr = requireFinite('guess.re', g.re);
    const gi = requireFinite('guess.im', g.im);
    if (!(gi > 0)) throw new InvalidArgumentError('guess.im', gi, 'must be > 0');
    guess = { re: gr / ens.r, im: gi / ens.r }; // model ensemble: the user's m̲ is r·m̲_Ŝ
  }
  const { spectrum, n, r } = ens;
  const zr = zr0 * r;
  const zi = zi0 * r;
  const ctx = companionContext(spectrum, n);
  const d = ctx.d;
  if (zr === 0 && zi === 0) return scaleResult(origin(ctx, spectrum), r);
  let sol: PointSolve;
  if (zi > 0) sol = solveUpper(ctx, zr, zi, guess, tol, maxIt);
  else sol = solveAxis(ctx, computeSupport(spectrum, n), spectrum, zr, guess, tol);
  // Assemble the traces from one more pass at the solution (A and B summed directly).
  const s = ctx.psi;
  companionPsi(ctx.ev, ctx.wt, ctx.M, n, d, zr, zi, sol.mr, sol.mi, s);
  const mr = sol.mr;
  const mi = sol.mi;
  const zAbs = Math.hypot(zr, zi);
  const mAbs = Math.hypot(mr, mi);
  // d·m = −B/z, or n m̲ + (n − d)/z: take the form with the smaller magnitude of terms.
  let dm: Complex;
  if (s[9] / zAbs <= n * mAbs + Math.abs(n - d) / zAbs) {
    dm = cdivPair(-s[5], -s[6], zr, zi);
  } else {
    const t = cdivPair(n - d, 0, zr, zi);
    dm = { re: n * mr + t.re, im: n * mi + t.im };
  }
  // tr Σ(Ŝ − z)^{-1} = −A/(z m̲) or −n(1 + z m̲)/(z m̲).
  const zmr = zr * mr - zi * mi;
  const zmi = zr * mi + zi * mr;
  let ts: Complex;
  if (s[10] <= n * (1 + Math.hypot(zmr, zmi))) ts = cdivPair(-s[7], -s[8], zmr, zmi);
  else ts = cdivPair(-n * (1 + zmr), -n * zmi, zmr, zmi);
  const kden = mr * mr + mi * mi;
  const result: StieltjesResult = {
    mUnderline: { re: mr, im: mi },
    m: { re: dm.re / d, im: zi === 0 && sol.mi === 0 ? 0 : dm.im / d },
    traceSigmaResolvent: { re: ts.re, im: zi === 0 && sol.mi === 0 ? 0 : ts.im },
    kappa: { re: mr / kden, im: mi === 0 ? 0 : -mi / kden },
    iterations: sol.passes,
    residual: sol.residual,
    converged: sol.converged,
    reason: sol.method,
  };
  return scaleResult(result, r);
}

function cdivPair(ar: number, ai: number, br: number, bi: number): Complex {
  if (Math.abs(br) >= Math.abs(bi)) {
    const t = bi / br;
    const den = br + bi * t;
    return { re: (ar + ai * t) / den, im: (ai - ar * t) / den };
  }
  const t = br / bi;
  const den = br * t + bi;
  return { re: (ar * t + ai) / den, im: (ai * t - ar) / den };
}

/** Model ensemble: m̲, m and tr Σ(·)^{-1} scale by r; κ does not. */
function scaleResult(res: StieltjesResult, r: number): StieltjesResult {
  if (r === 1) return res;
  const sc = (c: Complex): Complex => ({ re: c.re * r, im: c.im * r });
  return { ...res, mUnderline: sc(res.mUnderline), m: sc(res.m), traceSigmaResolvent: sc(res.traceSigmaResolvent) };
}

/**
 * z = 0 (the limit from C⁺): closed forms. n < d: m̲ = 1/κ0, the atom gives Im m = +∞ and
 * Im tr Σ(Ŝ−z)^{-1} = +∞, Re tr Σ(Ŝ−z)^{-1} → n(dκ/dw(0) − 1). n > d: κ = 0, m = tr Σ⁻¹ n/(d(n − d)),
 * tr Σ Ŝ^{-1} ≍ n d/(n − d), m̲ = tr Σ⁻¹/(n − d) + i∞ (the companion's atom). n = d: everything
 * diverges like z^{-1/2} in the direction e^{iπ/4}.
 */
function origin(ctx: CompanionContext, spectrum: Spectrum): StieltjesResult {
  const { n, d } = ctx;
  const base = { iterations: 0, residual: 0, converged: true, reason: 'origin' as StieltjesReason };
  if (n < d) {
    const k = solveKappa({ spectrum, n, ridge: 0 });
    ctx.passes += k.iterations;
    return {
      ...base,
      iterations: k.iterations,
      residual: k.residual,
      mUnderline: { re: 1 / k.kappa, im: 0 },
      m: { re: n / (d * k.kappa), im: Infinity },
      traceSigmaResolvent: { re: n * (k.dkappaDridge - 1), im: Infinity },
      kappa: { re: k.kappa, im: 0 },
    };
  }
  if (n > d) {
    return {
      ...base,
      mUnderline: { re: ctx.traceInverse / (n - d), im: Infinity },
      m: { re: (ctx.traceInverse * n) / (d * (n - d)), im: 0 },
      traceSigmaResolvent: { re: (n * d) / (n - d), im: 0 },
      kappa: { re: 0, im: 0 },
    };
  }
  return {
    ...base,
    mUnderline: { re: Infinity, im: Infinity },
    m: { re: Infinity, im: Infinity },
    traceSigmaResolvent: { re: Infinity, im: Infinity },
    kappa: { re: 0, im: 0 },
  };
}
