/**
 * Support of the limiting (deterministic-equivalent) spectral measures of Ŝ (docs/theory.md §3):
 * the clusters [lo, hi] on x > 0, the atom at 0 when n < d, and the hard edge at 0 when n = d.
 *
 * Method (Silverstein & Choi, J. Multivariate Anal. 54, 1995). The companion transform m̲ has the
 * explicit inverse, for real m ∉ {0, −1/λ_i},
 *
 *   x(m) = −1/m + (1/n) Σ_i c_i λ_i/(1 + λ_i m)        (c_i = multiplicities),
 *
 * and x lies outside the support iff x = x(m) for a real m with x'(m) > 0; the map m ↦ x(m)
 * restricted to {x' > 0} is a bijection onto the complement of the support. Edges are therefore
 * the real critical points of x. With y_i = λ_i m and q_i = y_i/(1 + y_i),
 *
 *   m² x'(m) = 1 − h(m),      h(m) = (1/n) Σ_i c_i q_i²,
 *
 * so edges are the roots of h = 1. Root counting, segment by segment of the real m-line cut at
 * the poles p_i = −1/λ_i (λ sorted decreasing: p_1 = −1/λ_max is the pole nearest 0, p_M the most
 * negative):
 *
 * - On every segment with m < 0 each term (m/(m − p_i))² is convex in m (its second derivative
 *   is 2p_i(p_i + 2m)/(m − p_i)⁴ > 0 for p_i < 0, m < 0), so h is convex and h = 1 has at most
 *   two roots per segment. Between two poles h → +∞ at both ends: 0 or 2 roots (a gap between
 *   two clusters iff min h < 1). On (p_1, 0): h → 0 at 0⁻, +∞ at p_1: exactly one root (the
 *   upper edge of the support). On (−∞, p_M): h → d/n at −∞, +∞ at p_M: exactly one root when
 *   d < n (the lower edge); when d ≥ n x(m) < 0 on the whole segment (x = −((n−d) + Σ c_i/(1+y_i))/(n m)
 *   with every term of the bracket ≤ 0), so bijectivity leaves no room for a root there.
 * - On (0, ∞) every q_i increases from 0 to 1, so h increases from 0 to d/n: one root iff d > n
 *   (the lower edge, with the atom at 0 below it); none if d < n (the gap (0, lo) is then the
 *   image of (−∞, r)); at d = n the root is at m = +∞ and the lower edge is exactly 0 (hard edge,
 *   density ~ x^{-1/2}).
 *
 * In s = log|m| the derivatives are dh/ds = (2/n) Σ c_i q_i²/(1 + y_i) and
 * d²h/ds² = (2/n) Σ c_i q_i²(2 − y_i)/(1 + y_i)²; every root is found by safeguarded Newton
 * (rtsafe) in s inside a provable bracket. For an interior segment, safeguarded Newton for the
 * minimiser of h (the root of dh/ds, which increases from −∞ to +∞ across the segment), started
 * at the minimiser of the two-term bound below, runs until an iterate has h < 1 — a separator: one
 * root on either side — or until it converges with h_min ≥ 1 (no gap).
 *
 * Skipping segments cheaply (spectra with 10⁴ distinct values): h ≥ the two terms of the
 * segment's own poles, whose minimum over the segment has the closed form
 *   min = ((a² c_a/n)^{1/3} + (b² c_b/n)^{1/3})³ / (a − b)²        (λ = a > b)
 * (minimise A²/(a−ρ)² + B²/(ρ−b)² over ρ = −1/m ∈ (b, a)). If it is ≥ 1 the segment holds no
 * root; for a two-point spectrum it is exact, which gives the splitting threshold in closed form.
 *
 * Cluster masses come from exact separation (Bai & Silverstein, Ann. Probab. 27, 1999): the
 * contour integral of m̲ around a cluster equals, in the m-plane, the sum of the residues of
 * m x'(m) at the poles p_i enclosed, so a cluster carries the population weight Σ c_i of the poles
 * between its edges (minus d − n for the lowest cluster when n < d, whose m-range passes through ∞).
 */
