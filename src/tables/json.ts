/**
 * JSON that loads everywhere without special cases: `JSON.parse` in JavaScript and `json.load`
 * in Python (and so pandas) read every number back as a number.
 *
 * - +∞ and −∞ are written as the number literals `1e999` and `-1e999`: JSON has no literal for
 *   them, but both parsers read these overflowing literals as ±Infinity (Python: `float('inf')`).
 * - NaN (never produced by the solvers, but possible in user data) is written as `null`
 *   (pandas reads it as NaN in a numeric column).
 * - Typed arrays (`Float64Array`, …) are written as plain arrays, not as `{"0": …}` objects.
 * - Otherwise as `JSON.stringify`: `undefined` members are left out, `toJSON` is honoured.
 *
 * @example
 * ```ts
 * toJson({ kl: Infinity });   // '{"kl":1e999}' (Python's json and JavaScript read it as ∞)
 * ```
 *
 * @example
 * ```ts
 * toJson({ a: NaN, b: 1 });   // '{"a":null,"b":1}'
 * ```
 */
export function toJson(value: unknown): string {
  const out: string[] = [];
  write(value, out);
  return out.join('');
}

/**
 * The JSON text of one number (see {@link toJson}).
 *
 * @example
 * ```ts
 * jsonNumber(Infinity);   // '1e999' (0.1 gives '0.1')
 * ```
 */
export function jsonNumber(v: number): string {
  if (Number.isFinite(v)) return JSON.stringify(v);
  if (Number.isNaN(v)) return 'null';
  return v > 0 ? '1e999' : '-1e999';
}

function write(value: unknown, out: string[]): boolean {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case 'number':
      out.push(jsonNumber(value));
      return true;
    case 'string':
      out.push(JSON.stringify(value));
      return true;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return true;
    case 'bigint':
      out.push(value.toString());
      return true;
    case 'undefined':
    case 'function':
    case 'symbol':
      return false;
  }
  if (value === null) {
    out.push('null');
    return true;
  }
  if (Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    const items = value as ArrayLike<unknown>;
    out.push('[');
    for (let i = 0; i < items.length; i++) {
      if (i > 0) out.push(',');
      if (!write(items[i], out)) out.push('null');
    }
    out.push(']');
    return true;
  }
  out.push('{');
  let first = true;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const mark = out.length;
    out.push(first ? '' : ',', JSON.stringify(k), ':');
    if (write(v, out)) first = false;
    else out.length = mark;
  }
  out.push('}');
  return true;
}

/**
 * JSON Lines: one JSON object per row and line (each as {@link toJson} writes it), so that
 * `pd.read_json(path, lines=True)` reads the rows as a table with no further step.
 *
 * @example
 * ```ts
 * toJsonLines([{ a: 1 }, { a: 2 }]);   // '{"a":1}\n{"a":2}\n'
 * ```
 */
export function toJsonLines(rows: readonly object[]): string {
  return rows.map((r) => toJson(r) + '\n').join('');
}
