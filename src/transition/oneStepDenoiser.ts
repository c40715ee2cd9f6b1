/**
 * The one-step linear denoiser of the onset-of-memorization paper (eq. 15–17, docs/theory.md §9), fitted exactly.
 *
 * Training pairs (Y_k, X_k), k = 1..n, with X_k = e^(−T) Y_k + √Δ_T Z_k, Δ_T = λ(1 − e^(−2T)).
 * Least squares Y ≈ θ0 + θ1 X (eq. 15): with the centred n × d matrices y, x (rows Y_k − Ȳ,
 * X_k − X̄),
 *
 *     θ1 = yᵀ x (xᵀx)⁺ = yᵀ (x xᵀ)⁺ x,   θ0 = Ȳ − θ1 X̄.
 *
 * (Eq. 15 prints θ1ᵀ = (xᵀx)⁻¹xᵀy: the same matrix, written for the row convention.) The centred
 * x has rank min(n − 1, d) with probability 1. When n − 1 < d (i.e. n ≤ d) xᵀx is singular and
 * the problem has infinitely many solutions; we take the minimum-norm one, the pseudo-inverse —
 * which is what `sklearn.linear_model.LinearRegression` (the onset-of-memorization paper’s authors' code) returns too.
 * It is computed exactly through the eigendecomposition of the smaller Gram matrix: x xᵀ
 * (n × n, rank n − 1: its one null direction is the constant vector removed by centring) when
 * n ≤ d, xᵀx (d × d, full rank) otherwise. The rank is known a priori, so no threshold decides
 * which eigenvalues count as zero.
 *
 * Generation (eq. 16): X ~ N(μ_X, σ_X² I) with
 *     μ_X = e^(−T) Ȳ,   σ_X² = e^(−2T) (1/(n d)) Σ_k ‖Y_k − Ȳ‖² + Δ_T,
 * i.e. the Gaussian approximation of the noised training set, with its moments estimated from
 * the training data (normalised by n as printed in eq. 16; the authors' code uses torch.var,
 * normalised by n − 1 — a relative difference of 1/n in the data part). Then Y = θ0 + θ1 X is
 *     ρ_G = N(θ0 + θ1 μ_X, σ_X² θ1 θ1ᵀ)        ("model" orientation: this is what Y = θ0 + θ1X gives)
 * or σ_X² θ1ᵀθ1 ("seed" orientation: eq. 17 and the authors' code, `sigma.t() @ sigma`). The two
 * share their eigenvalues (the squared singular values of θ1, times σ_X²) but not their
 * eigenvectors: the model covariance lives in span{Y_k − Ȳ} (the training points' affine hull),
 * the `seed`-orientation one in span{X_k − X̄}. Both have rank min(n − 1, d).
 *
 * Mean: θ0 + θ1 μ_X = Ȳ + θ1 (μ_X − X̄).
 */
import { InvalidArgumentError } from '../errors.js';
import { requireFinite, requireInteger, requireNonNegative } from '../validate.js';
import type { EigenGaussian } from './eigenGaussian.js';
import { requireFiniteFloat64Array } from '../linalg/matrix.js';
import { symmetricEigen } from '../linalg/symmetricEigen.js';

/** Which covariance the generated law gets: σ_X² θ1θ1ᵀ ('model', default) or σ_X² θ1ᵀθ1 ('seed', eq. 17). */
export type Orientation = 'model' | 'seed';

/** Options of the one-step linear denoiser fit (docs/theory.md §9). */
export interface OneStepFitOptions {
  /** Clean training samples Y (row-major, at least n rows of d). */
  Y: Float64Array;
  /** Noised inputs X (row-major, at least n rows of d). */
  X: Float64Array;
  /** Number of training pairs used (the first n rows), ≥ 2. */
  n: number;
  /** Dimension d of one sample. */
  d: number;
  /** Diffusion time T (the scale e^(−T) of eq. 16). */
  T: number;
  /** Noise scale λ ≥ 0 (Δ_T = λ(1 − e^(−2T))). */
  lambda: number;
  /** Generated covariance σ_X²θ1θ1ᵀ ('model', default) or σ_X²θ1ᵀθ1 as printed in the onset-of-memorization paper ('seed'). */
  orientation?: Orientation;
  /** Also return θ0 and θ1 (d × d; costs O(r·d²)). */
  theta?: boolean;
}