import { LIMITS } from '../../limits.js';
import { InvalidArgumentError } from '../../errors.js';
import { requireSpectrum, spectrumTraces, type Spectrum } from '../../spectra/spectrum.js';
import { requireSampleSize } from '../../validate.js';
import { solveKappa } from '../kappa/solveKappa.js';

const EPS = 2.220446049250313e-16;

/** Which sample matrix the measure describes (docs/theory.md §1). */
export type SpectralEnsemble = 'n-sample' | 'model';

/** Spectrum plus sample size, shared by every spectral-measure entry point. */
export interface EnsembleOptions {
  /** Population covariance spectrum Σ: eigenvalues with multiplicities (see {@link createSpectrum}). */
  spectrum: Spectrum;
  /** 'n-sample' (default): Ŝ = (1/n)XᵀX, pass `n`. 'model': Σ̂ with the empirical mean removed, pass `N`. */
  ensemble?: SpectralEnsemble;
  /** Samples of the n-sample ensemble (real, ≥ 1). The known-mean model with N samples is n = N. */
  n?: number;
  /** Training samples of the model ensemble (real, ≥ 2): n = N − 1 and Σ̂ = Ŝ/r, r = N/(N − 1). */
  N?: number;
}

/** Validated ensemble: the measure of the user's matrix is that of Ŝ (n samples) scaled by 1/r. */
export interface ResolvedEnsemble {
  spectrum: Spectrum;
  ensemble: SpectralEnsemble;
  /** Degrees of freedom of Ŝ. */
  n: number;
  /** Eigenvalues of the user's matrix are those of Ŝ divided by r (r = 1 for 'n-sample'). */
  r: number;
}

/** Validate spectrum, ensemble, n / N. Throws InvalidArgumentError naming the argument. */
/** Beyond LIMITS.densitySamples the clusters of the support (width ∝ λ/√n) are narrower than doubles resolve. */
const TOO_MANY_SAMPLES = `must be <= ${LIMITS.densitySamples} for spectral measures (density, dynamics, sampler): beyond, the support's clusters are narrower than double precision resolves`;

export function resolveEnsemble(options: EnsembleOptions): ResolvedEnsemble {
  if (options === null || typeof options !== 'object') throw new InvalidArgumentError('options', options, 'must be an object');
  const spectrum = requireSpectrum(options.spectrum);
  const ensemble = options.ensemble ?? 'n-sample';
  if (ensemble === 'n-sample') {
    if (options.N !== undefined) throw new InvalidArgumentError('N', options.N, "is for ensemble 'model'; the n-sample ensemble takes n");
    const n = requireSampleSize('n', options.n, 1);
    if (n > LIMITS.densitySamples) throw new InvalidArgumentError('n', n, TOO_MANY_SAMPLES);
    return { spectrum, ensemble, n, r: 1 };
  }
  if (ensemble === 'model') {
    if (options.n !== undefined) throw new InvalidArgumentError('n', options.n, "is for ensemble 'n-sample'; the model ensemble takes N (n = N − 1)");
    const N = requireSampleSize('N', options.N, 2);
    if (N > LIMITS.densitySamples) throw new InvalidArgumentError('N', N, TOO_MANY_SAMPLES);
    return { spectrum, ensemble, n: N - 1, r: N / (N - 1) };
  }
  throw new InvalidArgumentError('ensemble', ensemble, "must be 'n-sample' or 'model'");
}

/** One connected component [lo, hi] of the support on x > 0. */
export interface SupportCluster {
  lo: number;
  hi: number;
  /** Counting mass per dimension (fraction of the d eigenvalues of the matrix in this cluster). */
  mass: number;
  /** lo = 0 is a hard edge (n = d): the density diverges like x^{-1/2} there. */
  hardEdge: boolean;
  /** Population weight Σ c_i of the eigenvalues of Σ that exact separation attaches to this cluster. */
  populationWeight: number;
}

