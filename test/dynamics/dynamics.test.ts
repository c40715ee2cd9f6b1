import { describe, expect, it } from 'vitest';
import { monteCarloDynamics } from '../../src/montecarlo/monteCarloDynamics.js';
import { monteCarloSampler } from '../../src/montecarlo/monteCarloSampler.js';
import { noiseLevel } from '../../src/predictions/model/noiseLevel.js';
import { linearSchedule } from '../../src/predictions/model/noiseSchedule.js';
import { optimalStopping } from '../../src/predictions/dynamics/optimalStopping.js';
import { predictLosses } from '../../src/predictions/losses/predictLosses.js';
import { samplerKl } from '../../src/predictions/sampler/samplerKl.js';
import { predictDynamics } from '../../src/predictions/dynamics/trainingDynamics.js';
import { requireStableLearningRate, trainingFilter } from '../../src/predictions/dynamics/trainingFilter.js';
import { parseSpectrumSpec, powerLawSpectrum } from '../../src/spectra/index.js';
import { cli } from '../cli/fakeIo.js';

/** Same convention as test/montecarlo/theoryVsMonteCarlo.test.ts: 4 stderr + A·|theory|/d. */
const within = (theory: number, mc: { mean: number; stderr: number }, d: number, A: number) => Math.abs(theory - mc.mean) <= 4 * mc.stderr + (A * Math.abs(theory)) / d;

const spectrum = powerLawSpectrum({ d: 64, k: 1 });

