/**
 * Densities of the limiting spectral measures of Ŝ (or of Σ̂ in the model ensemble), per
 * dimension (docs/theory.md §3):
 *
 *   counting:    ρ(x)   = (1/(π d)) Im[(d − n)/w + n/κ(w)]  = (n/(π d)) Im m̲(x + i0)
 *   Σ-weighted:  ρ_Σ(x) = (1/(π d)) Im[n(κ(w)/w − 1)]       = (n/(π d)) Im m̲ / (x |m̲|²)
 *
 * (w = −x − i0, κ = 1/m̲), plus the atoms at 0 (counting (d − n)/d and Σ-weighted n κ0/d when n < d).
 *
 * Default grid: per cluster [lo, hi], x = lo + (hi − lo) sin²θ at equally spaced θ ∈ [0, π/2] —
 * Chebyshev–Lobatto points in x, dense near the edges, edges included (density 0 there). In θ the
 * integrand ρ(x(θ)) dx/dθ is analytic and even about both ends (see stieltjes.ts), so the trapezoid
 * rule in θ converges geometrically: the returned `weights` integrate the continuous part to near
 * machine precision (Σ weights·density = 1 − atomAtZero). A hard edge at 0 (n = d) is not a node
 * (the density diverges like x^{-1/2}); that cluster uses the midpoint rule in θ instead (nodes
 * (j + ½)Δθ, equally spectrally accurate), plus its upper edge with weight 0.
 * Points are shared among clusters ∝ √mass, at least 5 nodes per cluster.
 *
 * Self-check. The continuous part's total mass is known exactly (1 − atomAtZero), so
 * `massError` = |Σ weights·density − (1 − atomAtZero)| is an a-posteriori error estimate of the
 * weights. The geometric convergence in θ can start late: a spectrum spanning many decades
 * (geometric 1e-3…1e3, d = 400, n = 800) needs ~1.2·10⁴ nodes for 1e-8, because one cluster then
 * spans 6 decades of x and the linear-in-sin²θ map puts few nodes where most of the mass is. When
 * `points` is not given, the grid is therefore doubled from 2000 until massError ≤ 1e-8 (at most
 * 2¹⁸ nodes); an explicit `points` is honoured as given and its massError reported.
 */
import { InvalidArgumentError } from '../../errors.js';
import { requireFinite, requireInteger, requirePositive } from '../../validate.js';
import { companionContext, type CompanionContext } from '../complexPlane/companionKernels.js';
import { solveAxis } from '../complexPlane/axisSolve.js';
import { thetaOfX, trackCluster, xOfTheta } from '../complexPlane/clusterTracking.js';
import {
  computeSupport,
  publicSupport,
  resolveEnsemble,
  type EnsembleOptions,
  type RawCluster,
  type RawSupport,
  type SpectralSupport,
} from '../complexPlane/spectralSupport.js';

const HALF_PI = Math.PI / 2;

export interface SpectralDensityOptions extends EnsembleOptions {
  /**
   * Size of the default support-adapted grid (at least 3 nodes per cluster are used). Default:
   * adaptive, from 2000 doubled until the weights integrate the density to 1e-8 (see massError).
   */
  points?: number;
  /** Evaluate at these points instead of the default grid (any order; outside the support → 0). */
  x?: ArrayLike<number>;
  /** Newton step tolerance relative to Im m̲/|m̲| (default 1e-10). */
  tolerance?: number;
}

export interface SpectralDensityResult {
  /** Evaluation points (the matrix's units: Σ̂ for the model ensemble). */
  x: Float64Array;
  /** Counting density per dimension (continuous part). +Infinity only at x = 0 when n = d. */
  density: Float64Array;
  /** Σ-weighted density per dimension (continuous part). */
  sigmaDensity: Float64Array;
  /** Quadrature weights for ∫ g(x) dx over the support (default grid only, else null). */
  weights: Float64Array | null;
  /** |Σ weights·density − (1 − atomAtZero)|: the weights' self-check (default grid only, else null). */
  massError: number | null;
  /** m̲(x + i0) at each point (model ensemble: r·m̲_Ŝ(r x)); Im > 0 exactly inside the support. */
  mUnderlineRe: Float64Array;
  mUnderlineIm: Float64Array;
  support: SpectralSupport;
  atomAtZero: number;
  sigmaAtomAtZero: number;
  /** Largest relative residual of the self-consistent equation over the points. */
  maxResidual: number;
  /** Every point certified (converged with Im m̲ > 0 inside the support). */
  converged: boolean;
  /** Passes over the spectrum (including the support). */
  passes: number;
}

