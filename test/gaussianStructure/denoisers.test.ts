import { fc, test } from '@fast-check/vitest';
import { Matrix, inverse } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import {
  expectedTrainedDenoiser,
  fitEmpiricalGaussian,
  gaussianDenoiser,
  MemorisingModel,
  memorisingDenoiser,
  memorisingDenoiserReference,
  populationGaussianModel,
  type Denoiser,
} from '../../src/index.js';
import { haarOrthogonal } from '../../src/random/haar.js';
import { Random } from '../../src/random/random.js';
import { meanStderr } from '../../src/statistics/summaryStatistics.js';

function randomData(N: number, d: number, seed: number, offset = 0): Float64Array {
  const rng = new Random(seed);
  const x = new Float64Array(N * d);
  rng.fillNormal(x);
  for (let k = 0; k < N; k++) for (let i = 0; i < d; i++) x[k * d + i] = offset + x[k * d + i] * (1 + i / d);
  return x;
}

describe('D_G is the posterior mean E[x_0 | x_0 + σn] of Gaussian data', () => {
  // d = 2, rotated Σ, μ ≠ 0. The posterior mean is the unique D with E[(x_0 − D(x)) f(x)] = 0 for
  // every f (orthogonality); we test f = 1, x₁, x₂, x₁², x₂², x₁x₂ and indicators of four
  // quadrant bins — including nonlinear f, so a merely best-linear D would not pass by construction.
  const d = 2;
  const mu = Float64Array.from([1.5, -0.5]);
  const lambda = Float64Array.from([2, 0.3]);
  const O = haarOrthogonal(2, new Random(4));
  const basis = O; // columns are the eigenvectors (row-major d × r)
  const model = populationGaussianModel({ eigenvalues: lambda, mean: mu, basis });
  const M = 200_000;
  const features = (x1: number, x2: number) => [1, x1, x2, x1 * x1, x2 * x2, x1 * x2, x1 > mu[0] && x2 > mu[1] ? 1 : 0, x1 > mu[0] && x2 <= mu[1] ? 1 : 0, x1 <= mu[0] && x2 > mu[1] ? 1 : 0];
  function orthogonality(D: Denoiser, sigma: number, seed: number): { mean: number; stderr: number }[] {
    const rng = new Random(seed);
    const x0 = new Float64Array(M * d);
    const g = new Float64Array(2);
    for (let k = 0; k < M; k++) {
      rng.fillNormal(g);
      for (let i = 0; i < d; i++) {
        let s = mu[i];
        for (let j = 0; j < d; j++) s += O[i * d + j] * Math.sqrt(lambda[j]) * g[j];
        x0[k * d + i] = s;
      }
    }
    const x = new Float64Array(M * d);
    for (let k = 0; k < M * d; k++) x[k] = x0[k] + sigma * rng.normal();
    const out = D(x, sigma);
    const nf = features(0, 0).length;
    const stats: { mean: number; stderr: number }[] = [];
    for (let f = 0; f < nf; f++) {
      for (let i = 0; i < d; i++) {
        const v = new Float64Array(M);
        for (let k = 0; k < M; k++) v[k] = (x0[k * d + i] - out[k * d + i]) * features(x[k * d], x[k * d + 1])[f];
        stats.push(meanStderr(v));
      }
    }
    return stats;
  }

  for (const sigma of [0.3, 1, 3]) {
    it(`σ = ${sigma}: residuals orthogonal to linear, quadratic and bin features`, () => {
      for (const s of orthogonality(gaussianDenoiser(model), sigma, Math.round(10 + 10 * sigma))) expect(Math.abs(s.mean)).toBeLessThan(4 * s.stderr);
    });
  }

  it('negative control: the denoiser of the wrong noise level fails the same test', () => {
    const D = gaussianDenoiser(model);
    const wrong: Denoiser = (b, s) => D(b, 1.5 * s);
    const stats = orthogonality(wrong, 1, 99);
    expect(stats.some((s) => Math.abs(s.mean) > 10 * s.stderr)).toBe(true);
  });
});

