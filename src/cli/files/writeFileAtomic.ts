import { closeSync, fsyncSync, lstatSync, openSync, renameSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeError } from '../../node/safeReadFile.js';
import { FileWriteError } from './fileWriteError.js';

/** A fresh name for a temporary file or folder beside `path` (same directory, so rename is atomic). */
export function tempNameBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`);
}

/**
 * Write a whole file or nothing: the bytes go to a temporary file in the target's own directory,
 * are flushed to disk, and the temporary file is renamed over the target — so a full disk, a
 * signal or a crash mid-write leaves either the old file or the new one, never a truncated one.
 * A symbolic link at the target is REPLACED by the new file (rename swaps the link itself; the
 * file it pointed to is never written). A directory at the target is refused (EISDIR). A device
 * or FIFO at the target (`/dev/stdout`, `/dev/full`, a named pipe) cannot be renamed over, so it
 * is written in place as a stream. Failures are a {@link FileWriteError} naming the target path
 * (exit 1); no temporary file is left behind.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  let existing: Stats | undefined;
  try {
    existing = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new FileWriteError(path, describeError(e));
  }
  if (existing?.isDirectory()) throw new FileWriteError(path, 'EISDIR: it is a directory');
  if (existing !== undefined && (existing.isCharacterDevice() || existing.isBlockDevice() || existing.isFIFO() || existing.isSocket())) {
    writeInPlace(path, bytes);
    return;
  }
  const temp = tempNameBeside(path);
  let fd: number | undefined;
  try {
    // 'wx': the temporary name is never an existing file or link (O_EXCL does not follow links).
    fd = openSync(temp, 'wx', existing?.isFile() ? existing.mode & 0o777 : 0o666);
    writeAll(fd, bytes);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (e) {
    if (fd !== undefined) closeQuietly(fd);
    try {
      unlinkSync(temp);
    } catch {
      // never created, or already renamed
    }
    throw new FileWriteError(path, describeError(e));
  }
}

function writeInPlace(path: string, bytes: Uint8Array): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'w');
    writeAll(fd, bytes);
    closeSync(fd);
  } catch (e) {
    if (fd !== undefined) closeQuietly(fd);
    throw new FileWriteError(path, describeError(e));
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) {
    const n = writeSync(fd, bytes, off, bytes.length - off);
    if (n <= 0) throw Object.assign(new Error('ENOSPC: no bytes written'), { code: 'ENOSPC' });
    off += n;
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // the write error is the one to report
  }
}
