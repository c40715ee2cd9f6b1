import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { exactDecimal } from '../../src/selfconsistency/kappa/exactDecimal.js';
import { solveKappaHighPrecision } from '../../src/selfconsistency/kappa/solveKappaHighPrecision.js';
import { spectralSupport } from '../../src/selfconsistency/complexPlane/spectralSupport.js';
import { createSpectrum, isotropicSpectrum, powerLawSpectrum, type Spectrum } from '../../src/spectra/index.js';

/**
 * Edges are stationary values of x(m), so an error δ in the critical point only moves the edge by
 * O(δ²); what remains is the rounding of the x(m) sum (a handful of terms here): 1e-12 relative is
 * ~5000 ε of margin. The references are closed forms or 60-digit decimal.js solves.
 */
const EDGE_REL = 1e-12;

describe('Marchenko–Pastur support (Σ = I, q = d/n)', () => {
  for (const q of [0.1, 0.5, 1, 2, 10]) {
    it(`q = ${q}: edges (1 ± √q)², atom max(0, 1 − 1/q), one cluster`, () => {
      const d = 1000;
      const n = d / q;
      const s = spectralSupport({ spectrum: isotropicSpectrum({ d }), n });
      expect(s.intervals.length).toBe(1);
      const [lo, hi] = s.intervals[0];
      // Reference in 40 digits (the double formula itself rounds).
      const D = Decimal.clone({ precision: 40 });
      const sq = new D(d).div(new D(n)).sqrt();
      const a = new D(1).minus(sq).pow(2).toNumber();
      const b = new D(1).plus(sq).pow(2).toNumber();
      if (q === 1) expect(lo).toBe(0);
      else expect(Math.abs(lo - a) / a).toBeLessThan(EDGE_REL);
      expect(Math.abs(hi - b) / b).toBeLessThan(EDGE_REL);
      expect(s.atomAtZero).toBe(Math.max(0, 1 - 1 / q));
      expect(s.clusters[0].hardEdge).toBe(q === 1);
      expect(s.clusters[0].mass).toBeCloseTo(Math.min(1, 1 / q), 15);
      // Σ-weighted atom: n κ0/d with κ0 = σ²(q − 1) for Σ = I (df1(κ0) = d/(1 + κ0) = n).
      expect(s.sigmaAtomAtZero).toBeCloseTo(q > 1 ? (n * (q - 1)) / d : 0, 14);
    });
  }

  it('n = d with a non-isotropic spectrum: the lower edge is exactly 0', () => {
    const sp = createSpectrum([5, 2, 0.3], [10, 20, 30]);
    const s = spectralSupport({ spectrum: sp, n: 60 });
    expect(s.intervals[0][0]).toBe(0);
    expect(s.clusters[0].hardEdge).toBe(true);
    expect(s.atomAtZero).toBe(0);
    expect(s.sigmaAtomAtZero).toBe(0);
  });
});

/** Critical points of x(m) for a spectrum, refined in `digits`-digit arithmetic from double starts. */
function highPrecisionEdge(spectrum: Spectrum, n: number, mStart: number, digits = 60): number {
  const D = Decimal.clone({ precision: digits });
  const lam = Array.from(spectrum.eigenvalues, (x) => exactDecimal(D, x));
  const c = Array.from(spectrum.weights, (x) => exactDecimal(D, x));
  const nD = exactDecimal(D, n);
  // g(m) = 1 − (1/n) Σ c (λm/(1+λm))²; Newton in m.
  let m = new D(mStart);
  for (let it = 0; it < 200; it++) {
    let h = new D(0);
    let dh = new D(0);
    for (let i = 0; i < lam.length; i++) {
      const t = new D(1).plus(lam[i].times(m));
      const q = lam[i].times(m).div(t);
      h = h.plus(c[i].times(q).times(q));
      // d/dm q² = 2 q λ/t²
      dh = dh.plus(c[i].times(2).times(q).times(lam[i]).div(t.times(t)));
    }
    const g = new D(1).minus(h.div(nD));
    const step = g.div(dh.div(nD)); // g' = −dh/n, Newton m − g/g' = m + g n/dh
    m = m.plus(step);
    if (step.abs().lte(m.abs().times(new D(10).pow(-(digits - 5))))) break;
  }
  // x(m) = −1/m + (1/n) Σ c λ/(1 + λm)
  let x = new D(-1).div(m);
  for (let i = 0; i < lam.length; i++) x = x.plus(c[i].times(lam[i]).div(new D(1).plus(lam[i].times(m))).div(nD));
  return x.toNumber();
}

/** h(m) = (1/n) Σ c (λm/(1+λm))² in doubles (for start values only). */
function hOf(spectrum: Spectrum, n: number, m: number): number {
  let s = 0;
  for (let i = 0; i < spectrum.eigenvalues.length; i++) {
    const y = spectrum.eigenvalues[i] * m;
    s += (spectrum.weights[i] * (y / (1 + y)) ** 2) / n;
  }
  return s;
}

