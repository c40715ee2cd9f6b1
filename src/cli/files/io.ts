import { readFileChecked, readTextFileChecked } from '../../node/safeReadFile.js';
import { FileWriteError } from './fileWriteError.js';
import { openOutputDirectory, type OutputDirectory } from './outputDirectory.js';
import { writeFileAtomic } from './writeFileAtomic.js';

export { FileWriteError };

/** What a command may do to the outside world; the tests pass a fake. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readTextFile(path: string): string;
  readBinaryFile(path: string): Uint8Array;
  /** Write a whole file or nothing (writeFileAtomic): text, or bytes (a PNG figure). */
  writeTextFile(path: string, data: string | Uint8Array): void;
  /**
   * Open a folder of output files written all-or-nothing (outputDirectory.ts), before any work,
   * so a bad path fails at once. Fakes may leave it out: the files then go through writeTextFile.
   */
  openOutputDirectory?(path: string): OutputDirectory;
  /** stderr is an interactive terminal (progress bars only then). */
  stderrIsTTY: boolean;
}

/**
 * The real world: input files are read with the checks of readFileChecked (regular files only,
 * size cap, BOM dropped), output files are written whole or not at all (writeFileAtomic, outputDirectory.ts), with errors
 * turned into FileWriteError.
 * Failures of stdout itself (EPIPE, ENOSPC) are handled in main.ts.
 */
export async function nodeIo(): Promise<CliIo> {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    readTextFile: (p) => readTextFileChecked(p),
    readBinaryFile: (p) => readFileChecked(p),
    writeTextFile: (p, t) => writeFileAtomic(p, t),
    openOutputDirectory: (p) => openOutputDirectory(p),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}
