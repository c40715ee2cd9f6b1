/**
 * L² overlaps of Gaussian kernel density estimates (docs/theory.md §9, the onset-of-memorization paper’s eq. 10, 19–21).
 *
 * A sample x_1..x_n with kernel width ε defines ρ_K(x) = (1/n) Σ_k N(x; x_k, ε²I). Its overlaps
 * are closed-form sums of Gaussian overlaps (gaussianOverlap.ts):
 *
 *   ∫ρ_K²      = (1/n²) Σ_{i,j} N(x_i; x_j, 2ε²I)
 *              = (4πε²)^(−d/2) n⁻² [n + 2 Σ_{i<j} exp(−‖x_i − x_j‖²/(4ε²))]      (the onset-of-memorization paper’s eq. 21)
 *   ∫ρ_A ρ_B   = (1/(n_A n_B)) Σ_{i,j} N(a_i; b_j, (ε_A² + ε_B²) I)
 *   ∫ρ_K ρ_G   = (1/n) Σ_k N(m; x_k, Σ_G + ε²I)
 *
 * all returned as logarithms. In the self-overlap every pair term is ≤ 1 and the diagonal
 * contributes exactly n, so the bracket lies in [n, n²] and is summed directly; the cross sums
 * can be entirely below the smallest double (far-apart sets in high d) and use log-sum-exp.
 *
 * Squared distances come from dot products, ‖a − b‖² = ‖a‖² + ‖b‖² − 2a·b, in 4 × 4 register
 * blocks (the dominant cost: the N_O(N_O − 1)/2 pairs of the original set, once per run). With
 * centred inputs ‖a‖² is of the order of the distances, so the subtraction loses nothing that
 * matters: where it loses relative accuracy (near-duplicate points) the term is ≈ 1 and its
 * exponent is still accurate in absolute terms. Negative rounding is clamped to 0.
 */
import { InvalidArgumentError } from '../errors.js';
import { requireInteger, requirePositive } from '../validate.js';
import type { EigenGaussian } from './eigenGaussian.js';
import { logGaussianOverlaps } from './gaussianOverlap.js';
import { logMeanExp } from './logSumExp.js';
import { requireFiniteFloat64Array } from '../linalg/matrix.js';
import { crossWithResidentPanels } from '../linalg/wasmKernels.js';

const LOG_PI = Math.log(Math.PI);

/**
 * log ∫ρ_K² for the kernel density estimate of the rows of `points` (count × d) with width ε.
 *
 * @example
 * ```ts
 * logKdeSelfOverlap(new Float64Array([0, 0, 1, 1]), 2, 2, 0.5);   // ≈ −1.711 (two points in d = 2, width 0.5)
 * ```
 */
export function logKdeSelfOverlap(points: Float64Array, count: number, d: number, epsilon: number): number {
  const parts = logKdeSelfOverlapParts(points, count, d, epsilon);
  return logAddExp(parts.logDiagonal, parts.logPairs);
}

/**
 * ∫ρ_K² split into its diagonal part (i = j: (4πε²)^(−d/2)/n) and its pair part
 * ((4πε²)^(−d/2) n⁻² 2Σ_{i<j} exp(−‖x_i − x_j‖²/(4ε²))), as logarithms (logPairs = −Infinity
 * when every pair term underflows).
 *
 * Why split: with the onset-of-memorization paper’s widths ε = σ size^(−1/d) the diagonal part is (4πσ²)^(−d/2) for
 * every size, so in Δ = ∫ρ_T² − ∫ρ_O² − … the diagonals cancel exactly and Δ is decided by the
 * much smaller pair parts and cross terms (in d = 100 the pair parts are ~e^(−50) of the
 * diagonal). Subtracting the two rounded totals would leave a rounding residue ~1e-16 of the
 * diagonal that swamps them; the caller cancels the diagonals analytically instead
 * (transitionDraw.ts).
 *
 * @example
 * ```ts
 * logKdeSelfOverlapParts(new Float64Array([0, 0, 1, 1]), 2, 2, 0.5);   // { logDiagonal: ≈ −1.838, logPairs: ≈ −3.838 }
 * ```
 */
