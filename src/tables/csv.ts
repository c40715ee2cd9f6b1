/**
 * CSV as RFC 4180 describes it: one header line of column names, then one line per row, fields
 * separated by commas, a field quoted ("…", inner quotes doubled) only when it holds a comma, a
 * quote or a line break. Numbers are written in full precision (JavaScript's shortest round-trip
 * form); +∞/−∞ as `inf`/`-inf` and NaN or a missing value as an empty field, which pandas and
 * numpy read as floats (inf, -inf, NaN) with no options.
 *
 * An optional metadata header (`# key=value` lines before the column names) records where the
 * numbers come from; read such a file with `pd.read_csv(path, comment='#')`.
 */

export type Cell = number | string | boolean | null | undefined;

/** A table: column names and rows of cells. */
export interface Table {
  columns: string[];
  rows: Cell[][];
}

/**
 * The text of one CSV field (unquoted).
 *
 * @example
 * ```ts
 * csvCell(Infinity);   // 'inf' (NaN and null give '')
 * ```
 */
export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return String(v);
    return Number.isNaN(v) ? '' : v > 0 ? 'inf' : '-inf';
  }
  return String(v);
}

function quote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * `# key=value` lines (values on one line; undefined values left out).
 *
 * @example
 * ```ts
 * csvMetadata({ seed: 1, d: 64 });   // '# seed=1\n# d=64\n'
 * ```
 */
export function csvMetadata(meta: Record<string, string | number | boolean | undefined>): string {
  return Object.entries(meta)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `# ${k}=${String(v).replace(/[\r\n]+/g, ' ')}\n`)
    .join('');
}

/**
 * The table as CSV text, optionally preceded by `# key=value` metadata lines.
 *
 * @example
 * ```ts
 * toCsv({ columns: ['N', 'testLoss'], rows: [[16, 5.2], [64, 4.1]] });   // 'N,testLoss\n16,5.2\n64,4.1\n'
 * ```
 *
 * @example
 * ```ts
 * toCsv({ columns: ['N', 'loss'], rows: [[16, 5.2]] });   // 'N,loss\n16,5.2\n'
 * ```
 */
export function toCsv(table: Table, meta?: Record<string, string | number | boolean | undefined>): string {
  const lines = [table.columns.map(quote).join(',')];
  for (const row of table.rows) lines.push(row.map((v) => quote(csvCell(v))).join(','));
  return (meta ? csvMetadata(meta) : '') + lines.join('\n') + '\n';
}

/**
 * The standard error of an infinite mean is +∞ (the mean is no finite estimate, so it has no
 * finite error), never 0 and never NaN: applied to every `<measure>_mc_stderr` (and verify's
 * `mc_stderr`) whose `…mc_mean` is ±∞.
 *
 * @example
 * ```ts
 * infiniteMeanStderr(['loss_mc_mean', 'loss_mc_stderr'], [[Infinity, 0]]);   // [[Infinity, Infinity]]
 * ```
 */
export function infiniteMeanStderr(columns: string[], rows: Cell[][]): Cell[][] {
  const pairs = columns.flatMap((c, j) => (c.endsWith('mc_stderr') ? [[columns.indexOf(c.slice(0, -'mc_stderr'.length) + 'mc_mean'), j]] : [])).filter(([m]) => m >= 0);
  if (pairs.length === 0) return rows;
  return rows.map((r) => {
    const out = [...r];
    for (const [m, s] of pairs) {
      const mean = r[m];
      if (typeof mean === 'number' && Number.isFinite(mean) === false && !Number.isNaN(mean)) out[s] = Infinity;
    }
    return out;
  });
}
