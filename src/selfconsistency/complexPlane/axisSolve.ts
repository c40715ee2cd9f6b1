/**
 * m̲ at one real x > 0. In a gap m̲ is the real root of x(m) = x in the gap's m-interval, on which
 * x is increasing (Silverstein–Choi): bracketed Newton. Inside a cluster the solution is tracked
 * from the nearer edge (clusterTracking.ts).
 */
import { type Spectrum } from '../../spectra/spectrum.js';
import { type Complex } from './complex.js';
import { solveKappa } from '../kappa/solveKappa.js';
import { hSums, rtsafe, xAt, type RawSupport } from './spectralSupport.js';
import { HALF_PI, NEWTON_CONVERGED, type CompanionContext, companionNewton } from './companionKernels.js';
import { type PointSolve, axisImagFloor } from './offAxisSolve.js';
import { thetaOfX, trackCluster } from './clusterTracking.js';

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
