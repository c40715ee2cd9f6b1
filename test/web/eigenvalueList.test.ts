/** The explorer's pasted-eigenvalue reader (web/eigenvalueList.js): the layouts users paste. */
import { describe, expect, it } from 'vitest';
// @ts-expect-error — plain ES module without type declarations
import { parseEigenvalueList } from '../../web/eigenvalueList.js';

const values = (text: string) => (parseEigenvalueList(text) as { values: number[] }).values;

describe('parseEigenvalueList', () => {
  it('reads commas, spaces, tabs, semicolons and new lines alike', () => {
    for (const text of ['3,2,1', '3 2 1', '3\n2\n1', '3, 2, 1', '3\t2\t1', '3;2;1', ' 3 ,2,\n1,\n', '3\r\n2\r\n1\r\n', '\ufeff3,2,1'])
      expect(values(text), JSON.stringify(text)).toEqual([3, 2, 1]);
    expect(values('1e-3 2.5E2 .5 +4 -0 7.')).toEqual([1e-3, 250, 0.5, 4, -0, 7]);
  });

  it('skips a header word on the first line and # comments', () => {
    expect(values('eigenvalue\n3\n2\n1')).toEqual([3, 2, 1]);
    expect(values('# from numpy\nlambda\n3\n2  # the second\n1')).toEqual([3, 2, 1]);
    expect(values('eigenvalues, of Σ\n3,2,1')).toEqual([3, 2, 1]);
  });

  it('reads numpy’s printed arrays and leaves JSON to the library', () => {
    expect(values('[3. 2. 1.]')).toEqual([3, 2, 1]);
    expect(values('[3.0e+00 2.0e+00\n 1.0e+00]')).toEqual([3, 2, 1]);
    expect(parseEigenvalueList('[3, 2, 1]')).toEqual({ json: '[3, 2, 1]' });
    expect(parseEigenvalueList(' {"eigenvalues": [1], "d": 4}')).toEqual({ json: '{"eigenvalues": [1], "d": 4}' });
  });

  it('refuses other words, naming the line and the token', () => {
    expect(() => parseEigenvalueList('3\n2\nabc\n1')).toThrow('pasted eigenvalues line 3: "abc" is not a number');
    expect(() => parseEigenvalueList('header\nsecond header\n1')).toThrow('line 2: "second"');
    expect(() => parseEigenvalueList('3, 0x10')).toThrow('"0x10" is not a number');
    expect(() => parseEigenvalueList('1, Infinity')).toThrow('"Infinity"');
    expect(() => parseEigenvalueList('1, NaN')).toThrow('"NaN"');
    expect(() => parseEigenvalueList('[1 2')).toThrow('does not end with "]"');
    expect(() => parseEigenvalueList('eigenvalue')).toThrow('no eigenvalues');
    expect(() => parseEigenvalueList('  \n ')).toThrow('no eigenvalues');
  });
});
