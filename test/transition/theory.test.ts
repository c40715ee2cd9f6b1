import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { standardDivergencesKernel, whitenAgainstDiagonal } from '../../src/transition/gaussianDivergences.js';
import { fitOneStepKernel } from '../../src/transition/oneStepDenoiser.js';
import { Random } from '../../src/random/random.js';
import { oneStepConstants, oneStepMoments } from '../../src/transition/oneStepMoments.js';
import { brownRadius2, noiseStieltjes, thetaInverseTrace, thetaLogDeterminant, thetaResolvent, thetaShiftedLogDeterminant } from '../../src/transition/oneStepSpectrum.js';
import { oneStepPrediction } from '../../src/transition/oneStepTheory.js';
import { kernelWidth, mixingKernelWidth, mixingTime, optimalKernelWidth, seedKernelWidth } from '../../src/transition/transitionScales.js';

const sigma = 1;
const T = 2;
const lambda = Math.exp(-4);
const k = oneStepConstants(sigma, T, lambda);

/** Per-draw quantities of the one-step model (no kernel terms): fit, then divergences to ρ. */
function oneStepDraws(d: number, n: number, reps: number, seed: number) {
  const mean = new Float64Array(d).fill(10);
  const variances = new Float64Array(d).fill(sigma * sigma);
  const out = { variance: [] as number[], trTheta: [] as number[], meanError2: [] as number[], kl: [] as number[], hellinger: [] as number[], logDet: [] as number[], resolvent: [] as number[] };
  for (let r = 0; r < reps; r++) {
    const rng = Random.forStream(seed, r);
    const Y = new Float64Array(n * d);
    const X = new Float64Array(n * d);
    rng.split(0).fillNormal(Y);
    rng.split(1).fillNormal(X);
    for (let i = 0; i < n * d; i++) {
      Y[i] = 10 + sigma * Y[i];
      X[i] = k.a * Y[i] + Math.sqrt(k.s2) * X[i];
    }
    const fit = fitOneStepKernel(Y, X, n, d, k.a, k.s2, 'model', false);
    let tr = 0;
    let logDet = 0;
    let res = 0;
    for (const v of fit.thetaSingularValues2) {
      tr += v;
      logDet += Math.log(v);
      res += 1 / (1 + v);
    }
    out.trTheta.push(tr / d);
    out.variance.push((fit.sigmaX2 * tr) / d);
    out.logDet.push(logDet / (2 * d));
    out.resolvent.push(res / d);
    let e2 = 0;
    for (let i = 0; i < d; i++) e2 += (fit.generated.mean[i] - 10) ** 2;
    out.meanError2.push(e2);
    const s = standardDivergencesKernel(whitenAgainstDiagonal(fit.generated, mean, variances));
    out.kl.push(s.klLawToReference);
    out.hellinger.push(s.hellinger);
  }
  return out;
}

function meanSe(x: number[]): { mean: number; se: number } {
  const m = x.reduce((s, v) => s + v, 0) / x.length;
  const v = x.reduce((s, t) => s + (t - m) ** 2, 0) / (x.length - 1);
  return { mean: m, se: Math.sqrt(v / x.length) };
}

describe('scales of seed eq. 9 and 11', () => {
  it('t_M = ½ log(1 + σ²/(n^(2/d) − 1)) and ε = (4/(d+2))^(1/(d+4)) σ n^(−1/(d+4))', () => {
    expect(mixingTime(1, 16, 100)).toBeCloseTo(0.5 * Math.log(1 + 1 / (Math.pow(100, 2 / 16) - 1)), 14);
    expect(mixingTime(2, 100, 1e4)).toBeCloseTo(0.5 * Math.log1p(4 / Math.expm1((2 / 100) * Math.log(1e4))), 14);
    expect(optimalKernelWidth(1.5, 16, 100)).toBeCloseTo(Math.pow(4 / 18, 1 / 20) * 1.5 * Math.pow(100, -1 / 20), 14);
    // Large d: no cancellation in n^(2/d) − 1 (d = 1e6, n = 2).
    expect(mixingTime(1, 1e6, 2)).toBeCloseTo(0.5 * Math.log1p(1 / ((2 / 1e6) * Math.LN2 * (1 + Math.LN2 / 1e6))), 6);
  });

  it('the seed’s consistency claims: √(2t_M) ≈ σn^(−1/d) ≈ eq. 11 for large n^(2/d)/σ² resp. large d', () => {
    // eq. 9, second equality: t_M ≈ ½ σ²/n^(2/d) when n^(2/d) ≫ σ² (here n^(2/d) = e^8, σ = 0.1).
    const d = 4;
    const n = Math.exp(16);
    expect(mixingTime(0.1, d, n) / (0.5 * 0.01 * Math.pow(n, -2 / d))).toBeCloseTo(1, 3);
    // eq. 11, second equality: relative gap O(log d/d) at fixed n.
    const gap = (dd: number) => Math.abs(optimalKernelWidth(1, dd, 1e4) / seedKernelWidth(1, dd, 1e4) - 1);
    expect(gap(1000)).toBeLessThan(gap(100));
    expect(gap(1000)).toBeLessThan(0.02);
    expect(kernelWidth('mixing', 1, 16, 100)).toBe(mixingKernelWidth(1, 16, 100));
  });

  it('rejects n ≤ 1 for the mixing time and bad arguments', () => {
    expect(() => mixingTime(1, 16, 1)).toThrow(/invalid n = 1/);
    expect(() => optimalKernelWidth(-1, 16, 10)).toThrow(InvalidArgumentError);
    expect(() => kernelWidth('bogus' as 'seed', 1, 16, 10)).toThrow(/kernelWidths/);
  });
});

