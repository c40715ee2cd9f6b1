/**
 * The finite-size allowance of a prediction: how far from the finite-d expectation it may be,
 * relative to |value|, given what its own first-order correction says (docs/theory.md §6.6, the
 * coefficients measured in docs/accuracy.md).
 *
 * With δ the measure's first-order correction, L its leading (d → ∞) value, r = |δ|/|L| and ε the
 * result's expansionParameter (its relativeSize R away from the hard edge, 1/(edgeDistance − 1)
 * near it, docs/theory.md §6.6), the next-order term is about r·ε·|L| (the expansion parameter is
 * the same for every measure of a result); its coefficient was measured at ≤ 1.85 (median 1.3)
 * over the bench cells away from the edge, hence
 *
 *   first order applied:  relative allowance NEXT_ORDER·ε·r
 *   not applied:          r + NEXT_ORDER·ε·r   (the whole first-order bias, plus the next order)
 *
 * Both vanish as d → ∞ at the rates the expansion predicts: O(1/d²) and O(1/d).
 */
import type { FiniteSizeInfo } from '../predictions/finiteSize/finiteSize.js';

/** Coefficient of the next-order term (measured maximum 1.85, rounded up). */
export const NEXT_ORDER = 2;

export interface AllowanceInput {
  /** The prediction's finite-size info. */
  finiteSize: FiniteSizeInfo;
  /** The returned value and the asymptotic (d → ∞) one. */
  value: number;
  /** The asymptotic (d → ∞) value. */
  asymptotic: number;
  /** The measure's own first-order correction δ (needed when it was not applied; else value − asymptotic). */
  correction?: number;
}

/**
 * Relative allowance of the file comment (a multiple of |value|).
 *
 * @example
 * ```ts
 * finiteSizeAllowance({ finiteSize: finiteSizeInfo('first-order', 0.01, atZeroEdge(300, 256)), value: 1.01, asymptotic: 1 });   // ≈ 0.0018
 * ```
 */
export function finiteSizeAllowance(input: AllowanceInput): number {
  const { finiteSize, value, asymptotic } = input;
  const leading = Math.abs(asymptotic);
  if (leading === 0) return 0;
  // Unknown δ (a result at breakdown, where the correction was not applied): r ≤ R, take R.
  const known = input.correction !== undefined || finiteSize.applied;
  const r = known ? Math.abs(input.correction ?? value - asymptotic) / leading : finiteSize.relativeSize;
  const R = Math.max(finiteSize.relativeSize, finiteSize.expansionParameter, r);
  const rel = finiteSize.applied ? NEXT_ORDER * R * r : r + NEXT_ORDER * R * r;
  // Relative to |value|, which is what agreement() multiplies by.
  return Number.isFinite(rel) ? (rel * leading) / Math.max(Math.abs(value), Number.MIN_VALUE) : Infinity;
}
