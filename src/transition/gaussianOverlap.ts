/**
 * Closed-form Gaussian overlap integrals, in log space (docs/theory.md §9, the onset-of-memorization paper’s eq. 18–21):
 *
 *     ∫ N(x; a, A) N(x; b, B) dx = N(a; b, A + B)
 *        = (2π)^(−d/2) det(A + B)^(−1/2) exp(−½ (a − b)ᵀ (A + B)⁻¹ (a − b)).
 *
 * Every term of the kernel distances E_TG, E_OG is of this form: a kernel N(·; Y_k, ε²I) against
 * the generated law N(m, Σ_G) gives N(m; Y_k, Σ_G + ε²I). The normalisation is (2π)^(d/2) — the
 * seed authors' code uses √(2π) there, which rescales all terms alike (so the sign of Δ survives)
 * but makes every reported distance wrong by (2π)^((d−1)/2).
 *
 * With Σ_G = Σ_j g_j u_j u_jᵀ (rank r, see eigenGaussian.ts) and δ = m − b:
 *     log det(Σ_G + ε²I) = Σ_j log(g_j + ε²) + (d − r) log ε²
 *     δᵀ(Σ_G + ε²I)⁻¹δ  = Σ_j c_j²/(g_j + ε²) + (‖δ‖² − Σ_j c_j²)/ε²,   c_j = u_jᵀδ,
 * the second term being the part of δ outside span{u_j} (absent when r = d).
 */
import { InvalidArgumentError } from '../errors.js';
import { requireInteger, requireNonNegative } from '../validate.js';
import { requireEigenGaussian, type EigenGaussian } from './eigenGaussian.js';
import { requireFiniteFloat64Array } from '../linalg/matrix.js';
import { crossWithResidentPanels, wasmKernelsActive } from '../linalg/wasmKernels.js';

const LOG_2PI = Math.log(2 * Math.PI);
const LOG_4PI = Math.log(4 * Math.PI);

/**
 * log N(a; b, v·I) in d dimensions from ‖a − b‖² (isotropic overlap of two isotropic kernels).
 *
 * @example
 * ```ts
 * logIsotropicGaussian(1, 1, 2);   // ≈ −2.338 (log N(x; y, I₂) at |x − y|² = 1)
 * ```
 */
export function logIsotropicGaussian(squaredDistance: number, variance: number, d: number): number {
  return -0.5 * d * (LOG_2PI + Math.log(variance)) - squaredDistance / (2 * variance);
}

/**
 * log ∫ρ_G² = log N(m; m, 2Σ) = −(d/2) log 4π − ½ log det Σ; +Infinity when Σ is singular
 * (rank < d): a degenerate Gaussian is not square-integrable. In E_TG − E_OG this term cancels
 * exactly, which is why Δ stays finite for singular generated laws (transitionDraw.ts).
 *
 * @example
 * ```ts
 * logGaussianSelfOverlap(eigenGaussianFromCovariance(new Float64Array(2), new Float64Array([1, 0, 0, 1]), 2));   // ≈ −2.531 (log ∫ p², p = N(0, I₂))
 * ```
 */
export function logGaussianSelfOverlap(law: EigenGaussian): number {
  requireEigenGaussian('law', law);
  if (law.values.length < law.d) return Infinity;
  let logDet = 0;
  for (let j = 0; j < law.values.length; j++) logDet += Math.log(law.values[j]);
  return -0.5 * law.d * LOG_4PI - 0.5 * logDet;
}