/**
 * Counting and Σ-weighted densities per dimension (see the file comment).
 *
 * @example
 * ```ts
 * const { x, density, support, atomAtZero } = spectralDensity({ spectrum, n: 128, points: 500 });
 * ```
 */
export function spectralDensity(options: SpectralDensityOptions): SpectralDensityResult {
  const ens = resolveEnsemble(options);
  const tol = options.tolerance === undefined ? 1e-10 : requirePositive('tolerance', options.tolerance);
  let userX: Float64Array | null = null;
  if (options.x !== undefined) {
    if (options.points !== undefined) throw new InvalidArgumentError('points', options.points, 'cannot be combined with x');
    const xs = options.x;
    if (xs === null || typeof xs !== 'object' || typeof xs.length !== 'number') throw new InvalidArgumentError('x', xs, 'must be an array of numbers');
    userX = new Float64Array(xs.length);
    for (let i = 0; i < xs.length; i++) userX[i] = requireFinite(`x[${i}]`, xs[i]);
  }
  const adaptive = options.points === undefined;
  let points = adaptive ? DEFAULT_POINTS : requireInteger('points', options.points, 2);
  const { spectrum, n, r } = ens;
  const raw = computeSupport(spectrum, n);
  const ctx = companionContext(spectrum, n);
  ctx.passes = raw.evaluations;
  let res: GridSolve;
  let massError: number | null = null;
  if (userX !== null) res = atPoints(ctx, raw, spectrum, userX, r, tol);
  else {
    for (;;) {
      res = defaultGrid(ctx, raw, points, tol);
      massError = gridMassError(res, n / (Math.PI * ctx.d), raw.atomAtZero);
      if (!adaptive || massError <= MASS_TOLERANCE || points >= MAX_ADAPTIVE_POINTS) break;
      points = Math.min(2 * points, MAX_ADAPTIVE_POINTS);
    }
  }
  // Densities from m̲ (Ŝ units), then the model-ensemble rescaling x → x/r, ρ → r ρ.
  const len = res.xs.length;
  const density = new Float64Array(len);
  const sigmaDensity = new Float64Array(len);
  const c = n / (Math.PI * ctx.d);
  let maxResidual = 0;
  let converged = true;
  for (let j = 0; j < len; j++) {
    const x = res.xs[j];
    const mr = res.mr[j];
    const mi = res.mi[j];
    if (res.ok[j] === 2) {
      density[j] = Infinity;
      sigmaDensity[j] = Infinity;
    } else if (mi > 0 && x > 0) {
      density[j] = r * c * mi;
      sigmaDensity[j] = (r * c * mi) / (x * (mr * mr + mi * mi));
    }
    if (res.ok[j] === 0) converged = false;
    if (res.res[j] > maxResidual) maxResidual = res.res[j];
  }
  const xOut = new Float64Array(len);
  for (let j = 0; j < len; j++) {
    xOut[j] = userX === null ? res.xs[j] / r : userX[j];
    res.mr[j] *= r;
    res.mi[j] *= r;
  }
  let weights: Float64Array | null = null;
  if (res.weights !== null) {
    weights = res.weights;
    for (let j = 0; j < len; j++) weights[j] /= r;
  }
  return {
    x: xOut,
    density,
    sigmaDensity,
    weights,
    massError,
    mUnderlineRe: res.mr,
    mUnderlineIm: res.mi,
    support: publicSupport(raw, ens),
    atomAtZero: raw.atomAtZero,
    sigmaAtomAtZero: raw.sigmaAtomAtZero,
    maxResidual,
    converged,
    passes: ctx.passes,
  };
}

