import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { EigenGaussian } from '../../src/transition/eigenGaussian.js';
import { expm1MinusX, gaussianHellinger, gaussianKl, logCosh, standardDivergences, whitenAgainstDiagonal } from '../../src/transition/gaussianDivergences.js';
import { Random } from '../../src/random/random.js';
import { addMatrices, law, naiveHellinger, naiveKl, randomLowRank, randomSpd, randomVector, scaledIdentity, simpson } from './helpers.js';

const standard = (d: number): EigenGaussian => law(new Float64Array(d), scaledIdentity(d, 1));

describe('squared Hellinger distance H² = 1 − ∫√(pq) (seed eq. 18)', () => {
  it('0 for identical Gaussians (exactly, also in d = 100)', () => {
    const rng = new Random(31);
    const S = randomSpd(5, rng);
    const m = randomVector(5, rng, 3);
    expect(gaussianHellinger(law(m, S), law(m, S))).toBeLessThan(1e-14);
    const q = standardDivergences(standard(100));
    expect(q.hellinger).toBe(0);
    expect(q.klReferenceToLaw).toBe(0);
    expect(q.klLawToReference).toBe(0);
  });

  it('equals the dense formula (ml-matrix) and numerical integration in d = 1', () => {
    const rng = new Random(32);
    for (let rep = 0; rep < 5; rep++) {
      const d = 4;
      const S1 = randomSpd(d, rng);
      const S2 = randomSpd(d, rng, 0.5);
      const m1 = randomVector(d, rng);
      const m2 = randomVector(d, rng);
      expect(gaussianHellinger(law(m1, S1), law(m2, S2))).toBeCloseTo(naiveHellinger(m1, S1, m2, S2), 12);
    }
    const { x, w } = simpson(-30, 30, 100_000);
    const n1 = (t: number, m: number, v: number) => Math.exp(-((t - m) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
    let bc = 0;
    for (let i = 0; i < x.length; i++) bc += w[i] * Math.sqrt(n1(x[i], 0.3, 0.5) * n1(x[i], -1, 2));
    expect(gaussianHellinger(law(new Float64Array([0.3]), new Float64Array([0.5])), law(new Float64Array([-1]), new Float64Array([2])))).toBeCloseTo(1 - bc, 11);
  });

  test.prop([fc.integer({ min: 1, max: 1e6 })])('symmetric, in [0, 1]', (seed) => {
    const rng = new Random(seed);
    const d = 3;
    const p = law(randomVector(d, rng, 2), randomSpd(d, rng));
    const q = law(randomVector(d, rng, 2), randomSpd(d, rng, 0.2, 3));
    const a = gaussianHellinger(p, q);
    const b = gaussianHellinger(q, p);
    expect(Math.abs(a - b)).toBeLessThan(1e-12);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThanOrEqual(1);
  });

  it('→ 1 for far-apart Gaussians, and for very different widths', () => {
    const d = 3;
    const S = scaledIdentity(d, 1);
    const far = new Float64Array(d).fill(50);
    expect(gaussianHellinger(law(new Float64Array(d), S), law(far, S))).toBe(1);
    expect(gaussianHellinger(law(new Float64Array(d), S), law(new Float64Array(d), scaledIdentity(d, 1e-12)))).toBeGreaterThan(1 - 1e-8);
    // In d = 100 a modest shift per coordinate already gives H² ≈ 1 − exp(−d/8·0.09).
    const q = standardDivergences(law(new Float64Array(100).fill(0.3), scaledIdentity(100, 1)));
    expect(q.hellinger).toBeCloseTo(-Math.expm1(-(100 * 0.09) / 8), 12);
  });

  it('singular q: H² = 1 exactly, the limit of Σ_q + δI as δ → 0; hellingerOnSupport = H² of the marginals', () => {
    const rng = new Random(33);
    const d = 5;
    const r = 2;
    const cov = randomLowRank(d, r, rng, 1.5);
    const m = randomVector(d, rng, 0.4);
    const q = law(m, cov, r);
    const p = standard(d);
    expect(gaussianHellinger(p, q)).toBe(1);
    expect(gaussianHellinger(q, p)).toBe(1);
    const s = standardDivergences(q);
    expect(s).toMatchObject({ rank: 2, hellinger: 1, logAffinity: -Infinity, klReferenceToLaw: Infinity, klLawToReference: Infinity });
    let previous = 0;
    for (const delta of [1e-1, 1e-3, 1e-6, 1e-10]) {
      const h = gaussianHellinger(p, law(m, addMatrices(cov, scaledIdentity(d, delta))));
      expect(h).toBeGreaterThan(previous);
      previous = h;
    }
    expect(previous).toBeGreaterThan(1 - 1e-6);
    // Marginals on span{u_1, u_2}: coordinates c = Uᵀx; p ↦ N(0, I_2), q ↦ N(Uᵀm, diag g).
    const U = q.vectors;
    const mr = new Float64Array(r);
    for (let j = 0; j < r; j++) for (let i = 0; i < d; i++) mr[j] += U[j * d + i] * m[i];
    const marginal = gaussianHellinger(law(new Float64Array(r), scaledIdentity(r, 1)), law(mr, new Float64Array([q.values[0], 0, 0, q.values[1]])));
    expect(s.hellingerOnSupport).toBeCloseTo(marginal, 12);
  });

  it('two degenerate laws: same support → finite (restricted), different supports → 1', () => {
    const rng = new Random(34);
    const d = 4;
    const cov = randomLowRank(d, 2, rng);
    const m = randomVector(d, rng);
    const a = law(m, cov, 2);
    const b = law(m, cov.map((v) => 2 * v), 2);
    const h = gaussianHellinger(a, b);
    // Same subspace, variances doubled: BC = Π (2·√2/3)^½ over the two directions.
    expect(h).toBeCloseTo(1 - Math.pow((2 * Math.SQRT2) / 3, 1), 10);
    expect(gaussianHellinger(a, law(m, randomLowRank(d, 2, rng), 2))).toBe(1);
    expect(gaussianKl(a, b)).toBeCloseTo(0.5 * 2 * (0.5 - 1 + Math.log(2)), 10);
    expect(gaussianKl(a, law(m, randomLowRank(d, 2, rng), 2))).toBe(Infinity);
  });
});

describe('KL divergence', () => {
  it('equals the dense formula in both directions; KL(p‖p) = 0', () => {
    const rng = new Random(35);
    for (let rep = 0; rep < 5; rep++) {
      const d = 4;
      const S1 = randomSpd(d, rng);
      const S2 = randomSpd(d, rng, 0.4, 2);
      const m1 = randomVector(d, rng);
      const m2 = randomVector(d, rng);
      expect(gaussianKl(law(m1, S1), law(m2, S2))).toBeCloseTo(naiveKl(m1, S1, m2, S2), 10);
      expect(gaussianKl(law(m2, S2), law(m1, S1))).toBeCloseTo(naiveKl(m2, S2, m1, S1), 10);
      expect(gaussianKl(law(m1, S1), law(m1, S1))).toBeLessThan(1e-13);
    }
  });

  it('standard-reference fast path matches the general function in both directions', () => {
    const rng = new Random(36);
    const d = 6;
    const q = law(randomVector(d, rng), randomSpd(d, rng, 0.3, 2));
    const s = standardDivergences(q);
    expect(s.klLawToReference).toBeCloseTo(gaussianKl(q, standard(d)), 11);
    expect(s.klReferenceToLaw).toBeCloseTo(gaussianKl(standard(d), q), 11);
    expect(s.hellinger).toBeCloseTo(gaussianHellinger(standard(d), q), 12);
  });

  it('+Infinity (never NaN) whenever absolute continuity fails', () => {
    const rng = new Random(37);
    const q = law(randomVector(3, rng), randomLowRank(3, 1, rng), 1);
    expect(gaussianKl(standard(3), q)).toBe(Infinity);
    expect(gaussianKl(q, standard(3))).toBe(Infinity);
  });

  it('accurate when the laws are nearly equal (no cancellation in h − 1 − log h)', () => {
    const d = 50;
    const q = law(new Float64Array(d), scaledIdentity(d, 1 + 1e-9));
    const s = standardDivergences(q);
    // Σ (h − 1 − log h)/2 ≈ d (1e-9)²/4.
    expect(s.klLawToReference / ((d * 1e-18) / 4)).toBeCloseTo(1, 6);
    expect(s.hellinger / ((d * 1e-18) / 16)).toBeCloseTo(1, 5);
  });
});

describe('whitening against the data law', () => {
  it('diagonal reference: divergences equal those of the general function', () => {
    const rng = new Random(38);
    const d = 5;
    const variances = Float64Array.from([0.5, 1, 2, 3, 0.25]);
    const mu = randomVector(d, rng, 1, 10);
    const data = law(mu, Float64Array.from({ length: d * d }, (_, k) => (k % (d + 1) === 0 ? variances[k / (d + 1)] : 0)));
    for (const rank of [d, 3]) {
      const g = law(randomVector(d, rng, 1, 10), rank === d ? randomSpd(d, rng) : randomLowRank(d, rank, rng), rank);
      const s = standardDivergences(whitenAgainstDiagonal(g, mu, variances));
      expect(s.rank).toBe(rank);
      expect(s.hellinger).toBeCloseTo(gaussianHellinger(data, g), 11);
      expect(s.klLawToReference).toBeCloseTo(gaussianKl(g, data), 9);
      expect(s.klReferenceToLaw).toBeCloseTo(gaussianKl(data, g), 9);
    }
  });

  it('helpers: log cosh and eˣ − 1 − x', () => {
    expect(logCosh(800)).toBeCloseTo(800 - Math.LN2, 10);
    expect(logCosh(0.1)).toBeCloseTo(Math.log(Math.cosh(0.1)), 15);
    expect(expm1MinusX(1e-8) / (5e-17 + 1e-24 / 6)).toBeCloseTo(1, 14);
    expect(logCosh(1e-10) / 5e-21).toBeCloseTo(1, 12);
    expect(expm1MinusX(2)).toBeCloseTo(Math.exp(2) - 3, 13);
    expect(expm1MinusX(-0.05)).toBeCloseTo(Math.exp(-0.05) - 1 + 0.05, 16);
  });
});
