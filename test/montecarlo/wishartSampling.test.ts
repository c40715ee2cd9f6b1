import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { EmpiricalDraw } from '../../src/montecarlo/empiricalDraw.js';
import { monteCarlo, monteCarloDraws, planMonteCarlo } from '../../src/montecarlo/monteCarlo.js';
import { klDivergence } from '../../src/predictions/kl/klDivergence.js';
import { klDivergenceExact } from '../../src/predictions/kl/klDivergenceExact.js';
import { predictLosses } from '../../src/predictions/losses/predictLosses.js';
import { Random } from '../../src/random/random.js';
import { symmetricEigen } from '../../src/linalg/symmetricEigen.js';
import { noiseLevel } from '../../src/predictions/model/noiseLevel.js';
import { sampleCovariance, sampleGaussian } from '../../src/random/gaussianSample.js';
import { meanStderr } from '../../src/statistics/summaryStatistics.js';
import { expandEigenvalues, powerLawSpectrum, twoPointSpectrum } from '../../src/spectra/index.js';
import { catchError } from '../linalg/helpers.js';

/**
 * sampling: 'wishart' draws Σ̂ and μ̂ from their joint law instead of from N data points. It is
 * exact in law, so everything here is held to the Monte Carlo error alone (4 standard errors),
 * except theory vs Monte Carlo, which also gets the finite-size allowance A·|theory|/d of
 * theoryVsMonteCarlo.test.ts (the theory, not the sampler, is approximate at finite d).
 */
const within4 = (a: { mean: number; stderr: number }, exact: number) => Math.abs(a.mean - exact) <= 4 * a.stderr;

describe("sampling: 'wishart' — exact finite-N identities (no allowance)", () => {
  it('E tr Σ̂ = (n/N) tr Σ, E tr ΣΣ̂ = (n/N) tr Σ², E ‖μ̂ − μ‖² = tr Σ/N (0 when known), both mean modes', () => {
    const lam = expandEigenvalues(twoPointSpectrum({ d: 6, a: 1, b: 4, p: 0.5 }));
    const d = 6;
    for (const [mean, N] of [['estimated', 9], ['known', 4]] as const) {
      const n = mean === 'known' ? N : N - 1;
      const draws = Array.from({ length: 4000 }, (_, k) => EmpiricalDraw.sample({ eigenvalues: lam, N, mean, rng: Random.forStream(5, k), sampling: 'wishart' }));
      // tr Σ̂ and tr ΣΣ̂ via the eigen-form: Σ_j λ̂_j and Σ_j λ̂_j c_j.
      const tr = meanStderr(Float64Array.from(draws, (dr) => dr.sampleEigenvalues.reduce((s, x) => s + x, 0)));
      expect(within4(tr, (n / N) * lam.reduce((s, x) => s + x, 0))).toBe(true);
      const trS = meanStderr(Float64Array.from(draws, (dr) => dr.sampleEigenvalues.reduce((s, x, j) => s + x * dr.sigmaWeights[j], 0)));
      // E tr ΣΣ̂ = (n/N) tr Σ²
      expect(within4(trS, (n / N) * lam.reduce((s, x) => s + x * x, 0))).toBe(true);
      // ‖δμ‖² = Σ_j m_j: E = tr Σ / N (estimated), exactly 0 (known)
      const m2 = meanStderr(Float64Array.from(draws, (dr) => dr.meanWeights.reduce((s, x) => s + x, 0)));
      if (mean === 'known') expect(m2.mean).toBe(0);
      else expect(within4(m2, lam.reduce((s, x) => s + x, 0) / N)).toBe(true);
      expect(draws[0].d).toBe(d);
    }
  });

  it('E tr ΣΣ̂⁻¹ = r n d/(n − d − 1), the Wishart inverse moment', () => {
    const lam = expandEigenvalues(powerLawSpectrum({ d: 12, k: 1.5 }));
    const N = 30;
    const n = N - 1;
    const r = N / n;
    const values = Array.from({ length: 4000 }, (_, k) => {
      const draw = EmpiricalDraw.sample({ eigenvalues: lam, N, mean: 'estimated', rng: Random.forStream(9, k), sampling: 'wishart' });
      let t = 0;
      for (let j = 0; j < 12; j++) t += draw.sigmaWeights[j] / draw.sampleEigenvalues[j];
      return t;
    });
    expect(within4(meanStderr(Float64Array.from(values)), (r * n * 12) / (n - 12 - 1))).toBe(true);
  });

  it('E KL at ε = 0 equals the exact Wishart formula, for both mean modes', () => {
    const spectrum = twoPointSpectrum({ d: 10, a: 1, b: 5, p: 0.3 });
    const lam = expandEigenvalues(spectrum);
    for (const mean of ['estimated', 'known'] as const) {
      for (const N of [16, 40]) {
        const values = Float64Array.from({ length: 3000 }, (_, k) => EmpiricalDraw.sample({ eigenvalues: lam, N, mean, rng: Random.forStream(21, k), sampling: 'wishart' }).kl(0));
        const s = meanStderr(values);
        const exact = klDivergenceExact({ spectrum, N, mean });
        expect(within4(s, exact), `${mean} N=${N}: ${s.mean} ± ${s.stderr} vs ${exact}`).toBe(true);
      }
    }
  });

  it("the same law as sampling: 'data' (two-sample test on every measure, N < d and N > d)", () => {
    const spectrum = powerLawSpectrum({ d: 24, k: 1 });
    for (const N of [10, 60]) {
      const opts = { spectrum, N, abar: 0.4, c: 0.3, eps: 0.05, draws: 1500 };
      const a = monteCarlo({ ...opts, seed: 1 });
      const b = monteCarlo({ ...opts, seed: 2, sampling: 'wishart' });
      for (const m of ['trainLoss', 'testLoss', 'gap', 'alignment', 'kl'] as const) {
        expect(Math.abs(a[m]!.mean - b[m]!.mean), `${m} N=${N}`).toBeLessThan(4 * Math.hypot(a[m]!.stderr, b[m]!.stderr));
      }
    }
  });
});

