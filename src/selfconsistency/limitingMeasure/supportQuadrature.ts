/**
 * The adaptive quadrature over the support of Ŝ's limiting spectral measures that
 * spectralExpectation (∫ f dμ) and the finite-size expectation corrections (∫ f δρ, docs/theory.md
 * §6.9) share: the caller gives the density as a function of x and m̲(x + i0), the engine
 * integrates density · f over every cluster.
 *
 * Change of variables. On each cluster [lo, hi] put x = lo + (hi − lo) sin²θ, θ ∈ [0, π/2]:
 *
 *   ∫ f ρ dx = ∫₀^{π/2} f(x(θ)) ρ(x(θ)) (hi − lo) sin 2θ dθ.
 *
 * m̲ is analytic in θ through both edges (stieltjes.ts), so for densities that are analytic
 * functions of m̲ times an odd power of sin θ near the edges (every density used here: (n/π) Im m̲,
 * and the Im-parts of the first-order corrections, ∝ 1/sin θ there) the integrand is analytic on
 * the closed θ-interval: the square-root edges and the hard edge at 0 when n = d need no special
 * treatment, and no node sits on an edge.
 *
 * Quadrature: globally adaptive 21-point Gauss–Kronrod (QUADPACK's qk21 rule and error heuristic,
 * Piessens et al. 1983) over the θ-intervals of all clusters: the interval with the largest error
 * estimate is bisected until the sum of the estimates is ≤ tol · (∫|g| + |point terms|). Adaptivity
 * matters when a singularity sits near the real θ-axis: an adjacent cluster a small gap δ away puts a
 * branch point at distance ~sqrt(δ/(hi − lo)) from the edge; a pole of f near the support does the same.
 *
 * Solving at the nodes: the nodes of the starting intervals are solved by path-following; every
 * interval keeps its 21 solved (θ, κ = 1/m̲), and the nodes of its two halves start Newton from cubic
 * interpolation of κ in θ through the nearest four of them, falling back to path-following if that
 * start fails to certify. (A global θ-sorted table rebuilt at every bisection made an integrand that
 * never meets the tolerance cost O(evaluations²): minutes for 200 000 evaluations.)
 *
 * Stopping: the tolerance is met, or maxEvaluations is reached, or the work budget (calls × distinct
 * eigenvalues) is spent, or bisection stops paying — QUADPACK's roundoff test: when halving the worst
 * interval repeatedly fails to lower its error estimate the integrand is noisy at that level (rounding
 * in f) and further bisection cannot help. The last three end with converged = false.
 */
import { NEWTON_CONVERGED, companionNewton, type CompanionContext } from '../complexPlane/companionKernels.js';
import { trackCluster, xOfTheta } from '../complexPlane/clusterTracking.js';
import type { RawCluster } from '../complexPlane/spectralSupport.js';

const HALF_PI = Math.PI / 2;
const EPS = 2.220446049250313e-16;
/** Calls of f × distinct eigenvalues one expectation may cost (each call solves m̲ with O(M) passes). */
const WORK_BUDGET = 4e8;
/** Bisections that fail to lower the error estimate before the integrand is declared noise-limited. */
const ROUNDOFF_EVENTS = 12;