describe('D_N: the empirical Gaussian denoiser from one eigendecomposition', () => {
  function oracle(X: Float64Array, N: number, d: number, x: Float64Array, sigma: number, known?: Float64Array): number[] {
    const mu = new Array(d).fill(0);
    if (known) for (let i = 0; i < d; i++) mu[i] = known[i];
    else for (let k = 0; k < N; k++) for (let i = 0; i < d; i++) mu[i] += X[k * d + i] / N;
    const S = new Matrix(d, d);
    for (let k = 0; k < N; k++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) S.set(i, j, S.get(i, j) + ((X[k * d + i] - mu[i]) * (X[k * d + j] - mu[j])) / N);
    const A = S.mmul(inverse(S.clone().add(Matrix.eye(d).mul(sigma * sigma))));
    const y = A.mmul(Matrix.columnVector(Array.from(x, (v, i) => v - mu[i]))).to1DArray();
    return y.map((v, i) => v + mu[i]);
  }

  for (const [N, d] of [[5, 12], [11, 12], [12, 12], [40, 12]] as const) {
    it(`N = ${N}, d = ${d} (${N < d ? 'Gram' : 'covariance'} route) equals μ̂ + Σ̂(Σ̂ + σ²)⁻¹(x − μ̂) (ml-matrix)`, () => {
      const X = randomData(N, d, N, 3);
      const model = fitEmpiricalGaussian({ samples: X, N, d });
      expect(model.rank).toBe(Math.min(N - 1, d));
      const D = gaussianDenoiser(model);
      const x = randomData(2, d, 77, 3);
      for (const sigma of [0.05, 1, 20]) {
        const out = D(x, sigma);
        for (let k = 0; k < 2; k++) {
          const ref = oracle(X, N, d, x.subarray(k * d, k * d + d), sigma);
          for (let i = 0; i < d; i++) expect(Math.abs(out[k * d + i] - ref[i])).toBeLessThan(1e-9 * (1 + Math.abs(ref[i])));
        }
      }
    });
  }

  it('known-mean mode uses the given mean and Σ̂ about it', () => {
    const d = 7;
    const N = 4;
    const X = randomData(N, d, 2);
    const known = Float64Array.from({ length: d }, (_, i) => 0.1 * i);
    const model = fitEmpiricalGaussian({ samples: X, N, d, mean: 'known', knownMean: known });
    expect(model.rank).toBe(N);
    const x = randomData(1, d, 5);
    const out = gaussianDenoiser(model)(x, 0.7);
    const ref = oracle(X, N, d, x, 0.7, known);
    for (let i = 0; i < d; i++) expect(Math.abs(out[i] - ref[i])).toBeLessThan(1e-10);
  });

  it('the population model with and without an explicit identity basis agree', () => {
    const lam = Float64Array.from([3, 1, 0.2]);
    const mean = Float64Array.from([1, 2, 3]);
    const eye = Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const x = Float64Array.from([0.5, -1, 4, 2, 2, 2]);
    const a = gaussianDenoiser(populationGaussianModel({ eigenvalues: lam, mean }))(x, 0.8);
    const b = gaussianDenoiser(populationGaussianModel({ eigenvalues: lam, mean, basis: eye }))(x, 0.8);
    for (let i = 0; i < 6; i++) expect(a[i]).toBeCloseTo(b[i], 14);
    // and the expected-trained denoiser at N → ∞ is D_G (κ → σ²)
    const e = expectedTrainedDenoiser(populationGaussianModel({ eigenvalues: lam, mean }), 1e9)(x, 0.8);
    for (let i = 0; i < 6; i++) expect(e[i]).toBeCloseTo(a[i], 7);
  });
});