export interface OneStepFit {
  n: number;
  d: number;
  /** rank of θ1 and of the generated covariance: min(n − 1, d). */
  rank: number;
  /** Ȳ. */
  yMean: Float64Array;
  /** μ_X = e^(−T) Ȳ (eq. 16). */
  muX: Float64Array;
  /** σ_X² (eq. 16). */
  sigmaX2: number;
  /** Squared singular values of θ1 (its non-zero ones), descending. */
  thetaSingularValues2: Float64Array;
  /** ρ_G in the requested orientation. */
  generated: EigenGaussian;
  orientation: Orientation;
  /** θ0 (length d) when requested. */
  theta0?: Float64Array;
  /** θ1 (d × d row-major, Y_a = θ0_a + Σ_b θ1[a·d + b] X_b) when requested. */
  theta1?: Float64Array;
}

/**
 * Fit the one-step denoiser on the first n training pairs and return its generated law.
 *
 * @example
 * ```ts
 * fitOneStep({ Y, X, n: 20, d: 2, T: 1, lambda: 0.1 });   // { rank: 2, yMean, muX, sigmaX2, generated: EigenGaussian, … }
 * ```
 */
export function fitOneStep(options: OneStepFitOptions): OneStepFit {
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('options', options, 'must be an object');
  const d = requireInteger('d', options.d, 1);
  const n = requireInteger('n', options.n, 2);
  const T = requireNonNegative('T', options.T);
  const lambda = requireNonNegative('lambda', options.lambda);
  const orientation = options.orientation ?? 'model';
  if (orientation !== 'model' && orientation !== 'seed') throw new InvalidArgumentError('orientation', orientation, "must be 'model' or 'seed'");
  if (!(options.Y instanceof Float64Array) || options.Y.length < n * d) throw new InvalidArgumentError('Y', options.Y?.length, `must be a Float64Array with at least n·d = ${n * d} entries`);
  if (!(options.X instanceof Float64Array) || options.X.length < n * d) throw new InvalidArgumentError('X', options.X?.length, `must be a Float64Array with at least n·d = ${n * d} entries`);
  requireFiniteFloat64Array('Y', options.Y.subarray(0, n * d), n * d);
  requireFiniteFloat64Array('X', options.X.subarray(0, n * d), n * d);
  requireFinite('T', T);
  return fitOneStepKernel(options.Y, options.X, n, d, Math.exp(-T), lambda * -Math.expm1(-2 * T), orientation, options.theta === true);
}

/**
 * Kernel of {@link fitOneStep}: `a` = e^(−T), `s2` = Δ_T. Work arrays are allocated per call;
 * the cost is O(n d min(n, d) + min(n, d)³ + d·r²) plus one eigendecomposition of size r.
 */
