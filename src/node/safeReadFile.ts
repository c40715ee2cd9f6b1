import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { InvalidArgumentError } from '../errors.js';
import { LIMITS } from '../limits.js';

/**
 * Read a whole input file with the checks a CLI needs before trusting it: it must be a regular
 * file (a FIFO with no writer would block forever, /dev/zero never ends, a directory is a typo)
 * and at most `maxBytes` long (default LIMITS.fileBytes). The file is opened non-blocking, so a
 * FIFO is refused by fstat instead of hanging in open(2); the size is checked before any byte is
 * read, and at most maxBytes + 1 bytes are ever read (a file that grows while read is refused too).
 * Errors are InvalidArgumentError('file', path, why) — callers rename the argument after the flag.
 */
export function readFileChecked(path: string, maxBytes: number = LIMITS.fileBytes): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new InvalidArgumentError('file', path, `cannot be read (${describeError(e)})`);
  }
  try {
    let stats: Stats;
    try {
      stats = fstatSync(fd);
    } catch (e) {
      throw new InvalidArgumentError('file', path, `cannot be read (${describeError(e)})`);
    }
    if (!stats.isFile()) throw new InvalidArgumentError('file', path, `is not a regular file (${kindOf(stats)}); give a regular file`);
    if (stats.size > maxBytes) throw new InvalidArgumentError('file', path, `is ${stats.size} bytes, more than the limit of ${maxBytes} bytes (${Math.round(maxBytes / 1048576)} MB)`);
    const buffer = new Uint8Array(stats.size + 1);
    let length = 0;
    for (;;) {
      let got: number;
      try {
        got = readSync(fd, buffer, length, buffer.length - length, null);
      } catch (e) {
        throw new InvalidArgumentError('file', path, `cannot be read (${describeError(e)})`);
      }
      if (got === 0) break;
      length += got;
      if (length > stats.size) throw new InvalidArgumentError('file', path, 'grew while it was read');
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** A file's text: UTF-8, a leading byte-order mark dropped; UTF-16 (a BOM FF FE / FE FF) is refused by name. */
export function readTextFileChecked(path: string, maxBytes: number = LIMITS.fileBytes): string {
  return decodeText(readFileChecked(path, maxBytes), path);
}

/** Decode UTF-8 bytes, dropping a leading BOM (EF BB BF). */
export function decodeText(bytes: Uint8Array, path: string): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new InvalidArgumentError('file', path, 'is UTF-16 text; save it as UTF-8');
  }
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return new TextDecoder('utf-8').decode(bytes.subarray(start));
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

/** `ENOENT: no such file or directory` from a Node system error, without the call and path. */
export function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code === 'string') {
    const text = typeof err.message === 'string' ? err.message : '';
    const detail = /^[A-Z]+: ([^,]*)/.exec(text)?.[1];
    return detail ? `${err.code}: ${detail}` : err.code;
  }
  return err instanceof Error ? err.message : String(e);
}