const DEFAULT_POINTS = 2000;
const MASS_TOLERANCE = 1e-8;
const MAX_ADAPTIVE_POINTS = 1 << 18;

/** |Σ_j w_j ρ_j − (1 − atom)| in Ŝ units (ρ = c·Im m̲; the model rescaling leaves w·ρ unchanged). */
function gridMassError(g: GridSolve, c: number, atom: number): number {
  let mass = 0;
  const w = g.weights!;
  for (let j = 0; j < g.xs.length; j++) if (g.ok[j] === 1 && g.mi[j] > 0 && g.xs[j] > 0) mass += w[j] * c * g.mi[j];
  const err = Math.abs(1 - atom - mass);
  return Number.isFinite(err) ? err : Infinity;
}

interface GridSolve {
  /** Points in Ŝ units. */
  xs: Float64Array;
  mr: Float64Array;
  mi: Float64Array;
  res: Float64Array;
  /** 1 certified, 0 not, 2 hard edge x = 0 (densities +Infinity). */
  ok: Uint8Array;
  weights: Float64Array | null;
}

/**
 * Intervals K_c per cluster (cluster c gets K_c + 1 nodes) with Σ (K_c + 1) = points when
 * possible: ≥ 4 intervals each, the rest ∝ √mass by largest remainders.
 */
export function allocateIntervals(clusters: RawCluster[], points: number): Int32Array {
  const C = clusters.length;
  const out = new Int32Array(C);
  const free = points - C;
  const kMin = Math.max(2, Math.min(4, Math.floor(free / C)));
  let rest = free - kMin * C;
  out.fill(kMin);
  if (rest <= 0) return out;
  let total = 0;
  const share = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    share[c] = Math.sqrt(Math.max(clusters[c].mass, 1e-300));
    total += share[c];
  }
  const frac = new Float64Array(C);
  let used = 0;
  for (let c = 0; c < C; c++) {
    const exact = (rest * share[c]) / total;
    const k = Math.floor(exact);
    out[c] += k;
    used += k;
    frac[c] = exact - k;
  }
  rest -= used;
  const order = Array.from({ length: C }, (_, c) => c).sort((a, b) => frac[b] - frac[a]);
  for (let i = 0; i < rest; i++) out[order[i % C]]++;
  return out;
}

function defaultGrid(ctx: CompanionContext, raw: RawSupport, points: number, tol: number): GridSolve {
  const cls = raw.clusters;
  const K = allocateIntervals(cls, points);
  let len = 0;
  for (let c = 0; c < cls.length; c++) len += K[c] + 1;
  const xs = new Float64Array(len);
  const mr = new Float64Array(len);
  const mi = new Float64Array(len);
  const res = new Float64Array(len);
  const ok = new Uint8Array(len);
  const weights = new Float64Array(len);
  const thetas = new Float64Array(len);
  let base = 0;
  for (let c = 0; c < cls.length; c++) {
    const cl = cls[c];
    const k = K[c];
    const h = HALF_PI / k;
    const w = cl.hi - cl.lo;
    if (cl.hardEdge) {
      for (let j = 0; j < k; j++) thetas[base + j] = (j + 0.5) * h;
      thetas[base + k] = HALF_PI;
    } else {
      for (let j = 0; j <= k; j++) thetas[base + j] = j === k ? HALF_PI : j * h;
    }
    for (let j = 0; j <= k; j++) {
      const th = thetas[base + j];
      xs[base + j] = j === k ? cl.hi : th === 0 ? cl.lo : xOfTheta(cl, th);
      weights[base + j] = th === 0 || j === k ? 0 : h * w * Math.sin(2 * th);
    }
    // Edges: m̲ is the real critical point, density 0.
    const first = cl.hardEdge ? base : base + 1;
    if (!cl.hardEdge) {
      mr[base] = cl.mLo;
      ok[base] = 1;
    }
    mr[base + k] = cl.mHi;
    ok[base + k] = 1;
    trackCluster(ctx, cl, thetas, first, base + k, 1, tol, mr, mi, res, ok);
    base += k + 1;
  }
  return { xs, mr, mi, res, ok, weights };
}