export interface SpectralSupport {
  /** The clusters as [lo, hi] pairs, increasing and disjoint. */
  intervals: [number, number][];
  clusters: SupportCluster[];
  /** Counting atom at 0 per dimension: max(0, (d − n)/d). */
  atomAtZero: number;
  /** Σ-weighted atom at 0 per dimension: n κ0/d (κ0: df1(κ0) = n) when n < d, else 0. */
  sigmaAtomAtZero: number;
  ensemble: SpectralEnsemble;
  n: number;
  d: number;
  /** Eigenvalue scale: eigenvalues of the matrix = eigenvalues of Ŝ / r. */
  r: number;
  /** Passes over the spectrum spent locating the edges. */
  evaluations: number;
}

/** Internal cluster in Ŝ units with the companion values at its edges (for the complex solvers). */
export interface RawCluster extends SupportCluster {
  /** m̲ at the edges: real critical points of x(m); +Infinity at a hard edge. */
  mLo: number;
  mHi: number;
  /** x''(m) at the edges (0 at a hard edge). */
  curvLo: number;
  curvHi: number;
}

export interface RawSupport {
  clusters: RawCluster[];
  atomAtZero: number;
  sigmaAtomAtZero: number;
  kappa0: number;
  n: number;
  d: number;
  trace: number;
  traceInverse: number;
  evaluations: number;
}

/**
 * Support of the spectral measures of Ŝ (n-sample) or Σ̂ (model ensemble): clusters, atoms,
 * edges accurate to ~1e-13 relative. See the file comment for the method.
 *
 * @example
 * ```ts
 * spectralSupport({ spectrum: powerLawSpectrum({ d: 256, k: 1 }), n: 128 }).intervals[0];   // ≈ [0.063, 13.38] (first bulk interval)
 * ```
 */
export function spectralSupport(options: EnsembleOptions): SpectralSupport {
  const ens = resolveEnsemble(options);
  return publicSupport(computeSupport(ens.spectrum, ens.n), ens);
}

/** Scale a raw (Ŝ-unit) support to the user's ensemble. */
export function publicSupport(raw: RawSupport, ens: ResolvedEnsemble): SpectralSupport {
  const r = ens.r;
  const clusters = raw.clusters.map((c) => ({
    lo: c.lo / r,
    hi: c.hi / r,
    mass: c.mass,
    hardEdge: c.hardEdge,
    populationWeight: c.populationWeight,
  }));
  return {
    intervals: clusters.map((c) => [c.lo, c.hi] as [number, number]),
    clusters,
    atomAtZero: raw.atomAtZero,
    sigmaAtomAtZero: raw.sigmaAtomAtZero,
    ensemble: ens.ensemble,
    n: raw.n,
    d: raw.d,
    r,
    evaluations: raw.evaluations,
  };
}

/**
 * h-sums at a real m (kernel): out = [H, H1, H2, G, scale] with H = Σ c q², H1 = dH/ds =
 * Σ 2c q²/(1+y), H2 = d²H/ds² = Σ 2c q²(2 − y)/(1+y)² (s = log|m|, y = λm, q = y/(1+y)); h = H/n,
 * and G = n − H = n² x'(m)·m²/n computed without cancellation: with b = 1/(1+y), q² = 1 − 2b + b², so
 * G = (n − d) + Σ c b(2 − b) as well as n − Σ c q²; the form with the smaller sum of |terms| is
 * used (the b-form when |m| ≫ 1/λ, i.e. near a hard or almost-hard edge, where q² rounds to 1 and
 * n − H would lose everything when n ≈ d). scale = that sum of |terms|.
 */