describe('D_M, the memorising denoiser', () => {
  const d = 10;
  const N = 60;
  const X = randomData(N, d, 8, 1e4); // a large offset: cancellation would show here

  test.prop([fc.double({ min: -6, max: 6, noNaN: true }), fc.integer({ min: 0, max: 59 })], { numRuns: 60 })(
    'equals the direct-difference reference at every σ (1e-6 … 1e6), offset data',
    (logSigma, k) => {
      const sigma = 10 ** logSigma;
      const rng = new Random(k);
      const x = new Float64Array(d);
      for (let i = 0; i < d; i++) x[i] = X[k * d + i] + sigma * rng.normal();
      const a = memorisingDenoiser(X, N, d)(x, sigma);
      const b = memorisingDenoiserReference(X, N, d, x, sigma);
      for (let i = 0; i < d; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-10 * 1e4);
    },
  );

  it('σ → 0: returns the nearest training point exactly (also for a noised training point at σ = 1e-9)', () => {
    const D = memorisingDenoiser(X, N, d);
    const rng = new Random(1);
    for (let k = 0; k < N; k += 7) {
      const x = new Float64Array(d);
      for (let i = 0; i < d; i++) x[i] = X[k * d + i] + 1e-9 * rng.normal();
      const out = D(x, 1e-9);
      for (let i = 0; i < d; i++) expect(out[i]).toBe(X[k * d + i]);
    }
    // Any input, small σ: the nearest training point (by direct distances).
    const x = randomData(1, d, 31, 1e4);
    let best = 0;
    let bestD = Infinity;
    for (let k = 0; k < N; k++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += (x[i] - X[k * d + i]) ** 2;
      if (s < bestD) [best, bestD] = [k, s];
    }
    const out = D(x, 1e-3);
    for (let i = 0; i < d; i++) expect(out[i]).toBeCloseTo(X[best * d + i], 9);
    expect(new MemorisingModel(X, N, d).nearestWeight(x, 1e-3)[0]).toBeCloseTo(1, 12);
  });

  it('σ → ∞: D_M → μ̂ and (D_M − μ̂) → (D_N − μ̂) with relative error O(1/σ)', () => {
    const Xc = randomData(N, d, 9, 2);
    const DM = memorisingDenoiser(Xc, N, d);
    const model = fitEmpiricalGaussian({ samples: Xc, N, d });
    const DN = gaussianDenoiser(model);
    const errs: number[] = [];
    for (const sigma of [1e2, 1e3, 1e4]) {
      const rng = new Random(3);
      const x = new Float64Array(8 * d);
      for (let k = 0; k < 8; k++) for (let i = 0; i < d; i++) x[k * d + i] = Xc[k * d + i] + sigma * rng.normal();
      const a = DM(x, sigma);
      const b = DN(x, sigma);
      let num = 0;
      let den = 0;
      for (let k = 0; k < 8 * d; k++) {
        num += (a[k] - b[k]) ** 2;
        den += (b[k] - model.mean[k % d]) ** 2;
      }
      errs.push(Math.sqrt(num / den));
    }
    expect(errs[0]).toBeLessThan(0.1);
    expect(errs[1]).toBeLessThan(errs[0] / 5);
    expect(errs[2]).toBeLessThan(errs[1] / 5);
  });

  it('outputs are finite at extreme σ and for far-away inputs', () => {
    const D = memorisingDenoiser(X, N, d);
    const far = new Float64Array(d).fill(-1e8);
    for (const sigma of [1e-150, 1e-8, 1, 1e150]) for (const v of D(far, sigma)) expect(Number.isFinite(v)).toBe(true);
  });
});

describe('batch and argument checks', () => {
  const model = populationGaussianModel({ eigenvalues: Float64Array.from([1, 2]) });
  const cases: [() => unknown, RegExp][] = [
    [() => gaussianDenoiser(model)(new Float64Array(3), 1), /batch = "length 3"/],
    [() => gaussianDenoiser(model)(new Float64Array(2), 0), /sigma = 0/],
    [() => gaussianDenoiser(model)(new Float64Array(2), -1), /sigma = -1/],
    [() => populationGaussianModel({ eigenvalues: Float64Array.from([1, 0]) }), /eigenvalues\[1\] = 0/],
    [() => fitEmpiricalGaussian({ samples: new Float64Array(4), N: 1, d: 4 }), /N = 1/],
    [() => fitEmpiricalGaussian({ samples: Float64Array.from([1, Number.NaN, 0, 0]), N: 2, d: 2 }), /samples\[1\] = NaN/],
    [() => memorisingDenoiser(new Float64Array(6), 3, 2)(new Float64Array(2), Number.POSITIVE_INFINITY), /sigma = Infinity/],
    [() => memorisingDenoiser(new Float64Array(6), 4, 2), /samples/],
  ];
  for (const [f, re] of cases) {
    it(String(re), () => {
      expect(f).toThrow(InvalidArgumentError);
      expect(f).toThrow(re);
    });
  }
});
