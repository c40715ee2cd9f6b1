import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { modelEnsemble } from '../../src/predictions/model/ensemble.js';
import { klCorrection, lossCorrections, resolventCorrections } from '../../src/predictions/finiteSize/finiteSizeCorrection.js';
import { finiteSizePhi } from '../../src/predictions/finiteSize/finiteSizePhi.js';
import { klDivergence } from '../../src/predictions/kl/klDivergence.js';
import { klDivergenceExact } from '../../src/predictions/kl/klDivergenceExact.js';
import { noiseLevel } from '../../src/predictions/model/noiseLevel.js';
import { solveKappa } from '../../src/selfconsistency/kappa/solveKappa.js';
import { createSpectrum, isotropicSpectrum, lowRankSpectrum, powerLawSpectrum, type Spectrum } from '../../src/spectra/index.js';
import { oracleCorrections } from './finiteSizeOracle.js';

/**
 * The analytic derivatives of Φ(w; λ, n) = ½ log(1 − γ) (docs/theory.md §6.2–6.3) against Φ itself.
 *
 * (a) Double-precision central differences of Φ and of the analytic first derivatives, step
 *     h = 1e-4 relative: truncation ~h² ≈ 1e-8 of the derivative plus rounding ~ε/h ≈ 1e-12 of
 *     the function value, so 1e-6 relative leaves a factor ~100 (the functions below vary on the
 *     scale of w or λ, not faster).
 * (b) A 90-digit decimal.js oracle (finiteSizeOracle.ts) that differentiates Φ numerically with
 *     truncation and rounding errors below 1e-30: the double-precision formulas must agree to
 *     1e-9 relative — the κ solve (1e-14), O(m ε) summation and the shifted variances K, L, C
 *     (which lose at most the factor (x̄ − x₀)²/Var, ≤ ~1e3 for the spectra drawn here).
 */
const FD_REL = 1e-6;
const ORACLE_REL = 1e-9;

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

const phiAt = (spectrum: Spectrum, n: number, w: number) => {
  const k = solveKappa({ spectrum, n, ridge: w });
  return resolventCorrections(spectrum, n, w, k.kappa);
};
const central = (f: (x: number) => number, x: number, h: number) => (f(x + h) - f(x - h)) / (2 * h);

/** Spectrum with the i-th distinct eigenvalue (all its copies) scaled by (1 + t). */
const moved = (s: Spectrum, i: number, t: number) =>
  createSpectrum(
    Array.from(s.eigenvalues, (l, j) => (j === i ? l * (1 + t) : l)),
    s.weights,
  );
/** Spectrum λ_i(1 + t b_i). */
const tilted = (s: Spectrum, b: (l: number) => number, t: number) =>
  createSpectrum(
    Array.from(s.eigenvalues, (l) => l * (1 + t * b(l))),
    s.weights,
  );

const SPECTRA: [string, Spectrum][] = [
  ['power law k=1, d=40', powerLawSpectrum({ d: 40, k: 1 })],
  ['low rank r=5 floor 1e-2, d=40', lowRankSpectrum({ d: 40, r: 5, floor: 1e-2 })],
  ['three values, fractional weights', createSpectrum([3, 0.7, 0.05], [4.5, 10, 20.25])],
];

