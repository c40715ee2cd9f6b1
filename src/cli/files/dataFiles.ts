/**
 * Data files for the CLI: `--spectrum data:PATH` (a sample matrix, CSV or .npy) and
 * `file:PATH.npy`, read through the command's io after a size check (src/node/readDataFile.ts),
 * and the data set as a Monte Carlo population.
 */
import { InvalidArgumentError } from '../../errors.js';
import { datasetPopulation, type DatasetPopulation } from '../../datasets/datasetPopulation.js';
import { orientSamples, parseSampleBytes } from '../../datasets/sampleMatrix.js';
import { checkDataFile, dataFileCap } from '../../node/readDataFile.js';
import { MAX_DATA_DIMENSION, namingFile, parseDataSpec } from '../../spectra/dataSpectrum.js';
import { createSpectrum } from '../../spectra/spectrum.js';
import type { CliIo } from './io.js';

/** Read a data file's bytes through io, refusing files over the cap before reading them. */
export function readDataBytes(io: CliIo, path: string): Uint8Array {
  const cap = dataFileCap();
  checkDataFile(path, cap);
  let bytes: Uint8Array;
  try {
    bytes = io.readBinaryFile(path);
  } catch (e) {
    if (e instanceof InvalidArgumentError) throw e;
    throw new InvalidArgumentError('data file', path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (bytes.length > cap) throw new InvalidArgumentError(path, `${bytes.length} bytes`, `is over the ${cap} byte limit for data files`);
  return bytes;
}

/** The path of a `data:PATH[,ddof=…][,d=…]` spec, or undefined for any other spec. */
export function dataPath(spec: string): string | undefined {
  const m = /^\s*data:(.*)$/i.exec(spec);
  return m ? parseDataSpec(m[1]).path : undefined;
}

/**
 * The data set of a `data:PATH` spec as the population of a Monte Carlo (rows drawn with
 * replacement, measured against the data's own mean and covariance), or undefined for other specs.
 */
export function readDataPopulation(spec: string, io: CliIo): DatasetPopulation | undefined {
  const body = /^\s*data:(.*)$/i.exec(spec)?.[1];
  if (body === undefined) return undefined;
  const { path, ddof, d } = parseDataSpec(body);
  if (path === '') throw new InvalidArgumentError('spectrum', spec, 'data: needs a path');
  // The Monte Carlo resamples the rows: its population covariance is the data's 1/N one.
  if (ddof === 1) throw new InvalidArgumentError('spectrum ddof', 1, 'does not apply with --draws: training sets drawn from the data (rows with replacement) have the covariance divided by N (ddof=0), so the theory must use that one');
  const m = orientSamples(parseSampleBytes(readDataBytes(io, path), path), path, d);
  if (m.cols > MAX_DATA_DIMENSION) throw new InvalidArgumentError(path, `${m.cols} columns`, `too many coordinates for a dense covariance (at most ${MAX_DATA_DIMENSION})`);
  if (m.rows < 2) throw new InvalidArgumentError(path, `${m.rows} row`, 'needs at least two samples (rows)');
  // Errors of the data themselves (constant rows, a covariance out of range) name the file; the
  // spectrum the commands build from the population is checked here too, for the same reason.
  return namingFile(path, () => {
    const population = datasetPopulation(m.data, m.rows, m.cols);
    if (population.eigenvalues.length === 0) throw new InvalidArgumentError(path, 'constant', 'the data do not vary: no positive eigenvalue');
    createSpectrum(population.eigenvalues);
    return population;
  });
}