describe("sampling: 'wishart' — theory vs Monte Carlo", () => {
  // Same tolerance as theoryVsMonteCarlo.test.ts: 4 stderr + A|theory|/d, A = 2 (losses), 4 (KL).
  const within = (theory: number, mc: { mean: number; stderr: number }, d: number, A: number) => Math.abs(theory - mc.mean) <= 4 * mc.stderr + (A * Math.abs(theory)) / d;
  for (const cfg of [
    { d: 120, N: 60, abar: 0.3, c: 0, mean: 'estimated' as const, eps: 1e-2 },
    { d: 80, N: 240, abar: 0.7, c: 0.1, mean: 'known' as const, eps: 1e-3 },
    { d: 200, N: 150, abar: 0.5, c: 0.02, mean: 'estimated' as const, eps: 0.1 },
  ]) {
    it(`d = ${cfg.d}, N = ${cfg.N}, ᾱ = ${cfg.abar}, c = ${cfg.c}, ${cfg.mean} mean`, () => {
      const spectrum = powerLawSpectrum({ d: cfg.d, k: 1 });
      const mc = monteCarlo({ spectrum, N: cfg.N, abar: cfg.abar, c: cfg.c, eps: cfg.eps, mean: cfg.mean, draws: 60, seed: 3, sampling: 'wishart' });
      const p = predictLosses({ spectrum, N: cfg.N, abar: cfg.abar, c: cfg.c, mean: cfg.mean });
      const k = klDivergence({ spectrum, N: cfg.N, eps: cfg.eps, mean: cfg.mean });
      for (const m of ['trainLoss', 'testLoss', 'gap', 'alignment'] as const) {
        expect(within(p[m], mc[m]!, cfg.d, 2), `${m}: theory ${p[m]} vs MC ${mc[m]!.mean} ± ${mc[m]!.stderr}`).toBe(true);
      }
      expect(within(k.kl, mc.kl!, cfg.d, 4), `kl: theory ${k.kl} vs MC ${mc.kl!.mean} ± ${mc.kl!.stderr}`).toBe(true);
    });
  }
});

