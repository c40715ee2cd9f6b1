import { didYouMean } from '../didYouMean.js';
import { InvalidArgumentError } from '../errors.js';
import { orientSamples, parseNpy, parseSampleBytes } from '../datasets/sampleMatrix.js';
import { empiricalSpectrum } from './empiricalSpectrum.js';
import { createSpectrum, type Spectrum } from './spectrum.js';

/**
 * Columns a `data:` sample matrix may have: its covariance is d × d and is diagonalised by the
 * package's dense eigensolver (≈ 17 s at d = 2048 on one core, O(d³)).
 */
export const MAX_DATA_DIMENSION = 2048;

/** The options of a `data:` spec: `data:PATH[,ddof=0|1][,d=D]`. */
export interface DataSpecOptions {
  /**
   * Delta degrees of freedom of the covariance, as numpy's: 0 (the default) divides by N — the
   * maximum-likelihood covariance, the one the theory's Σ̂ uses (docs/theory.md §1) and the
   * covariance of the data set as the population that `--draws` resamples — and 1 divides by
   * N − 1, as `np.cov(X, rowvar=False)` does (its eigenvalues are N/(N − 1) times larger).
   */
  ddof?: 0 | 1;
  /** The declared dimension: a d × N file is then read transposed (see orientSamples). */
  d?: number;
}

const DATA_KEYS = ['ddof', 'd'];

/**
 * Split the body of a `data:` spec into its path and options: trailing `,ddof=0|1` and `,d=D`
 * (a path may itself contain commas; only a trailing `,key=value` is read as an option, and an
 * unknown key there is refused with a suggestion rather than taken as part of the path).
 *
 * @example
 * ```ts
 * parseDataSpec('samples.npy,ddof=0');   // { path: 'samples.npy', ddof: 0 }
 * ```
 */
export function parseDataSpec(body: string): { path: string } & DataSpecOptions {
  let path = body.trim();
  const options: DataSpecOptions = {};
  for (;;) {
    const m = /,\s*([A-Za-z_]\w*)\s*=\s*([^,/\\]*)$/.exec(path);
    if (!m) break;
    const [, key, value] = m;
    if (!DATA_KEYS.includes(key)) throw new InvalidArgumentError(`spectrum key ${key}`, value.trim(), `not allowed for data${didYouMean(key, DATA_KEYS)} (keys: ${DATA_KEYS.join(', ')})`);
    if (Object.hasOwn(options, key)) throw new InvalidArgumentError(`spectrum key ${key}`, value.trim(), 'given twice');
    const v = value.trim();
    if (key === 'ddof') {
      if (v !== '0' && v !== '1') throw new InvalidArgumentError('spectrum ddof', v, 'must be 0 (divide by N, the default) or 1 (divide by N − 1, as np.cov)');
      options.ddof = v === '1' ? 1 : 0;
    } else {
      if (!/^\d+$/.test(v) || !(Number(v) >= 1)) throw new InvalidArgumentError('spectrum d', v, 'must be a whole number >= 1 (the number of coordinates)');
      options.d = Number(v);
    }
    path = path.slice(0, m.index).trim();
  }
  return { path, ...options };
}

/**
 * `data:PATH`: the covariance spectrum of a sample matrix (rows = samples; a d × N file with
 * `d` declared is transposed) given as the bytes of a CSV or .npy file, its covariance divided by
 * N (`ddof` 0, the default) or N − 1 (`ddof` 1, as np.cov). Constant directions (eigenvalue ≤
 * 1e-10·λ_max) are dropped, as for the mnist spectrum; `floor` raises them to that value instead.
 *
 * @example
 * ```ts
 * dataSpectrum(readFileSync('samples.npy'), 'samples.npy', { ddof: 1 });   // the Spectrum of the samples' empirical covariance
 * ```
 */
export function dataSpectrum(bytes: Uint8Array, source: string, options: { floor?: number } & DataSpecOptions = {}): Spectrum {
  const m = orientSamples(parseSampleBytes(bytes, source), source, options.d);
  if (m.cols > MAX_DATA_DIMENSION) {
    throw new InvalidArgumentError(source, `${m.cols} columns`, `too many coordinates for a dense covariance (at most ${MAX_DATA_DIMENSION}); reduce the dimension first (e.g. PCA or pooling)`);
  }
  if (m.rows < 2) throw new InvalidArgumentError(source, `${m.rows} row`, 'needs at least two samples (rows)');
  return namingFile(source, () => {
    const spectrum = empiricalSpectrum(m.data, m.rows, m.cols, { floor: options.floor }).spectrum;
    if (options.ddof !== 1) return spectrum;
    const scale = m.rows / (m.rows - 1);
    return createSpectrum(spectrum.eigenvalues.map((v) => v * scale), spectrum.weights);
  });
}

/**
 * Run `make` on a file's data, with any argument error it throws renamed to name the file
 * (`invalid data.csv: eigenvalues[0] = …`): the user typed the path, not `eigenvalues`.
 *
 * @example
 * ```ts
 * namingFile('data.csv', () => createSpectrum([1, -1]));   // throws `invalid data.csv: eigenvalues[1] = …`
 * ```
 */
export function namingFile<T>(source: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof InvalidArgumentError && !e.argument.startsWith(source)) throw new InvalidArgumentError(`${source}: ${e.argument}`, e.value, e.reason);
    throw e;
  }
}

/**
 * `file:PATH.npy`: eigenvalues stored as a 1-D array (or a single row or column) of a .npy file.
 *
 * @example
 * ```ts
 * npyEigenvalues(readFileSync('eigs.npy'), 'eigs.npy');   // a Spectrum of the file's 1-D eigenvalue array
 * ```
 */
export function npyEigenvalues(bytes: Uint8Array, source: string): Spectrum {
  const m = parseNpy(bytes, source);
  if (m.rows !== 1 && m.cols !== 1) throw new InvalidArgumentError(source, `shape (${m.rows}, ${m.cols})`, 'eigenvalues must be a 1-D array (for a sample matrix use data:PATH)');
  return namingFile(source, () => createSpectrum(m.data));
}