export function hSums(ev: Float64Array, wt: Float64Array, M: number, n: number, d: number, m: number, out: Float64Array): void {
  let h0 = 0;
  let h1 = 0;
  let h2 = 0;
  let gb = 0;
  let gbAbs = 0;
  for (let i = 0; i < M; i++) {
    const y = ev[i] * m;
    const t = 1 + y;
    const it = 1 / t;
    const q = y * it;
    const c = wt[i];
    const cq2 = c * q * q;
    h0 += cq2;
    h1 += cq2 * it;
    h2 += cq2 * (2 - y) * it * it;
    const g = c * it * (2 - it);
    gb += g;
    gbAbs += Math.abs(g);
  }
  out[0] = h0;
  out[1] = 2 * h1;
  out[2] = 2 * h2;
  const scaleB = Math.abs(n - d) + gbAbs;
  const scaleA = n + h0;
  if (scaleB < scaleA) {
    out[3] = n - d + gb;
    out[4] = scaleB;
  } else {
    out[3] = n - h0;
    out[4] = scaleA;
  }
}

/**
 * x(m), x''(m) and a condition estimate at a real m (kernel). Two exact forms,
 * (A) x = (−1 + A/n)/m with A = Σ c y/(1+y) and (B) x = −((n − d) + B)/(n m) with B = Σ c/(1+y);
 * the one with the smaller sum of |terms| is used (B near the hard edge, where |m| → ∞ and
 * (A) cancels; A when |m| is small). out = [x, x'', Σ|terms|/|x|].
 */
export function xAt(ev: Float64Array, wt: Float64Array, M: number, n: number, d: number, m: number, out: Float64Array): void {
  let a = 0;
  let b = 0;
  let absA = 0;
  let absB = 0;
  let q3 = 0;
  for (let i = 0; i < M; i++) {
    const y = ev[i] * m;
    const it = 1 / (1 + y);
    const c = wt[i];
    const q = y * it;
    a += c * q;
    b += c * it;
    absA += c * Math.abs(q);
    absB += c * Math.abs(it);
    q3 += c * q * q * q;
  }
  const scaleA = n + absA;
  const scaleB = Math.abs(n - d) + absB;
  let x: number;
  let scale: number;
  if (scaleB <= scaleA) {
    x = -(n - d + b) / (n * m);
    scale = scaleB / (n * Math.abs(m));
  } else {
    x = (a - n) / (n * m);
    scale = scaleA / (n * Math.abs(m));
  }
  out[0] = x;
  out[1] = (2 / (m * m * m)) * (q3 / n - 1);
  out[2] = scale / Math.abs(x);
}

/**
 * Safeguarded Newton (rtsafe, Numerical Recipes §9.4) for a root of f on the open interval
 * (a, b) in which f changes sign exactly once; `signA` is the sign of f near a. f is never
 * evaluated at a or b (they may be poles). `fn(s, out)` writes out[0] = f(s), out[1] = f'(s).
 * Returns the root; counts evaluations in counter[0].
 */
export function rtsafe(
  fn: (s: number, out: Float64Array) => void,
  a: number,
  b: number,
  signA: number,
  out: Float64Array,
  counter: Float64Array,
  start?: number,
): number {
  let lo = a; // f has sign signA on the lo side
  let hi = b;
  let s = start !== undefined && start > a && start < b ? start : 0.5 * (a + b);
  let dxOld = Math.abs(b - a);
  let dx = dxOld;
  for (let it = 0; it < 400; it++) {
    fn(s, out);
    counter[0]++;
    const f = out[0];
    const df = out[1];
    if (f === 0) return s;
    if (Math.sign(f) === signA) lo = s;
    else hi = s;
    const width = Math.abs(hi - lo);
    if (width <= 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi), 1e-300)) return s;
    const step = f / df;
    // Converged to rounding (checked first: s − step may round back to s, which sits on the bracket).
    if (Math.abs(step) <= 4 * EPS * Math.max(Math.abs(s), 1e-300)) return s;
    const newton = s - step;
    const inside = (newton - lo) * (newton - hi) < 0;
    if (!inside || !Number.isFinite(newton) || Math.abs(2 * (newton - s)) > Math.abs(dxOld)) {
      dxOld = dx;
      dx = 0.5 * (hi - lo);
      s = lo + dx;
      if (s === lo || s === hi) return s;
    } else {
      dxOld = dx;
      dx = newton - s;
      s = newton;
    }
  }
  return s;
}

