import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import {
  fitEmpiricalGaussian,
  gaussianDenoiser,
  gaussianPopulation,
  gaussianSource,
  linearityScore,
  memorisingDenoiser,
  populationGaussianModel,
  scoreFieldDistance,
  TrainedDenoiserDistance,
  type Denoiser,
} from '../../src/index.js';
import { Random } from '../../src/random/random.js';
import { powerLawSpectrum } from '../../src/spectra/index.js';

const d = 12;
const lam = Float64Array.from({ length: d }, (_, i) => 3 / (1 + i));
const mu = Float64Array.from({ length: d }, (_, i) => 5 - i);
const source = gaussianSource({ eigenvalues: lam, mean: mu });
const sigmas = [0.01, 0.1, 1, 10, 100];

describe('linearity score (seed 002, α = β = 1/√2)', () => {
  it('is 1 to 1e-12 for linear denoisers: D_G with μ = 0 and a random dense linear map', () => {
    const DG = gaussianDenoiser(populationGaussianModel({ eigenvalues: lam }));
    const rng = new Random(4);
    const A = new Float64Array(d * d);
    rng.fillNormal(A);
    const dense: Denoiser = (b) => {
      const out = new Float64Array(b.length);
      for (let k = 0; k < b.length / d; k++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out[k * d + i] += A[i * d + j] * b[k * d + j];
      return out;
    };
    for (const D of [DG, dense]) {
      for (const row of linearityScore({ denoiser: D, source: gaussianSource({ eigenvalues: lam }), sigmas, pairs: 16, rng: 1 })) {
        expect(Math.abs(row.mean - 1)).toBeLessThan(1e-12);
        expect(row.stderr).toBeLessThan(1e-12);
      }
    }
  });

  it('affine denoisers: 1 when centred at their fixed point (D_G at μ, D_N at μ̂); below 1 uncentred', () => {
    const DG = gaussianDenoiser(populationGaussianModel({ eigenvalues: lam, mean: mu }));
    for (const row of linearityScore({ denoiser: DG, source, sigmas, pairs: 16, rng: 2, centre: mu })) expect(Math.abs(row.mean - 1)).toBeLessThan(1e-12);
    const X = source.sample(30, new Random(5));
    const model = fitEmpiricalGaussian({ samples: X, N: 30, d });
    for (const row of linearityScore({ denoiser: gaussianDenoiser(model), source, sigmas, pairs: 16, rng: 3, centre: model.mean })) expect(Math.abs(row.mean - 1)).toBeLessThan(1e-12);
    // Uncentred (the seed's literal definition): the bias b = (I − A)μ is counted √2 times on one
    // side and once on the other, so the score drops where the bias matters (intermediate σ).
    const plain = linearityScore({ denoiser: DG, source, sigmas: [1], pairs: 16, rng: 2 });
    expect(plain[0].mean).toBeLessThan(0.999);
  });

  it('D_M is nonlinear at small σ (score < 1) and nearly linear at large σ', () => {
    const X = source.sample(20, new Random(6));
    const DM = memorisingDenoiser(X, 20, d);
    const rows = linearityScore({ denoiser: DM, source, sigmas: [0.05, 0.3, 1000], pairs: 40, rng: 7, centre: mu });
    expect(rows[0].mean).toBeLessThan(0.9);
    expect(rows[0].mean + 4 * rows[0].stderr).toBeLessThan(1);
    expect(rows[1].mean).toBeLessThan(0.95);
    expect(rows[2].mean).toBeGreaterThan(0.999);
  });

  it('reproducible from the seed; common random numbers across σ', () => {
    const X = source.sample(20, new Random(6));
    const DM = memorisingDenoiser(X, 20, d);
    const a = linearityScore({ denoiser: DM, source, sigmas: [0.1, 1], pairs: 10, rng: 9, centre: mu });
    const b = linearityScore({ denoiser: DM, source, sigmas: [1], pairs: 10, rng: 9, centre: mu });
    expect(b[0]).toEqual(a[1]);
  });
});

describe('score-field distance between two denoisers', () => {
  it('is 0 between a denoiser and itself; score error = denoiser error / σ⁴', () => {
    const DG = gaussianDenoiser(populationGaussianModel({ eigenvalues: lam, mean: mu }));
    for (const row of scoreFieldDistance({ first: DG, second: DG, source, sigmas, count: 5, rng: 1 })) {
      expect(row.denoiser).toMatchObject({ mean: 0, stderr: 0 });
      expect(row.score).toMatchObject({ mean: 0, stderr: 0 });
    }
    const half: Denoiser = (b, s) => DG(b, s).map((v) => 0.5 * v);
    for (const row of scoreFieldDistance({ first: DG, second: half, source, sigmas, count: 5, rng: 1 })) {
      const s4 = row.sigma ** 4;
      expect(row.score.mean * s4).toBeCloseTo(row.denoiser.mean, 8);
    }
  });

  it('sampled D_N vs D_G agrees with the exact per-training-set expectation (trainedDenoiserDistance)', () => {
    const spectrum = powerLawSpectrum({ d: 16, k: 1 });
    const pop = gaussianPopulation(spectrum);
    const N = 12;
    const draw = pop.training(N, new Random(11));
    const model = fitEmpiricalGaussian({ samples: draw.samples, N, d: 16 });
    const exact = new TrainedDenoiserDistance(pop.eigenvalues, model);
    const DG = gaussianDenoiser(populationGaussianModel({ eigenvalues: pop.eigenvalues }));
    const rows = scoreFieldDistance({ first: gaussianDenoiser(model), second: DG, source: pop.testSource(draw), sigmas: [0.1, 1, 10], count: 20000, rng: 12 });
    for (const row of rows) {
      const e = exact.at(row.sigma).distance;
      expect(Math.abs(row.denoiser.mean - e), `σ=${row.sigma}: ${row.denoiser.mean} ± ${row.denoiser.stderr} vs ${e}`).toBeLessThan(4 * row.denoiser.stderr);
    }
  });

  it('rejects non-functions and wrong output shapes, naming them', () => {
    const DG = gaussianDenoiser(populationGaussianModel({ eigenvalues: lam }));
    const bad: Denoiser = () => new Float64Array(1);
    expect(() => scoreFieldDistance({ first: DG, second: bad, source, sigmas: [1], count: 2 })).toThrow(/second output = "length 1"/);
    expect(() => scoreFieldDistance({ first: 3 as unknown as Denoiser, second: DG, source, sigmas: [1], count: 2 })).toThrow(InvalidArgumentError);
    expect(() => linearityScore({ denoiser: DG, source, sigmas: [0], pairs: 2 })).toThrow(/sigmas\[0\] = 0/);
    expect(() => linearityScore({ denoiser: DG, source, sigmas: [1], pairs: 0 })).toThrow(/pairs = 0/);
    const nan: Denoiser = (b) => b.map(() => Number.NaN);
    expect(() => linearityScore({ denoiser: nan, source, sigmas: [1], pairs: 2 })).toThrow(/denoiser output\[0\] = NaN/);
  });
});
