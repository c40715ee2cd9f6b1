/**
 * First-order finite-size correction of E tr f(Ŝ) and E tr A f(Ŝ), A diagonal in Σ's eigenbasis,
 * for any f analytic near the support (docs/theory.md §6.9): the non-resolvent measures of the
 * training dynamics and of the finite-step sampler.
 *
 * The correction of E tr B(Ŝ + w)⁻¹ is c_BG(w) (§6.1–6.3), analytic off the support; by Cauchy's
 * formula the correction of E tr B f(Ŝ) is −(1/2πi)∮ f(z) c_BG(−z) dz around the support. Shrunk
 * onto the real axis it becomes three parts (§6.9):
 *
 *   ∫ f(x) (1/π) Im c_BG(κ(x)) dx  +  Σ_edges α_e f(e)  +  [n < d] A f(0),
 *
 * with κ(x) = 1/m̲(x + i0) (so w = −x − i0). Near a soft edge c_BG = α_e/(w − w_e) + O((w − w_e)^{−1/2}):
 * the pole is real on the axis and contributes only through the small circle around the edge —
 * α_e f(e) — while the square-root part leaves an integrable density ∝ 1/sqrt(x − e), which the θ
 * rule of supportQuadrature.ts integrates as an analytic function. The residues in closed form:
 *
 *   α_e = κ_e Σ ω b x y/(4 n e)  (x, y at the real edge value κ_e = 1/m̲_e; = ¼ for B = I),
 *   α_0 = Σ ω b/λ/(4 tr Σ⁻¹)      at the hard edge e = 0 (n = d; = ¼ for B = I),
 *   A   = [Σ ω b x² y − h Σ ω b x y]/S11 at κ0   (the atom's own correction, n < d; 0 for B = I),
 *
 * h = κ P3/g. For B = I (counting) and real Wishart data this is Bai & Silverstein's mean term
 * (¼(f(a) + f(b)) plus the arcsine-type density for Σ = I). Checked against the resolvent
 * corrections themselves (f = 1/(x + w)), exact Wishart moments (f = x², weights 1 and Σ) and Φ
 * (f = log(x + w)) in test/predictions/finiteSizeExpectation.test.ts.
 */
import { InvalidArgumentError } from '../../errors.js';
import { requireInteger, requirePositive } from '../../validate.js';
import { companionContext, type CompanionContext } from '../../selfconsistency/complexPlane/companionKernels.js';
import { countedCall, requireWeight } from '../../selfconsistency/limitingMeasure/spectralExpectation.js';
import { computeSupport, resolveEnsemble, type EnsembleOptions } from '../../selfconsistency/complexPlane/spectralSupport.js';
import { integrateOverSupportMany } from '../../selfconsistency/limitingMeasure/supportQuadrature.js';

/**
 * The evaluation cap the predictions give each correction: every case of the test suite and the
 * benchmarks that converges does so within ~17 000 calls (24-decade spectra; most within 5 000); past that the correction is not
 * resolvable (isolated clusters, docs/theory.md §6.9) and is not applied, so spending the default
 * 200 000 calls (seconds with the sampler's T-step recursions) would only confirm it.
 */
export const CORRECTION_EVALUATIONS = 20_000;

/**
 * The corrections of a prediction's spectral integrals (finiteSizeExpectations on shared nodes), at
 * the predictions' accuracy — 1e-8 of each correction's own scale: a correction enters a prediction
 * at ≤ 1e-2 of its value — and cap. Null when they did not converge (the prediction then keeps its
 * d → ∞ values and says so, docs/theory.md §6.9).
 */
export function predictionCorrections(options: EnsembleOptions, items: readonly CorrectionItem[]): number[] | null {
  const r = finiteSizeExpectations({ ...options, items, tolerance: 1e-8, maxEvaluations: CORRECTION_EVALUATIONS });
  return r.every((x) => x.converged) ? r.map((x) => x.correction) : null;
}

export interface FiniteSizeExpectationOptions extends EnsembleOptions {
  /** The function (analytic on a neighbourhood of the support, and finite at 0 when n < d). */
  f: (x: number) => number;
  /** As in spectralExpectation: 'count' (E tr f), 'sigma' (E tr Σ f) or { diagonal: a } (E tr A f). */
  weight: 'count' | 'sigma' | { diagonal: ArrayLike<number> };
  /** Relative tolerance of the quadrature, against ∫|f δρ| + |point terms| (default 1e-10). */
  tolerance?: number;
  /** Cap on the calls of f (default 200 000). */
  maxEvaluations?: number;
}

