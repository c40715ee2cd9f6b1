import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { encodeNpy, parseNpy, parseSampleCsv, parseSampleFile } from '../../src/cli/files/sampleFiles.js';

/** A .npy file with an arbitrary header dict and payload (to build malformed ones). */
function npy(header: string, payload: Uint8Array, major = 1): Uint8Array {
  const lenBytes = major === 1 ? 2 : 4;
  const out = new Uint8Array(8 + lenBytes + header.length + payload.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[8 + lenBytes + i] = header.charCodeAt(i);
  out.set(payload, 8 + lenBytes + header.length);
  return out;
}

function f64(values: number[]): Uint8Array {
  return new Uint8Array(Float64Array.from(values).buffer);
}

describe('CSV sample files', () => {
  it('rows = samples, optional header, CRLF, blank lines, spaces', () => {
    expect(parseSampleCsv('1,2,3\n4,5,6\n', 'a.csv')).toEqual({ rows: 2, cols: 3, data: Float64Array.from([1, 2, 3, 4, 5, 6]) });
    expect(parseSampleCsv('x1,x2\r\n1.5, -2e-3\r\n\r\n.5,+7\r\n', 'b.csv')).toEqual({ rows: 2, cols: 2, data: Float64Array.from([1.5, -0.002, 0.5, 7]) });
    expect(parseSampleCsv('3\n4\n', 'c.csv')).toMatchObject({ rows: 2, cols: 1 });
  });

  it('malformed CSV: errors name the file, line and problem', () => {
    const bad: [string, RegExp][] = [
      ['1,2\n3\n', /invalid a\.csv = "line 2": has 1 fields, expected 2/],
      ['1,2\n3,NaN\n', /invalid a\.csv = "NaN": line 2, field 2: not a finite number/],
      ['1,2\n3,\n', /line 2, field 2/],
      ['1,inf\n', /"inf"/],
      ['x,y\n', /contains no samples/],
      ['', /contains no samples/],
      ['1,2\n3,abc\n', /"abc"/],
      ['a,b\n1,2,3\n', /has 3 fields, expected 2/],
    ];
    for (const [text, re] of bad) {
      const f = () => parseSampleCsv(text, 'a.csv');
      expect(f).toThrow(InvalidArgumentError);
      expect(f).toThrow(re);
    }
  });
});

describe('.npy sample files', () => {
  it('v1.0 float64 and float32, C order, as written by numpy (round trip through encodeNpy)', () => {
    const m = { rows: 3, cols: 2, data: Float64Array.from([1, 2.5, -3, 4, 5e-300, 6]) };
    expect(parseNpy(encodeNpy(m, 'f8'), 'a.npy')).toEqual(m);
    const f32 = parseNpy(encodeNpy(m, 'f4'), 'b.npy');
    expect(f32.rows).toBe(3);
    expect(f32.data[1]).toBe(2.5);
    expect(f32.data[4]).toBe(0); // 5e-300 underflows in float32, as numpy would store it
    const bytes = encodeNpy(m);
    expect((10 + new DataView(bytes.buffer).getUint16(8, true)) % 64).toBe(0); // header padded as numpy does
  });

  it('v2.0 header (4-byte length), 1-D arrays as one column, a literal numpy header', () => {
    const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }          \n";
    expect(parseNpy(npy(header, f64([1, 2, 3, 4]), 2), 'v2.npy')).toEqual({ rows: 2, cols: 2, data: Float64Array.from([1, 2, 3, 4]) });
    expect(parseNpy(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }\n", f64([1, 2, 3])), 'v.npy')).toMatchObject({ rows: 3, cols: 1 });
  });

  it('malformed headers and payloads: clear errors naming the file', () => {
    const good = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }\n";
    const cases: [Uint8Array, RegExp][] = [
      [new TextEncoder().encode('1,2\n3,4\n'), /invalid bad\.npy = "header": not a \.npy file/],
      // Big-endian, integer and Fortran-order arrays are read since issue 20 (test/spectra/inputFiles.test.ts);
      // complex and object arrays are still refused.
      [npy(good.replace('<f8', '<c16'), f64([1, 2, 3, 4, 5, 6, 7, 8])), /"<c16": unsupported dtype/],
      [npy(good.replace("'<f8'", "'|O8'"), f64([1, 2, 3, 4])), /"\|O8": unsupported dtype/],
      [npy(good.replace('(2, 2)', '(2, 1, 2)'), f64([1, 2, 3, 4])), /must be a 2-D array/],
      [npy(good, f64([1, 2, 3])), /truncated: shape \(2, 2\) needs 32/],
      [npy(good, f64([1, NaN, 3, 4])), /value 1 \(row 0, column 1\) is not finite/],
      [npy("{'descr': '<f8'}", f64([])), /malformed \.npy header/],
      [npy(good, f64([1, 2, 3, 4]), 7), /unsupported \.npy format version/],
      [npy(good.replace('(2, 2)', '(0, 2)'), f64([])), /contains no samples/],
      [npy(good, f64([1, 2, 3, 4])).subarray(0, 20), /truncated \.npy header/],
    ];
    for (const [bytes, re] of cases) {
      const f = () => parseNpy(bytes, 'bad.npy');
      expect(f).toThrow(InvalidArgumentError);
      expect(f).toThrow(re);
    }
  });

  it('parseSampleFile dispatches on the extension', () => {
    const m = { rows: 1, cols: 2, data: Float64Array.from([1, 2]) };
    expect(parseSampleFile('X.NPY', { text: () => '', bytes: () => encodeNpy(m) })).toEqual(m);
    expect(parseSampleFile('x.csv', { text: () => '1,2\n', bytes: () => new Uint8Array() })).toEqual(m);
  });
});
