import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import {
  annealedCollapseNoise,
  fitEmpiricalGaussian,
  gaussianDenoiser,
  gaussianPopulation,
  geometricSigmas,
  initialNoise,
  MemorisationProbe,
  MemorisingModel,
  memorisingDenoiser,
  mixingNoiseLevel,
  mixingTime,
  noised,
  populationGaussianModel,
  probabilityFlowSample,
  sigmaFromOuTime,
  type Denoiser,
} from '../../src/index.js';
import { Random } from '../../src/random/random.js';
import { isotropicSpectrum, powerLawSpectrum, spectrumTraces } from '../../src/spectra/index.js';

const d = 8;
const lam = Float64Array.from({ length: d }, (_, i) => 2 / (1 + i));
const DG = gaussianDenoiser(populationGaussianModel({ eigenvalues: lam }));

function exactGaussianFlow(x: Float64Array, s0: number, s1: number): Float64Array {
  // y(σ) ∝ √(λ + σ²) per eigen-coordinate (μ = 0, axis-aligned Σ).
  return x.map((v, k) => v * Math.sqrt((lam[k % d] + s1 * s1) / (lam[k % d] + s0 * s0)));
}

describe('probability-flow ODE sampler', () => {
  const normals = new Float64Array(5 * d);
  new Random(1).fillNormal(normals);
  const x0 = initialNoise(normals, 80);

  it('geometric grid: endpoints exact, constant ratio', () => {
    const s = geometricSigmas(80, 0.002, 9);
    expect(s[0]).toBe(80);
    expect(s[8]).toBe(0.002);
    for (let i = 1; i < 8; i++) expect(s[i + 1] / s[i]).toBeCloseTo(s[1] / s[0], 12);
    expect(() => geometricSigmas(1, 2, 5)).toThrow(/max = 1/);
  });

  it('through D_G it follows the exact linear flow: Euler first order, Heun second order', () => {
    const err = (method: 'euler' | 'heun', steps: number) => {
      const sigmas = geometricSigmas(80, 0.01, steps);
      const r = probabilityFlowSample({ denoiser: DG, initial: x0, d, sigmas, method, finalDenoise: false });
      const exact = exactGaussianFlow(x0, 80, 0.01);
      let m = 0;
      for (let i = 0; i < exact.length; i++) m = Math.max(m, Math.abs(r.state[i] - exact[i]));
      return m;
    };
    const e1 = err('euler', 100);
    const e2 = err('euler', 199);
    expect(e1 / e2).toBeGreaterThan(1.8);
    expect(e1 / e2).toBeLessThan(2.2);
    const h1 = err('heun', 50);
    const h2 = err('heun', 99);
    expect(h1 / h2).toBeGreaterThan(3.5);
    expect(h1 / h2).toBeLessThan(4.5);
    expect(h2).toBeLessThan(1e-2); // samples are O(1): √λ ≤ 1.4
  });

  it('records the trajectory and the denoiser outputs; counts evaluations', () => {
    const sigmas = geometricSigmas(80, 0.01, 6);
    const r = probabilityFlowSample({ denoiser: DG, initial: x0, d, sigmas, trajectory: true });
    expect(r.states).toHaveLength(6);
    expect(r.denoised).toHaveLength(6);
    expect(r.evaluations).toBe(1 + 2 * 5);
    expect(r.samples).toEqual(r.denoised![5]);
    expect(Array.from(r.states![0])).toEqual(Array.from(x0));
  });

  it('same initial noise: D_N (large N) ≈ D_G, D_M (small N) returns training points', () => {
    const pop = gaussianPopulation(powerLawSpectrum({ d, k: 1 }));
    const rng = new Random(2);
    const big = pop.training(20000, rng).samples;
    const small = pop.training(12, rng).samples;
    const dG = gaussianDenoiser(populationGaussianModel({ eigenvalues: pop.eigenvalues }));
    const dN = gaussianDenoiser(fitEmpiricalGaussian({ samples: big, N: 20000, d }));
    const dM = memorisingDenoiser(small, 12, d);
    const sigmas = geometricSigmas(80, 0.002, 40);
    const run = (D: Denoiser) => probabilityFlowSample({ denoiser: D, initial: x0, d, sigmas }).samples;
    const [g, n, m] = [run(dG), run(dN), run(dM)];
    const dist = (a: Float64Array, b: Float64Array, k: number) => Math.hypot(...Array.from({ length: d }, (_, i) => a[k * d + i] - b[k * d + i]));
    const nearestTraining = (a: Float64Array, k: number) => Math.min(...Array.from({ length: 12 }, (_, j) => Math.hypot(...Array.from({ length: d }, (_, i) => a[k * d + i] - small[j * d + i]))));
    for (let k = 0; k < 5; k++) {
      const norm = Math.hypot(...Array.from({ length: d }, (_, i) => g[k * d + i]));
      expect(dist(g, n, k) / norm).toBeLessThan(0.05);
      expect(nearestTraining(m, k)).toBeLessThan(1e-6);
      expect(nearestTraining(g, k)).toBeGreaterThan(0.05);
    }
  });

  it('rejects a non-decreasing grid and bad initial batches, naming them', () => {
    expect(() => probabilityFlowSample({ denoiser: DG, initial: x0, d, sigmas: [1, 2] })).toThrow(/sigmas\[1\] = 2/);
    expect(() => probabilityFlowSample({ denoiser: DG, initial: new Float64Array(3), d, sigmas: [2, 1] })).toThrow(/initial = "length 3"/);
    expect(() => probabilityFlowSample({ denoiser: DG, initial: x0, d, sigmas: [2, 1], method: 'rk4' as 'heun' })).toThrow(InvalidArgumentError);
  });
});

