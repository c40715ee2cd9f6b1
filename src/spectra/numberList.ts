import { InvalidArgumentError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { DECIMAL_NUMBER } from '../validate.js';

/**
 * A list of numbers as people paste it: separated by commas, whitespace or newlines, or both
 * (`3,2,1`, `3 2 1`, `3, 2, 1`, one per line), optionally inside one pair of brackets as Python and
 * JSON print a list (`[3, 2, 1]`). Every entry must be a finite decimal number (no hex, NaN or
 * Infinity); an empty entry (`3,,1`) is refused. At most `max` entries (default
 * LIMITS.spectrumEntries). Errors name `source`, the entry's position and its text. Pure (the
 * browser explorer uses it for pasted eigenvalues; `parseEigenvalues` for a one-line list).
 *
 * @example
 * ```ts
 * parseNumberList('1, 2.5, 4');   // [1, 2.5, 4]
 * ```
 */
export function parseNumberList(text: string, source = 'list', options: { max?: number } = {}): number[] {
  if (typeof text !== 'string') throw new InvalidArgumentError(source, text, 'must be text');
  const max = options.max ?? LIMITS.spectrumEntries;
  let t = text.replace(/^\uFEFF/, '').trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1).trim();
  if (t === '') throw new InvalidArgumentError(source, text, 'is empty: no numbers');
  const out: number[] = [];
  // Entries are separated by a comma (with optional whitespace around it) or by whitespace alone.
  const re = /\s*,\s*|\s+/g;
  let start = 0;
  for (;;) {
    const m = re.exec(t);
    const end = m ? m.index : t.length;
    const entry = t.slice(start, end);
    const position = out.length + 1;
    if (entry === '') throw new InvalidArgumentError(`${source} entry ${position}`, '', 'is empty (two separators in a row)');
    const v = DECIMAL_NUMBER.test(entry) ? Number(entry) : NaN;
    if (!Number.isFinite(v)) throw new InvalidArgumentError(`${source} entry ${position}`, entry, 'is not a finite decimal number');
    if (out.length >= max) throw new InvalidArgumentError(source, `more than ${max} numbers`, `a list may hold at most ${max}`);
    out.push(v);
    if (!m) break;
    start = re.lastIndex;
  }
  return out;
}