export interface FiniteSizeExpectationResult {
  /** The first-order correction of the expectation (total over d); 0 with converged false and an infinite errorEstimate if it overflows. */
  correction: number;
  /** Its parts: the density on the support, the edge residues, the atom's correction. */
  continuous: number;
  edges: number;
  atom: number;
  errorEstimate: number;
  evaluations: number;
  converged: boolean;
}

/**
 * First-order correction of E tr B f(Ŝ) (or of Σ̂ = Ŝ/r, model ensemble); see the file comment.
 *
 * @example
 * ```ts
 * finiteSizeExpectation({ spectrum: powerLawSpectrum({ d: 256, k: 1 }), n: 128, f: (x) => x, weight: 'count' }).correction;   // ≈ 0 (E tr Ŝ is exact)
 * ```
 */
export function finiteSizeExpectation(options: FiniteSizeExpectationOptions): FiniteSizeExpectationResult {
  if (typeof options?.f !== 'function') throw new InvalidArgumentError('f', options?.f, 'must be a function of one number');
  return finiteSizeExpectations({ ...options, items: [{ f: options.f, weight: options.weight }] })[0];
}

/** One integrand of finiteSizeExpectations. */
export interface CorrectionItem {
  f: (x: number) => number;
  weight: FiniteSizeExpectationOptions['weight'];
}

/**
 * The corrections of several E tr B_j f_j(Ŝ) at once, on shared quadrature nodes (one solve of m̲
 * and one pass over the spectrum per node for all of them: a prediction needs 5–7). Each result is
 * what finiteSizeExpectation would give for that item alone, up to the quadrature's tolerance; they
 * share `converged`.
 *
 * @example
 * ```ts
 * finiteSizeExpectations({ spectrum, n: 128, items: [{ f: (x) => x, weight: 'count' }] })[0].correction;   // ≈ 0 (E tr Ŝ has no 1/n correction)
 * ```
 */
