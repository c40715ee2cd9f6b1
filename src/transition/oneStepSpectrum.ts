/**
 * Deterministic equivalents for the spectrum of the one-step regression coefficient θ1
 * (docs/theory.md §9; derivation in docs/transition.md §4), for m = n − 1 > d (full rank).
 *
 * Structure. With x = τg, y = βx + σ_E g', θ1 = β I + c T, where c² = σ_E²/τ² and
 * T = g'ᵀ g (gᵀg)⁻¹ is bi-orthogonally invariant (g → g O and g' → g' O' send T to Oᵀ T O'),
 * i.e. asymptotically R-diagonal. Its singular values are those of Z W^(−½) (Z a d × d Ginibre
 * matrix, W = gᵀg ~ Wishart_d(m)), so the law μ of (cT)(cT)ᵀ is the free multiplicative
 * convolution κ0·MP(1) ⊠ MP(q)⁻¹ with q = d/m, κ0 = c²q, whose S-transform is
 *     S_μ(z) = (1 − q − qz) / (κ0 (1 + z)).
 *
 * 1. log-determinant (Haagerup–Larsen). For R-diagonal cT the Brown measure is rotation
 *    invariant with radial distribution F(r) = μ_Br(|z| ≤ r) solving S_μ(F − 1) = 1/r²:
 *        F(r) = r² / (κ0 + q r²),   0 ≤ r ≤ R,  R² = κ0/(1 − q) = τ((cT)(cT)ᵀ).
 *    Then (1/d) log|det θ1| ≍ ∫ log|β + z| dμ_Br(z) = ∫ log max(β, |z|) dμ_Br(z), i.e.
 *        L = log β                                          if β ≥ R,
 *        L = log R − (1/(2q)) log(R² / (κ0 + q β²))          if β < R.
 *    (β < R happens for q/(1 − q) > β²/c² = a²σ²/Δ_T: close to the interpolation threshold.)
 *
 * 2. Resolvent. The symmetrised singular-value law of θ1 is the free additive convolution of
 *    ½(δ_β + δ_−β) with the symmetrised singular law ν of cT (square case of Benaych-Georges'
 *    rectangular convolution). On the imaginary axis all Cauchy transforms are imaginary, and
 *    the Belinschi–Bercovici subordination ω1(iy) = i v solves the real scalar equation
 *        v = y + h(y + β²/v),   h(w) = 1/(w k(w²)) − w,   k(t) = ∫ dμ(x)/(t + x),
 *    with k in closed form from S_μ (a quadratic). Then
 *        r(u) := (1/d) tr (u + θ1θ1ᵀ)⁻¹ ≍ v / (y (v² + β²)),   y = √u.
 *    As u → 0: r(0) = 1/(β² − R²) for β > R and +∞ for β ≤ R (where the singular-value law of
 *    θ1 reaches 0).
 *
 * 3. Shifted log-determinant. (1/d) log det(u0 + θ1θ1ᵀ) ≍ 2L + ∫_0^{u0} r(u) du (substituting
 *    u = t² makes the integrand bounded; adaptive Gauss–Legendre).
 */
import { ConvergenceError, InvalidArgumentError } from '../errors.js';
import { requireFinite, requireNonNegative, requirePositive } from '../validate.js';

export interface ThetaSpectrumParameters {
  /** Population coefficient β > 0. */
  beta: number;
  /** Noise level c² = σ_E²/τ² ≥ 0. */
  c2: number;
  /** Aspect ratio q = d/m ∈ (0, 1] (q = 1 is n = d + 1, where R = ∞ but L and r stay finite). */
  q: number;
}

function check(params: ThetaSpectrumParameters): { beta: number; c2: number; q: number; kappa0: number; R2: number } {
  const beta = requirePositive('beta', params.beta);
  const c2 = requireNonNegative('c2', params.c2);
  const q = requireFinite('q', params.q);
  if (!(q > 0 && q <= 1)) throw new InvalidArgumentError('q', q, 'must lie in (0, 1] (full-rank θ1 needs m = n − 1 ≥ d)');
  const kappa0 = c2 * q;
  return { beta, c2, q, kappa0, R2: q === 1 ? (kappa0 > 0 ? Infinity : 0) : kappa0 / (1 - q) };
}

