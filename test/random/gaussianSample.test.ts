import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { sampleCovariance, sampleGaussian } from '../../src/random/gaussianSample.js';
import { haarOrthogonal } from '../../src/random/haar.js';
import { Random } from '../../src/random/random.js';
import { catchError, fromEigen, maxAbsDiff } from '../linalg/helpers.js';

/** Direct (textbook) empirical covariance, for comparison with the blocked kernel. */
function naiveCovariance(x: Float64Array, count: number, d: number, centre: boolean): { cov: number[]; mean: number[] } {
  const mean = new Array<number>(d).fill(0);
  for (let r = 0; r < count; r++) for (let j = 0; j < d; j++) mean[j] += x[r * d + j] / count;
  const cov = new Array<number>(d * d).fill(0);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let r = 0; r < count; r++) {
        const a = x[r * d + i] - (centre ? mean[i] : 0);
        const b = x[r * d + j] - (centre ? mean[j] : 0);
        s += a * b;
      }
      cov[i * d + j] = s / count;
    }
  }
  return { cov, mean };
}

describe('sampleCovariance: exact behaviour', () => {
  it('hand-computed 3 × 2 example', () => {
    const x = new Float64Array([1, 2, 3, 4, 5, 9]);
    const c = sampleCovariance(x, 3, 2, { centre: true });
    expect(Array.from(c.mean)).toEqual([3, 5]);
    // centred rows (−2,−3), (0,−1), (2,4): Σ/3 = [[8, 14], [14, 26]]/3
    expect(maxAbsDiff(c.covariance, [8 / 3, 14 / 3, 14 / 3, 26 / 3])).toBeLessThan(1e-15);
    const u = sampleCovariance(x, 3, 2, { centre: false });
    expect(Array.from(u.mean)).toEqual([3, 5]);
    // XᵀX/3 = [[35, 59], [59, 101]]/3
    expect(maxAbsDiff(u.covariance, [35 / 3, 59 / 3, 59 / 3, 101 / 3])).toBeLessThan(1e-14);
  });

  test.prop(
    [fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 30 }), fc.boolean()],
    { seed: 11, numRuns: 30 },
  )('matches the textbook formula and is exactly symmetric', (seed, d, count, centre) => {
    const x = new Random(seed).fillNormal(new Float64Array(count * d));
    for (let i = 0; i < x.length; i++) x[i] = 3 + 2 * x[i];
    const { covariance, mean } = sampleCovariance(x, count, d, { centre });
    const ref = naiveCovariance(x, count, d, centre);
    expect(maxAbsDiff(mean, ref.mean)).toBeLessThan(1e-13);
    expect(maxAbsDiff(covariance, ref.cov)).toBeLessThan(1e-12);
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) expect(covariance[i * d + j]).toBe(covariance[j * d + i]);
  });

  it('several cache blocks (d = 300 > block size) agree with the textbook formula', () => {
    const d = 300;
    const count = 4;
    const x = new Random(3).fillNormal(new Float64Array(count * d));
    for (const centre of [true, false]) {
      const ref = naiveCovariance(x, count, d, centre);
      expect(maxAbsDiff(sampleCovariance(x, count, d, { centre }).covariance, ref.cov)).toBeLessThan(1e-13);
    }
  });

  it('centring is exact for a large common offset (two-pass algorithm)', () => {
    const x = new Float64Array([1e9 + 1, 1e9 - 1, 1e9 + 1, 1e9 - 1]);
    const c = sampleCovariance(x, 4, 1, { centre: true });
    expect(c.covariance[0]).toBe(1);
  });
});

