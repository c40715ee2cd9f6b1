import { parseSpectrumSpec, SPECTRUM_SPEC_HELP } from '../../spectra/parseSpectrumSpec.js';
import type { Spectrum } from '../../spectra/spectrum.js';
import type { Args, FlagSpec } from './args.js';
import type { CliIo } from '../files/io.js';
import { readDataBytes } from '../files/dataFiles.js';

export const DEFAULT_SPECTRUM = 'powerlaw:d=256,k=1';

export const SPECTRUM_FLAG: FlagSpec = { name: 'spectrum', value: 'SPEC', help: `population spectrum (${SPECTRUM_SPEC_HELP}); default ${DEFAULT_SPECTRUM}` };

/** The --spectrum flag (default power law k = 1, d = 256), with file: and data: specs read through io. */
export function readSpectrum(args: Args, io: CliIo, fallback = DEFAULT_SPECTRUM): Spectrum {
  return parseSpectrumSpec(args.string('spectrum') ?? fallback, spectrumReaders(io));
}

/** The file readers parseSpectrumSpec needs (data files with a size cap). */
export function spectrumReaders(io: CliIo): { readTextFile: (path: string) => string; readBinaryFile: (path: string) => Uint8Array } {
  return { readTextFile: io.readTextFile, readBinaryFile: (path) => readDataBytes(io, path) };
}
