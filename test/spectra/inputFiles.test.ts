/**
 * Inputs as users write them (issue 20 item 6): eigenvalue and sample files as pandas and numpy
 * write them — header line, pandas' index column, both, np.savetxt's whitespace, one-line pasted
 * lists — .npy in Fortran order, transposed (d × N with d declared), integer and big-endian
 * dtypes; `data:`'s covariance convention and ddof; every refusal names the file, line and value.
 */
import { describe, expect, it } from 'vitest';
import { encodeNpy, orientSamples, parseNpy, parseSampleCsv, type SampleMatrix } from '../../src/datasets/sampleMatrix.js';
import { dataSpectrum, parseDataSpec } from '../../src/spectra/dataSpectrum.js';
import { empiricalSpectrum } from '../../src/spectra/empiricalSpectrum.js';
import { parseNumberList } from '../../src/spectra/numberList.js';
import { parseEigenvalues } from '../../src/spectra/parseEigenvalues.js';
import { parseSpectrumSpec } from '../../src/spectra/parseSpectrumSpec.js';
import { createSpectrum } from '../../src/spectra/spectrum.js';
import { InvalidArgumentError } from '../../src/errors.js';

const ev = (text: string) => Array.from(parseEigenvalues(text, 'ev.csv').eigenvalues);
const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidArgumentError);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
};

/** A 5 × 3 sample matrix with distinct entries. */
const X: SampleMatrix = { rows: 5, cols: 3, data: Float64Array.from([1, 2, 3.5, -1, 0.25, 4, 2, -3, 1, 0.5, 1.5, -2, 3, 2.5, 0]) };
const rowsOf = (m: SampleMatrix) => Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));

/** The .npy bytes numpy writes for X in Fortran order (np.save(np.asfortranarray(X))): column after column. */
function fortranNpy(m: SampleMatrix): Uint8Array {
  const colMajor = new Float64Array(m.rows * m.cols);
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) colMajor[c * m.rows + r] = m.data[r * m.cols + c];
  const bytes = encodeNpy({ rows: m.rows, cols: m.cols, data: colMajor });
  const header = new TextDecoder('latin1').decode(bytes.subarray(10, 10 + 64));
  const at = header.indexOf('False');
  expect(at).toBeGreaterThan(0);
  bytes.set(new TextEncoder().encode('True '), 10 + at); // same length: the header stays aligned
  return bytes;
}

/** Re-encode .npy bytes with another dtype string of the same length (e.g. '>f8'), data converted by `write`. */
function npyWithDtype(m: SampleMatrix, descr: string, size: number, write: (v: DataView, o: number, x: number) => void): Uint8Array {
  const base = encodeNpy(m);
  const headerText = new TextDecoder('latin1').decode(base.subarray(10, 10 + new DataView(base.buffer).getUint16(8, true)));
  const header = headerText.replace("'<f8'", `'${descr}'`);
  expect(header.length).toBe(headerText.length);
  const out = new Uint8Array(10 + header.length + m.data.length * size);
  out.set(base.subarray(0, 10));
  out.set(new TextEncoder().encode(header), 10);
  const view = new DataView(out.buffer);
  for (let i = 0; i < m.data.length; i++) write(view, 10 + header.length + size * i, m.data[i]);
  return out;
}

