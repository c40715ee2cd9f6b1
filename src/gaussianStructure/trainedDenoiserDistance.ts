/**
 * For ONE trained linear denoiser D_N (one training set), the exact expectation over noised test
 * inputs of ‖D_N − D_G‖² — the per-draw quantity whose average over training sets the theory
 * (denoiserDistanceTheory.ts) predicts.
 *
 * Why exact rather than sampled: D_N − D_G is affine in x,
 *   D_N(x) − D_G(x) = M(x − μ) + (I − A_N)(μ̂ − μ),   M = A_N − A_G,
 * A_N = Σ̂(Σ̂ + σ²)⁻¹, A_G = Σ(Σ + σ²)⁻¹, so for ANY law of x_0 with mean μ and covariance Σ
 * (Gaussian data, or the digits themselves) E‖·‖² = tr(M B Mᵀ) + ‖(I − A_N)δ‖², B = Σ + σ²I.
 * Taking this expectation exactly (Rao–Blackwellisation) leaves only the training-set randomness
 * in the Monte Carlo, and the per-mode values are E(e_iᵀ(D_N − D_G))² = (M B M)_ii + ((I − A_N)δ)_i².
 *
 * Coordinates: Σ's eigenbasis, Σ = diag(λ) (the data — Gaussian draws or projected digits — are
 * expressed there), and the fitted model's basis Ũ (p × r) lives in the same coordinates.
 *
 * Total in O(p·r) per σ, as sums of non-negative terms. Over the eigenvectors v_j of Σ̂ (range
 * and null space), with g_j = 1/(λ̂_j + σ²), b_j = v_jᵀBv_j = c_j + σ², c_j = v_jᵀΣv_j,
 * q_j = v_jᵀ(Σ + σ²)⁻¹v_j, and using (Σ + σ²)⁻¹B = I:
 *   tr(G − G∞)B(G − G∞) = Σ_j [g_j²b_j − 2g_j + q_j] = Σ_j [(c_j − λ̂_j)²g_j²/b_j + (q_j − 1/b_j)],
 *   q_j − 1/b_j = Σ_i π_ij (c_j − λ_i)²/((λ_i + σ²) b_j²) ≥ 0,   π_ij = Ũ_ij²
 * (a Jensen gap written as a variance: Σ_i π_ij(c_j − λ_i) = 0 is added in). M = −σ²(G − G∞), so
 * each range direction contributes σ⁴ times that, and the null space of Σ̂ (directions D_N
 * shrinks to μ̂ outright) sums to Σ_i ρ_i λ_i²/(λ_i + σ²) with ρ_i = (I − ŨŨᵀ)_ii.
 * The naive expansion tr(A_N B A_N) − 2tr(A_N Σ) + tr(Σ A_G) cancels catastrophically as σ → 0
 * (terms O(tr Σ), result O(σ⁴)); this form does not.
 *
 * Per mode in O(p²·r) per σ: M is formed explicitly; when Σ̂ has full rank (r = p) as
 * M = σ²(G∞ − ŨgŨᵀ), which is accurate relative to σ², otherwise as A_N − A_G (the null-space
 * part, O(1), then dominates). (M B M)_ii = Σ_k M_ik² B_k is a sum of squares.
 */
import { InvalidArgumentError } from '../errors.js';
import { requireFiniteFloat64Array } from '../linalg/matrix.js';
import type { GaussianModel } from './gaussianModel.js';
import { requireSigma } from './veParametrisation.js';

export interface TrainedDistance {
  sigma: number;
  /** E_x ‖D_N − D_G‖² = matrixTerm + meanTerm. */
  distance: number;
  /** tr(M B Mᵀ): the part from A_N ≠ A_G. */
  matrixTerm: number;
  /** ‖(I − A_N)(μ̂ − μ)‖²: the part from μ̂ ≠ μ. */
  meanTerm: number;
  /** Per population eigenvector e_i (coordinate i): E (e_iᵀ(D_N − D_G))². */
  perMode?: Float64Array;
}

export class TrainedDenoiserDistance {
  readonly p: number;
  private readonly lambda: Float64Array;
  private readonly model: GaussianModel;
  /** π_ij = Ũ_ij² (row-major p × r). */
  private readonly pi: Float64Array;
  /** Σ_i π_ij (1 up to rounding) and c_j = Σ_i π_ij λ_i / Σ_i π_ij. */
  private readonly colMass: Float64Array;
  private readonly c: Float64Array;
  /** ρ_i = (I − ŨŨᵀ)_ii ≥ 0. */
  private readonly rho: Float64Array;
  /** δ = μ̂ − μ, y = Ũᵀδ, ‖P_0 δ‖². */
  private readonly delta: Float64Array;
  private readonly y: Float64Array;
  private readonly nullDelta2: number;

