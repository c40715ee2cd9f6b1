import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { createSpectrum } from '../../src/spectra/spectrum.js';

/** The former implementation (a stable sort of indices by decreasing value), as the reference. */
function reference(eigenvalues: number[], weights?: number[]) {
  const order = Array.from({ length: eigenvalues.length }, (_, i) => i).sort((a, b) => eigenvalues[b] - eigenvalues[a]);
  const values: number[] = [];
  const mult: number[] = [];
  for (const i of order) {
    const wi = weights === undefined ? 1 : weights[i];
    if (values.length > 0 && values[values.length - 1] === eigenvalues[i]) mult[mult.length - 1] += wi;
    else {
      values.push(eigenvalues[i]);
      mult.push(wi);
    }
  }
  return { eigenvalues: Float64Array.from(values), weights: Float64Array.from(mult), d: mult.reduce((s, w) => s + w, 0) };
}

describe('createSpectrum sorts typed arrays (issue 23)', () => {
  // Few distinct values so that duplicates (merged, weights summed in input order) are common.
  const value = fc.oneof(fc.constantFrom(1, 2, 0.5, 3e-3, 7), fc.double({ min: 1e-6, max: 1e6, noNaN: true }));
  const weight = fc.oneof(fc.constant(1), fc.double({ min: 1e-3, max: 10, noNaN: true }));
  test.prop([fc.array(fc.tuple(value, weight), { minLength: 1, maxLength: 60 }), fc.constantFrom('shuffled', 'decreasing', 'increasing'), fc.boolean()])(
    'bit for bit the stable-sort result, for shuffled, ordered and reversed input, with and without weights',
    (pairs, layout, weighted) => {
      if (layout === 'decreasing') pairs.sort((a, b) => b[0] - a[0]);
      if (layout === 'increasing') pairs.sort((a, b) => a[0] - b[0]);
      const ev = pairs.map((p) => p[0]);
      const w = weighted ? pairs.map((p) => p[1]) : undefined;
      expect(createSpectrum(ev, w)).toEqual(reference(ev, w));
      expect(createSpectrum(Float64Array.from(ev), w && Float64Array.from(w))).toEqual(reference(ev, w));
    },
  );
});
