import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { allocateIntervals, spectralDensity } from '../../src/selfconsistency/limitingMeasure/spectralDensity.js';
import { computeSupport } from '../../src/selfconsistency/complexPlane/spectralSupport.js';
import { createSpectrum, isotropicSpectrum, spectrumTraces } from '../../src/spectra/index.js';

/** Marchenko–Pastur density per dimension for Σ = I, q = d/n (continuous part). */
function mpDensity(q: number, x: number): number {
  const a = (1 - Math.sqrt(q)) ** 2;
  const b = (1 + Math.sqrt(q)) ** 2;
  if (!(x > a && x < b)) return 0;
  return Math.sqrt((b - x) * (x - a)) / (2 * Math.PI * q * x);
}

/**
 * Tolerance. The density is (n/πd) Im m̲ with m̲ Newton-converged (step ≤ 1e-10 Im m̲/|m̲|, error
 * its square); the only loss is the conditioning of the closed form itself at a point δ from an
 * edge, sqrt(δ) with δ = b − x computed from a b rounded to ε: relative error ≈ ε·b/δ. So 1e-10
 * relative where δ > 1e-4·b, and 1e-10·(max density) absolutely at the points closer to an edge.
 */
const REL = 1e-10;

describe('Marchenko–Pastur density (Σ = I) on the default grid', () => {
  for (const q of [0.1, 0.5, 1, 2, 10]) {
    it(`q = ${q}: density to 1e-10, edges included, masses exact, Σ-weighted = counting`, () => {
      const d = 500;
      const n = d / q;
      const r = spectralDensity({ spectrum: isotropicSpectrum({ d }), n });
      expect(r.converged).toBe(true);
      expect(r.x.length).toBe(2000);
      expect(r.atomAtZero).toBe(Math.max(0, 1 - 1 / q));
      const a = (1 - Math.sqrt(q)) ** 2;
      const b = (1 + Math.sqrt(q)) ** 2;
      let max = 0;
      for (let j = 0; j < r.x.length; j++) max = Math.max(max, mpDensity(q, r.x[j]));
      // Interior nodes (the end nodes are the computed edges, 1e-16 from the exact ones; the
      // closed form there is O(√ε) and ours exactly 0 — checked below and in spectralSupport.test.ts).
      for (let j = 1; j < r.x.length - 1; j++) {
        const x = r.x[j];
        const exact = mpDensity(q, x);
        const delta = Math.min(x - a, b - x);
        if (delta > 1e-4 * b) expect(Math.abs(r.density[j] - exact) / exact).toBeLessThan(REL);
        else expect(Math.abs(r.density[j] - exact)).toBeLessThan(REL * max);
      }
      for (let j = 0; j < r.x.length; j++) {
        // Σ = I: the Σ-weighted measure is the counting measure.
        expect(Math.abs(r.sigmaDensity[j] - r.density[j])).toBeLessThanOrEqual(1e-12 * r.density[j]);
      }
      // Edges are nodes (density exactly 0), except a hard edge (q = 1), which is not a node.
      expect(r.x[r.x.length - 1]).toBe(r.support.intervals[0][1]);
      expect(r.density[r.x.length - 1]).toBe(0);
      if (q !== 1) {
        expect(r.x[0]).toBe(r.support.intervals[0][0]);
        expect(r.density[0]).toBe(0);
      } else expect(r.x[0]).toBeGreaterThan(0);
      // The θ-trapezoid weights integrate the continuous part to rounding.
      let mass = 0;
      let smass = 0;
      for (let j = 0; j < r.x.length; j++) {
        mass += r.weights![j] * r.density[j];
        smass += r.weights![j] * r.sigmaDensity[j];
      }
      expect(Math.abs(mass + r.atomAtZero - 1)).toBeLessThan(1e-13);
      expect(Math.abs(smass + r.sigmaAtomAtZero - 1)).toBeLessThan(1e-13);
    });
  }

  it('q = 1: the hard edge, density ~ 1/(π√x) as x → 0, at user points down to 1e-14', () => {
    const d = 300;
    const xs = [1e-14, 1e-10, 1e-6, 1e-3, 0.5, 3.999];
    const r = spectralDensity({ spectrum: isotropicSpectrum({ d }), n: d, x: xs });
    expect(r.converged).toBe(true);
    for (let j = 0; j < xs.length; j++) {
      const exact = mpDensity(1, xs[j]);
      expect(Math.abs(r.density[j] - exact) / exact).toBeLessThan(REL);
    }
    expect(r.density[0] * Math.PI * Math.sqrt(1e-14)).toBeCloseTo(1, 12);
  });
});

