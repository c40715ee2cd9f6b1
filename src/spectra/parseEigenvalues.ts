import { InvalidArgumentError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { DECIMAL_NUMBER } from '../validate.js';
import { isHeaderLine } from '../datasets/sampleMatrix.js';
import { parseNumberList } from './numberList.js';
import { createSpectrum, type Spectrum } from './spectrum.js';

/**
 * Spectrum from text: a JSON array of eigenvalues, a JSON object
 * `{"eigenvalues": [...], "weights"?: [...], "d"?: number}` (weights rescaled to sum to d when d
 * is given), a one-line list (`3,2,1` or `3 2 1`, see {@link parseNumberList}), or a table with
 * one eigenvalue per line (blank lines and `#` comments skipped) as pandas and numpy write it:
 *
 * - fields separated by commas, or by whitespace on lines without a comma (`np.savetxt`);
 * - an optional header line (a line with a field that is not a number), e.g. `eigenvalue` from
 *   `to_csv(index=False)`;
 * - pandas' index column: with a header, a first column named `` (empty, as `to_csv()` writes
 *   it), `Unnamed: 0` or `index` is dropped; without a header, two columns whose first counts the
 *   rows (0, 1, 2, … or 1, 2, 3, …) are read as index and value (`to_csv(header=False)`);
 * - the column read: the only one left, or with several the one named `eigenvalue(s)`, `lambda`
 *   or `value(s)`, with weights from a column named `weight(s)` or `multiplicity` if there is one.
 *
 * `source` names the origin (a file path) in error messages, with the line and the value.
 *
 * @example
 * ```ts
 * parseEigenvalues('3 2 2 1');   // eigenvalues [3, 2, 1] with weights [1, 2, 1], d = 4
 * ```
 */
export function parseEigenvalues(text: string, source = 'input'): Spectrum {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a UTF-8 byte-order mark
  const trimmed = text.trim();
  if (trimmed === '') throw new InvalidArgumentError(source, '', 'is empty: no eigenvalues');
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return fromJson(trimmed, source);
  return fromTable(text, source);
}

const VALUE_COLUMN = /^(eigenvalues?|lambda|values?)$/i;
const WEIGHT_COLUMN = /^(weights?|multiplicity|multiplicities)$/i;
const INDEX_COLUMN = /^(|unnamed: ?0|index)$/i;

/** Fields of a table line: comma-separated, or whitespace-separated when the line has no comma. */
function fieldsOf(line: string): string[] {
  return line.includes(',') ? line.split(',').map((f) => f.trim()) : line.split(/\s+/);
}

/** Line by line (no array of every line): a large file costs its values, not its lines. */
function fromTable(text: string, source: string): Spectrum {
  const values: number[] = [];
  const weights: number[] = [];
  let valueColumn = -1;
  let weightColumn = -1;
  let indexColumn = false;
  let columns = -1;
  let dataLines = 0;
  let firstFields: string[] | undefined;
  let firstLine = 0;
  let indexBase = -1;
  let lineNumber = 0;
  const number = (field: string, line: number, what: string): number => {
    const v = DECIMAL_NUMBER.test(field) ? Number(field) : NaN;
    if (!Number.isFinite(v)) throw new InvalidArgumentError(`${source} line ${line}`, field, `${what} is not a finite decimal number`);
    return v;
  };
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNumber++;
    const raw = text.slice(start, end);
    start = end + 1;
    const hash = raw.indexOf('#');
    const line = (hash < 0 ? raw : raw.slice(0, hash)).trim();
    if (line === '') continue;
    const fields = fieldsOf(line);
    if (columns < 0) {
      columns = fields.length;
      if (isHeaderLine(fields)) {
        indexColumn = fields.length >= 2 && INDEX_COLUMN.test(fields[0]);
        const named = fields.map((f, i) => ({ f, i })).filter(({ i }) => !(indexColumn && i === 0));
        if (named.length === 1) valueColumn = named[0].i;
        else {
          valueColumn = named.find(({ f }) => VALUE_COLUMN.test(f))?.i ?? -1;
          weightColumn = named.find(({ f }) => WEIGHT_COLUMN.test(f))?.i ?? -1;
          if (valueColumn < 0) throw new InvalidArgumentError(`${source} line ${lineNumber}`, line, `a table with several columns needs one named eigenvalue, lambda or value (columns: ${named.map(({ f }) => JSON.stringify(f)).join(', ')})`);
        }
        continue;
      }
      firstFields = fields;
      firstLine = lineNumber;
      valueColumn = fields.length - 1;
      indexColumn = fields.length === 2;
    }
    if (fields.length !== columns) throw new InvalidArgumentError(`${source} line ${lineNumber}`, line, `has ${fields.length} fields, expected ${columns} as on the first line`);
    dataLines++;
    if (dataLines === 2 && firstFields !== undefined && firstFields.length > 2) {
      throw new InvalidArgumentError(`${source} line ${firstLine}`, firstFields.join(','), `has ${firstFields.length} fields: give one eigenvalue per line, a one-line list, or a header naming the eigenvalue column`);
    }
    if (dataLines === 2 && firstFields !== undefined && firstFields.length === 2) {
      // Two columns without a header: pandas' index column if the first counts the rows.
      indexBase = number(firstFields[0], firstLine, 'the index');
      if (indexBase !== 0 && indexBase !== 1) throw notIndexed(source, firstLine, firstFields[0]);
    }
    if (indexBase >= 0 && number(fields[0], lineNumber, 'the index') !== indexBase + dataLines - 1) throw notIndexed(source, lineNumber, fields[0]);
    if (values.length >= LIMITS.spectrumEntries) throw new InvalidArgumentError(source, `more than ${LIMITS.spectrumEntries} values`, `a spectrum may have at most ${LIMITS.spectrumEntries} (distinct eigenvalues limit)`);
    values.push(number(fields[valueColumn], lineNumber, 'the eigenvalue'));
    if (weightColumn >= 0) weights.push(number(fields[weightColumn], lineNumber, 'the weight'));
  }
  // One line without a header holding several numbers: a pasted list (`3,2,1` or `3 2 1`).
  if (dataLines === 1 && firstFields !== undefined && firstFields.length > 1) return withSource(() => createSpectrum(parseNumberList(firstFields!.join(','), `${source} line ${firstLine}`)), source);
  if (columns < 0) return withSource(() => createSpectrum([]), source); // comments only: "needs at least one eigenvalue"
  if (dataLines === 0) throw new InvalidArgumentError(source, 'header only', 'contains no eigenvalues');
  return withSource(() => createSpectrum(values, weightColumn >= 0 ? weights : undefined), source);
}

