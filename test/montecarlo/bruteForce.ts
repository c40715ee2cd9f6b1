import { cholesky, choleskyLogDet, choleskySolve } from '../../src/linalg/cholesky.js';
import { matmul, transpose } from '../../src/linalg/matrix.js';
import type { Random } from '../../src/random/random.js';
import { meanStderr, type MeanStderr } from '../../src/statistics/summaryStatistics.js';

/**
 * Test-only brute-force estimator (issue 2): for ONE drawn training set, fit W_t, b_t as plain
 * matrices (W = s(a²Σ̂ + (s² + c_t)I)⁻¹, b = −aWμ̂) and estimate the losses by literally sampling
 * ε and test points, the alignment by sampling noised inputs, and the KL by sampling
 * x ~ N(μ, Σ) and averaging log p − log q. Shares nothing with EmpiricalDraw's trace formulas.
 */
export function bruteForceMeasures(options: {
  samples: Float64Array;
  N: number;
  sigma: Float64Array; // population covariance, d × d
  mu: Float64Array;
  abar: number;
  ct: number;
  eps: number;
  knownMean: boolean;
  rng: Random;
  draws: number;
}): Record<'trainLoss' | 'testLoss' | 'alignment' | 'kl', MeanStderr> {
  const { samples: x, N, sigma, mu, abar, ct, eps, rng, draws } = options;
  const d = mu.length;
  const a = Math.sqrt(abar);
  const s = Math.sqrt(1 - abar);
  const muHat = new Float64Array(d);
  if (options.knownMean) muHat.set(mu);
  else for (let k = 0; k < N; k++) for (let i = 0; i < d; i++) muHat[i] += x[k * d + i] / N;
  const cov = new Float64Array(d * d);
  for (let k = 0; k < N; k++) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) cov[i * d + j] += ((x[k * d + i] - muHat[i]) * (x[k * d + j] - muHat[j])) / N;
  const fit = (c: Float64Array, m: Float64Array) => {
    const M = new Float64Array(d * d);
    for (let i = 0; i < d * d; i++) M[i] = a * a * c[i];
    for (let i = 0; i < d; i++) M[i * d + i] += s * s + ct;
    const inv = choleskySolve(cholesky(M, d), d, identityMatrix(d), d);
    const W = inv.map((v) => s * v);
    const b = new Float64Array(d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) b[i] -= a * W[i * d + j] * m[j];
    return { W, b };
  };
  const model = fit(cov, muHat);
  const ref = fit(sigma, mu);
  const Lsig = cholesky(sigma, d);
  const eps1 = new Float64Array(d);
  const g = new Float64Array(d);
  const xt = new Float64Array(d);
  const residual = (W: Float64Array, b: Float64Array, input: Float64Array, target: Float64Array | null) => {
    let sum = 0;
    for (let i = 0; i < d; i++) {
      let v = b[i];
      for (let j = 0; j < d; j++) v += W[i * d + j] * input[j];
      const r = (target ? target[i] : 0) - v;
      sum += r * r;
    }
    return sum;
  };
  const drawPopulation = (out: Float64Array) => {
    rng.fillNormal(g);
    for (let i = 0; i < d; i++) {
      let v = mu[i];
      for (let j = 0; j <= i; j++) v += Lsig[i * d + j] * g[j];
      out[i] = v;
    }
  };
  const train: number[] = [];
  const test: number[] = [];
  const align: number[] = [];
  const kl: number[] = [];
  const q = new Float64Array(d * d);
  for (let i = 0; i < d * d; i++) q[i] = cov[i];
  for (let i = 0; i < d; i++) q[i * d + i] += eps;
  const Lq = cholesky(q, d);
  const logDetQ = choleskyLogDet(Lq, d);
  const logDetP = choleskyLogDet(Lsig, d);
  const xs = new Float64Array(d);
  for (let r = 0; r < draws; r++) {
    // Train: a random training point, fresh noise.
    const k = r % N;
    rng.fillNormal(eps1);
    for (let i = 0; i < d; i++) xt[i] = a * x[k * d + i] + s * eps1[i];
    train.push(residual(model.W, model.b, xt, eps1));
    // Test: fresh data point and noise.
    drawPopulation(xs);
    rng.fillNormal(eps1);
    for (let i = 0; i < d; i++) xt[i] = a * xs[i] + s * eps1[i];
    test.push(residual(model.W, model.b, xt, eps1));
    // Alignment: difference of the two denoisers on the same noised test input.
    const diffW = model.W.map((v, i) => v - ref.W[i]);
    const diffB = model.b.map((v, i) => v - ref.b[i]);
    align.push(residual(diffW, diffB, xt, null));
    // KL: log p(x) − log q(x) at x ~ p.
    const dp = Float64Array.from(xs, (v, i) => v - mu[i]);
    const dq = Float64Array.from(xs, (v, i) => v - muHat[i]);
    const zp = choleskySolve(Lsig, d, dp);
    const zq = choleskySolve(Lq, d, dq);
    let qp = 0;
    let qq = 0;
    for (let i = 0; i < d; i++) {
      qp += dp[i] * zp[i];
      qq += dq[i] * zq[i];
    }
    kl.push(0.5 * (qq - qp + logDetQ - logDetP));
  }
  return { trainLoss: meanStderr(train), testLoss: meanStderr(test), alignment: meanStderr(align), kl: meanStderr(kl) };
}

function identityMatrix(d: number): Float64Array {
  const m = new Float64Array(d * d);
  for (let i = 0; i < d; i++) m[i * d + i] = 1;
  return m;
}

/** Σ = O diag(λ) Oᵀ as a dense matrix. */
export function covarianceFrom(lam: Float64Array, O: Float64Array): Float64Array {
  const d = lam.length;
  const OL = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) OL[i * d + j] = O[i * d + j] * lam[j];
  return matmul(OL, transpose(O, d, d), d, d, d);
}
