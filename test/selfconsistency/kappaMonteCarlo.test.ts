import { describe, expect, it } from 'vitest';
import { EmpiricalDraw } from '../../src/montecarlo/empiricalDraw.js';
import { Random } from '../../src/random/random.js';
import { meanStderr } from '../../src/statistics/summaryStatistics.js';
import { solveKappa } from '../../src/selfconsistency/kappa/solveKappa.js';
import { expandEigenvalues, powerLawSpectrum, twoPointSpectrum } from '../../src/spectra/index.js';

/**
 * E tr(Ŝ + w)⁻¹ ≍ (κ/w) Σ_i 1/(λ_i + κ) (THEORY.md §4) against draws of the n-sample Wishart
 * ensemble at d ≈ 100 with a few dozen draws. Tolerance: 4 stderr + a finite-size allowance of
 * 2/d relative (the repository-wide calibration, see test/montecarlo/theoryVsMonteCarlo.test.ts).
 */
describe('κ against Monte Carlo of the resolvent trace', () => {
  const cases = [
    { spectrum: powerLawSpectrum({ d: 100, k: 1 }), n: 50, ridge: 0.05 },
    { spectrum: powerLawSpectrum({ d: 100, k: 1 }), n: 100, ridge: 0.01 },
    { spectrum: powerLawSpectrum({ d: 100, k: 1.5 }), n: 300, ridge: 1e-3 },
    { spectrum: twoPointSpectrum({ d: 100, a: 0.2, b: 5, p: 0.3 }), n: 80, ridge: 0.1 },
  ];
  for (const { spectrum, n, ridge } of cases) {
    it(`d = 100, n = ${n}, w = ${ridge}`, () => {
      const lam = expandEigenvalues(spectrum);
      const values = Array.from({ length: 40 }, (_, k) => {
        const draw = EmpiricalDraw.sample({ eigenvalues: lam, N: n, mean: 'known', rng: Random.forStream(n, k) });
        let t = 0;
        for (const x of draw.sampleEigenvalues) t += 1 / (x + ridge);
        return t;
      });
      const mc = meanStderr(values);
      const { kappa } = solveKappa({ spectrum, n, ridge });
      let s = 0;
      for (let i = 0; i < spectrum.eigenvalues.length; i++) s += spectrum.weights[i] / (spectrum.eigenvalues[i] + kappa);
      const theory = (kappa / ridge) * s;
      expect(Math.abs(theory - mc.mean), `theory ${theory} vs MC ${mc.mean} ± ${mc.stderr}`).toBeLessThan(4 * mc.stderr + (2 * theory) / 100);
    });
  }
});
