import { readFileSync, statSync } from 'node:fs';
import { InvalidArgumentError } from '../errors.js';

/** Default cap on a data file's size (sample matrices, .npy eigenvalues): 256 MiB. */
export const MAX_DATA_FILE_BYTES = 256 * 1024 * 1024;

/** The cap in force: REPLICA_DIFFUSION_MAX_FILE_MB in the environment raises or lowers it. */
export function dataFileCap(): number {
  const text = process.env.REPLICA_DIFFUSION_MAX_FILE_MB;
  const mb = text === undefined ? NaN : Number(text);
  return Number.isFinite(mb) && mb > 0 ? Math.floor(mb * 1024 * 1024) : MAX_DATA_FILE_BYTES;
}

function mib(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

/**
 * Check a path before reading it whole: a regular file no larger than `cap` bytes. Returns
 * false when the path does not exist on disk (the caller's reader then reports it).
 * Too large or not a regular file (a FIFO, a directory) → InvalidArgumentError, never a crash.
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

/** Read a data file as bytes, after {@link checkDataFile}. */
export function readDataFile(path: string, cap = dataFileCap()): Uint8Array {
  checkDataFile(path, cap);
  return new Uint8Array(readFileSync(path));
}
