/**
 * The per-coordinate variant of the kernel distances (the onset-of-memorization paper’s eq. 23–24, docs/theory.md §9):
 *
 *     E_TG = Σ_{i=1}^{d} ∫ (ρ_{T,i}(x) − ρ_{G,i}(x))² dx,   ρ_{T,i}(x) = (1/n) Σ_k N(x; x_k^i, ε²),
 *
 * with the 1-D kernel width ε = σ/n of eq. 24 (the d-dimensional rule ε = σ n^(−1/d) at d = 1).
 * ρ_{G,i} is the i-th marginal of the generated law: N(m_i, Σ_ii) for the one-step model, or a
 * kernel density estimate of generated samples (width σ/N_G) for samples produced elsewhere.
 * The seed evaluates these integrals on a 16-point grid; here every term is closed form:
 *
 *     ∫ρ_A ρ_B = (1/(n_A n_B)) Σ_{j,k} N(a_j; b_k, ε_A² + ε_B²),   ∫ N(·; m, v) ρ_B = (1/n_B) Σ_k N(m; b_k, v + ε_B²).
 *
 * In one dimension the pair sums are cheap to do exactly: with both samples sorted, a pair
 * contributes exp(−t) with t = (a − b)²/(2v), and for t > 745 that is exactly 0 in double
 * precision, so only pairs within a window of √(1490 v) need to be visited (two pointers). With
 * ε = σ/N_O = 10⁻⁴σ for the original set, that is a handful of neighbours per point instead of
 * N_O. The results are the full double sums, not approximations. Each 1-D overlap is at most
 * 1/√(2πv) ≈ n/σ, far from overflow, so plain (not log-space) arithmetic is used.
 */
import { InvalidArgumentError } from '../errors.js';
import { requireInteger, requirePositive } from '../validate.js';
import { requireFiniteFloat64Array } from '../linalg/matrix.js';

/** exp(−t) underflows to exactly 0 for t > 745.2 (below the smallest subnormal). */
const UNDERFLOW = 745.2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Column i of the row-major count × d matrix, minus shift_i, sorted: d arrays stored as one d × count block. */
export function sortedColumns(points: Float64Array, count: number, d: number, shift?: Float64Array): Float64Array {
  requireInteger('count', count, 1);
  requireInteger('d', d, 1);
  requireFiniteFloat64Array('points', points, count * d);
  const out = new Float64Array(count * d);
  for (let i = 0; i < d; i++) {
    const col = out.subarray(i * count, (i + 1) * count);
    const s = shift === undefined ? 0 : shift[i];
    for (let k = 0; k < count; k++) col[k] = points[k * d + i] - s;
    col.sort();
  }
  return out;
}

/** (1/n²) Σ_{j,k} N(x_j; x_k, 2ε²) for sorted x (length n): ∫ρ_K² of a 1-D kernel estimate. */
export function selfOverlap1d(sorted: Float64Array, epsilon: number): number {
  return selfDiagonal1d(sorted.length, epsilon) + selfPairOverlap1d(sorted, epsilon);
}

/** The j = k part of {@link selfOverlap1d}: 1/(n √(4πε²)). With ε = σ/n it is 1/(√(4π) σ) for every n. */
export function selfDiagonal1d(n: number, epsilon: number): number {
  return 1 / (n * Math.sqrt(4 * Math.PI * epsilon * epsilon));
}

/** The j ≠ k part of {@link selfOverlap1d}: 2 Σ_{j<k} exp(−(x_j − x_k)²/(4ε²)) / (n² √(4πε²)). */
export function selfPairOverlap1d(sorted: Float64Array, epsilon: number): number {
  const n = sorted.length;
  const v = 2 * epsilon * epsilon;
  const c = 1 / (2 * v);
  const window = Math.sqrt(UNDERFLOW / c);
  let pairs = 0;
  for (let j = 0; j < n; j++) {
    const x = sorted[j];
    for (let k = j + 1; k < n; k++) {
      const t = sorted[k] - x;
      if (t > window) break;
      pairs += Math.exp(-c * t * t);
    }
  }
  return (2 * pairs * INV_SQRT_2PI) / (Math.sqrt(v) * n * n);
}

/** (1/(n_A n_B)) Σ_{j,k} N(a_j; b_k, ε_A² + ε_B²) for sorted a, b: ∫ρ_A ρ_B in 1-D. */
export function crossOverlap1d(sortedA: Float64Array, epsilonA: number, sortedB: Float64Array, epsilonB: number): number {
  const na = sortedA.length;
  const nb = sortedB.length;
  const v = epsilonA * epsilonA + epsilonB * epsilonB;
  const c = 1 / (2 * v);
  const window = Math.sqrt(UNDERFLOW / c);
  let sum = 0;
  let lo = 0;
  for (let j = 0; j < na; j++) {
    const x = sortedA[j];
    while (lo < nb && sortedB[lo] < x - window) lo++;
    for (let k = lo; k < nb; k++) {
      const t = sortedB[k] - x;
      if (t > window) break;
      sum += Math.exp(-c * t * t);
    }
  }
  return (sum * INV_SQRT_2PI) / (Math.sqrt(v) * na * nb);
}

/** (1/n) Σ_k N(m; x_k, variance + ε²): overlap of N(m, variance) with a 1-D kernel estimate. */
export function gaussianCrossOverlap1d(mean: number, variance: number, sorted: Float64Array, epsilon: number): number {
  const n = sorted.length;
  const v = variance + epsilon * epsilon;
  const c = 1 / (2 * v);
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const t = sorted[k] - mean;
    sum += Math.exp(-c * t * t);
  }
  return (sum * INV_SQRT_2PI) / (Math.sqrt(v) * n);
}

/** ∫ N(x; m, v)² dx = 1/√(4πv). */
export function gaussianSelfOverlap1d(variance: number): number {
  return 1 / Math.sqrt(4 * Math.PI * variance);
}

/** Pair parts ({@link selfPairOverlap1d}) of every coordinate of one sample (sorted columns, d × count). */
export function columnPairOverlaps(columns: Float64Array, count: number, d: number, epsilon: number): Float64Array {
  requirePositive('epsilon', epsilon);
  if (columns.length !== count * d) throw new InvalidArgumentError('columns', columns.length, `must have length count·d = ${count * d}`);
  const out = new Float64Array(d);
  for (let i = 0; i < d; i++) out[i] = selfPairOverlap1d(columns.subarray(i * count, (i + 1) * count), epsilon);
  return out;
}
