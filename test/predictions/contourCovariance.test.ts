/**
 * The complex trace-covariance kernel (docs/theory.md §6.10 continued to complex ridges): at real
 * ridges it equals statisticCovariance; it is conjugation-symmetric and symmetric under swapping
 * the two statistics.
 */
import { describe, expect, it } from 'vitest';
import { complexStatisticCovariance, complexTracePoint } from '../../src/predictions/spread/complexTraceCovariance.js';
import { statisticCovariance, tracePoint } from '../../src/predictions/spread/traceCovariance.js';
import { solveKappa } from '../../src/selfconsistency/kappa/solveKappa.js';
import { stieltjes } from '../../src/selfconsistency/complexPlane/stieltjes.js';
import { parseSpectrumSpec } from '../../src/spectra/index.js';

const spectrum = parseSpectrumSpec('powerlaw:d=40,k=1');
const one = new Float64Array(spectrum.eigenvalues.length).fill(1);
const sigma = spectrum.eigenvalues;
const weights = [one, sigma, null] as const;

/** The point at complex w with Im w < 0 (z = −w in C⁺), or its conjugate. */
function pointAt(n: number, wr: number, wi: number) {
  const s = stieltjes({ spectrum, n, z: { re: -wr, im: Math.abs(wi) } });
  const kappa = wi <= 0 ? s.kappa : { re: s.kappa.re, im: -s.kappa.im };
  return complexTracePoint(spectrum, n, { re: wr, im: wi }, kappa);
}

describe('complexStatisticCovariance', () => {
  for (const n of [20, 80]) {
    it(`n=${n}: equals statisticCovariance at real ridges`, () => {
      for (const [w1, w2] of [
        [0.05, 0.4],
        [0.3, 0.3],
      ]) {
        const k1 = solveKappa({ spectrum, n, ridge: w1 }).kappa;
        const k2 = solveKappa({ spectrum, n, ridge: w2 }).kappa;
        const c1 = complexTracePoint(spectrum, n, { re: w1, im: 0 }, { re: k1, im: 0 });
        const c2 = complexTracePoint(spectrum, n, { re: w2, im: 0 }, { re: k2, im: 0 });
        for (const a of weights) {
          for (const b of weights) {
            const real = statisticCovariance(spectrum, n, tracePoint(spectrum, n, w1, k1), a, tracePoint(spectrum, n, w2, k2), b);
            const c = complexStatisticCovariance(spectrum, n, c1, a, c2, b);
            expect(Math.abs(c.re - real)).toBeLessThan(1e-10 * Math.abs(real) + 1e-14);
            expect(c.im).toBe(0);
          }
        }
      }
    });

    it(`n=${n}: conj K(w̄1, w̄2) = K(w1, w2) and K_ab(w1, w2) = K_ba(w2, w1)`, () => {
      const p1 = pointAt(n, -0.2, -0.15);
      const p2 = pointAt(n, -1.1, 0.4);
      const q1 = pointAt(n, -0.2, 0.15);
      const q2 = pointAt(n, -1.1, -0.4);
      for (const a of weights) {
        for (const b of weights) {
          const k = complexStatisticCovariance(spectrum, n, p1, a, p2, b);
          const kc = complexStatisticCovariance(spectrum, n, q1, a, q2, b);
          const ks = complexStatisticCovariance(spectrum, n, p2, b, p1, a);
          const scale = Math.hypot(k.re, k.im);
          expect(scale).toBeGreaterThan(0);
          expect(Math.hypot(kc.re - k.re, kc.im + k.im)).toBeLessThan(1e-10 * scale);
          expect(Math.hypot(ks.re - k.re, ks.im - k.im)).toBeLessThan(1e-10 * scale);
        }
      }
    });
  }
});