export function logKdeSelfOverlapParts(points: Float64Array, count: number, d: number, epsilon: number, onProgress?: (done: number, total: number) => void): { logDiagonal: number; logPairs: number } {
  requireInteger('count', count, 1);
  requireInteger('d', d, 1);
  requirePositive('epsilon', epsilon);
  requireFiniteFloat64Array('points', points, count * d);
  const logNorm = -0.5 * d * (LOG_PI + Math.log(4 * epsilon * epsilon));
  const pairs = pairExponentialSum(points, count, d, 1 / (4 * epsilon * epsilon), onProgress);
  return {
    logDiagonal: logNorm - Math.log(count),
    logPairs: pairs > 0 ? logNorm + Math.log(2 * pairs) - 2 * Math.log(count) : -Infinity,
  };
}

function logAddExp(a: number, b: number): number {
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/**
 * Σ_{i<j} exp(−c‖x_i − x_j‖²) over the rows of a count × d matrix (c > 0). Blocked kernel; each
 * term is ≤ 1 so plain summation is safe.
 *
 * The terms are added in a fixed order — 4 × 4 tiles of (i, j), tile rows i0 ascending, then tile
 * columns j0 ≥ i0 ascending, then i, then j > i — and every dot product is summed over the
 * coordinates in order. When WebAssembly SIMD is available (linalg/wasmKernels.ts) the dot
 * products of strips of 64 rows against all later rows come from its tile kernel, with the point
 * set kept in the module's memory; the terms are then added in the same order, so the sum is
 * bit-identical to the TypeScript loop's, only ≈ 3× faster (the N_O(N_O − 1)/2 = 5·10⁷ pairs of
 * the original set in d = 100 are the one-off setup of bench/transition.mjs).
 * `onProgress(done, total)` counts rows of pairs done (weighted by their work), after each strip
 * or block of rows.
 */
export function pairExponentialSum(points: Float64Array, count: number, d: number, c: number, onProgress?: (done: number, total: number) => void): number {
  const norms = rowNorms(points, count, d);
  const count4 = count & ~3;
  let total = 0;
  let from = 0;
  if (count4 >= PAIR_MIN_COUNT && d > 0) {
    const tail = new Float64Array(PAIR_STRIP * 4);
    for (let s0 = 0; s0 < count4; s0 += PAIR_STRIP) {
      const R4 = Math.min(PAIR_STRIP, count4 - s0);
      const N4 = (count - s0) & ~3;
      // Packed afresh at the first strip; the later strips of this call reuse it.
      const res = crossWithResidentPanels(points, count, d, points, s0 * d, d, R4, s0, N4, s0 > 0);
      if (res === null) break;
      const { view, offset } = res;
      // Columns past the last full panel (count % 4 of them): plain dot products.
      const jTail = s0 + N4;
      for (let a = 0; a < R4; a++) {
        for (let j = jTail; j < count; j++) {
          let dot = 0;
          for (let l = 0; l < d; l++) dot += points[(s0 + a) * d + l] * points[j * d + l];
          tail[a * 4 + (j - jTail)] = dot;
        }
      }
      for (let i0 = s0; i0 < s0 + R4; i0 += 4) {
        // A term below total·2^-54 is under half an ulp of the running total, so adding it
        // cannot change the total (round to nearest): skip its exp. exp(−c s) ≤ total·2^-54 when
        // −c s < log(total) − 54 ln 2 − 1 (the 1 covers exp's and log's last-bit errors). The
        // bound is refreshed once per tile row; the total only grows, so a stale bound only
        // skips less. The sum is bit-identical to adding every term.
        const skipBelow = total > 0 ? Math.log(total) - SKIP_MARGIN : -Infinity;
        for (let j0 = i0; j0 < count; j0 += 4) {
          if (j0 > i0 && j0 + 4 <= jTail) {
            // A full off-diagonal tile (all j > i, all dots from the kernel): the same terms in
            // the same order as the general loop below, without its bounds and branches.
            for (let i = i0; i < i0 + 4; i++) {
              const ro = offset + (i - s0) * N4 - s0;
              const ni = norms[i];
              for (let j = j0; j < j0 + 4; j++) {
                let s = ni + norms[j] - 2 * view[ro + j];
                if (s < 0) s = 0;
                const x = -c * s;
                if (x < skipBelow) continue;
                total += Math.exp(x);
              }
            }
            continue;
          }
          const jEnd = Math.min(j0 + 4, count);
          for (let i = i0; i < i0 + 4; i++) {
            const ro = offset + (i - s0) * N4 - s0;
            const ni = norms[i];
            for (let j = Math.max(j0, i + 1); j < jEnd; j++) {
              const dot = j < jTail ? view[ro + j] : tail[(i - s0) * 4 + (j - jTail)];
              let s = ni + norms[j] - 2 * dot;
              if (s < 0) s = 0;
              const x = -c * s;
              if (x < skipBelow) continue;
              total += Math.exp(x);
            }
          }
        }
      }
      from = s0 + R4;
      if (onProgress) onProgress(work(from, count), work(count, count));
    }
  }
  return pairTiles(points, count, d, c, norms, from, total, onProgress);
}

/** 54 ln 2 + 1: see the skip test in pairExponentialSum. */
const SKIP_MARGIN = 54 * Math.LN2 + 1;

/** Rows per strip of pairExponentialSum's WebAssembly path. */
const PAIR_STRIP = 64;
/**
 * Smaller sets (training sets, n ≤ a few hundred) stay in TypeScript: they are cheap, and keeping
 * them out of the module's memory leaves the original set resident there between draws.
 */
const PAIR_MIN_COUNT = 512;

/** The TypeScript tiles of pairExponentialSum for tile rows i0 ≥ from, continuing `total`. */
function pairTiles(points: Float64Array, count: number, d: number, c: number, norms: Float64Array, from: number, total: number, onProgress?: (done: number, total: number) => void): number {
  const B = 4;
  for (let i0 = from; i0 < count; i0 += B) {
    const iEnd = Math.min(i0 + B, count);
    for (let j0 = i0; j0 < count; j0 += B) {
      const jEnd = Math.min(j0 + B, count);
      if (iEnd - i0 === B && jEnd - j0 === B) {
        const dots = dot4x4(points, points, i0 * d, j0 * d, d);
        for (let a = 0; a < B; a++) {
          const i = i0 + a;
          for (let b = 0; b < B; b++) {
            const j = j0 + b;
            if (j <= i) continue;
            let s = norms[i] + norms[j] - 2 * dots[a * B + b];
            if (s < 0) s = 0;
            total += Math.exp(-c * s);
          }
        }
      } else {
        for (let i = i0; i < iEnd; i++) {
          for (let j = Math.max(j0, i + 1); j < jEnd; j++) {
            let dot = 0;
            for (let l = 0; l < d; l++) dot += points[i * d + l] * points[j * d + l];
            let s = norms[i] + norms[j] - 2 * dot;
            if (s < 0) s = 0;
            total += Math.exp(-c * s);
          }
        }
      }
    }
    if (onProgress) onProgress(work(iEnd, count), work(count, count));
  }
  return total;
}

/**
 * log ∫ρ_A ρ_B for two kernel density estimates (rows of `a`, `b`, widths ε_A, ε_B), i.e.
 * log mean_{i,j} N(a_i; b_j, (ε_A² + ε_B²)I). Both point sets must be given in the same frame
 * (subtract one common centre from both if their mean is large). Streaming log-sum-exp over the
 * n_A·n_B pairs, O(1) memory.
 *
 * @example
 * ```ts
 * logKdeCrossOverlap(new Float64Array([0, 0, 1, 1]), 2, 0.5, new Float64Array([0, 1]), 1, 0.5, 2);   // ≈ −2.145
 * ```
 */
export function logKdeCrossOverlap(
  a: Float64Array,
  countA: number,
  epsilonA: number,
  b: Float64Array,
  countB: number,
  epsilonB: number,
  d: number,
): number {
  requireInteger('d', d, 1);
  requireInteger('countA', countA, 1);
  requireInteger('countB', countB, 1);
  requirePositive('epsilonA', epsilonA);
  requirePositive('epsilonB', epsilonB);
  requireFiniteFloat64Array('a', a, countA * d);
  requireFiniteFloat64Array('b', b, countB * d);
  const v = epsilonA * epsilonA + epsilonB * epsilonB;
  const lse = crossLogSumExp(a, countA, b, countB, d, 1 / (2 * v));
  return lse - Math.log(countA) - Math.log(countB) - 0.5 * d * (Math.log(2 * Math.PI) + Math.log(v));
}

/** log Σ_{i,j} exp(−c‖a_i − b_j‖²), streaming (running maximum, rescaled sum). */
export function crossLogSumExp(a: Float64Array, countA: number, b: Float64Array, countB: number, d: number, c: number): number {
  const na = rowNorms(a, countA, d);
  const nb = rowNorms(b, countB, d);
  let max = -Infinity;
  let sum = 0;
  const e = new Float64Array(16);
  for (let i0 = 0; i0 < countA; i0 += 4) {
    const iEnd = Math.min(i0 + 4, countA);
    for (let j0 = 0; j0 < countB; j0 += 4) {
      const jEnd = Math.min(j0 + 4, countB);
      let m = 0;
      if (iEnd - i0 === 4 && jEnd - j0 === 4) {
        const dots = dot4x4(a, b, i0 * d, j0 * d, d);
        for (let t = 0; t < 16; t++) {
          let s = na[i0 + (t >> 2)] + nb[j0 + (t & 3)] - 2 * dots[t];
          if (s < 0) s = 0;
          e[m++] = -c * s;
        }
      } else {
        for (let i = i0; i < iEnd; i++) {
          for (let j = j0; j < jEnd; j++) {
            let dot = 0;
            for (let l = 0; l < d; l++) dot += a[i * d + l] * b[j * d + l];
            let s = na[i] + nb[j] - 2 * dot;
            if (s < 0) s = 0;
            e[m++] = -c * s;
          }
        }
      }
      let blockMax = -Infinity;
      for (let t = 0; t < m; t++) if (e[t] > blockMax) blockMax = e[t];
      if (blockMax > max) {
        sum *= Math.exp(max - blockMax);
        max = blockMax;
      }
      for (let t = 0; t < m; t++) sum += Math.exp(e[t] - max);
    }
  }
  return max + Math.log(sum);
}

/**
 * log ∫ρ_K ρ_G for the kernel density estimate of the rows of `points` (stored relative to
 * `shift`, i.e. kernel centres x_k + shift) with width ε and a Gaussian law ρ_G.
 *
 * @example
 * ```ts
 * logKdeGaussianOverlap(q, new Float64Array([0, 0, 1, 1]), 2, 0.5);   // ≈ −2.383 (q = N(0, I₂))
 * ```
 */
export function logKdeGaussianOverlap(law: EigenGaussian, points: Float64Array, count: number, epsilon: number, shift?: Float64Array): number {
  requirePositive('epsilon', epsilon);
  if (count < 1) throw new InvalidArgumentError('count', count, 'must be >= 1');
  return logMeanExp(logGaussianOverlaps(law, epsilon * epsilon, points, count, shift), count);
}

function rowNorms(x: Float64Array, count: number, d: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let s = 0;
    const o = i * d;
    for (let l = 0; l < d; l++) s += x[o + l] * x[o + l];
    out[i] = s;
  }
  return out;
}

