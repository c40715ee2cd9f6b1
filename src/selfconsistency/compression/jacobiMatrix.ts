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
 * copies of that node would split its weight. Each projection is a straight dot product /
 * axpy over one stored vector (the callers keep blocks cache-sized).
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
  // Lanczos vectors q_0 … q_k, each of length count.
  const Q: Float64Array[] = [];
  const xs = x.subarray(start, start + count);
  const v = new Float64Array(count);
  const coef = new Float64Array(steps);
  const q0 = new Float64Array(count);
  const invMass = 1 / mass;
  for (let i = 0; i < count; i++) q0[i] = Math.sqrt(c[start + i] * invMass);
  Q.push(q0);
  let used = steps;
  for (let k = 0; k < steps; k++) {
    // v = x ⊙ q_k, a_k = q_kᵀ v.
    const qk = Q[k];
    let ak = 0;
    let before = 0;
    for (let i = 0; i < count; i++) {
      const xv = xs[i] * qk[i];
      v[i] = xv;
      ak += qk[i] * xv;
      before += xv * xv;
    }
    a[k] = ak;
    if (k + 1 === steps) break;
    // Classical Gram–Schmidt of x q_k against q_0 … q_k (coef_k = a_k, coef_{k−1} = b_{k−1}, the
    // others rounding-level), repeated once when the norm dropped by more than half.
    let norm2 = orthogonalise(Q, v, coef, count, k);
    if (norm2 < 0.25 * before) norm2 = orthogonalise(Q, v, coef, count, k);
    const bk = Math.sqrt(norm2);
    // Breakdown (‖x ⊙ q_k‖ ≤ 1, so bk is absolute): the measure is numerically supported on
    // k + 1 points, and the (k + 1)-point Gauss rule integrates it to rounding.
    if (!(bk > BREAKDOWN)) {
      used = k + 1;
      break;
    }
    b[k] = bk;
    const inv = 1 / bk;
    const next = new Float64Array(count);
    for (let i = 0; i < count; i++) next[i] = v[i] * inv;
    Q.push(next);
  }
  return { a: a.subarray(0, used), b: b.subarray(0, used), m: used, mass };
}

/** One classical Gram–Schmidt pass: coef_j = q_jᵀ v, v ← v − Σ_{j ≤ k} coef_j q_j; returns ‖v‖². */
function orthogonalise(Q: Float64Array[], v: Float64Array, coef: Float64Array, count: number, k: number): number {
  for (let j = 0; j <= k; j++) {
    const q = Q[j];
    let s0 = 0;
    let s1 = 0;
    let i = 0;
    for (; i + 1 < count; i += 2) {
      s0 += q[i] * v[i];
      s1 += q[i + 1] * v[i + 1];
    }
    if (i < count) s0 += q[i] * v[i];
    coef[j] = s0 + s1;
  }
  let norm2 = 0;
  for (let j = 0; j <= k; j++) {
    const q = Q[j];
    const cj = coef[j];
    if (j < k) {
      for (let i = 0; i < count; i++) v[i] -= cj * q[i];
    } else {
      for (let i = 0; i < count; i++) {
        const vi = v[i] - cj * q[i];
        v[i] = vi;
        norm2 += vi * vi;
      }
    }
  }
  return norm2;
}
