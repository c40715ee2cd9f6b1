import { describeError } from '../../node/safeReadFile.js';

/**
 * What happens when stdout itself fails. A reader that stops early (`… | head`) closes the pipe:
 * the next write fails with EPIPE, and the run ends quietly with exit code 0 — the reader got
 * what it wanted. Any other write failure (`> /dev/full`: ENOSPC, EIO) is one line on stderr and
 * exit code 1. Without these handlers Node prints an unhandled 'error' event with its stack.
 * A failing stderr ends the run with exit code 1 and nothing more to say.
 */
export function guardOutputStreams(command: string | undefined): void {
  let done = false;
  const prefix = command === undefined || command.startsWith('-') ? 'replica-diffusion' : `replica-diffusion ${command}`;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (done) return;
    done = true;
    if (e.code === 'EPIPE') process.exit(0);
    try {
      process.stderr.write(`${prefix}: cannot write to stdout (${describeError(e)})\n`);
    } finally {
      process.exitCode = 1;
      // Let the stderr line flush, then stop (the command may still be computing).
      setImmediate(() => process.exit(1));
    }
  });
  process.stderr.on('error', () => {
    if (done) return;
    done = true;
    process.exit(1);
  });
}
