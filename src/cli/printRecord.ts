import type { CliIo } from './io.js';
import { toCsv, toJson, toMarkdown } from './output.js';

/** Print one flat record as JSON, a one-row CSV/Markdown table, or `key = value` lines. */
export function printRecord(io: CliIo, format: 'json' | 'csv' | 'markdown' | 'text', record: Record<string, number | string | boolean>): void {
  if (format === 'json') {
    io.stdout(toJson(record) + '\n');
    return;
  }
  const table = { columns: Object.keys(record), rows: [Object.values(record)] };
  if (format === 'csv') io.stdout(toCsv(table));
  else if (format === 'markdown') io.stdout(toMarkdown(table));
  else io.stdout(Object.entries(record).map(([k, v]) => `${k} = ${v}`).join('\n') + '\n');
}
