import type { Args } from '../commandLine/args.js';
import type { CliIo } from '../files/io.js';
import type { Cell, Format } from '../commandLine/output.js';
import { printTable, recordColumns, recordRows, type TableOutput } from './outputTable.js';

/**
 * Print the records of a grid of points (one per point) as the one output schema
 * (outputTable.ts, docs/output-schema.md): a list of rows in JSON even for one point, the same
 * columns in CSV, a Markdown/LaTeX table. A key missing from some record is null there.
 */
export function printRecords(io: CliIo, args: Args, format: Format, command: string, records: Record<string, Cell>[], settings: Record<string, unknown> = {}, more: Partial<Pick<TableOutput, 'diagnostics' | 'preamble' | 'postscript' | 'digits'>> = {}): void {
  const columns = recordColumns(records);
  printTable(io, args, format, { command, settings, columns, rows: recordRows(columns, records), ...more });
}

/** Every combination of the axes' values, the first axis slowest. */
export function gridPoints<K extends string>(axes: [K, number[]][]): Record<K, number>[] {
  let points: Record<string, number>[] = [{}];
  for (const [name, values] of axes) points = points.flatMap((p) => values.map((v) => ({ ...p, [name]: v })));
  return points as Record<K, number>[];
}
