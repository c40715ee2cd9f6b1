import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { logGaussianOverlaps, logGaussianSelfOverlap, logIsotropicGaussian, logOverlapOfLaws } from '../../src/transition/gaussianOverlap.js';
import { logKdeCrossOverlap, logKdeGaussianOverlap, logKdeSelfOverlap, logKdeSelfOverlapParts, pairExponentialSum } from '../../src/transition/kernelDensityOverlaps.js';
import { logMeanExp, logSumExp, signedLogSum, signedLogValue } from '../../src/transition/logSumExp.js';
import { crossOverlap1d, gaussianCrossOverlap1d, selfOverlap1d, sortedColumns } from '../../src/transition/perCoordinateOverlaps.js';
import { Random } from '../../src/random/random.js';
import { addMatrices, law, naiveDensity, randomLowRank, randomSpd, randomVector, scaledIdentity, simpson } from './helpers.js';

describe('∫ N(x; a, A) N(x; b, B) dx = N(a; b, A + B): closed form against numerical integration', () => {
  it('d = 1: Simpson quadrature on a wide grid, relative 1e-10', () => {
    for (const [a, A, b, B] of [
      [0, 1, 0, 1],
      [1.5, 0.3, -0.7, 2.2],
      [10, 0.01, 10.2, 0.04],
      [-3, 5, 4, 0.5],
    ]) {
      const { x, w } = simpson(-40, 40, 200_000);
      const n1 = (t: number, m: number, v: number) => Math.exp(-((t - m) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
      let num = 0;
      for (let i = 0; i < x.length; i++) num += w[i] * n1(x[i], a, A) * n1(x[i], b, B);
      const closed = Math.exp(logOverlapOfLaws(law(new Float64Array([a]), new Float64Array([A])), law(new Float64Array([b]), new Float64Array([B]))));
      expect(Math.abs(closed - num) / num).toBeLessThan(1e-10);
      expect(closed).toBeCloseTo(Math.exp(logIsotropicGaussian((a - b) ** 2, A + B, 1)), 14);
    }
  });

  it('d = 2: tensor Simpson quadrature with correlated covariances, relative 1e-8', () => {
    const rng = new Random(21);
    for (let rep = 0; rep < 3; rep++) {
      const A = randomSpd(2, rng, 0.2);
      const B = randomSpd(2, rng, 0.3);
      const a = randomVector(2, rng, 0.8);
      const b = randomVector(2, rng, 0.8);
      const { x, w } = simpson(-9, 9, 600);
      // Explicit 2 × 2 densities (the oracle is the quadrature, not the formula under test).
      const n2 = (p0: number, p1: number, m: Float64Array, S: Float64Array) => {
        const det = S[0] * S[3] - S[1] * S[2];
        const u = p0 - m[0];
        const v = p1 - m[1];
        return Math.exp(-(S[3] * u * u - 2 * S[1] * u * v + S[0] * v * v) / (2 * det)) / (2 * Math.PI * Math.sqrt(det));
      };
      let num = 0;
      for (let i = 0; i < x.length; i++) for (let j = 0; j < x.length; j++) num += w[i] * w[j] * n2(x[i], x[j], a, A) * n2(x[i], x[j], b, B);
      const closed = Math.exp(logOverlapOfLaws(law(a, A), law(b, B)));
      expect(Math.abs(closed - num) / num).toBeLessThan(1e-8);
    }
  });

  it('d = 10: Monte Carlo estimate E_{x~N(a,A)} N(x; b, B) within 4 standard errors', () => {
    const rng = new Random(22);
    const d = 10;
    const A = randomSpd(d, rng, 0.5, 0.5);
    const B = randomSpd(d, rng, 1.0);
    const a = randomVector(d, rng, 0.3);
    const b = randomVector(d, rng, 0.3);
    const pa = law(a, A);
    const pb = law(b, B);
    // Sample x = a + Σ_j √g_j z_j u_j and average N(x; b, B) = exp(log overlap with a point mass… ) computed
    // as logGaussianOverlaps(pb, 0, x) (B has full rank, so ε² = 0 is allowed).
    const count = 40_000;
    const pts = new Float64Array(count * d);
    const z = new Float64Array(d);
    for (let k = 0; k < count; k++) {
      rng.fillNormal(z);
      for (let i = 0; i < d; i++) pts[k * d + i] = a[i];
      for (let j = 0; j < d; j++) {
        const s = Math.sqrt(pa.values[j]) * z[j];
        for (let i = 0; i < d; i++) pts[k * d + i] += s * pa.vectors[j * d + i];
      }
    }
    const logs = logGaussianOverlaps(pb, 0, pts, count);
    let mean = 0;
    let m2 = 0;
    for (let k = 0; k < count; k++) {
      const v = Math.exp(logs[k]);
      mean += v;
      m2 += v * v;
    }
    mean /= count;
    const se = Math.sqrt((m2 / count - mean * mean) / count);
    const closed = Math.exp(logOverlapOfLaws(pa, pb));
    expect(Math.abs(closed - mean)).toBeLessThan(4 * se);
    expect(se / mean).toBeLessThan(0.02); // the check has teeth
  });
});

describe('log-space overlaps equal the naive ones where representable', () => {
  it('eigen-form kernel (rank-deficient Σ_G + ε²I, 4 × 4 blocks and remainders) vs dense ml-matrix formula', () => {
    const rng = new Random(23);
    for (const [d, r, count] of [
      [7, 3, 9],
      [12, 12, 6],
      [9, 5, 13],
    ]) {
      const cov = randomLowRank(d, r, rng, 2);
      const m = randomVector(d, rng, 1, 5);
      const g = law(m, cov, r);
      expect(g.values.length).toBe(r);
      const eps2 = 0.37;
      const shift = randomVector(d, rng, 0.5, 5);
      const pts = randomVector(count * d, rng, 1.2);
      const logs = logGaussianOverlaps(g, eps2, pts, count, shift);
      const S = addMatrices(cov, scaledIdentity(d, eps2));
      for (let k = 0; k < count; k++) {
        const x = Array.from({ length: d }, (_, i) => pts[k * d + i] + shift[i]);
        const naive = naiveDensity(x, m, S);
        expect(Math.abs(Math.exp(logs[k]) - naive) / naive).toBeLessThan(1e-11);
      }
    }
  });

  it('d = 100: a naive evaluation underflows (det < 1e-308) but the log is exact', () => {
    const d = 100;
    const v = 1e-4; // det(vI) = 1e-400
    const g = law(new Float64Array(d), scaledIdentity(d, v / 2), d);
    const pts = new Float64Array(d);
    pts[0] = 0.01;
    const l = logGaussianOverlaps(g, v / 2, pts, 1)[0];
    expect(l).toBeCloseTo(logIsotropicGaussian(1e-4, v, d), 9);
    expect(Math.pow(v, d)).toBe(0); // the naive determinant is not representable
    expect(Number.isFinite(l)).toBe(true);
  });

  it('∫ρ_G² = N(m; m, 2Σ): finite for full rank, +Infinity when singular', () => {
    const rng = new Random(24);
    const S = randomSpd(4, rng);
    const m = randomVector(4, rng);
    expect(Math.exp(logGaussianSelfOverlap(law(m, S)))).toBeCloseTo(naiveDensity(m, m, S.map((v) => 2 * v)), 12);
    expect(logGaussianSelfOverlap(law(m, randomLowRank(4, 2, rng), 2))).toBe(Infinity);
  });

  it('a singular law needs ε² > 0', () => {
    const rng = new Random(25);
    expect(() => logGaussianOverlaps(law(new Float64Array(3), randomLowRank(3, 1, rng), 1), 0, new Float64Array(3), 1)).toThrow(InvalidArgumentError);
  });
});

describe('kernel density overlaps', () => {
  function naiveKdeSelf(x: Float64Array, n: number, d: number, eps: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += naiveDensity(x.subarray(i * d, i * d + d), x.subarray(j * d, j * d + d), scaledIdentity(d, 2 * eps * eps));
    return s / (n * n);
  }

  it('self overlap = (1/n²) Σ_ij N(x_i; x_j, 2ε²I), diagonal and pair parts add up (counts not multiples of 4)', () => {
    const rng = new Random(26);
    for (const [n, d, eps] of [
      [13, 3, 0.8],
      [6, 5, 1.3],
      [1, 2, 0.5],
    ]) {
      const x = randomVector(n * d, rng);
      const naive = naiveKdeSelf(x, n, d, eps);
      expect(Math.abs(Math.exp(logKdeSelfOverlap(x, n, d, eps)) - naive) / naive).toBeLessThan(1e-12);
      const parts = logKdeSelfOverlapParts(x, n, d, eps);
      expect(Math.exp(parts.logDiagonal) + Math.exp(parts.logPairs)).toBeCloseTo(Math.exp(logKdeSelfOverlap(x, n, d, eps)), 12);
      expect(Math.exp(parts.logDiagonal)).toBeCloseTo(1 / (n * Math.pow(4 * Math.PI * eps * eps, d / 2)), 12);
    }
  });

  it('pair sum Σ_{i<j} exp(−c‖x_i − x_j‖²) equals the direct double loop', () => {
    const rng = new Random(27);
    const n = 11;
    const d = 6;
    const x = randomVector(n * d, rng, 1, 3);
    let direct = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let s = 0;
        for (let l = 0; l < d; l++) s += (x[i * d + l] - x[j * d + l]) ** 2;
        direct += Math.exp(-0.3 * s);
      }
    }
    expect(pairExponentialSum(x, n, d, 0.3)).toBeCloseTo(direct, 12);
  });

  it('cross overlap of two estimates and of an estimate with a Gaussian', () => {
    const rng = new Random(28);
    const d = 4;
    const a = randomVector(7 * d, rng);
    const b = randomVector(10 * d, rng, 1, 0.5);
    let naive = 0;
    for (let i = 0; i < 7; i++) for (let j = 0; j < 10; j++) naive += naiveDensity(a.subarray(i * d, i * d + d), b.subarray(j * d, j * d + d), scaledIdentity(d, 0.4 ** 2 + 0.7 ** 2));
    naive /= 70;
    expect(Math.abs(Math.exp(logKdeCrossOverlap(a, 7, 0.4, b, 10, 0.7, d)) - naive) / naive).toBeLessThan(1e-12);
    const cov = randomLowRank(d, 2, rng);
    const m = randomVector(d, rng);
    const g = law(m, cov, 2);
    let naive2 = 0;
    for (let i = 0; i < 7; i++) naive2 += naiveDensity(m, a.subarray(i * d, i * d + d), addMatrices(cov, scaledIdentity(d, 0.09)));
    naive2 /= 7;
    expect(Math.abs(Math.exp(logKdeGaussianOverlap(g, a, 7, 0.3)) - naive2) / naive2).toBeLessThan(1e-11);
  });

  it('far-apart sets in d = 100: the cross overlap underflows naively but not in log space', () => {
    const d = 100;
    const a = new Float64Array(2 * d).fill(0);
    const b = new Float64Array(2 * d).fill(3);
    const l = logKdeCrossOverlap(a, 2, 0.5, b, 2, 0.5, d);
    expect(l).toBeCloseTo(logIsotropicGaussian(9 * d, 0.5, d), 9);
    expect(Math.exp(l)).toBe(0);
  });
});

