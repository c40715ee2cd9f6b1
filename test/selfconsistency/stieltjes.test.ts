import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { solveKappa } from '../../src/selfconsistency/kappa/solveKappa.js';
import { spectralSupport } from '../../src/selfconsistency/complexPlane/spectralSupport.js';
import { stieltjes } from '../../src/selfconsistency/complexPlane/stieltjes.js';
import { createSpectrum, isotropicSpectrum, spectrumTraces } from '../../src/spectra/index.js';

/**
 * Reference: the Marchenko–Pastur transform in closed form, m(z) = 2/(1 − q − z − √(z − a)·√(z − b)),
 * a, b = (1 ∓ √q)² (rationalised form of [(1 − q − z) + √((z−a)(z−b))]/(2qz); principal square
 * roots give the branch with Im m > 0 on C⁺ and no cancellation). The solver runs Newton to a step
 * of 1e-10·(Im m/|m|), after which the error is its square; the rest is the rounding of both sides
 * (a few hundred ε near the support, where |m| varies fast), hence 1e-12.
 */
const REL = 1e-12;

interface C {
  re: number;
  im: number;
}
const cabs = (a: C) => Math.hypot(a.re, a.im);
const cdist = (a: C, b: C) => Math.hypot(a.re - b.re, a.im - b.im) / cabs(b);

function csqrt(re: number, im: number): C {
  const r = Math.hypot(re, im);
  if (re >= 0) {
    const t = Math.sqrt(0.5 * (r + re));
    return { re: t, im: t === 0 ? 0 : im / (2 * t) };
  }
  const t = Math.sqrt(0.5 * (r - re));
  return { re: Math.abs(im) / (2 * t), im: im >= 0 ? t : -t };
}

function mpM(q: number, z: C): C {
  const a = (1 - Math.sqrt(q)) ** 2;
  const b = (1 + Math.sqrt(q)) ** 2;
  const s1 = csqrt(z.re - a, z.im);
  const s2 = csqrt(z.re - b, z.im);
  const sr = s1.re * s2.re - s1.im * s2.im;
  const si = s1.re * s2.im + s1.im * s2.re;
  const dr = 1 - q - z.re - sr;
  const di = -z.im - si;
  const den = dr * dr + di * di;
  return { re: (2 * dr) / den, im: (-2 * di) / den };
}

describe('stieltjes against the Marchenko–Pastur closed form (Σ = I)', () => {
  for (const q of [0.1, 0.5, 1, 2, 10]) {
    it(`q = ${q}: m, m̲, tr Σ(Ŝ−z)^{-1} = d·m at z across C⁺`, () => {
      const d = 200;
      const n = d / q;
      const spectrum = isotropicSpectrum({ d });
      const a = (1 - Math.sqrt(q)) ** 2;
      const b = (1 + Math.sqrt(q)) ** 2;
      const zs: C[] = [];
      for (const x of [-3, 0.5 * a, a + 0.01, 0.5 * (a + b), b - 0.01, 1.5 * b, 100]) {
        for (const eta of [1e-12, 1e-6, 1e-2, 1, 1e3]) zs.push({ re: x, im: eta });
      }
      for (const z of zs) {
        const r = stieltjes({ spectrum, n, z });
        expect(r.converged).toBe(true);
        expect(r.mUnderline.im).toBeGreaterThan(0);
        expect(r.kappa.im).toBeLessThan(0);
        const m = mpM(q, z);
        expect(cdist(r.m, m)).toBeLessThan(REL);
        // m̲ = (d/n) m − (1 − d/n)/z
        const zz = z.re * z.re + z.im * z.im;
        const mu = { re: q * m.re - ((1 - q) * z.re) / zz, im: q * m.im + ((1 - q) * z.im) / zz };
        expect(cdist(r.mUnderline, mu)).toBeLessThan(REL);
        expect(cdist(r.traceSigmaResolvent, { re: d * m.re, im: d * m.im })).toBeLessThan(REL);
        expect(r.residual).toBeLessThan(1e-13);
      }
    });
  }
});

