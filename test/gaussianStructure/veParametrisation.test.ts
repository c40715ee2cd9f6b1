import { fc, test } from '@fast-check/vitest';
import { Matrix, inverse } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import {
  alphaBarFromSigma,
  ddpmFromVe,
  denoisedFromEpsilon,
  denoiserDistanceTheory,
  denoiserErrorFromEpsilonError,
  epsilonFromDenoised,
  fitEmpiricalGaussian,
  gaussianDenoiser,
  gaussianPopulation,
  noiseLevelFromSigma,
  oneMinusAlphaBarFromSigma,
  ouTimeFromSigma,
  scoreFromDenoised,
  sigmaFromAlphaBar,
  sigmaFromOuTime,
  TrainedDenoiserDistance,
  veFromDdpm,
} from '../../src/index.js';
import { EmpiricalDraw } from '../../src/montecarlo/empiricalDraw.js';
import { Random } from '../../src/random/random.js';
import { predictLosses } from '../../src/predictions/losses/predictLosses.js';
import { noiseLevel } from '../../src/predictions/model/noiseLevel.js';
import { powerLawSpectrum, twoPointSpectrum } from '../../src/spectra/index.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);

describe('σ ↔ ᾱ ↔ OU time', () => {
  test.prop([fc.double({ min: -6, max: 6, noNaN: true })])('σ → ᾱ → σ round trip; ζ = σ² exactly', (logSigma) => {
    const sigma = 10 ** logSigma;
    const ab = alphaBarFromSigma(sigma);
    if (ab < 1) expect(rel(sigmaFromAlphaBar(ab), sigma)).toBeLessThan(1e-9 / Math.min(1, sigma * sigma));
    expect(noiseLevelFromSigma(sigma).zeta).toBe(sigma * sigma);
    expect(rel(oneMinusAlphaBarFromSigma(sigma), (sigma * sigma) / (1 + sigma * sigma))).toBeLessThan(1e-15);
    expect(rel(sigmaFromOuTime(ouTimeFromSigma(sigma)), sigma)).toBeLessThan(1e-13);
  });

  test.prop([fc.double({ min: 0.001, max: 0.999, noNaN: true })])('ᾱ → σ → ᾱ; the DDPM level has ζ = σ²', (ab) => {
    const sigma = sigmaFromAlphaBar(ab);
    expect(rel(alphaBarFromSigma(sigma), ab)).toBeLessThan(1e-14);
    expect(rel(noiseLevel(ab).zeta, sigma * sigma)).toBeLessThan(1e-14);
  });

  it('OU process: ᾱ = e^{−2t} ⇔ σ² = e^{2t} − 1, accurate at small t', () => {
    for (const t of [1e-12, 1e-6, 0.01, 0.5, 3]) {
      const s = sigmaFromOuTime(t);
      expect(rel(alphaBarFromSigma(s), Math.exp(-2 * t))).toBeLessThan(1e-13);
      expect(rel(s * s, Math.expm1(2 * t))).toBeLessThan(1e-15);
    }
    expect(rel(sigmaFromOuTime(1e-12), Math.sqrt(2e-12))).toBeLessThan(1e-11);
  });
});

describe('x_σ = x_t/√ᾱ and the ε ↔ D ↔ score dictionary', () => {
  test.prop([fc.double({ min: -3, max: 2, noNaN: true }), fc.integer({ min: 0, max: 1e6 })])('round trips and Tweedie', (logSigma, seed) => {
    const sigma = 10 ** logSigma;
    const rng = new Random(seed);
    const x = new Float64Array(12);
    const D = new Float64Array(12);
    rng.fillNormal(x);
    rng.fillNormal(D);
    const ab = alphaBarFromSigma(sigma);
    const xt = ddpmFromVe(x, sigma);
    if (ab < 1) {
      const back = veFromDdpm(xt, ab);
      for (let i = 0; i < 12; i++) expect(Math.abs(back[i] - x[i])).toBeLessThan(1e-12 * (1 + Math.abs(x[i])));
    }
    const eps = epsilonFromDenoised(x, D, sigma);
    const D2 = denoisedFromEpsilon(x, eps, sigma);
    const score = scoreFromDenoised(x, D, sigma);
    for (let i = 0; i < 12; i++) {
      expect(Math.abs(D2[i] - D[i])).toBeLessThan(1e-12 * (1 + Math.abs(x[i]) + Math.abs(D[i])));
      // score = −ε/σ
      expect(rel(score[i], -eps[i] / sigma)).toBeLessThan(1e-12);
    }
  });

  it('the DDPM linear ε-predictor of THEORY.md §5 is the VE denoiser D_N: ε = (x_σ − D_N(x_σ))/σ', () => {
    const d = 6;
    const N = 9;
    const rng = new Random(3);
    const X = new Float64Array(N * d);
    rng.fillNormal(X);
    for (let i = 0; i < X.length; i++) X[i] = 2 + 0.7 * X[i] * (1 + (i % d));
    const model = fitEmpiricalGaussian({ samples: X, N, d });
    // Σ̂, μ̂ the ML estimates, W = s(a²Σ̂ + s²)⁻¹, b = −aWμ̂ (ml-matrix oracle).
    const mu = new Array(d).fill(0);
    for (let k = 0; k < N; k++) for (let i = 0; i < d; i++) mu[i] += X[k * d + i] / N;
    const S = new Matrix(d, d);
    for (let k = 0; k < N; k++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) S.set(i, j, S.get(i, j) + ((X[k * d + i] - mu[i]) * (X[k * d + j] - mu[j])) / N);
    for (const ab of [0.9, 0.5, 0.05]) {
      const a = Math.sqrt(ab);
      const s = Math.sqrt(1 - ab);
      const W = inverse(S.clone().mul(a * a).add(Matrix.eye(d).mul(s * s))).mul(s);
      const b = W.mmul(Matrix.columnVector(mu)).mul(-a);
      const xt = new Float64Array(d);
      rng.fillNormal(xt);
      const eps = W.mmul(Matrix.columnVector(Array.from(xt))).add(b).to1DArray();
      const sigma = sigmaFromAlphaBar(ab);
      const xs = veFromDdpm(xt, ab);
      const viaD = epsilonFromDenoised(xs, gaussianDenoiser(model)(xs, sigma), sigma);
      for (let i = 0; i < d; i++) expect(Math.abs(viaD[i] - eps[i])).toBeLessThan(1e-10 * (1 + Math.abs(eps[i])));
    }
  });
});

