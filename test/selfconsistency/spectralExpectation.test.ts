import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { solveKappa } from '../../src/selfconsistency/kappa/solveKappa.js';
import { spectralExpectation, spectralExpectations } from '../../src/selfconsistency/limitingMeasure/spectralExpectation.js';
import { createSpectrum, isotropicSpectrum, powerLawSpectrum, spectrumTraces, type Spectrum } from '../../src/spectra/index.js';

/**
 * THEORY.md §4 at a real ridge w > 0 gives both measures in closed form through κ(w):
 *   ∫ dμ_count/(x + w) = E tr(Ŝ + w)^{-1} ≍ (κ/w) Σ c_i/(λ_i + κ)   (= (d − n)/w + n/κ, which cancels
 *                                                                     catastrophically for n ≫ d, small w),
 *   ∫ dμ_Σ/(x + w)     = E tr Σ(Ŝ + w)^{-1} ≍ (κ/w) Σ c_i λ_i/(λ_i + κ) (= n(κ/w − 1)).
 * κ comes from solveKappa (1e-14), the quadrature runs at its default tolerance 1e-12: 1e-10 relative
 * leaves two orders of margin.
 */
const REL = 1e-10;

function resolventTraces(spectrum: Spectrum, n: number, w: number): { count: number; sigma: number } {
  const k = solveKappa({ spectrum, n, ridge: w }).kappa;
  let c = 0;
  let s = 0;
  for (let i = 0; i < spectrum.eigenvalues.length; i++) {
    const l = spectrum.eigenvalues[i];
    c += spectrum.weights[i] / (l + k);
    s += (spectrum.weights[i] * l) / (l + k);
  }
  return { count: (k / w) * c, sigma: (k / w) * s };
}

const cases: [string, Spectrum, number[]][] = [
  ['isotropic', isotropicSpectrum({ d: 100 }), [10, 50, 100, 200, 2000]],
  ['two clusters', createSpectrum([10, 1], [100, 900]), [500, 1000, 3000]],
  ['outlier + bulk', createSpectrum([1000, 10, 1, 0.2], [1, 40, 120, 39]), [50, 200, 1000]],
  ['power law k = 1, d = 300', powerLawSpectrum({ d: 300, k: 1 }), [60, 300, 3000]],
  ['six decades', createSpectrum([1e3, 1e1, 1, 1e-1, 1e-3], [3, 7, 20, 50, 20]), [30, 100, 400]],
];

describe('E tr f(Ŝ) for f = 1/(x + w) reproduces the real-ridge solver (THEORY.md §4)', () => {
  for (const [label, spectrum, ns] of cases) {
    it(`${label}: n ∈ {${ns.join(', ')}} (d = ${spectrum.d}), w ∈ {1e-3, 1, 100}, both measures`, () => {
      for (const n of ns) {
        for (const w of [1e-3, 1, 100]) {
          const ref = resolventTraces(spectrum, n, w);
          const c = spectralExpectation({ spectrum, n, f: (x) => 1 / (x + w), weight: 'count' });
          const s = spectralExpectation({ spectrum, n, f: (x) => 1 / (x + w), weight: 'sigma' });
          expect(c.converged).toBe(true);
          expect(s.converged).toBe(true);
          expect(Math.abs(c.value - ref.count) / ref.count).toBeLessThan(REL);
          expect(Math.abs(s.value - ref.sigma) / ref.sigma).toBeLessThan(REL);
          // the error estimate is honest (an upper bound here)
          expect(Math.abs(c.value - ref.count)).toBeLessThanOrEqual(c.errorEstimate + 1e-13 * ref.count);
        }
      }
    });
  }

  it("model ensemble: E tr(Σ̂ + w)^{-1} = r E tr(Ŝ + r w)^{-1} with n = N − 1", () => {
    const spectrum = createSpectrum([10, 1], [100, 900]);
    const N = 801;
    const r = N / (N - 1);
    for (const w of [1e-3, 1, 100]) {
      const ref = resolventTraces(spectrum, N - 1, r * w);
      const c = spectralExpectation({ spectrum, ensemble: 'model', N, f: (x) => 1 / (x + w), weight: 'count' });
      const s = spectralExpectation({ spectrum, ensemble: 'model', N, f: (x) => 1 / (x + w), weight: 'sigma' });
      expect(Math.abs(c.value - r * ref.count) / (r * ref.count)).toBeLessThan(REL);
      expect(Math.abs(s.value - r * ref.sigma) / (r * ref.sigma)).toBeLessThan(REL);
    }
  });
});