describe('continuation of the real ridge solution', () => {
  const spectrum = createSpectrum([20, 3, 1, 0.05], [2, 30, 60, 8]);
  for (const n of [25, 100, 400]) {
    it(`n = ${n}: at z = −w, κ = solveKappa(w), tr Σ G = n(κ/w − 1), tr G = (κ/w) tr(Σ+κ)^{-1}`, () => {
      for (const w of [1e-6, 1e-2, 1, 30, 1e4]) {
        const k = solveKappa({ spectrum, n, ridge: w }).kappa;
        for (const im of [0, 1e-300]) {
          const r = stieltjes({ spectrum, n, z: { re: -w, im } });
          expect(Math.abs(r.kappa.re - k) / k).toBeLessThan(1e-13);
          expect(Math.abs(r.kappa.im)).toBeLessThan(1e-13 * k);
          const ts = n * (k / w - 1);
          expect(Math.abs(r.traceSigmaResolvent.re - ts) / Math.abs(ts)).toBeLessThan(1e-11);
          let tr = 0;
          for (let i = 0; i < 4; i++) tr += spectrum.weights[i] / (spectrum.eigenvalues[i] + k);
          const dm = (k / w) * tr;
          expect(Math.abs(r.m.re * spectrum.d - dm) / dm).toBeLessThan(1e-12);
        }
      }
    });
  }
});

describe('the real axis is the limit Im z → 0⁺', () => {
  const spectrum = createSpectrum([1000, 10, 1, 0.2], [1, 40, 120, 39]); // an outlier, two bulk clusters
  for (const n of [100, 200, 1000]) {
    it(`n = ${n}: inside clusters, in gaps, above the support, at edges`, () => {
      const s = spectralSupport({ spectrum, n });
      const xs: number[] = [];
      for (const [lo, hi] of s.intervals) {
        xs.push(lo, hi, lo + 1e-6 * (hi - lo), 0.3 * lo + 0.7 * hi, hi - 1e-9 * (hi - lo), 0.9 * lo);
      }
      xs.push(1.5 * s.intervals[s.intervals.length - 1][1]);
      for (const x of xs) {
        if (!(x > 0)) continue;
        const axis = stieltjes({ spectrum, n, z: { re: x, im: 0 } });
        expect(axis.converged).toBe(true);
        // |m̲(x + iη) − m̲(x + i0)|/|m̲| = O(η/δ) at distance δ from the nearest edge, O(√η) at an edge:
        // take η = 1e-8 δ (1e-14 x at an edge) and allow 1e-5.
        let delta = Infinity;
        for (const [lo, hi] of s.intervals) delta = Math.min(delta, Math.abs(x - lo), Math.abs(x - hi));
        const eta = delta === 0 ? 1e-14 * x : 1e-8 * delta;
        const near = stieltjes({ spectrum, n, z: { re: x, im: eta } });
        expect(cdist(axis.mUnderline, near.mUnderline)).toBeLessThan(1e-5);
        const inside = s.intervals.some(([lo, hi]) => x > lo && x < hi);
        if (inside) expect(axis.mUnderline.im).toBeGreaterThan(0);
        else expect(axis.mUnderline.im).toBe(0);
        expect(Number.isNaN(axis.m.re + axis.m.im + axis.traceSigmaResolvent.re + axis.traceSigmaResolvent.im)).toBe(false);
      }
    });
  }

  it('inside the support: the axis solve agrees with an η-sequence to O(η)', () => {
    const n = 200;
    const x = 8;
    const axis = stieltjes({ spectrum, n, z: { re: x, im: 0 } });
    const e1 = stieltjes({ spectrum, n, z: { re: x, im: 1e-7 } });
    const e2 = stieltjes({ spectrum, n, z: { re: x, im: 2e-7 } });
    // Richardson: m(0) ≈ 2 m(η) − m(2η)
    const rich = { re: 2 * e1.mUnderline.re - e2.mUnderline.re, im: 2 * e1.mUnderline.im - e2.mUnderline.im };
    expect(cdist(axis.mUnderline, rich)).toBeLessThan(1e-11);
  });
});