/** Kronrod abscissae of qk21 (descending; the odd entries are the 10-point Gauss abscissae) and weights. */
const XGK = [
  0.995657163025808080735527280689003, 0.973906528517171720077964012084452, 0.930157491355708226001207180059508,
  0.865063366688984510732096688423493, 0.780817726586416897063717578345042, 0.679409568299024406234327365114874,
  0.562757134668604683339000099272694, 0.433395394129247190799265943165784, 0.294392862701460198131126603103866,
  0.14887433898163121088482600112972, 0,
];
const WGK = [
  0.011694638867371874278064396062192, 0.03255816230796472747881897245939, 0.05475589657435199603138130024458,
  0.07503967481091995276704314091619, 0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
  0.123491976262065851077958109831074, 0.134709217311473325928054001771707, 0.142775938577060080797094273138717,
  0.147739104901338491374841515972068, 0.149445554002916905664936468389821,
];
/** 10-point Gauss weights for XGK[1], XGK[3], …, XGK[9]. */
const WG = [
  0.066671344308688137593568809893332, 0.149451349150580593145776339657697, 0.219086362515982043995534934228163,
  0.269266719309996355091226921569469, 0.295524224714752870173892994651338,
];
/** The 21 nodes of [−1, 1] in ascending order. */
const NODES = (() => {
  const u = new Float64Array(21);
  for (let j = 0; j < 10; j++) {
    u[j] = -XGK[j];
    u[20 - j] = XGK[j];
  }
  u[10] = 0;
  return u;
})();

/** Density of a measure at x on the support, given m̲(x + i0) = mr + i·mi (mi > 0). */
export type SupportDensity = (x: number, mr: number, mi: number) => number;

/**
 * k densities at once (they usually share their sums over the spectrum): write density j at x into
 * out[j], given m̲(x + i0) = mr + i·mi.
 */
export type SupportDensities = (x: number, mr: number, mi: number, out: Float64Array) => void;

export interface SupportIntegral {
  /** ∫ density · f over the clusters (point terms not included). */
  value: number;
  /** Sum of the QUADPACK error estimates of the final intervals (plus rounding). */
  errorEstimate: number;
  /** Tolerance met within the caps and every node certified (Im m̲ > 0, converged). */
  converged: boolean;
}

/**
 * ∫ density(x) f(x) dx over every cluster of the support (see the file comment). `call` is f (it
 * counts its calls in `counter`); `pointScale` is |the point terms| the caller adds, which enters the
 * tolerance's scale; the evaluation cap is min(maxEvaluations, the work budget for ctx.M), per integrand.
 */
export function integrateOverSupport(
  ctx: CompanionContext,
  clusters: readonly RawCluster[],
  density: SupportDensity,
  call: (x: number) => number,
  counter: { evaluations: number },
  pointScale: number,
  tol: number,
  maxEval: number,
): SupportIntegral {
  const densities: SupportDensities = (x, mr, mi, out) => {
    out[0] = density(x, mr, mi);
  };
  return integrateOverSupportMany(ctx, clusters, densities, [call], counter, [pointScale], tol, maxEval)[0];
}

/**
 * k integrals ∫ density_j f_j on the same nodes: one solve of m̲ per node serves all of them (the
 * finite-size corrections of a prediction need 5–7). Each meets the tolerance against its own scale;
 * the interval bisected next is the one with the largest error relative to its component's
 * allowance, so k = 1 is exactly integrateOverSupport. Returns one result per integrand; they share
 * `converged` (every component met its tolerance and every node was certified).
 */
