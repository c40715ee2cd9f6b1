/**
 * Haar-distributed (uniformly random) orthogonal matrices on O(d).
 *
 * Recipe (Mezzadri, "How to generate random matrices from the classical compact groups",
 * Notices AMS 54(5), 592–604, 2007, §5): take X with iid N(0, 1) entries, factor X = Q·R, and
 * return Q·diag(sign r_11, …, sign r_dd).
 *
 * Why the sign correction: X ↦ U·X leaves the Gaussian law invariant for every orthogonal U, and
 * if the QR factorisation were a well-defined function then Q(U·X) = U·Q(X) would make Q's law
 * left-invariant — the defining property of Haar measure. But QR is only unique up to
 * Q → Q·Λ, R → Λ·R with Λ a diagonal of ±1, and a concrete algorithm picks Λ as a function of X
 * (Householder chooses r_kk with the sign opposite to the pivot; Gram–Schmidt makes r_kk > 0 but
 * LAPACK-style codes do not). That data-dependent choice breaks equivariance, and Mezzadri
 * demonstrates that the resulting Q is measurably not Haar. Normalising to r_kk > 0 makes the
 * factorisation unique, hence equivariant, hence Q Haar.
 *
 * Implementation: Householder QR (Golub & Van Loan §5.2) of X = Gᵀ, where G is filled row by row
 * from `rng`. Gᵀ is as iid Gaussian as G, and its columns — what Householder QR works on — are
 * the contiguous rows of G, so every inner loop runs with unit stride. Qᵀ = H_{d−1} ⋯ H_0 is
 * accumulated by right-multiplications (row dot product + row axpy), the sign correction scales
 * rows of Qᵀ (columns of Q), and one blocked transpose returns Q.
 */
import { InvalidArgumentError } from '../errors.js';
import { requireInteger } from '../validate.js';
import { identity, transposeKernel } from '../linalg/matrix.js';
import { Random } from './random.js';

/**
 * A d × d Haar-random orthogonal matrix (row-major). Consumes exactly d² normals from `rng`
 * (one {@link Random.fillNormal} of length d²), so the result depends only on the rng state.
 *
 * @example
 * ```ts
 * haarOrthogonal(2, new Random(1));   // ≈ [0.995, 0.100, 0.100, −0.995] (a 2 × 2 orthogonal matrix, row-major)
 * ```
 */
export function haarOrthogonal(d: number, rng: Random): Float64Array {
  requireInteger('d', d, 1);
  if (!(rng instanceof Random)) throw new InvalidArgumentError('rng', typeof rng, 'must be a Random');
  const g = new Float64Array(d * d);
  rng.fillNormal(g);
  const qt = identity(d);
  const tau = new Float64Array(d);
  const rdiag = new Float64Array(d);
  householderQRRows(g, d, tau, rdiag);
  accumulateQtRows(g, d, tau, qt);
  // Q ← Q·diag(sign r_kk): scale row k of Qᵀ. (r_kk = 0 has probability 0; treat it as +.)
  for (let k = 0; k < d; k++) {
    if (rdiag[k] < 0) {
      const rk = k * d;
      for (let j = 0; j < d; j++) qt[rk + j] = -qt[rk + j];
    }
  }
  const q = g; // reuse: the factorised data is no longer needed
  transposeKernel(qt, d, d, q);
  return q;
}

/**
 * In-place Householder QR of X = Gᵀ where `g` holds G row-major, i.e. column k of X is row k of
 * g. On exit row k of g holds v_k in columns k..d−1 (v_k[k] = 1), tau[k] its scale (0 means
 * H_k = I) and rdiag[k] = r_kk. The strictly upper part of R is not needed and is discarded.
 *
 * Step k: x = X[k:, k]; β = −sign(x₀)‖x‖ (avoids cancellation in x₀ − β), v = x/(x₀ − β),
 * τ = (β − x₀)/β, so (I − τ v vᵀ) x = β e₁ and r_kk = β. Then every later column j > k is
 * reflected: X[k:, j] −= τ (vᵀ X[k:, j]) v. Norms are scaled by max |x_i| against overflow.
 */
function householderQRRows(g: Float64Array, d: number, tau: Float64Array, rdiag: Float64Array): void {
  for (let k = 0; k < d; k++) {
    const rk = k * d;
    const alpha = g[rk + k];
    let tailMax = 0;
    for (let j = k + 1; j < d; j++) {
      const t = Math.abs(g[rk + j]);
      if (t > tailMax) tailMax = t;
    }
    if (tailMax === 0) {
      // Nothing to annihilate (always the case for the last column): H_k = I, r_kk = x₀.
      tau[k] = 0;
      rdiag[k] = alpha;
      continue;
    }
    const scale = Math.max(Math.abs(alpha), tailMax);
    const invScale = 1 / scale;
    let sumsq = 0;
    for (let j = k; j < d; j++) {
      const t = g[rk + j] * invScale;
      sumsq += t * t;
    }
    const norm = scale * Math.sqrt(sumsq);
    const beta = alpha >= 0 ? -norm : norm;
    const tk = (beta - alpha) / beta;
    const vScale = 1 / (alpha - beta);
    g[rk + k] = 1;
    for (let j = k + 1; j < d; j++) g[rk + j] *= vScale;
    tau[k] = tk;
    rdiag[k] = beta;
    for (let c = k + 1; c < d; c++) {
      const rc = c * d;
      let s = 0;
      for (let j = k; j < d; j++) s += g[rk + j] * g[rc + j];
      s *= tk;
      if (s === 0) continue;
      for (let j = k; j < d; j++) g[rc + j] -= s * g[rk + j];
    }
  }
}

/**
 * qt (= I on entry) ← Qᵀ = H_{d−1} ⋯ H_0, applying qt ← qt·H_k for k = d−1, …, 0. When H_k is
 * applied qt differs from I only in rows/columns > k, so rows and columns < k are skipped.
 */
function accumulateQtRows(g: Float64Array, d: number, tau: Float64Array, qt: Float64Array): void {
  for (let k = d - 1; k >= 0; k--) {
    const tk = tau[k];
    if (tk === 0) continue;
    const rk = k * d;
    for (let i = k; i < d; i++) {
      const ri = i * d;
      let s = 0;
      for (let j = k; j < d; j++) s += qt[ri + j] * g[rk + j];
      s *= tk;
      if (s === 0) continue;
      for (let j = k; j < d; j++) qt[ri + j] -= s * g[rk + j];
    }
  }
}