/**
 * log N(x_k + shift; m, Σ + ε²I) for every row x_k of the row-major count × d matrix `points`,
 * i.e. log ∫ N(·; x_k + shift, ε²I) dρ_G — the overlap of one Gaussian kernel with the law.
 * Storing kernel centres relative to a nearby `shift` (their mean) keeps the projections of the
 * order of the spread, not of |μ| (μ = 10 in the onset-of-memorization paper), so nothing cancels.
 *
 * Requires ε² > 0 unless Σ has full rank.
 *
 * @example
 * ```ts
 * const q = eigenGaussianFromCovariance(new Float64Array(2), new Float64Array([1, 0, 0, 1]), 2);
 * logGaussianOverlaps(q, 0.25, new Float64Array([0, 0, 1, 1]), 2);   // ≈ Float64Array [−2.061, −2.861] (one per point)
 * ```
 */
export function logGaussianOverlaps(
  law: EigenGaussian,
  epsilon2: number,
  points: Float64Array,
  count: number,
  shift?: Float64Array,
): Float64Array {
  requireEigenGaussian('law', law);
  const d = law.d;
  requireNonNegative('epsilon2', epsilon2);
  requireInteger('count', count, 0);
  requireFiniteFloat64Array('points', points, count * d);
  if (shift !== undefined) requireFiniteFloat64Array('shift', shift, d);
  if (epsilon2 === 0 && law.values.length < d) {
    throw new InvalidArgumentError('epsilon2', 0, 'must be > 0 when the covariance is singular (the overlap would be a delta)');
  }
  const out = new Float64Array(count);
  logGaussianOverlapsKernel(law, epsilon2, points, count, shift ?? null, out);
  return out;
}

/**
 * Kernel of {@link logGaussianOverlaps}. The cost is the r·d·count dot products u_jᵀx_k; they
 * are done in 4 × 4 register blocks (4 points against 4 eigenvectors, 16 accumulators), which
 * reads each loaded value four times and runs ≈ 4× faster in V8 than one dot product at a time
 * (2.5 vs 0.6 G multiply-adds/s measured) — this loop is the whole cost of E_OG with
 * N_O = 10⁴ kernel centres in d = 100 (bench/transition.mjs). `pointsUnchanged`: the same
 * `points` array, unmodified, as in the previous call (an original set), so the WebAssembly path
 * may keep using its packed copy instead of packing it again.
 */