const DOTS = new Float64Array(16);

/** The 4 × 4 block of dot products of rows a[oa..], a[oa+d..], … with rows b[ob..], …; shared scratch. */
function dot4x4(a: Float64Array, b: Float64Array, oa: number, ob: number, d: number): Float64Array {
  const a0 = oa, a1 = a0 + d, a2 = a1 + d, a3 = a2 + d;
  const b0 = ob, b1 = b0 + d, b2 = b1 + d, b3 = b2 + d;
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
  let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
  for (let l = 0; l < d; l++) {
    const y0 = b[b0 + l], y1 = b[b1 + l], y2 = b[b2 + l], y3 = b[b3 + l];
    let x = a[a0 + l];
    s00 += x * y0; s01 += x * y1; s02 += x * y2; s03 += x * y3;
    x = a[a1 + l];
    s10 += x * y0; s11 += x * y1; s12 += x * y2; s13 += x * y3;
    x = a[a2 + l];
    s20 += x * y0; s21 += x * y1; s22 += x * y2; s23 += x * y3;
    x = a[a3 + l];
    s30 += x * y0; s31 += x * y1; s32 += x * y2; s33 += x * y3;
  }
  const o = DOTS;
  o[0] = s00; o[1] = s01; o[2] = s02; o[3] = s03;
  o[4] = s10; o[5] = s11; o[6] = s12; o[7] = s13;
  o[8] = s20; o[9] = s21; o[10] = s22; o[11] = s23;
  o[12] = s30; o[13] = s31; o[14] = s32; o[15] = s33;
  return o;
}

/** Pairs (i, j ≥ i) in the first `rows` rows of a count-row triangle: the work done so far. */
function work(rows: number, count: number): number {
  return rows * count - (rows * (rows - 1)) / 2;
}
