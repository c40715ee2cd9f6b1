import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { isotropicKappa } from '../../src/selfconsistency/kappa/isotropicKappa.js';
import { solveKappa } from '../../src/selfconsistency/kappa/solveKappa.js';
import { solveKappaCurve } from '../../src/selfconsistency/kappa/solveKappaCurve.js';
import { solveKappaHighPrecision } from '../../src/selfconsistency/kappa/solveKappaHighPrecision.js';
import { createSpectrum, isotropicSpectrum, powerLawSpectrum, spectrumTraces, type Spectrum } from '../../src/spectra/index.js';
import { spectrumArbitrary } from '../../src/testing/arbitraries.js';

/**
 * Tolerances: κ is a well-conditioned root (THEORY.md §2; the Newton variable log κ has
 * ψ_u ≥ the rounding scale of ψ), so the double solve must agree with a 50-digit decimal.js solve
 * to 1e-12 relative — about 5000 ε, leaving room for the O(√m ε) summation error of the sums
 * over up to 40 distinct eigenvalues and the condition number of the κ0 problem at w = 0.
 */
const REL = 1e-12;
const RESIDUAL = 1e-13;

/** Random spectra: 1–40 distinct eigenvalues anywhere in 1e-12..1e12, weights 1..50 (not all integral). */
const spectrumArb = spectrumArbitrary({ weights: 'any' }); // shipped in replica-diffusion/testing

/** n as a multiple of d (0.01..100), or n = d exactly, or extreme n. */
const nFor = (s: Spectrum) =>
  fc.oneof(
    fc.constant(Math.max(1, s.d)),
    fc.double({ min: -2, max: 2, noNaN: true }).map((e) => Math.max(1, s.d * 10 ** e)),
    fc.constantFrom(1, 2, 1e9),
  );

const ridgeArb = fc.oneof(fc.constantFrom(0, 1e-14, 1e12), fc.double({ min: -14, max: 12, noNaN: true }).map((e) => 10 ** e));

const caseArb = spectrumArb.chain((s) => fc.tuple(fc.constant(s), nFor(s), ridgeArb));

describe('solveKappa against a 50-digit decimal.js solve', () => {
  test.prop([caseArb], { numRuns: 150, seed: 20261124 })('relative error ≤ 1e-12, residual ≤ 1e-13, converged', ([spectrum, n, ridge]) => {
    const r = solveKappa({ spectrum, n, ridge });
    const h = solveKappaHighPrecision({ spectrum, n, ridge });
    expect(r.converged).toBe(true);
    expect(h.converged).toBe(true);
    expect(Number.isFinite(r.kappa)).toBe(true);
    expect(r.residual).toBeLessThanOrEqual(RESIDUAL);
    if (h.kappa === 0) expect(r.kappa).toBe(0);
    else expect(Math.abs(r.kappa - h.kappa) / h.kappa).toBeLessThanOrEqual(REL);
    expect(r.kappa).toBeGreaterThanOrEqual(ridge);
    expect(r.gamma).toBeGreaterThanOrEqual(0);
    expect(r.gamma).toBeLessThanOrEqual(1);
    if (h.gamma > 1e-300) expect(Math.abs(r.gamma - h.gamma) / h.gamma).toBeLessThanOrEqual(1e-11);
    if (Number.isFinite(h.dkappaDridge)) expect(Math.abs(r.dkappaDridge - h.dkappaDridge) / h.dkappaDridge).toBeLessThanOrEqual(1e-11);
    else expect(r.dkappaDridge).toBe(Infinity);
  });

  it('regression cases: n = d, ridge → 0, ridge ≫ tr Σ/n, 24 decades', () => {
    const wide = createSpectrum(Array.from({ length: 25 }, (_, i) => 10 ** (12 - i)));
    const cases: [Spectrum, number, number][] = [
      [wide, 25, 1e-14],
      [wide, 12, 0],
      [wide, 1, 1e12],
      [isotropicSpectrum({ d: 100 }), 1000, 1e12], // root within rounding of the a-priori bound
      [powerLawSpectrum({ d: 200, k: 1.5 }), 200, 1e12],
      [powerLawSpectrum({ d: 200, k: 1.5 }), 1, 1e12], // κ − w ≈ tr Σ/n needs the δ form
    ];
    for (const [spectrum, n, ridge] of cases) {
      const r = solveKappa({ spectrum, n, ridge });
      const h = solveKappaHighPrecision({ spectrum, n, ridge });
      expect(Math.abs(r.kappa - h.kappa) / h.kappa).toBeLessThanOrEqual(REL);
      expect(r.residual).toBeLessThanOrEqual(RESIDUAL);
    }
  });
});