describe('eigenvalue files (file:PATH) as pandas and numpy write them', () => {
  it('one value per line, with a header (to_csv(index=False)), with the index column (to_csv()), both, and a Series (header ",0")', () => {
    expect(ev('3\n2\n1\n')).toEqual([3, 2, 1]);
    expect(ev('eigenvalue\n3\n2\n1\n')).toEqual([3, 2, 1]);
    expect(ev(',eigenvalue\n0,3\n1,2\n2,1\n')).toEqual([3, 2, 1]);
    expect(ev('Unnamed: 0,eigenvalue\n0,3\n1,2\n2,1\n')).toEqual([3, 2, 1]);
    expect(ev(',0\n0,3\n1,2\n2,1\n')).toEqual([3, 2, 1]);
    expect(ev('0\n3\n2\n1\n')).toEqual([3, 2, 1]); // Series.to_csv(index=False): its name 0 is the header
    expect(ev('0,3\n1,2\n2,1\n')).toEqual([3, 2, 1]); // to_csv(header=False): index and value
    expect(ev('1,3\n2,2\n3,1\n')).toEqual([3, 2, 1]); // an index counting from 1
    expect(ev('3.0\r\n2.0\r\n1.0\r\n')).toEqual([3, 2, 1]);
  });

  it('several named columns: the eigenvalue column is read, weights from a weight column', () => {
    const s = parseEigenvalues(',eigenvalue,weight\n0,3,2\n1,1,6\n', 'ev.csv');
    expect(Array.from(s.eigenvalues)).toEqual([3, 1]);
    expect(Array.from(s.weights)).toEqual([2, 6]);
    expect(s.d).toBe(8);
    expect(ev('lambda,other\n3,9\n2,9\n')).toEqual([3, 2]);
  });

  it('a one-line list pasted with commas, spaces or both', () => {
    expect(ev('3,2,1')).toEqual([3, 2, 1]);
    expect(ev('3 2 1\n')).toEqual([3, 2, 1]);
    expect(ev('3, 2,  1')).toEqual([3, 2, 1]);
    expect(ev('[3, 2, 1]')).toEqual([3, 2, 1]);
  });

  it('refusals name the file, the line and the value', () => {
    expect(message(() => parseEigenvalues('3\n2\nabc\n', 'ev.csv'))).toMatch(/ev\.csv line 3 = "abc"/);
    expect(message(() => parseEigenvalues('eigenvalue\n3\n2,5\n', 'ev.csv'))).toMatch(/ev\.csv line 3 = "2,5": has 2 fields, expected 1/);
    expect(message(() => parseEigenvalues('5,3\n7,2\n', 'ev.csv'))).toMatch(/ev\.csv line 1 = "5": .*does not count the rows/);
    expect(message(() => parseEigenvalues('a,b\n1,2\n', 'ev.csv'))).toMatch(/ev\.csv line 1 = "a,b": a table with several columns needs one named eigenvalue/);
    expect(message(() => parseEigenvalues('1 2 3\n4 5 6\n', 'ev.csv'))).toMatch(/ev\.csv line 1 = "1,2,3": has 3 fields/);
    expect(message(() => parseEigenvalues('eigenvalue\n', 'ev.csv'))).toMatch(/ev\.csv = "header only"/);
    expect(message(() => parseEigenvalues('3\n-1\n', 'ev.csv'))).toMatch(/ev\.csv/);
  });
});

describe('parseNumberList (the explorer pastes lists through it)', () => {
  it('commas, whitespace, newlines, brackets', () => {
    expect(parseNumberList('3,2,1')).toEqual([3, 2, 1]);
    expect(parseNumberList('3 2 1')).toEqual([3, 2, 1]);
    expect(parseNumberList(' 3,\t2\n1 ')).toEqual([3, 2, 1]);
    expect(parseNumberList('[1e-3, 2.5]')).toEqual([1e-3, 2.5]);
  });
  it('refuses empty entries and non-numbers, naming the entry and its text', () => {
    expect(message(() => parseNumberList('3,,1', 'pasted'))).toMatch(/pasted entry 2 = "": is empty/);
    expect(message(() => parseNumberList('3 x 1', 'pasted'))).toMatch(/pasted entry 2 = "x"/);
    expect(message(() => parseNumberList('3 0x10', 'pasted'))).toMatch(/entry 2 = "0x10"/);
    expect(message(() => parseNumberList('NaN'))).toMatch(/entry 1 = "NaN"/);
    expect(message(() => parseNumberList('  '))).toMatch(/is empty/);
    expect(message(() => parseNumberList('1 2 3', 'pasted', { max: 2 }))).toMatch(/at most 2/);
  });
});

