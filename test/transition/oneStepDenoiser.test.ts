import { Matrix, pseudoInverse } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { covarianceOf } from '../../src/transition/eigenGaussian.js';
import { fitOneStep } from '../../src/transition/oneStepDenoiser.js';
import { Random } from '../../src/random/random.js';

const T = 2;
const lambda = Math.exp(-4);
const a = Math.exp(-T);
const s2 = lambda * (1 - Math.exp(-2 * T));

function trainingPairs(n: number, d: number, seed: number): { Y: Float64Array; X: Float64Array } {
  const rng = new Random(seed);
  const Y = new Float64Array(n * d);
  const X = new Float64Array(n * d);
  rng.fillNormal(Y);
  rng.fillNormal(X);
  for (let i = 0; i < n * d; i++) {
    Y[i] = 10 + Y[i];
    X[i] = a * Y[i] + Math.sqrt(s2) * X[i];
  }
  return { Y, X };
}

/** Oracle: centre, then θ1ᵀ = pinv(x) y (minimum-norm least squares, intercept unpenalised). */
function oracle(Y: Float64Array, X: Float64Array, n: number, d: number) {
  const yMean = new Array(d).fill(0);
  const xMean = new Array(d).fill(0);
  for (let k = 0; k < n; k++) for (let i = 0; i < d; i++) {
    yMean[i] += Y[k * d + i] / n;
    xMean[i] += X[k * d + i] / n;
  }
  const x = new Matrix(n, d);
  const y = new Matrix(n, d);
  for (let k = 0; k < n; k++) for (let i = 0; i < d; i++) {
    x.set(k, i, X[k * d + i] - xMean[i]);
    y.set(k, i, Y[k * d + i] - yMean[i]);
  }
  const theta1 = pseudoInverse(x).mmul(y).transpose(); // θ1 = (x⁺ y)ᵀ
  const theta0 = yMean.map((v, i) => v - xMean.reduce((s, xm, j) => s + theta1.get(i, j) * xm, 0));
  let yy = 0;
  for (let k = 0; k < n; k++) for (let i = 0; i < d; i++) yy += (Y[k * d + i] - yMean[i]) ** 2;
  const sigmaX2 = (a * a * yy) / (n * d) + s2;
  const muX = yMean.map((v) => a * v);
  const mean = theta0.map((v, i) => v + muX.reduce((s, m, j) => s + theta1.get(i, j) * m, 0));
  return { theta1, theta0, sigmaX2, muX, mean, x, y };
}

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('one-step denoiser (seed eq. 15–17): exact least squares, minimum-norm when n ≤ d', () => {
  for (const [n, d] of [
    [5, 8],
    [8, 8],
    [9, 8],
    [10, 8],
    [40, 8],
    [2, 3],
  ]) {
    it(`n = ${n}, d = ${d}: θ0, θ1, μ_X, σ_X², mean and both covariances match the ml-matrix pseudo-inverse`, () => {
      const { Y, X } = trainingPairs(n, d, 100 + n);
      const o = oracle(Y, X, n, d);
      const theta1 = Float64Array.from(o.theta1.to1DArray());
      const scale = Math.max(...theta1.map(Math.abs));
      for (const orientation of ['model', 'seed'] as const) {
        const fit = fitOneStep({ Y, X, n, d, T, lambda, orientation, theta: true });
        expect(fit.rank).toBe(Math.min(n - 1, d));
        expect(fit.generated.values.length).toBe(Math.min(n - 1, d));
        expect(maxAbs(fit.theta1!, theta1) / scale).toBeLessThan(1e-9);
        expect(maxAbs(fit.theta0!, o.theta0) / (1 + scale)).toBeLessThan(1e-9);
        expect(fit.sigmaX2).toBeCloseTo(o.sigmaX2, 13);
        expect(maxAbs(fit.muX, o.muX)).toBeLessThan(1e-13);
        expect(maxAbs(fit.generated.mean, o.mean) / (1 + scale)).toBeLessThan(1e-9);
        const t = o.theta1;
        const expected = (orientation === 'model' ? t.mmul(t.transpose()) : t.transpose().mmul(t)).mul(o.sigmaX2);
        const cov = covarianceOf(fit.generated);
        expect(maxAbs(cov, expected.to1DArray()) / Math.max(...expected.to1DArray().map(Math.abs))).toBeLessThan(1e-9);
      }
    });
  }

  it('the two orientations share eigenvalues but not eigenvectors: model in span{Y_k − Ȳ}, seed in span{X_k − X̄}', () => {
    const n = 5;
    const d = 8;
    const { Y, X } = trainingPairs(n, d, 7);
    const o = oracle(Y, X, n, d);
    const m = fitOneStep({ Y, X, n, d, T, lambda, orientation: 'model' });
    const s = fitOneStep({ Y, X, n, d, T, lambda, orientation: 'seed' });
    expect(maxAbs(Float64Array.from(m.generated.values).sort(), Float64Array.from(s.generated.values).sort()) / m.generated.values[0]).toBeLessThan(1e-12);
    const residual = (basis: Matrix, v: Float64Array) => {
      // ‖v − P v‖ with P the projector on the row space of `basis` (via the pseudo-inverse).
      const vm = Matrix.rowVector(Array.from(v));
      const proj = vm.mmul(pseudoInverse(basis)).mmul(basis);
      return Math.sqrt(vm.sub(proj).to1DArray().reduce((t, x) => t + x * x, 0));
    };
    for (let j = 0; j < m.rank; j++) {
      expect(residual(o.y, m.generated.vectors.subarray(j * d, (j + 1) * d))).toBeLessThan(1e-10);
      expect(residual(o.x, s.generated.vectors.subarray(j * d, (j + 1) * d))).toBeLessThan(1e-10);
    }
    // …and they really differ: a model eigenvector is not in span{X_k − X̄}.
    expect(residual(o.x, m.generated.vectors.subarray(0, d))).toBeGreaterThan(1e-3);
  });

  it('n ≤ d interpolates: θ1 (X_k − X̄) = Y_k − Ȳ for every training pair', () => {
    const n = 6;
    const d = 10;
    const { Y, X } = trainingPairs(n, d, 9);
    const fit = fitOneStep({ Y, X, n, d, T, lambda, theta: true });
    const o = oracle(Y, X, n, d);
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += fit.theta1![i * d + j] * o.x.get(k, j);
        expect(s).toBeCloseTo(o.y.get(k, i), 9);
      }
    }
  });

  it('rejects bad input naming the value', () => {
    const { Y, X } = trainingPairs(4, 3, 1);
    expect(() => fitOneStep({ Y, X, n: 1, d: 3, T, lambda })).toThrow(/invalid n = 1/);
    expect(() => fitOneStep({ Y, X, n: 5, d: 3, T, lambda })).toThrow(/invalid Y/);
    expect(() => fitOneStep({ Y, X, n: 4, d: 3, T: -1, lambda })).toThrow(/invalid T = -1/);
    expect(() => fitOneStep({ Y, X, n: 4, d: 3, T, lambda, orientation: 'other' as 'model' })).toThrow(InvalidArgumentError);
    const bad = Float64Array.from(Y);
    bad[4] = NaN;
    expect(() => fitOneStep({ Y: bad, X, n: 4, d: 3, T, lambda })).toThrow(/Y\[4\]/);
  });
});
