/**
 * Sample matrices (rows = samples) from CSV or NumPy .npy, parsed by pure functions of the file
 * contents — for `transition --train/--original/--generated` and `data:PATH` spectra (the I/O
 * stays in src/cli and src/node).
 *
 * CSV: one sample per line, numbers separated by commas (spaces around them allowed) or, on
 * lines without a comma, by whitespace (`np.savetxt`'s default); an optional first line of column
 * names (detected by containing a field that is not a number), as pandas' `to_csv(index=False)`
 * writes it; pandas' index column — a header whose first field is empty (`to_csv()`),
 * `Unnamed: 0` or `index` — is dropped, every other column is a coordinate (without a header
 * every column is a coordinate). Blank lines and a trailing newline are ignored, "\r\n" accepted.
 * Every row must have the same number of fields and every field must be a finite number (NaN,
 * inf and empty fields rejected); errors name the file, the line and the value.
 *
 * .npy (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html): magic
 * "\x93NUMPY", version 1.0 (2-byte header length) or 2.0/3.0 (4-byte), a Python-literal header
 * dict {'descr': …, 'fortran_order': True | False, 'shape': (rows, cols)}, then the data. Floats
 * (f4, f8) and integers (i1 … i8, u1 … u8) of either byte order; C order or Fortran order (what
 * `np.save(X.T)` writes), read into rows = samples as the shape says; a 1-D array is one
 * column. Anything else, a truncated file or a non-finite value is an error naming the file.
 * Which dimension is the samples when a file is d × N is {@link orientSamples}'s rule.
 */
import { InvalidArgumentError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { DECIMAL_NUMBER } from '../validate.js';

/** A parsed sample file: rows × cols values, row-major. */
export interface SampleMatrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** Largest |value| in a sample file: squares and sums of squares must stay doubles. */
export const SAMPLE_MAX_MAGNITUDE = LIMITS.sampleMagnitude;

/**
 * Parse CSV text. `file` names the file in error messages. The text is scanned line by line into
 * a growing Float64Array (no array of lines or of boxed numbers), and at most LIMITS.sampleValues
 * values are accepted, so memory is bounded by the values kept, not by the file's lines.
 *
 * @example
 * ```ts
 * parseSampleCsv('1,2\n3,4\n', 'x.csv');   // { rows: 2, cols: 2, data: Float64Array [1, 2, 3, 4] }
 * ```
 */
export function parseSampleCsv(text: string, file: string): SampleMatrix {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a UTF-8 byte-order mark
  const values = new GrowableValues(file);
  let cols = -1;
  let rows = 0;
  let first = true;
  let skip = 0;
  let li = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    li++;
    if (line === '') continue;
    let fields = line.includes(',') ? line.split(',').map((f) => f.trim()) : line.split(/\s+/);
    if (first) {
      first = false;
      if (isHeaderLine(fields)) {
        // pandas' index column (`to_csv()` names it '', read_csv re-saved calls it 'Unnamed: 0').
        skip = fields.length >= 2 && /^(|unnamed: ?0|index)$/i.test(fields[0]) ? 1 : 0;
        cols = fields.length;
        continue;
      }
    }
    if (cols >= 0 && fields.length !== cols) throw new InvalidArgumentError(file, `line ${li}`, `has ${fields.length} fields, expected ${cols} (every row must have the same length): ${JSON.stringify(cut(line))}`);
    if (cols < 0) cols = fields.length;
    if (skip) fields = fields.slice(skip);
    const numeric = fields.map((f) => (DECIMAL_NUMBER.test(f) ? Number(f) : NaN));
    const bad = numeric.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new InvalidArgumentError(file, fields[bad], `line ${li}, field ${bad + 1 + skip}: not a finite number`);
    for (let k = 0; k < numeric.length; k++) {
      if (!(Math.abs(numeric[k]) <= SAMPLE_MAX_MAGNITUDE)) throw new InvalidArgumentError(file, fields[k], `line ${li}, field ${k + 1 + skip}: |value| must be <= ${SAMPLE_MAX_MAGNITUDE} (its square must be a double; rescale the data)`);
      values.push(numeric[k]);
    }
    rows++;
  }
  if (rows === 0) throw new InvalidArgumentError(file, 'empty', 'contains no samples');
  return { rows, cols: cols - skip, data: values.take() };
}

/**
 * Whether the first line of a CSV is a header: column names, none of which looks like a number
 * (a typo such as `1.5x` in the first data row stays an error), or pandas' default labels of a
 * DataFrame or Series built without names — `0,1,2,…` (`to_csv(index=False)`) or `,0,1,…`
 * (with the index column), which are whole numbers counting from 0 and cannot be data (a sample
 * file's first row equal to 0, 1, …, k − 1, or an eigenvalue 0, is read as labels).
 */
