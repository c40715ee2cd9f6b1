/**
 * Sample matrices (rows = samples) from CSV or NumPy .npy, parsed by pure functions of the file
 * contents — for `transition --train/--original/--generated` and `data:PATH` spectra (the I/O
 * stays in src/cli and src/node).
 *
 * CSV: one sample per line, numbers separated by commas (spaces around them allowed), an
 * optional first line of column names (detected by containing a field that is not a number),
 * blank lines and a trailing newline ignored, "\r\n" accepted. Every row must have the same
 * number of fields and every field must be a finite number (NaN, inf and empty fields rejected).
 *
 * .npy (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html): magic
 * "\x93NUMPY", version 1.0 (2-byte header length) or 2.0/3.0 (4-byte), a Python-literal header
 * dict {'descr': '<f8' | '<f4', 'fortran_order': False, 'shape': (rows, cols)}, then the data.
 * Only little-endian float64/float32, C order, 2-D arrays (a 1-D array is read as one column) are
 * accepted; anything else, a truncated file or a non-finite value is an error naming the file.
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
 */
export function parseSampleCsv(text: string, file: string): SampleMatrix {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a UTF-8 byte-order mark
  const values = new GrowableValues(file);
  let cols = -1;
  let rows = 0;
  let first = true;
  let li = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    li++;
    if (line === '') continue;
    const fields = line.split(',').map((f) => f.trim());
    const numeric = fields.map((f) => (DECIMAL_NUMBER.test(f) ? Number(f) : NaN));
    const bad = numeric.findIndex((v) => !Number.isFinite(v));
    if (first) {
      first = false;
      // A header: some field is not a number and none looks like a failed number.
      if (bad >= 0 && fields.every((f) => !/^[+-]?(\d|\.\d|nan$|inf)/i.test(f))) {
        cols = fields.length;
        continue;
      }
    }
    if (bad >= 0) throw new InvalidArgumentError(file, fields[bad], `line ${li}, field ${bad + 1}: not a finite number`);
    if (cols < 0) cols = fields.length;
    else if (fields.length !== cols) throw new InvalidArgumentError(file, `line ${li}`, `has ${fields.length} fields, expected ${cols} (every row must have the same length)`);
    for (let k = 0; k < numeric.length; k++) {
      if (!(Math.abs(numeric[k]) <= SAMPLE_MAX_MAGNITUDE)) throw new InvalidArgumentError(file, fields[k], `line ${li}, field ${k + 1}: |value| must be <= ${SAMPLE_MAX_MAGNITUDE} (its square must be a double; rescale the data)`);
      values.push(numeric[k]);
    }
    rows++;
  }
  if (rows === 0) throw new InvalidArgumentError(file, 'empty', 'contains no samples');
  return { rows, cols, data: values.take() };
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

/** Parse the bytes of a .npy file. `file` names the file in error messages. */
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
  let itemSize: number;
  if (descr === '<f8' || (descr === '=f8')) itemSize = 8;
  else if (descr === '<f4' || descr === '=f4') itemSize = 4;
  else throw new InvalidArgumentError(file, descr, "unsupported dtype (little-endian float64 '<f8' or float32 '<f4' expected)");
  if (fortran !== 'False') throw new InvalidArgumentError(file, 'fortran_order', 'Fortran-order arrays are not supported (save with C order)');
  const dims = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (dims.length < 1 || dims.length > 2 || dims.some((s) => !/^\d+$/.test(s))) throw new InvalidArgumentError(file, `shape (${shapeText})`, 'must be a 2-D array (rows = samples, columns = coordinates)');
  const rows = Number(dims[0]);
  const cols = dims.length === 2 ? Number(dims[1]) : 1;
  if (rows === 0 || cols === 0) throw new InvalidArgumentError(file, `shape (${shapeText})`, 'contains no samples');
  if (!(rows * cols <= LIMITS.sampleValues)) throw new InvalidArgumentError(file, `shape (${shapeText})`, `a sample file may hold at most ${LIMITS.sampleValues} values (rows × columns limit)`);
  const start = offset + headerLength;
  const need = rows * cols * itemSize;
  if (bytes.length - start < need) throw new InvalidArgumentError(file, `${bytes.length - start} data bytes`, `truncated: shape (${rows}, ${cols}) needs ${need}`);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows * cols; i++) {
    const v = itemSize === 8 ? view.getFloat64(start + 8 * i, true) : view.getFloat32(start + 4 * i, true);
    if (!Number.isFinite(v)) throw new InvalidArgumentError(file, String(v), `value ${i} (row ${Math.floor(i / cols)}, column ${i % cols}) is not finite`);
    if (!(Math.abs(v) <= SAMPLE_MAX_MAGNITUDE)) throw new InvalidArgumentError(file, v, `value ${i} (row ${Math.floor(i / cols)}, column ${i % cols}): |value| must be <= ${SAMPLE_MAX_MAGNITUDE} (its square must be a double; rescale the data)`);
    data[i] = v;
  }
  return { rows, cols, data };
}

/** Encode a matrix as a .npy v1.0 file (little-endian float64 or float32, C order); for tests and exports. */
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

/** Parse a sample file by its extension (.npy binary, anything else CSV). */
export function parseSampleFile(file: string, read: { text: () => string; bytes: () => Uint8Array }): SampleMatrix {
  return file.toLowerCase().endsWith('.npy') ? parseNpy(read.bytes(), file) : parseSampleCsv(read.text(), file);
}

/** Parse file contents given as bytes: .npy by its magic (or extension), anything else as UTF-8 CSV. */
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