export function finiteSizeExpectations(options: EnsembleOptions & { items: readonly CorrectionItem[]; tolerance?: number; maxEvaluations?: number }): FiniteSizeExpectationResult[] {
  const ens = resolveEnsemble(options);
  const items = options.items;
  if (!Array.isArray(items) || items.length === 0) throw new InvalidArgumentError('items', items, 'must be a non-empty array of { f, weight }');
  const tol = options.tolerance === undefined ? 1e-10 : requirePositive('tolerance', options.tolerance);
  const maxEval = requireInteger('maxEvaluations', options.maxEvaluations ?? 200_000, 21);
  const { spectrum, n, r } = ens;
  const raw = computeSupport(spectrum, n);
  const ctx = companionContext(spectrum, n);
  const { ev, wt, M, d } = ctx;
  const clusters = raw.clusters;
  const counter = { evaluations: 0 };
  // Distinct weights b (per distinct eigenvalue: 1 counting, λ_i Σ-weighted, or the diagonal).
  const weights: Float64Array[] = [];
  const keyOf = new Map<string, number>();
  const bIndex = items.map((item, j) => {
    if (typeof item?.f !== 'function') throw new InvalidArgumentError(`items[${j}].f`, item?.f, 'must be a function of one number');
    const diagonal = requireWeight(item.weight, options.spectrum?.eigenvalues?.length);
    const key = diagonal === null ? String(item.weight) : `d${j}`;
    let idx = keyOf.get(key);
    if (idx === undefined) {
      idx = weights.length;
      keyOf.set(key, idx);
      weights.push(diagonal ?? (item.weight === 'count' ? new Float64Array(M).fill(1) : Float64Array.from(ev)));
    }
    return idx;
  });
  const sorted = clusters.every((cl, c) => c === 0 || cl.lo >= clusters[c - 1].hi);
  const clusterOf = (x: number): number => {
    let lo = 0;
    let hi = clusters.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x > clusters[mid].hi) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const calls = items.map((item) => {
    const counted = countedCall(item.f, r, counter);
    // Counting measure: every cluster's own mass is exact (exact separation — the sample eigenvalues
    // in a cluster number its population eigenvalues — so its correction is 0 cluster by cluster),
    // hence f may be shifted by a constant per cluster: f − f(x_c), x_c the cluster's midpoint. Where
    // the support splits into narrow isolated clusters (n ≫ d, steep spectra) the edge terms ¼f(e)
    // and the density then cancel to O(f'·width) instead of O(f), which made those unresolvable.
    if (item.weight !== 'count' || !sorted) return counted;
    const shift = clusters.map((cl) => counted(0.5 * (cl.lo + cl.hi)));
    return (x: number) => counted(x) - shift[clusterOf(x)];
  });
  const parts = items.map((item, j) => {
    const b = weights[bIndex[j]];
    const counting = item.weight === 'count';
    let edges = 0;
    let scale = 0;
    for (const cl of clusters) {
      for (const [e, m] of [[cl.lo, cl.mLo], [cl.hi, cl.mHi]] as const) {
        // Counting measure: exactly ¼ at every edge (B = I in both formulas, g_e = 0).
        const alpha = counting ? 0.25 : m === Infinity || e === 0 ? hardEdgeResidue(ev, wt, b, M) : edgeResidue(ev, wt, b, M, n, 1 / m, e);
        const term = alpha * calls[j](e);
        edges += term;
        scale += Math.abs(term);
      }
    }
    let atom = 0;
    // The counting measure's atom d − n is exact (A = 0 identically for B = I: not formed, as its
    // rounding times f(0) could be large).
    if (n < d && !counting) {
      atom = atomResidue(ev, wt, b, M, raw.kappa0) * calls[j](0);
      scale += Math.abs(atom);
    }
    return { edges, atom, scale };
  });
  const density = correctionDensities(ctx, weights, bIndex);
  const q = integrateOverSupportMany(ctx, clusters, density, calls, counter, parts.map((p) => p.scale), tol, maxEval);
  return items.map((_, j) => {
    const correction = q[j].value + parts[j].edges + parts[j].atom;
    if (!Number.isFinite(correction)) {
      // Overflow of edge terms or density (|f| near the largest double): no correction, said so; never NaN.
      return { correction: 0, continuous: 0, edges: 0, atom: 0, errorEstimate: Infinity, evaluations: counter.evaluations, converged: false };
    }
    return { correction, continuous: q[j].value, edges: parts[j].edges, atom: parts[j].atom, errorEstimate: q[j].errorEstimate, evaluations: counter.evaluations, converged: q[j].converged };
  });
}

/**
 * (1/π) Im c_BG at w = −x − i0, κ = 1/m̲, for every weight b in `weights`, into out[j] for the items
 * (item j has weight weights[bIndex[j]]): with q_i = 1 + λ_i m̲, y = 1/q, x_i = λ_i m̲/q, t = m̲/q,
 * g = n − Σ ω x² (the definition, not the root identity: it holds whatever the solve's residual),
 * P3 = Σ ω x² t, h = κ P3/g,  c_BG = [Σ ω b x² y − h Σ ω b x y]/(w g)  (§6.3; b ≡ 1 gives n P3/g²).
 * One pass over the spectrum for all weights; hand-written complex arithmetic; no allocation.
 */