  /**
   * @param eigenvalues population λ (length p, > 0): Σ = diag(λ) in these coordinates.
   * @param model the fitted empirical model in the same coordinates (d = p, basis non-null).
   * @param populationMean μ (default 0).
   */
  constructor(eigenvalues: Float64Array, model: GaussianModel, populationMean?: Float64Array) {
    const p = eigenvalues.length;
    if (!(eigenvalues instanceof Float64Array) || p === 0) throw new InvalidArgumentError('eigenvalues', eigenvalues, 'must be a non-empty Float64Array');
    for (let i = 0; i < p; i++) if (!(eigenvalues[i] > 0) || !Number.isFinite(eigenvalues[i])) throw new InvalidArgumentError(`eigenvalues[${i}]`, eigenvalues[i], 'must be a finite number > 0');
    if (model.d !== p) throw new InvalidArgumentError('model.d', model.d, `must equal the number of population eigenvalues (${p})`);
    const r = model.rank;
    if (model.basis === null && r !== p) throw new InvalidArgumentError('model.basis', null, 'a null basis needs rank = d');
    const U = model.basis ?? identityBasis(p);
    const mu = populationMean === undefined ? new Float64Array(p) : requireFiniteFloat64Array('populationMean', populationMean, p);
    this.p = p;
    this.lambda = eigenvalues;
    this.model = { ...model, basis: U };
    this.pi = new Float64Array(p * r);
    this.colMass = new Float64Array(r);
    this.c = new Float64Array(r);
    this.rho = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      let rowMass = 0;
      for (let j = 0; j < r; j++) {
        const u2 = U[i * r + j] * U[i * r + j];
        this.pi[i * r + j] = u2;
        this.colMass[j] += u2;
        this.c[j] += u2 * eigenvalues[i];
        rowMass += u2;
      }
      this.rho[i] = Math.max(0, 1 - rowMass);
    }
    for (let j = 0; j < r; j++) this.c[j] /= this.colMass[j];
    this.delta = new Float64Array(p);
    let d2 = 0;
    for (let i = 0; i < p; i++) {
      this.delta[i] = model.mean[i] - mu[i];
      d2 += this.delta[i] * this.delta[i];
    }
    this.y = new Float64Array(r);
    let y2 = 0;
    for (let i = 0; i < p; i++) {
      const di = this.delta[i];
      if (di === 0) continue;
      for (let j = 0; j < r; j++) this.y[j] += U[i * r + j] * di;
    }
    for (let j = 0; j < r; j++) y2 += this.y[j] * this.y[j];
    this.nullDelta2 = r === p ? 0 : Math.max(0, d2 - y2);
  }

  /** The exact test-input expectation at noise level σ (per mode on request). */
  at(sigma: number, perMode = false): TrainedDistance {
    const s = requireSigma('sigma', sigma);
    const s2 = s * s;
    const { p, lambda: lam, pi, colMass, c, rho } = this;
    const r = this.model.rank;
    const lh = this.model.eigenvalues;
    let matrixTerm = 0;
    for (let j = 0; j < r; j++) {
      const b = c[j] + s2;
      const sg = s2 / (lh[j] + s2); // σ² g_j
      const dc = c[j] - lh[j];
      let jensen = 0;
      for (let i = 0; i < p; i++) {
        const pij = pi[i * r + j];
        if (pij === 0) continue;
        const e = c[j] - lam[i];
        jensen += (pij * e * e) / (lam[i] + s2);
      }
      const sb = s2 / b;
      matrixTerm += (dc * dc * sg * sg) / b + (sb * sb * jensen) / colMass[j];
    }
    for (let i = 0; i < p; i++) if (rho[i] > 0) matrixTerm += (rho[i] * lam[i] * lam[i]) / (lam[i] + s2);
    let meanTerm = this.nullDelta2;
    for (let j = 0; j < r; j++) {
      const om = s2 / (lh[j] + s2);
      meanTerm += om * om * this.y[j] * this.y[j];
    }
    const result: TrainedDistance = { sigma: s, distance: matrixTerm + meanTerm, matrixTerm, meanTerm };
    if (perMode) result.perMode = this.perModeAt(s2);
    return result;
  }

  private perModeAt(s2: number): Float64Array {
    const { p, lambda: lam, delta } = this;
    const r = this.model.rank;
    const U = this.model.basis!;
    const lh = this.model.eigenvalues;
    const fullRank = r === p;
    // coef_j: σ²g_j (full rank, M = σ²(G∞ − ŨgŨᵀ)) or h_j (M = ŨhŨᵀ − A_G).
    const coef = new Float64Array(r);
    for (let j = 0; j < r; j++) coef[j] = fullRank ? s2 / (lh[j] + s2) : lh[j] / (lh[j] + s2);
    const M = new Float64Array(p * p);
    const scaled = new Float64Array(r);
    for (let i = 0; i < p; i++) {
      const ri = i * r;
      for (let j = 0; j < r; j++) scaled[j] = U[ri + j] * coef[j];
      for (let k = i; k < p; k++) {
        const rk = k * r;
        let s = 0;
        for (let j = 0; j < r; j++) s += scaled[j] * U[rk + j];
        M[i * p + k] = s;
      }
    }
    for (let i = 0; i < p; i++) {
      for (let k = i; k < p; k++) {
        let v = M[i * p + k];
        if (fullRank) v = -v; // σ²(G∞ − ŨgŨᵀ): diagonal gets σ²/(λ_i + σ²)
        if (i === k) v += fullRank ? s2 / (lam[i] + s2) : -lam[i] / (lam[i] + s2);
        M[i * p + k] = v;
        M[k * p + i] = v;
      }
    }
    // (I − A_N)δ = δ − Ũ h Ũᵀ δ.
    const h = new Float64Array(r);
    for (let j = 0; j < r; j++) h[j] = (lh[j] / (lh[j] + s2)) * this.y[j];
    const out = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      let s = 0;
      const ri = i * p;
      for (let k = 0; k < p; k++) {
        const m = M[ri + k];
        s += m * m * (lam[k] + s2);
      }
      let a = 0;
      for (let j = 0; j < r; j++) a += U[i * r + j] * h[j];
      const e = delta[i] - a;
      out[i] = s + e * e;
    }
    return out;
  }
}

function identityBasis(p: number): Float64Array {
  const I = new Float64Array(p * p);
  for (let i = 0; i < p; i++) I[i * p + i] = 1;
  return I;
}
