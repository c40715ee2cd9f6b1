import { InvalidArgumentError } from '../../errors.js';
import type { LossMeasures } from '../lossSums/lossMeasures.js';

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
 * A result is reliable when its estimated relative error is below this (docs/theory.md §6.6):
 * relativeSize × expansionParameter when the correction is applied (the next order), relativeSize
 * when it is not.
 */
export const RELIABLE_ERROR = 0.01;

/**
 * Hard edge: a distance from it (max(n, d)(1 − γ), EdgeInfo.distance) below this and the
 * expansion parameter 1/distance is not small: never reliable there. docs/theory.md §6.6.
 */
export const HARD_EDGE_BELOW = 3;

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
   * The ratio expected between the next-order term and the first-order one (docs/theory.md §6.6):
   * max(relativeSize, the largest relative correction of the resolvent traces). Away from the hard
   * edge it is relativeSize; near it (n ≈ d at small noise, on either side) the traces' dominates.
   */
  expansionParameter: number;
  /**
   * The estimated relative error of the returned values: relativeSize × expansionParameter when
   * the correction is applied, relativeSize (the whole first-order bias) when it is not.
   */
  estimatedError: number;
  /**
   * The returned values are within about 1 % (RELIABLE_ERROR) of the finite-d expectation:
   * estimatedError < 1 % and away from the hard edge (distance ≥ HARD_EDGE_BELOW). For a sum
   * over a schedule, also: less than 1 % of the sum comes from steps that are not reliable
   * themselves (ScheduleLosses' unreliableShare).
   */
  reliable: boolean;
  /**
   * Sums over a schedule only: the share of Σ_t w_t|value_t| that comes from steps which are not
   * reliable on their own (docs/theory.md §6.6); absent elsewhere.
   */
  unreliableShare?: number;
}

/**
 * Check a `finiteSize` option: 'none' or 'first-order', with undefined meaning the default.
 *
 * @example
 * ```ts
 * requireFiniteSize(undefined);   // 'first-order' (anything but 'none' / 'first-order' throws)
 * ```
 */
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
 *
 * @example
 * ```ts
 * relativeCorrection(2, 0.1);   // 0.05
 * ```
 */
export function relativeCorrection(leading: number, correction: number, unit = 0): number {
  if (!Number.isFinite(correction) || Number.isNaN(leading)) return Infinity;
  const c = Math.abs(correction);
  if (c === 0) return 0;
  const l = Math.max(Math.abs(leading), NEGLIGIBLE * unit);
  return l > 0 ? c / l : Infinity;
}

/** The hard-edge diagnostics of a first-order correction (docs/theory.md §6.6). */
export interface EdgeInfo {
  /**
   * Distance from the hard edge, max(n, d)(1 − γ): n(1 − γ) for n ≥ d and d(1 − γ) for n < d,
   * where the n × n companion with d degrees of freedom sets the expansion (isotropic, w → 0:
   * n − d and d − n).
   */
  distance: number;
  /**
   * The largest relative first-order correction of the four resolvent traces the predictions are
   * built from (tr G, tr G², tr ΣG, tr ΣG², each against its deterministic equivalent): the
   * expansion parameter of the traces, which a measure's own relative correction understates
   * when only part of it sits near the edge.
   */
  expansion: number;
}

/**
 * Distance from the hard edge, max(n, d)(1 − γ), from g = n(1 − γ) (docs/theory.md §6.6): the
 * inverse moments of Ŝ (n ≥ d) or of its n × n companion (n < d, d degrees of freedom) expand in
 * 1/(n − d) or 1/(d − n) (isotropic, w = 0), and this is that distance at any spectrum and ridge.
 *
 * @example
 * ```ts
 * edgeDistance(0.5, 128, 256);   // 1 (= 0.5 · max(1, d/n))
 * ```
 */
export function edgeDistance(oneMinusGammaTimesN: number, n: number, d: number): number {
  return oneMinusGammaTimesN * Math.max(1, d / n);
}

/**
 * The next-order-to-first-order ratio of a result (docs/theory.md §6.6): max(R, the traces'
 * expansion parameter). R, the measures' own relative correction, understates it when only part
 * of a measure sits near the hard edge (a small correction that is itself uncertain).
 *
 * @example
 * ```ts
 * expansionParameter(0.01, atZeroEdge(300, 256));   // ≈ 0.091 (the edge term dominates)
 * ```
 */
