import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { drawOriginalSet } from '../../src/transition/originalSet.js';
import { Random } from '../../src/random/random.js';
import { concatenateDraws, planTransition, summariseTransition, summary, transitionCurve, type TransitionRow } from '../../src/transition/transitionCurve.js';
import { transitionDraws } from '../../src/transition/transitionDraw.js';
import { fitOneStep } from '../../src/transition/oneStepDenoiser.js';
import { covarianceOf } from '../../src/transition/eigenGaussian.js';
import { addMatrices, naiveDensity, scaledIdentity } from './helpers.js';

/** The seed's d = 16 settings with a shared original set (N_O = 10⁴ as in Fig. 3). */
const d16 = { d: 16, mu: 10, sigma: 1, T: 2, lambda: Math.exp(-4), originalSize: 10_000, seed: 2024 } as const;
const original16 = planTransition({ ...d16, ns: [2], draws: 1 }).plan.original;

function row(rows: TransitionRow[], n: number): TransitionRow {
  const r = rows.find((x) => x.n === n);
  if (!r) throw new Error(`no row ${n}`);
  return r;
}

describe('the seed’s three regimes at d = 16 (model orientation; binomial Wilson intervals)', () => {
  // 80 draws: P = 0 gives a Wilson upper bound 0.046, P = 1 a lower bound 0.954.
  const result = transitionCurve({ ...d16, ns: [6, 10, 16, 20, 24, 32, 64], draws: 80, original: original16 });

  it('memorisation for n ≪ d: P(Δ > 0) ≈ 0 with the Wilson upper bound below ½', () => {
    for (const n of [6, 10, 16, 20]) {
      const r = row(result.rows, n);
      expect(r.regime).toBe('memorisation');
      expect(r.resolved).toBe(true);
      expect(r.pHigh).toBeLessThan(0.1);
    }
  });

  it('generalisation past the interpolation threshold: P(Δ > 0) → 1 (lower bound above ½ from n = 2d)', () => {
    for (const n of [32, 64]) {
      const r = row(result.rows, n);
      expect(r.regime).toBe('generalisation');
      expect(r.pLow).toBeGreaterThan(0.5);
    }
    expect(row(result.rows, 64).pLow).toBeGreaterThan(0.9);
    // The crossing (measured n ≈ 26 with 300 draws, docs/transition.md) lies between 20 and 32.
    expect(result.crossing).not.toBeNull();
    expect(result.crossing!.n).toBeGreaterThan(20);
    expect(result.crossing!.n).toBeLessThan(32);
  });

  it('H² = 1 exactly while the generated law is singular (n ≤ d), then falls fast from n = d + 1', () => {
    for (const n of [6, 10, 16]) {
      expect(row(result.rows, n).hellinger).toMatchObject({ mean: 1, stderr: 0, finite: 80 });
      expect(row(result.rows, n).kl.mean).toBe(Infinity);
      expect(row(result.rows, n).eTG.mean).toBe(Infinity);
    }
    const h = [20, 24, 32, 64].map((n) => row(result.rows, n).hellinger);
    for (let i = 1; i < h.length; i++) expect(h[i].mean + 3 * h[i].stderr).toBeLessThan(h[i - 1].mean);
    expect(h[h.length - 1].mean).toBeLessThan(0.75);
  });

  it('never NaN: every summary is a number or ±Infinity', () => {
    for (const r of result.rows) {
      for (const s of [r.hellinger, r.hellingerOnSupport, r.kl, r.klData, r.eTG, r.eOG, r.eTGFinitePart, r.eOGFinitePart, r.generatedVariance, r.logRelativeDelta]) {
        for (const v of [s.mean, s.stderr, s.median]) expect(Number.isNaN(v)).toBe(false);
      }
      expect(r.ambiguous).toBe(0);
    }
  });
});

