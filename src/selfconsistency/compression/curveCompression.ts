/**
 * When and how the curve functions (solveKappaCurve, scheduleLosses, lossCurve) use a compressed
 * spectrum (docs/compression.md §5).
 */
import { InvalidArgumentError } from '../../errors.js';
import type { Spectrum } from '../../spectra/spectrum.js';
import { atomsNeeded, compressSpectrumUnchecked, type CompressedSpectrum } from './compressedSpectrum.js';

/** true: always (when it has fewer atoms than the spectrum), false: never, 'auto' (default): when it pays. */
export type CompressMode = boolean | 'auto';

/** What a curve result reports about the compression it used (null: exact spectrum). */
export interface CompressionInfo {
  /** Atoms of the Gauss rule the values were computed on. */
  atoms: number;
  /**
   * Largest relative error of the checked sums (docs/compression.md §4): the family
   * Σ w λ^p/(λ+κ)^q at the ends of the κ range used (against the exact spectrum) and on a grid
   * between them, and — for the loss curves — the loss sums at sample points. At most the
   * tolerance (1e-12), or the computation falls back to the exact spectrum. For the training
   * dynamics (dynamicsCurve, optimalStopping): the largest relative difference of the reported
   * values from the exact spectrum's at the checked points (docs/compression.md §6).
   */
  certifiedError: number;
}

export function readCompressMode(mode: unknown): CompressMode {
  if (mode === undefined) return 'auto';
  if (mode === true || mode === false || mode === 'auto') return mode;
  throw new InvalidArgumentError('compress', mode, "must be true, false or 'auto'");
}

/**
 * The compressed spectrum to run `points` κ solves on, or null for the exact one. 'auto' compresses
 * only when the estimated work is at least 4× smaller: a Newton pass costs one unit per atom, a
 * point ≈ 3 passes, building and checking the rule ≈ 25 units per distinct eigenvalue plus the
 * global Lanczos, 0.4 m² units per node of the (pre-reduced) reference.
 */
export function compressionFor(spectrum: Spectrum, mode: CompressMode, points: number): CompressedSpectrum | null {
  if (mode === false) return null;
  const M = spectrum.eigenvalues.length;
  if (mode === 'auto') {
    const h = 0.5 * Math.log(spectrum.eigenvalues[0] / spectrum.eigenvalues[M - 1]);
    const m = atomsNeeded(h);
    if (M <= m) return null;
    const ref = Math.min(M, 36 * h + 64); // ≈ 18 nodes per unit of t after pre-reduction
    const exact = 3 * points * M;
    const compressed = 3 * points * m + 25 * M + 0.4 * m * m * ref;
    if (!(exact >= 4 * compressed)) return null;
  }
  return compressSpectrumUnchecked(spectrum);
}