export function expansionParameter(relativeSize: number, edge: EdgeInfo): number {
  return Math.max(relativeSize, edge.expansion);
}

/**
 * The edge diagnostics where the result is at w = 0 with n > d: distance n − d (docs/theory.md §6.6).
 *
 * @example
 * ```ts
 * atZeroEdge(300, 256);   // { distance: 44, expansion: ≈ 0.091 }
 * ```
 */
export function atZeroEdge(n: number, d: number): EdgeInfo {
  const distance = Math.max(0, n - d);
  return { distance, expansion: distance > 3 ? 4 / distance : Infinity };
}

/**
 * The info of a result whose measures have the given relative size, at the given edge
 * diagnostics (the worst ones if the result spans several ridges).
 *
 * @example
 * ```ts
 * finiteSizeInfo('first-order', 0.01, atZeroEdge(300, 256));   // { applied: true, estimatedError: ≈ 9.1e-4, reliable: true, … }
 * ```
 */
export function finiteSizeInfo(order: FiniteSizeOrder, relativeSize: number, edge: EdgeInfo): FiniteSizeInfo {
  const applied = order === 'first-order' && relativeSize < BREAKDOWN_AT;
  const eps = expansionParameter(relativeSize, edge);
  // relativeSize 0 (no correction at all) is exact whatever ε is
  const estimatedError = applied ? (relativeSize > 0 ? relativeSize * eps : 0) : relativeSize;
  return { order, applied, relativeSize, expansionParameter: eps, estimatedError, reliable: estimatedError < RELIABLE_ERROR && edge.distance >= HARD_EDGE_BELOW };
}

const LOSS_NAMES = ['trainLoss', 'testLoss', 'gap', 'referenceLoss', 'alignment'] as const;

/**
 * Leading measures plus their first-order corrections: the info (relative size over the measures)
 * and the values to report — corrected when the order asks for it and the expansion has not
 * broken down (docs/theory.md §6.6). Shared by every loss prediction.
 *
 * @example
 * ```ts
 * const { measures } = lossCorrections(spectrum, ens, level, kappa);
 * applyLossCorrections('first-order', leading, measures, unit);   // the corrected LossMeasures and their FiniteSizeInfo
 * ```
 */
export function applyLossCorrections(
  order: FiniteSizeOrder,
  leading: LossMeasures,
  correction: LossMeasures,
  edge: EdgeInfo,
  unit: number,
): { values: LossMeasures; info: FiniteSizeInfo } {
  const info = finiteSizeInfo(order, lossRelativeSize(leading, correction, unit), edge);
  if (!info.applied) return { values: { ...leading }, info };
  const values = { ...leading };
  for (const name of LOSS_NAMES) values[name] += correction[name];
  return { values, info };
}

/**
 * max over the loss measures of |correction|/|leading| (the reference loss is exact: 0); unit as in relativeCorrection.
 *
 * @example
 * ```ts
 * lossRelativeSize(leading, correction, unit);   // max over the five measures of |correction| / |leading|, e.g. ≈ 0.001
 * ```
 */
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
 *
 * @example
 * ```ts
 * worstFiniteSizeInfo('first-order', points.map((p) => p.finiteSize));   // one FiniteSizeInfo: the largest size and error over the parts
 * ```
 */
export function worstFiniteSizeInfo(order: FiniteSizeOrder, parts: Iterable<FiniteSizeInfo>): FiniteSizeInfo {
  let relativeSize = 0;
  let expansion = 0;
  let estimatedError = 0;
  let unreliableShare: number | undefined;
  let applied = order === 'first-order';
  let reliable = true;
  for (const p of parts) {
    relativeSize = Math.max(relativeSize, p.relativeSize);
    if (p.unreliableShare !== undefined) unreliableShare = Math.max(unreliableShare ?? 0, p.unreliableShare);
    expansion = Math.max(expansion, p.expansionParameter);
    estimatedError = Math.max(estimatedError, p.estimatedError);
    applied &&= p.applied;
    reliable &&= p.reliable;
  }
  const info: FiniteSizeInfo = { order, applied, relativeSize, expansionParameter: expansion, estimatedError, reliable };
  if (unreliableShare !== undefined) info.unreliableShare = unreliableShare;
  return info;
}