describe('moments', () => {
  /**
   * Exact Wishart facts: E tr Ŝ = tr Σ, E tr ΣŜ = tr Σ², E tr Ŝ² = tr Σ² + (tr Σ² + (tr Σ)²)/n.
   * The deterministic-equivalent measure reproduces the first two exactly and the *limiting* second
   * moment tr Σ² + (tr Σ)²/n (it misses the tr Σ²/n term, O(1/n) relative, as any d, n → ∞ limit).
   */
  for (const [label, spectrum, ns] of cases) {
    it(`${label}: mass, tr Σ, tr Σ², limiting E tr Ŝ²`, () => {
      const { trace } = spectrumTraces(spectrum);
      let tr2 = 0;
      for (let i = 0; i < spectrum.eigenvalues.length; i++) tr2 += spectrum.weights[i] * spectrum.eigenvalues[i] ** 2;
      for (const n of ns) {
        const e = (f: (x: number) => number, weight: 'count' | 'sigma') => spectralExpectation({ spectrum, n, f, weight }).value;
        expect(Math.abs(e(() => 1, 'count') / spectrum.d - 1)).toBeLessThan(1e-12);
        expect(Math.abs(e(() => 1, 'sigma') / trace - 1)).toBeLessThan(1e-12);
        expect(Math.abs(e((x) => x, 'count') / trace - 1)).toBeLessThan(1e-12);
        expect(Math.abs(e((x) => x, 'sigma') / tr2 - 1)).toBeLessThan(1e-12);
        const m2 = tr2 + (trace * trace) / n;
        expect(Math.abs(e((x) => x * x, 'count') / m2 - 1)).toBeLessThan(1e-12);
      }
    });
  }
});

describe('corners', () => {
  it('n = d (hard edge, ρ ~ x^{-1/2}): ∫ √x dμ for MP q = 1 is 8/(3π) per dimension', () => {
    // ∫ √x dμ for MP q = 1: (1/2π) ∫₀⁴ √x √((4 − x)x)/x dx = (1/2π) ∫₀⁴ √(4 − x) dx = (1/2π)(2/3)8 = 8/(3π)
    const d = 100;
    const e = spectralExpectation({ spectrum: isotropicSpectrum({ d }), n: d, f: Math.sqrt, weight: 'count' });
    expect(Math.abs(e.value / d - 8 / (3 * Math.PI))).toBeLessThan(1e-12);
  });

  it('atom at 0: (d − n) f(0) and n κ0 f(0) are included', () => {
    const spectrum = createSpectrum([3, 1], [50, 150]);
    const n = 80;
    const k0 = solveKappa({ spectrum, n, ridge: 0 }).kappa;
    const c = spectralExpectation({ spectrum, n, f: (x) => (x === 0 ? 1 : 0), weight: 'count' });
    expect(c.atom).toBe(120);
    const s = spectralExpectation({ spectrum, n, f: () => 1, weight: 'sigma' });
    expect(s.atom).toBeCloseTo(n * k0, 12);
  });

  it('f must return finite numbers; options are validated', () => {
    const spectrum = isotropicSpectrum({ d: 10 });
    expect(() => spectralExpectation({ spectrum, n: 5, f: (x) => 1 / x, weight: 'count' })).toThrow(InvalidArgumentError);
    expect(() => spectralExpectation({ spectrum, n: 20, f: () => NaN, weight: 'count' })).toThrow(/invalid f/);
    expect(() => spectralExpectation({ spectrum, n: 20, f: 3 as unknown as () => number, weight: 'count' })).toThrow(/invalid f/);
    expect(() => spectralExpectation({ spectrum, n: 20, f: () => 1, weight: 'x' as 'count' })).toThrow(/invalid weight/);
  });

  it('a non-smooth f converges more slowly but honestly (errorEstimate covers the error)', () => {
    // |x − 1| under MP q = 0.25: a kink inside the support.
    const d = 200;
    const n = 800;
    const e = spectralExpectation({ spectrum: isotropicSpectrum({ d }), n, f: (x) => Math.abs(x - 1), weight: 'count', tolerance: 1e-9 });
    // reference: fine trapezoid in θ on [a, b] split at x = 1 (both pieces smooth)
    const q = 0.25;
    const a = (1 - Math.sqrt(q)) ** 2;
    const b = (1 + Math.sqrt(q)) ** 2;
    const rho = (x: number) => Math.sqrt((b - x) * (x - a)) / (2 * Math.PI * q * x);
    const piece = (lo: number, hi: number) => {
      // x = lo + (hi − lo) sin²θ, Gauss–Legendre-free: composite Simpson in θ with 20000 panels
      const N = 20000;
      const h = Math.PI / 2 / N;
      let s = 0;
      for (let j = 0; j <= N; j++) {
        const t = j * h;
        const x = lo + (hi - lo) * Math.sin(t) ** 2;
        const g = rho(x) * Math.abs(x - 1) * (hi - lo) * Math.sin(2 * t);
        s += (j === 0 || j === N ? 1 : j % 2 === 1 ? 4 : 2) * g;
      }
      return (s * h) / 3;
    };
    const ref = d * (piece(a, 1) + piece(1, b));
    expect(e.converged).toBe(true);
    expect(Math.abs(e.value - ref)).toBeLessThan(Math.max(e.errorEstimate, 1e-9 * ref));
  });
});