function atPoints(ctx: CompanionContext, raw: RawSupport, spectrum: RawSupportSpectrum, userX: Float64Array, r: number, tol: number): GridSolve {
  const len = userX.length;
  const xs = new Float64Array(len);
  const mr = new Float64Array(len);
  const mi = new Float64Array(len);
  const res = new Float64Array(len);
  const ok = new Uint8Array(len);
  const cls = raw.clusters;
  const inCluster: number[][] = cls.map(() => []);
  for (let j = 0; j < len; j++) {
    const x = userX[j] * r;
    xs[j] = x;
    const c = findCluster(cls, x);
    if (c >= 0) {
      inCluster[c].push(j);
      continue;
    }
    if (x === 0) {
      // The origin: hard edge (n = d) → +∞ densities; otherwise outside the continuous support.
      ok[j] = 1;
      if (raw.n === raw.d) {
        ok[j] = 2;
        mr[j] = Infinity;
        mi[j] = Infinity;
      } else if (raw.n < raw.d) {
        mr[j] = 1 / raw.kappa0;
      } else {
        mr[j] = raw.traceInverse / (raw.n - raw.d);
        mi[j] = Infinity;
      }
      continue;
    }
    const p = solveAxis(ctx, raw, spectrum, x, undefined, tol);
    mr[j] = p.mr;
    mi[j] = 0;
    res[j] = p.residual;
    ok[j] = p.converged ? 1 : 0;
  }
  for (let c = 0; c < cls.length; c++) {
    const idx = inCluster[c];
    if (idx.length === 0) continue;
    const cl = cls[c];
    const th = idx.map((j) => thetaOfX(cl, xs[j]));
    const order = Array.from({ length: idx.length }, (_, i) => i).sort((a, b) => th[a] - th[b]);
    const thetas = new Float64Array(idx.length);
    for (let i = 0; i < idx.length; i++) thetas[i] = th[order[i]];
    const tmr = new Float64Array(idx.length);
    const tmi = new Float64Array(idx.length);
    const tres = new Float64Array(idx.length);
    const tok = new Uint8Array(idx.length);
    // Points at θ = 0 or π/2 after rounding are edges (density 0).
    let from = 0;
    let to = idx.length;
    while (from < to && !(thetas[from] > 0)) {
      tmr[from] = cl.mLo;
      tok[from] = 1;
      from++;
    }
    while (to > from && !(thetas[to - 1] < HALF_PI)) {
      tmr[to - 1] = cl.mHi;
      tok[to - 1] = 1;
      to--;
    }
    // Walk up from lo through the lower half and down from hi through the upper half.
    let mid = from;
    while (mid < to && thetas[mid] <= Math.PI / 4) mid++;
    if (mid > from) trackCluster(ctx, cl, thetas, from, mid, 1, tol, tmr, tmi, tres, tok);
    if (to > mid) trackCluster(ctx, cl, thetas, mid, to, -1, tol, tmr, tmi, tres, tok);
    for (let i = 0; i < idx.length; i++) {
      const j = idx[order[i]];
      mr[j] = tmr[i];
      mi[j] = tmi[i];
      res[j] = tres[i];
      ok[j] = tok[i];
    }
  }
  return { xs, mr, mi, res, ok, weights: null };
}

type RawSupportSpectrum = Parameters<typeof solveAxis>[2];

/** Index of the cluster with lo < x < hi, or with x at a soft edge; −1 otherwise. */
function findCluster(cls: RawCluster[], x: number): number {
  let lo = 0;
  let hi = cls.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = cls[mid];
    if (x < c.lo) hi = mid - 1;
    else if (x > c.hi) lo = mid + 1;
    else return x === c.lo && c.hardEdge ? -1 : mid;
  }
  return -1;
}