describe('training dynamics (THEORY.md §6)', () => {
  it('τ → ∞ reproduces the optimum predictions; τ = 0 is W = 0 exactly', () => {
    for (const [N, mean] of [[32, 'estimated'], [200, 'estimated'], [40, 'known']] as const) {
      const late = predictDynamics({ spectrum, N, abar: 0.6, mean, time: { tau: 1e7 } });
      // Both finite-size orders (docs/theory.md §6.9): the corrected dynamics tend to the corrected optimum.
      const opt = predictLosses({ spectrum, N, abar: 0.6, mean });
      const optNone = predictLosses({ spectrum, N, abar: 0.6, mean, finiteSize: 'none' });
      for (const m of ['trainLoss', 'testLoss', 'gap', 'alignment'] as const) {
        expect(Math.abs(late[m] - opt[m]) / opt[m], m).toBeLessThan(1e-7);
        expect(Math.abs(late.asymptotic[m] - optNone[m]) / optNone[m], m).toBeLessThan(1e-8);
      }
      const zero = predictDynamics({ spectrum, N, abar: 0.6, mean, time: { tau: 0 } });
      // W = 0: the first-order corrections of these constants vanish up to the rounding of the edge
      // terms against the density (docs/theory.md §6.9), ~1e-10 relative.
      expect(zero.trainLoss).toBeCloseTo(64, 6);
      expect(zero.testLoss).toBeCloseTo(64, 6);
      expect(Math.abs(zero.gap)).toBeLessThan(1e-8);
      const { zeta, z } = noiseLevel(0.6);
      let ginf = 0;
      for (const l of spectrum.eigenvalues) ginf += (l + zeta) / (l + z) ** 2;
      expect(zero.alignment).toBeCloseTo(zeta * ginf, 8);
    }
  });

  it('with regularisation c > 0 too: τ → ∞ equals the optimum (alignment included), and theory vs Monte Carlo', () => {
    for (const N of [24, 160]) {
      const late = predictDynamics({ spectrum, N, abar: 0.6, c: 0.3, time: { tau: 1e7 } });
      const opt = predictLosses({ spectrum, N, abar: 0.6, c: 0.3 });
      const optNone = predictLosses({ spectrum, N, abar: 0.6, c: 0.3, finiteSize: 'none' });
      for (const m of ['trainLoss', 'testLoss', 'gap', 'alignment'] as const) {
        expect(Math.abs(late[m] - opt[m]) / opt[m], m).toBeLessThan(1e-7);
        expect(Math.abs(late.asymptotic[m] - optNone[m]) / optNone[m], m).toBeLessThan(1e-8);
      }
      const taus = [0.3, 3];
      const mc = monteCarloDynamics({ spectrum, N, abar: 0.6, c: 0.3, times: taus.map((tau) => ({ tau })), draws: 60, seed: 7 });
      taus.forEach((tau, i) => {
        const th = predictDynamics({ spectrum, N, abar: 0.6, c: 0.3, time: { tau } });
        for (const m of ['trainLoss', 'testLoss', 'alignment'] as const) expect(within(th[m], mc[i][m], 64, 2), `N=${N} τ=${tau} ${m}`).toBe(true);
      });
    }
  });

  it('gradient descent with a small rate follows the flow at τ = 2ηk; unstable rates are rejected', () => {
    const level = noiseLevel(0.6);
    const flow = trainingFilter(level, { tau: 2 * 1e-4 * 5000 });
    const gd = trainingFilter(level, { learningRate: 1e-4, steps: 5000 });
    for (const x of [0, 0.1, 1, 10]) expect(gd(x) / flow(x)).toBeCloseTo(1, 2);
    expect(() => requireStableLearningRate(level, 10, 5)).toThrow(/learningRate = 10.*unstable/);
    expect(() => requireStableLearningRate(level, 0.01, 5)).not.toThrow();
  });

  it('theory vs Monte Carlo over τ for N < d and N > d; the non-monotone test loss for N < d appears in both', () => {
    const taus = [0.05, 0.5, 2, 10, 1e4];
    for (const N of [24, 160]) {
      const theory = taus.map((tau) => predictDynamics({ spectrum, N, abar: 0.7, time: { tau } }));
      const mc = monteCarloDynamics({ spectrum, N, abar: 0.7, times: taus.map((tau) => ({ tau })), draws: 60, seed: N });
      taus.forEach((tau, i) => {
        for (const m of ['trainLoss', 'testLoss', 'gap', 'alignment'] as const) {
          expect(within(theory[i][m], mc[i][m], 64, 2), `N=${N} τ=${tau} ${m}: ${theory[i][m]} vs ${mc[i][m].mean} ± ${mc[i][m].stderr}`).toBe(true);
        }
      });
      if (N < 64) {
        // Falls, then rises: the minimum is interior, in theory and in the draws.
        expect(theory[2].testLoss).toBeLessThan(theory[0].testLoss);
        expect(theory[2].testLoss).toBeLessThan(theory[4].testLoss - 10);
        expect(mc[2].testLoss.mean).toBeLessThan(mc[4].testLoss.mean - 10 * mc[4].testLoss.stderr);
      }
    }
  });

  it('small τ: the gap is formed from terms of its own size, not as test − train (regression: MNIST spectrum, N = 1000, τ = 0.01 was unconverged)', async () => {
    const mnist = await parseSpectrumSpec('mnist');
    for (const finiteSize of ['none', 'first-order'] as const) {
      const p = predictDynamics({ spectrum: mnist, N: 1000, abar: 0.7, time: { tau: 0.01 }, finiteSize });
      expect(p.converged).toBe(true);
      // gap ≈ 2.6e-6 of a loss of 660: test − train agrees only to the rounding of the O(d) terms.
      expect(p.gap).toBeGreaterThan(0);
      expect(Math.abs(p.gap - (p.testLoss - p.trainLoss))).toBeLessThan(1e-9 * p.testLoss);
    }
  });

  it('optimal stopping beats τ = ∞ for N < d and is comparable to the best regularisation', () => {
    const s = optimalStopping({ spectrum, N: 32, abar: 0.7 });
    expect(s.testLoss).toBeLessThan(s.testLossAtConvergence * 0.8);
    expect(s.tau).toBeGreaterThan(0.1);
    expect(s.tau).toBeLessThan(100);
    expect(Math.abs(s.testLoss - s.testLossBestC) / s.testLossBestC).toBeLessThan(0.05);
  });
});

