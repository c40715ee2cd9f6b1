/**
 * E tr f(Ŝ) = ∫ f dμ_count and E tr Σ f(Ŝ) = ∫ f dμ_Σ (docs/theory.md §3; totals over the d dimensions),
 * for the n-sample ensemble, or E tr f(Σ̂), E tr Σ f(Σ̂) for the model ensemble (f evaluated at x/r).
 *
 * Densities on the support, from m̲ = m̲(x + i0): ρ = (n/π) Im m̲ (counting), ÷ x|m̲|² (Σ-weighted),
 * and (1/(πx)) Σ a_i w_i λ_i Im m̲/|1 + λ_i m̲|² for A diagonal in Σ's eigenbasis. They are
 * integrated by the adaptive Gauss–Kronrod rule in θ (x = lo + (hi − lo) sin²θ per cluster) of
 * supportQuadrature.ts, where the square-root edges and the hard edge need no special treatment.
 * The atom at 0 (n < d) adds (d − n) f(0), resp. n κ0 f(0), exactly.
 */
import { InvalidArgumentError } from '../../errors.js';
import { requireInteger, requirePositive } from '../../validate.js';
import { companionContext } from '../complexPlane/companionKernels.js';
import { computeSupport, resolveEnsemble, type EnsembleOptions } from '../complexPlane/spectralSupport.js';
import { integrateOverSupportMany, type SupportDensities } from './supportQuadrature.js';

const EPS = 2.220446049250313e-16;

export interface SpectralExpectationOptions extends EnsembleOptions {
  /** The function (finite on the support, and at 0 when there is an atom). */
  f: (x: number) => number;
  /**
   * 'count': E tr f(Ŝ); 'sigma': E tr Σ f(Ŝ); `{ diagonal: a }`: E tr A f(Ŝ) for A diagonal in Σ's
   * eigenbasis, a[i] the entry for the i-th distinct eigenvalue of the spectrum (as stored).
   */
  weight: 'count' | 'sigma' | { diagonal: ArrayLike<number> };
  /** Relative tolerance on the value, against ∫|f| dμ (default 1e-12). */
  tolerance?: number;
  /** Cap on the calls of f (default 200 000). */
  maxEvaluations?: number;
}

export interface SpectralExpectationResult {
  /** E tr f(Ŝ) or E tr Σ f(Ŝ) (totals, not per dimension). */
  value: number;
  /** Sum of the QUADPACK error estimates of the final intervals (plus rounding). */
  errorEstimate: number;
  /** Calls of f. */
  evaluations: number;
  /** Contribution of the atom at 0 (included in value). */
  atom: number;
  /** Tolerance met within maxEvaluations and every node certified (Im m̲ > 0, converged). */
  converged: boolean;
  /** Passes over the spectrum (support + all solves). */
  passes: number;
}

/**
 * ∫ f dμ_count or ∫ f dμ_Σ (totals); see the file comment.
 *
 * @example
 * ```ts
 * spectralExpectation({ spectrum, n: 128, f: (x) => Math.exp(-3 * x), weight: 'count' }).value;   // E tr e^(−3Ŝ)
 * ```
 */
export function spectralExpectation(options: SpectralExpectationOptions): SpectralExpectationResult {
  if (typeof options?.f !== 'function') throw new InvalidArgumentError('f', options?.f, 'must be a function of one number');
  return spectralExpectations({ ...options, items: [{ f: options.f, weight: options.weight }] })[0];
}

/** One integrand of spectralExpectations. */
export interface SpectralExpectationItem {
  f: (x: number) => number;
  weight: SpectralExpectationOptions['weight'];
}

/**
 * Several ∫ f_j dμ_{B_j} at once on shared nodes (one solve of m̲ per node for all of them); with one
 * item it is spectralExpectation exactly. They share `converged`; `evaluations` counts every call.
 *
 * @example
 * ```ts
 * const spectrum = powerLawSpectrum({ d: 256, k: 1 });
 * spectralExpectations({ spectrum, n: 128, items: [{ f: (x) => x, weight: 'count' }] })[0].value;   // ≈ 256 (E tr Ŝ = tr Σ)
 * ```
 */
