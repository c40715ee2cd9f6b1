import { spectrumTraces, type Spectrum } from '../../spectra/spectrum.js';
import { isotropicGuess } from './kappaBracket.js';
import { kappaNewton, kappaNewtonContext, STOP_MAXITER, type FusedSums } from './kappaNewton.js';
import type { KappaCurve } from './kappaCurveResult.js';

/**
 * Sums a caller wants at every point of a curve, at the returned κ (e.g. the loss sums of
 * scheduleLosses): fused into the last Newton pass when possible, otherwise one extra pass.
 */
export interface CurvePointSums {
  /** Sums per point. */
  size: number;
  /** Prepare the kernels for point j (its noise level, …). */
  select(j: number): void;
  /** κ sums + own sums in one pass (see FusedSums). */
  fused: FusedSums;
  /** Own sums alone at κ, into `extra`. */
  alone(eigenvalues: Float64Array, weights: Float64Array, m: number, kappa: number, extra: Float64Array): void;
}

/** Smallest and largest κ > 0 of a curve (null when every κ is the closed-form 0). */
export function positiveRange(kappa: ArrayLike<number>): [number, number] | null {
  let lo = Infinity;
  let hi = 0;
  for (let j = 0; j < kappa.length; j++) {
    const k = kappa[j];
    if (k > 0) {
      if (k < lo) lo = k;
      if (k > hi) hi = k;
    }
  }
  return hi > 0 ? [lo, hi] : null;
}

/**
 * The curve on a given measure (the spectrum or a compression of it) — no validation: the public
 * functions validate once and pass valid arguments down (lossCurve → scheduleLosses → here →
 * kappaNewton). With `point`, its sums at each returned κ are written to `sums`
 * (point j at [j·size, (j+1)·size)).
 */
export function kappaCurveUnchecked(
  measure: Spectrum,
  nAt: (j: number) => number,
  wAt: (j: number) => number,
  length: number,
  tol: number,
  maxIt: number,
  point: CurvePointSums | null,
  sums: Float64Array | null = null,
): KappaCurve {
  const { trace, traceInverse } = spectrumTraces(measure);
  const d = measure.d;
  const ctx = kappaNewtonContext(measure.eigenvalues, measure.weights, d, trace, traceInverse, tol, maxIt, point === null ? null : point.fused);
  const ev = measure.eigenvalues;
  const wt = measure.weights;
  const m = ev.length;
  const out: KappaCurve = {
    kappa: new Float64Array(length),
    gamma: new Float64Array(length),
    dkappaDridge: new Float64Array(length),
    iterations: new Int32Array(length),
    residual: new Float64Array(length),
    converged: true,
    totalIterations: 0,
    maxResidual: 0,
    compression: null,
  };
  const res = ctx.out;
  const size = point === null ? 0 : point.size;
  // Fused passes that were not the last one (Newton took another step) cost a wasted loss pass:
  // near the rounding floor of a very large spectrum that is most of them, so stop fusing when
  // fewer than half of the first FUSE_PROBE attempts paid off.
  let fusedTried = 0;
  let fusedHit = 0;
  let prevKappa = 0;
  let prevN = 0;
  let prevW = 0;
  let prevPsiU = 0;
  // Slope σ = du/dx in x = log w at the previous two points (same n), for the curvature term.
  let prevSlope = NaN;
  let prevPrevSlope = NaN;
  let prevPrevW = 0;
  for (let j = 0; j < length; j++) {
    const n = nAt(j);
    const w = wAt(j);
    if (point !== null) point.select(j);
    if (w === 0 && n >= d) {
      out.kappa[j] = 0;
      out.gamma[j] = d / n;
      out.dkappaDridge[j] = n === d ? Infinity : n / (n - d);
      if (point !== null) {
        point.alone(ev, wt, m, 0, point.fused.extra);
        if (sums !== null) copyInto(sums, j * size, point.fused.extra, size);
      }
      prevKappa = 0;
      prevSlope = NaN;
      prevPrevSlope = NaN;
      continue;
    }
    let guess: number;
    if (prevKappa > 0 && n === prevN && w > 0 && prevW > 0) {
      // Along a ridge sweep κ(w) is close to a power law in w, so extrapolate u = log κ in
      // x = log w with the exact slope and a finite-difference curvature: O(Δx³) start error.
      const dx = Math.log(w / prevW);
      let du = prevSlope * dx;
      if (prevPrevSlope === prevPrevSlope && prevPrevW > 0) {
        const curvature = (prevSlope - prevPrevSlope) / Math.log(prevW / prevPrevW);
        du += 0.5 * curvature * dx * dx;
      }
      guess = prevKappa * Math.exp(Math.max(-20, Math.min(20, du)));
    } else if (prevKappa > 0) {
      const du = ((n / prevKappa) * (w - prevW) - ((prevKappa - prevW) / prevKappa) * (n - prevN)) / prevPsiU;
      guess = prevKappa * Math.exp(Math.max(-20, Math.min(20, du)));
    } else {
      guess = isotropicGuess(d, trace, n, w);
    }
    kappaNewton(ctx, n, w, guess);
    out.kappa[j] = res[0];
    out.gamma[j] = res[1];
    out.dkappaDridge[j] = res[2];
    out.iterations[j] = res[3];
    out.residual[j] = res[4];
    out.totalIterations += res[3];
    if (res[4] > out.maxResidual) out.maxResidual = res[4];
    if (res[5] === STOP_MAXITER) out.converged = false;
    if (point !== null) {
      // The last pass was fused unless Newton stopped right after a long step (or at once), or
      // took further steps after the fused pass.
      if (ctx.fused !== null && res[3] > 1) {
        fusedTried++;
        if (res[7] === 1) fusedHit++;
        if (fusedTried === FUSE_PROBE && 2 * fusedHit < fusedTried) ctx.fused = null;
      }
      if (res[7] !== 1) point.alone(ev, wt, m, res[0], point.fused.extra);
      if (sums !== null) copyInto(sums, j * size, point.fused.extra, size);
    }
    const slope = (w * n) / (res[0] * res[6]); // du/dx = w·(n/κ)/ψ_u
    if (n === prevN && prevW > 0) {
      prevPrevSlope = prevSlope;
      prevPrevW = prevW;
    } else {
      prevPrevSlope = NaN;
    }
    prevSlope = slope;
    prevKappa = res[0];
    prevN = n;
    prevW = w;
    prevPsiU = res[6];
  }
  return out;
}

/** Points after which the fused-pass hit rate is judged. */
const FUSE_PROBE = 32;

function copyInto(target: Float64Array, offset: number, source: Float64Array, size: number): void {
  for (let k = 0; k < size; k++) target[offset + k] = source[k];
}