export function integrateOverSupportMany(
  ctx: CompanionContext,
  clusters: readonly RawCluster[],
  densities: SupportDensities,
  calls: readonly ((x: number) => number)[],
  counter: { evaluations: number },
  pointScales: readonly number[],
  tol: number,
  maxEval: number,
): SupportIntegral[] {
  const k = calls.length;
  const paths = clusters.map((cl) => new ClusterPath(ctx, cl, densities, calls));
  const intervals: Interval[] = [];
  for (let c = 0; c < paths.length; c++) paths[c].seed(intervals, c);
  let converged = true;
  const evaluationCap = Math.min(maxEval, Math.max(2000, Math.floor(WORK_BUDGET / Math.max(1, ctx.M))));
  let roundoff = 0;
  const errSum = new Float64Array(k);
  const scale = new Float64Array(k);
  for (;;) {
    for (let j = 0; j < k; j++) {
      errSum[j] = 0;
      scale[j] = pointScales[j];
    }
    for (const iv of intervals) {
      for (let j = 0; j < k; j++) {
        errSum[j] += iv.err[j];
        scale[j] += iv.abs[j];
      }
    }
    let met = true;
    for (let j = 0; j < k; j++) if (!(errSum[j] <= tol * scale[j])) met = false;
    if (met) break;
    // The worst interval: largest error against its component's allowance tol·scale (k = 1: the largest error).
    let worst = -1;
    let worstRatio = -1;
    let worstJ = 0;
    for (let i = 0; i < intervals.length; i++) {
      const iv = intervals[i];
      if (iv.final) continue;
      for (let j = 0; j < k; j++) {
        const allowance = tol * scale[j];
        const ratio = k === 1 ? iv.err[j] : allowance > 0 ? iv.err[j] / allowance : iv.err[j] > 0 ? Infinity : 0;
        if (worst < 0 || ratio > worstRatio) {
          worst = i;
          worstRatio = ratio;
          worstJ = j;
        }
      }
    }
    if (worst < 0 || counter.evaluations + 42 * k > evaluationCap * k || roundoff >= ROUNDOFF_EVENTS) {
      converged = false;
      break;
    }
    const iv = intervals[worst];
    const mid = 0.5 * (iv.a + iv.b);
    if (!(mid > iv.a && mid < iv.b) || iv.b - iv.a < 1e-13) {
      iv.final = true;
      continue;
    }
    const path = paths[iv.cluster];
    const left = path.evaluate(iv.cluster, iv.a, mid, iv.nodes);
    const right = path.evaluate(iv.cluster, mid, iv.b, iv.nodes);
    // QUADPACK's roundoff test (qagse's iroff1): the halves agree with the whole but their error
    // estimate did not drop (for the component that chose this interval).
    const j = worstJ;
    const v = left.value[j] + right.value[j];
    if (left.err[j] + right.err[j] >= 0.99 * iv.err[j] && Math.abs(v - iv.value[j]) <= 1e-5 * Math.abs(v)) roundoff++;
    intervals[worst] = left;
    intervals.push(right);
  }
  let certified = true;
  for (const p of paths) if (!p.certified) certified = false;
  const results: SupportIntegral[] = [];
  for (let j = 0; j < k; j++) {
    // Sum small to large for a little extra accuracy.
    const parts = intervals.map((iv) => iv.value[j]).sort((a, b) => Math.abs(a) - Math.abs(b));
    let value = 0;
    for (const p of parts) value += p;
    let errorEstimate = 0;
    let sc = pointScales[j];
    for (const iv of intervals) {
      errorEstimate += iv.err[j];
      sc += iv.abs[j];
    }
    errorEstimate += 4 * EPS * sc;
    results.push({ value, errorEstimate, converged: converged && certified });
  }
  return results;
}

interface Interval {
  cluster: number;
  a: number;
  b: number;
  /** Per integrand: the K21 value, the error estimate, ∫|g| over the interval (K21 estimate). */
  value: Float64Array;
  err: Float64Array;
  abs: Float64Array;
  /** Too short to bisect further. */
  final: boolean;
  /** Its 21 solved nodes, [θ_k, Re κ_k, Im κ_k] for ascending θ_k: the starts for its halves. */
  nodes: Float64Array;
}

/** One cluster: the integrands in θ and the solved κ = 1/m̲ at its nodes. */
class ClusterPath {
  certified = true;
  private readonly k: number;
  private readonly nodeTheta = new Float64Array(21);
  private readonly nodeKr = new Float64Array(21);
  private readonly nodeKi = new Float64Array(21);
  /** fx[21·j + node]: integrand j at the nodes. */
  private readonly fx: Float64Array;
  private readonly dens: Float64Array;
  private readonly one = new Float64Array(1);
  private readonly oneMr = new Float64Array(1);
  private readonly oneMi = new Float64Array(1);
  private readonly oneRes = new Float64Array(1);
  private readonly oneOk = new Uint8Array(1);

