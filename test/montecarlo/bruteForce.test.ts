import { describe, expect, it } from 'vitest';
import { EmpiricalDraw } from '../../src/montecarlo/empiricalDraw.js';
import { sampleGaussian } from '../../src/random/gaussianSample.js';
import { haarOrthogonal } from '../../src/random/haar.js';
import { Random } from '../../src/random/random.js';
import { noiseLevel } from '../../src/predictions/model/noiseLevel.js';
import { bruteForceMeasures, covarianceFrom } from './bruteForce.js';

describe('exact per-draw formulas vs the brute-force estimator on the same training set', () => {
  const cases = [
    { d: 4, N: 7, abar: 0.6, ct: 0, eps: 0.05, knownMean: false },
    { d: 5, N: 3, abar: 0.3, ct: 0.1, eps: 0.2, knownMean: false }, // N < d: Σ̂ singular
    { d: 4, N: 6, abar: 0.9, ct: 0.05, eps: 0.1, knownMean: true },
  ];
  for (const cfg of cases) {
    it(`d=${cfg.d} N=${cfg.N} ᾱ=${cfg.abar} c_t=${cfg.ct} ${cfg.knownMean ? 'known' : 'estimated'} mean`, () => {
      const rng = new Random(100 + cfg.d * 10 + cfg.N);
      const lam = Float64Array.from({ length: cfg.d }, (_, i) => 2 / (i + 1));
      const O = haarOrthogonal(cfg.d, rng);
      const mu = Float64Array.from({ length: cfg.d }, (_, i) => 1.5 - i);
      const samples = sampleGaussian({ eigenvalues: lam, rotation: O, mean: mu, count: cfg.N, rng });
      const mean = cfg.knownMean ? 'known' : 'estimated';
      const exact = new EmpiricalDraw({ eigenvalues: lam, samples, N: cfg.N, mean, rotation: O, populationMean: mu });
      const level = noiseLevel(cfg.abar, { ct: cfg.ct });
      const l = exact.losses(level);
      const bf = bruteForceMeasures({ samples, N: cfg.N, sigma: covarianceFrom(lam, O), mu, abar: cfg.abar, ct: cfg.ct, eps: cfg.eps, knownMean: cfg.knownMean, rng, draws: 60_000 });
      for (const [name, value] of [['trainLoss', l.trainLoss], ['testLoss', l.testLoss], ['alignment', l.alignment], ['kl', exact.kl(cfg.eps)]] as const) {
        const e = bf[name];
        expect(Math.abs(value - e.mean), `${name}: exact ${value} vs brute force ${e.mean} ± ${e.stderr}`).toBeLessThan(4 * e.stderr);
        expect(e.stderr).toBeLessThan(0.02 * Math.abs(value) + 1e-3); // the check has teeth
      }
    });
  }
});
