/**
 * A bracket for δ = κ − w that provably contains the root of docs/theory.md §2,
 * n·w = κ(n − d + s(κ)) with s(κ) = Σ w_i κ/(λ_i+κ). Write ψ(κ) = n − d + s(κ) − n·w/κ,
 * strictly increasing in κ.
 *
 * - δ ≥ 0:                     ψ(w) = s(w) − d < 0 because s < d.
 * - δ ≥ (d−n)/tr Σ⁻¹ − w (n < d): s(κ) ≤ κ·tr Σ⁻¹, so ψ ≤ −n w/κ ≤ 0 at κ = (d−n)/tr Σ⁻¹.
 * - δ ≤ tr Σ/n:                κ − w − (κ/n)df1(κ) = (1/n) Σ λ_i²/(λ_i+κ) > 0 at κ = w + tr Σ/n.
 * - δ ≤ w d/(n−d) (n > d):     ψ = s(κ) > 0 at κ = n w/(n−d).
 *
 * The bounds are formed for δ directly (w·d/(n−d), not n w/(n−d) − w) so that rounding cannot
 * push a bound across a root that sits close to it when w ≫ δ; both are then widened by 1e-10
 * relative, which keeps them valid (the inequalities above are strict) while absorbing the
 * rounding of the traces. With w = 0 and n ≥ d the root is κ = 0 (handled before any bracket).
 * Writes out = [δ_lo, δ_hi].
 */
export function kappaBracket(
  d: number,
  trace: number,
  traceInverse: number,
  n: number,
  w: number,
  out: Float64Array,
): void {
  let dlo = 0;
  if (d > n) {
    const l = (d - n) / traceInverse - w;
    if (l > dlo) dlo = l * (1 - 1e-10);
  }
  let dhi = trace / n;
  if (n > d) {
    const h = (w * d) / (n - d);
    if (h < dhi) dhi = h;
  }
  dhi *= 1 + 1e-10;
  if (w === 0 && !(dlo > 0)) dlo = Number.MIN_VALUE; // κ must stay > 0 (only reachable by underflow)
  out[0] = dlo;
  out[1] = dhi;
}

/**
 * Starting point when no warm start is given: the isotropic closed form (docs/theory.md §2) with
 * σ² = tr Σ / d, which is exact for isotropic spectra and the right order of magnitude otherwise.
 */
export function isotropicGuess(d: number, trace: number, n: number, w: number): number {
  const s2 = trace / d;
  const q = d / n;
  const b = w + s2 * (q - 1);
  // Stable form of ½[b + sqrt(b² + 4wσ²)]: avoid cancellation when b < 0.
  const root = Math.sqrt(b * b + 4 * w * s2);
  return b >= 0 ? 0.5 * (b + root) : (2 * w * s2) / (root - b);
}
