import { fc } from '@fast-check/vitest';
import { createSpectrum, type Spectrum } from '../../src/spectra/index.js';

/** Spectra with up to 3000 distinct values over 0–24 decades, d from 1 to 1e6. */
export const spectrumArb: fc.Arbitrary<Spectrum> = fc
  .record({
    kind: fc.constantFrom('loguniform', 'powerlaw', 'clusters'),
    M: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 40, max: 3000 })),
    decades: fc.oneof(fc.constant(24), fc.double({ min: 0, max: 24, noNaN: true })),
    centre: fc.double({ min: -6, max: 6, noNaN: true }),
    weights: fc.constantFrom('ones', 'integers', 'fractional'),
    dTarget: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 6, noNaN: true })),
    seed: fc.integer({ min: 1, max: 1 << 30 }),
  })
  .map(({ kind, M, decades, centre, weights, dTarget, seed }) => {
    let state = seed;
    const rand = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const logs: number[] = [];
    for (let i = 0; i < M; i++) {
      let u: number;
      if (kind === 'loguniform') u = rand();
      else if (kind === 'powerlaw') u = M === 1 ? 0.5 : 1 - Math.log(i + 1) / Math.log(M);
      else u = Math.floor(rand() * 3) / 2 + 0.05 * (rand() - 0.5); // three narrow clusters
      logs.push(centre + decades * (Math.min(1, Math.max(0, u)) - 0.5));
    }
    const raw = logs.map(() => (weights === 'ones' ? 1 : weights === 'integers' ? 1 + Math.floor(rand() * 50) : 0.1 + 50 * rand()));
    // Scale integral weights by an integer so that d = Σ w lands near 10^dTarget (d = N stays exact).
    const sum = raw.reduce((a, b) => a + b, 0);
    const factor = weights === 'fractional' ? 10 ** dTarget / sum : Math.max(1, Math.round(10 ** dTarget / sum));
    return createSpectrum(logs.map((x) => 10 ** x), raw.map((w) => w * factor));
  });

/** n from 1 to 1e9, or n = d exactly. */
export const nFor = (s: Spectrum) => fc.oneof(fc.constant(Math.max(1, s.d)), fc.double({ min: 0, max: 9, noNaN: true }).map((e) => Math.max(1, 10 ** e)));