export function spectralExpectations(
  options: EnsembleOptions & { items: readonly SpectralExpectationItem[]; tolerance?: number; maxEvaluations?: number },
): SpectralExpectationResult[] {
  const ens = resolveEnsemble(options);
  const items = options.items;
  if (!Array.isArray(items) || items.length === 0) throw new InvalidArgumentError('items', items, 'must be a non-empty array of { f, weight }');
  const tol = options.tolerance === undefined ? 1e-12 : requirePositive('tolerance', options.tolerance);
  const maxEval = requireInteger('maxEvaluations', options.maxEvaluations ?? 200_000, 21);
  const { spectrum, n, r } = ens;
  const raw = computeSupport(spectrum, n);
  const ctx = companionContext(spectrum, n);
  ctx.passes = raw.evaluations;
  const { ev, wt, M, d } = ctx;
  const counter = { evaluations: 0 };
  const kinds = items.map((item, j) => {
    if (typeof item?.f !== 'function') throw new InvalidArgumentError(items.length === 1 ? 'f' : `items[${j}].f`, item?.f, 'must be a function of one number');
    return { sigma: item.weight === 'sigma', diagonal: requireWeight(item.weight, options.spectrum?.eigenvalues?.length) };
  });
  const calls = items.map((item) => countedCall(item.f, r, counter));
  const atoms = kinds.map(({ sigma, diagonal }, j) => {
    if (!(n < d)) return 0;
    // Atom of the A-weighted measure at 0: lim_{w→0} w·(κ/w) tr A(Σ + κ)⁻¹ = κ0 Σ a_i w_i/(λ_i + κ0)
    // (A = I gives d − n, A = Σ gives n κ0).
    let mass = sigma ? n * raw.kappa0 : d - n;
    if (diagonal !== null) {
      mass = 0;
      for (let i = 0; i < M; i++) mass += (diagonal[i] * wt[i] * raw.kappa0) / (ev[i] + raw.kappa0);
    }
    return calls[j](0) * mass;
  });
  const densities: SupportDensities = (x, mr, mi, out) => {
    for (let j = 0; j < kinds.length; j++) {
      const { sigma, diagonal } = kinds[j];
      if (diagonal !== null) {
        // (1/π) Im[(κ/w) Σ a_i w_i/(λ_i + κ)] at w = −x, κ = 1/m̲: (1/(πx)) Σ a_i w_i λ_i Im m̲/|1 + λ_i m̲|².
        let s = 0;
        for (let i = 0; i < M; i++) {
          const re = 1 + ev[i] * mr;
          const im = ev[i] * mi;
          s += (diagonal[i] * wt[i] * ev[i]) / (re * re + im * im);
        }
        out[j] = (mi * s) / (Math.PI * x);
      } else if (sigma) out[j] = ((n / Math.PI) * mi) / (x * (mr * mr + mi * mi));
      else out[j] = (n / Math.PI) * mi;
    }
  };
  const q = integrateOverSupportMany(ctx, raw.clusters, densities, calls, counter, atoms.map(Math.abs), tol, maxEval);
  return q.map((qj, j) => ({
    value: qj.value + atoms[j],
    errorEstimate: qj.errorEstimate + 4 * EPS * Math.abs(atoms[j]),
    evaluations: counter.evaluations,
    atom: atoms[j],
    converged: qj.converged,
    passes: ctx.passes,
  }));
}

/** f at the user's eigenvalue x/r, counted, and refused when not finite (naming where). */
export function countedCall(f: (x: number) => number, r: number, counter: { evaluations: number }): (x: number) => number {
  return (x: number): number => {
    const v = f(x / r);
    counter.evaluations++;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new InvalidArgumentError('f', v, `must return a finite number (got it at x = ${x / r})`);
    }
    return v;
  };
}

/** The weight option: null for 'count' / 'sigma', the finite diagonal otherwise. */
export function requireWeight(weight: unknown, m: number | undefined): Float64Array | null {
  if (weight === 'count' || weight === 'sigma') return null;
  const a = (weight as { diagonal?: ArrayLike<number> } | null)?.diagonal;
  if (a === undefined || a.length !== m) throw new InvalidArgumentError('weight', weight, `must be 'count', 'sigma' or { diagonal } with one entry per distinct eigenvalue (${m})`);
  const diagonal = Float64Array.from(a);
  for (let i = 0; i < diagonal.length; i++) if (!Number.isFinite(diagonal[i])) throw new InvalidArgumentError(`weight.diagonal[${i}]`, diagonal[i], 'must be finite');
  return diagonal;
}