/** Bisection for h = 1 between x0 (h > 1) and x1 (h < 1), in doubles. */
function bisectH(spectrum: Spectrum, n: number, x0: number, x1: number): number {
  for (let it = 0; it < 300; it++) {
    const xm = 0.5 * (x0 + x1);
    if (hOf(spectrum, n, xm) > 1) x0 = xm;
    else x1 = xm;
  }
  return 0.5 * (x0 + x1);
}

/** The two roots of h = 1 in the segment (−1/λ_b, −1/λ_a) (golden-section minimum, then bisection). */
function gapCriticalPoints(spectrum: Spectrum, n: number, a: number, b: number): [number, number] {
  let lo = -1 / b;
  let hi = -1 / a;
  for (let it = 0; it < 200; it++) {
    const m1 = lo + (hi - lo) / 3;
    const m2 = hi - (hi - lo) / 3;
    if (hOf(spectrum, n, m1) < hOf(spectrum, n, m2)) hi = m2;
    else lo = m1;
  }
  const mid = 0.5 * (lo + hi);
  return [bisectH(spectrum, n, -1 / b * (1 - 1e-15), mid), bisectH(spectrum, n, -1 / a * (1 + 1e-15), mid)];
}

describe('two-point spectra: two clusters, edges against 60-digit critical points', () => {
  const cases: [number, number, number, number, number][] = [
    // λ_a, λ_b, c_a, c_b, n
    [10, 1, 100, 900, 1000],
    [10, 1, 100, 900, 3000],
    [5, 1, 10, 10, 60],
    [1000, 1, 1, 999, 500], // an outlier eigenvalue: a tiny isolated cluster of mass 1/d
    [10, 1, 100, 300, 350], // n < d: the atom at 0 and a positive lower edge
  ];
  for (const [la, lb, ca, cb, n] of cases) {
    it(`λ = {${la}, ${lb}}, weights {${ca}, ${cb}}, n = ${n}`, () => {
      const sp = createSpectrum([la, lb], [ca, cb]);
      const s = spectralSupport({ spectrum: sp, n });
      expect(s.intervals.length).toBe(2);
      const d = ca + cb;
      // Outer edges: the critical points on (−∞, −1/λ_b) or (0, ∞), and on (−1/λ_a, 0).
      const [lowCluster, highCluster] = s.intervals;
      const [mGapLow, mGapHigh] = gapCriticalPoints(sp, n, la, lb);
      const inner1 = highPrecisionEdge(sp, n, mGapLow);
      const inner2 = highPrecisionEdge(sp, n, mGapHigh);
      expect(Math.abs(lowCluster[1] - inner1) / inner1).toBeLessThan(EDGE_REL);
      expect(Math.abs(highCluster[0] - inner2) / inner2).toBeLessThan(EDGE_REL);
      const top = highPrecisionEdge(sp, n, bisectH(sp, n, (-1 / la) * (1 - 1e-15), -1e-12 / la));
      expect(Math.abs(highCluster[1] - top) / top).toBeLessThan(EDGE_REL);
      // Lower edge: on (−∞, −1/λ_b) when n > d (h → d/n < 1 at −∞), on (0, ∞) when n < d.
      if (n === d) expect(lowCluster[0]).toBe(0);
      else {
        const mBottom = n > d ? bisectH(sp, n, (-1 / lb) * (1 + 1e-15), -1e9 / lb) : bisectH(sp, n, 1e9 / lb, 1e-12 / lb);
        const bottom = highPrecisionEdge(sp, n, mBottom);
        expect(Math.abs(lowCluster[0] - bottom) / bottom).toBeLessThan(EDGE_REL);
      }
      // Exact separation: the outlier cluster carries the outlier's weight, the low one the rest.
      expect(s.clusters[1].mass).toBeCloseTo(ca / d, 15);
      expect(s.clusters[0].mass + s.atomAtZero).toBeCloseTo(cb / d, 14);
    });
  }
});