describe('sampleCovariance: expectation (Wishart), 5 standard errors', () => {
  // Σ with a non-trivial rotation; N samples per estimate, R independent estimates.
  const d = 3;
  const lambda = new Float64Array([4, 1, 0.25]);
  const o = haarOrthogonal(d, new Random(17));
  const sigma = fromEigen(o, lambda, d);
  const N = 5;
  const R = 4000;

  function average(centre: boolean, mean: Float64Array | undefined): Float64Array {
    const rng = Random.forStream(2025, centre ? 1 : 0);
    const acc = new Float64Array(d * d);
    for (let r = 0; r < R; r++) {
      const x = sampleGaussian({ eigenvalues: lambda, rotation: o, mean, count: N, rng });
      const { covariance } = sampleCovariance(x, N, d, { centre });
      for (let k = 0; k < d * d; k++) acc[k] += covariance[k] / R;
    }
    return acc;
  }

  it('centred: E Σ̂ = (N − 1)/N · Σ (mean-invariant)', () => {
    const acc = average(true, new Float64Array([10, -3, 0.5]));
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        // N·Σ̂ ~ Wishart(N − 1, Σ): Var(Σ̂_ij) = (N − 1)(Σ_ij² + Σ_ii Σ_jj)/N²
        const sij = sigma[i * d + j];
        const v = ((N - 1) * (sij * sij + sigma[i * d + i] * sigma[j * d + j])) / (N * N);
        expect(Math.abs(acc[i * d + j] - ((N - 1) / N) * sij)).toBeLessThan(5 * Math.sqrt(v / R));
      }
    }
  });

  it('uncentred, zero mean: E Σ̂ = Σ', () => {
    const acc = average(false, undefined);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        // N·Σ̂ ~ Wishart(N, Σ): Var(Σ̂_ij) = (Σ_ij² + Σ_ii Σ_jj)/N
        const sij = sigma[i * d + j];
        const v = (sij * sij + sigma[i * d + i] * sigma[j * d + j]) / N;
        expect(Math.abs(acc[i * d + j] - sij)).toBeLessThan(5 * Math.sqrt(v / R));
      }
    }
  });
});

describe('sampleGaussian', () => {
  it('large sample: mean ≈ μ and covariance ≈ O·diag(λ)·Oᵀ within 5 standard errors', () => {
    const d = 4;
    const count = 40_000;
    const lambda = new Float64Array([3, 1, 0.5, 0.1]);
    const o = haarOrthogonal(d, new Random(1));
    const mu = new Float64Array([1, -2, 0, 5]);
    const sigma = fromEigen(o, lambda, d);
    const x = sampleGaussian({ eigenvalues: lambda, rotation: o, mean: mu, count, rng: new Random(2) });
    expect(x.length).toBe(count * d);
    const { covariance, mean } = sampleCovariance(x, count, d, { centre: true });
    for (let i = 0; i < d; i++) {
      expect(Math.abs(mean[i] - mu[i])).toBeLessThan(5 * Math.sqrt(sigma[i * d + i] / count));
      for (let j = 0; j < d; j++) {
        const sij = sigma[i * d + j];
        const v = (sij * sij + sigma[i * d + i] * sigma[j * d + j]) / count;
        expect(Math.abs(covariance[i * d + j] - sij)).toBeLessThan(5 * Math.sqrt(v));
      }
    }
  });

  it('without rotation: coordinates are independent N(μ_j, λ_j); zero eigenvalue gives the mean exactly', () => {
    const lambda = new Float64Array([2, 0, 0.5]);
    const mu = new Float64Array([0, 7, -1]);
    const x = sampleGaussian({ eigenvalues: lambda, mean: mu, count: 20_000, rng: new Random(3) });
    for (let r = 0; r < 20_000; r++) expect(x[r * 3 + 1]).toBe(7);
    const { covariance, mean } = sampleCovariance(x, 20_000, 3, { centre: true });
    expect(Math.abs(mean[0])).toBeLessThan(5 * Math.sqrt(2 / 20_000));
    expect(Math.abs(mean[2] + 1)).toBeLessThan(5 * Math.sqrt(0.5 / 20_000));
    expect(Math.abs(covariance[0] - 2)).toBeLessThan(5 * Math.sqrt((2 * 4) / 20_000));
    expect(Math.abs(covariance[8] - 0.5)).toBeLessThan(5 * Math.sqrt((2 * 0.25) / 20_000));
    expect(Math.abs(covariance[2])).toBeLessThan(5 * Math.sqrt(1 / 20_000));
  });

  it('identity rotation = no rotation, and row r uses normals r·d … r·d + d − 1', () => {
    const d = 5;
    const count = 7;
    const lambda = new Float64Array([1, 4, 9, 16, 25]);
    const id = new Float64Array(d * d);
    for (let i = 0; i < d; i++) id[i * d + i] = 1;
    const a = sampleGaussian({ eigenvalues: lambda, rotation: id, count, rng: new Random(9) });
    const b = sampleGaussian({ eigenvalues: lambda, rotation: null, count, rng: new Random(9) });
    expect(Array.from(a)).toEqual(Array.from(b));
    const g = new Random(9).fillNormal(new Float64Array(count * d));
    for (let r = 0; r < count; r++) {
      for (let j = 0; j < d; j++) expect(b[r * d + j]).toBe(g[r * d + j] * Math.sqrt(lambda[j]));
    }
  });

  it('is reproducible from the seed', () => {
    const lambda = new Float64Array([1, 2, 3]);
    const o = haarOrthogonal(3, new Random(4));
    const run = (): number[] => Array.from(sampleGaussian({ eigenvalues: lambda, rotation: o, count: 50, rng: Random.forStream(6, 2) }));
    expect(run()).toEqual(run());
  });

  it('typed errors for invalid arguments', () => {
    const rng = new Random(1);
    const ev = new Float64Array([1, 2]);
    const arg = (fn: () => unknown): string => catchError(fn, InvalidArgumentError).argument;
    expect(arg(() => sampleGaussian({ eigenvalues: new Float64Array(0), count: 1, rng }))).toBe('eigenvalues');
    expect(arg(() => sampleGaussian({ eigenvalues: new Float64Array([1, -1]), count: 1, rng }))).toBe('eigenvalues[1]');
    expect(arg(() => sampleGaussian({ eigenvalues: new Float64Array([NaN]), count: 1, rng }))).toBe('eigenvalues[0]');
    expect(arg(() => sampleGaussian({ eigenvalues: ev, rotation: new Float64Array(3), count: 1, rng }))).toBe('rotation');
    expect(arg(() => sampleGaussian({ eigenvalues: ev, mean: new Float64Array(3), count: 1, rng }))).toBe('mean');
    expect(arg(() => sampleGaussian({ eigenvalues: ev, count: 0, rng }))).toBe('count');
    expect(arg(() => sampleGaussian({ eigenvalues: ev, count: 2.5, rng }))).toBe('count');
    expect(arg(() => sampleGaussian({ eigenvalues: ev, count: 1, rng: Math as unknown as Random }))).toBe('rng');
    expect(arg(() => sampleCovariance(new Float64Array(5), 2, 2, { centre: true }))).toBe('x');
    expect(arg(() => sampleCovariance(new Float64Array(4), 0, 2, { centre: true }))).toBe('count');
    expect(arg(() => sampleCovariance(new Float64Array(4), 2, 2, {} as { centre: boolean }))).toBe('options.centre');
    expect(arg(() => sampleCovariance(new Float64Array([1, NaN]), 1, 2, { centre: false }))).toBe('x[1]');
  });
});

