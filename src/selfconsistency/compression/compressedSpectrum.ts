/**
 * A compressed spectral measure (docs/compression.md): an m-point Gauss rule, in t = log λ, of the
 * population measure Σ_i w_i δ_{log λ_i}. Every real-κ quantity of the package is a sum
 * Σ_i w_i f(λ_i) with f in the class 𝓕_q of compressionBound.ts (analytic in |Im t| < π for every
 * κ > 0), so the rule reproduces them to the a priori bound (2.2), with m depending only on
 * log(λmax/λmin) and the target — 34 atoms for a power law with d = 4096, 53 for d = 10⁶, 204 for
 * 24 decades at the default 1e-12 — instead of d distinct eigenvalues.
 *
 * The result is an ordinary {@link Spectrum} (atoms λ'_j = e^{t_j}, weights w'_j > 0, the same d),
 * so every kernel that takes eigenvalues + weights runs on it unchanged.
 *
 * Construction (§1): nodes t_i mapped to x ∈ [−1, 1]; Lanczos with full reorthogonalisation
 * (jacobiMatrix.ts); Golub–Welsch (golubWelsch.ts). Above PREREDUCE distinct values the measure
 * is first reduced blockwise (§3): blocks of width ≤ 1/2 in t, each replaced by its own Gauss rule,
 * whose relative error is bounded uniformly in κ by (2.3) (≤ 1e-15 here). This keeps the cost
 * O(m₁² d) with m₁ ≈ 9 instead of O(m² d), and gives the a posteriori check (compressionCheck.ts)
 * a reference with d-independent size.
 */
import { requireSpectrum, type Spectrum } from '../../spectra/spectrum.js';
import { requirePositive } from '../../validate.js';
import { atomsFor, blockGaussBound, globalGaussBound } from './compressionBound.js';
import { golubWelsch } from './golubWelsch.js';
import { jacobiMatrix } from './jacobiMatrix.js';

/** Options of the spectrum compression (an m-atom Gauss rule in log λ, docs/compression.md). */
export interface CompressOptions {
  /**
   * Relative error the a posteriori check must certify (default 1e-12). The rule is sized so that
   * the a priori bound (2.2), relative to d · max f, is a tenth of it (docs/compression.md §2).
   */
  tolerance?: number;
  /** Pole order q of the integrand class 𝓕_q the bound covers; default 4. */
  order?: number;
}

export interface CompressedSpectrum {
  /** The atoms and weights, as a Spectrum with the source's d. */
  spectrum: Spectrum;
  /** The measure it was built from. */
  source: Spectrum;
  /**
   * What the a posteriori check compares against on its κ grid: the source itself, or for large d
   * its block pre-reduction (relative error ≤ reductionError for every f ∈ 𝓕_q and every κ).
   */
  reference: Spectrum;
  /** Rigorous relative error of the pre-reduction, (2.3); 0 when there is none. */
  reductionError: number;
  /** Number of atoms m. */
  atoms: number;
  /** B_q(m) of (2.2). */
  aPrioriBound: number;
  /** Relative error the a posteriori check must certify. */
  tolerance: number;
  /** Pole order q of the class 𝓕_q the bound covers. */
  order: number;
}

/**
 * Pre-reduction levels (§3): block widths in t, finest first. A level is applied when it at least
 * halves the number of nodes. Narrow blocks need few nodes (5 at width 1/16, 9 at 1/2, 17 at 2 for q = 4),
 * and the Lanczos cost per node is O(nodes per block²), so the fine level does the bulk cheaply
 * and the coarser ones bring the count down (≈ 18, then ≈ 9 nodes per unit of t) for the global rule.
 */
const LEVELS = [1 / 16, 1 / 2, 2];
/** Target relative error of each pre-reduction level, (2.3). */
const BLOCK_TOLERANCE = 1e-15;
const MAX_ATOMS = 1024;
/**
 * The a priori bound is relative to d · max f; the sum itself is smaller by the peak-to-mean ratio
 * R = d max f / Σ w f (≈ 2 for λ⁴/(λ+κ)⁴ with κ mid-range on a log-uniform spectrum, where the
 * bound is nearly attained). Sizing m for tolerance/10 leaves that margin: +2 atoms at d = 4096.
 */
const BOUND_MARGIN = 10;

/**
 * Atoms m of the global rule for half-width h in t: smallest m with B_q(m) ≤ tolerance/10.
 *
 * @example
 * ```ts
 * atomsNeeded(0.1);   // 6 (atoms per cluster for relative width 0.1 at tolerance 1e-12)
 * ```
 */
export function atomsNeeded(h: number, tolerance = 1e-12, order = 4): number {
  return atomsFor((k) => globalGaussBound(k, h, order), tolerance / BOUND_MARGIN, MAX_ATOMS);
}

/**
 * Compress a spectrum (validated) to a Gauss rule in log λ. Returns null when there is nothing to
 * gain (at most m distinct eigenvalues already) or when λmax/λmin is so large that even 1024 atoms
 * would not meet the bound.
 *
 * @example
 * ```ts
 * compressSpectrum(powerLawSpectrum({ d: 256, k: 1 }));   // { spectrum, atoms, reductionError, … } or null when it would not help
 * ```
 */
