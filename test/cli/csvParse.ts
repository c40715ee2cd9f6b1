/**
 * A strict RFC 4180 reader for the tests: CRLF or LF records, fields optionally quoted ("…" with
 * "" for a quote), quoted fields may hold commas and line breaks; every record must have as
 * many fields as the header. Lines starting with '#' before the header are metadata.
 */
export function parseCsv(text: string): { meta: Record<string, string>; columns: string[]; rows: string[][] } {
  const meta: Record<string, string> = {};
  let pos = 0;
  while (text.startsWith('#', pos)) {
    const end = text.indexOf('\n', pos);
    const line = text.slice(pos + 1, end < 0 ? text.length : end).trim();
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`metadata line without '=': ${line}`);
    meta[line.slice(0, eq)] = line.slice(eq + 1);
    pos = end < 0 ? text.length : end + 1;
  }
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let wasQuoted = false;
  for (let i = pos; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"') {
      if (field !== '' || wasQuoted) throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = wasQuoted = true;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      wasQuoted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      wasQuoted = false;
    } else {
      if (wasQuoted) throw new Error(`text after a closing quote at ${i}`);
      field += ch;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [columns, ...rows] = records;
  if (!columns) throw new Error('no header');
  for (const [k, r] of rows.entries()) if (r.length !== columns.length) throw new Error(`record ${k + 1} has ${r.length} fields, header has ${columns.length}`);
  return { meta, columns, rows };
}