export function isHeaderLine(fields: string[]): boolean {
  const labels = fields[0] === '' ? fields.slice(1) : fields;
  if (labels.length >= 1 && labels.every((f, i) => f === String(i))) return true;
  // Names are printable text: a line of control bytes (a binary file read as text) is not a header.
  return fields.some((f) => f !== '') && fields.every((f) => f === '' || (!/^[+-]?(\d|\.\d|nan$|inf)/i.test(f) && !/[\p{Cc}\uFFFD]/u.test(f)));
}

/** A line for an error message, cut to a readable length. */
function cut(line: string): string {
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

/** A Float64Array that doubles as it fills, capped at LIMITS.sampleValues. */
class GrowableValues {
  private data = new Float64Array(1024);
  private length = 0;
  constructor(private readonly file: string) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      if (this.length >= LIMITS.sampleValues) throw new InvalidArgumentError(this.file, `more than ${LIMITS.sampleValues} values`, `a sample file may hold at most ${LIMITS.sampleValues} values (rows × columns limit)`);
      const next = new Float64Array(Math.min(2 * this.data.length, LIMITS.sampleValues));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  take(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/**
 * Parse the bytes of a .npy file. `file` names the file in error messages.
 *
 * @example
 * ```ts
 * parseNpy(encodeNpy({ rows: 2, cols: 2, data: new Float64Array([1, 2, 3, 4]) }), 'x.npy');   // { rows: 2, cols: 2, data: Float64Array [1, 2, 3, 4] }
 * ```
 */
export function parseNpy(bytes: Uint8Array, file: string): SampleMatrix {
  if (bytes.length < 10 || NPY_MAGIC.some((b, i) => bytes[i] !== b)) throw new InvalidArgumentError(file, 'header', 'not a .npy file (missing \\x93NUMPY magic)');
  const major = bytes[6];
  let headerLength: number;
  let offset: number;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    offset = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new InvalidArgumentError(file, 'header', 'truncated .npy header');
    headerLength = view.getUint32(8, true);
    offset = 12;
  } else throw new InvalidArgumentError(file, `version ${major}.${bytes[7]}`, 'unsupported .npy format version (1, 2 or 3 expected)');
  if (offset + headerLength > bytes.length) throw new InvalidArgumentError(file, 'header', 'truncated .npy header');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(offset, offset + headerLength));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new InvalidArgumentError(file, header.trim(), 'malformed .npy header (needs descr, fortran_order and shape)');
  const dtype = NPY_DTYPE.exec(descr);
  if (!dtype || !((dtype[2] === 'f' && (dtype[3] === '4' || dtype[3] === '8')) || (dtype[2] !== 'f' && ['1', '2', '4', '8'].includes(dtype[3])))) {
    throw new InvalidArgumentError(file, descr, "unsupported dtype (floats '<f8', '<f4' or integers '<i4', '|u1', … of either byte order expected)");
  }
  const littleEndian = dtype[1] !== '>';
  const kind = dtype[2] as 'f' | 'i' | 'u';
  const itemSize = Number(dtype[3]);
  const read = reader(view, kind, itemSize, littleEndian);
  // Fortran order stores column after column (np.save of a transpose): element (r, c) at c·rows + r.
  const fortranOrder = fortran === 'True';
  const dims = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (dims.length < 1 || dims.length > 2 || dims.some((s) => !/^\d+$/.test(s))) throw new InvalidArgumentError(file, `shape (${shapeText})`, 'must be a 2-D array (rows = samples, columns = coordinates; a 1-D array is one column)');
  const rows = Number(dims[0]);
  const cols = dims.length === 2 ? Number(dims[1]) : 1;
  if (rows === 0 || cols === 0) throw new InvalidArgumentError(file, `shape (${shapeText})`, 'contains no samples');
  if (!(rows * cols <= LIMITS.sampleValues)) throw new InvalidArgumentError(file, `shape (${shapeText})`, `a sample file may hold at most ${LIMITS.sampleValues} values (rows × columns limit)`);
  const start = offset + headerLength;
  const need = rows * cols * itemSize;
  if (bytes.length - start < need) throw new InvalidArgumentError(file, `${bytes.length - start} data bytes`, `truncated: shape (${rows}, ${cols}) needs ${need}`);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows * cols; i++) {
    const v = read(start + itemSize * i);
    const r = fortranOrder ? i % rows : Math.floor(i / cols);
    const c = fortranOrder ? Math.floor(i / rows) : i % cols;
    if (!Number.isFinite(v)) throw new InvalidArgumentError(file, String(v), `value ${i} (row ${r}, column ${c}) is not finite`);
    if (!(Math.abs(v) <= SAMPLE_MAX_MAGNITUDE)) throw new InvalidArgumentError(file, v, `value ${i} (row ${r}, column ${c}): |value| must be <= ${SAMPLE_MAX_MAGNITUDE} (its square must be a double; rescale the data)`);
    data[r * cols + c] = v;
  }
  return { rows, cols, data };
}