describe('E‖D_N − D_G‖² = σ² × the ε-alignment of THEORY.md §5', () => {
  test.prop([fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.integer({ min: 3, max: 300 }), fc.constantFrom('estimated', 'known') as fc.Arbitrary<'estimated' | 'known'>])(
    'theory: denoiserDistanceTheory = σ²·predictLosses(...).alignment (c = 0)',
    (ab, N, mean) => {
      const spectrum = twoPointSpectrum({ d: 40, a: 1, b: 6, p: 0.25 });
      const sigma = sigmaFromAlphaBar(ab);
      const t = denoiserDistanceTheory({ spectrum, N, sigma, mean });
      // Both finite-size orders: the d → ∞ values, and the first-order ones (σ² × the alignment's
      // correction, docs/theory.md §6.9) wherever both apply it.
      const p = predictLosses({ spectrum, N, abar: ab, mean });
      expect(rel(t.asymptotic.distance, sigma * sigma * p.asymptotic.alignment)).toBeLessThan(1e-11);
      if (!(t.finiteSize.applied && p.finiteSize.applied)) return;
      expect(rel(t.distance, sigma * sigma * p.alignment)).toBeLessThan(1e-11);
      expect(rel(t.epsilonAlignment, p.alignment)).toBeLessThan(1e-11);
      expect(rel(denoiserErrorFromEpsilonError(p.alignment, sigma), t.distance)).toBeLessThan(1e-11);
    },
  );

  it('per draw: the exact test-input expectation = σ² × EmpiricalDraw alignment (independent code)', () => {
    const spectrum = powerLawSpectrum({ d: 24, k: 1 });
    const pop = gaussianPopulation(spectrum);
    for (const [N, mean] of [[10, 'estimated'], [40, 'estimated'], [15, 'known'], [60, 'known']] as const) {
      const draw = pop.training(N, new Random(N));
      const model = fitEmpiricalGaussian({ samples: draw.samples, N, d: 24, mean });
      const exact = new TrainedDenoiserDistance(pop.eigenvalues, model);
      const ed = new EmpiricalDraw({ eigenvalues: pop.eigenvalues, samples: draw.samples, N, mean });
      for (const sigma of [0.2, 1, 4]) {
        const a = ed.losses(noiseLevelFromSigma(sigma)).alignment * sigma * sigma;
        const b = exact.at(sigma, true);
        expect(rel(b.distance, a), `N=${N} ${mean} σ=${sigma}`).toBeLessThan(1e-9);
        expect(rel(b.perMode!.reduce((s, v) => s + v, 0), b.distance)).toBeLessThan(1e-10);
      }
    }
  });
});

describe('invalid input names the value', () => {
  const cases: [() => unknown, RegExp][] = [
    [() => sigmaFromAlphaBar(1), /abar = 1/],
    [() => alphaBarFromSigma(0), /sigma = 0/],
    [() => alphaBarFromSigma(1e200), /sigma = 1e\+200/],
    [() => sigmaFromOuTime(-1), /t = -1/],
    [() => noiseLevelFromSigma(1, -2), /c = -2/],
    [() => epsilonFromDenoised(new Float64Array(3), new Float64Array(2), 1), /denoised/],
    [() => veFromDdpm(new Float64Array(2), Number.NaN), /abar = NaN/],
  ];
  for (const [f, re] of cases) {
    it(String(re), () => {
      expect(f).toThrow(InvalidArgumentError);
      expect(f).toThrow(re);
    });
  }
});
