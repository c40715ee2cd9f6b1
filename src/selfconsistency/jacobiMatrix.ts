/**
 * The Jacobi matrix of a discrete measure μ = Σ_i c_i δ_{x_i} on [−1, 1] (docs/compression.md §1):
 * the recurrence x p_k = b_k p_{k+1} + a_k p_k + b_{k−1} p_{k−1} of its orthonormal polynomials,
 * computed by Lanczos on diag(x) from the start vector q_0 = √(c/μ0) (the Stieltjes procedure in
 * vector form: q_k(i) = √(c_i/μ0) p_k(x_i)).
 *
 * Full reorthogonalisation. Each new vector is made orthogonal to all previous ones by classical
 * Gram–Schmidt, repeated once more when the first pass removed more than half of the norm
 * ("twice is enough", Kahan–Parlett). Without it the vectors lose orthogonality as soon as a
 * Ritz value converges to an isolated node (the sparse top of a power-law spectrum), and ghost
 * copies of that node would split its weight. Vectors are stored point-major (row i holds
 * q_0(i) … q_k(i)) so that the reorthogonalisation reads memory contiguously.
 *
 * Cost O(m² · count) with m steps; the caller keeps count small (block pre-reduction,
 * compressedSpectrum.ts). Deterministic: fixed start, fixed summation order.
 */
const BREAKDOWN = 1e-14;

export interface JacobiMatrix {
  /** Diagonal a_0 … a_{m−1}. */
  a: Float64Array;
  /** Off-diagonal: b[k] couples p_k and p_{k+1} for k ≤ m − 2 (b[m − 1] = 0). */
  b: Float64Array;
  /** Steps taken (< m when the measure has fewer than m points in effect: breakdown). */
  m: number;
  /** Total mass μ0 = Σ c_i. */
  mass: number;
}

/**
 * Jacobi matrix of Σ_{i=start}^{start+count−1} c_i δ_{x_i}, at most `m` steps. `x` must lie in
 * [−1, 1] and c > 0 (not checked: kernel).
 */
export function jacobiMatrix(x: Float64Array, c: Float64Array, start: number, count: number, m: number): JacobiMatrix {
  const steps = Math.min(m, count);
  const a = new Float64Array(steps);
  const b = new Float64Array(steps);
  let mass = 0;
  for (let i = 0; i < count; i++) mass += c[start + i];
  // Q is count × steps, point-major.
  const Q = new Float64Array(count * steps);
  const v = new Float64Array(count);
  const coef = new Float64Array(steps);
  const invMass = 1 / mass;
  for (let i = 0; i < count; i++) Q[i * steps] = Math.sqrt(c[start + i] * invMass);
  let used = steps;
  for (let k = 0; k < steps; k++) {
    // Pass 1: v = x ⊙ q_k and its projections coef_j = q_jᵀ v on q_0 … q_k (coef_k = a_k,
    // coef_{k−1} = b_{k−1}, the others rounding-level: classical Gram–Schmidt of x q_k).
    coef.fill(0, 0, k + 1);
    let before = 0;
    for (let i = 0; i < count; i++) {
      const row = i * steps;
      const xv = x[start + i] * Q[row + k];
      v[i] = xv;
      before += xv * xv;
      for (let j = 0; j <= k; j++) coef[j] += Q[row + j] * xv;
    }
    a[k] = coef[k];
    if (k + 1 === steps) break;
    // Pass 2: subtract; repeat once when the norm dropped by more than half (severe cancellation).
    let norm2 = subtract(Q, v, coef, count, steps, k);
    if (norm2 < 0.25 * before) {
      coef.fill(0, 0, k + 1);
      for (let i = 0; i < count; i++) {
        const row = i * steps;
        const vi = v[i];
        for (let j = 0; j <= k; j++) coef[j] += Q[row + j] * vi;
      }
      norm2 = subtract(Q, v, coef, count, steps, k);
    }
    const bk = Math.sqrt(norm2);
    // Breakdown (‖x ⊙ q_k‖ ≤ 1, so bk is absolute): the measure is numerically supported on
    // k + 1 points, and the (k + 1)-point Gauss rule integrates it to rounding.
    if (!(bk > BREAKDOWN)) {
      used = k + 1;
      break;
    }
    b[k] = bk;
    const inv = 1 / bk;
    for (let i = 0; i < count; i++) Q[i * steps + k + 1] = v[i] * inv;
  }
  return { a: a.subarray(0, used), b: b.subarray(0, used), m: used, mass };
}

/** v ← v − Σ_{j ≤ k} coef_j q_j; returns ‖v‖². */
function subtract(Q: Float64Array, v: Float64Array, coef: Float64Array, count: number, steps: number, k: number): number {
  let norm2 = 0;
  for (let i = 0; i < count; i++) {
    const row = i * steps;
    let vi = v[i];
    for (let j = 0; j <= k; j++) vi -= coef[j] * Q[row + j];
    v[i] = vi;
    norm2 += vi * vi;
  }
  return norm2;
}