/** A .npy dtype string: byte order, kind (float, signed, unsigned integer), item size in bytes. */
const NPY_DTYPE = /^([<>=|])([fiu])(\d)$/;

/** Reads one item at a byte offset as a double (64-bit integers exactly up to 2^53, beyond rounded). */
function reader(view: DataView, kind: 'f' | 'i' | 'u', size: number, le: boolean): (offset: number) => number {
  if (kind === 'f') return size === 8 ? (o) => view.getFloat64(o, le) : (o) => view.getFloat32(o, le);
  if (size === 1) return kind === 'i' ? (o) => view.getInt8(o) : (o) => view.getUint8(o);
  if (size === 2) return kind === 'i' ? (o) => view.getInt16(o, le) : (o) => view.getUint16(o, le);
  if (size === 4) return kind === 'i' ? (o) => view.getInt32(o, le) : (o) => view.getUint32(o, le);
  return kind === 'i' ? (o) => Number(view.getBigInt64(o, le)) : (o) => Number(view.getBigUint64(o, le));
}

/**
 * Which dimension of a sample file holds the samples. Files are read as rows = samples (numpy's
 * and pandas' convention, X[i] is sample i). When the dimension d is declared (`data:PATH,d=D`,
 * or the other sample files of `transition` fix it) and the file is d × N instead — its rows, not
 * its columns, equal d — it is transposed; a file with neither dimension equal to d is refused.
 * Without a declared d nothing is guessed: N < d is a legitimate data set (fewer samples than
 * coordinates), so the longer dimension says nothing.
 */
export function orientSamples(m: SampleMatrix, file: string, d?: number): SampleMatrix {
  if (d === undefined || m.cols === d) return m;
  if (m.rows !== d) throw new InvalidArgumentError(file, `shape (${m.rows}, ${m.cols})`, `neither dimension equals d = ${d} (rows = samples, columns = the d coordinates)`);
  const data = new Float64Array(m.rows * m.cols);
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) data[c * m.rows + r] = m.data[r * m.cols + c];
  return { rows: m.cols, cols: m.rows, data };
}

/**
 * Encode a matrix as a .npy v1.0 file (little-endian float64 or float32, C order); for tests and exports.
 *
 * @example
 * ```ts
 * encodeNpy({ rows: 2, cols: 2, data: new Float64Array([1, 2, 3, 4]) });   // Uint8Array(160), a .npy file
 * ```
 */
export function encodeNpy(matrix: SampleMatrix, dtype: 'f8' | 'f4' = 'f8'): Uint8Array {
  let header = `{'descr': '<${dtype}', 'fortran_order': False, 'shape': (${matrix.rows}, ${matrix.cols}), }`;
  // Pad so that magic + version + length + header (+ '\n') is a multiple of 64 bytes.
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const itemSize = dtype === 'f8' ? 8 : 4;
  const out = new Uint8Array(10 + header.length + matrix.data.length * itemSize);
  out.set(NPY_MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const start = 10 + header.length;
  for (let i = 0; i < matrix.data.length; i++) {
    if (itemSize === 8) view.setFloat64(start + 8 * i, matrix.data[i], true);
    else view.setFloat32(start + 4 * i, matrix.data[i], true);
  }
  return out;
}

/**
 * Parse a sample file by its extension (.npy binary, anything else CSV).
 *
 * @example
 * ```ts
 * parseSampleFile('x.csv', { text: () => '1,2\n3,4\n', bytes: () => new Uint8Array() });   // { rows: 2, cols: 2, data: … }
 * ```
 */
export function parseSampleFile(file: string, read: { text: () => string; bytes: () => Uint8Array }): SampleMatrix {
  return file.toLowerCase().endsWith('.npy') ? parseNpy(read.bytes(), file) : parseSampleCsv(read.text(), file);
}

/**
 * Parse file contents given as bytes: .npy by its magic (or extension), anything else as UTF-8 CSV.
 *
 * @example
 * ```ts
 * parseSampleBytes(new TextEncoder().encode('1,2\n3,4\n'), 'x.csv');   // { rows: 2, cols: 2, data: Float64Array [1, 2, 3, 4] }
 * ```
 */
export function parseSampleBytes(bytes: Uint8Array, file: string): SampleMatrix {
  const isNpy = NPY_MAGIC.every((b, i) => bytes[i] === b) || file.toLowerCase().endsWith('.npy');
  if (isNpy) return parseNpy(bytes, file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidArgumentError(file, 'bytes', 'is neither a .npy file nor UTF-8 CSV text');
  }
  return parseSampleCsv(text.replace(/^\uFEFF/, ''), file);
}