describe('finite-step sampler KL (THEORY.md §7)', () => {
  it('theory vs Monte Carlo of the exact per-draw law, DDPM and DDIM', () => {
    const schedule = linearSchedule({ T: 40, beta1: 2.5e-3, betaT: 0.4 });
    for (const sampler of ['ddpm', 'ddim'] as const) {
      for (const N of [40, 256]) {
        const th = samplerKl({ spectrum, N, schedule, sampler, c: 1e-3 });
        const mc = monteCarloSampler({ spectrum, N, schedule, sampler, c: 1e-3, draws: 80, seed: 3 });
        expect(th.converged).toBe(true);
        expect(within(th.kl, mc.sampler, 64, 4), `${sampler} N=${N}: ${th.kl} vs ${mc.sampler.mean} ± ${mc.sampler.stderr}`).toBe(true);
        expect(within(th.idealisedKl, mc.idealised, 64, 4)).toBe(true);
      }
    }
  });

  it('with a data mean μ ≠ 0 the sampler’s mean shortfall (1 − ρ)μ adds to the KL; theory vs Monte Carlo', () => {
    const schedule = linearSchedule({ T: 20, beta1: 5e-3, betaT: 0.6 });
    const dataMean = Float64Array.from({ length: 64 }, (_, i) => 30 * Math.cos(i));
    const th = samplerKl({ spectrum, N: 256, schedule, sampler: 'ddim', c: 1e-3, dataMean });
    const th0 = samplerKl({ spectrum, N: 256, schedule, sampler: 'ddim', c: 1e-3 });
    expect(th.kl - th0.kl).toBeGreaterThan(0.05 * th0.kl); // the term matters here
    const mc = monteCarloSampler({ spectrum, N: 256, schedule, sampler: 'ddim', c: 1e-3, dataMean, draws: 80, seed: 4 });
    expect(within(th.kl, mc.sampler, 64, 4), `${th.kl} vs ${mc.sampler.mean} ± ${mc.sampler.stderr}`).toBe(true);
    expect(() => samplerKl({ spectrum, N: 256, schedule, dataMean: [1, 2] })).toThrow(/dataMean/);
  });

  it('approaches the idealised KL as T grows', () => {
    const gap = (T: number) => {
      const schedule = linearSchedule({ T, beta1: 0.1 / T, betaT: Math.min(0.5, 20 / T) });
      const p = samplerKl({ spectrum, N: 256, schedule, c: 1e-3 });
      return Math.abs(p.kl - p.idealisedKl) / p.idealisedKl;
    };
    const g50 = gap(50);
    const g500 = gap(500);
    const g5000 = gap(5000);
    expect(g500).toBeLessThan(g50 / 3);
    expect(g5000).toBeLessThan(g500 / 3);
  });

  it('without regularisation a null mode collapses: infinite KL for N − 1 < d, reported as Infinity', () => {
    const p = samplerKl({ spectrum, N: 32, schedule: linearSchedule({ T: 50 }) });
    expect(p.kl).toBe(Infinity);
    expect(p.nullModeVariance).toBe(0);
    const mc = monteCarloSampler({ spectrum, N: 32, schedule: linearSchedule({ T: 50 }), draws: 3, seed: 1 });
    expect(mc.sampler.mean).toBe(Infinity);
  });
});

describe('CLI: dynamics and sampler', () => {
  it('dynamics --json rows with τ and the measures, plus --stopping', async () => {
    const r = await cli(['dynamics', '--spectrum', 'powerlaw:d=16,k=1', '--N', '8', '--abar', '0.7', '--tau', '0.1,1,10', '--stopping', '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.rows).toHaveLength(3);
    expect(Object.keys(o.rows[0])).toEqual(['tau', 'trainLoss_theory', 'testLoss_theory', 'gap_theory', 'alignment_theory', 'finiteSize', 'finiteSizeApplied', 'finiteSizeRelativeSize', 'finiteSizeEstimatedError', 'finiteSizeReliable', 'trainLoss_theory_infinite_d', 'testLoss_theory_infinite_d', 'gap_theory_infinite_d', 'alignment_theory_infinite_d']);
    expect(o.finiteSize).toBe('first-order');
    expect(o.stopping.tau).toBeGreaterThan(0);
  });

  it('dynamics with gradient descent steps; unstable rate exits 2', async () => {
    const ok = await cli(['dynamics', '--spectrum', 'powerlaw:d=16,k=1', '--N', '8', '--abar', '0.7', '--learning-rate', '0.01', '--steps', '1,10,100', '--csv']);
    expect(ok.code).toBe(0);
    expect(ok.stdout.split('\n')[0]).toBe('steps,trainLoss_theory,testLoss_theory,gap_theory,alignment_theory,finiteSize,finiteSizeApplied,finiteSizeRelativeSize,finiteSizeEstimatedError,finiteSizeReliable,trainLoss_theory_infinite_d,testLoss_theory_infinite_d,gap_theory_infinite_d,alignment_theory_infinite_d');
    const bad = await cli(['dynamics', '--spectrum', 'powerlaw:d=16,k=1', '--N', '8', '--abar', '0.7', '--learning-rate', '100']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/learningRate = 100.*unstable/);
  });

  it('sampler --json', async () => {
    const r = await cli(['sampler', '--spectrum', 'powerlaw:d=16,k=1', '--N', '64', '--schedule', 'linear:T=30,beta1=0.003,betaT=0.5', '--c', '0.001', '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout).rows[0];
    for (const k of ['kl_theory', 'idealisedKl_theory', 'nullModeVariance_theory', 'meanExcessVariance_theory']) expect(typeof o[k]).toBe('number');
    const inf = JSON.parse((await cli(['sampler', '--spectrum', 'powerlaw:d=16,k=1', '--N', '8', '--schedule', 'linear:T=30', '--json'])).stdout).rows[0];
    expect(inf.kl_theory).toBe(Infinity);
  });
});
