/**
 * The a posteriori check of a compressed spectrum (docs/compression.md §4): compare the family
 *
 *   S_{p,q}(κ) = Σ_i w_i λ_i^p / (λ_i + κ)^q,   0 ≤ p ≤ q, 1 ≤ q ≤ 4   (14 sums)
 *
 * on the compressed atoms against the same sums on
 *  - the exact source spectrum, at the two ends κ_min, κ_max of the κ range a computation used, and
 *  - the reference measure (the source, or its block pre-reduction whose relative error is bounded
 *    by (2.3) for every κ), on a grid in log κ with step 1/8 covering the used range where it
 *    overlaps [log λmin − 6, log λmax + 6] (outside it the integrands are nearly polynomial in t
 *    and the error decays).
 * The result is the largest relative error seen (plus the reduction bound where the reference was
 * used); the compression passes when it is within the tolerance.
 */
import type { CompressedSpectrum } from './compressedSpectrum.js';

/** (p, q) of the family, in the order familySums writes them. */
export const FAMILY: readonly (readonly [number, number])[] = [
  [0, 1], [1, 1],
  [0, 2], [1, 2], [2, 2],
  [0, 3], [1, 3], [2, 3], [3, 3],
  [0, 4], [1, 4], [2, 4], [3, 4], [4, 4],
];
const F = FAMILY.length;
/** Plain partial sums over blocks of this many elements, compensated (Neumaier) across blocks. */
const BLOCK = 128;
const GRID_STEP = 1 / 8;
const GRID_MARGIN = 6;

/**
 * The 14 family sums at κ, one pass, written to out[0 … 13]. With a = λ/(λ+κ) and t = 1/(λ+κ),
 * λ^p/(λ+κ)^q = a^p t^{q−p}. Accumulated in blocks of 128 then compensated across blocks, so that
 * d = 10⁶ terms of decreasing size keep ~1e-15 relative accuracy (a plain running sum loses ~1e-11
 * there, which the check would misread as compression error).
 */
export function familySums(eigenvalues: Float64Array, weights: Float64Array, m: number, kappa: number, out: Float64Array): void {
  const total = new Float64Array(F);
  const comp = new Float64Array(F);
  const part = new Float64Array(F);
  for (let start = 0; start < m; start += BLOCK) {
    part.fill(0);
    const end = Math.min(m, start + BLOCK);
    for (let i = start; i < end; i++) {
      const lam = eigenvalues[i];
      const w = weights[i];
      const t = 1 / (lam + kappa);
      const a = lam * t;
      const wa = w * a;
      const wa2 = wa * a;
      const wa3 = wa2 * a;
      const wt = w * t;
      const wt2 = wt * t;
      const wt3 = wt2 * t;
      part[0] += wt;
      part[1] += wa;
      part[2] += wt2;
      part[3] += wa * t;
      part[4] += wa2;
      part[5] += wt3;
      part[6] += wa * t * t;
      part[7] += wa2 * t;
      part[8] += wa3;
      part[9] += wt3 * t;
      part[10] += wa * t * t * t;
      part[11] += wa2 * t * t;
      part[12] += wa3 * t;
      part[13] += wa3 * a;
    }
    for (let f = 0; f < F; f++) {
      const x = part[f];
      const s = total[f];
      const u = s + x;
      comp[f] += Math.abs(s) >= Math.abs(x) ? s - u + x : x - u + s;
      total[f] = u;
    }
  }
  for (let f = 0; f < F; f++) out[f] = total[f] + comp[f];
}

/** Largest relative difference of the family between measures `a` (reference) and `b` at κ. */
export function familyError(
  a: { eigenvalues: Float64Array; weights: Float64Array },
  b: { eigenvalues: Float64Array; weights: Float64Array },
  kappa: number,
): number {
  const sa = new Float64Array(F);
  const sb = new Float64Array(F);
  familySums(a.eigenvalues, a.weights, a.eigenvalues.length, kappa, sa);
  familySums(b.eigenvalues, b.weights, b.eigenvalues.length, kappa, sb);
  let worst = 0;
  for (let f = 0; f < F; f++) {
    if (!(sa[f] > 0) || !Number.isFinite(sa[f])) continue; // underflow/overflow: nothing to compare
    const e = Math.abs(sb[f] - sa[f]) / sa[f];
    if (!(e <= worst)) worst = Number.isNaN(e) ? Infinity : e; // NaN counts as a failure
  }
  return worst;
}

export interface CompressionCheck {
  /** Largest relative error of the family seen (reference-grid errors include the reduction bound). */
  maxRelativeError: number;
  /** maxRelativeError ≤ tolerance. */
  passed: boolean;
  /** κ values checked. */
  points: number;
}

/**
 * Check `c` over the κ range [kappaMin, kappaMax] (both > 0) that a computation used. Cost: two
 * passes over the source, and ≤ ~600 passes over the (d-independent) reference.
 *
 * @example
 * ```ts
 * const c = compressSpectrum(powerLawSpectrum({ d: 256, k: 1 }))!;
 * checkCompression(c, 0.1, 10);   // { maxRelativeError: ≈ 3e-15, passed: true, points: 40 }
 * ```
 */
export function checkCompression(c: CompressedSpectrum, kappaMin: number, kappaMax: number, tolerance = c.tolerance): CompressionCheck {
  let worst = 0;
  let points = 0;
  const note = (e: number) => {
    points++;
    if (!(e <= worst)) worst = Number.isNaN(e) ? Infinity : e;
  };
  note(familyError(c.source, c.spectrum, kappaMin));
  if (kappaMax !== kappaMin) note(familyError(c.source, c.spectrum, kappaMax));
  const ev = c.source.eigenvalues;
  const lo = Math.max(Math.log(kappaMin), Math.log(ev[ev.length - 1]) - GRID_MARGIN);
  const hi = Math.min(Math.log(kappaMax), Math.log(ev[0]) + GRID_MARGIN);
  const extra = c.reference === c.source ? 0 : c.reductionError;
  if (hi > lo) {
    const steps = Math.ceil((hi - lo) / GRID_STEP);
    for (let g = 0; g <= steps; g++) note(familyError(c.reference, c.spectrum, Math.exp(lo + ((hi - lo) * g) / steps)) + extra);
  }
  return { maxRelativeError: worst, passed: worst <= tolerance, points };
}
