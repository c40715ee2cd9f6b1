/**
 * Squared Hellinger distance and KL divergence between Gaussians, including degenerate ones
 * (docs/theory.md §9, the onset-of-memorization paper’s eq. 18), all in log space.
 *
 * Working frame. Against a full-rank reference p = N(μ, Σ_p) everything is computed after
 * whitening by Σ_p^(−1/2): p becomes N(0, I) and q becomes N(m̃, H) with H = Σ_p^(−½) Σ_q Σ_p^(−½)
 * = Σ_j h_j w_j w_jᵀ. Then, with c_j = w_jᵀm̃ and r = rank H,
 *
 *   log BC(p, q) = Σ_j −½ log cosh(½ log h_j) − ¼ [Σ_j c_j²/(1 + h_j) + ‖m̃‖² − Σ_j c_j²]
 *   (BC = ∫√(pq) = det(Σ_p)^¼ det(Σ_q)^¼ / det((Σ_p+Σ_q)/2)^½ · exp(−⅛ δᵀ((Σ_p+Σ_q)/2)⁻¹δ)),
 *   H² = 1 − BC (computed as −expm1(log BC), exact near 0),
 *   KL(q‖p) = ½ [Σ_j (h_j − 1 − log h_j) + ‖m̃‖²],
 *   KL(p‖q) = ½ [Σ_j (1/h_j − 1 + log h_j) + Σ_j c_j²/h_j].
 * The per-eigenvalue terms are written so that they neither overflow nor cancel: ¼ log h −
 * ½ log((1 + h)/2) = −½ log cosh(½ log h), and h − 1 − log h = expm1(x) − x with x = log h.
 *
 * Degenerate laws (the one-step model's generated law has rank min(n − 1, d)):
 * - Hellinger. If q has rank r < d it lives on an affine subspace of p-measure zero, so p and q
 *   are mutually singular: BC = 0 exactly and H² = 1. This is also the limit of H² for
 *   Σ_q + δI as δ → 0 (each missing eigenvalue contributes −½ log cosh(½ log δ) → −∞ to log BC).
 *   The seed authors' code reaches the same value by clamping det Σ_q to 0 below e^(−25) — which,
 *   in d = 100, also zeroes full-rank laws with eigenvalues ≈ 0.5 (0.5^100 ≈ 1e-30).
 *   Because H² = 1 says nothing about how well q fits inside its support, the fast path also
 *   reports `hellingerOnSupport`: H² between the marginals of p and q on span{w_j} (equal to H²
 *   when r = d).
 * - KL. KL(p‖q) and KL(q‖p) are +∞ when exactly one of the two is degenerate (absolute
 *   continuity fails); Infinity is returned explicitly, never NaN. Two degenerate laws with the
 *   same support (same subspace, mean difference inside it) are compared on that support.
 */
import { InvalidArgumentError } from '../errors.js';
import { requireEigenGaussian, type EigenGaussian } from './eigenGaussian.js';
import { gramRows } from '../linalg/matrix.js';
import { symmetricEigen } from '../linalg/symmetricEigen.js';

/**
 * log cosh x without overflow or cancellation: log1p(2 sinh²(x/2)) for |x| ≤ 1 (exact to
 * rounding even for x ~ 1e-10, where log cosh x = x²/2 is far below ε), |x| + log1p(e^(−2|x|)) − log 2
 * beyond (no overflow).
 */
export function logCosh(x: number): number {
  const a = Math.abs(x);
  if (a <= 1) {
    const s = Math.sinh(0.5 * a);
    return Math.log1p(2 * s * s);
  }
  return a + Math.log1p(Math.exp(-2 * a)) - Math.LN2;
}

/** eˣ − 1 − x, accurate for small |x| (series) and large x. */
export function expm1MinusX(x: number): number {
  if (Math.abs(x) < 0.1) {
    // x²/2! + x³/3! + … + x¹¹/11!: truncation below 1e-20 relative for |x| < 0.1.
    let term = (x * x) / 2;
    let sum = term;
    for (let k = 3; k <= 11; k++) {
      term *= x / k;
      sum += term;
    }
    return sum;
  }
  return Math.expm1(x) - x;
}

