import { Decimal } from 'decimal.js';
import { solveKappa } from '../../src/selfconsistency/kappa/solveKappa.js';
import { exactDecimal } from '../../src/selfconsistency/kappa/exactDecimal.js';
import type { Spectrum } from '../../src/spectra/spectrum.js';

/**
 * Test oracle for the finite-size corrections: Φ(w; λ, n) = ½ log(1 − γ) exactly as defined
 * (THEORY.md §10), in 90-digit decimal arithmetic with its own Newton solve of κ, and every
 * derivative the package computes analytically taken here by central finite differences with
 * steps so small (relative 1e-25 for first, 1e-15 outer / 1e-30 inner for mixed derivatives)
 * that truncation (h²) and rounding (1e-90/h) errors are both below 1e-30. So the oracle checks
 * the calculus and the double-precision rearrangements at once.
 */
export const D = Decimal.clone({ precision: 90, toExpNeg: -9e15, toExpPos: 9e15 });
type Dec = InstanceType<typeof D>;

export interface DecimalSpectrum {
  lam: Dec[];
  om: Dec[];
  d: Dec;
}

export function decimalSpectrum(spectrum: Spectrum): DecimalSpectrum {
  const lam = Array.from(spectrum.eigenvalues, (x) => exactDecimal(D, x));
  const om = Array.from(spectrum.weights, (x) => exactDecimal(D, x));
  return { lam, om, d: om.reduce((a, b) => a.plus(b), new D(0)) };
}

/** κ(w) for a decimal spectrum by Newton on ψ(κ) = n − d + Σω κ/(λ+κ) − n w/κ, from `start`. */
export function kappaDecimal(s: DecimalSpectrum, n: Dec, w: Dec, start: Dec): Dec {
  let kappa = start;
  const tol = new D(10).pow(-85);
  for (let it = 0; it < 200; it++) {
    let psi = n.minus(s.d).minus(n.times(w).div(kappa));
    let dpsi = n.times(w).div(kappa.times(kappa));
    for (let i = 0; i < s.lam.length; i++) {
      const t = new D(1).div(s.lam[i].plus(kappa));
      psi = psi.plus(s.om[i].times(kappa).times(t));
      dpsi = dpsi.plus(s.om[i].times(s.lam[i]).times(t).times(t));
    }
    let next = kappa.minus(psi.div(dpsi));
    if (next.lte(0)) next = kappa.div(2);
    const step = next.minus(kappa).abs();
    kappa = next;
    if (step.lte(tol.times(kappa))) return kappa;
  }
  throw new Error('decimal κ Newton did not converge');
}

/** Φ = ½ log(1 − γ) at ridge w for the spectrum λ_i(1 + t b_i) (b = null: t ignored). */
export function phiDecimal(s: DecimalSpectrum, n: Dec, w: Dec, start: Dec, b: Dec[] | null = null, t: Dec = new D(0)): Dec {
  const lam = b === null ? s.lam : s.lam.map((l, i) => l.times(new D(1).plus(t.times(b[i]))));
  const sp = { lam, om: s.om, d: s.d };
  const kappa = kappaDecimal(sp, n, w, start);
  let df2 = new D(0);
  for (let i = 0; i < lam.length; i++) {
    const x = lam[i].div(lam[i].plus(kappa));
    df2 = df2.plus(s.om[i].times(x).times(x));
  }
  return new D(1).minus(df2.div(n)).ln().div(2);
}

/** The analytic quantities of resolventCorrections / finiteSizePhi, by decimal finite differences. */
export function oracleCorrections(spectrum: Spectrum, n: number, w: number, z = w, zeta = w) {
  const s = decimalSpectrum(spectrum);
  const nD = exactDecimal(D, n);
  const wD = exactDecimal(D, w);
  const zD = exactDecimal(D, z);
  const zetaD = exactDecimal(D, zeta);
  const start = exactDecimal(D, solveKappa({ spectrum, n, ridge: w }).kappa);
  const lamMax = s.lam.reduce((a, b) => (a.gt(b) ? a : b));
  const one = new D(1);
  const h1 = new D(10).pow(-25);
  const phi = (ww: Dec, b: Dec[] | null = null, t: Dec = new D(0)) => phiDecimal(s, nD, ww, start, b, t);
  // ∂_w, ∂²_w by central differences.
  const hw = wD.times(h1);
  const dw = (f: (ww: Dec) => Dec, ww: Dec, h: Dec) => f(ww.plus(h)).minus(f(ww.minus(h))).div(h.times(2));
  const trG = dw((ww) => phi(ww), wD, hw);
  const hw2 = wD.times(new D(10).pow(-20));
  const trG2 = phi(wD.plus(hw2)).minus(phi(wD).times(2)).plus(phi(wD.minus(hw2))).div(hw2.times(hw2)).neg();
  // Σ-weighted: −(1/w) d/dt Φ(λ(1 + t b)) with b = λ/λmax (so the relative perturbation is ≤ t), rescaled.
  const bSigma = s.lam.map((l) => l.div(lamMax));
  const dirDeriv = (b: Dec[], ww: Dec, h: Dec) => phi(ww, b, h).minus(phi(ww, b, h.neg())).div(h.times(2));
  const trSigmaGAt = (ww: Dec, h: Dec) => dirDeriv(bSigma, ww, h).times(lamMax).div(ww).neg();
  const trSigmaG = trSigmaGAt(wD, h1);
  const hOuter = wD.times(new D(10).pow(-15));
  const hInner = new D(10).pow(-30);
  const trSigmaG2 = trSigmaGAt(wD.plus(hOuter), hInner).minus(trSigmaGAt(wD.minus(hOuter), hInner)).div(hOuter.times(2)).neg();
  const bInf = s.lam.map((l) => l.plus(zetaD).div(l.plus(zD)));
  const trBG = dirDeriv(bInf, wD, h1).div(wD).neg();
  // Per-eigenvalue: move the ω_i copies of λ_i together, divide by ω_i.
  const unit = (i: number) => s.lam.map((_, j) => (j === i ? one : new D(0)));
  const dPhiDLambda = s.lam.map((l, i) => dirDeriv(unit(i), wD, h1).div(s.om[i]).div(l));
  const d2PhiDwDLambda = s.lam.map((l, i) => {
    const f = (t: Dec) => dw((ww) => phi(ww, unit(i), t), wD, wD.times(new D(10).pow(-15)));
    return f(hInner).minus(f(hInner.neg())).div(hInner.times(2)).div(s.om[i]).div(l);
  });
  return {
    phi: phi(wD).toNumber(),
    trG: trG.toNumber(),
    trG2: trG2.toNumber(),
    trSigmaG: trSigmaG.toNumber(),
    trSigmaG2: trSigmaG2.toNumber(),
    trBG: trBG.toNumber(),
    dPhiDLambda: dPhiDLambda.map((x) => x.toNumber()),
    d2PhiDwDLambda: d2PhiDwDLambda.map((x) => x.toNumber()),
  };
}