export function fitOneStepKernel(
  Y: Float64Array,
  X: Float64Array,
  n: number,
  d: number,
  a: number,
  s2: number,
  orientation: Orientation,
  wantTheta: boolean,
): OneStepFit {
  const yMean = new Float64Array(d);
  const xMean = new Float64Array(d);
  for (let k = 0; k < n; k++) {
    const o = k * d;
    for (let i = 0; i < d; i++) {
      yMean[i] += Y[o + i];
      xMean[i] += X[o + i];
    }
  }
  for (let i = 0; i < d; i++) {
    yMean[i] /= n;
    xMean[i] /= n;
  }
  const y = new Float64Array(n * d);
  const x = new Float64Array(n * d);
  let yy = 0;
  for (let k = 0; k < n; k++) {
    const o = k * d;
    for (let i = 0; i < d; i++) {
      const yv = Y[o + i] - yMean[i];
      y[o + i] = yv;
      x[o + i] = X[o + i] - xMean[i];
      yy += yv * yv;
    }
  }
  const sigmaX2 = (a * a * yy) / (n * d) + s2;
  const muX = new Float64Array(d);
  const v = new Float64Array(d); // μ_X − X̄
  for (let i = 0; i < d; i++) {
    muX[i] = a * yMean[i];
    v[i] = muX[i] - xMean[i];
  }
  const core = n - 1 >= d ? primal(y, x, n, d, v, orientation, wantTheta) : dual(y, x, n, d, v, orientation, wantTheta);
  const r = core.mu.length;
  const mean = new Float64Array(d);
  for (let i = 0; i < d; i++) mean[i] = yMean[i] + core.thetaV[i];
  const values = new Float64Array(r);
  for (let j = 0; j < r; j++) values[j] = sigmaX2 * core.mu[j];
  const fit: OneStepFit = {
    n,
    d,
    rank: r,
    yMean,
    muX,
    sigmaX2,
    thetaSingularValues2: core.mu,
    generated: { d, mean, values, vectors: core.vectors },
    orientation,
  };
  if (wantTheta) {
    const theta1 = core.theta1!;
    const theta0 = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let b = 0; b < d; b++) s += theta1[i * d + b] * xMean[b];
      theta0[i] = yMean[i] - s;
    }
    fit.theta0 = theta0;
    fit.theta1 = theta1;
  }
  return fit;
}

interface Core {
  /** Non-zero squared singular values of θ1, descending. */
  mu: Float64Array;
  /** r × d eigenvectors of the generated covariance (orientation applied). */
  vectors: Float64Array;
  /** θ1 (μ_X − X̄). */
  thetaV: Float64Array;
  theta1?: Float64Array;
}

/**
 * n − 1 ≥ d: C = xᵀx = V diag(ℓ) Vᵀ (full rank), θ1 = S C⁻¹ with S = yᵀx. Writing H = S V diag(1/ℓ),
 * θ1 = H Vᵀ, θ1θ1ᵀ = H Hᵀ and θ1ᵀθ1 = V HᵀH Vᵀ; one eigendecomposition of HHᵀ gives the
 * squared singular values μ_j and left singular vectors u_j, and the right ones are
 * θ1ᵀu_j/√μ_j = V Hᵀ u_j/√μ_j.
 */
function primal(y: Float64Array, x: Float64Array, n: number, d: number, v: Float64Array, orientation: Orientation, wantTheta: boolean): Core {
  const C = new Float64Array(d * d);
  const S = new Float64Array(d * d);
  for (let k = 0; k < n; k++) {
    const o = k * d;
    for (let i = 0; i < d; i++) {
      const xi = x[o + i];
      const yi = y[o + i];
      const ri = i * d;
      for (let j = i; j < d; j++) C[ri + j] += xi * x[o + j];
      for (let j = 0; j < d; j++) S[ri + j] += yi * x[o + j];
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) C[i * d + j] = C[j * d + i];
  const ec = symmetricEigen(C, d, { vectors: true });
  const V = ec.vectors!; // column j = eigenvector j
  for (let j = 0; j < d; j++) {
    if (!(ec.values[j] > 0)) throw new InvalidArgumentError('X', ec.values[j], 'the centred inputs are linearly dependent (xᵀx is singular although n > d)');
  }
  // H = S V diag(1/ℓ): row i of S V is a combination of the rows of V.
  const H = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    accumulateRows(H, i * d, S.subarray(i * d, (i + 1) * d), V, d, d);
    for (let j = 0; j < d; j++) H[i * d + j] /= ec.values[j];
  }
  // M = H Hᵀ = θ1θ1ᵀ.
  const M = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += H[i * d + t] * H[j * d + t];
      M[i * d + j] = s;
      M[j * d + i] = s;
    }
  }
  const em = symmetricEigen(M, d, { vectors: true });
  const U = em.vectors!;
  // Keep the positive ones, descending. θ1 is invertible with probability 1; an eigenvalue that
  // rounds to ≤ 0 (|det θ1| below ~1e-16 of its scale) is reported as a rank loss rather than
  // as a meaningless tiny variance.
  const keep: number[] = [];
  for (let j = d - 1; j >= 0; j--) if (em.values[j] > 0) keep.push(j);
  const r = keep.length;
  const mu = new Float64Array(r);
  const vectors = new Float64Array(r * d);
  for (let t = 0; t < r; t++) {
    const j = keep[t];
    mu[t] = em.values[j];
    if (orientation === 'model') {
      for (let i = 0; i < d; i++) vectors[t * d + i] = U[i * d + j];
    } else {
      // V Hᵀ u_j / √μ_j: Hᵀu_j is a combination of the rows of H.
      const uj = new Float64Array(d);
      for (let i = 0; i < d; i++) uj[i] = U[i * d + j];
      const w = new Float64Array(d);
      accumulateRows(w, 0, uj, H, d, d);
      const scale = 1 / Math.sqrt(mu[t]);
      for (let i = 0; i < d; i++) {
        let s = 0;
        const ri = i * d;
        for (let c = 0; c < d; c++) s += V[ri + c] * w[c];
        vectors[t * d + i] = s * scale;
      }
    }
  }
  // θ1 v = H (Vᵀ v).
  const vt = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const vi = v[i];
    const ri = i * d;
    for (let j = 0; j < d; j++) vt[j] += V[ri + j] * vi;
  }
  const thetaV = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += H[i * d + j] * vt[j];
    thetaV[i] = s;
  }
  const core: Core = { mu, vectors, thetaV };
  if (wantTheta) {
    const theta1 = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let b = 0; b < d; b++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += H[i * d + j] * V[b * d + j];
        theta1[i * d + b] = s;
      }
    }
    core.theta1 = theta1;
  }
  return core;
}