/**
 * R² = τ((cT)(cT)ᵀ) = c²q/(1 − q): the outer radius² of the Brown measure of cT.
 *
 * @example
 * ```ts
 * brownRadius2({ beta: 1, c2: 0.1, q: 0.5 });   // ≈ 0.1
 * ```
 */
export function brownRadius2(params: ThetaSpectrumParameters): number {
  return check(params).R2;
}

/**
 * L ≍ (1/d) log|det θ1| (Haagerup–Larsen).
 *
 * @example
 * ```ts
 * thetaLogDeterminant({ beta: 1, c2: 0.1, q: 0.5 });   // ≈ 0
 * ```
 */
export function thetaLogDeterminant(params: ThetaSpectrumParameters): number {
  const { beta, q, kappa0, R2 } = check(params);
  const b2 = beta * beta;
  if (b2 >= R2) return Math.log(beta);
  // log R − (1/(2q)) log(R²/(κ0 + qβ²)) = ((q − 1)/(2q)) log R² + (1/(2q)) log(κ0 + qβ²): the
  // second form has the finite limit ½ log(κ0 + β²) at q = 1 (R = ∞).
  if (q === 1) return 0.5 * Math.log(kappa0 + b2);
  return ((q - 1) / (2 * q)) * Math.log(R2) + (0.5 / q) * Math.log(kappa0 + q * b2);
}

/**
 * r(0) ≍ (1/d) tr(θ1θ1ᵀ)⁻¹ = 1/(β² − R²), +Infinity when β² ≤ R².
 *
 * @example
 * ```ts
 * thetaInverseTrace({ beta: 1, c2: 0.1, q: 0.5 });   // ≈ 1.111
 * ```
 */
export function thetaInverseTrace(params: ThetaSpectrumParameters): number {
  const { beta, R2 } = check(params);
  const gap = beta * beta - R2;
  return gap > 0 ? 1 / gap : Infinity;
}

/** k(t) = ∫ dμ(x)/(t + x) for t > 0, μ = law of (cT)(cT)ᵀ (closed form; k(t) ~ 1/√(κ0 t) as t → 0). */
export function noiseStieltjes(t: number, kappa0: number, q: number): number {
  if (kappa0 === 0) return 1 / t;
  // U = t k − 1 solves (κ0 − qt)U² + (2κ0 + (1 − q)t)U + κ0 = 0 in (−1, 0); the small root is
  // U = −2κ0/(B + √disc) and 1 + U = ((1 − q)t + √disc)/(B + √disc) with no cancellation.
  const B = 2 * kappa0 + (1 - q) * t;
  const sq = Math.sqrt(t * (4 * kappa0 + (1 - q) * (1 - q) * t));
  return ((1 - q) + sq / t) / (B + sq);
}

/**
 * h(w) = F_ν(iw)/i − w for the symmetrised singular law ν of cT, w > 0. From the quadratic for
 * U = t k(t) − 1 (t = w²): h = −U w/(1 + U), which simplifies to the cancellation-free
 *     h(w) = 2κ0 / ((1 − q) w + √(4κ0 + (1 − q)² w²))
 * (√κ0 at w = 0, R²/w as w → ∞ — writing it as 1/(w k) − w would cancel for large w).
 */
export function noiseSubordinationH(w: number, kappa0: number, q: number): number {
  const p = 1 - q;
  return (2 * kappa0) / (p * w + Math.sqrt(4 * kappa0 + p * p * w * w));
}

