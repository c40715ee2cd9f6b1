import { InvalidArgumentError } from '../errors.js';
import type { LossMeasures } from './lossMeasures.js';

/**
 * Which finite-size order a prediction is given at (docs/theory.md §6):
 * - 'none': the d → ∞ deterministic equivalents of docs/theory.md §3 (O(1/d) relative bias at finite d);
 * - 'first-order': plus the first-order correction of the CLT for linear spectral statistics
 *   (real Gaussian data), leaving O(1/d²).
 */
export type FiniteSizeOrder = 'none' | 'first-order';

export const FINITE_SIZE_ORDERS: readonly FiniteSizeOrder[] = ['none', 'first-order'];

/**
 * The default order: 'first-order', because it was better than 'none' in every cell measured
 * (docs/theory.md §6.7, docs/accuracy.md): 445 of 576 cell × measure pairs better by > 2σ, the
 * rest within 2σ, none worse where it is applied (at breakdown it is not applied, and says so).
 * The training dynamics, the finite-step sampler and the Gaussian-structure distance use it too
 * (docs/theory.md §6.9); the one-step transition model has no correction and is d → ∞ theory.
 */
export const DEFAULT_FINITE_SIZE: FiniteSizeOrder = 'first-order';

/**
 * Breakdown: a first-order term of half the leading one or more is not a correction any more
 * (measured: below it applying the correction helped at least 2×; beyond, it overshoots — the
 * hard edge γ → 1 at small w with n ≈ d). It is then not applied even when asked for, and the result says
 * so (applied: false). docs/theory.md §6.6.
 */
export const BREAKDOWN_AT = 0.5;

/**
 * A result is reliable when its estimated relative error is below this: relativeSize² when the
 * correction is applied (the next order; measured 0.03–1.4 × relativeSize², median 1.0, away
 * from the hard edge), relativeSize when it is not. docs/theory.md §6.6.
 */
export const RELIABLE_ERROR = 0.01;

/**
 * Hard edge: n(1 − γ) below this and the expansion parameter 1/(n(1 − γ)) (exactly the ratio of
 * successive terms of E tr Ŝ⁻¹ = nd/(n − d − 1) at w = 0) is not small: never reliable there.
 */
export const HARD_EDGE_BELOW = 2;

/** How a result was corrected. */
export interface FiniteSizeInfo {
  /** The order asked for. */
  order: FiniteSizeOrder;
  /** Whether the first-order correction is in the returned values (false for 'none', or at breakdown). */
  applied: boolean;
  /**
   * max over the measures of |first-order correction| / |leading value| — computed in both modes,
   * so that 'none' results also say how large their finite-size bias is expected to be.
   */
  relativeSize: number;
  /**
   * The returned values are within about 1 % (RELIABLE_ERROR) of the finite-d expectation:
   * relativeSize² < 1 % when applied, relativeSize < 1 % when not, and away from the hard edge
   * (n(1 − γ) ≥ HARD_EDGE_BELOW).
   */
  reliable: boolean;
}

export function requireFiniteSize(value: unknown): FiniteSizeOrder {
  if (value === undefined) return DEFAULT_FINITE_SIZE;
  if (value !== 'none' && value !== 'first-order') throw new InvalidArgumentError('finiteSize', value, "must be 'none' or 'first-order'");
  return value;
}

/**
 * Values below NEGLIGIBLE·unit (unit = d for totals, 1 per dimension) are not resolved by the
 * predictions (e.g. a train loss d·λ/ζ ~ 1e-40 at ᾱ = 1e-12 with λ = 1e-12, which rounds to 0
 * after the cancellation-free sums): relative sizes are measured against at least that floor.
 */
export const NEGLIGIBLE = 1e-12;

/**
 * |correction| / max(|leading|, NEGLIGIBLE·unit): 0 when the correction vanishes, +∞ only when
 * it is not finite (or the leading value is not).
 */
export function relativeCorrection(leading: number, correction: number, unit = 0): number {
  if (!Number.isFinite(correction) || Number.isNaN(leading)) return Infinity;
  const c = Math.abs(correction);
  if (c === 0) return 0;
  const l = Math.max(Math.abs(leading), NEGLIGIBLE * unit);
  return l > 0 ? c / l : Infinity;
}

/**
 * The info of a result whose measures have the given relative size, at a point where
 * n(1 − γ) = oneMinusGammaTimesN (the smallest one if the result spans several ridges).
 */
export function finiteSizeInfo(order: FiniteSizeOrder, relativeSize: number, oneMinusGammaTimesN: number): FiniteSizeInfo {
  const applied = order === 'first-order' && relativeSize < BREAKDOWN_AT;
  const error = applied ? relativeSize * relativeSize : relativeSize;
  return { order, applied, relativeSize, reliable: error < RELIABLE_ERROR && oneMinusGammaTimesN >= HARD_EDGE_BELOW };
}

const LOSS_NAMES = ['trainLoss', 'testLoss', 'gap', 'referenceLoss', 'alignment'] as const;

/**
 * Leading measures plus their first-order corrections: the info (relative size over the measures)
 * and the values to report — corrected when the order asks for it and the expansion has not
 * broken down (docs/theory.md §6.6). Shared by every loss prediction.
 */
export function applyLossCorrections(
  order: FiniteSizeOrder,
  leading: LossMeasures,
  correction: LossMeasures,
  oneMinusGammaTimesN: number,
  unit: number,
): { values: LossMeasures; info: FiniteSizeInfo } {
  const info = finiteSizeInfo(order, lossRelativeSize(leading, correction, unit), oneMinusGammaTimesN);
  if (!info.applied) return { values: { ...leading }, info };
  const values = { ...leading };
  for (const name of LOSS_NAMES) values[name] += correction[name];
  return { values, info };
}

/** max over the loss measures of |correction|/|leading| (the reference loss is exact: 0); unit as in relativeCorrection. */
export function lossRelativeSize(leading: LossMeasures, correction: LossMeasures, unit: number): number {
  // The five measures written out (no keyed lookups: this runs once per step of every curve).
  return Math.max(
    0,
    relativeCorrection(leading.trainLoss, correction.trainLoss, unit),
    relativeCorrection(leading.testLoss, correction.testLoss, unit),
    relativeCorrection(leading.gap, correction.gap, unit),
    relativeCorrection(leading.referenceLoss, correction.referenceLoss, unit),
    relativeCorrection(leading.alignment, correction.alignment, unit),
  );
}

/**
 * The info of a result made of several predictions (curve rows and grids, a row's losses and its
 * KL): the largest relativeSize; applied and reliable only if every part is.
 */
export function worstFiniteSizeInfo(order: FiniteSizeOrder, parts: Iterable<FiniteSizeInfo>): FiniteSizeInfo {
  let relativeSize = 0;
  let applied = order === 'first-order';
  let reliable = true;
  for (const p of parts) {
    relativeSize = Math.max(relativeSize, p.relativeSize);
    applied &&= p.applied;
    reliable &&= p.reliable;
  }
  return { order, applied, relativeSize, reliable };
}