export function compressSpectrum(spectrum: Spectrum, options: CompressOptions = {}): CompressedSpectrum | null {
  const s = requireSpectrum(spectrum);
  const tolerance = options.tolerance === undefined ? 1e-12 : requirePositive('tolerance', options.tolerance);
  const order = options.order === undefined ? 4 : requirePositive('order', options.order);
  return compressSpectrumUnchecked(s, tolerance, order);
}

/** {@link compressSpectrum} without validation (internal callers have validated the spectrum). */
export function compressSpectrumUnchecked(source: Spectrum, tolerance = 1e-12, order = 4): CompressedSpectrum | null {
  const ev = source.eigenvalues;
  const M = ev.length;
  // Sorted decreasing, so t[0] is the largest.
  const tmax = Math.log(ev[0]);
  const tmin = Math.log(ev[M - 1]);
  const h = 0.5 * (tmax - tmin);
  const m = atomsNeeded(h, tolerance, order);
  // Nothing to gain, or no rule of at most MAX_ATOMS meets the bound (hundreds of decades).
  if (M <= m || globalGaussBound(m, h, order) > tolerance / BOUND_MARGIN) return null;
  let reference = source;
  let reductionError = 0;
  for (const width of LEVELS) {
    if (reference.eigenvalues.length <= 4 * m) break;
    const r = preReduce(reference, width, order);
    if (2 * r.spectrum.eigenvalues.length > reference.eigenvalues.length) continue;
    reference = r.spectrum;
    // Relative errors of successive levels compose: (1 + e1)(1 + e2) − 1.
    reductionError = reductionError + r.error + reductionError * r.error;
  }
  const rule = gaussRuleInLog(reference, tmin, tmax, m);
  return {
    spectrum: rule,
    source,
    reference,
    reductionError,
    atoms: rule.eigenvalues.length,
    aPrioriBound: globalGaussBound(rule.eigenvalues.length, h, order),
    tolerance,
    order,
  };
}

/** The m-point Gauss rule of the measure Σ w_i δ_{log λ_i}, mapped from [tmin, tmax] to [−1, 1]. */
function gaussRuleInLog(s: Spectrum, tmin: number, tmax: number, m: number): Spectrum {
  const M = s.eigenvalues.length;
  const c = 0.5 * (tmax + tmin);
  const h = 0.5 * (tmax - tmin);
  const x = new Float64Array(M);
  for (let i = 0; i < M; i++) x[i] = clampUnit((Math.log(s.eigenvalues[i]) - c) / h);
  const rule = golubWelsch(jacobiMatrix(x, s.weights, 0, M, m));
  return atomsToSpectrum(rule.nodes, rule.weights, c, h, s.d);
}

/**
 * §3: split the sorted nodes into consecutive blocks of width ≤ `width` in t; a block with more
 * nodes than its rule needs (bound (2.3) ≤ BLOCK_TOLERANCE) is replaced by that rule (block-local
 * map to [−1, 1]); other nodes are kept exactly.
 */
function preReduce(s: Spectrum, width: number, order: number): { spectrum: Spectrum; error: number } {
  const ev = s.eigenvalues;
  const wt = s.weights;
  const M = ev.length;
  const t = new Float64Array(M);
  for (let i = 0; i < M; i++) t[i] = Math.log(ev[i]);
  const x = new Float64Array(M);
  const outL: number[] = [];
  const outW: number[] = [];
  // One rule size for the level: (2.3) grows with h, so the width's bound covers every block.
  const hLevel = 0.5 * width;
  const mb = atomsFor((k) => blockGaussBound(k, hLevel, order), BLOCK_TOLERANCE, 64);
  let error = 0;
  let start = 0;
  while (start < M) {
    let end = start + 1;
    while (end < M && t[start] - t[end] <= width) end++;
    const count = end - start;
    const hi = t[start];
    const lo = t[end - 1];
    const hb = 0.5 * (hi - lo);
    if (count <= mb || !(hb > 0)) {
      for (let i = start; i < end; i++) {
        outL.push(ev[i]); // exact (not e^{log λ}, which would cost |t| ε)
        outW.push(wt[i]);
      }
    } else {
      const cb = 0.5 * (hi + lo);
      for (let i = start; i < end; i++) x[i] = clampUnit((t[i] - cb) / hb);
      const J = jacobiMatrix(x, wt, start, count, mb);
      const rule = golubWelsch(J);
      // A rule cut short by breakdown (J.m < mb) is exact to rounding for its block.
      error = Math.max(error, blockGaussBound(mb, hLevel, order));
      for (let j = rule.nodes.length - 1; j >= 0; j--) {
        outL.push(Math.exp(cb + hb * rule.nodes[j]));
        outW.push(rule.weights[j]);
      }
    }
    start = end;
  }
  return { spectrum: { eigenvalues: Float64Array.from(outL), weights: Float64Array.from(outW), d: s.d }, error };
}

/** Atoms e^{c + h θ_j} in decreasing order (the Spectrum convention), weights alongside. */
function atomsToSpectrum(nodes: Float64Array, weights: Float64Array, c: number, h: number, d: number): Spectrum {
  const m = nodes.length;
  const eigenvalues = new Float64Array(m);
  const w = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    // nodes ascend, so reverse for decreasing λ.
    eigenvalues[j] = Math.exp(c + h * nodes[m - 1 - j]);
    w[j] = weights[m - 1 - j];
  }
  return { eigenvalues, weights: w, d };
}

function clampUnit(x: number): number {
  return x > 1 ? 1 : x < -1 ? -1 : x;
}