describe('user points', () => {
  const spectrum = createSpectrum([1000, 10, 1, 0.2], [1, 40, 120, 39]);
  it('edges give 0, gaps give 0 with a real m̲, negative x gives 0; nothing is NaN', () => {
    for (const n of [50, 400, 1000]) {
      // (d = 200; n = d is the hard-edge case below)
      const s = computeSupport(spectrum, n);
      const xs: number[] = [-1, 0];
      for (const c of s.clusters) xs.push(c.lo, c.hi, 0.5 * (c.lo + c.hi), c.hi * 1.0001, c.lo * 0.9999);
      const r = spectralDensity({ spectrum, n, x: xs });
      expect(r.converged).toBe(true);
      for (let j = 0; j < xs.length; j++) {
        expect(Number.isNaN(r.density[j])).toBe(false);
        expect(Number.isNaN(r.sigmaDensity[j])).toBe(false);
        expect(Number.isNaN(r.mUnderlineRe[j])).toBe(false);
        expect(Number.isNaN(r.mUnderlineIm[j])).toBe(false);
        const inside = s.clusters.some((c) => xs[j] > c.lo && xs[j] < c.hi);
        if (inside) {
          expect(r.density[j]).toBeGreaterThan(0);
          expect(r.mUnderlineIm[j]).toBeGreaterThan(0);
        } else {
          expect(r.density[j]).toBe(0);
          expect(r.sigmaDensity[j]).toBe(0);
        }
      }
    }
  });

  it('n = d: x = 0 is the hard edge (+Infinity), every other point finite', () => {
    const r = spectralDensity({ spectrum, n: 200, x: [0, 1e-12, 5] });
    expect(r.density[0]).toBe(Infinity);
    expect(r.sigmaDensity[0]).toBe(Infinity);
    expect(Number.isFinite(r.density[1])).toBe(true);
    expect(Number.isFinite(r.density[2])).toBe(true);
  });

  it('the default grid agrees with the same points passed explicitly', () => {
    const g = spectralDensity({ spectrum, n: 200, points: 300 });
    const u = spectralDensity({ spectrum, n: 200, x: g.x });
    for (let j = 0; j < g.x.length; j++) {
      expect(Math.abs(u.density[j] - g.density[j])).toBeLessThanOrEqual(1e-11 * g.density[j] + 1e-300);
    }
  });

  it("model ensemble: ρ_Σ̂(x) = r ρ_Ŝ(r x), r = N/(N − 1)", () => {
    const N = 251;
    const rr = N / (N - 1);
    const xs = [0.5, 1, 3, 9, 12, 1100];
    const a = spectralDensity({ spectrum, ensemble: 'model', N, x: xs });
    const b = spectralDensity({ spectrum, n: N - 1, x: xs.map((x) => x * rr) });
    for (let j = 0; j < xs.length; j++) {
      expect(a.density[j]).toBeCloseTo(rr * b.density[j], 12);
      expect(a.sigmaDensity[j]).toBeCloseTo(rr * b.sigmaDensity[j], 12);
    }
    const ga = spectralDensity({ spectrum, ensemble: 'model', N, points: 400 });
    let mass = 0;
    for (let j = 0; j < ga.x.length; j++) mass += ga.weights![j] * ga.density[j];
    expect(mass + ga.atomAtZero).toBeCloseTo(1, 11);
  });
});