describe('z = 0 and other corners: no NaN', () => {
  const spectrum = createSpectrum([3, 1], [10, 30]);
  const { traceInverse } = spectrumTraces(spectrum);
  it('n < d: m̲ = 1/κ0, the atom makes Im m and Im tr Σ(Ŝ−z)^{-1} infinite', () => {
    const r = stieltjes({ spectrum, n: 20, z: { re: 0, im: 0 } });
    const k0 = solveKappa({ spectrum, n: 20, ridge: 0 });
    expect(r.mUnderline.re).toBeCloseTo(1 / k0.kappa, 14);
    expect(r.m.im).toBe(Infinity);
    expect(r.traceSigmaResolvent.im).toBe(Infinity);
    expect(r.kappa.re).toBe(k0.kappa);
  });
  it('n > d: κ = 0, tr Ŝ^{-1} ≍ n tr Σ⁻¹/(n − d), tr ΣŜ^{-1} ≍ n d/(n − d)', () => {
    const r = stieltjes({ spectrum, n: 100, z: { re: 0, im: 0 } });
    expect(r.m.re * 40).toBeCloseTo((100 * traceInverse) / 60, 12);
    expect(r.traceSigmaResolvent.re).toBeCloseTo((100 * 40) / 60, 12);
    expect(r.kappa).toEqual({ re: 0, im: 0 });
    // and the limit from the negative axis agrees
    const w = 1e-9;
    const near = stieltjes({ spectrum, n: 100, z: { re: -w, im: 0 } });
    expect(Math.abs(near.m.re - r.m.re) / r.m.re).toBeLessThan(1e-7);
  });
  it('n = d: everything diverges (hard edge), reported as +Infinity', () => {
    const r = stieltjes({ spectrum, n: 40, z: { re: 0, im: 0 } });
    expect(r.mUnderline).toEqual({ re: Infinity, im: Infinity });
    const tiny = stieltjes({ spectrum, n: 40, z: { re: 1e-14, im: 0 } });
    expect(tiny.converged).toBe(true);
    expect(tiny.mUnderline.im).toBeGreaterThan(1e5);
    // m̲ ≈ i sqrt(a/x), a = tr Σ⁻¹/n
    expect(tiny.mUnderline.im / Math.sqrt(traceInverse / 40 / 1e-14)).toBeCloseTo(1, 5);
  });
});

describe('model ensemble and guesses', () => {
  const spectrum = createSpectrum([5, 1, 0.5], [3, 20, 17]);
  it("model: m̲, m, tr Σ(Σ̂ − z)^{-1} = r·(those of Ŝ at r z), κ equal", () => {
    const N = 61;
    const r = N / (N - 1);
    for (const z of [
      { re: 2, im: 0.5 },
      { re: 3, im: 0 },
      { re: -1, im: 0 },
    ]) {
      const a = stieltjes({ spectrum, ensemble: 'model', N, z });
      const b = stieltjes({ spectrum, n: N - 1, z: { re: r * z.re, im: r * z.im } });
      expect(cdist(a.mUnderline, { re: r * b.mUnderline.re, im: r * b.mUnderline.im })).toBeLessThan(1e-14);
      expect(cdist(a.m, { re: r * b.m.re, im: r * b.m.im })).toBeLessThan(1e-14);
      expect(cdist(a.traceSigmaResolvent, { re: r * b.traceSigmaResolvent.re, im: r * b.traceSigmaResolvent.im })).toBeLessThan(1e-14);
      expect(cdist(a.kappa, b.kappa)).toBeLessThan(1e-14);
    }
  });

  it('any guess in C⁺ gives the same (certified) root, on and off the axis', () => {
    const n = 30;
    for (const z of [
      { re: 1.2, im: 1e-8 },
      { re: 1.2, im: 0 },
      { re: 0.3, im: 2 },
    ]) {
      const ref = stieltjes({ spectrum, n, z });
      for (const guess of [
        { re: 100, im: 1e-6 },
        { re: -100, im: 50 },
        { re: 1e-6, im: 1e-6 },
        { re: -ref.mUnderline.re, im: ref.mUnderline.im },
      ]) {
        const r = stieltjes({ spectrum, n, z, guess });
        expect(r.converged).toBe(true);
        expect(cdist(r.mUnderline, ref.mUnderline)).toBeLessThan(1e-12);
      }
    }
  });

  it('rejects bad arguments', () => {
    expect(() => stieltjes({ spectrum, n: 10, z: { re: 1, im: -1 } })).toThrow(InvalidArgumentError);
    expect(() => stieltjes({ spectrum, n: 10, z: { re: NaN, im: 1 } })).toThrow(/z.re/);
    expect(() => stieltjes({ spectrum, n: 10, z: { re: 1, im: 1 }, guess: { re: 1, im: 0 } })).toThrow(/guess.im/);
    expect(() => stieltjes({ spectrum, n: 10, z: undefined as unknown as C })).toThrow(/invalid z/);
  });
});
