/** Single-point solves of m̲(z) off the real axis: Newton with fallbacks, and homotopy in Im z. */
import { marchenkoPasturCompanion, type Complex } from './complex.js';
import { NEWTON_CONVERGED, type CompanionContext, companionNewton, companionFixedPoint } from './companionKernels.js';

/** Why a Stieltjes solve stopped. */
export type StieltjesReason =
  | 'newton' // Newton from the (given or Marchenko–Pastur) start
  | 'fixed-point' // fixed point to reach the basin, then Newton
  | 'homotopy' // η-homotopy from a large Im z
  | 'continuation' // real axis inside a cluster: path-following from the lower edge
  | 'real-axis-gap' // real axis outside the support (x > 0): bracketed real root
  | 'real-ridge' // real axis, x < 0: the real κ solver (docs/theory.md §2)
  | 'edge' // x is an edge: m̲ is the critical point
  | 'origin'; // z = 0: closed-form limits (some components infinite)


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
export function axisImagFloor(mr: number, mi: number): number {
  return 1e-13 * Math.sqrt(mr * mr + mi * mi);
}

/** A natural scale of the spectrum of Ŝ: the MP upper edge for σ² = tr Σ/d. */
export function spectralScale(ctx: CompanionContext): number {
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
