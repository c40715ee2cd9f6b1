import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random/random.js';
import { symmetricEigen } from '../../src/linalg/symmetricEigen.js';
import { solveKappa } from '../../src/selfconsistency/kappa/solveKappa.js';
import { spectralDensity } from '../../src/selfconsistency/limitingMeasure/spectralDensity.js';
import { spectralExpectation } from '../../src/selfconsistency/limitingMeasure/spectralExpectation.js';
import { createSpectrum, expandEigenvalues, type Spectrum } from '../../src/spectra/index.js';

/**
 * Draws of the n-sample ensemble at d = 400 against the deterministic-equivalent measures.
 * Σ is taken diagonal (the spectrum of Ŝ, and v_jᵀΣv_j, are invariant under rotating Σ).
 *
 * Tolerances (stated, not tuned):
 * - mass per bin: the count in a bin of predicted mass p has, per draw, variance ≤ d p(1 − p)
 *   (binomial; eigenvalues are in fact far more rigid), so the mean over D draws is within
 *   4 sqrt(d p(1 − p)/D); plus an edge allowance of 1.5 eigenvalues for the two bins that touch
 *   each cluster's edges (the extreme eigenvalues fluctuate on the d^{-2/3} Tracy–Widom scale and
 *   the finite-d edges are shifted by O(d^{-2/3}) relative to the limiting ones) and 0.5 elsewhere
 *   (the O(1) finite-d bias of the deterministic equivalent, spread over ~20 bins).
 * - E tr f(Ŝ), E tr Σ f(Ŝ): 4 standard errors + 2/d relative (the repository-wide finite-size
 *   allowance: the linear-statistic bias of the deterministic equivalent is O(1) absolute).
 */
const d = 400;
const DRAWS = 6;

interface Draw {
  values: Float64Array;
  /** v_jᵀ Σ v_j for the eigenvector of values[j]. */
  sigmaWeights: Float64Array;
}

/** Eigenvalues of Ŝ = (1/n) XᵀX, rows of X ~ N(0, diag(lam)), with Σ-weights of the eigenvectors. */
function draw(lam: Float64Array, n: number, rng: Random): Draw {
  const x = new Float64Array(n * d);
  rng.fillNormal(x);
  const sd = lam.map(Math.sqrt);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) x[r * d + j] *= sd[j];
  const s = new Float64Array(d * d);
  for (let r = 0; r < n; r++) {
    const row = r * d;
    for (let i = 0; i < d; i++) {
      const xi = x[row + i];
      const si = i * d;
      for (let j = i; j < d; j++) s[si + j] += xi * x[row + j];
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = s[i * d + j] / n;
      s[i * d + j] = v;
      s[j * d + i] = v;
    }
  }
  const e = symmetricEigen(s, d, { vectors: true });
  const v = e.vectors!;
  const sigmaWeights = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let t = 0;
    for (let r = 0; r < d; r++) t += lam[r] * v[r * d + j] * v[r * d + j];
    sigmaWeights[j] = t;
  }
  return { values: e.values, sigmaWeights };
}

const meanSe = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
  return { mean: m, se: Math.sqrt(v / xs.length) };
};

/** Predicted per-dimension mass of [x(θ0), x(θ1)] in a cluster, by Simpson in θ (the integrand is smooth in θ). */
function binMasses(spectrum: Spectrum, n: number, lo: number, hi: number, bins: number): { edges: number[]; mass: number[] } {
  const panels = 64;
  const thetas: number[] = [];
  for (let b = 0; b < bins; b++) {
    for (let k = 0; k <= panels; k++) thetas.push(((b + k / panels) * Math.PI) / 2 / bins);
  }
  const xs = thetas.map((t) => lo + (hi - lo) * Math.sin(t) ** 2);
  const inside = xs.map((x) => Math.min(Math.max(x, lo), hi));
  const dens = spectralDensity({ spectrum, n, x: inside });
  const edges: number[] = [lo];
  const mass: number[] = [];
  for (let b = 0; b < bins; b++) {
    const h = Math.PI / 2 / bins / panels;
    let s = 0;
    for (let k = 0; k <= panels; k++) {
      const i = b * (panels + 1) + k;
      const g = dens.density[i] * (hi - lo) * Math.sin(2 * thetas[i]);
      s += (k === 0 || k === panels ? 1 : k % 2 === 1 ? 4 : 2) * g;
    }
    mass.push((s * h) / 3);
    edges.push(lo + (hi - lo) * Math.sin(((b + 1) * Math.PI) / 2 / bins) ** 2);
  }
  edges[edges.length - 1] = hi;
  return { edges, mass };
}

