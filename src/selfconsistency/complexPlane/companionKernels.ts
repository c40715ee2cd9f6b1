/**
 * Kernels of the companion Stieltjes transform m̲(z) = 1/κ(−z) (docs/theory.md §3):
 * the context for (Σ, n), the residual ψ(m), Newton in log m and the contracting fixed point.
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
 */
import { spectrumTraces, type Spectrum } from '../../spectra/spectrum.js';


export const EPS = 2.220446049250313e-16;
export const HALF_PI = Math.PI / 2;

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
