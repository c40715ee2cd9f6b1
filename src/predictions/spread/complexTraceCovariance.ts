import type { Spectrum } from '../../spectra/spectrum.js';
import type { Complex } from '../../selfconsistency/complexPlane/complex.js';
import type { TraceWeight } from './traceCovariance.js';

/**
 * The trace-covariance kernel of traceCovariance.ts continued to complex ridges (docs/theory.md
 * §6.10): every formula there is rational in (w, κ, λ_i), so with κ(w) the analytic continuation
 * of the real-ridge κ (the companion transform of §3: κ(w) = 1/m̲(−w)) the same expressions give
 *
 *   K(w_1, w_2) = Cov(tr B_1G(w_1), tr B_2G(w_2)) = 2[Ψ_12/(1 − Ψ) + Ψ_1Ψ_2/(1 − Ψ)²]/(w_1 w_2)
 *
 * for complex w_1, w_2 off the negated support — the kernel the double contour integral of
 * contourCovariance.ts integrates against non-resolvent functions. It satisfies
 * K(w̄_1, w̄_2) = conj K(w_1, w_2) and K_{B1B2}(w_1, w_2) = K_{B2B1}(w_2, w_1), and at real w it is
 * statisticCovariance (test/predictions/contourCovariance.test.ts).
 *
 * At w = 0 with n < d (the atom of Ŝ's spectrum at 0) K has a simple pole in each variable: the
 * point built by {@link complexTracePoint} with w = 0 carries κ0 and g = S11, and
 * {@link scaledComplexCovariance} returns w_1 w_2 K, whose value there is the residue the contour's
 * small circle around 0 collects.
 */
export interface ComplexTracePoint {
  /** The Ŝ-ridge w (complex; 0 only for the atom of n < d). */
  w: Complex;
  /** κ(w): the continuation of the real κ (Im κ has the sign of Im w; κ(w̄) = conj κ(w)). */
  kappa: Complex;
  /** x_i = λ_i/(λ_i + κ), real and imaginary parts. */
  xRe: Float64Array;
  xIm: Float64Array;
  /** g = n w/κ + Σ ω λκ/(λ + κ)² = n(1 − γ). */
  g: Complex;
}

/**
 * One complex ridge's κ and per-eigenvalue terms.
 *
 * @example
 * ```ts
 * const s = stieltjes({ spectrum, n: 128, z: { re: 0.5, im: 0.1 } });   // z = −w
 * complexTracePoint(spectrum, 128, { re: -0.5, im: -0.1 }, s.kappa);   // Im κ < 0 at Im w < 0
 * ```
 */
export function complexTracePoint(spectrum: Spectrum, n: number, w: Complex, kappa: Complex): ComplexTracePoint {
  const ev = spectrum.eigenvalues;
  const om = spectrum.weights;
  const m = ev.length;
  const xRe = new Float64Array(m);
  const xIm = new Float64Array(m);
  const kr = kappa.re;
  const ki = kappa.im;
  let sr = 0;
  let si = 0;
  for (let i = 0; i < m; i++) {
    // t = 1/(λ + κ)
    const ar = ev[i] + kr;
    const den = ar * ar + ki * ki;
    const tr = ar / den;
    const ti = -ki / den;
    xRe[i] = ev[i] * tr;
    xIm[i] = ev[i] * ti;
    // λ κ t² = x · (κ t)
    const ktr = kr * tr - ki * ti;
    const kti = kr * ti + ki * tr;
    sr += om[i] * (xRe[i] * ktr - xIm[i] * kti);
    si += om[i] * (xRe[i] * kti + xIm[i] * ktr);
  }
  // n w/κ
  const kd = kr * kr + ki * ki;
  const wkr = (w.re * kr + w.im * ki) / kd;
  const wki = (w.im * kr - w.re * ki) / kd;
  return { w, kappa, xRe, xIm, g: { re: n * wkr + sr, im: n * wki + si } };
}

/**
 * ∂_t x_i of a weight b at a complex point: λ_i(b_iκ − κ̇)/(λ_i + κ)², κ̇ = κ S_b/g,
 * S_b = Σ ω b λκ/(λ + κ)² (traceDerivative of traceCovariance.ts, continued).
 */
export function complexTraceDerivative(spectrum: Spectrum, p: ComplexTracePoint, b: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const ev = spectrum.eigenvalues;
  const om = spectrum.weights;
  const m = ev.length;
  const kr = p.kappa.re;
  const ki = p.kappa.im;
  // λκt² = x·κt, with t = x/λ: κ t = κ x/λ — formed from t directly to avoid λ = 0 issues.
  const t2r = new Float64Array(m);
  const t2i = new Float64Array(m);
  let sbr = 0;
  let sbi = 0;
  for (let i = 0; i < m; i++) {
    const ar = ev[i] + kr;
    const den = ar * ar + ki * ki;
    const tr = ar / den;
    const ti = -ki / den;
    // λ t²
    const qr = ev[i] * (tr * tr - ti * ti);
    const qi = ev[i] * 2 * tr * ti;
    t2r[i] = qr;
    t2i[i] = qi;
    // b λ κ t²
    sbr += om[i] * b[i] * (qr * kr - qi * ki);
    sbi += om[i] * b[i] * (qr * ki + qi * kr);
  }
  // κ̇ = κ S_b / g
  const nr = kr * sbr - ki * sbi;
  const ni = kr * sbi + ki * sbr;
  const gd = p.g.re * p.g.re + p.g.im * p.g.im;
  const kdr = (nr * p.g.re + ni * p.g.im) / gd;
  const kdi = (ni * p.g.re - nr * p.g.im) / gd;
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    // (b κ − κ̇) λ t²
    const cr = b[i] * kr - kdr;
    const ci = b[i] * ki - kdi;
    re[i] = cr * t2r[i] - ci * t2i[i];
    im[i] = cr * t2i[i] + ci * t2r[i];
  }
  return { re, im };
}