describe('sample CSVs (data:PATH, transition files)', () => {
  const body = rowsOf(X).map((r) => r.join(',')).join('\n') + '\n';
  const indexed = rowsOf(X).map((r, i) => [i, ...r].join(',')).join('\n') + '\n';

  it('without a header, with a header (to_csv(index=False)), with the index column (to_csv()), default labels, np.savetxt whitespace: the same matrix', () => {
    const variants = {
      plain: body,
      header: 'a,b,c\n' + body,
      index: ',a,b,c\n' + indexed,
      unnamed: 'Unnamed: 0,a,b,c\n' + indexed,
      defaultLabels: '0,1,2\n' + body,
      defaultLabelsIndex: ',0,1,2\n' + indexed,
      savetxt: rowsOf(X).map((r) => r.map((v) => v.toExponential(18)).join(' ')).join('\n') + '\n',
    };
    for (const [name, text] of Object.entries(variants)) {
      const m = parseSampleCsv(text, `${name}.csv`);
      expect([m.rows, m.cols], name).toEqual([5, 3]);
      expect(Array.from(m.data), name).toEqual(Array.from(X.data));
    }
  });

  it('refusals name the file, the line and the value', () => {
    expect(message(() => parseSampleCsv('a,b\n1,2\n3,x\n', 's.csv'))).toMatch(/s\.csv = "x": line 3, field 2/);
    expect(message(() => parseSampleCsv(',a,b\n0,1,2\n1,3,nan\n', 's.csv'))).toMatch(/s\.csv = "nan": line 3, field 3/);
    expect(message(() => parseSampleCsv('1,2\n3,4,5\n', 's.csv'))).toMatch(/s\.csv = "line 2": has 3 fields, expected 2 .*: "3,4,5"/);
    expect(message(() => parseSampleCsv('1,2\n1e200,4\n', 's.csv'))).toMatch(/s\.csv = "1e200": line 2, field 1/);
  });
});

describe('.npy sample files', () => {
  it('C order and Fortran order (np.save of a transpose) read the same matrix', () => {
    const c = parseNpy(encodeNpy(X), 'c.npy');
    const f = parseNpy(fortranNpy(X), 'f.npy');
    expect(rowsOf(f)).toEqual(rowsOf(X));
    expect(rowsOf(c)).toEqual(rowsOf(X));
  });

  it('integer dtypes and big-endian floats', () => {
    const ints: SampleMatrix = { rows: 2, cols: 2, data: Float64Array.from([1, -2, 300, 4]) };
    expect(Array.from(parseNpy(npyWithDtype(ints, '<i4', 4, (v, o, x) => v.setInt32(o, x, true)), 'i.npy').data)).toEqual([1, -2, 300, 4]);
    expect(Array.from(parseNpy(npyWithDtype(ints, '>i8', 8, (v, o, x) => v.setBigInt64(o, BigInt(x), false)), 'i.npy').data)).toEqual([1, -2, 300, 4]);
    expect(Array.from(parseNpy(npyWithDtype(X, '>f8', 8, (v, o, x) => v.setFloat64(o, x, false)), 'b.npy').data)).toEqual(Array.from(X.data));
    const bytes = { rows: 1, cols: 3, data: Float64Array.from([0, 128, 255]) };
    expect(Array.from(parseNpy(npyWithDtype(bytes, '|u1', 1, (v, o, x) => v.setUint8(o, x)), 'u.npy').data)).toEqual([0, 128, 255]);
    expect(message(() => parseNpy(npyWithDtype(X, '<c8', 8, () => {}), 'z.npy'))).toMatch(/z\.npy = "<c8": unsupported dtype/);
  });

  it('orientation: rows are samples; a d × N file is transposed when d is declared; neither dimension d is refused', () => {
    const t: SampleMatrix = orientSamples(X, 'x.npy', 5);
    expect([t.rows, t.cols]).toEqual([3, 5]);
    expect(t.data[0 * 5 + 1]).toBe(X.data[1 * 3 + 0]);
    expect(orientSamples(X, 'x.npy', 3)).toBe(X);
    expect(orientSamples(X, 'x.npy')).toBe(X);
    expect(message(() => orientSamples(X, 'x.npy', 7))).toMatch(/x\.npy = "shape \(5, 3\)": neither dimension equals d = 7/);
  });
});

