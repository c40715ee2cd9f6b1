/**
 * Following m̲ along a support cluster [lo, hi] in the edge-unfolding angle θ (the real-axis
 * solves of stieltjes.ts; in a gap axisSolve.ts takes the bracketed real root of x(m) = x).
 * Inside a cluster [lo, hi] the solution is followed from an edge (the nearer one
 * for a single point, the lower one through a grid) along
 * x = lo + (hi − lo) sin²θ. In θ the path is analytic up to and including both edges (the square
 * root singularity x − lo ∝ sin²θ is unfolded; at a hard edge κ = 1/m̲ ∝ sin θ), so the start at
 * θ = 0 is exact (κ = 1/m̲_edge, slope from x''(m̲_edge)) and quadratic extrapolation in θ predicts
 * each next point to O(Δθ³); Newton corrects; on failure the θ-step is halved.
 */
import { type RawCluster } from './spectralSupport.js';
import { HALF_PI, NEWTON_CONVERGED, type CompanionContext, companionNewton } from './companionKernels.js';
import { axisImagFloor, homotopy } from './offAxisSolve.js';

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
