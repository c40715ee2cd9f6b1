import { writeFileSync } from 'node:fs';
import { ReplicaDiffusionError } from '../errors.js';
import { describeError, readFileChecked, readTextFileChecked } from '../node/safeReadFile.js';

/** What a command may do to the outside world; the tests pass a fake. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readTextFile(path: string): string;
  readBinaryFile(path: string): Uint8Array;
  /** Writes text, or bytes (a PNG figure). */
  writeTextFile(path: string, data: string | Uint8Array): void;
  /** stderr is an interactive terminal (progress bars only then). */
  stderrIsTTY: boolean;
}

/** An output file could not be written (exit code 1); runCli names the flag that gave the path. */
export class FileWriteError extends ReplicaDiffusionError {
  constructor(
    readonly path: string,
    readonly why: string,
  ) {
    super(`cannot write ${JSON.stringify(path)} (${why})`);
  }
}

/**
 * The real world: input files are read with the checks of readFileChecked (regular files only,
 * size cap, BOM dropped), output files are written with errors turned into FileWriteError.
 * Failures of stdout itself (EPIPE, ENOSPC) are handled in main.ts.
 */
export async function nodeIo(): Promise<CliIo> {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    readTextFile: (p) => readTextFileChecked(p),
    readBinaryFile: (p) => readFileChecked(p),
    writeTextFile: (p, t) => {
      try {
        writeFileSync(p, t);
      } catch (e) {
        throw new FileWriteError(p, describeError(e));
      }
    },
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}
