import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { toCsv, toJson, toMarkdown } from '../../src/tables/index.js';
import { VERSION } from '../../src/version.js';

describe('toJson: JSON that JSON.parse and Python json load as numbers', () => {
  it('writes ±∞ as 1e999 / -1e999 (parsed back as ±Infinity), NaN as null', () => {
    const text = toJson({ a: Infinity, b: -Infinity, c: NaN, d: 1.5, e: [Infinity, 2] });
    expect(text).toBe('{"a":1e999,"b":-1e999,"c":null,"d":1.5,"e":[1e999,2]}');
    expect(JSON.parse(text)).toEqual({ a: Infinity, b: -Infinity, c: null, d: 1.5, e: [Infinity, 2] });
  });

  it('writes typed arrays as arrays, leaves out undefined members, equals JSON.stringify otherwise', () => {
    expect(toJson({ x: Float64Array.from([1, 2.5]), y: undefined, z: Int32Array.from([3]) })).toBe('{"x":[1,2.5],"z":[3]}');
    const plain = { s: 'a"b\n', n: [1, null, true, { k: -0, big: 1e300, tiny: 5e-324 }], u: [undefined], date: new Date(0) };
    expect(toJson(plain)).toBe(JSON.stringify(plain));
  });
});

describe('toCsv (RFC 4180)', () => {
  it('quotes only fields with a comma, quote or line break; ±∞ as inf/-inf; missing as empty', () => {
    const csv = toCsv({ columns: ['a', 'b,c'], rows: [[1, 'x"y'], [Infinity, null], [-Infinity, 'p\nq']] });
    expect(csv).toBe('a,"b,c"\n1,"x""y"\ninf,\n-inf,"p\nq"\n');
  });

  it('an optional # key=value header', () => {
    expect(toCsv({ columns: ['N'], rows: [[1]] }, { spectrum: 'iso:d=4', seed: 1, skipped: undefined })).toBe('# spectrum=iso:d=4\n# seed=1\nN\n1\n');
  });

  it('markdown keeps a pipe inside a cell from splitting it', () => {
    expect(toMarkdown({ columns: ['a'], rows: [['x|y']] })).toContain('x\\|y');
  });
});

describe('VERSION', () => {
  it('equals package.json version', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});