export function logGaussianOverlapsKernel(
  law: EigenGaussian,
  epsilon2: number,
  points: Float64Array,
  count: number,
  shift: Float64Array | null,
  out: Float64Array,
  pointsUnchanged = false,
): void {
  const { d, values: g, vectors: U } = law;
  const r = g.length;
  const full = r === d;
  // Centre of the law relative to the points' frame, its projections a_j, and 1/(g_j + ε²).
  const mc = new Float64Array(d);
  for (let i = 0; i < d; i++) mc[i] = law.mean[i] - (shift === null ? 0 : shift[i]);
  const a = new Float64Array(r);
  const inv = new Float64Array(r);
  let logDet = full ? 0 : (d - r) * Math.log(epsilon2);
  for (let j = 0; j < r; j++) {
    let s = 0;
    const o = j * d;
    for (let i = 0; i < d; i++) s += U[o + i] * mc[i];
    a[j] = s;
    inv[j] = 1 / (g[j] + epsilon2);
    logDet += Math.log(g[j] + epsilon2);
  }
  const logNorm = -0.5 * d * LOG_2PI - 0.5 * logDet;
  const invEps2 = full ? 0 : 1 / epsilon2;

  // quad[k] accumulates Σ_j c_j²/(g_j + ε²), proj[k] accumulates Σ_j c_j², c_j = a_j − u_jᵀx_k.
  const quad = new Float64Array(count);
  const proj = new Float64Array(count);
  let k = count >= RESIDENT_MIN_COUNT ? projectionsWasm(U, r, d, a, inv, points, count, quad, proj, pointsUnchanged) : 0;
  for (; k + 4 <= count; k += 4) {
    const p0 = k * d, p1 = p0 + d, p2 = p1 + d, p3 = p2 + d;
    let q0 = 0, q1 = 0, q2 = 0, q3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    let j = 0;
    for (; j + 4 <= r; j += 4) {
      const b0 = j * d, b1 = b0 + d, b2 = b1 + d, b3 = b2 + d;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let l = 0; l < d; l++) {
        const u0 = U[b0 + l], u1 = U[b1 + l], u2 = U[b2 + l], u3 = U[b3 + l];
        let x = points[p0 + l];
        s00 += x * u0; s01 += x * u1; s02 += x * u2; s03 += x * u3;
        x = points[p1 + l];
        s10 += x * u0; s11 += x * u1; s12 += x * u2; s13 += x * u3;
        x = points[p2 + l];
        s20 += x * u0; s21 += x * u1; s22 += x * u2; s23 += x * u3;
        x = points[p3 + l];
        s30 += x * u0; s31 += x * u1; s32 += x * u2; s33 += x * u3;
      }
      const a0 = a[j], a1 = a[j + 1], a2 = a[j + 2], a3 = a[j + 3];
      const i0 = inv[j], i1 = inv[j + 1], i2 = inv[j + 2], i3 = inv[j + 3];
      let c0 = a0 - s00, c1 = a1 - s01, c2 = a2 - s02, c3 = a3 - s03;
      c0 *= c0; c1 *= c1; c2 *= c2; c3 *= c3;
      q0 += c0 * i0 + c1 * i1 + c2 * i2 + c3 * i3;
      t0 += c0 + c1 + c2 + c3;
      c0 = a0 - s10; c1 = a1 - s11; c2 = a2 - s12; c3 = a3 - s13;
      c0 *= c0; c1 *= c1; c2 *= c2; c3 *= c3;
      q1 += c0 * i0 + c1 * i1 + c2 * i2 + c3 * i3;
      t1 += c0 + c1 + c2 + c3;
      c0 = a0 - s20; c1 = a1 - s21; c2 = a2 - s22; c3 = a3 - s23;
      c0 *= c0; c1 *= c1; c2 *= c2; c3 *= c3;
      q2 += c0 * i0 + c1 * i1 + c2 * i2 + c3 * i3;
      t2 += c0 + c1 + c2 + c3;
      c0 = a0 - s30; c1 = a1 - s31; c2 = a2 - s32; c3 = a3 - s33;
      c0 *= c0; c1 *= c1; c2 *= c2; c3 *= c3;
      q3 += c0 * i0 + c1 * i1 + c2 * i2 + c3 * i3;
      t3 += c0 + c1 + c2 + c3;
    }
    for (; j < r; j++) {
      const b0 = j * d;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let l = 0; l < d; l++) {
        const u = U[b0 + l];
        s0 += points[p0 + l] * u;
        s1 += points[p1 + l] * u;
        s2 += points[p2 + l] * u;
        s3 += points[p3 + l] * u;
      }
      const aj = a[j], ij = inv[j];
      let c = aj - s0; c *= c; q0 += c * ij; t0 += c;
      c = aj - s1; c *= c; q1 += c * ij; t1 += c;
      c = aj - s2; c *= c; q2 += c * ij; t2 += c;
      c = aj - s3; c *= c; q3 += c * ij; t3 += c;
    }
    quad[k] = q0; quad[k + 1] = q1; quad[k + 2] = q2; quad[k + 3] = q3;
    proj[k] = t0; proj[k + 1] = t1; proj[k + 2] = t2; proj[k + 3] = t3;
  }
  for (; k < count; k++) {
    const p0 = k * d;
    let q = 0, t = 0;
    for (let j = 0; j < r; j++) {
      const b0 = j * d;
      let s = 0;
      for (let l = 0; l < d; l++) s += points[p0 + l] * U[b0 + l];
      const c = (a[j] - s) * (a[j] - s);
      q += c * inv[j];
      t += c;
    }
    quad[k] = q;
    proj[k] = t;
  }

  for (k = 0; k < count; k++) {
    let q = quad[k];
    if (!full) {
      // ‖δ‖² directly (not via |m|² − 2m·x + |x|², which cancels); the complement part is a
      // difference of two O(‖δ‖²) numbers and is clamped at its exact lower bound 0.
      const p0 = k * d;
      let n2 = 0;
      for (let l = 0; l < d; l++) {
        const e = mc[l] - points[p0 + l];
        n2 += e * e;
      }
      const rest = n2 - proj[k];
      if (rest > 0) q += rest * invEps2;
    }
    out[k] = logNorm - 0.5 * q;
  }
}