describe('1-D overlaps of the per-coordinate variant (eq. 23–24)', () => {
  it('windowed pair sums equal the full double sums', () => {
    const rng = new Random(29);
    const x = Float64Array.from(randomVector(300, rng)).sort();
    const y = Float64Array.from(randomVector(200, rng, 1, 0.3)).sort();
    const eps = 0.01;
    let self = 0;
    for (const xi of x) for (const xj of x) self += Math.exp(-((xi - xj) ** 2) / (4 * eps * eps)) / Math.sqrt(4 * Math.PI * eps * eps);
    expect(selfOverlap1d(x, eps)).toBeCloseTo(self / (300 * 300), 12);
    let cross = 0;
    const v = eps * eps + 0.02 ** 2;
    for (const xi of x) for (const yj of y) cross += Math.exp(-((xi - yj) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
    expect(crossOverlap1d(x, eps, y, 0.02)).toBeCloseTo(cross / (300 * 200), 12);
    let g = 0;
    for (const xi of x) g += Math.exp(-((xi - 0.2) ** 2) / (2 * (0.5 + eps * eps))) / Math.sqrt(2 * Math.PI * (0.5 + eps * eps));
    expect(gaussianCrossOverlap1d(0.2, 0.5, x, eps)).toBeCloseTo(g / 300, 12);
  });

  it('sortedColumns extracts and sorts every coordinate', () => {
    const pts = new Float64Array([3, 1, 1, 5, 2, 0]);
    expect(Array.from(sortedColumns(pts, 3, 2))).toEqual([1, 2, 3, 0, 1, 5]);
  });
});

describe('log-sum-exp', () => {
  test.prop([fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 30 })])('logSumExp = log Σ exp where representable', (xs) => {
    const naive = Math.log(xs.reduce((s, x) => s + Math.exp(x), 0));
    expect(logSumExp(xs)).toBeCloseTo(naive, 10);
    expect(logMeanExp(xs)).toBeCloseTo(naive - Math.log(xs.length), 10);
  });

  test.prop([fc.array(fc.tuple(fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true })), { minLength: 1, maxLength: 10 })])(
    'signedLogSum = Σ c exp(l) with the right sign',
    (terms) => {
      const naive = terms.reduce((s, [l, c]) => s + c * Math.exp(l), 0);
      const r = signedLogSum(terms.map(([log, coefficient]) => ({ log, coefficient })));
      const scale = terms.reduce((s, [l, c]) => s + Math.abs(c) * Math.exp(l), 0);
      expect(Math.abs(signedLogValue(r) - naive)).toBeLessThanOrEqual(1e-12 * scale + 1e-300);
      if (Math.abs(naive) > 1e-10 * scale) expect(r.sign).toBe(Math.sign(naive));
    },
  );

  it('huge and tiny logs, infinities, never NaN', () => {
    expect(logSumExp([-1e4, -1e4])).toBeCloseTo(-1e4 + Math.LN2, 9);
    expect(logSumExp([1e4, 1e4 - 1])).toBeCloseTo(1e4 + Math.log1p(Math.exp(-1)), 9);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(logSumExp([0, Infinity])).toBe(Infinity);
    expect(signedLogSum([{ log: Infinity, coefficient: 1 }, { log: 3, coefficient: -2 }])).toMatchObject({ sign: 1, log: Infinity });
    const tiny = 2 ** -30; // exactly representable offset: −800 + tiny is exact
    const r = signedLogSum([{ log: -800, coefficient: 1 }, { log: -800 + tiny, coefficient: -1 }]);
    expect(r.sign).toBe(-1);
    expect(r.log).toBeCloseTo(-800 + Math.log(tiny), 6);
    expect(r.logCancellation).toBeCloseTo(Math.log(2 / tiny), 6);
    expect(signedLogSum([{ log: 5, coefficient: 1 }, { log: 5, coefficient: -1 }])).toMatchObject({ sign: 0, log: -Infinity });
    expect(() => signedLogSum([{ log: Infinity, coefficient: 1 }, { log: Infinity, coefficient: -1 }])).toThrow(RangeError);
  });
});