describe('(a) analytic derivatives vs central differences of Φ (double precision)', () => {
  for (const [name, spectrum] of SPECTRA) {
    for (const nOverD of [0.5, 1, 2]) {
      for (const w of [1e-3, 0.1, 3]) {
        it(`${name}, n = ${nOverD}d, w = ${w}`, () => {
          const n = nOverD * spectrum.d;
          const here = phiAt(spectrum, n, w);
          const h = 1e-4 * w;
          // ∂_wΦ and ∂²_wΦ (through ∂_wΦ), against Φ.
          expect(rel(central((x) => phiAt(spectrum, n, x).logDet, w, h), here.trG)).toBeLessThan(FD_REL);
          expect(rel(-central((x) => phiAt(spectrum, n, x).trG, w, h), here.trG2)).toBeLessThan(FD_REL);
          // Σ-weighted: −(1/w) d/dt Φ(λ(1 + tλ)) and its −∂_w.
          const lmax = spectrum.eigenvalues[0];
          const sigmaG = (x: number) => -central((t) => phiAt(tilted(spectrum, (l) => l / lmax, t), n, x).logDet, 0, 1e-5) * (lmax / x);
          expect(rel(sigmaG(w), here.trSigmaG)).toBeLessThan(FD_REL);
          expect(rel(-central((x) => phiAt(spectrum, n, x).trSigmaG, w, h), here.trSigmaG2)).toBeLessThan(FD_REL);
          // ∂Φ/∂λ_i per copy and ∂_w∂Φ/∂λ_i, against Φ and against the analytic ∂Φ/∂λ_i.
          // Per eigenvalue the derivative can pass through 0 (it changes sign across the spectrum), so
          // the error is measured on the scale of the largest λ_i|∂_iΦ|, as finite differences make it.
          const p = finiteSizePhi({ spectrum, n, ridge: w });
          const ev = spectrum.eigenvalues;
          const s1 = Math.max(...Array.from(ev, (l, i) => l * Math.abs(p.dPhiDLambda[i])));
          const s2 = Math.max(...Array.from(ev, (l, i) => l * Math.abs(p.d2PhiDwDLambda[i])));
          for (let i = 0; i < ev.length; i++) {
            const li = ev[i];
            const per = (f: (s: Spectrum) => number) => central((t) => f(moved(spectrum, i, t)), 0, 1e-5) / (li * spectrum.weights[i]);
            expect(li * Math.abs(per((s) => phiAt(s, n, w).logDet) - p.dPhiDLambda[i])).toBeLessThan(FD_REL * s1);
            expect(li * Math.abs(per((s) => phiAt(s, n, w).trG) - p.d2PhiDwDLambda[i])).toBeLessThan(FD_REL * s2);
            const viaW = central((x) => finiteSizePhi({ spectrum, n, ridge: x }).dPhiDLambda[i], w, h);
            expect(li * Math.abs(viaW - p.d2PhiDwDLambda[i])).toBeLessThan(FD_REL * s2);
          }
        });
      }
    }
  }
});

describe('contractions of ∂Φ/∂λ_i are the trace corrections', () => {
  test.prop(
    [
      fc.array(fc.record({ e: fc.double({ min: -4, max: 4, noNaN: true }), w: fc.double({ min: 0.5, max: 20, noNaN: true }) }), { minLength: 1, maxLength: 12 }),
      fc.double({ min: -1, max: 1, noNaN: true }),
      fc.double({ min: -4, max: 2, noNaN: true }),
      fc.double({ min: 0, max: 3, noNaN: true }),
    ],
    { numRuns: 60, seed: 1212 },
  )('Σωλ∂Φ/∂λ = −w∂_wΦ; −(1/w)Σωλ²∂Φ/∂λ = c_ΣG; (c_ΣG + Σωλ²∂_w∂Φ/∂λ)/w = c_ΣG²; −(1/w)Σωbλ∂Φ/∂λ = c_B∞G', (xs, logRatio, logW, c) => {
    const spectrum = createSpectrum(xs.map((x) => 10 ** x.e), xs.map((x) => x.w));
    const n = Math.max(1, spectrum.d * 10 ** logRatio);
    const w = 10 ** logW;
    const zeta = w / (1 + c);
    const z = w;
    const p = finiteSizePhi({ spectrum, n, ridge: w });
    const k = resolventCorrections(spectrum, n, w, p.kappa, z, zeta);
    let homog = 0, sigma = 0, sigma2 = 0, binf = 0, scale = 0, scale2 = 0;
    spectrum.eigenvalues.forEach((l, i) => {
      const om = spectrum.weights[i];
      homog += om * l * p.dPhiDLambda[i];
      sigma += om * l * l * p.dPhiDLambda[i];
      sigma2 += om * l * l * p.d2PhiDwDLambda[i];
      binf += om * ((l + zeta) / (l + z)) * l * p.dPhiDLambda[i];
      scale += om * l * Math.abs(p.dPhiDLambda[i]);
      scale2 += om * l * l * Math.abs(p.d2PhiDwDLambda[i]);
    });
    // The contractions are sums of mixed-sign terms: compare on the scale of Σ|terms|.
    expect(Math.abs(homog + w * p.dPhiDw)).toBeLessThan(1e-12 * scale + 1e-300);
    expect(Math.abs(-sigma / w - k.trSigmaG)).toBeLessThan((1e-12 * scale * spectrum.eigenvalues[0]) / w + 1e-12 * k.trSigmaG);
    expect(Math.abs((k.trSigmaG + sigma2) / w - k.trSigmaG2)).toBeLessThan((1e-11 * (k.trSigmaG + scale2)) / w);
    expect(Math.abs(-binf / w - k.trBG)).toBeLessThan((1e-12 * scale) / w + 1e-12 * k.trBG);
  });
});

