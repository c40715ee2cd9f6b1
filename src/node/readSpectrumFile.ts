import { readFileSync } from 'node:fs';
import { parseSpectrumSpec } from '../spectra/parseSpectrumSpec.js';
import type { Spectrum } from '../spectra/spectrum.js';
import { readDataFile } from './readDataFile.js';

/**
 * parseSpectrumSpec with the file system: `file:PATH` specs are read from disk (UTF-8; `.npy`
 * as bytes), `data:PATH` sample matrices as bytes with a size cap (readDataFile). The root
 * entry's parseSpectrumSpec does no I/O and needs readers for these specs.
 */
export function loadSpectrum(spec: string): Spectrum {
  return parseSpectrumSpec(spec, { readTextFile: (path) => readFileSync(path, 'utf8'), readBinaryFile: (path) => readDataFile(path) });
}