/** Point sets at least this large (the original set) take the WebAssembly path of the projections. */
const RESIDENT_MIN_COUNT = 512;

/**
 * The projection sums of logGaussianOverlapsKernel for the points in full groups of four, with
 * the dot products u_jᵀx_k from the WebAssembly tile kernel (the points stay packed in its
 * memory between calls: the same original set meets every law of a run). Combines them in
 * exactly the order of the TypeScript loop below — eigenvectors in groups of four, each group's
 * four terms summed left to right, then the leftover eigenvectors one at a time — so quad and
 * proj are bit-identical to it. Returns the number of points done (0 when WebAssembly is off).
 */
function projectionsWasm(U: Float64Array, r: number, d: number, a: Float64Array, inv: Float64Array, points: Float64Array, count: number, quad: Float64Array, proj: Float64Array, pointsUnchanged: boolean): number {
  const count4 = count & ~3;
  const r4 = r & ~3;
  let view: Float64Array = U;
  let offset = 0;
  if (r4 > 0) {
    const res = crossWithResidentPanels(points, count, d, U, 0, d, r4, 0, count4, pointsUnchanged);
    if (res === null) return 0;
    ({ view, offset } = res);
  } else if (!wasmKernelsActive()) return 0;
  // Leftover eigenvectors (r % 4): their dot products with every point, in TypeScript.
  const extra = new Float64Array((r - r4) * count4);
  for (let j = r4; j < r; j++) {
    const b0 = j * d;
    for (let k = 0; k < count4; k++) {
      const p0 = k * d;
      let s = 0;
      for (let l = 0; l < d; l++) s += points[p0 + l] * U[b0 + l];
      extra[(j - r4) * count4 + k] = s;
    }
  }
  const N4 = count4;
  for (let k = 0; k < count4; k += 4) {
    let q0 = 0, q1 = 0, q2 = 0, q3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    let j = 0;
    for (; j < r4; j += 4) {
      const o0 = offset + j * N4 + k, o1 = o0 + N4, o2 = o1 + N4, o3 = o2 + N4;
      const a0 = a[j], a1 = a[j + 1], a2 = a[j + 2], a3 = a[j + 3];
      const i0 = inv[j], i1 = inv[j + 1], i2 = inv[j + 2], i3 = inv[j + 3];
      let c0 = a0 - view[o0], c1 = a1 - view[o1], c2 = a2 - view[o2], c3 = a3 - view[o3];
      c0 *= c0; c1 *= c1; c2 *= c2; c3 *= c3;
      q0 += c0 * i0 + c1 * i1 + c2 * i2 + c3 * i3;
      t0 += c0 + c1 + c2 + c3;
      c0 = a0 - view[o0 + 1]; c1 = a1 - view[o1 + 1]; c2 = a2 - view[o2 + 1]; c3 = a3 - view[o3 + 1];
      c0 *= c0; c1 *= c1; c2 *= c2; c3 *= c3;
      q1 += c0 * i0 + c1 * i1 + c2 * i2 + c3 * i3;
      t1 += c0 + c1 + c2 + c3;
      c0 = a0 - view[o0 + 2]; c1 = a1 - view[o1 + 2]; c2 = a2 - view[o2 + 2]; c3 = a3 - view[o3 + 2];
      c0 *= c0; c1 *= c1; c2 *= c2; c3 *= c3;
      q2 += c0 * i0 + c1 * i1 + c2 * i2 + c3 * i3;
      t2 += c0 + c1 + c2 + c3;
      c0 = a0 - view[o0 + 3]; c1 = a1 - view[o1 + 3]; c2 = a2 - view[o2 + 3]; c3 = a3 - view[o3 + 3];
      c0 *= c0; c1 *= c1; c2 *= c2; c3 *= c3;
      q3 += c0 * i0 + c1 * i1 + c2 * i2 + c3 * i3;
      t3 += c0 + c1 + c2 + c3;
    }
    for (; j < r; j++) {
      const o = (j - r4) * count4 + k;
      const aj = a[j], ij = inv[j];
      let c = aj - extra[o]; c *= c; q0 += c * ij; t0 += c;
      c = aj - extra[o + 1]; c *= c; q1 += c * ij; t1 += c;
      c = aj - extra[o + 2]; c *= c; q2 += c * ij; t2 += c;
      c = aj - extra[o + 3]; c *= c; q3 += c * ij; t3 += c;
    }
    quad[k] = q0; quad[k + 1] = q1; quad[k + 2] = q2; quad[k + 3] = q3;
    proj[k] = t0; proj[k + 1] = t1; proj[k + 2] = t2; proj[k + 3] = t3;
  }
  return count4;
}