function notIndexed(source: string, line: number, field: string): InvalidArgumentError {
  return new InvalidArgumentError(`${source} line ${line}`, field, 'two columns without a header are read as index and eigenvalue, but the first column does not count the rows 0, 1, 2, … (give a header naming the eigenvalue column)');
}

/**
 * Check JSON text before JSON.parse: nesting at most LIMITS.jsonDepth (deeper arrays would
 * overflow the stack of JSON.parse or of the code reading them) and at most about
 * 2·LIMITS.spectrumEntries array entries (so a huge file is refused before it is parsed).
 */
function checkJsonShape(text: string, source: string): void {
  let depth = 0;
  let commas = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash escape
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > LIMITS.jsonDepth) throw new InvalidArgumentError(source, `nesting > ${LIMITS.jsonDepth}`, `JSON nested deeper than ${LIMITS.jsonDepth} levels (a spectrum is an array or {"eigenvalues": [...]})`);
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x2c && ++commas > 2 * LIMITS.spectrumEntries + 16) {
      throw new InvalidArgumentError(source, `more than ${LIMITS.spectrumEntries} values`, `a spectrum may have at most ${LIMITS.spectrumEntries} (distinct eigenvalues limit)`);
    }
  }
}

function fromJson(text: string, source: string): Spectrum {
  checkJsonShape(text, source);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InvalidArgumentError(source, text.length > 80 ? `${text.slice(0, 40)}…` : text, `is not valid JSON (${(e as Error).message})`);
  }
  if (Array.isArray(data)) return withSource(() => createSpectrum(numbers(data, `${source}`)), source);
  if (data === null || typeof data !== 'object') throw new InvalidArgumentError(source, data, 'must be an array or an object');
  const obj = data as Record<string, unknown>;
  if (!Array.isArray(obj.eigenvalues)) {
    throw new InvalidArgumentError(`${source}.eigenvalues`, obj.eigenvalues, 'must be an array of numbers');
  }
  const ev = numbers(obj.eigenvalues, `${source}.eigenvalues`);
  let weights: number[] | undefined;
  if (obj.weights !== undefined) {
    if (!Array.isArray(obj.weights)) throw new InvalidArgumentError(`${source}.weights`, obj.weights, 'must be an array of numbers');
    weights = numbers(obj.weights, `${source}.weights`);
  }
  const spectrum = withSource(() => createSpectrum(ev, weights), source);
  if (obj.d === undefined) return spectrum;
  const d = obj.d;
  if (typeof d !== 'number' || !Number.isFinite(d) || !(d > 0)) throw new InvalidArgumentError(`${source}.d`, d, 'must be a finite number > 0');
  const scale = d / spectrum.d;
  return createSpectrum(spectrum.eigenvalues, spectrum.weights.map((w) => w * scale));
}

function numbers(arr: unknown[], name: string): number[] {
  return arr.map((v, i) => {
    if (typeof v !== 'number') throw new InvalidArgumentError(`${name}[${i}]`, v, 'must be a number');
    return v;
  });
}

/** Re-throw spectrum validation errors with the source prefixed, so a user knows which file. */
function withSource(build: () => Spectrum, source: string): Spectrum {
  try {
    return build();
  } catch (e) {
    if (e instanceof InvalidArgumentError) throw new InvalidArgumentError(`${source}: ${e.argument}`, e.value, e.reason);
    throw e;
  }
}