  constructor(
    private readonly ctx: CompanionContext,
    private readonly cl: RawCluster,
    private readonly densities: SupportDensities,
    private readonly calls: readonly ((x: number) => number)[],
  ) {
    this.k = calls.length;
    this.fx = new Float64Array(21 * this.k);
    this.dens = new Float64Array(this.k);
  }

  /** Integrands g_j(θ) = density_j · dx/dθ · f_j at node `node`, for m̲ = (mr, mi), 0 < θ < π/2. */
  private integrand(node: number, theta: number, mr: number, mi: number): void {
    const cl = this.cl;
    const x = xOfTheta(cl, theta);
    const jac = (cl.hi - cl.lo) * Math.sin(2 * theta);
    this.densities(x, mr, mi, this.dens);
    for (let j = 0; j < this.k; j++) this.fx[21 * j + node] = this.dens[j] * jac * this.calls[j](x);
  }

  /**
   * Starting intervals [0, π/4], [π/4, π/2], their nodes solved by path-following. When the lower
   * edge is a soft edge very close to 0 (lo ≪ hi − lo: |n − d| ≪ d), κ = 1/m̲ nearly vanishes there
   * and the integrand has a pole at θ ≈ i·sqrt(lo/(hi − lo)): a dip of that width at θ = 0 that no
   * node of [0, π/4] would see. Geometric breakpoints from sqrt(lo/(hi − lo)) up to 0.2 let the
   * adaptive rule resolve it (docs/theory.md §2: κ ~ sqrt(w) at n = d).
   */
  seed(out: Interval[], c: number): void {
    const cl = this.cl;
    const breaks = [0];
    const width = cl.hi - cl.lo;
    if (!cl.hardEdge && cl.lo < 1e-4 * width) {
      for (let t = Math.sqrt(cl.lo / width); t < 0.2; t *= 4) breaks.push(t);
    }
    breaks.push(Math.PI / 4, HALF_PI);
    const count = breaks.length - 1;
    const thetas = new Float64Array(21 * count);
    for (let s = 0; s < count; s++) {
      const h = 0.5 * (breaks[s + 1] - breaks[s]);
      const mid = 0.5 * (breaks[s + 1] + breaks[s]);
      for (let k = 0; k < 21; k++) thetas[21 * s + k] = mid + h * NODES[k];
    }
    const len = thetas.length;
    const mr = new Float64Array(len);
    const mi = new Float64Array(len);
    const res = new Float64Array(len);
    const ok = new Uint8Array(len);
    if (trackCluster(this.ctx, cl, thetas, 0, len, 1, 1e-10, mr, mi, res, ok) > 0) this.certified = false;
    for (let s = 0; s < count; s++) {
      for (let k = 0; k < 21; k++) {
        const j = 21 * s + k;
        const den = mr[j] * mr[j] + mi[j] * mi[j];
        this.nodeTheta[k] = thetas[j];
        this.nodeKr[k] = mr[j] / den;
        this.nodeKi[k] = -mi[j] / den;
        this.integrand(k, thetas[j], mr[j], mi[j]);
      }
      out.push(this.rule(c, breaks[s], breaks[s + 1]));
    }
  }

