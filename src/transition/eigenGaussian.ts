/**
 * A Gaussian law in eigen-form, possibly degenerate: N(m, Σ) with Σ = Σ_{j<r} g_j u_j u_jᵀ,
 * g_j > 0, u_j orthonormal, and zero variance on the orthogonal complement of span{u_j}.
 *
 * This is the natural representation of the one-step model's generated law (docs/theory.md §9,
 * the onset-of-memorization paper’s eq. 17): its covariance σ_X² θ1 θ1ᵀ has rank min(n − 1, d), so for n ≤ d it is singular
 * and has no density. Every measure in this package is written in terms of (g_j, u_j), so the
 * singular case is handled exactly (infinite self-overlap, Hellinger 1, KL +∞) rather than by
 * clamping a determinant, and the cost of a quadratic form is O(r·d), not O(d²).
 */
import { InvalidArgumentError } from '../errors.js';
import { requireInteger } from '../validate.js';
import { requireFiniteFloat64Array } from '../linalg/matrix.js';
import { symmetricEigen } from '../linalg/symmetricEigen.js';

export interface EigenGaussian {
  /** Dimension d. */
  readonly d: number;
  /** Mean m (length d). */
  readonly mean: Float64Array;
  /** Non-zero eigenvalues g_j > 0 of Σ (length r = rank ≤ d), any order. */
  readonly values: Float64Array;
  /** r × d row-major: row j is the unit eigenvector u_j for values[j]. */
  readonly vectors: Float64Array;
}

/** Rank r of the covariance. */
export function rankOf(law: EigenGaussian): number {
  return law.values.length;
}

/** Check the shapes and entries of an {@link EigenGaussian} (orthonormality not checked). */
export function requireEigenGaussian(name: string, law: unknown): EigenGaussian {
  const g = law as EigenGaussian | null;
  if (g === null || typeof g !== 'object') throw new InvalidArgumentError(name, law, 'must be an EigenGaussian');
  const d = requireInteger(`${name}.d`, g.d, 1);
  requireFiniteFloat64Array(`${name}.mean`, g.mean, d);
  if (!(g.values instanceof Float64Array) || g.values.length > d) {
    throw new InvalidArgumentError(`${name}.values`, g.values?.length, `must be a Float64Array of length <= d = ${d}`);
  }
  const r = g.values.length;
  for (let j = 0; j < r; j++) {
    const v = g.values[j];
    if (!(v > 0) || !Number.isFinite(v)) throw new InvalidArgumentError(`${name}.values[${j}]`, v, 'must be a finite number > 0');
  }
  requireFiniteFloat64Array(`${name}.vectors`, g.vectors, r * d);
  return g;
}

/**
 * Eigen-form of N(mean, cov) from a dense symmetric covariance (row-major d × d).
 *
 * `rank`: when the rank is known a priori (as for the one-step model, where it is
 * min(n − 1, d) with probability 1), the `rank` largest eigenvalues are kept and the rest are
 * set to exactly 0 — a rounding-level eigenvalue ±1e-17 is then not mistaken for a tiny
 * positive variance. Without it, eigenvalues ≤ `relativeTolerance`·max are treated as zero.
 *
 * @example
 * ```ts
 * eigenGaussianFromCovariance(new Float64Array(2), new Float64Array([2, 0, 0, 1]), 2);   // { d: 2, values: [2, 1], vectors: [1, 0, 0, 1], … }
 * ```
 */
export function eigenGaussianFromCovariance(
  mean: Float64Array,
  cov: Float64Array,
  d: number,
  options: { rank?: number; relativeTolerance?: number } = {},
): EigenGaussian {
  requireInteger('d', d, 1);
  requireFiniteFloat64Array('mean', mean, d);
  requireFiniteFloat64Array('cov', cov, d * d);
  const eig = symmetricEigen(cov, d, { vectors: true });
  const V = eig.vectors!;
  const max = Math.max(0, eig.values[d - 1]);
  let keep: number;
  if (options.rank !== undefined) {
    keep = requireInteger('rank', options.rank, 0);
    if (keep > d) throw new InvalidArgumentError('rank', keep, `must be <= d = ${d}`);
  } else {
    const tol = (options.relativeTolerance ?? 64 * Number.EPSILON * d) * max;
    keep = 0;
    for (let j = 0; j < d; j++) if (eig.values[j] > tol) keep++;
  }
  // Ascending order: the kept ones are the last `keep`. A kept value that is not > 0 means the
  // stated rank was wrong for this matrix.
  const values = new Float64Array(keep);
  const vectors = new Float64Array(keep * d);
  for (let t = 0; t < keep; t++) {
    const j = d - 1 - t;
    const v = eig.values[j];
    if (!(v > 0)) throw new InvalidArgumentError('rank', keep, `eigenvalue ${v} of cov is not > 0: the covariance has lower rank`);
    values[t] = v;
    for (let i = 0; i < d; i++) vectors[t * d + i] = V[i * d + j];
  }
  return { d, mean: Float64Array.from(mean), values, vectors };
}

/**
 * The dense covariance Σ = Σ_j g_j u_j u_jᵀ (d × d row-major; tests and small problems).
 *
 * @example
 * ```ts
 * covarianceOf(eigenGaussianFromCovariance(new Float64Array(2), new Float64Array([2, 0, 0, 1]), 2));   // Float64Array [2, 0, 0, 1]
 * ```
 */
export function covarianceOf(law: EigenGaussian): Float64Array {
  const { d, values, vectors } = law;
  const out = new Float64Array(d * d);
  for (let j = 0; j < values.length; j++) {
    const g = values[j];
    const o = j * d;
    for (let a = 0; a < d; a++) {
      const ga = g * vectors[o + a];
      if (ga === 0) continue;
      const ra = a * d;
      for (let b = 0; b < d; b++) out[ra + b] += ga * vectors[o + b];
    }
  }
  return out;
}

/** Projections c_j = u_jᵀ x of a length-d vector on the eigenvectors (length r). */
export function projectOnEigenvectors(law: EigenGaussian, x: Float64Array): Float64Array {
  const { d, values, vectors } = law;
  const out = new Float64Array(values.length);
  for (let j = 0; j < values.length; j++) {
    let s = 0;
    const o = j * d;
    for (let i = 0; i < d; i++) s += vectors[o + i] * x[i];
    out[j] = s;
  }
  return out;
}