describe('(b) against the 90-digit decimal.js oracle', () => {
  const spectrumArb = fc
    .array(fc.record({ e: fc.double({ min: -12, max: 12, noNaN: true }), w: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.double({ min: 0.1, max: 50, noNaN: true })) }), { minLength: 1, maxLength: 5 })
    .map((xs) => createSpectrum(xs.map((x) => 10 ** x.e), xs.map((x) => x.w)));
  const caseArb = spectrumArb.chain((s) =>
    fc.tuple(
      fc.constant(s),
      fc.oneof(fc.constant(s.d), fc.double({ min: -2, max: 2, noNaN: true }).map((e) => Math.max(1, s.d * 10 ** e)), fc.constant(1e9)),
      fc.double({ min: -12, max: 12, noNaN: true }).map((e) => 10 ** e),
      fc.oneof(fc.constant(0), fc.double({ min: -3, max: 3, noNaN: true }).map((e) => 10 ** e)),
    ),
  );
  test.prop([caseArb], { numRuns: 40, seed: 20260512 })('every analytic correction to 1e-9 (spectra in 1e-12..1e12, n = d, n = 1e9, ridges 1e-12..1e12)', ([spectrum, n, w, c]) => {
    const zeta = w / (1 + c);
    const o = oracleCorrections(spectrum, n, w, w, zeta);
    const p = finiteSizePhi({ spectrum, n, ridge: w });
    const k = resolventCorrections(spectrum, n, w, p.kappa, w, zeta);
    expect(rel(k.logDet, o.phi), 'Φ').toBeLessThan(ORACLE_REL);
    expect(rel(k.trG, o.trG), '∂_wΦ').toBeLessThan(ORACLE_REL);
    expect(rel(k.trG2, o.trG2), '−∂²_wΦ').toBeLessThan(ORACLE_REL);
    expect(rel(k.trSigmaG, o.trSigmaG), 'c_ΣG').toBeLessThan(ORACLE_REL);
    expect(rel(k.trSigmaG2, o.trSigmaG2), 'c_ΣG²').toBeLessThan(ORACLE_REL);
    expect(rel(k.trBG, o.trBG), 'c_B∞G').toBeLessThan(ORACLE_REL);
    // Per eigenvalue, on the scale of the largest |term| (a single ∂Φ/∂λ_i may pass through 0).
    const s1 = Math.max(...o.dPhiDLambda.map((x, i) => Math.abs(x) * spectrum.eigenvalues[i]));
    const s2 = Math.max(...o.d2PhiDwDLambda.map((x, i) => Math.abs(x) * spectrum.eigenvalues[i]));
    o.dPhiDLambda.forEach((x, i) => expect(Math.abs(p.dPhiDLambda[i] - x) * spectrum.eigenvalues[i], `∂Φ/∂λ_${i}`).toBeLessThanOrEqual(ORACLE_REL * s1));
    o.d2PhiDwDLambda.forEach((x, i) => expect(Math.abs(p.d2PhiDwDLambda[i] - x) * spectrum.eigenvalues[i], `∂_w∂Φ/∂λ_${i}`).toBeLessThanOrEqual(ORACLE_REL * s2));
  });

  it('the loss and KL corrections are the THEORY.md §5 combinations of the oracle traces (both mean modes, c > 0)', () => {
    const spectrum = createSpectrum([5, 1, 0.02], [3, 8, 13]);
    for (const mean of ['estimated', 'known'] as const) {
      for (const N of [7, 24, 200]) {
        const ens = modelEnsemble(N, mean);
        const level = noiseLevel(0.6, { c: 0.3 });
        const w = ens.r * level.z;
        const kappa = solveKappa({ spectrum, n: ens.n, ridge: w }).kappa;
        const o = oracleCorrections(spectrum, ens.n, w, level.z, level.zeta);
        const { zeta, z } = level;
        const { r, meanFactor: m } = ens;
        // Naive (THEORY.md §5): L_train = d − ζ tr G + ζ(ζ − z) tr G², L_test = d − 2ζ tr G + ζ² tr G² + ζ(1 + m) tr ΣG²,
        // A = ζ[tr G²(Σ+ζ) − 2 tr G G∞(Σ+ζ) + tr G∞²(Σ+ζ) + m tr ΣG²], G = r G_Ŝ(r z).
        const parts = {
          trainLoss: [-zeta * r * o.trG, zeta * (zeta - z) * r * r * o.trG2],
          testLoss: [-2 * zeta * r * o.trG, zeta * zeta * r * r * o.trG2, zeta * (1 + m) * r * r * o.trSigmaG2],
          alignment: [zeta * r * r * (o.trSigmaG2 + zeta * o.trG2), -2 * zeta * r * o.trBG, zeta * m * r * r * o.trSigmaG2],
        };
        const got = lossCorrections(spectrum, ens, level, kappa);
        for (const [name, ps] of Object.entries(parts) as [keyof typeof parts, number[]][]) {
          const want = ps.reduce((a, b) => a + b, 0);
          const scale = ps.reduce((a, b) => a + Math.abs(b), 0);
          expect(Math.abs(got.measures[name] - want), `${mean} N=${N} ${name}`).toBeLessThan(ORACLE_REL * scale);
        }
        const gapWant = parts.testLoss.reduce((a, b) => a + b, 0) - parts.trainLoss.reduce((a, b) => a + b, 0);
        expect(Math.abs(got.measures.gap - gapWant)).toBeLessThan(ORACLE_REL * [...parts.testLoss, ...parts.trainLoss].reduce((a, b) => a + Math.abs(b), 0));
        expect(got.measures.referenceLoss).toBe(0);
        // KL: ½[(1 + m) tr Σ(Σ̂+ε)⁻¹ correction + Φ], (Σ̂ + ε)⁻¹ = r G_Ŝ(rε).
        const eps = 0.05;
        const we = ens.r * eps;
        const ke = oracleCorrections(spectrum, ens.n, we);
        const kl = klCorrection(spectrum, ens, eps, solveKappa({ spectrum, n: ens.n, ridge: we }).kappa);
        const a = (1 + m) * r * ke.trSigmaG;
        expect(Math.abs(kl.kl - 0.5 * (a + ke.phi))).toBeLessThan(ORACLE_REL * 0.5 * (Math.abs(a) + Math.abs(ke.phi)));
      }
    }
  });
});