describe('grid and masses for multi-cluster spectra', () => {
  it('Σ-weighted mass + atom = tr Σ/d; counting mass + atom = 1 (well-separated clusters)', () => {
    const spectrum = createSpectrum([50, 5, 1], [5, 100, 195]);
    const { trace } = spectrumTraces(spectrum);
    for (const n of [100, 300, 3000]) {
      const r = spectralDensity({ spectrum, n, points: 3000 });
      expect(r.converged).toBe(true);
      let mass = 0;
      let smass = 0;
      for (let j = 0; j < r.x.length; j++) {
        mass += r.weights![j] * r.density[j];
        smass += r.weights![j] * r.sigmaDensity[j];
      }
      expect(Math.abs(mass + r.atomAtZero - 1)).toBeLessThan(1e-10);
      expect(Math.abs((smass + r.sigmaAtomAtZero) / (trace / spectrum.d) - 1)).toBeLessThan(1e-10);
      // every cluster gets its share of nodes, mass per cluster as exact separation says
      let j = 0;
      for (const c of r.support.clusters) {
        let m = 0;
        while (j < r.x.length && r.x[j] <= c.hi) m += r.weights![j] * r.density[j++];
        expect(Math.abs(m - c.mass)).toBeLessThan(1e-10);
      }
    }
  });

  it('allocateIntervals: exact total, at least 4 intervals per cluster, more mass gets more', () => {
    const cls = computeSupport(createSpectrum([100, 50, 10, 1], [1, 1, 10, 988]), 5000).clusters;
    expect(cls.length).toBe(4);
    const K = allocateIntervals(cls, 500);
    let total = 0;
    for (let c = 0; c < K.length; c++) {
      total += K[c] + 1;
      expect(K[c]).toBeGreaterThanOrEqual(4);
    }
    expect(total).toBe(500);
    expect(K[0]).toBeGreaterThan(K[3]);
  });

  it('rejects bad arguments', () => {
    const spectrum = isotropicSpectrum({ d: 10 });
    expect(() => spectralDensity({ spectrum, n: 10, points: 1 })).toThrow(InvalidArgumentError);
    expect(() => spectralDensity({ spectrum, n: 10, x: [1, NaN] })).toThrow(/x\[1\]/);
    expect(() => spectralDensity({ spectrum, n: 10, x: [1], points: 10 })).toThrow(/points/);
  });
});

describe('quadrature self-check (issue 12 audit: a 6-decade spectrum integrated to 1 − 0.0124)', () => {
  const values = Array.from({ length: 400 }, (_, i) => 10 ** (-3 + (6 * i) / 399));
  const spectrum = createSpectrum(values);
  it('the default grid adapts until the weights integrate the density to 1e-8', () => {
    const r = spectralDensity({ spectrum, n: 800 });
    let mass = 0;
    for (let j = 0; j < r.x.length; j++) mass += r.weights![j] * r.density[j];
    expect(Math.abs(1 - r.atomAtZero - mass)).toBeLessThan(1e-8);
    expect(r.massError!).toBeLessThan(1e-8);
    expect(r.x.length).toBeGreaterThan(2000);
    // The Σ-weighted measure has total mass tr Σ / d: an independent check of the same weights.
    let sigmaMass = 0;
    for (let j = 0; j < r.x.length; j++) sigmaMass += r.weights![j] * r.sigmaDensity[j];
    const traceOverD = values.reduce((a, b) => a + b, 0) / 400;
    expect(Math.abs(sigmaMass - traceOverD) / traceOverD).toBeLessThan(1e-8);
  });
  it('an explicit grid is honoured and its error reported, not hidden', () => {
    const r = spectralDensity({ spectrum, n: 800, points: 2000 });
    expect(r.x.length).toBe(2000);
    expect(r.massError!).toBeGreaterThan(1e-3);
    expect(spectralDensity({ spectrum, n: 800, x: [1, 2] }).massError).toBeNull();
  });
});