/**
 * n − 1 < d: K = x xᵀ = E diag(k) Eᵀ (n × n, rank r = n − 1; its null direction, the constant
 * vector, is dropped by rank). With A = E_rᵀ y and B = E_rᵀ x (r × d),
 *     θ1 = yᵀ (x xᵀ)⁺ x = Aᵀ diag(1/k) B,
 *     θ1θ1ᵀ = Ãᵀ Ã with Ã = diag(k^(−½)) A,   θ1ᵀθ1 = Qᵀ (Ã Ãᵀ) Q with Q = diag(k^(−½)) B,
 * and Q has orthonormal rows (Q Qᵀ = diag(k^(−½)) E_rᵀ x xᵀ E_r diag(k^(−½)) = I). So one
 * eigendecomposition of the r × r matrix N = Ã Ãᵀ = Σ_j μ_j e_j e_jᵀ gives both orientations:
 * model vectors Ãᵀe_j/√μ_j, seed vectors Qᵀe_j.
 */
function dual(y: Float64Array, x: Float64Array, n: number, d: number, v: Float64Array, orientation: Orientation, wantTheta: boolean): Core {
  const r = n - 1;
  const K = new Float64Array(n * n);
  for (let p = 0; p < n; p++) {
    for (let q = p; q < n; q++) {
      let s = 0;
      const op = p * d;
      const oq = q * d;
      for (let i = 0; i < d; i++) s += x[op + i] * x[oq + i];
      K[p * n + q] = s;
      K[q * n + p] = s;
    }
  }
  const ek = symmetricEigen(K, n, { vectors: true });
  const E = ek.vectors!; // column j = eigenvector j (ascending); keep j = 1..n−1
  const k = new Float64Array(r);
  for (let t = 0; t < r; t++) {
    k[t] = ek.values[t + 1];
    if (!(k[t] > 0)) throw new InvalidArgumentError('X', k[t], 'the centred inputs are linearly dependent (rank of x xᵀ below n − 1)');
  }
  // Ã = diag(k^(−½)) E_rᵀ y (r × d) always; Q = diag(k^(−½)) E_rᵀ x only when its rows are
  // needed (seed orientation or θ1): the mean needs just Q v = diag(k^(−½)) E_rᵀ (x v).
  const needQ = orientation === 'seed' || wantTheta;
  const At = new Float64Array(r * d);
  const Q = needQ ? new Float64Array(r * d) : At;
  const coeff = new Float64Array(n);
  for (let t = 0; t < r; t++) {
    const col = t + 1;
    const f = 1 / Math.sqrt(k[t]);
    for (let p = 0; p < n; p++) coeff[p] = E[p * n + col] * f;
    accumulateRows(At, t * d, coeff, y, n, d);
    if (needQ) accumulateRows(Q, t * d, coeff, x, n, d);
  }
  const xv = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    let s = 0;
    const op = p * d;
    for (let i = 0; i < d; i++) s += x[op + i] * v[i];
    xv[p] = s;
  }
  const N = new Float64Array(r * r);
  for (let p = 0; p < r; p++) {
    for (let q = p; q < r; q++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += At[p * d + i] * At[q * d + i];
      N[p * r + q] = s;
      N[q * r + p] = s;
    }
  }
  const en = symmetricEigen(N, r, { vectors: true });
  const En = en.vectors!;
  const keep: number[] = [];
  for (let j = r - 1; j >= 0; j--) if (en.values[j] > 0) keep.push(j);
  const rr = keep.length;
  const mu = new Float64Array(rr);
  const vectors = new Float64Array(rr * d);
  const coeffR = new Float64Array(r);
  for (let t = 0; t < rr; t++) {
    const j = keep[t];
    mu[t] = en.values[j];
    const src = orientation === 'model' ? At : Q;
    const scale = orientation === 'model' ? 1 / Math.sqrt(mu[t]) : 1;
    for (let p = 0; p < r; p++) coeffR[p] = En[p * r + j] * scale;
    accumulateRows(vectors, t * d, coeffR, src, r, d);
  }
  // θ1 v = Ãᵀ (Q v)   (θ1 = Aᵀ diag(1/k) B = Ãᵀ Q), Q v = diag(k^(−½)) E_rᵀ (x v).
  const qv = new Float64Array(r);
  for (let t = 0; t < r; t++) {
    let s = 0;
    for (let p = 0; p < n; p++) s += E[p * n + t + 1] * xv[p];
    qv[t] = s / Math.sqrt(k[t]);
  }
  const thetaV = new Float64Array(d);
  for (let t = 0; t < r; t++) {
    const c = qv[t];
    const ot = t * d;
    for (let i = 0; i < d; i++) thetaV[i] += At[ot + i] * c;
  }
  const core: Core = { mu, vectors, thetaV };
  if (wantTheta) {
    const theta1 = new Float64Array(d * d);
    for (let t = 0; t < r; t++) {
      const ot = t * d;
      for (let i = 0; i < d; i++) {
        const ai = At[ot + i];
        if (ai === 0) continue;
        const ri = i * d;
        for (let b = 0; b < d; b++) theta1[ri + b] += ai * Q[ot + b];
      }
    }
    core.theta1 = theta1;
  }
  return core;
}

/**
 * dst[o .. o + d) += Σ_p c_p · src[p·d .. p·d + d) for p < rows: the row combinations that form
 * E_rᵀy and the eigenvectors. Four source rows per pass, so each destination element is loaded
 * and stored once per four multiply-adds (the one-row axpy form is bound by those stores).
 */
function accumulateRows(dst: Float64Array, o: number, c: Float64Array, src: Float64Array, rows: number, d: number): void {
  let p = 0;
  for (; p + 4 <= rows; p += 4) {
    const c0 = c[p], c1 = c[p + 1], c2 = c[p + 2], c3 = c[p + 3];
    const s0 = p * d, s1 = s0 + d, s2 = s1 + d, s3 = s2 + d;
    for (let i = 0; i < d; i++) dst[o + i] += c0 * src[s0 + i] + c1 * src[s1 + i] + c2 * src[s2 + i] + c3 * src[s3 + i];
  }
  for (; p < rows; p++) {
    const cp = c[p];
    if (cp === 0) continue;
    const sp = p * d;
    for (let i = 0; i < d; i++) dst[o + i] += cp * src[sp + i];
  }
}