describe('closed forms', () => {
  it('isotropic Σ = σ²I: c_ΣG = σ² c_G, c_ΣG² = σ² c_G², c_B∞G = (σ²+ζ)/(σ²+z) c_G', () => {
    for (const [d, n, w] of [
      [50, 100, 0.1],
      [64, 16, 1e-6],
      [64, 64, 1e-3],
      [30, 300, 10],
    ]) {
      const s2 = 2.5;
      const spectrum = isotropicSpectrum({ d, variance: s2 });
      const k = solveKappa({ spectrum, n, ridge: w });
      const zeta = w / 3;
      const c = resolventCorrections(spectrum, n, w, k.kappa, w, zeta);
      expect(rel(c.trSigmaG, s2 * c.trG)).toBeLessThan(1e-12);
      expect(rel(c.trSigmaG2, s2 * c.trG2)).toBeLessThan(1e-12);
      expect(rel(c.trBG, ((s2 + zeta) / (s2 + w)) * c.trG)).toBeLessThan(1e-12);
    }
  });

  it('the issue author’s check: isotropic d = 50, n = 100, w = 0.1 gives ∂_wΦ = 0.760', () => {
    const c = phiAt(isotropicSpectrum({ d: 50 }), 100, 0.1);
    expect(c.trG).toBeCloseTo(0.7604, 4);
  });

  /**
   * Exact Wishart inverse moments (W = nŜ ~ W_d(n, Σ), H_k = tr Σ^{-k}, a = n − d):
   *   E tr Ŝ⁻¹ = n H1/(a − 1),  E tr ΣŜ⁻¹ = n d/(a − 1),
   *   E tr Ŝ⁻² = n²[(a − 1)H2 + H1²]/(a(a − 1)(a − 3)),  E tr ΣŜ⁻² = n²(n − 1)H1/(a(a − 1)(a − 3)).
   * The w = 0 deterministic equivalents are n H1/a, n d/a, n²(H2 + H1²/a)/a², n³H1/a³, and the
   * corrections at w = 0 (κ = 0 exactly) must be exactly their first order in 1/a: what is left is O(1/a²)
   * relative, checked as a residual that falls 4× when a doubles.
   */
  it('w = 0, n > d: corrections = first order in 1/(n − d) of the exact Wishart inverse moments', () => {
    const spectrum = createSpectrum([4, 1, 0.25], [2, 3, 5]);
    const d = spectrum.d;
    const H1 = 2 / 4 + 3 + 5 * 4;
    const H2 = 2 / 16 + 3 + 5 * 16;
    const residuals = [40, 80, 160].map((a) => {
      const n = d + a;
      const c = resolventCorrections(spectrum, n, 0, 0);
      const exact = {
        trG: (n * H1) / (a - 1),
        trSigmaG: (n * d) / (a - 1),
        trG2: (n * n * ((a - 1) * H2 + H1 * H1)) / (a * (a - 1) * (a - 3)),
        trSigmaG2: (n * n * (n - 1) * H1) / (a * (a - 1) * (a - 3)),
      };
      const de = { trG: (n * H1) / a, trSigmaG: (n * d) / a, trG2: (n * n * (H2 + (H1 * H1) / a)) / (a * a), trSigmaG2: (n * n * n * H1) / (a * a * a) };
      return {
        trG: Math.abs(exact.trG - de.trG - c.trG) / exact.trG,
        trSigmaG: Math.abs(exact.trSigmaG - de.trSigmaG - c.trSigmaG) / exact.trSigmaG,
        trG2: Math.abs(exact.trG2 - de.trG2 - c.trG2) / exact.trG2,
        trSigmaG2: Math.abs(exact.trSigmaG2 - de.trSigmaG2 - c.trSigmaG2) / exact.trSigmaG2,
        asym: Math.abs(exact.trSigmaG - de.trSigmaG) / exact.trSigmaG,
      };
    });
    for (const key of ['trG', 'trSigmaG', 'trG2', 'trSigmaG2'] as const) {
      // First order removed: residual ≤ 20/a² and it scales like 1/a² (ratio ≈ 4 per doubling).
      residuals.forEach((r, i) => expect(r[key], `${key} at a = ${40 << i}`).toBeLessThan(20 / (40 << i) ** 2));
      expect(residuals[0][key] / residuals[1][key]).toBeGreaterThan(3.2);
      expect(residuals[1][key] / residuals[2][key]).toBeGreaterThan(3.2);
    }
    // Exactly: E tr ΣŜ⁻¹ − DE − c_Σ = n d/(a²(a − 1)).
    const a = 40;
    const n = d + a;
    expect(rel((n * d) / (a - 1) - (n * d) / a - resolventCorrections(spectrum, n, 0, 0).trSigmaG, (n * d) / (a * a * (a - 1)))).toBeLessThan(1e-9);
    expect(residuals[0].asym).toBeGreaterThan(0.02);
  });

  it('KL at ε = 0 against the exact Wishart E KL (both mean modes): first order removes the O(1/d) error', () => {
    const spectrum = powerLawSpectrum({ d: 20, k: 1 });
    for (const mean of ['estimated', 'known'] as const) {
      let previous = 0;
      for (const N of [40, 60, 100, 400, 1600, 1e5]) {
        const exact = klDivergenceExact({ spectrum, N, mean });
        const k = klDivergence({ spectrum, N, eps: 0, mean, finiteSize: 'first-order', exactAtZero: false });
        expect(k.finiteSize.applied).toBe(true);
        const asym = Math.abs(k.asymptotic.kl - exact);
        const corr = Math.abs(k.kl - exact);
        // Asymptotic: −4.4 % … −11 %; corrected: 100× smaller at N = 100, and the gain grows with N.
        expect(asym / exact, `${mean} N=${N}`).toBeGreaterThan(0.04);
        const gain = asym / corr;
        expect(gain, `${mean} N=${N}`).toBeGreaterThan(N >= 60 ? 25 : 10);
        expect(gain).toBeGreaterThan(previous);
        previous = gain;
      }
    }
  });
});
