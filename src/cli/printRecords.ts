import type { Args } from './args.js';
import { csvMeta } from './csvHeader.js';
import type { CliIo } from './io.js';
import { toCsv, toJson, toMarkdown } from './output.js';
import { printRecord } from './printRecord.js';

type Record_ = Record<string, number | string | boolean | null>;

/**
 * Print the records of a grid of points (one per point, same keys): one point as printRecord
 * does (a flat JSON object); several as a JSON array of such objects, a CSV or Markdown table
 * with one row per point. pandas reads either JSON with `pd.json_normalize(json.load(f))`.
 */
export function printRecords(io: CliIo, args: Args, format: 'json' | 'csv' | 'markdown' | 'text', command: string, records: Record_[], meta: Record<string, string | number | undefined> = {}): void {
  if (format === 'csv') {
    const columns = Object.keys(records[0]);
    io.stdout(toCsv({ columns, rows: records.map((r) => columns.map((c) => r[c])) }, csvMeta(args, command, meta)));
    return;
  }
  if (records.length === 1) {
    printRecord(io, format, records[0] as Record<string, number | string | boolean>);
    return;
  }
  if (format === 'json') io.stdout(toJson(records) + '\n');
  else {
    const columns = Object.keys(records[0]);
    io.stdout(toMarkdown({ columns, rows: records.map((r) => columns.map((c) => r[c])) }));
  }
}

/** Every combination of the axes' values, the first axis slowest. */
export function gridPoints<K extends string>(axes: [K, number[]][]): Record<K, number>[] {
  let points: Record<string, number>[] = [{}];
  for (const [name, values] of axes) points = points.flatMap((p) => values.map((v) => ({ ...p, [name]: v })));
  return points as Record<K, number>[];
}