/**
 * r(u) ≍ (1/d) tr(u + θ1θ1ᵀ)⁻¹ for u > 0, by the subordination equation.
 *
 * @example
 * ```ts
 * thetaResolvent(1, { beta: 1, c2: 0.1, q: 0.5 });   // ≈ 0.499 (u must be > 0)
 * ```
 */
export function thetaResolvent(u: number, params: ThetaSpectrumParameters): number {
  const { beta, q, kappa0 } = check(params);
  requirePositive('u', u);
  const y = Math.sqrt(u);
  const b2 = beta * beta;
  if (kappa0 === 0) return 1 / (u + b2);
  // v = y + h(y + β²/v): f(v) = y + h(y + β²/v) − v has f(y) > 0 (h > 0) and f(v) < 0 for
  // v > y + √κ0 (h ≤ √κ0), so the root is bracketed by [y, y + √κ0]; bisection in log v.
  const f = (v: number) => y + noiseSubordinationH(y + b2 / v, kappa0, q) - v;
  let lo = y;
  // (The small relative margin keeps f(hi) < 0 when h = √κ0 exactly: q = 1.)
  let hi = (y + Math.sqrt(kappa0)) * (1 + 1e-12);
  if (!(f(hi) <= 0)) throw new ConvergenceError('thetaResolvent bracket', 0, f(hi));
  for (let i = 0; i < 400; i++) {
    const mid = lo > 0 ? Math.sqrt(lo * hi) : 0.5 * hi;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
    if (hi - lo <= 4 * Number.EPSILON * hi) break;
  }
  const v = 0.5 * (lo + hi);
  return v / (y * (v * v + b2));
}

/**
 * (1/d) log det(u0 + θ1θ1ᵀ) ≍ 2L + ∫_0^{u0} r(u) du, for u0 ≥ 0.
 *
 * @example
 * ```ts
 * thetaShiftedLogDeterminant(1, { beta: 1, c2: 0.1, q: 0.5 });   // ≈ 0.718
 * ```
 */
export function thetaShiftedLogDeterminant(u0: number, params: ThetaSpectrumParameters): number {
  requireNonNegative('u0', u0);
  const base = 2 * thetaLogDeterminant(params);
  if (u0 === 0) return base;
  const t0 = Math.sqrt(u0);
  // ∫_0^{u0} r(u) du = ∫_0^{√u0} 2t r(t²) dt; the integrand is bounded (r ~ u^(−½) at worst).
  const g = (t: number) => (t === 0 ? 0 : 2 * t * thetaResolvent(t * t, params));
  return base + adaptiveGauss(g, 0, t0, 1e-11 * Math.max(1, Math.abs(base)), 0);
}

// 10-point Gauss–Legendre nodes and weights on [−1, 1].
const GL_X = [-0.9739065285171717, -0.8650633666889845, -0.6794095682990244, -0.4333953941292472, -0.1488743389816312, 0.1488743389816312, 0.4333953941292472, 0.6794095682990244, 0.8650633666889845, 0.9739065285171717];
const GL_W = [0.0666713443086881, 0.1494513491505806, 0.219086362515982, 0.2692667193099963, 0.2955242247147529, 0.2955242247147529, 0.2692667193099963, 0.219086362515982, 0.1494513491505806, 0.0666713443086881];

function gauss(f: (t: number) => number, a: number, b: number): number {
  const h = 0.5 * (b - a);
  const c = 0.5 * (a + b);
  let s = 0;
  for (let i = 0; i < 10; i++) s += GL_W[i] * f(c + h * GL_X[i]);
  return s * h;
}

function adaptiveGauss(f: (t: number) => number, a: number, b: number, tol: number, depth: number): number {
  const whole = gauss(f, a, b);
  const m = 0.5 * (a + b);
  const left = gauss(f, a, m);
  const right = gauss(f, m, b);
  if (Math.abs(left + right - whole) <= tol || depth >= 30) return left + right;
  return adaptiveGauss(f, a, m, 0.5 * tol, depth + 1) + adaptiveGauss(f, m, b, 0.5 * tol, depth + 1);
}