/** Measures of a law q relative to the standard normal N(0, I) (q already whitened). */
export interface StandardDivergences {
  /** Rank r of q's covariance. */
  rank: number;
  /** log BC(N(0,I), q); −Infinity when r < d. */
  logAffinity: number;
  /** H² = 1 − BC ∈ [0, 1]; exactly 1 when r < d. */
  hellinger: number;
  /** H² between the marginals on q's support span{w_j} (= hellinger when r = d). */
  hellingerOnSupport: number;
  /** KL(N(0,I) ‖ q) (reference ‖ law); +Infinity when r < d. */
  klReferenceToLaw: number;
  /** KL(q ‖ N(0,I)) (law ‖ reference); +Infinity when r < d. */
  klLawToReference: number;
}

/**
 * {@link StandardDivergences} of a whitened law; O(r·d).
 *
 * @example
 * ```ts
 * const p = eigenGaussianFromCovariance(new Float64Array(2), new Float64Array([2, 0, 0, 1]), 2);
 * standardDivergences(p);   // { hellinger: ≈ 0.029, klLawToReference: ≈ 0.153, … } (against N(0, I))
 * ```
 */
export function standardDivergences(q: EigenGaussian): StandardDivergences {
  requireEigenGaussian('q', q);
  return standardDivergencesKernel(q);
}

export function standardDivergencesKernel(q: EigenGaussian): StandardDivergences {
  const { d, values: h, vectors: W, mean: m } = q;
  const r = h.length;
  let m2 = 0;
  for (let i = 0; i < d; i++) m2 += m[i] * m[i];
  let shape = 0; // Σ −½ log cosh(½ log h)
  let meanOnSupport = 0; // Σ c²/(1 + h)
  let c2 = 0; // Σ c²
  let klRL = 0;
  let klLR = 0;
  let c2OverH = 0;
  for (let j = 0; j < r; j++) {
    let c = 0;
    const o = j * d;
    for (let i = 0; i < d; i++) c += W[o + i] * m[i];
    const cc = c * c;
    const x = Math.log(h[j]);
    shape -= 0.5 * logCosh(0.5 * x);
    meanOnSupport += cc / (1 + h[j]);
    c2 += cc;
    c2OverH += cc / h[j];
    klLR += expm1MinusX(x);
    klRL += expm1MinusX(-x);
  }
  const logOnSupport = shape - 0.25 * meanOnSupport;
  const hellingerOnSupport = clamp01(-Math.expm1(logOnSupport));
  if (r < d) {
    return { rank: r, logAffinity: -Infinity, hellinger: 1, hellingerOnSupport, klReferenceToLaw: Infinity, klLawToReference: Infinity };
  }
  // r = d: the complement is empty, so ‖m̃‖² − Σc² is rounding only and is dropped.
  return {
    rank: r,
    logAffinity: logOnSupport,
    hellinger: hellingerOnSupport,
    hellingerOnSupport,
    klReferenceToLaw: 0.5 * (klRL + c2OverH),
    klLawToReference: 0.5 * (klLR + m2),
  };
}

/** Clamp to [0, 1]; −0 and rounding below 0 become +0. */
function clamp01(x: number): number {
  return !(x > 0) ? 0 : x > 1 ? 1 : x;
}

/**
 * Whiten q against the diagonal reference N(μ, diag(variances)): returns N(D^(−½)(m − μ),
 * D^(−½) Σ_q D^(−½)) in eigen-form, rank preserved. For an isotropic reference this is a
 * rescaling; otherwise the new eigenpairs come from the r × r Gram matrix of the columns
 * D^(−½) u_j √g_j (O(r²d + r³)).
 *
 * @example
 * ```ts
 * const q = eigenGaussianFromCovariance(new Float64Array([1, 1]), new Float64Array([4, 0, 0, 4]), 2);
 * whitenAgainstDiagonal(q, new Float64Array(2), new Float64Array([4, 4]));   // N((0.5, 0.5), I₂) in eigen-form: values [1, 1]
 * ```
 */