describe('isotropic closed form (THEORY.md §2)', () => {
  it('σ² = 1, q = 1, w = 1 gives the golden ratio', () => {
    expect(isotropicKappa({ d: 100, n: 100, ridge: 1 })).toBe(1.618033988749895);
    expect(solveKappa({ spectrum: isotropicSpectrum({ d: 100 }), n: 100, ridge: 1 }).kappa).toBeCloseTo(1.618033988749895, 15);
  });

  test.prop(
    [fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -14, max: 12, noNaN: true }), fc.double({ min: -6, max: 6, noNaN: true })],
    { numRuns: 300, seed: 7 },
  )('solver equals closed form for d up to 1e6', (d, logQ, logW, logVar) => {
    const n = Math.max(1, d / 10 ** logQ);
    const ridge = 10 ** logW;
    const variance = 10 ** logVar;
    const exact = isotropicKappa({ d, n, ridge, variance });
    const r = solveKappa({ spectrum: isotropicSpectrum({ d, variance }), n, ridge });
    expect(Math.abs(r.kappa - exact) / exact).toBeLessThanOrEqual(1e-13);
  });

  it('w → 0 limits: κ0 = σ²(q − 1) for n < d, κ ≈ w/(1 − d/n) for n > d', () => {
    const s = isotropicSpectrum({ d: 200, variance: 3 });
    expect(solveKappa({ spectrum: s, n: 50, ridge: 0 }).kappa).toBeCloseTo(3 * 3, 13);
    const r = solveKappa({ spectrum: s, n: 400, ridge: 1e-12 });
    expect(r.kappa / (1e-12 / (1 - 0.5))).toBeCloseTo(1, 10);
    expect(solveKappa({ spectrum: s, n: 400, ridge: 0 })).toMatchObject({ kappa: 0, gamma: 0.5, dkappaDridge: 2, reason: 'closed-form' });
    expect(solveKappa({ spectrum: s, n: 200, ridge: 0 })).toMatchObject({ kappa: 0, gamma: 1, dkappaDridge: Infinity });
  });
});

describe('structural properties', () => {
  const spectrum = powerLawSpectrum({ d: 300, k: 1.2 });

  it('κ increasing in the ridge, decreasing in n, and κ ≥ ridge', () => {
    const ridges = [0, 1e-14, 1e-10, 1e-6, 1e-3, 1, 10, 1e3, 1e6];
    const ns = [1, 10, 100, 299, 300, 301, 1000, 1e5];
    for (const n of ns) {
      let prev = -1;
      for (const ridge of ridges) {
        const k = solveKappa({ spectrum, n, ridge }).kappa;
        // Non-strict: at w = 1e-14 the change of κ0 can be below one ulp.
        expect(k).toBeGreaterThanOrEqual(prev);
        expect(k).toBeGreaterThanOrEqual(ridge);
        prev = k;
      }
    }
    for (const ridge of ridges.slice(1)) {
      let prev = Infinity;
      for (const n of ns) {
        const k = solveKappa({ spectrum, n, ridge }).kappa;
        expect(k).toBeLessThanOrEqual(prev);
        prev = k;
      }
    }
  });

  it('dκ/dw = 1/(1 − γ), checked by central finite differences', () => {
    for (const n of [30, 300, 3000]) {
      for (const ridge of [1e-4, 0.1, 10]) {
        const r = solveKappa({ spectrum, n, ridge });
        const h = ridge * 1e-5;
        const fd = (solveKappa({ spectrum, n, ridge: ridge + h }).kappa - solveKappa({ spectrum, n, ridge: ridge - h }).kappa) / (2 * h);
        expect(r.dkappaDridge).toBeCloseTo(1 / (1 - r.gamma), 10);
        // Central difference error O(h²κ''') plus rounding O(ε κ/h) ≈ 1e-11 κ/w.
        expect(Math.abs(fd - r.dkappaDridge) / r.dkappaDridge).toBeLessThan(1e-6);
      }
    }
  });

  it('satisfies the defining equation w = κ − (κ/n) df1(κ)', () => {
    const r = solveKappa({ spectrum, n: 150, ridge: 0.3 });
    let df1 = 0;
    for (const l of spectrum.eigenvalues) df1 += l / (l + r.kappa);
    expect(r.kappa - (r.kappa / 150) * df1).toBeCloseTo(0.3, 13);
  });
});

describe('fixed-point iteration', () => {
  const spectrum = powerLawSpectrum({ d: 512, k: 1 });

  it('reaches the Newton root and contracts at rate γ', () => {
    for (const [n, ridge] of [[64, 1e-3], [2048, 1e-2], [100, 0]] as const) {
      const nt = solveKappa({ spectrum, n, ridge });
      const fp = solveKappa({ spectrum, n, ridge, method: 'fixed-point' });
      expect(fp.converged).toBe(true);
      expect(Math.abs(fp.kappa - nt.kappa) / nt.kappa).toBeLessThan(1e-12);
      expect(fp.contractionRate!).toBeCloseTo(nt.gamma, 2);
    }
  });

  it('is slow at n = d with a small ridge, where Newton is not', () => {
    const nt = solveKappa({ spectrum, n: 512, ridge: 1e-10 });
    const fp = solveKappa({ spectrum, n: 512, ridge: 1e-10, method: 'fixed-point', maxIterations: 10_000 });
    expect(nt.iterations).toBeLessThan(15);
    expect(fp.converged).toBe(false);
    expect(fp.reason).toBe('max-iterations');
    expect(fp.contractionRate!).toBeGreaterThan(0.999);
  });
});

