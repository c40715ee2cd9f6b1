import { describe, expect, it } from 'vitest';
import {
  createSpectrum,
  expandEigenvalues,
  formulaSpectrum,
  isotropicSpectrum,
  lowRankSpectrum,
  mixtureSpectrum,
  parseEigenvalues,
  parseSpectrumSpec,
  powerLawSpectrum,
  requireSpectrum,
  spectrumSummary,
  twoPointSpectrum,
} from '../../src/spectra/index.js';
import { InvalidArgumentError } from '../../src/errors.js';

const EPS = Number.EPSILON;

describe('spectrum constructors', () => {
  it('isotropic: one distinct value with weight d', () => {
    const s = isotropicSpectrum({ d: 1_000_000, variance: 2 });
    expect(Array.from(s.eigenvalues)).toEqual([2]);
    expect(s.d).toBe(1_000_000);
    expect(spectrumSummary(s)).toMatchObject({ trace: 2_000_000, participationRatio: 1_000_000, conditionNumber: 1 });
  });

  it('power law: λ_ν ∝ ν^{-k}, trace normalised to d, decreasing', () => {
    const s = powerLawSpectrum({ d: 256, k: 1 });
    const sum = s.eigenvalues.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - 256)).toBeLessThan(256 * 256 * EPS);
    expect(s.eigenvalues[0] / s.eigenvalues[255]).toBeCloseTo(256, 10);
    for (let i = 1; i < 256; i++) expect(s.eigenvalues[i]).toBeLessThan(s.eigenvalues[i - 1]);
    const t = powerLawSpectrum({ d: 10, k: 2, trace: 3 });
    expect(spectrumSummary(t).trace).toBeCloseTo(3, 13);
  });

  it('power law with a huge exponent does not underflow before normalising', () => {
    const s = powerLawSpectrum({ d: 1000, k: 4 });
    expect(s.eigenvalues.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
    expect(spectrumSummary(s).conditionNumber).toBeCloseTo(1e12, -1);
  });

  it('formula spectrum evaluates mathjs expressions in nu', () => {
    const s = formulaSpectrum({ d: 5, formula: 'nu^-1.3' });
    expect(s.eigenvalues[1]).toBeCloseTo(Math.pow(2, -1.3), 14);
    const t = formulaSpectrum({ d: 784, formula: 'nu^-1.3', trace: 784 });
    expect(spectrumSummary(t).trace).toBeCloseTo(784, 9);
  });

  it('two-point, mixture and low-rank', () => {
    const tp = twoPointSpectrum({ d: 400, a: 1, b: 8, p: 0.25 });
    expect(Array.from(tp.eigenvalues)).toEqual([8, 1]);
    expect(Array.from(tp.weights)).toEqual([100, 300]);
    const mx = mixtureSpectrum({ d: 10, values: [1, 2, 3], fractions: [0.2, 0.3, 0.5] });
    expect(mx.d).toBeCloseTo(10, 12);
    const lr = lowRankSpectrum({ d: 500, r: 20 });
    expect(spectrumSummary(lr).trace).toBeCloseTo(500, 10);
    expect(Array.from(lr.weights)).toEqual([20, 480]);
  });

  it('merges duplicates and sorts decreasing', () => {
    const s = createSpectrum([1, 3, 1, 2], [1, 1, 2, 1]);
    expect(Array.from(s.eigenvalues)).toEqual([3, 2, 1]);
    expect(Array.from(s.weights)).toEqual([1, 1, 3]);
    expect(Array.from(expandEigenvalues(s))).toEqual([3, 2, 1, 1, 1]);
  });

  it('participation ratio (tr Σ)²/tr Σ²', () => {
    const s = createSpectrum([1, 3]);
    expect(spectrumSummary(s).participationRatio).toBeCloseTo(16 / 10, 14);
  });
});

