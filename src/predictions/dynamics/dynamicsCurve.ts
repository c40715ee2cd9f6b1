/**
 * The training dynamics along a grid of times (a τ or step curve) on the compressed spectrum, with
 * an exact check (docs/compression.md §6).
 *
 * Every dynamics point integrates functions of Σ̂'s eigenvalues against the spectral measures of
 * Ŝ, whose companion equation sums λ/(1 + λ m̲) over the population: once per quadrature node,
 * ≈ 10⁴ nodes per point. With an analytic filter h these integrals are contour integrals of the
 * resolvent away from the real axis, where the Gauss rule in log λ (compressedSpectrum.ts) is as
 * accurate as for the real-κ sums; measured (docs/compression.md §6) the compressed points agree
 * with the exact ones to ≤ 3e-11 (d → ∞ values, quadrature tolerance 1e-12) and the corrections to
 * ≤ 1e-4 of themselves, at 3–15× less time for a 30-point curve (the two exact points included). The a priori bound of the rule covers the real-κ
 * family only, so each curve is checked a posteriori: its first point is computed on the exact
 * spectrum too before the others (a spectrum the rule does not serve costs one extra point), then
 * its last, and the compressed curve is kept only if both agree (pointsAgree: CHECK_TOLERANCE for
 * the d → ∞ values, CORRECTION_CHECK_TOLERANCE for the corrections, the same applied flags);
 * otherwise the whole curve is computed exactly, reusing the exact points already made.
 */
import { InvalidArgumentError } from '../../errors.js';
import { requireSpectrum, type Spectrum } from '../../spectra/spectrum.js';
import { compressionFor, readCompressMode, type CompressMode, type CompressionInfo } from '../../selfconsistency/compression/curveCompression.js';
import { modelEnsemble } from '../model/ensemble.js';
import { NEGLIGIBLE, requireFiniteSize } from '../finiteSize/finiteSize.js';
import { noiseLevel } from '../model/noiseLevel.js';
import { dynamicsPoint, type DynamicsOptions, type DynamicsPoint } from './trainingDynamics.js';
import { trainingFilter, type TrainingTime } from './trainingFilter.js';

/**
 * The check (see pointsAgree): the d → ∞ values must agree to CHECK_TOLERANCE relative — 100×
 * the default quadrature tolerance of their integrals (1e-10), far below any Monte Carlo
 * resolution — and the first-order corrections to CORRECTION_CHECK_TOLERANCE of their own size:
 * a correction is an O(1/d) estimate whose own error is of relative size ≈ relativeSize
 * (docs/theory.md §6.6, ≳ 1e-3 wherever it matters), so a 1e-4 discrepancy is far inside it.
 * Measured: ≤ 3e-11 (d → ∞) and < 1e-4 of the correction (docs/compression.md §6).
 */
export const CHECK_TOLERANCE = 1e-8;
export const CORRECTION_CHECK_TOLERANCE = 1e-4;

/** Options of {@link dynamicsCurve}: the model at one noise level and the training times. */
export interface DynamicsCurveOptions extends DynamicsOptions {
  /** The times of the curve (gradient-flow τ or gradient-descent steps). */
  times: TrainingTime[];
  /** true / false / 'auto' (default: when the rule has at most half the spectrum's distinct eigenvalues and the curve ≥ 3 points). */
  compress?: CompressMode;
  /** Called after each point (progress bars): done, total. */
  onPoint?: (done: number, total: number) => void;
}

export interface DynamicsCurveResult {
  points: DynamicsPoint[];
  /** The compression the points were computed on, with the largest relative difference found by the check (null: exact spectrum). */
  compression: CompressionInfo | null;
  converged: boolean;
}

const MEASURES = ['trainLoss', 'testLoss', 'gap', 'alignment', 'referenceLoss'] as const;

/**
 * predictDynamics at every time of the grid (see the file comment for the compression).
 *
 * @example
 * ```ts
 * const { points } = dynamicsCurve({ spectrum, N: 64, abar: 0.7, times: [{ tau: 0.1 }, { tau: 1 }, { tau: 10 }] });
 * ```
 */