describe('exact expected generated covariance E Σ_G = v I (Wishart moments) against Monte Carlo', () => {
  for (const [d, n, reps] of [
    [10, 4, 12000],
    [6, 3, 12000],
    [3, 12, 12000],
    [4, 20, 12000],
    [16, 40, 2000],
  ]) {
    it(`d = ${d}, n = ${n}${n - 1 < d ? ' (rank-deficient)' : ''}: E Σ_G, E θ1θ1ᵀ, E‖δ‖² within 4.5 standard errors`, () => {
      const mc = oneStepDraws(d, n, reps, 1000 + d * 100 + n);
      const ex = oneStepMoments({ d, n, sigma, T, lambda });
      for (const [name, values, exact] of [
        ['E Σ_G', mc.variance, ex.generatedVariance],
        ['E θθᵀ', mc.trTheta, ex.thetaSquare],
        ['E‖δ‖²', mc.meanError2, ex.meanError2],
      ] as const) {
        const { mean, se } = meanSe(values as number[]);
        expect(Math.abs(mean - exact), `${name}: mc ${mean} ± ${se}, exact ${exact}`).toBeLessThan(4.5 * se);
      }
    });
  }

  it('diverges exactly at the interpolation peak m = n − 1 ∈ {d − 1, d, d + 1}, and → a²σ⁴/τ² as n → ∞', () => {
    for (const n of [16, 17, 18]) expect(oneStepMoments({ d: 16, n, sigma, T, lambda }).generatedVariance).toBe(Infinity);
    expect(oneStepMoments({ d: 16, n: 15, sigma, T, lambda }).generatedVariance).toBeLessThan(Infinity);
    expect(oneStepMoments({ d: 16, n: 19, sigma, T, lambda }).generatedVariance).toBeLessThan(Infinity);
    expect(oneStepMoments({ d: 16, n: 1e7, sigma, T, lambda }).generatedVariance).toBeCloseTo((k.a * k.a) / k.tau2, 4);
  });

  it('d = 1 at the peak (n = 2, 3) is +∞, not NaN (audit: `transition --d 1 --n 2,3` printed NaN)', () => {
    // The ω coefficient of the Y-part is σ_E²(3σ_E²/τ² − β²) at d = m = 1, negative for small T.
    for (const [T1, l1] of [[0.05, 1], [0.5, 1], [2, 3]]) {
      for (const n of [2, 3]) {
        const m = oneStepMoments({ d: 1, n, sigma: 1, T: T1, lambda: l1 });
        expect(m.generatedVariance).toBe(Infinity);
        expect(m.thetaSquare).toBe(Infinity);
        expect(m.meanError2).toBe(Infinity);
      }
      expect(Number.isFinite(oneStepMoments({ d: 1, n: 4, sigma: 1, T: T1, lambda: l1 }).generatedVariance)).toBe(true);
    }
    // Without noise (λ = 0) X = e^{−T} Y exactly, θ1 = e^{T}: nothing diverges, and Σ_G is the
    // training set's variance, E = σ² m/n.
    const quiet = oneStepMoments({ d: 1, n: 2, sigma: 1, T: 0.5, lambda: 0 });
    expect(quiet.generatedVariance).toBeCloseTo(0.5, 12);
    expect(quiet.thetaSquare).toBeCloseTo(Math.exp(1), 12);
  });
});

