import { describe, expect, it } from 'vitest';
import { sampleCovariance, sampleGaussian } from '../../src/random/gaussianSample.js';
import { Random } from '../../src/random/random.js';
import { symmetricEigen } from '../../src/linalg/symmetricEigen.js';
import { linearSchedule } from '../../src/predictions/model/noiseSchedule.js';
import { SamplerLaw } from '../../src/predictions/sampler/samplerLaw.js';

describe('exact law of the finite-step sampler (THEORY.md §7)', () => {
  it('approaches N(μ̂, Σ̂ + cI) as T grows (DDPM), with the error shrinking ~1/T', () => {
    const out = new Float64Array(2);
    const err = (T: number) => {
      const law = new SamplerLaw({ schedule: linearSchedule({ T, beta1: 0.1 / T, betaT: 20 / T }), c: 0.05 });
      let e = 0;
      for (const x of [0, 0.1, 1, 5]) {
        law.mode(x, out);
        e = Math.max(e, Math.abs(out[0] - 1), Math.abs(out[1] / (x + 0.05) - 1));
      }
      return e;
    };
    const e100 = err(100);
    const e1000 = err(1000);
    const e10000 = err(10000);
    expect(e1000).toBeLessThan(e100 / 4);
    expect(e10000).toBeLessThan(e1000 / 4);
    expect(e10000).toBeLessThan(2e-3);
  });

  it('a null mode collapses exactly (V = 0) without regularisation, and has variance → c with it', () => {
    const out = new Float64Array(2);
    new SamplerLaw({ schedule: linearSchedule({ T: 200 }) }).mode(0, out);
    expect(out[1]).toBe(0);
    new SamplerLaw({ schedule: linearSchedule({ T: 200 }), c: 0.01 }).mode(0, out);
    expect(out[1]).toBeGreaterThan(0.005);
  });

  for (const sampler of ['ddpm', 'ddim'] as const) {
    it(`${sampler}: running the sampler for real matches the exact per-draw law`, () => {
      const d = 4;
      const N = 6;
      const T = 40;
      const c = 0.02;
      const schedule = linearSchedule({ T, beta1: 1e-3, betaT: 0.2 });
      const rng = new Random(sampler === 'ddpm' ? 11 : 12);
      const lam = Float64Array.from([3, 1, 0.4, 0.1]);
      const mu = Float64Array.from([2, -1, 0.5, 0]);
      const train = sampleGaussian({ eigenvalues: lam, mean: mu, count: N, rng });
      const { covariance, mean: muHat } = sampleCovariance(train, N, d, { centre: true });
      const eig = symmetricEigen(covariance, d, { vectors: true });
      const V = eig.vectors!;
      const lh = eig.values.map((v) => Math.max(v, 0));
      // Denoiser of step t in the data basis: ε_θ(u) = W_t (u − a_t μ̂), W_t = (s_t/a_t²) V diag(1/(λ̂ + z_t)) Vᵀ.
      const S = 20000;
      const u = new Float64Array(S * d);
      rng.fillNormal(u);
      const tmp = new Float64Array(d);
      const coef = new Float64Array(d);
      for (let t = T; t >= 1; t--) {
        const ab = schedule.alphaBar[t - 1];
        const a = Math.sqrt(ab);
        const s = Math.sqrt(1 - ab);
        const b = schedule.beta[t - 1];
        const z = (1 - ab) / ab + c;
        for (let j = 0; j < d; j++) coef[j] = s / ab / (lh[j] + z);
        const abPrev = t === 1 ? 1 : schedule.alphaBar[t - 2];
        for (let k = 0; k < S; k++) {
          const row = u.subarray(k * d, (k + 1) * d);
          // eps = V diag(coef) Vᵀ (u − a μ̂)
          for (let j = 0; j < d; j++) {
            let p = 0;
            for (let i = 0; i < d; i++) p += V[i * d + j] * (row[i] - a * muHat[i]);
            tmp[j] = p * coef[j];
          }
          for (let i = 0; i < d; i++) {
            let eps = 0;
            for (let j = 0; j < d; j++) eps += V[i * d + j] * tmp[j];
            if (sampler === 'ddpm') {
              const sigma = t === 1 ? 0 : Math.sqrt(b);
              row[i] = (row[i] - (b / s) * eps) / Math.sqrt(1 - b) + sigma * rng.normal();
            } else {
              const x0 = (row[i] - s * eps) / a;
              row[i] = Math.sqrt(abPrev) * x0 + Math.sqrt(1 - abPrev) * eps;
            }
          }
        }
      }
      const emp = sampleCovariance(u, S, d, { centre: true });
      const law = new SamplerLaw({ schedule, sampler, c });
      const out = new Float64Array(2);
      const rho = new Float64Array(d);
      const vars = new Float64Array(d);
      for (let j = 0; j < d; j++) {
        law.mode(lh[j], out);
        rho[j] = out[0];
        vars[j] = out[1];
      }
      for (let i = 0; i < d; i++) {
        // Mean: V diag(ρ) Vᵀ μ̂.
        let m = 0;
        for (let j = 0; j < d; j++) {
          let p = 0;
          for (let k = 0; k < d; k++) p += V[k * d + j] * muHat[k];
          m += V[i * d + j] * rho[j] * p;
        }
        for (let k = 0; k < d; k++) {
          let cik = 0;
          for (let j = 0; j < d; j++) cik += V[i * d + j] * vars[j] * V[k * d + j];
          const cii = emp.covariance[i * d + i];
          const ckk = emp.covariance[k * d + k];
          const se = Math.sqrt((cii * ckk + cik * cik) / S);
          expect(Math.abs(emp.covariance[i * d + k] - cik), `cov[${i},${k}]`).toBeLessThan(5 * se + 1e-12);
        }
        const seMean = Math.sqrt(emp.covariance[i * d + i] / S);
        expect(Math.abs(emp.mean[i] - m), `mean[${i}]`).toBeLessThan(5 * seMean + 1e-12);
      }
    });
  }
});