export function dynamicsCurve(options: DynamicsCurveOptions): DynamicsCurveResult {
  const spectrum = requireSpectrum(options.spectrum);
  const mean = options.mean ?? 'estimated';
  const ens = modelEnsemble(options.N, mean);
  const level = noiseLevel(options.abar, { c: options.c ?? 0 });
  const order = requireFiniteSize(options.finiteSize);
  const tolerance = options.tolerance ?? 1e-10;
  if (!Array.isArray(options.times)) throw new InvalidArgumentError('times', typeof options.times, 'must be an array of training times');
  const filters = options.times.map((t) => trainingFilter(level, t));
  const mode = readCompressMode(options.compress);
  const total = filters.length + 2; // + the two exact points of the check
  let done = 0;
  const at = (measure: Spectrum, i: number) => {
    const p = dynamicsPoint(measure, ens.N, mean, ens.meanFactor, level, filters[i], tolerance, order);
    options.onPoint?.(Math.min(++done, total), total);
    return p;
  };
  const compressed = filters.length >= 3 || mode === true ? compressedFor(spectrum, mode) : null;
  const last = filters.length - 1;
  // Exact points computed for the check, kept for the fallback.
  const exact: (DynamicsPoint | undefined)[] = new Array(filters.length);
  if (compressed !== null && filters.length > 0) {
    // The first point is checked before the rest is computed, so that a spectrum the rule does
    // not serve costs one compressed point, not a whole curve; then the last one.
    exact[0] = at(spectrum, 0);
    const first0 = at(compressed, 0);
    const first = pointsAgree(first0, exact[0], spectrum.d);
    if (first.agree) {
      const points = filters.map((_, i) => (i === 0 ? first0 : at(compressed, i)));
      exact[last] ??= at(spectrum, last);
      const end = pointsAgree(points[last], exact[last]!, spectrum.d);
      if (end.agree) {
        options.onPoint?.(total, total);
        const compression = { atoms: compressed.eigenvalues.length, certifiedError: Math.max(first.difference, end.difference) };
        return { points, compression, converged: points.every((p) => p.converged) };
      }
    }
  }
  const points = filters.map((_, i) => exact[i] ?? at(spectrum, i));
  return { points, compression: null, converged: points.every((p) => p.converged) };
}

/** The compressed measure for a dynamics curve, or null for the exact spectrum. */
export function compressedFor(spectrum: Spectrum, mode: CompressMode): Spectrum | null {
  // A dynamics point costs ≈ 10⁴ companion solves of one pass each over the measure, against the
  // rule's one-off O(m·d) build: whenever the rule is much smaller than the spectrum it pays.
  if (mode === 'auto') {
    const c = compressionFor(spectrum, true, 1);
    return c !== null && 2 * c.atoms <= spectrum.eigenvalues.length ? c.spectrum : null;
  }
  return compressionFor(spectrum, mode, 1)?.spectrum ?? null;
}

/**
 * Whether a compressed point matches the exact one (the check of CHECK_TOLERANCE and
 * CORRECTION_CHECK_TOLERANCE), and the largest relative difference of the reported values over
 * the measures (∞ when one applied the finite-size correction and the other did not, or one did
 * not converge). Relative to max(|exact|, NEGLIGIBLE·d), as finiteSize.ts measures small values.
 */
export function pointsAgree(p: DynamicsPoint, exact: DynamicsPoint, d: number): { agree: boolean; difference: number } {
  if (p.finiteSize.applied !== exact.finiteSize.applied || p.converged !== exact.converged) return { agree: false, difference: Infinity };
  let agree = true;
  let difference = 0;
  for (const m of MEASURES) {
    const floor = NEGLIGIBLE * d;
    const asymptotic = Math.abs(p.asymptotic[m] - exact.asymptotic[m]) / Math.max(Math.abs(exact.asymptotic[m]), floor);
    const correction = Math.abs(p[m] - p.asymptotic[m] - (exact[m] - exact.asymptotic[m]));
    const allowed = CORRECTION_CHECK_TOLERANCE * Math.abs(exact[m] - exact.asymptotic[m]) + CHECK_TOLERANCE * Math.max(Math.abs(exact[m]), floor);
    agree &&= asymptotic <= CHECK_TOLERANCE && correction <= allowed;
    const diff = Math.abs(p[m] - exact[m]) / Math.max(Math.abs(exact[m]), floor);
    difference = Math.max(difference, Number.isFinite(diff) ? diff : Infinity);
  }
  return { agree: agree && Number.isFinite(difference), difference };
}
