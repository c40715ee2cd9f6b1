import type { Args, FlagSpec } from './args.js';
import type { CliIo } from '../files/io.js';
import { DEFAULT_TABLE_DIGITS } from '../../tables/markdown.js';
import type { Format } from './output.js';

export type { Format };

/** One CLI command: its flags (for parsing and help) and what it does. */
export interface Command {
  name: string;
  summary: string;
  flags: FlagSpec[];
  /** Names the non-flag arguments the command takes (e.g. 'PARTS…'); without it, none are accepted. */
  operands?: string;
  /** Example invocations shown by `--help`. */
  examples?: string[];
  /**
   * Returns the exit code (default 0); throws typed errors for bad input. `runCli` runs another
   * command line in this process (`merge` replays the run its shards came from); it is passed in,
   * not imported, so that no command imports the dispatcher that loads it.
   */
  run(args: Args, io: CliIo, runCli: (argv: string[], io: CliIo) => Promise<number>): Promise<number | void> | number | void;
}

/** The output formats: one of these flags at most. */
export const OUTPUT_FORMATS = ['json', 'jsonl', 'csv', 'markdown', 'latex'] as const;

/** --json/--jsonl/--csv/--markdown/--latex and --csv-header (docs/output-schema.md). */
export const OUTPUT_FORMAT_FLAGS: FlagSpec[] = [
  { name: 'json', help: 'print JSON: {settings…, "rows": [{…}, …], diagnostics…} (docs/output-schema.md)' },
  { name: 'jsonl', help: "print the rows as JSON Lines, one object per line; pandas: read_json(f, lines=True)" },
  { name: 'csv', help: 'print CSV (the columns of the JSON rows)' },
  { name: 'markdown', help: 'print a Markdown table' },
  { name: 'latex', help: 'print a LaTeX table (booktabs; caption with the settings)' },
  { name: 'csv-header', help: "with --csv: first '# key=value' lines (command, version, settings, diagnostics); pandas: read_csv(f, comment='#')" },
];

/** Significant digits of Markdown, LaTeX and text numbers (CSV and JSON keep full precision). */
export const DIGITS_FLAG: FlagSpec = { name: 'digits', value: 'K', help: `significant digits of Markdown/LaTeX/text numbers, 1 to 17 (default ${DEFAULT_TABLE_DIGITS}); CSV and JSON keep full precision` };

/** Flags most commands share. */
export const OUTPUT_FLAGS: FlagSpec[] = [...OUTPUT_FORMAT_FLAGS, DIGITS_FLAG];

/** The output format chosen by --json/--jsonl/--csv/--markdown/--latex (at most one), else `fallback`. */
export function outputFormat(args: Args, fallback: 'text' | 'markdown' = 'text'): Format {
  const chosen = OUTPUT_FORMATS.filter((f) => args.has(f));
  if (chosen.length > 1) throw new UsageError(`choose one output format, not ${chosen.map((c) => '--' + c).join(' and ')}`);
  if (args.has('csv-header') && chosen[0] !== 'csv') throw new UsageError('--csv-header only applies with --csv');
  return chosen[0] ?? fallback;
}

/** --digits K (1 to 17; default 6): significant digits of the numbers in tables for reading. */
export function outputDigits(args: Args): number {
  return args.integer('digits', 1, 17, 'a double has 17 significant digits') ?? DEFAULT_TABLE_DIGITS;
}

/** Bad usage that is not about one argument's value (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