/**
 * w_1 w_2 · Cov(s_1, s_2) for two trace statistics tr B_j G(w_j) at complex points (weights b_j;
 * null: log det(Ŝ + w_j), for which the factor w_j is not applied). Finite at the atom point w = 0.
 */
export function scaledComplexCovariance(spectrum: Spectrum, n: number, p1: ComplexTracePoint, b1: TraceWeight, p2: ComplexTracePoint, b2: TraceWeight): Complex {
  const om = spectrum.weights;
  const m = om.length;
  const d1 = b1 ? complexTraceDerivative(spectrum, p1, b1) : null;
  const d2 = b2 ? complexTraceDerivative(spectrum, p2, b2) : null;
  let pr = 0;
  let pi = 0;
  let p1r = 0;
  let p1i = 0;
  let p2r = 0;
  let p2i = 0;
  let qr = 0;
  let qi = 0;
  for (let i = 0; i < m; i++) {
    const ar = p1.xRe[i];
    const ai = p1.xIm[i];
    const cr = p2.xRe[i];
    const ci = p2.xIm[i];
    pr += om[i] * (ar * cr - ai * ci);
    pi += om[i] * (ar * ci + ai * cr);
    if (d1) {
      p1r += om[i] * (d1.re[i] * cr - d1.im[i] * ci);
      p1i += om[i] * (d1.re[i] * ci + d1.im[i] * cr);
    }
    if (d2) {
      p2r += om[i] * (ar * d2.re[i] - ai * d2.im[i]);
      p2i += om[i] * (ar * d2.im[i] + ai * d2.re[i]);
    }
    if (d1 && d2) {
      qr += om[i] * (d1.re[i] * d2.re[i] - d1.im[i] * d2.im[i]);
      qi += om[i] * (d1.re[i] * d2.im[i] + d1.im[i] * d2.re[i]);
    }
  }
  // 1 − Ψ and its inverse
  const ur = 1 - pr / n;
  const ui = -pi / n;
  const ud = ur * ur + ui * ui;
  const vr = ur / ud;
  const vi = -ui / ud;
  if (!d1 && !d2) {
    // −2 log(1 − Ψ) (principal branch: 1 − Ψ stays off the negative axis on the contours used)
    return { re: -2 * Math.log(Math.sqrt(ud)), im: -2 * Math.atan2(ui, ur) };
  }
  if (d1 && !d2) return { re: (-2 * (p1r * vr - p1i * vi)) / n, im: (-2 * (p1r * vi + p1i * vr)) / n };
  if (!d1 && d2) return { re: (-2 * (p2r * vr - p2i * vi)) / n, im: (-2 * (p2r * vi + p2i * vr)) / n };
  // Ψ_12/(1 − Ψ) + Ψ_1Ψ_2/(1 − Ψ)²
  const ar = (qr * vr - qi * vi) / n;
  const ai = (qr * vi + qi * vr) / n;
  const sr = (p1r * p2r - p1i * p2i) / (n * n);
  const si = (p1r * p2i + p1i * p2r) / (n * n);
  const v2r = vr * vr - vi * vi;
  const v2i = 2 * vr * vi;
  return { re: 2 * (ar + sr * v2r - si * v2i), im: 2 * (ai + sr * v2i + si * v2r) };
}

/**
 * Cov(s_1, s_2) of two statistics (tr B G(w) for a weight b, log det(Ŝ + w) for null) at complex
 * ridges: statisticCovariance of traceCovariance.ts continued analytically.
 *
 * @example
 * ```ts
 * const p = complexTracePoint(spectrum, 128, { re: 0.5, im: 0 }, { re: solveKappa({ spectrum, n: 128, ridge: 0.5 }).kappa, im: 0 });
 * complexStatisticCovariance(spectrum, 128, p, one, p, one).re;   // = statisticCovariance at the real ridge 0.5
 * ```
 */
export function complexStatisticCovariance(spectrum: Spectrum, n: number, p1: ComplexTracePoint, b1: TraceWeight, p2: ComplexTracePoint, b2: TraceWeight): Complex {
  const s = scaledComplexCovariance(spectrum, n, p1, b1, p2, b2);
  // divide by w_j for each trace statistic
  let dr = 1;
  let di = 0;
  for (const [p, b] of [
    [p1, b1],
    [p2, b2],
  ] as const) {
    if (!b) continue;
    const r = dr * p.w.re - di * p.w.im;
    di = dr * p.w.im + di * p.w.re;
    dr = r;
  }
  const den = dr * dr + di * di;
  return { re: (s.re * dr + s.im * di) / den, im: (s.im * dr - s.re * di) / den };
}