function correctionDensities(ctx: CompanionContext, weights: readonly Float64Array[], bIndex: readonly number[]) {
  const { ev, wt, M, n, d } = ctx;
  const W = weights.length;
  const sums = new Float64Array(4 * W); // per weight: Re/Im of Σωb x²y, Re/Im of Σωb xy
  const imC = new Float64Array(W);
  return (xEval: number, mr: number, mi: number, out: Float64Array): void => {
    let s20r = 0, s20i = 0, p3r = 0, p3i = 0;
    let br = 0, bi = 0, babs = 0, aabs = 0; // g's second form: (n − d) + Σω(2y − y²)
    sums.fill(0);
    for (let i = 0; i < M; i++) {
      const l = ev[i];
      const qr = 1 + l * mr;
      const qi = l * mi;
      const qq = qr * qr + qi * qi;
      const yr = qr / qq; // y = 1/q
      const yi = -qi / qq;
      const xr = 1 - yr; // x = 1 − y
      const xi = -yi;
      const x2r = xr * xr - xi * xi;
      const x2i = 2 * xr * xi;
      const tr = mr * yr - mi * yi; // t = m̲ y
      const ti = mr * yi + mi * yr;
      const w = wt[i];
      s20r += w * x2r;
      s20i += w * x2i;
      aabs += w * (xr * xr + xi * xi);
      const ur = 2 * yr - (yr * yr - yi * yi);
      const ui = 2 * yi - 2 * yr * yi;
      br += w * ur;
      bi += w * ui;
      babs += w * (Math.abs(ur) + Math.abs(ui)); // a bound on |2y − y²| without Math.hypot in the hot loop
      p3r += w * (x2r * tr - x2i * ti);
      p3i += w * (x2r * ti + x2i * tr);
      const xyr = xr * yr - xi * yi;
      const xyi = xr * yi + xi * yr;
      const x2yr = x2r * yr - x2i * yi;
      const x2yi = x2r * yi + x2i * yr;
      for (let k = 0; k < W; k++) {
        const wb = w * weights[k][i];
        sums[4 * k] += wb * x2yr;
        sums[4 * k + 1] += wb * x2yi;
        sums[4 * k + 2] += wb * xyr;
        sums[4 * k + 3] += wb * xyi;
      }
    }
    // g = n − Σωx² = (n − d) + Σω(2y − y²) (x = 1 − y): the form with the smaller sum of |terms|
    // (the second when |m̲| is large, y small: the lower edge near 0 when n ≈ d, where the first
    // cancels n against n).
    const useB = Math.abs(n - d) + babs < n + aabs;
    const gr = useB ? n - d + br : n - s20r;
    const gi = useB ? bi : -s20i;
    const mm = mr * mr + mi * mi;
    const kr = mr / mm; // κ = 1/m̲
    const ki = -mi / mm;
    const gg = gr * gr + gi * gi;
    // h = κ P3/g
    const kpr = kr * p3r - ki * p3i;
    const kpi = kr * p3i + ki * p3r;
    const hr = (kpr * gr + kpi * gi) / gg;
    const hi = (kpi * gr - kpr * gi) / gg;
    for (let k = 0; k < W; k++) {
      const ar = sums[4 * k], ai = sums[4 * k + 1], cr = sums[4 * k + 2], ci = sums[4 * k + 3];
      // numerator = A − h C; c = numerator/(w g), w = −xEval real
      const nr = ar - (hr * cr - hi * ci);
      const ni = ai - (hr * ci + hi * cr);
      imC[k] = (ni * gr - nr * gi) / gg / -xEval / Math.PI;
    }
    for (let j = 0; j < bIndex.length; j++) out[j] = imC[bIndex[j]];
  };
}

/** α_e = κ_e Σ ω b x y/(4 n e) at a soft edge e with real κ_e (x = λ/(λ + κ_e), y = κ_e/(λ + κ_e)). */
function edgeResidue(ev: Float64Array, wt: Float64Array, b: Float64Array, M: number, n: number, kappa: number, e: number): number {
  let s = 0;
  for (let i = 0; i < M; i++) {
    const t = 1 / (ev[i] + kappa);
    s += wt[i] * b[i] * ev[i] * kappa * t * t;
  }
  return (kappa * s) / (4 * n * e);
}

/** α_0 = Σ ω b/λ/(4 tr Σ⁻¹) at the hard edge (n = d). */
function hardEdgeResidue(ev: Float64Array, wt: Float64Array, b: Float64Array, M: number): number {
  let s = 0;
  let h = 0;
  for (let i = 0; i < M; i++) {
    s += (wt[i] * b[i]) / ev[i];
    h += wt[i] / ev[i];
  }
  return s / (4 * h);
}

/** A = lim_{w→0} w c_BG(w) = [Σ ω b x² y − h Σ ω b x y]/S11 at κ0 (n < d). */
function atomResidue(ev: Float64Array, wt: Float64Array, b: Float64Array, M: number, kappa: number): number {
  let s11 = 0, p3 = 0, a = 0, c = 0;
  for (let i = 0; i < M; i++) {
    const t = 1 / (ev[i] + kappa);
    const x = ev[i] * t;
    const y = kappa * t;
    s11 += wt[i] * x * y;
    p3 += wt[i] * x * x * t;
    a += wt[i] * b[i] * x * x * y;
    c += wt[i] * b[i] * x * y;
  }
  const h = (kappa * p3) / s11;
  return (a - h * c) / s11;
}
