import { readFileSync } from 'node:fs';
import { parseSpectrumSpec } from '../spectra/parseSpectrumSpec.js';
import type { Spectrum } from '../spectra/spectrum.js';

/**
 * parseSpectrumSpec with the file system: `file:PATH` specs are read from disk (UTF-8). The
 * root entry's parseSpectrumSpec does no I/O and needs a `readTextFile` for `file:` specs.
 */
export function loadSpectrum(spec: string): Spectrum {
  return parseSpectrumSpec(spec, { readTextFile: (path) => readFileSync(path, 'utf8') });
}