describe('solveKappaCurve', () => {
  it('matches independent solves along a noise schedule and an N grid', () => {
    const spectrum = powerLawSpectrum({ d: 400, k: 1 });
    const ridge = Array.from({ length: 200 }, (_, t) => 1e-4 * Math.exp(t * 0.09));
    for (const n of [50, 400, 5000]) {
      const c = solveKappaCurve({ spectrum, n, ridge });
      expect(c.converged).toBe(true);
      expect(c.maxResidual).toBeLessThan(RESIDUAL);
      ridge.forEach((w, j) => {
        const k = solveKappa({ spectrum, n, ridge: w }).kappa;
        expect(Math.abs(c.kappa[j] - k) / k).toBeLessThan(1e-13);
      });
      // Warm starts: about two passes per point along a smooth sweep.
      expect(c.totalIterations / ridge.length).toBeLessThan(3);
    }
    const ns = [10, 20, 50, 100, 400, 400, 1000];
    const c = solveKappaCurve({ spectrum, n: ns, ridge: [0.1, 0.1, 0.1, 0.1, 0, 0.1, 0] });
    expect(c.kappa[4]).toBe(0);
    expect(c.dkappaDridge[4]).toBe(Infinity);
    expect(c.kappa[6]).toBe(0);
    expect(Math.abs(c.kappa[5] - solveKappa({ spectrum, n: 400, ridge: 0.1 }).kappa)).toBeLessThan(1e-15);
  });

  it('rejects mismatched lengths and bad entries by index', () => {
    const spectrum = isotropicSpectrum({ d: 3 });
    expect(() => solveKappaCurve({ spectrum, n: [1, 2], ridge: [1, 2, 3] })).toThrow(/ridge/);
    expect(() => solveKappaCurve({ spectrum, n: [1, 0.5], ridge: 1 })).toThrow(/n\[1\] = 0.5/);
    expect(() => solveKappaCurve({ spectrum, n: 3, ridge: [1, NaN] })).toThrow(/ridge\[1\] = NaN/);
  });
});

describe('large d', () => {
  it('d = 1e6 distinct eigenvalues: converged, finite, residual at rounding', () => {
    const spectrum = powerLawSpectrum({ d: 1_000_000, k: 1.1 });
    for (const [n, ridge] of [[1e3, 1e-6], [1e6, 1e-14], [1e6, 0], [1e9, 1e-3]] as const) {
      const r = solveKappa({ spectrum, n, ridge });
      expect(r.converged).toBe(true);
      expect(Number.isFinite(r.kappa)).toBe(true);
      // Summation over 1e6 terms: rounding ~ √m ε ≈ 2e-13 relative at worst in practice.
      expect(r.residual).toBeLessThan(1e-12);
    }
    const { trace } = spectrumTraces(spectrum);
    expect(trace).toBeCloseTo(1e6, 3);
  });
});

describe('invalid input gives typed errors naming the value', () => {
  const spectrum = isotropicSpectrum({ d: 10 });
  const cases: [string, () => unknown, RegExp][] = [
    ['n < 1', () => solveKappa({ spectrum, n: 0.5, ridge: 1 }), /n = 0.5/],
    ['n NaN', () => solveKappa({ spectrum, n: NaN, ridge: 1 }), /n = NaN/],
    ['negative ridge', () => solveKappa({ spectrum, n: 10, ridge: -1e-3 }), /ridge = -0.001/],
    ['infinite ridge', () => solveKappa({ spectrum, n: 10, ridge: Infinity }), /ridge = Infinity/],
    ['bad method', () => solveKappa({ spectrum, n: 10, ridge: 1, method: 'secant' as never }), /method = "secant"/],
    ['bad spectrum', () => solveKappa({ spectrum: { eigenvalues: new Float64Array([NaN]), weights: new Float64Array([1]), d: 1 }, n: 10, ridge: 1 }), /eigenvalues\[0\] = NaN/],
    ['bad digits', () => solveKappaHighPrecision({ spectrum, n: 10, ridge: 1, digits: 5 }), /digits = 5/],
  ];
  for (const [name, f, re] of cases) {
    it(name, () => {
      expect(f).toThrow(InvalidArgumentError);
      expect(f).toThrow(re);
    });
  }
});