describe('third regime: n comparable to N_O (scaled down to N_O = 1000 to keep the test fast)', () => {
  it('P(Δ > 0) falls from ≈ 1 through ½ around n ≈ N_O and on to ≈ 0 beyond: a crossing, not a limit', () => {
    // At N_O = 10⁴ (docs/transition.md): 1.00 at n ≤ 2048, 0.85 at 8192, 0.64 at 10⁴.
    const r = transitionCurve({ ...d16, originalSize: 1000, ns: [250, 1000, 2000], draws: 60 });
    const [quarter, equal, double] = r.rows;
    expect(quarter.pLow).toBeGreaterThan(0.5);
    expect(equal.pDeltaPositive).toBeLessThan(quarter.pDeltaPositive);
    expect(double.pHigh).toBeLessThan(0.5);
    expect(double.pDeltaPositive).toBeLessThan(equal.pDeltaPositive + 0.05);
  });
});

describe('orientation matters (σ_X²θ1ᵀθ1 of eq. 17 vs σ_X²θ1θ1ᵀ)', () => {
  it('seed orientation: a generalising bump at n ≈ d/2, memorisation again at n = d', () => {
    const seed = transitionCurve({ ...d16, ns: [8, 16], draws: 80, orientation: 'seed', original: original16 });
    const model = transitionCurve({ ...d16, ns: [8], draws: 80, orientation: 'model', original: original16 });
    expect(row(seed.rows, 8).pLow).toBeGreaterThan(0.5);
    expect(row(model.rows, 8).pHigh).toBeLessThan(0.1);
    expect(row(seed.rows, 16).pHigh).toBeLessThan(0.1);
    // Same eigenvalues, so H² and KL agree in distribution; here they are the same draws.
    expect(row(seed.rows, 8).generatedVariance.mean).toBeCloseTo(row(model.rows, 8).generatedVariance.mean, 12);
  });
});

describe('one draw end to end against naive sums (d = 4, representable)', () => {
  it('E_TG, E_OG and the sign of Δ equal direct double sums of Gaussian densities', () => {
    const d = 4;
    const N = 30;
    for (const n of [3, 9]) {
      const setup = planTransition({ d, ns: [n], draws: 2, seed: 9, originalSize: N });
      const cols = transitionDraws(setup.plan, 0, 2);
      for (let k = 0; k < 2; k++) {
        // Regenerate draw k exactly as the plan does.
        const rng = Random.forStream(9, k);
        const Y = new Float64Array(n * d);
        const X = new Float64Array(n * d);
        rng.split(0).fillNormal(Y);
        rng.split(1).fillNormal(X);
        for (let i = 0; i < n * d; i++) {
          Y[i] = 10 + Y[i];
          X[i] = setup.plan.a * Y[i] + Math.sqrt(setup.plan.s2) * X[i];
        }
        const fit = fitOneStep({ Y, X, n, d, T: 2, lambda: Math.exp(-4) });
        const SG = covarianceOf(fit.generated);
        const m = fit.generated.mean;
        const O = setup.plan.original;
        const o = (j: number) => Array.from({ length: d }, (_, i) => O.points[j * d + i] + O.centre[i]);
        const t = (j: number) => Array.from(Y.subarray(j * d, (j + 1) * d));
        const eT = setup.plan.epsilonTrain[0];
        const eO = O.epsilon;
        let tt = 0;
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) tt += naiveDensity(t(i), t(j), scaledIdentity(d, 2 * eT * eT)) / (n * n);
        let oo = 0;
        for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) oo += naiveDensity(o(i), o(j), scaledIdentity(d, 2 * eO * eO)) / (N * N);
        let tg = 0;
        for (let i = 0; i < n; i++) tg += naiveDensity(m, t(i), addMatrices(SG, scaledIdentity(d, eT * eT))) / n;
        let og = 0;
        for (let i = 0; i < N; i++) og += naiveDensity(m, o(i), addMatrices(SG, scaledIdentity(d, eO * eO))) / N;
        const delta = tt - oo - 2 * (tg - og);
        expect(cols.deltaPositive[0][k]).toBe(delta > 0 ? 1 : 0);
        expect(cols.eTGFinitePart[0][k]).toBeCloseTo(tt - 2 * tg, 10);
        expect(cols.eOGFinitePart[0][k]).toBeCloseTo(oo - 2 * og, 10);
        if (n - 1 >= d) {
          const gg = naiveDensity(m, m, SG.map((v) => 2 * v));
          expect(cols.eTG[0][k] / (tt - 2 * tg + gg)).toBeCloseTo(1, 9);
          expect(cols.eOG[0][k] / (oo - 2 * og + gg)).toBeCloseTo(1, 9);
        } else {
          expect(cols.eTG[0][k]).toBe(Infinity);
        }
      }
    }
  });
});

