import { InvalidArgumentError } from '../../errors.js';
import { requireSpectrum, type Spectrum } from '../../spectra/spectrum.js';
import { requireFinite } from '../../validate.js';
import { checkCompression } from '../compression/compressionCheck.js';
import { compressionFor, readCompressMode, type CompressMode } from '../compression/curveCompression.js';
import type { KappaCurve } from './kappaCurveResult.js';
import { kappaCurveUnchecked, positiveRange } from './kappaCurveUnchecked.js';

export type { KappaCurve } from './kappaCurveResult.js';

/** Options of {@link solveKappaCurve}: one spectrum, many (n, ridge) points. */
export interface KappaCurveOptions {
  /** Population covariance spectrum Σ: eigenvalues with multiplicities (see {@link createSpectrum}). */
  spectrum: Spectrum;
  /** One n for all points, or one per point. */
  n: number | ArrayLike<number>;
  /** One ridge for all points, or one per point. */
  ridge: number | ArrayLike<number>;
  /** Step tolerance in log κ (default 1e-14, as solveKappa). */
  tolerance?: number;
  /** Maximum Newton iterations per point (default 200). */
  maxIterations?: number;
  /**
   * Solve on a certified Gauss-rule compression of the spectrum (docs/compression.md):
   * 'auto' (default) when that is estimated to be ≥ 4× cheaper, true whenever it has fewer atoms,
   * false never. Values agree with the exact spectrum to ~1e-13 relative.
   */
  compress?: CompressMode;
}


/**
 * κ at many (n, ridge) points, each warm-started from the previous one. Along a ridge
 * sweep at fixed n: second-order extrapolation of u = log κ in x = log w (exact slope
 * du/dx = w n/(κ ψ_u), curvature from the previous two slopes); otherwise the first-order
 * predictor du = [(n/κ)Δw − (δ/κ)Δn]/ψ_u (implicit differentiation of
 * ψ(u; n, w) = n − d + s(e^u) − n w e^{−u}). Along a noise schedule this leaves a start error
 * small enough that Newton needs about 2 passes per point. Same kernel and accuracy as
 * solveKappa (Newton, safeguarded); points in the order given.
 *
 * With compression (option `compress`) the passes run over an m-atom Gauss rule of the spectrum
 * (m ≈ 30–200, independent of d) and the result is checked against the exact spectrum over the
 * κ range used (docs/compression.md §4–5); if the check fails the curve is recomputed exactly.
 *
 * @example
 * ```ts
 * const curve = solveKappaCurve({ spectrum, n: 128, ridge: [1e-3, 1e-2, 1e-1, 1] });
 * ```
 */
export function solveKappaCurve(options: KappaCurveOptions): KappaCurve {
  const spectrum = requireSpectrum(options.spectrum);
  const length = curveLength(options.n, options.ridge);
  const nAt = accessor('n', options.n, length, 1);
  const wAt = accessor('ridge', options.ridge, length, 0);
  const tol = options.tolerance ?? 1e-14;
  const maxIt = options.maxIterations ?? 200;
  const mode = readCompressMode(options.compress);
  const compressed = compressionFor(spectrum, mode, length);
  if (compressed !== null) {
    const curve = kappaCurveUnchecked(compressed.spectrum, nAt, wAt, length, tol, maxIt, null);
    const range = positiveRange(curve.kappa);
    const check = range === null ? null : checkCompression(compressed, range[0], range[1]);
    if (check === null || check.passed) {
      curve.compression = { atoms: compressed.atoms, certifiedError: check === null ? 0 : check.maxRelativeError };
      return curve;
    }
  }
  return kappaCurveUnchecked(spectrum, nAt, wAt, length, tol, maxIt, null);
}

function curveLength(n: number | ArrayLike<number>, ridge: number | ArrayLike<number>): number {
  const ln = typeof n === 'number' ? -1 : n.length;
  const lw = typeof ridge === 'number' ? -1 : ridge.length;
  if (ln >= 0 && lw >= 0 && ln !== lw) {
    throw new InvalidArgumentError('ridge', `length ${lw}`, `must match the length of n (${ln})`);
  }
  return Math.max(ln, lw, 1);
}

/** Validate all values up front (so the kernel loop stays check-free) and return a getter. */
function accessor(name: string, v: number | ArrayLike<number>, length: number, min: number): (j: number) => number {
  if (typeof v === 'number') {
    check(name, v, min);
    return () => v;
  }
  for (let j = 0; j < length; j++) check(`${name}[${j}]`, v[j], min);
  return (j) => v[j];
}

function check(name: string, x: number, min: number): void {
  requireFinite(name, x);
  if (!(x >= min)) throw new InvalidArgumentError(name, x, `must be >= ${min}`);
}