describe('sampleCovariance: the blocked kernel is bit-identical to the rank-1-update kernel it replaced', () => {
  test.prop(
    [fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 90 }), fc.boolean(), fc.boolean()],
    { seed: 12, numRuns: 40 },
  )('random shapes, centred and not, with and without a large mean', async (seed, d, count, centre, offset) => {
    const { sampleCovarianceKernel, sampleCovarianceReferenceKernel } = await import('../../src/random/gaussianSample.js');
    const x = new Random(seed).fillNormal(new Float64Array(count * d));
    for (let i = 0; i < x.length; i++) x[i] = (offset ? 50 : 0) + x[i] * (1 + (i % d));
    const m1 = new Float64Array(d);
    const c1 = new Float64Array(d * d);
    sampleCovarianceKernel(x, count, d, centre, m1, c1, new Float64Array(count * d));
    const m2 = new Float64Array(d);
    const c2 = new Float64Array(d * d);
    sampleCovarianceReferenceKernel(x, count, d, centre, m2, c2, new Float64Array(d));
    expect(Array.from(m1)).toEqual(Array.from(m2));
    expect(Array.from(c1)).toEqual(Array.from(c2));
  });

  it('the Monte Carlo workload shape (d = 256, N = 512) and a d past the old cache block (d = 300)', async () => {
    const { sampleCovarianceKernel, sampleCovarianceReferenceKernel } = await import('../../src/random/gaussianSample.js');
    for (const [d, count] of [[256, 512], [300, 37], [255, 19], [257, 33], [300, 1900]]) { // the last: x through the module in 3 blocks
      const x = new Random(d).fillNormal(new Float64Array(count * d));
      const m1 = new Float64Array(d), c1 = new Float64Array(d * d), m2 = new Float64Array(d), c2 = new Float64Array(d * d);
      sampleCovarianceKernel(x, count, d, true, m1, c1, new Float64Array(count * d));
      sampleCovarianceReferenceKernel(x, count, d, true, m2, c2, new Float64Array(d));
      expect(Array.from(m1)).toEqual(Array.from(m2));
      expect(Array.from(c1)).toEqual(Array.from(c2));
    }
  });
});