describe('spectrum validation gives typed errors naming the bad value', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['empty', () => createSpectrum([]), /eigenvalues/],
    ['negative', () => createSpectrum([1, -2]), /eigenvalues\[1\] = -2/],
    ['zero', () => createSpectrum([0]), /eigenvalues\[0\] = 0/],
    ['NaN', () => createSpectrum([1, NaN]), /eigenvalues\[1\] = NaN/],
    ['Infinity', () => createSpectrum([Infinity]), /eigenvalues\[0\] = Infinity/],
    ['bad weight', () => createSpectrum([1, 2], [1, 0]), /weights\[1\] = 0/],
    ['mismatched lengths', () => createSpectrum([1, 2], [1]), /weights/],
    ['non-integer d', () => isotropicSpectrum({ d: 2.5 }), /d = 2.5/],
    ['d = 0', () => powerLawSpectrum({ d: 0, k: 1 }), /d = 0/],
    ['NaN exponent', () => powerLawSpectrum({ d: 3, k: NaN }), /k = NaN/],
    ['formula negative', () => formulaSpectrum({ d: 3, formula: '2 - nu' }), /nu = 2/],
    ['formula garbage', () => formulaSpectrum({ d: 3, formula: 'nu^^' }), /formula/],
    ['p outside (0,1)', () => twoPointSpectrum({ d: 4, a: 1, b: 2, p: 1 }), /p = 1/],
    ['r > d', () => lowRankSpectrum({ d: 4, r: 5 }), /r = 5/],
    ['non-integral weights for MC', () => expandEigenvalues(twoPointSpectrum({ d: 3, a: 1, b: 2, p: 0.5 })), /weights/],
    ['hand-made bad Spectrum', () => requireSpectrum({ eigenvalues: new Float64Array([1, -1]), weights: new Float64Array([1, 1]), d: 2 }), /eigenvalues\[1\] = -1/],
  ];
  for (const [name, f, re] of cases) {
    it(name, () => {
      expect(f).toThrow(InvalidArgumentError);
      expect(f).toThrow(re);
    });
  }
});

describe('parsing eigenvalue files and spec strings', () => {
  it('JSON array, object with weights and d, and plain text', () => {
    expect(Array.from(parseEigenvalues('[3, 1, 2]').eigenvalues)).toEqual([3, 2, 1]);
    const o = parseEigenvalues('{"eigenvalues":[1,2],"weights":[0.5,0.5],"d":100}');
    expect(o.d).toBeCloseTo(100, 12);
    const t = parseEigenvalues('# header\n1.5\n\n2e-3 # small\n');
    expect(Array.from(t.eigenvalues)).toEqual([1.5, 2e-3]);
  });

  it('malformed files name the file and line', () => {
    expect(() => parseEigenvalues('1\nabc\n', 'ev.txt')).toThrow(/ev.txt line 2 = "abc"/);
    expect(() => parseEigenvalues('[1, "x"]', 'ev.json')).toThrow(/ev.json\[1\]/);
    expect(() => parseEigenvalues('{"eigenvalues": 3}', 'ev.json')).toThrow(/ev.json.eigenvalues/);
    expect(() => parseEigenvalues('[1, -1]', 'ev.json')).toThrow(/ev.json: eigenvalues\[1\] = -1/);
    expect(() => parseEigenvalues('', 'empty.txt')).toThrow(/empty.txt/);
    expect(() => parseEigenvalues('{"eigenvalues":[1', 'bad.json')).toThrow(/bad.json.*JSON/);
  });

  it('every spec kind', () => {
    expect(parseSpectrumSpec('iso:d=100').d).toBe(100);
    expect(parseSpectrumSpec('iso:d=100,var=2').eigenvalues[0]).toBe(2);
    expect(parseSpectrumSpec('powerlaw:d=256,k=1').d).toBe(256);
    expect(spectrumSummary(parseSpectrumSpec('powerlaw:d=256,k=1,trace=10')).trace).toBeCloseTo(10, 12);
    expect(parseSpectrumSpec('expr:d=50,f=max(nu,2)^-1').eigenvalues[0]).toBe(0.5);
    expect(parseSpectrumSpec('twopoint:d=400,a=1,b=8,p=0.25').weights[0]).toBe(100);
    expect(parseSpectrumSpec('lowrank:d=500,r=20,floor=1e-3').eigenvalues[1]).toBe(1e-3);
    const files: Record<string, string> = { 'a.json': '[1,2,3]' };
    expect(parseSpectrumSpec('file:a.json', { readTextFile: (p) => files[p] }).d).toBe(3);
  });

  it('bad specs are typed errors naming the problem', () => {
    expect(() => parseSpectrumSpec('gauss:d=3')).toThrow(/spectrum kind = "gauss"/);
    expect(() => parseSpectrumSpec('iso:d=abc')).toThrow(/spectrum d = "abc"/);
    expect(() => parseSpectrumSpec('iso:k=1')).toThrow(/not allowed/);
    expect(() => parseSpectrumSpec('powerlaw:d=3')).toThrow(/needs k/);
    expect(() => parseSpectrumSpec('iso')).toThrow(InvalidArgumentError);
    expect(() => parseSpectrumSpec('file:x', { readTextFile: () => { throw Object.assign(new Error('no'), { code: 'ENOENT' }); } })).toThrow(/"x".*ENOENT/);
  });
});
