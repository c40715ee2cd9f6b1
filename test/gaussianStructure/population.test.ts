import { describe, expect, it } from 'vitest';
import { populationFromData, distinctRows, gaussianPopulation } from '../../src/index.js';
import { Random } from '../../src/random/random.js';
import { empiricalSpectrum } from '../../src/spectra/empiricalSpectrum.js';
import { createSpectrum } from '../../src/spectra/index.js';

describe('populations for the Monte Carlo', () => {
  // A data set with constant coordinates (like MNIST's border pixels) and a non-zero mean.
  const count = 300;
  const d = 9;
  const rng = new Random(1);
  const X = new Float64Array(count * d);
  for (let k = 0; k < count; k++) {
    const a = rng.normal();
    const b = rng.normal();
    const c = rng.normal();
    const row = [5, a + b, 2 * a - c, 0.5, b * c, a, 3 * c + 0.1 * b, -1, a - b + c];
    X.set(row, k * d);
  }

  it('a data set in Σ’s eigen-coordinates: projected set has mean 0 and covariance diag(λ); constant directions dropped', () => {
    const pop = populationFromData(X, count, d);
    expect(pop.d).toBe(9);
    expect(pop.p).toBe(4); // two constant coordinates; the rest spanned by a, b, c and b·c
    expect(Array.from(pop.spectrum.eigenvalues)).toEqual(Array.from(empiricalSpectrum(X, count, d).spectrum.eigenvalues));
    // Every row once (N = count − 1 plus the held-out one through the test source would be random;
    // instead draw count − 1 rows and add the remaining row by hand).
    const draw = pop.training(count - 1, new Random(2));
    const missing = new Set(Array.from({ length: count }, (_, i) => i));
    for (const r of draw.rows!) missing.delete(r);
    expect(missing.size).toBe(1);
    const test = pop.testSource(draw).sample(3, new Random(3));
    // the only held-out row, three times
    expect(Array.from(test.subarray(0, pop.p))).toEqual(Array.from(test.subarray(pop.p, 2 * pop.p)));
    const all = new Float64Array(count * pop.p);
    all.set(draw.samples);
    all.set(test.subarray(0, pop.p), (count - 1) * pop.p);
    const mean = new Float64Array(pop.p);
    for (let k = 0; k < count; k++) for (let a = 0; a < pop.p; a++) mean[a] += all[k * pop.p + a] / count;
    for (let a = 0; a < pop.p; a++) expect(Math.abs(mean[a])).toBeLessThan(1e-12);
    for (let a = 0; a < pop.p; a++) {
      for (let b = 0; b < pop.p; b++) {
        let c = 0;
        for (let k = 0; k < count; k++) c += (all[k * pop.p + a] * all[k * pop.p + b]) / count;
        expect(Math.abs(c - (a === b ? pop.eigenvalues[a] : 0))).toBeLessThan(1e-10);
      }
    }
  });

  it('training rows are distinct; N above count − 1 is refused naming N', () => {
    const rows = distinctRows(50, 50, new Random(4));
    expect(new Set(rows).size).toBe(50);
    const pop = populationFromData(X, count, d);
    expect(() => pop.training(count, new Random(1))).toThrow(/N = 300/);
  });

  it('Gaussian populations expand the spectrum lazily (theory-only callers may pass fractional weights)', () => {
    const pop = gaussianPopulation(createSpectrum([2, 1], [1.5, 2.5]));
    expect(pop.spectrum.d).toBe(4);
    expect(() => pop.eigenvalues).toThrow(/weights\[0\] = 1.5/);
    const ok = gaussianPopulation(createSpectrum([2, 1], [1, 3]));
    expect(Array.from(ok.eigenvalues)).toEqual([2, 1, 1, 1]);
  });
});
