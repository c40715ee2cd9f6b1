import { InvalidArgumentError } from '../errors.js';
import { parseNpy, parseSampleBytes } from '../datasets/sampleMatrix.js';
import { empiricalSpectrum } from './empiricalSpectrum.js';
import { createSpectrum, type Spectrum } from './spectrum.js';

/**
 * Columns a `data:` sample matrix may have: its covariance is d × d and is diagonalised by the
 * package's dense eigensolver (≈ 17 s at d = 2048 on one core, O(d³)).
 */
export const MAX_DATA_DIMENSION = 2048;

/**
 * `data:PATH`: the covariance spectrum of a sample matrix (rows = samples) given as the bytes
 * of a CSV or .npy file. Constant directions (eigenvalue ≤ 1e-10·λ_max) are dropped, as for
 * the mnist spectrum; `floor` raises them to that value instead.
 */
export function dataSpectrum(bytes: Uint8Array, source: string, options: { floor?: number } = {}): Spectrum {
  const m = parseSampleBytes(bytes, source);
  if (m.cols > MAX_DATA_DIMENSION) {
    throw new InvalidArgumentError(source, `${m.cols} columns`, `too many coordinates for a dense covariance (at most ${MAX_DATA_DIMENSION}); reduce the dimension first (e.g. PCA or pooling)`);
  }
  if (m.rows < 2) throw new InvalidArgumentError(source, `${m.rows} row`, 'needs at least two samples (rows)');
  return namingFile(source, () => empiricalSpectrum(m.data, m.rows, m.cols, { floor: options.floor }).spectrum);
}

/**
 * Run `make` on a file's data, with any argument error it throws renamed to name the file
 * (`invalid data.csv: eigenvalues[0] = …`): the user typed the path, not `eigenvalues`.
 */
export function namingFile<T>(source: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof InvalidArgumentError && !e.argument.startsWith(source)) throw new InvalidArgumentError(`${source}: ${e.argument}`, e.value, e.reason);
    throw e;
  }
}

/** `file:PATH.npy`: eigenvalues stored as a 1-D array (or a single row or column) of a .npy file. */
export function npyEigenvalues(bytes: Uint8Array, source: string): Spectrum {
  const m = parseNpy(bytes, source);
  if (m.rows !== 1 && m.cols !== 1) throw new InvalidArgumentError(source, `shape (${m.rows}, ${m.cols})`, 'eigenvalues must be a 1-D array (for a sample matrix use data:PATH)');
  return namingFile(source, () => createSpectrum(m.data));
}
