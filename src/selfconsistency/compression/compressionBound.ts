/**
 * A priori error bounds for Gauss rules of a spectral measure in t = log λ (docs/compression.md §2).
 *
 * Class 𝓕_q: f(t) = P(e^t) / Π_{j ≤ q} (e^t + κ_j) with κ_j > 0 and P a polynomial of degree ≤ q
 * with non-negative coefficients — every sum Σ_i w_i λ_i^p/(λ_i+κ)^q (0 ≤ p ≤ q) of the κ solver,
 * of the loss predictions and of the finite-size corrections is of this form. Such f is analytic
 * in the strip |Im t| < π and, for t = s + iy in it,
 *
 *   |e^t + κ|² = (e^s − κ)² + 4κ e^s cos²(y/2) ≥ (e^s + κ)² cos²(y/2),   |P(e^t)| ≤ P(e^s),
 *
 * so |f(s + iy)| ≤ f(s)/cos(y/2)^q; on the real line |d log f/ds| ≤ q. Map [tmin, tmax] to
 * [−1, 1] (half-width h) and take the Bernstein ellipse E_ρ: semi-axes A = h(ρ + 1/ρ)/2 along and
 * Y = h(ρ − 1/ρ)/2 across the real axis, inside the strip when Y < π. Chebyshev coefficients of f
 * obey |c_k| ≤ 2Mρ^{−k}, M = max_{E_ρ}|f|, and an m-point Gauss rule of any positive measure of
 * mass μ0 integrates degree 2m − 1 exactly, so
 *
 *   |∫f dμ − Q_m f| ≤ 2μ0 Σ_{k ≥ 2m} |c_k| ≤ 4μ0 M ρ^{1−2m}/(ρ − 1).                    (2.1)
 *
 * With M ≤ e^{q(A−h)} max_{[tmin,tmax]} f / cos(Y/2)^q this gives the global bound
 *
 *   |error| ≤ B_q(m) · μ0 max_{[tmin,tmax]} f,  B_q(m) = min_ρ 4ρ^{1−2m} e^{q(A−h)} / ((ρ−1) cos(Y/2)^q),   (2.2)
 *
 * which depends on the spectrum only through h = ½ log(λmax/λmin). For a block of half-width h
 * (pre-reduction), every point of the ellipse's real extent is within A + h of every node, so
 * max_{E_ρ}|f| ≤ e^{q(A+h)} min_block f / cos(Y/2)^q ≤ e^{q(A+h)} (∫f dμ_block/μ_block) / cos^q: a
 * bound on the *relative* error, uniformly in κ,
 *
 *   |error_block| ≤ R_q(m) ∫f dμ_block,  R_q(m) = min_ρ 4ρ^{1−2m} e^{q(A+h)} / ((ρ−1) cos(Y/2)^q).   (2.3)
 */

const GRID = 400;
/** Memo of evaluated bounds (pure function of its arguments; the bound search asks the same ones often). */
const memo = new Map<string, number>();

function minimiseOverRho(m: number, h: number, q: number, sign: 1 | -1): number {
  if (!(h > 0)) return 0; // a single node: every rule with ≥ 1 point is exact
  const key = `${m} ${h} ${q} ${sign}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  if (memo.size > 10_000) memo.clear();
  const value = minimiseOverRhoUncached(m, h, q, sign);
  memo.set(key, value);
  return value;
}

function minimiseOverRhoUncached(m: number, h: number, q: number, sign: 1 | -1): number {
  // ρ_max: Y(ρ) = π.
  const b = Math.PI / h;
  const logRhoMax = Math.log(b + Math.sqrt(b * b + 1));
  let best = Infinity;
  for (let g = 1; g < GRID; g++) {
    const u = (logRhoMax * g) / GRID;
    const rho = Math.exp(u);
    const A = h * Math.cosh(u);
    const Y = h * Math.sinh(u);
    const logB = Math.log(4) + (1 - 2 * m) * u - Math.log(Math.expm1(u)) + q * (A + sign * h) - q * Math.log(Math.cos(Y / 2));
    if (logB < best && rho > 1) best = logB;
  }
  return Math.exp(best);
}

/** B_q(m) of (2.2): bound on |error|/(μ0 · max f) of the m-point global rule, half-width h in t. */
export function globalGaussBound(m: number, h: number, q: number): number {
  return minimiseOverRho(m, h, q, -1);
}

/** R_q(m) of (2.3): bound on the relative error of the m-point rule of one block of half-width h. */
export function blockGaussBound(m: number, h: number, q: number): number {
  return minimiseOverRho(m, h, q, 1);
}

/** Smallest m ≤ mMax with bound(m) ≤ tol (mMax if none). */
export function atomsFor(bound: (m: number) => number, tol: number, mMax: number): number {
  let lo = 1;
  let hi = mMax;
  if (bound(hi) > tol) return mMax;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bound(mid) <= tol) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