export function whitenAgainstDiagonal(q: EigenGaussian, mean: Float64Array, variances: Float64Array): EigenGaussian {
  requireEigenGaussian('q', q);
  const { d, values: g, vectors: U } = q;
  if (mean.length !== d || variances.length !== d) throw new InvalidArgumentError('variances', variances.length, `mean and variances must have length d = ${d}`);
  const r = g.length;
  const m = new Float64Array(d);
  let isotropic = true;
  for (let i = 0; i < d; i++) {
    if (!(variances[i] > 0)) throw new InvalidArgumentError(`variances[${i}]`, variances[i], 'must be > 0');
    m[i] = (q.mean[i] - mean[i]) / Math.sqrt(variances[i]);
    if (variances[i] !== variances[0]) isotropic = false;
  }
  if (isotropic) {
    const values = new Float64Array(r);
    for (let j = 0; j < r; j++) values[j] = g[j] / variances[0];
    return { d, mean: m, values, vectors: Float64Array.from(U) };
  }
  // Columns v_j = D^(−½) u_j √g_j stored as rows; H = Σ_j v_j v_jᵀ has the eigenpairs of the
  // Gram matrix G = [v_iᵀv_j]: G e = h e ⇒ H (Σ_j e_j v_j) = h (Σ_j e_j v_j).
  const V = new Float64Array(r * d);
  for (let j = 0; j < r; j++) {
    const s = Math.sqrt(g[j]);
    for (let i = 0; i < d; i++) V[j * d + i] = (U[j * d + i] * s) / Math.sqrt(variances[i]);
  }
  const G = gramRows(V, r, d);
  const values = new Float64Array(r);
  const vectors = new Float64Array(r * d);
  if (r > 0) {
    const eig = symmetricEigen(G, r, { vectors: true });
    const E = eig.vectors!;
    for (let j = 0; j < r; j++) {
      const h = eig.values[j];
      if (!(h > 0)) throw new InvalidArgumentError('q', h, 'whitened covariance lost rank (eigenvalue not > 0)');
      values[j] = h;
      const scale = 1 / Math.sqrt(h);
      for (let t = 0; t < r; t++) {
        const e = E[t * r + j] * scale;
        if (e === 0) continue;
        for (let i = 0; i < d; i++) vectors[j * d + i] += e * V[t * d + i];
      }
    }
  }
  return { d, mean: m, values, vectors };
}

/**
 * Whiten q against an arbitrary full-rank Gaussian p (dense O(d³); tests and small d):
 * N(Σ_p^(−½)(m_q − m_p), Σ_p^(−½)Σ_qΣ_p^(−½)) with the rank of q kept exactly.
 */
export function whitenAgainst(q: EigenGaussian, p: EigenGaussian): EigenGaussian {
  const d = p.d;
  if (p.values.length < d) throw new InvalidArgumentError('p', 'rank ' + p.values.length, 'reference must have full rank to whiten against');
  // S = Σ_p^(−½) = Σ_j g_j^(−½) u_j u_jᵀ.
  const S = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    const f = 1 / Math.sqrt(p.values[j]);
    for (let a = 0; a < d; a++) {
      const ua = f * p.vectors[j * d + a];
      for (let b = 0; b < d; b++) S[a * d + b] += ua * p.vectors[j * d + b];
    }
  }
  const r = q.values.length;
  // Rows t_j = √g_j S u_j; H = Σ_j t_j t_jᵀ; eigenpairs via the r × r Gram as in whitenAgainstDiagonal.
  const Tm = new Float64Array(r * d);
  for (let j = 0; j < r; j++) {
    const s = Math.sqrt(q.values[j]);
    for (let a = 0; a < d; a++) {
      let v = 0;
      for (let b = 0; b < d; b++) v += S[a * d + b] * q.vectors[j * d + b];
      Tm[j * d + a] = s * v;
    }
  }
  const m = new Float64Array(d);
  for (let a = 0; a < d; a++) {
    let v = 0;
    for (let b = 0; b < d; b++) v += S[a * d + b] * (q.mean[b] - p.mean[b]);
    m[a] = v;
  }
  const values = new Float64Array(r);
  const vectors = new Float64Array(r * d);
  if (r > 0) {
    const G = gramRows(Tm, r, d);
    const eig = symmetricEigen(G, r, { vectors: true });
    for (let j = 0; j < r; j++) {
      const h = eig.values[j];
      if (!(h > 0)) throw new InvalidArgumentError('q', h, 'whitened covariance lost rank (eigenvalue not > 0)');
      values[j] = h;
      const scale = 1 / Math.sqrt(h);
      for (let t = 0; t < r; t++) {
        const e = eig.vectors![t * r + j] * scale;
        for (let i = 0; i < d; i++) vectors[j * d + i] += e * Tm[t * d + i];
      }
    }
  }
  return { d, mean: m, values, vectors };
}

/**
 * If p and q are both degenerate with the same support (same subspace up to `tolerance` in the
 * principal angles, mean difference inside it), their restrictions to it in p's eigenbasis;
 * otherwise null (mutually singular).
 */
