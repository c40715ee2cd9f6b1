import { lstatSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describeError } from '../../node/safeReadFile.js';
import { FileWriteError } from './fileWriteError.js';
import { tempNameBeside, writeFileAtomic } from './writeFileAtomic.js';

/** A folder of output files opened before the work and written all at once at the end. */
export interface OutputDirectory {
  /** Write every file (name → contents, names without folders) and put them in place. */
  commit(files: Record<string, string | Uint8Array>): void;
  /** Remove what opening created (the staging folder, parents made for it). */
  abort(): void;
}

/** Folders above a missing output folder that are created one by one (no recursive mkdir). */
const MAX_MISSING_PARENTS = 64;

/**
 * Open `path` for a report (or any set of files), before the work, so a bad path fails in
 * milliseconds: missing parent folders are created one mkdir at a time (Node's recursive mkdir
 * loops forever under /proc, issue 22), and a staging folder is created at once — beside `path`
 * when `path` does not exist yet, inside it when it does — which proves the place is writable.
 * `commit` writes every file into the staging folder; a new folder is then renamed into place in
 * one step (all or nothing); into an existing folder each file is renamed over its old version
 * (each whole; an earlier failure leaves the folder untouched). Links at the file names are
 * replaced, never followed. Errors are FileWriteError naming `path` (exit 1).
 */
export function openOutputDirectory(path: string): OutputDirectory {
  const fail = (e: unknown): never => {
    throw e instanceof FileWriteError ? e : new FileWriteError(path, describeError(e));
  };
  const created: string[] = [];
  let exists = false;
  try {
    exists = statSync(path).isDirectory();
    if (!exists) throw Object.assign(new Error('ENOTDIR: not a directory'), { code: 'ENOTDIR' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') fail(e);
  }
  let staging: string;
  try {
    if (!exists) {
      // A dangling link at `path` would be renamed over later; refuse it now rather than replace it silently.
      let dangling = false;
      try {
        dangling = lstatSync(path).isSymbolicLink();
      } catch {
        // nothing there
      }
      if (dangling) fail(Object.assign(new Error('ELOOP: a symbolic link to nothing'), { code: 'ELOOP' }));
      for (const parent of missingParents(path)) {
        mkdirSync(parent);
        created.push(parent);
      }
    }
    staging = tempNameBeside(exists ? join(path, 'report') : resolve(path));
    mkdirSync(staging);
  } catch (e) {
    removeCreated(created);
    return fail(e);
  }
  let open = true;
  const abort = () => {
    if (!open) return;
    open = false;
    rmSync(staging, { recursive: true, force: true });
    removeCreated(created);
  };
  return {
    abort,
    commit(files) {
      try {
        for (const [name, data] of Object.entries(files)) writeFileAtomic(join(staging, name), data);
        if (exists) {
          for (const name of Object.keys(files)) renameSync(join(staging, name), join(path, name));
          rmdirSync(staging);
        } else renameSync(staging, path);
        open = false;
      } catch (e) {
        abort();
        fail(e instanceof FileWriteError ? new FileWriteError(path, e.why) : e);
      }
    },
  };
}

/** The missing folders above `path`, outermost first (at most MAX_MISSING_PARENTS). */
function missingParents(path: string): string[] {
  const out: string[] = [];
  let p = dirname(resolve(path));
  for (;;) {
    try {
      if (!statSync(p).isDirectory()) throw Object.assign(new Error(`ENOTDIR: ${p} is not a directory`), { code: 'ENOTDIR' });
      return out.reverse();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    out.push(p);
    if (out.length > MAX_MISSING_PARENTS) throw Object.assign(new Error(`ENAMETOOLONG: more than ${MAX_MISSING_PARENTS} missing parent folders`), { code: 'ENAMETOOLONG' });
    const up = dirname(p);
    if (up === p) return out.reverse();
    p = up;
  }
}

function removeCreated(created: string[]): void {
  for (const dir of [...created].reverse()) {
    try {
      if (readdirSync(dir).length === 0) rmdirSync(dir);
    } catch {
      // best effort: only empty folders this call made
    }
  }
}
