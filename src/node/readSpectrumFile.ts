import { readTextFileChecked } from './safeReadFile.js';
import { parseSpectrumSpec } from '../spectra/parseSpectrumSpec.js';
import type { Spectrum } from '../spectra/spectrum.js';
import { readDataFile } from './readDataFile.js';

/**
 * parseSpectrumSpec with the file system: `file:PATH` specs are read from disk (UTF-8, a BOM
 * dropped; regular files of at most LIMITS.fileBytes only, see readFileChecked; `.npy` as bytes),
 * `data:PATH` sample matrices as bytes with a size cap (readDataFile). The root entry's
 * parseSpectrumSpec does no I/O and needs readers for these specs.
 *
 * @example
 * ```ts
 * const spectrum = loadSpectrum('file:eigenvalues.txt');   // or .npy, or data:samples.csv (their covariance)
 * ```
 */
export function loadSpectrum(spec: string): Spectrum {
  return parseSpectrumSpec(spec, { readTextFile: (path) => readTextFileChecked(path), readBinaryFile: (path) => readDataFile(path) });
}