function restrictToCommonSupport(p: EigenGaussian, q: EigenGaussian, tolerance = 1e-9): [EigenGaussian, EigenGaussian] | null {
  const d = p.d;
  const r = p.values.length;
  if (q.values.length !== r || r === 0) return null;
  // ‖U_p U_qᵀ‖_F² = Σ cos²(principal angles) = r iff the subspaces coincide.
  const M = new Float64Array(r * r);
  let f2 = 0;
  for (let a = 0; a < r; a++) {
    for (let b = 0; b < r; b++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += p.vectors[a * d + i] * q.vectors[b * d + i];
      M[a * r + b] = s;
      f2 += s * s;
    }
  }
  if (Math.abs(f2 - r) > tolerance * r) return null;
  const delta = new Float64Array(d);
  let scale = 0;
  for (let i = 0; i < d; i++) delta[i] = q.mean[i] - p.mean[i];
  for (let j = 0; j < r; j++) scale += p.values[j] + q.values[j];
  let inside = 0;
  let total = 0;
  const cp = new Float64Array(r);
  for (let a = 0; a < r; a++) {
    let s = 0;
    for (let i = 0; i < d; i++) s += p.vectors[a * d + i] * delta[i];
    cp[a] = s;
    inside += s * s;
  }
  for (let i = 0; i < d; i++) total += delta[i] * delta[i];
  if (total - inside > tolerance * (scale + total)) return null;
  // Coordinates in p's basis: p ↦ N(0, diag g_p), q ↦ N(cp, M diag(g_q) Mᵀ).
  const lawP: EigenGaussian = { d: r, mean: new Float64Array(r), values: Float64Array.from(p.values), vectors: identityRows(r) };
  const covQ = new Float64Array(r * r);
  for (let t = 0; t < r; t++) {
    for (let a = 0; a < r; a++) {
      const ma = M[a * r + t] * q.values[t];
      for (let b = 0; b < r; b++) covQ[a * r + b] += ma * M[b * r + t];
    }
  }
  const eig = symmetricEigen(covQ, r, { vectors: true });
  const values = new Float64Array(r);
  const vectors = new Float64Array(r * r);
  for (let j = 0; j < r; j++) {
    values[j] = Math.max(eig.values[j], Number.MIN_VALUE);
    for (let i = 0; i < r; i++) vectors[j * r + i] = eig.vectors![i * r + j];
  }
  return [lawP, { d: r, mean: cp, values, vectors }];
}

function identityRows(r: number): Float64Array {
  const out = new Float64Array(r * r);
  for (let i = 0; i < r; i++) out[i * r + i] = 1;
  return out;
}

/**
 * Squared Hellinger distance H²(p, q) = 1 − ∫√(pq) ∈ [0, 1] between two Gaussians (symmetric).
 *
 * @example
 * ```ts
 * gaussianHellinger(p, q);   // ≈ 0.029 (p = N(0, diag(2, 1)), q = N(0, I))
 * ```
 */
export function gaussianHellinger(p: EigenGaussian, q: EigenGaussian): number {
  requireEigenGaussian('p', p);
  requireEigenGaussian('q', q);
  if (p.d !== q.d) throw new InvalidArgumentError('q.d', q.d, `must equal p.d = ${p.d}`);
  const fullP = p.values.length === p.d;
  const fullQ = q.values.length === q.d;
  if (fullP) return standardDivergencesKernel(whitenAgainst(q, p)).hellinger;
  if (fullQ) return standardDivergencesKernel(whitenAgainst(p, q)).hellinger;
  const common = restrictToCommonSupport(p, q);
  if (common === null) return 1;
  return gaussianHellinger(common[0], common[1]);
}

/**
 * KL(p ‖ q) between two Gaussians; +Infinity when p is not absolutely continuous w.r.t. q.
 *
 * @example
 * ```ts
 * const p = eigenGaussianFromCovariance(new Float64Array(2), new Float64Array([2, 0, 0, 1]), 2);
 * const q = eigenGaussianFromCovariance(new Float64Array(2), new Float64Array([1, 0, 0, 1]), 2);
 * gaussianKl(p, q);   // ≈ 0.153 (nats)
 * ```
 */
export function gaussianKl(p: EigenGaussian, q: EigenGaussian): number {
  requireEigenGaussian('p', p);
  requireEigenGaussian('q', q);
  if (p.d !== q.d) throw new InvalidArgumentError('q.d', q.d, `must equal p.d = ${p.d}`);
  const fullP = p.values.length === p.d;
  const fullQ = q.values.length === q.d;
  if (fullQ) return standardDivergencesKernel(whitenAgainst(p, q)).klLawToReference;
  if (fullP) return Infinity;
  const common = restrictToCommonSupport(p, q);
  if (common === null) return Infinity;
  return gaussianKl(common[0], common[1]);
}