describe('free-probability spectrum of θ1 (m > d)', () => {
  const params = (q: number) => ({ beta: k.beta, c2: k.c2, q });

  it('closed-form noise Stieltjes transform: t k(t) → 1, k(t) ~ 1/√(κ0 t) at 0', () => {
    const kappa0 = 2;
    const q = 0.3;
    expect(1e8 * noiseStieltjes(1e8, kappa0, q)).toBeCloseTo(1, 7);
    // 1 − t k(t) ≈ m1/t with m1 = κ0/(1 − q).
    const t = 1e4;
    expect((1 - t * noiseStieltjes(t, kappa0, q)) * t).toBeCloseTo(kappa0 / (1 - q), 2);
    expect(noiseStieltjes(1e-12, kappa0, q) * Math.sqrt(kappa0 * 1e-12)).toBeCloseTo(1, 4);
  });

  it('the Haagerup–Larsen log-determinant agrees with the integrated subordination resolvent', () => {
    for (const q of [0.2, 0.5, 0.8]) {
      // (1/d) log det θθᵀ = log U + m/U − ∫_0^U r(u) du + O(U⁻²), m = τ(θθᵀ) = β² + R².
      const U = 1e6;
      const m1 = k.beta ** 2 + brownRadius2(params(q));
      const viaResolvent = Math.log(U) + m1 / U - (thetaShiftedLogDeterminant(U, params(q)) - 2 * thetaLogDeterminant(params(q)));
      expect(viaResolvent).toBeCloseTo(2 * thetaLogDeterminant(params(q)), 4);
    }
  });

  it('limits: no noise gives r(u) = 1/(u + β²); r(u) → 1/(β² − R²) as u → 0 when β² > R²', () => {
    expect(thetaResolvent(0.7, { beta: 2, c2: 0, q: 0.5 })).toBeCloseTo(1 / (0.7 + 4), 12);
    const p = params(0.2);
    expect(thetaResolvent(1e-10, p)).toBeCloseTo(thetaInverseTrace(p), 5);
    expect(thetaInverseTrace(params(0.6))).toBe(Infinity);
    expect(thetaLogDeterminant({ beta: 2, c2: 1, q: 0.1 })).toBe(Math.log(2));
  });

  it('L and r(1) against Monte Carlo at d = 64, q = 1/3: leading order, O(1/d) per dimension', () => {
    // Measured (docs/transition.md §4.3): E log|det θ1| − dL = −0.37 ± 0.04 for d = 25…200 at
    // n = 3d + 1 (an O(1) total, so O(1/d) per dimension); r(1) is 2.5% high at d = 64, 1.1% at 256.
    const d = 64;
    const n = 3 * d + 1;
    const mc = oneStepDraws(d, n, 16, 77);
    const p = params(d / (n - 1));
    expect(Math.abs(meanSe(mc.logDet).mean - thetaLogDeterminant(p))).toBeLessThan(1.2 / d);
    expect(Math.abs(meanSe(mc.resolvent).mean / thetaResolvent(1, p) - 1)).toBeLessThan(0.04);
  });
});

describe('E KL(ρ_G‖ρ) and E H² (leading order) against Monte Carlo at two sizes', () => {
  it('n = 4d + 1: the per-dimension error of E KL shrinks from d = 16 to d = 64, H² error too', () => {
    const rows = [
      { d: 16, reps: 400 },
      { d: 64, reps: 60 },
    ].map(({ d, reps }) => {
      const n = 4 * d + 1;
      const mc = oneStepDraws(d, n, reps, 500 + d);
      const p = oneStepPrediction({ d, n, sigma, T, lambda });
      const kl = meanSe(mc.kl);
      const h = meanSe(mc.hellinger);
      return { d, klErrorPerDim: (p.kl - kl.mean) / d, klSe: kl.se / d, hellingerError: p.hellinger - h.mean, hSe: h.se };
    });
    const [small, large] = rows;
    // Measured (docs/transition.md §4.4): −0.019/dim at d = 16, −0.003/dim at d = 64.
    expect(Math.abs(small.klErrorPerDim)).toBeLessThan(0.03);
    expect(Math.abs(large.klErrorPerDim)).toBeLessThan(0.008);
    expect(Math.abs(large.klErrorPerDim)).toBeLessThan(0.5 * Math.abs(small.klErrorPerDim) + 3 * large.klSe);
    expect(Math.abs(small.hellingerError)).toBeLessThan(0.06);
    expect(Math.abs(large.hellingerError)).toBeLessThan(0.006);
  });

  it('singular regime n ≤ d is exact: H² = 1, KL = +∞ in every draw and in the prediction', () => {
    const p = oneStepPrediction({ d: 16, n: 16, sigma, T, lambda });
    expect(p).toMatchObject({ singular: true, hellinger: 1, kl: Infinity, klData: Infinity, rank: 15 });
    const mc = oneStepDraws(16, 16, 20, 3);
    expect(mc.hellinger.every((h) => h === 1)).toBe(true);
    expect(mc.kl.every((v) => v === Infinity)).toBe(true);
  });

  it('E KL(ρ_G‖ρ) is +∞ for n ≤ d + 2 (E tr Σ_G = ∞), finite beyond; E KL(ρ‖ρ_G) = +∞ always; never NaN', () => {
    for (const n of [17, 18]) expect(oneStepPrediction({ d: 16, n, sigma, T, lambda }).kl).toBe(Infinity);
    const p = oneStepPrediction({ d: 16, n: 19, sigma, T, lambda });
    expect(Number.isFinite(p.kl)).toBe(true);
    expect(p.klData).toBe(Infinity);
    for (const n of [2, 3, 15, 16, 17, 18, 19, 20, 33, 1000]) {
      const q = oneStepPrediction({ d: 16, n, sigma, T, lambda });
      for (const v of [q.kl, q.klData, q.klDataTypical, q.hellinger, q.logAffinity, q.moments.generatedVariance]) expect(Number.isNaN(v)).toBe(false);
    }
  });
});