/**
 * The support of the measures of Ŝ (kernel: spectrum valid, n ≥ 1). Edges in Ŝ units.
 */
export function computeSupport(spectrum: Spectrum, n: number): RawSupport {
  const ev = spectrum.eigenvalues;
  const wt = spectrum.weights;
  const M = ev.length;
  const d = spectrum.d;
  const { trace, traceInverse } = spectrumTraces(spectrum);
  const hs = new Float64Array(5);
  const xs = new Float64Array(3);
  const tmp = new Float64Array(2);
  const counter = new Float64Array(1);

  // Root function on a segment of sign σ (m = σ e^s): f(s) = 1 − sqrt(H/n)... written as
  // f = sqrt(n/H) − 1 (same roots as H = n, sign opposite to H − n), which is bounded and nearly
  // linear in 1 + y near a pole (H ≈ c_i/t², so sqrt(n/H) ∝ |t|): Newton is not slowed down by
  // the steep walls of h next to the poles. f' = −½ sqrt(n/H) H1/H.
  // Evaluated as G/(H + sqrt(nH)) (= sqrt(n/H) − 1 exactly) with the cancellation-free G = n − H.
  let sigma = -1;
  const fRoot = (s: number, out: Float64Array): void => {
    hSums(ev, wt, M, n, d, sigma * Math.exp(s), hs);
    const H = hs[0];
    const q = Math.sqrt(n / H);
    out[0] = hs[3] / (H + Math.sqrt(n * H));
    out[1] = (-0.5 * q * hs[1]) / H;
  };
  const edge = (m: number): { x: number; curv: number } => {
    xAt(ev, wt, M, n, d, m, xs);
    counter[0]++;
    return { x: xs[0], curv: xs[1] };
  };

  // Bottom of the support.
  let lo: number;
  let mLo: number;
  let curvLo = 0;
  let hard = false;
  if (d > n) {
    const s0 = Math.sqrt(n / d);
    const gap = (d - n) / (d * (1 + s0)); // 1 − s0 without cancellation
    sigma = 1;
    const a = Math.log(s0 / (ev[0] * gap)) + Math.log1p(-1e-9);
    const b = Math.log(s0 / (ev[M - 1] * gap)) + Math.log1p(1e-9);
    const s = rtsafe(fRoot, a, b, 1, tmp, counter);
    mLo = Math.exp(s);
    const e = edge(mLo);
    lo = e.x;
    curvLo = e.curv;
  } else if (d < n) {
    const s0 = Math.sqrt(n / d);
    const gap = (n - d) / (d * (s0 + 1)); // s0 − 1 without cancellation
    sigma = -1;
    const a = -Math.log(ev[M - 1]);
    const b = Math.log(s0 / (ev[M - 1] * gap)) + Math.log1p(1e-9);
    const s = rtsafe(fRoot, a, b, -1, tmp, counter);
    mLo = -Math.exp(s);
    const e = edge(mLo);
    lo = e.x;
    curvLo = e.curv;
  } else {
    lo = 0;
    mLo = Infinity;
    hard = true;
  }

  const clusters: RawCluster[] = [];
  let poleStart = M - 1; // the current cluster owns poles poleStart, poleStart−1, …
  let bottom = true;
  const close = (hi: number, mHi: number, curvHi: number, poleEnd: number): void => {
    let w = 0;
    for (let j = poleEnd; j <= poleStart; j++) w += wt[j];
    let mass = w / d;
    if (bottom && d > n) mass = (w - (d - n)) / d;
    clusters.push({ lo, hi, mass: Math.max(0, mass), hardEdge: hard, populationWeight: w, mLo, mHi, curvLo, curvHi });
    bottom = false;
    hard = false;
  };

  /**
   * A point of (sA, sB) where h < 1 (then the segment holds two roots, one on each side), or null
   * if min h ≥ 1. Safeguarded Newton on H1 = dH/ds (increasing from −∞ at sA to +∞ at sB, one
   * root: the minimiser of the convex h), stopping early at the first iterate with H < n.
   */
  const separator = (sA: number, sB: number, start: number): number | null => {
    let lo = sA;
    let hi = sB;
    let s = start > sA && start < sB ? start : 0.5 * (sA + sB);
    for (let it = 0; it < 200; it++) {
      hSums(ev, wt, M, n, d, -Math.exp(s), hs);
      counter[0]++;
      if (hs[3] > 64 * EPS * hs[4]) return s;
      const g = hs[1];
      if (g < 0) lo = s;
      else if (g > 0) hi = s;
      else return null;
      if (hi - lo <= 4 * EPS * Math.max(Math.abs(lo), Math.abs(hi), 1)) return null;
      let next = s - g / hs[2];
      if (!(next > lo && next < hi) || !(hs[2] > 0)) next = 0.5 * (lo + hi);
      if (Math.abs(next - s) <= 4 * EPS * Math.max(Math.abs(s), 1)) return null;
      s = next;
    }
    return null;
  };

  // Interior segments (p_{i+1}, p_i), i = M−2 … 0: increasing m, hence increasing x.
  sigma = -1;
  for (let i = M - 2; i >= 0; i--) {
    const a = ev[i];
    const b = ev[i + 1];
    const bound = Math.cbrt((a * a * wt[i]) / n) + Math.cbrt((b * b * wt[i + 1]) / n);
    const diff = a - b;
    if ((bound * bound * bound) / (diff * diff) >= 1 + 1e-10) continue;
    const sA = -Math.log(a); // m = p_i end (|m| small)
    const sB = -Math.log(b); // m = p_{i+1} end
    // Start at the minimiser of the two-term bound, ρ = −1/m = (b + k a)/(1 + k),
    // k = (b√c_b / a√c_a)^{2/3}; it is exact when the two poles dominate.
    const k = Math.cbrt(((b * b) * wt[i + 1]) / (a * a * wt[i]));
    const rho = (b + k * a) / (1 + k);
    const sStart = -Math.log(rho);
    const sSep = separator(sA, sB, sStart);
    if (sSep === null) continue;
    // Two roots: sUp ∈ (sA, sSep) (m nearer 0: lower edge of the cluster above),
    //            sDown ∈ (sSep, sB) (upper edge of the cluster below).
    const sUp = rtsafe(fRoot, sA, sSep, -1, tmp, counter);
    const sDown = rtsafe(fRoot, sSep, sB, 1, tmp, counter);
    const mDown = -Math.exp(sDown);
    const mUp = -Math.exp(sUp);
    const eDown = edge(mDown);
    const eUp = edge(mUp);
    if (!(eDown.x > lo && eUp.x > eDown.x)) continue; // rounding-level gap: keep merged
    close(eDown.x, mDown, eDown.curv, i + 1);
    poleStart = i;
    lo = eUp.x;
    mLo = mUp;
    curvLo = eUp.curv;
  }

  // Top edge: the root on (p_1, 0).
  {
    const s0 = Math.sqrt(n / d);
    sigma = -1;
    const a = Math.log(s0 / (ev[0] * (1 + s0))) + Math.log1p(-1e-9);
    const b = -Math.log(ev[0]);
    const s = rtsafe(fRoot, a, b, 1, tmp, counter);
    const m = -Math.exp(s);
    const e = edge(m);
    close(e.x, m, e.curv, 0);
  }

  let kappa0 = 0;
  let sigmaAtom = 0;
  if (n < d) {
    kappa0 = solveKappa({ spectrum, n, ridge: 0 }).kappa;
    sigmaAtom = (n * kappa0) / d;
  }
  return {
    clusters,
    atomAtZero: d > n ? (d - n) / d : 0,
    sigmaAtomAtZero: sigmaAtom,
    kappa0,
    n,
    d,
    trace,
    traceInverse,
    evaluations: counter[0],
  };
}