describe('data: covariance convention (ddof) and orientation', () => {
  // 40 samples of 4 coordinates, written transposed (4 × 40) as well.
  const N = 40;
  const d = 4;
  const data = Float64Array.from({ length: N * d }, (_, i) => Math.sin(1.7 * i + 0.3) * (1 + (i % d)) + 0.1 * Math.cos(i * i));
  const M: SampleMatrix = { rows: N, cols: d, data };
  const T = orientSamples(M, 'm', N); // d × N

  it('ddof=0 (default) divides by N (the maximum-likelihood covariance); ddof=1 by N − 1 as np.cov', () => {
    const ml = empiricalSpectrum(data, N, d).spectrum;
    const s0 = dataSpectrum(encodeNpy(M), 'm.npy');
    const s1 = dataSpectrum(encodeNpy(M), 'm.npy', { ddof: 1 });
    expect(Array.from(s0.eigenvalues)).toEqual(Array.from(ml.eigenvalues));
    for (let i = 0; i < d; i++) expect(s1.eigenvalues[i] / s0.eigenvalues[i]).toBeCloseTo(N / (N - 1), 14);
    // Through the spec: trailing options after the path.
    const read = () => encodeNpy(M);
    const spec1 = parseSpectrumSpec('data:m.npy,ddof=1', { readBinaryFile: read });
    expect(Array.from(spec1.eigenvalues)).toEqual(Array.from(s1.eigenvalues));
  });

  it('a transposed (d × N) file with d declared gives the same spectrum; Fortran order too', () => {
    const s = dataSpectrum(encodeNpy(M), 'm.npy');
    const sT = parseSpectrumSpec(`data:t.npy,d=${d}`, { readBinaryFile: () => encodeNpy(T) });
    const sF = dataSpectrum(fortranNpy(M), 'f.npy');
    expect(Array.from(sT.eigenvalues)).toEqual(Array.from(s.eigenvalues));
    expect(Array.from(sF.eigenvalues)).toEqual(Array.from(s.eigenvalues));
  });

  it('parseDataSpec: options only at the end, known keys only, valid values', () => {
    expect(parseDataSpec(' dir,a/x.csv ,ddof=1,d=3')).toEqual({ path: 'dir,a/x.csv', ddof: 1, d: 3 });
    expect(parseDataSpec('x.csv')).toEqual({ path: 'x.csv' });
    expect(message(() => parseDataSpec('x.csv,ddof=2'))).toMatch(/spectrum ddof = "2": must be 0 .* or 1/);
    expect(message(() => parseDataSpec('x.csv,d=0'))).toMatch(/spectrum d = "0"/);
    expect(message(() => parseDataSpec('x.csv,ddof=1,ddof=0'))).toMatch(/given twice/);
  });
});

describe('createSpectrum checks the length it is given', () => {
  it('refuses a negative, fractional or missing length instead of returning an empty spectrum', () => {
    for (const bad of [{ length: -1 }, { length: 2.5 }, { length: '3' }, {}]) {
      expect(() => createSpectrum(bad as unknown as ArrayLike<number>), JSON.stringify(bad)).toThrow(InvalidArgumentError);
    }
    expect(() => createSpectrum([1], { length: -1 } as unknown as ArrayLike<number>)).toThrow(InvalidArgumentError);
  });
});