/**
 * log N(m_p; m_q, Σ_p + Σ_q) = log ∫ p q for two arbitrary Gaussians in eigen-form (dense
 * d × d work; tests and small d). Throws if Σ_p + Σ_q is singular (both degenerate along a
 * common direction: then ∫ p q is not a number but a measure on a lower-dimensional set).
 *
 * @example
 * ```ts
 * logOverlapOfLaws(p, q);   // ≈ −2.734 (log ∫ p q for p = N(0, diag(2, 1)), q = N(0, I₂))
 * ```
 */
export function logOverlapOfLaws(p: EigenGaussian, q: EigenGaussian): number {
  requireEigenGaussian('p', p);
  requireEigenGaussian('q', q);
  if (p.d !== q.d) throw new InvalidArgumentError('q.d', q.d, `must equal p.d = ${p.d}`);
  const d = p.d;
  const sum = new Float64Array(d * d);
  for (const law of [p, q]) {
    for (let j = 0; j < law.values.length; j++) {
      const o = j * d;
      for (let a = 0; a < d; a++) {
        const ga = law.values[j] * law.vectors[o + a];
        for (let b = 0; b < d; b++) sum[a * d + b] += ga * law.vectors[o + b];
      }
    }
  }
  const delta = new Float64Array(d);
  for (let i = 0; i < d; i++) delta[i] = p.mean[i] - q.mean[i];
  const chol = new Float64Array(d * d);
  // Cholesky with a singularity check relative to the largest diagonal entry.
  let maxDiag = 0;
  for (let i = 0; i < d; i++) maxDiag = Math.max(maxDiag, sum[i * d + i]);
  let logDet = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = sum[i * d + j];
      for (let k = 0; k < j; k++) s -= chol[i * d + k] * chol[j * d + k];
      if (i === j) {
        if (!(s > 1e3 * Number.EPSILON * maxDiag)) {
          throw new InvalidArgumentError('q', 'covariance', 'Σ_p + Σ_q is singular: the overlap of two degenerate laws is not a number');
        }
        chol[i * d + i] = Math.sqrt(s);
        logDet += Math.log(s);
      } else chol[i * d + j] = s / chol[j * d + j];
    }
  }
  // ‖L⁻¹δ‖² by forward substitution.
  let quad = 0;
  const z = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = delta[i];
    for (let k = 0; k < i; k++) s -= chol[i * d + k] * z[k];
    z[i] = s / chol[i * d + i];
    quad += z[i] * z[i];
  }
  return -0.5 * d * LOG_2PI - 0.5 * logDet - 0.5 * quad;
}
