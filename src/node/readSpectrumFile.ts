import { readTextFileChecked } from './safeReadFile.js';
import { parseSpectrumSpec } from '../spectra/parseSpectrumSpec.js';
import type { Spectrum } from '../spectra/spectrum.js';

/**
 * parseSpectrumSpec with the file system: `file:PATH` specs are read from disk (UTF-8, a BOM
 * dropped; regular files of at most LIMITS.fileBytes only, see readFileChecked). The
 * root entry's parseSpectrumSpec does no I/O and needs a `readTextFile` for `file:` specs.
 */
export function loadSpectrum(spec: string): Spectrum {
  return parseSpectrumSpec(spec, { readTextFile: (path) => readTextFileChecked(path) });
}
