/**
 * Tiny complex helpers for the non-hot paths of the complex-plane solvers (initial guesses,
 * result assembly). Hot loops write their complex arithmetic inline on (re, im) pairs.
 */

/** A complex number as a plain pair. */
export interface Complex {
  re: number;
  im: number;
}

/** Principal square root (branch cut on the negative real axis, Re ≥ 0), without overflow. */
export function csqrt(re: number, im: number): Complex {
  if (re === 0 && im === 0) return { re: 0, im };
  const r = Math.hypot(re, im);
  if (re >= 0) {
    const t = Math.sqrt(0.5 * (r + re));
    return { re: t, im: im / (2 * t) };
  }
  const t = Math.sqrt(0.5 * (r - re));
  return { re: Math.abs(im) / (2 * t), im: im >= 0 ? t : -t };
}

/** a / b (Smith's algorithm: no overflow for large |b|). */
export function cdiv(ar: number, ai: number, br: number, bi: number): Complex {
  if (Math.abs(br) >= Math.abs(bi)) {
    const t = bi / br;
    const den = br + bi * t;
    return { re: (ar + ai * t) / den, im: (ai - ar * t) / den };
  }
  const t = br / bi;
  const den = br * t + bi;
  return { re: (ar * t + ai) / den, im: (ai * t - ar) / den };
}

/**
 * Companion transform of the Marchenko–Pastur law (Σ = σ² I, q = d/n) at z ∈ C⁺: the root in C⁺
 * of σ² z m² + (z + σ²(1 − q)) m + 1 = 0 (docs/theory.md §3 with one eigenvalue). Used as the starting
 * point of the general solver with σ² = tr Σ/d. Falls back to −1/z (also in C⁺) if rounding leaves
 * neither root strictly in C⁺.
 */
export function marchenkoPasturCompanion(zr: number, zi: number, s2: number, q: number): Complex {
  const ar = s2 * zr;
  const ai = s2 * zi;
  const br = zr + s2 * (1 - q);
  const bi = zi;
  // disc = b² − 4a
  const sq = csqrt(br * br - bi * bi - 4 * ar, 2 * br * bi - 4 * ai);
  // Stable pair of roots: u = −b − sign·√disc, m1 = u/(2a), m2 = 2/u.
  const sgn = br * sq.re + bi * sq.im >= 0 ? 1 : -1;
  const ur = -br - sgn * sq.re;
  const ui = -bi - sgn * sq.im;
  const m1 = cdiv(ur, ui, 2 * ar, 2 * ai);
  const m2 = cdiv(2, 0, ur, ui);
  const best = m1.im >= m2.im ? m1 : m2;
  if (best.im > 0 && Number.isFinite(best.re) && Number.isFinite(best.im)) return best;
  return cdiv(-1, 0, zr, zi);
}