describe('reproducibility and options', () => {
  const spectrum = powerLawSpectrum({ d: 40, k: 1 });
  it("'wishart' is bit-for-bit reproducible from the seed and independent of how draws are split", () => {
    const opts = { spectrum, N: 30, abar: 0.5, c: 0.1, eps: 0.1, draws: 6, seed: 42, sampling: 'wishart' as const };
    const a = monteCarlo(opts);
    const b = monteCarlo(opts);
    expect(Array.from(a.samples.testLoss)).toEqual(Array.from(b.samples.testLoss));
    expect(Array.from(a.samples.kl)).toEqual(Array.from(b.samples.kl));
    // Draws [0, 6) in one piece vs [0, 2) + [2, 6): what two workers compute.
    const plan = planMonteCarlo(opts);
    const whole = monteCarloDraws(plan, 0, 6);
    const p1 = monteCarloDraws(plan, 0, 2);
    const p2 = monteCarloDraws(plan, 2, 6);
    for (const m of Object.keys(whole)) expect([...p1[m], ...p2[m]]).toEqual(Array.from(whole[m]));
  });

  it("the default is 'data', and 'data' is the documented stream", () => {
    const opts = { spectrum, N: 30, abar: 0.5, eps: 0.1, draws: 3, seed: 7 };
    expect(Array.from(monteCarlo(opts).samples.gap)).toEqual(Array.from(monteCarlo({ ...opts, sampling: 'data' }).samples.gap));
    expect(monteCarlo(opts).samples.gap[0]).not.toBe(monteCarlo({ ...opts, sampling: 'wishart' }).samples.gap[0]);
  });

  it("rejects an unknown sampling and 'wishart' with a Haar rotation", () => {
    const base = { spectrum, N: 30, abar: 0.5, draws: 2, seed: 1 };
    expect(catchError(() => monteCarlo({ ...base, sampling: 'bootstrap' as 'data' }), InvalidArgumentError).argument).toBe('sampling');
    expect(catchError(() => monteCarlo({ ...base, sampling: 'wishart', rotation: 'haar' }), InvalidArgumentError).argument).toBe('rotation');
  });
});

describe('the eigen path of a draw', () => {
  const lam = expandEigenvalues(powerLawSpectrum({ d: 70, k: 1 }));
  it("'dc' (default) and 'ql' give the same measures to rounding", () => {
    const level = noiseLevel(0.5, { c: 0.2 });
    for (const N of [30, 140]) {
      const dc = EmpiricalDraw.sample({ eigenvalues: lam, N, mean: 'estimated', rng: Random.forStream(2, N) });
      const ql = EmpiricalDraw.sample({ eigenvalues: lam, N, mean: 'estimated', rng: Random.forStream(2, N), eigenMethod: 'ql' });
      const a = dc.losses(level);
      const b = ql.losses(level);
      for (const m of ['trainLoss', 'testLoss', 'gap', 'alignment'] as const) expect(Math.abs(a[m] - b[m])).toBeLessThanOrEqual(1e-11 * Math.abs(b[m]));
      expect(Math.abs(dc.kl(0.01) - ql.kl(0.01))).toBeLessThanOrEqual(1e-11 * ql.kl(0.01));
    }
  });

  it("with 'ql' the per-mode weights are bit-identical to the former column-layout loop", () => {
    const d = lam.length;
    const N = 50;
    const draw = EmpiricalDraw.sample({ eigenvalues: lam, N, mean: 'estimated', rng: Random.forStream(4, N), eigenMethod: 'ql' });
    const x = sampleGaussian({ eigenvalues: lam, count: N, rng: Random.forStream(4, N) });
    const { covariance, mean } = sampleCovariance(x, N, d, { centre: true });
    const V = symmetricEigen(covariance, d).vectors!;
    const c = new Float64Array(d);
    const m = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        const v = V[i * d + j];
        const v2 = v * v;
        c[j] += v2 * lam[i];
        m[j] += v * (0 - mean[i]);
      }
    }
    expect(Array.from(draw.sigmaWeights)).toEqual(Array.from(c));
    expect(Array.from(draw.meanWeights)).toEqual(Array.from(m, (t) => t * t));
  });
});
