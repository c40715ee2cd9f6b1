import { InvalidArgumentError, ReplicaDiffusionError } from '../errors.js';
import { parseDecimal } from '../validate.js';
import type { Args } from './commandLine/args.js';
import type { Command } from './commandLine/command.js';
import type { CliIo } from './files/io.js';

/** Library argument names that differ from the flag a user types for them. */
const FLAG_OF_ARGUMENT: Record<string, string> = { originalSize: 'original', perDigit: 'per-digit' };

/**
 * Errors thrown by the library name the library's argument (`abar`, `N`, `ridge`); the user typed
 * a flag. When the argument is a flag of this command and its value is the one the user typed,
 * say `--abar`, so the message names what the user can change.
 */
export function flagForError(e: InvalidArgumentError, args: Args | undefined, command: Command): InvalidArgumentError {
  if (args === undefined || e.argument.startsWith('--')) return e;
  const name = FLAG_OF_ARGUMENT[e.argument] ?? e.argument;
  if (!command.flags.some((f) => f.name === name && f.value !== undefined)) return e;
  const text = args.string(name);
  if (text === undefined) return e;
  // A grid flag (`--N 1,5`, `--abar 0.1:0.9:5`): the value is one of the typed entries.
  const entries = text.split(/[,:]/);
  const parses = (part: string): number => {
    try {
      return parseDecimal(part.trim());
    } catch {
      return NaN;
    }
  };
  const match = typeof e.value === 'number' ? entries.find((part) => parses(part) === e.value) : undefined;
  const same = typeof e.value === 'number' ? match !== undefined : String(e.value) === text;
  // The value as typed: a library that received `--N -0` saw 0, the user typed -0.
  const value = match !== undefined && Object.is(parses(match), -0) ? -0 : e.value;
  return same ? new InvalidArgumentError(`--${args.typedName(name)}`, value, e.reason) : e;
}

/**
 * The io a command sees: stdout refuses to print NaN (the package's convention is that no result
 * is ever NaN; if one is, that is a bug and the run fails loudly with exit code 1 instead of
 * printing it), and writes to stderr are counted so that runCli can add a line when a command
 * ends with a non-zero code without saying why.
 */
export function guardedIo(io: CliIo): { io: CliIo; wroteStderr: () => boolean } {
  let wrote = false;
  const guarded: CliIo = {
    ...io,
    readTextFile: (p) => io.readTextFile(p),
    readBinaryFile: (p) => io.readBinaryFile(p),
    writeTextFile: (p, t) => io.writeTextFile(p, t),
    stdout: (text) => {
      // NaN as a printed value (JSON "NaN", a CSV/Markdown cell, `x = NaN`), not inside a word or path.
      if (/(^|[\s,|:=["])NaN($|[\s,|\]}"])/m.test(text)) throw new ReplicaDiffusionError('internal error: a computed value is NaN (a bug: please report the command line)');
      io.stdout(text);
    },
    stderr: (text) => {
      // A progress bar's carriage-return redraws do not count as saying why.
      if (!text.startsWith('\r')) wrote = true;
      io.stderr(text);
    },
  };
  return { io: guarded, wroteStderr: () => wrote };
}