  /** GK21 on [a, b] ⊂ the interval whose nodes are `parent`: solve the nodes (predicted from the parent's), return the interval. */
  evaluate(c: number, a: number, b: number, parent: Float64Array): Interval {
    const h = 0.5 * (b - a);
    const mid = 0.5 * (a + b);
    const out = this.ctx.newton;
    const guess = new Float64Array(2);
    for (let k = 0; k < 21; k++) {
      const theta = mid + h * NODES[k];
      predictKappa(parent, theta, guess);
      const den = guess[0] * guess[0] + guess[1] * guess[1];
      const gr = guess[0] / den;
      let gi = -guess[1] / den;
      if (!(gi > 0)) gi = Math.abs(gi) > 0 ? Math.abs(gi) : 1e-3 * Math.abs(gr) + 1e-300;
      companionNewton(this.ctx, xOfTheta(this.cl, theta), 0, gr, gi, 1e-10, 10, out);
      let mr: number;
      let mi: number;
      if (out[4] === NEWTON_CONVERGED && out[1] > 1e-13 * Math.hypot(out[0], out[1])) {
        mr = out[0];
        mi = out[1];
      } else {
        this.one[0] = theta;
        const dir = theta <= Math.PI / 4 ? 1 : -1;
        if (trackCluster(this.ctx, this.cl, this.one, 0, 1, dir, 1e-10, this.oneMr, this.oneMi, this.oneRes, this.oneOk) > 0) {
          this.certified = false;
        }
        mr = this.oneMr[0];
        mi = this.oneMi[0];
      }
      const dd = mr * mr + mi * mi;
      this.nodeTheta[k] = theta;
      this.nodeKr[k] = mr / dd;
      this.nodeKi[k] = -mi / dd;
      this.integrand(k, theta, mr, mi);
    }
    return this.rule(c, a, b);
  }

  /** QUADPACK qk21 from the integrand values in this.fx (ascending nodes), per integrand. */
  private rule(c: number, a: number, b: number): Interval {
    const h = 0.5 * (b - a);
    const k = this.k;
    const value = new Float64Array(k);
    const errs = new Float64Array(k);
    const abss = new Float64Array(k);
    for (let q = 0; q < k; q++) {
      const fx = this.fx.subarray(21 * q, 21 * q + 21);
      const fc = fx[10];
      let resk = fc * WGK[10];
      let resabs = Math.abs(resk);
      let resg = 0;
      for (let j = 0; j < 10; j++) {
        const f1 = fx[j];
        const f2 = fx[20 - j];
        resk += WGK[j] * (f1 + f2);
        resabs += WGK[j] * (Math.abs(f1) + Math.abs(f2));
        if (j % 2 === 1) resg += WG[(j - 1) / 2] * (f1 + f2);
      }
      const reskh = 0.5 * resk;
      let resasc = WGK[10] * Math.abs(fc - reskh);
      for (let j = 0; j < 10; j++) resasc += WGK[j] * (Math.abs(fx[j] - reskh) + Math.abs(fx[20 - j] - reskh));
      const dh = Math.abs(h);
      resabs *= dh;
      resasc *= dh;
      let err = Math.abs((resk - resg) * h);
      if (resasc !== 0 && err !== 0) err = resasc * Math.min(1, Math.pow((200 * err) / resasc, 1.5));
      if (resabs > 2.2250738585072014e-308 / (50 * EPS)) err = Math.max(50 * EPS * resabs, err);
      value[q] = resk * h;
      errs[q] = err;
      abss[q] = resabs;
    }
    const nodes = new Float64Array(63);
    for (let q = 0; q < 21; q++) {
      nodes[3 * q] = this.nodeTheta[q];
      nodes[3 * q + 1] = this.nodeKr[q];
      nodes[3 * q + 2] = this.nodeKi[q];
    }
    return { cluster: c, a, b, value, err: errs, abs: abss, final: false, nodes };
  }
}

/** Cubic (Lagrange) interpolation of κ at θ through the four of an interval's 21 solved nodes nearest to θ. */
function predictKappa(nodes: Float64Array, theta: number, out: Float64Array): void {
  let lo = 0;
  while (lo < 19 && nodes[3 * (lo + 1)] <= theta) lo++;
  const first = Math.max(0, Math.min(17, lo - 1));
  let sr = 0;
  let si = 0;
  for (let q = 0; q < 4; q++) {
    const tq = nodes[3 * (first + q)];
    let l = 1;
    for (let p = 0; p < 4; p++) if (p !== q) l *= (theta - nodes[3 * (first + p)]) / (tq - nodes[3 * (first + p)]);
    sr += l * nodes[3 * (first + q) + 1];
    si += l * nodes[3 * (first + q) + 2];
  }
  out[0] = sr;
  out[1] = si;
}