describe('the two clusters merge at n* = ((a² c_a)^{1/3} + (b² c_b)^{1/3})³/(a − b)²', () => {
  /**
   * For two eigenvalues h(m) is exactly the two-term function whose minimum over the segment is
   * ((a² c_a/n)^{1/3} + (b² c_b/n)^{1/3})³/(a − b)² (minimise A²/(a−ρ)² + B²/(ρ−b)² over ρ = −1/m):
   * a gap exists iff that is < 1, i.e. n > n*. Checked here against a 50-digit bisection of the
   * merging n (min h = 1) and then one ratio on each side.
   */
  const cases: [number, number, number, number][] = [
    [10, 1, 100, 900],
    [5, 1, 10, 10],
    [1000, 1, 1, 999],
  ];
  for (const [a, b, ca, cb] of cases) {
    it(`λ = {${a}, ${b}}, weights {${ca}, ${cb}}`, () => {
      const nStar = ((a * a * ca) ** (1 / 3) + (b * b * cb) ** (1 / 3)) ** 3 / (a - b) ** 2;
      // High precision: bisect n so that min over the segment of h = 1.
      const D = Decimal.clone({ precision: 40 });
      const A = new D(a);
      const B = new D(b);
      const minH = (n: Decimal): Decimal => {
        // golden-section in ρ ∈ (b, a) of (1/n)(c_a a²/(a−ρ)² + c_b b²/(ρ−b)²)
        let lo = B;
        let hi = A;
        const g = (rho: Decimal) =>
          new D(ca).times(A.pow(2)).div(A.minus(rho).pow(2)).plus(new D(cb).times(B.pow(2)).div(rho.minus(B).pow(2))).div(n);
        for (let it = 0; it < 100; it++) {
          const r1 = lo.plus(hi.minus(lo).div(3));
          const r2 = hi.minus(hi.minus(lo).div(3));
          if (g(r1).lt(g(r2))) hi = r2;
          else lo = r1;
        }
        return g(lo.plus(hi).div(2));
      };
      let nLo = new D(nStar * 0.5);
      let nHi = new D(nStar * 2);
      for (let it = 0; it < 50; it++) {
        const mid = nLo.plus(nHi).div(2);
        if (minH(mid).gt(1)) nLo = mid; // larger n lowers h
        else nHi = mid;
      }
      expect(Math.abs(nLo.toNumber() - nStar) / nStar).toBeLessThan(1e-12);
      const sp = createSpectrum([a, b], [ca, cb]);
      expect(spectralSupport({ spectrum: sp, n: nStar * 0.95 }).clusters.length).toBe(1);
      expect(spectralSupport({ spectrum: sp, n: nStar * 1.05 }).clusters.length).toBe(2);
      // Close to the threshold too (the support solver is exact there up to rounding).
      expect(spectralSupport({ spectrum: sp, n: nStar * (1 - 1e-6) }).clusters.length).toBe(1);
      expect(spectralSupport({ spectrum: sp, n: nStar * (1 + 1e-6) }).clusters.length).toBe(2);
    });
  }
});

describe('structure and bookkeeping', () => {
  it('power law d = 10000, k = 1, n = 5000: isolated top eigenvalues, masses add up', () => {
    const s = spectralSupport({ spectrum: powerLawSpectrum({ d: 10000, k: 1 }), n: 5000 });
    // Segment between λ_ν ∝ 1/ν and 1/(ν+1) opens iff min h < 1; min h ≈ π²(ν+½)²/n: about 22 gaps.
    expect(s.clusters.length).toBeGreaterThan(15);
    expect(s.clusters.length).toBeLessThan(30);
    let mass = s.atomAtZero;
    for (let i = 0; i < s.clusters.length; i++) {
      mass += s.clusters[i].mass;
      expect(s.clusters[i].lo).toBeLessThan(s.clusters[i].hi);
      if (i > 0) expect(s.clusters[i].lo).toBeGreaterThan(s.clusters[i - 1].hi);
    }
    expect(mass).toBeCloseTo(1, 14);
    for (let i = 1; i < s.clusters.length; i++) expect(s.clusters[i].mass).toBeCloseTo(1e-4, 15);
  });

  it('σ-atom: n κ0/d with κ0 the 50-digit root of df1(κ0) = n', () => {
    const sp = createSpectrum([3, 1, 0.1], [20, 30, 50]);
    const s = spectralSupport({ spectrum: sp, n: 40 });
    const k0 = solveKappaHighPrecision({ spectrum: sp, n: 40, ridge: 0 }).kappa;
    expect(s.sigmaAtomAtZero).toBeCloseTo((40 * k0) / 100, 13);
    expect(s.atomAtZero).toBe(0.6);
  });

  it("model ensemble: n = N − 1, edges scaled by 1/r, r = N/(N − 1)", () => {
    const sp = createSpectrum([4, 1], [50, 150]);
    const N = 301;
    const a = spectralSupport({ spectrum: sp, ensemble: 'model', N });
    const b = spectralSupport({ spectrum: sp, n: N - 1 });
    const r = N / (N - 1);
    expect(a.n).toBe(300);
    expect(a.r).toBe(r);
    for (let i = 0; i < b.intervals.length; i++) {
      expect(a.intervals[i][0]).toBe(b.intervals[i][0] / r);
      expect(a.intervals[i][1]).toBe(b.intervals[i][1] / r);
    }
  });

  it('rejects bad arguments with InvalidArgumentError naming them', () => {
    const sp = isotropicSpectrum({ d: 10 });
    expect(() => spectralSupport({ spectrum: sp, n: 0.5 })).toThrow(InvalidArgumentError);
    expect(() => spectralSupport({ spectrum: sp })).toThrow(/n = undefined/);
    expect(() => spectralSupport({ spectrum: sp, n: 10, N: 11 })).toThrow(/invalid N/);
    expect(() => spectralSupport({ spectrum: sp, ensemble: 'model', n: 10 })).toThrow(/invalid n/);
    expect(() => spectralSupport({ spectrum: sp, ensemble: 'model', N: 1.5 })).toThrow(/invalid N/);
    expect(() => spectralSupport({ spectrum: sp, n: 10, ensemble: 'x' as 'model' })).toThrow(/invalid ensemble/);
    expect(() => spectralSupport({ spectrum: {} as Spectrum, n: 10 })).toThrow(/invalid spectrum/);
  });
});