describe('mixing time (seed 000) and the collapse of D_M', () => {
  it('t_M ↔ σ_M through σ² = e^{2t} − 1; the annealed root equals σ_M for isotropic data', () => {
    for (const [N, dd, v] of [[10, 8, 1], [1000, 16, 1], [1e4, 64, 2.5], [1e6, 784, 0.07]] as const) {
      const tM = mixingTime({ N, d: dd, variance: v });
      const sM = mixingNoiseLevel({ N, d: dd, variance: v });
      expect(sigmaFromOuTime(tM) / sM).toBeCloseTo(1, 12);
      expect(annealedCollapseNoise({ spectrum: isotropicSpectrum({ d: dd, variance: v }), N }) / sM).toBeCloseTo(1, 11);
    }
    // anisotropic: between the isotropic levels of λ_min and λ_max
    const s = powerLawSpectrum({ d: 30, k: 1 });
    const a = annealedCollapseNoise({ spectrum: s, N: 500 });
    expect(a).toBeGreaterThan(mixingNoiseLevel({ N: 500, d: 30, variance: s.eigenvalues[s.eigenvalues.length - 1] }));
    expect(a).toBeLessThan(mixingNoiseLevel({ N: 500, d: 30, variance: s.eigenvalues[0] }));
    expect(spectrumTraces(s).trace).toBeCloseTo(30, 10);
    expect(() => mixingTime({ N: 1, d: 3 })).toThrow(/N = 1/);
  });

  it('isotropic d = 16, N = 1000: the source-weight median crosses 1/2 within 15% of σ_M', () => {
    const dd = 16;
    const N = 1000;
    const M = 200;
    const pop = gaussianPopulation(isotropicSpectrum({ d: dd }));
    const rng = new Random(11);
    const tr = pop.training(N, rng).samples;
    const noise = new Float64Array(M * dd);
    rng.fillNormal(noise);
    const probe = new MemorisationProbe({ training: tr, N, d: dd, anchors: tr.slice(0, M * dd), noise, M, sourceIndex: Array.from({ length: M }, (_, i) => i) });
    const sM = mixingNoiseLevel({ N, d: dd });
    const { sigma, bracketed } = probe.collapseLevel({ statistic: 'source', lo: 1e-3, hi: 1e3 });
    expect(bracketed).toBe(true);
    expect(Math.abs(sigma / sM - 1)).toBeLessThan(0.15);
    expect(probe.median(sigma / 3, 'source')).toBeGreaterThan(0.9);
    expect(probe.median(sigma * 3, 'source')).toBeLessThan(0.1);
    // The probe's nearest weight is D_M's: same inputs x = x_0 + σn through MemorisingModel.
    const x = noised(tr.slice(0, 5 * dd), noise.slice(0, 5 * dd), 0.7);
    const a = new MemorisingModel(tr, N, dd).nearestWeight(x, 0.7);
    const b = probe.weights(0.7).nearest;
    for (let m = 0; m < 5; m++) expect(a[m]).toBeCloseTo(b[m], 10);
  });

  it('weights are valid probabilities at extreme σ', () => {
    const rng = new Random(3);
    const tr = new Float64Array(20 * 4);
    rng.fillNormal(tr);
    const noise = new Float64Array(3 * 4);
    rng.fillNormal(noise);
    const probe = new MemorisationProbe({ training: tr, N: 20, d: 4, anchors: tr.slice(0, 12), noise, M: 3, sourceIndex: [0, 1, 2] });
    for (const s of [1e-150, 1e-5, 1, 1e5, 1e150]) {
      const w = probe.weights(s);
      for (let m = 0; m < 3; m++) {
        expect(w.nearest[m]).toBeGreaterThanOrEqual(1 / 20 - 1e-12);
        expect(w.nearest[m]).toBeLessThanOrEqual(1);
        expect(w.source![m]).toBeLessThanOrEqual(w.nearest[m]);
      }
    }
  });
});
