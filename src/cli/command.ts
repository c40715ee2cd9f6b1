import type { Args, FlagSpec } from './args.js';
import type { CliIo } from './io.js';

/** One CLI command: its flags (for parsing and help) and what it does. */
export interface Command {
  name: string;
  summary: string;
  flags: FlagSpec[];
  /** Names the non-flag arguments the command takes (e.g. 'PARTS…'); without it, none are accepted. */
  operands?: string;
  /** Example invocations shown by `--help`. */
  examples?: string[];
  /** Returns the exit code (default 0); throws typed errors for bad input. */
  run(args: Args, io: CliIo): Promise<number | void> | number | void;
}

/** Flags most commands share. */
export const OUTPUT_FLAGS: FlagSpec[] = [
  { name: 'json', help: 'print JSON' },
  { name: 'csv', help: 'print CSV' },
  { name: 'markdown', help: 'print a Markdown table' },
  { name: 'csv-header', help: "with --csv: first '# key=value' lines (command, spectrum, seed, version); pandas: read_csv(f, comment='#')" },
];

/** The output format chosen by --json/--csv/--markdown (at most one), else `fallback`. */
export function outputFormat(args: Args, fallback: 'text' | 'markdown' = 'text'): 'json' | 'csv' | 'markdown' | 'text' {
  const chosen = (['json', 'csv', 'markdown'] as const).filter((f) => args.has(f));
  if (chosen.length > 1) throw new UsageError(`choose one output format, not ${chosen.map((c) => '--' + c).join(' and ')}`);
  if (args.has('csv-header') && chosen[0] !== 'csv') throw new UsageError('--csv-header only applies with --csv');
  return chosen[0] ?? fallback;
}

/** Bad usage that is not about one argument's value (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