describe('A-weighted spectral measures ({ diagonal } weight)', () => {
  it("A = I reproduces 'count', A = Σ reproduces 'sigma', including the atom; A = (Σ + z)⁻¹ matches κ", () => {
    const se = spectralExpectation;
    const sk = solveKappa;
    const spectrum = powerLawSpectrum({ d: 40, k: 1.2 });
    const f = (x: number) => 1 / (1 + x) ** 2;
    for (const n of [15, 40, 160]) {
      const ones = new Float64Array(spectrum.eigenvalues.length).fill(1);
      expect(se({ spectrum, n, f, weight: { diagonal: ones } }).value).toBeCloseTo(se({ spectrum, n, f, weight: 'count' }).value, 10);
      expect(se({ spectrum, n, f, weight: { diagonal: spectrum.eigenvalues } }).value).toBeCloseTo(se({ spectrum, n, f, weight: 'sigma' }).value, 10);
      // E tr A(Ŝ + w)⁻¹ ≍ (κ/w) Σ a_i/(λ_i + κ) (THEORY.md §4) for A = (Σ + 0.5)⁻¹, w = 0.3.
      const a = Float64Array.from(spectrum.eigenvalues, (l) => 1 / (l + 0.5));
      const w = 0.3;
      const { kappa } = sk({ spectrum, n, ridge: w });
      let t = 0;
      for (let i = 0; i < a.length; i++) t += (a[i] * spectrum.weights[i]) / (spectrum.eigenvalues[i] + kappa);
      const v = se({ spectrum, n, f: (x) => 1 / (x + w), weight: { diagonal: a } }).value;
      expect(Math.abs(v - (kappa / w) * t) / v).toBeLessThan(1e-10);
    }
    expect(() => se({ spectrum, n: 10, f, weight: { diagonal: [1, 2] } })).toThrow(/weight/);
  });
});

describe('spectralExpectations: several integrals on shared nodes', () => {
  it('equal each one alone to the tolerance; one item is spectralExpectation bit for bit', () => {
    const s = powerLawSpectrum({ d: 80, k: 1 });
    const items = [
      { f: (x: number) => 1 / (x + 0.2), weight: 'count' as const },
      { f: (x: number) => Math.exp(-x), weight: 'sigma' as const },
      { f: (x: number) => x * x, weight: { diagonal: Array.from(s.eigenvalues, (l) => 1 / (l + 1)) } },
    ];
    for (const n of [20, 80, 400]) {
      const many = spectralExpectations({ spectrum: s, n, items, tolerance: 1e-12 });
      items.forEach((item, j) => {
        const one = spectralExpectation({ spectrum: s, n, ...item, tolerance: 1e-12 });
        expect(Math.abs(many[j].value - one.value)).toBeLessThan(1e-10 * Math.abs(one.value));
        expect(many[j].converged).toBe(true);
      });
      expect(spectralExpectations({ spectrum: s, n, items: [items[0]] })[0].value).toBe(spectralExpectation({ spectrum: s, n, ...items[0] }).value);
    }
  });
});
