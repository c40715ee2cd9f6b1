import { readFileSync, statSync } from 'node:fs';
import { InvalidArgumentError } from '../errors.js';

/** Default cap on a data file's size (sample matrices, .npy eigenvalues): 256 MiB. */
export const MAX_DATA_FILE_BYTES = 256 * 1024 * 1024;

/**
 * The cap in force: REPLICA_DIFFUSION_MAX_FILE_MB in the environment raises or lowers it. A value
 * that is not a positive number is refused naming the variable, not silently ignored.
 *
 * @example
 * ```ts
 * dataFileCap();   // 268435456 (256 MiB unless the environment lowers it)
 * ```
 */
export function dataFileCap(): number {
  const text = process.env.REPLICA_DIFFUSION_MAX_FILE_MB;
  if (text === undefined || text.trim() === '') return MAX_DATA_FILE_BYTES;
  const mb = Number(text);
  if (!(Number.isFinite(mb) && mb > 0)) throw new InvalidArgumentError('REPLICA_DIFFUSION_MAX_FILE_MB', text, 'must be a positive number of MiB');
  return Math.floor(mb * 1024 * 1024);
}

function mib(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

/**
 * Check a path before reading it whole: a regular file no larger than `cap` bytes. Returns
 * false when the path does not exist on disk (the caller's reader then reports it).
 * Too large or not a regular file (a FIFO, a directory) → InvalidArgumentError, never a crash.
 *
 * @example
 * ```ts
 * checkDataFile('samples.npy');   // true when the file exists and is within the cap (else it throws)
 * ```
 */
export function checkDataFile(path: string, cap = dataFileCap()): boolean {
  let st: import('node:fs').Stats;
  try {
    st = statSync(path);
  } catch {
    return false;
  }
  if (!st.isFile()) throw new InvalidArgumentError(path, st.isDirectory() ? 'a directory' : 'not a regular file', 'must be a regular file');
  if (st.size > cap) {
    throw new InvalidArgumentError(path, mib(st.size), `is over the ${mib(cap)} limit for data files: subsample its rows, or set REPLICA_DIFFUSION_MAX_FILE_MB to raise the limit`);
  }
  return true;
}

/**
 * Read a data file as bytes, after {@link checkDataFile}.
 *
 * @example
 * ```ts
 * readDataFile('samples.npy');   // Uint8Array of the file's bytes (a file over the cap throws)
 * ```
 */
export function readDataFile(path: string, cap = dataFileCap()): Uint8Array {
  checkDataFile(path, cap);
  return new Uint8Array(readFileSync(path));
}
