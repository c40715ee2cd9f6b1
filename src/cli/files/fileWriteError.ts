import { ReplicaDiffusionError } from '../../errors.js';

/** An output file could not be written (exit code 1); runCli names the flag that gave the path. */
export class FileWriteError extends ReplicaDiffusionError {
  constructor(
    readonly path: string,
    readonly why: string,
  ) {
    super(`cannot write ${JSON.stringify(path)} (${why})`);
  }
}