describe('reproducibility, splitting and validation', () => {
  it('draw k depends only on (seed, k): any split into draw ranges gives the same columns', () => {
    const setup = planTransition({ d: 6, ns: [4, 8, 12], draws: 10, seed: 5, originalSize: 200, perCoordinate: true });
    const whole = transitionDraws(setup.plan, 0, 10);
    const parts = concatenateDraws([transitionDraws(setup.plan, 0, 3), transitionDraws(setup.plan, 3, 4), transitionDraws(setup.plan, 4, 10)]);
    for (const name of Object.keys(whole)) for (let t = 0; t < 3; t++) expect(Array.from(parts[name][t])).toEqual(Array.from(whole[name][t]));
    const r1 = summariseTransition(setup, whole);
    const r2 = transitionCurve({ d: 6, ns: [4, 8, 12], draws: 10, seed: 5, originalSize: 200, perCoordinate: true });
    expect(JSON.stringify(r2.rows)).toBe(JSON.stringify(r1.rows));
    expect(r1.rows[0].perCoordinate).toBeDefined();
  });

  it('d = 100 (the benchmark size) stays finite and unambiguous at n = d and n = d + 1', () => {
    const r = transitionCurve({ d: 100, ns: [100, 101], draws: 4, seed: 3, originalSize: 600 });
    const [a, b] = r.rows;
    expect(a.hellinger.mean).toBe(1);
    expect(b.hellinger.mean).toBeLessThan(1);
    expect(Number.isFinite(b.kl.mean)).toBe(true);
    expect(Number.isFinite(b.eTG.mean)).toBe(true);
    // Δ is ~1e-13 of ∫ρ_T² here; the analytic cancellation of the diagonals still resolves its sign.
    expect(a.logRelativeDelta.median).toBeLessThan(Math.log(1e-8));
    expect(a.ambiguous + b.ambiguous).toBe(0);
  });

  it('summary of infinite values: mean +∞, stderr 0 if all infinite, +∞ if some; never NaN', () => {
    expect(summary(Float64Array.from([Infinity, Infinity]))).toMatchObject({ mean: Infinity, stderr: 0, median: Infinity, finite: 0 });
    expect(summary(Float64Array.from([1, Infinity, 3]))).toMatchObject({ mean: Infinity, stderr: Infinity, median: 3, finite: 2 });
    expect(summary(Float64Array.from([1, 3]))).toMatchObject({ mean: 2, median: 2, finite: 2 });
  });

  it('rejects bad options naming the value', () => {
    const base = { d: 4, ns: [4], draws: 2, seed: 1, originalSize: 20 };
    expect(() => planTransition({ ...base, ns: [1] })).toThrow(/ns\[0\] = 1/);
    expect(() => planTransition({ ...base, ns: [5, 4] })).toThrow(/strictly increasing/);
    expect(() => planTransition({ ...base, draws: 0 })).toThrow(/draws = 0/);
    expect(() => planTransition({ ...base, sigma: -1 })).toThrow(/sigma = -1/);
    expect(() => planTransition({ ...base, mu: new Float64Array(3) })).toThrow(/invalid mu/);
    expect(() => planTransition({ ...base, orientation: 'x' as 'seed' })).toThrow(InvalidArgumentError);
    expect(() => planTransition({ ...base, kernelWidths: { train: 0, original: 1 } })).toThrow(/kernelWidths.train = 0/);
    expect(() => planTransition({ ...base, T: 0, lambda: 0 })).toThrow(/lambda = 0/);
    const other = drawOriginalSet({ mean: new Float64Array(4), variances: new Float64Array(4).fill(1), size: 20, seed: 1, epsilon: 0.1 });
    expect(() => planTransition({ ...base, original: other })).toThrow(/original.epsilon/);
  });
});
