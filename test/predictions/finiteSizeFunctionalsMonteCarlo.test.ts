import { describe, expect, it } from 'vitest';
import { gaussianStructureCurve } from '../../src/gaussianStructure/gaussianStructureCurve.js';
import { gaussianPopulation } from '../../src/gaussianStructure/denoiserPopulation.js';
import { monteCarloDynamics } from '../../src/montecarlo/monteCarloDynamics.js';
import { monteCarloSampler } from '../../src/montecarlo/monteCarloSampler.js';
import { linearSchedule } from '../../src/predictions/model/noiseSchedule.js';
import { samplerKl } from '../../src/predictions/sampler/samplerKl.js';
import { predictDynamics } from '../../src/predictions/dynamics/trainingDynamics.js';
import type { MeanStderr } from '../../src/statistics/summaryStatistics.js';
import { lowRankSpectrum, powerLawSpectrum } from '../../src/spectra/index.js';

/**
 * The first-order corrections of the non-resolvent predictions (docs/theory.md §6.9: training
 * dynamics, the finite-step sampler, the Gaussian-structure distance) against Monte Carlo of the
 * real model, d = 32–48, N on both sides of d.
 *
 * Tolerance as for the loss measures (test/predictions/finiteSizeMonteCarlo.test.ts, §6.6):
 * |theory − MC| ≤ 4·stderr + 2·relativeSize·|δ|, δ = the prediction's own first-order correction.
 * The same band must reject the asymptotic (d → ∞) value wherever it was more than 6 stderr off
 * when the test was written (measured there: asymptotic |z| 7–21, first-order |z| ≤ 2.4 over the
 * grids of docs/theory.md §6.9), so the test fails if the correction is dropped or wrong.
 * Draws (Wishart sampling, exact in law): stderr ~1e-4–1e-3 relative, a few seconds of CPU in all.
 */
const band = (mc: MeanStderr, relativeSize: number, correction: number) => 4 * mc.stderr + 2 * relativeSize * Math.abs(correction);

describe('finite-size corrections of the non-resolvent predictions vs Monte Carlo', () => {
  it('training dynamics: power law d=48, N = 24 and 96, ᾱ = 0.9, τ = 3 and 30', () => {
    const spectrum = powerLawSpectrum({ d: 48, k: 1 });
    for (const N of [24, 96]) {
      const times = [{ tau: 3 }, { tau: 30 }];
      const mc = monteCarloDynamics({ spectrum, N, abar: 0.9, times, draws: 600, seed: 7, sampling: 'wishart' });
      times.forEach((time, j) => {
        const p = predictDynamics({ spectrum, N, abar: 0.9, time });
        expect(p.finiteSize).toMatchObject({ order: 'first-order', applied: true });
        for (const m of ['trainLoss', 'testLoss', 'gap', 'alignment'] as const) {
          const delta = p[m] - p.asymptotic[m];
          const tol = band(mc[j][m], p.finiteSize.relativeSize, delta);
          expect(Math.abs(p[m] - mc[j][m].mean), `${m} N=${N} τ=${time.tau}`).toBeLessThan(tol);
          expect(Math.abs(p.asymptotic[m] - mc[j][m].mean), `asymptotic ${m} N=${N} τ=${time.tau}`).toBeGreaterThan(tol);
        }
      });
    }
  });

  it('training dynamics with c > 0 (the A-weighted measure): low rank d=32, N=16, ᾱ = 0.5, c = 0.1', () => {
    const spectrum = lowRankSpectrum({ d: 32, r: 4, floor: 1e-2 });
    const mc = monteCarloDynamics({ spectrum, N: 16, abar: 0.5, c: 0.1, times: [{ tau: 5 }], draws: 800, seed: 3, sampling: 'wishart' });
    const p = predictDynamics({ spectrum, N: 16, abar: 0.5, c: 0.1, time: { tau: 5 } });
    for (const m of ['trainLoss', 'testLoss', 'gap', 'alignment'] as const) {
      const tol = band(mc[0][m], p.finiteSize.relativeSize, p[m] - p.asymptotic[m]);
      expect(Math.abs(p[m] - mc[0][m].mean), m).toBeLessThan(tol);
    }
  });

  it('finite-step sampler KL: power law d=48, T = 100, N = 96 (c = 0) and 24 (c = 0.01)', () => {
    const spectrum = powerLawSpectrum({ d: 48, k: 1 });
    const schedule = linearSchedule({ T: 100 });
    for (const [N, c] of [[96, 0], [24, 0.01]] as const) {
      const p = samplerKl({ spectrum, N, schedule, c });
      const mc = monteCarloSampler({ spectrum, N, schedule, c, draws: 600, seed: 3, sampling: 'wishart' }).sampler;
      expect(p.finiteSize.applied).toBe(true);
      const tol = band(mc, p.finiteSize.relativeSize, p.kl - p.asymptotic.kl);
      expect(Math.abs(p.kl - mc.mean), `N=${N}`).toBeLessThan(tol);
      expect(Math.abs(p.asymptotic.kl - mc.mean), `asymptotic N=${N}`).toBeGreaterThan(tol);
    }
  });

  it('Gaussian-structure distance E‖D_N − D_G‖²: power law d=48, N = 48 and 96, σ = 0.5 and 2', () => {
    const population = gaussianPopulation(powerLawSpectrum({ d: 48, k: 1 }));
    const curve = gaussianStructureCurve({ population, Ns: [48, 96], sigmas: [0.5, 2], draws: 500, seed: 3, pairs: 1, tests: 1 });
    for (const r of curve.rows) {
      const mc = r.distanceMC!;
      const tol = band(mc, r.finiteSize.relativeSize, r.distanceTheory - r.distanceTheoryInfiniteD);
      expect(r.finiteSize.applied).toBe(true);
      expect(Math.abs(r.distanceTheory - mc.mean), `N=${r.N} σ=${r.sigma}`).toBeLessThan(tol);
      expect(Math.abs(r.distanceTheoryInfiniteD - mc.mean), `asymptotic N=${r.N} σ=${r.sigma}`).toBeGreaterThan(tol);
    }
  });
});