describe('spectral measures against Monte Carlo (d = 400)', () => {
  // Two population clusters (10 × 80, 1 × 320): two sample clusters at n = 800.
  const spectrum = createSpectrum([10, 1], [80, 320]);
  const lam = expandEigenvalues(spectrum);

  it('n = 800: mass per bin, E tr e^{-3Ŝ} and E tr Σ e^{-3Ŝ}', () => {
    const n = 800;
    const draws = Array.from({ length: DRAWS }, (_, k) => draw(lam, n, Random.forStream(20260401, k)));
    const support = spectralDensity({ spectrum, n, points: 50 }).support;
    expect(support.clusters.length).toBe(2);
    for (const cl of support.clusters) {
      const bins = 10;
      const { edges, mass } = binMasses(spectrum, n, cl.lo, cl.hi, bins);
      for (let b = 0; b < bins; b++) {
        const counts = draws.map((dr) => dr.values.filter((x) => x >= edges[b] && x < edges[b + 1]).length);
        const mean = counts.reduce((a, c) => a + c, 0) / DRAWS;
        const p = mass[b];
        const sd = Math.sqrt((d * p * (1 - p)) / DRAWS);
        const allowance = b === 0 || b === bins - 1 ? 1.5 : 0.5;
        expect(Math.abs(mean - d * p), `bin ${b} of [${cl.lo}, ${cl.hi}]: MC ${mean} vs ${d * p}`).toBeLessThan(4 * sd + allowance);
      }
    }
    const f = (x: number) => Math.exp(-3 * x);
    for (const weight of ['count', 'sigma'] as const) {
      const theory = spectralExpectation({ spectrum, n, f, weight }).value;
      const mc = meanSe(draws.map((dr) => dr.values.reduce((a, x, j) => a + (weight === 'count' ? 1 : dr.sigmaWeights[j]) * f(x), 0)));
      expect(Math.abs(theory - mc.mean), `${weight}: theory ${theory} vs MC ${mc.mean} ± ${mc.se}`).toBeLessThan(4 * mc.se + (2 * theory) / d);
    }
  });

  it('n = 300 < d: the atom at 0 carries exactly d − n eigenvalues and Σ-weight ≈ n κ0', () => {
    const n = 300;
    const draws = Array.from({ length: 4 }, (_, k) => draw(lam, n, Random.forStream(777, k)));
    const k0 = solveKappa({ spectrum, n, ridge: 0 }).kappa;
    const support = spectralDensity({ spectrum, n, points: 50 }).support;
    expect(support.atomAtZero).toBe(0.25);
    const nullWeights: number[] = [];
    for (const dr of draws) {
      const top = dr.values[d - 1];
      let zeros = 0;
      let w = 0;
      for (let j = 0; j < d; j++) {
        if (dr.values[j] < 1e-10 * top) {
          zeros++;
          w += dr.sigmaWeights[j];
        }
      }
      expect(zeros).toBe(d - n);
      // every non-zero eigenvalue lies in the support (up to the edge allowance of 5% of the width)
      const [lo, hi] = [support.intervals[0][0], support.intervals[support.intervals.length - 1][1]];
      for (let j = d - n; j < d; j++) {
        expect(dr.values[j]).toBeGreaterThan(lo - 0.05 * (hi - lo));
        expect(dr.values[j]).toBeLessThan(hi + 0.05 * (hi - lo));
      }
      nullWeights.push(w);
    }
    const mc = meanSe(nullWeights);
    expect(Math.abs(mc.mean - n * k0), `Σ-atom: theory ${n * k0} vs MC ${mc.mean} ± ${mc.se}`).toBeLessThan(4 * mc.se + (2 * n * k0) / d);
    // and the continuous part: E tr e^{-3Ŝ} including the atom
    const f = (x: number) => Math.exp(-3 * x);
    const theory = spectralExpectation({ spectrum, n, f, weight: 'count' }).value;
    const tr = meanSe(draws.map((dr) => dr.values.reduce((a, x) => a + f(x), 0)));
    expect(Math.abs(theory - tr.mean)).toBeLessThan(4 * tr.se + (2 * theory) / d);
  });
});
