/**
 * The "original" data set of the transition metric (docs/theory.md §9, the onset-of-memorization paper’s §2.2 and eq. 19–21).
 *
 * Reading of the onset-of-memorization paper: ρ_O is "the original distribution inferred from N ≫ n samples from the
 * same [ρ]", de-singularised like the training set: ρ_O(x) = (1/N_O) Σ_k N(x; Y_k^O, ε_O² I) with
 * ε_O = σ N_O^(−1/d) (Fig. 3 caption), and E_OG sums over those N_O kernel centres (eq. 21). So
 * the original set is an independent sample of size N_O from ρ (N_O = 10⁴ in Fig. 3), not the
 * training set plus more points, and not ρ itself.
 *
 * It is drawn once per (seed, d, N_O, μ, Σ) from its own random stream, Random.forStream(seed,
 * ORIGINAL_STREAM), disjoint from the per-draw streams, and shared by every draw and every n of a
 * run. (The authors' script redraws it inside every simulation and every n; with N_O = 10⁴ the
 * O-dependent terms fluctuate by O(N_O^(−½)) relative, far below the training-set fluctuations
 * that decide the sign of Δ, and fixing it makes the draw-independent term ∫ρ_O² — N_O²/2 pair
 * distances, 5·10⁹ multiply-adds in d = 100 — a one-off cost instead of a per-draw one.)
 *
 * Points are stored relative to their sample mean (see gaussianOverlap.ts on why centres matter).
 */
import { InvalidArgumentError } from '../errors.js';
import { requireInteger, requirePositive } from '../validate.js';
import { logKdeSelfOverlapParts } from './kernelDensityOverlaps.js';
import { requireFiniteFloat64Array } from '../linalg/matrix.js';
import { columnPairOverlaps, sortedColumns } from './perCoordinateOverlaps.js';
import { Random } from '../random/random.js';

/** Stream index of the original set under the run's seed (draw k uses stream k < this). */
export const ORIGINAL_STREAM = Number.MAX_SAFE_INTEGER;

export interface OriginalSet {
  d: number;
  /** N_O. */
  size: number;
  /** Sample mean of the points (the frame they are stored in). */
  centre: Float64Array;
  /** N_O × d row-major, minus `centre`. */
  points: Float64Array;
  /** Kernel width ε_O of ρ_O. */
  epsilon: number;
  /** log ∫ρ_O² split into diagonal and pair parts (draw-independent; computed once, see kernelDensityOverlaps.ts). */
  logDiagonal: number;
  logPairs: number;
  /** Per-coordinate variant (eq. 23–24), when requested: 1-D width, sorted columns, pair parts of ∫ρ_{O,i}². */
  perCoordinate?: { epsilon: number; columns: Float64Array; pairOverlaps: Float64Array };
}

export interface OriginalSetOptions {
  /** Data mean μ (length d). */
  mean: Float64Array;
  /** Data variances (diagonal of Σ, length d). */
  variances: Float64Array;
  size: number;
  seed: number;
  epsilon: number;
  /** 1-D kernel width for the per-coordinate variant (omit to skip it). */
  perCoordinateEpsilon?: number;
  /** Progress of the O(size² d) self-overlap precomputation (done, total units of work). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Draw the original set from ρ = N(μ, diag(variances)) and precompute its self-overlaps.
 *
 * @example
 * ```ts
 * drawOriginalSet({ mean: new Float64Array(2), variances: new Float64Array([1, 1]), size: 10, seed: 1, epsilon: 0.5 });
 * // { d: 2, size: 10, points: Float64Array(20), centre, epsilon: 0.5, logDiagonal, logPairs }
 * ```
 */
export function drawOriginalSet(options: OriginalSetOptions): OriginalSet {
  const d = options.mean.length;
  requireInteger('d', d, 1);
  requireFiniteFloat64Array('variances', options.variances, d);
  const size = requireInteger('originalSize', options.size, 1);
  const seed = requireInteger('seed', options.seed, 0);
  const epsilon = requirePositive('epsilon', options.epsilon);
  const rng = Random.forStream(seed, ORIGINAL_STREAM);
  const raw = new Float64Array(size * d);
  rng.fillNormal(raw);
  const sd = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    if (!(options.variances[i] > 0)) throw new InvalidArgumentError(`variances[${i}]`, options.variances[i], 'must be > 0');
    sd[i] = Math.sqrt(options.variances[i]);
  }
  for (let k = 0; k < size; k++) for (let i = 0; i < d; i++) raw[k * d + i] = options.mean[i] + sd[i] * raw[k * d + i];
  return originalSetFromPoints(raw, size, d, epsilon, options.perCoordinateEpsilon, options.onProgress);
}

/**
 * An original set from given points (row-major size × d), e.g. read from a file.
 *
 * @example
 * ```ts
 * originalSetFromPoints(new Float64Array([0, 0, 1, 1]), 2, 2, 0.5);   // an OriginalSet of the 2 given points with kernel width 0.5
 * ```
 */
export function originalSetFromPoints(points: Float64Array, size: number, d: number, epsilon: number, perCoordinateEpsilon?: number, onProgress?: (done: number, total: number) => void): OriginalSet {
  requireInteger('size', size, 1);
  requireInteger('d', d, 1);
  requireFiniteFloat64Array('points', points, size * d);
  requirePositive('epsilon', epsilon);
  const centre = new Float64Array(d);
  for (let k = 0; k < size; k++) for (let i = 0; i < d; i++) centre[i] += points[k * d + i];
  for (let i = 0; i < d; i++) centre[i] /= size;
  const centred = new Float64Array(size * d);
  for (let k = 0; k < size; k++) for (let i = 0; i < d; i++) centred[k * d + i] = points[k * d + i] - centre[i];
  const parts = logKdeSelfOverlapParts(centred, size, d, epsilon, onProgress);
  const set: OriginalSet = { d, size, centre, points: centred, epsilon, logDiagonal: parts.logDiagonal, logPairs: parts.logPairs };
  if (perCoordinateEpsilon !== undefined) {
    requirePositive('perCoordinateEpsilon', perCoordinateEpsilon);
    const columns = sortedColumns(centred, size, d);
    set.perCoordinate = { epsilon: perCoordinateEpsilon, columns, pairOverlaps: columnPairOverlaps(columns, size, d, perCoordinateEpsilon) };
  }
  return set;
}
