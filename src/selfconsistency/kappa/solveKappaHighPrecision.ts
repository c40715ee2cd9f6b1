import { Decimal } from 'decimal.js';
import { InvalidArgumentError } from '../../errors.js';
import { LIMITS } from '../../limits.js';
import { requireSpectrum, type Spectrum } from '../../spectra/spectrum.js';
import { requireInteger, requireNonNegative, requireSampleSize } from '../../validate.js';
import { exactDecimal } from './exactDecimal.js';

export interface KappaHighPrecisionResult {
  /** κ rounded to the nearest double. */
  kappa: number;
  /** κ to `digits` significant digits. */
  kappaDecimal: string;
  gamma: number;
  dkappaDridge: number;
  iterations: number;
  /** Relative residual |ψ|/(|n−d| + s + n w/κ), evaluated in `digits`-digit arithmetic. */
  residual: number;
  converged: boolean;
}

/**
 * Reference solve of docs/theory.md §2 in decimal.js arithmetic (default 50 digits), independent of
 * the double-precision kernel: plain Newton in κ on ψ(κ) = n − d + s(κ) − n w/κ, safeguarded
 * by bisection on the same provable bracket (see kappaBracket.ts), started from the bracket's
 * geometric midpoint. Inputs are converted exactly (exactDecimal). Cost is O(#distinct · digits)
 * per step — for tests and for users with extreme spectra, not for curves.
 *
 * @example
 * ```ts
 * solveKappaHighPrecision({ spectrum: powerLawSpectrum({ d: 256, k: 1 }), n: 128, ridge: 0.5 }).kappaDecimal;   // '1.18548170766400004…' (50 digits)
 * ```
 */
export function solveKappaHighPrecision(options: {
  spectrum: Spectrum;
  n: number;
  /** A number, or a decimal string for a ridge that is not a double (e.g. r·z formed exactly). */
  ridge: number | string;
  digits?: number;
  maxIterations?: number;
}): KappaHighPrecisionResult {
  const spectrum = requireSpectrum(options.spectrum);
  const nNum = requireSampleSize('n', options.n, 1);
  const digits = requireInteger('digits', options.digits ?? 50, 20);
  if (digits > LIMITS.digits) throw new InvalidArgumentError('digits', digits, `must be <= ${LIMITS.digits} (decimal digits limit: each step costs O(digits²) per eigenvalue)`);
  const maxIt = requireInteger('maxIterations', options.maxIterations ?? 2000, 1);
  const D = Decimal.clone({ precision: digits, toExpNeg: -9e15, toExpPos: 9e15 });
  const lam = Array.from(spectrum.eigenvalues, (x) => exactDecimal(D, x));
  const wt = Array.from(spectrum.weights, (x) => exactDecimal(D, x));
  const n = exactDecimal(D, nNum);
  const w = ridgeDecimal(D, options.ridge);
  // d is spectrum.d (the double), as in the double solver, so that "n = d" means the same in both
  // for fractional weights; the weights are rescaled (exactly, by d/Σ w_i, a change of a few ε) so
  // that they sum to that d. Then n − d + s = n − df1 holds exactly in the decimal arithmetic, as
  // it does mathematically: with the raw weights, the rounding of Σ w_i (up to 1e-13 for
  // fractional weights) entered ψ = n − d + s and, at n ≪ d, moved the root by up to 1e-11
  // relative to the double solver's form n δ/κ − df1, which does not involve d.
  const d = exactDecimal(D, spectrum.d);
  let sumW = new D(0);
  for (const x of wt) sumW = sumW.plus(x);
  const rescale = d.div(sumW);
  for (let i = 0; i < wt.length; i++) wt[i] = wt[i].times(rescale);
  let tr = new D(0);
  let trInv = new D(0);
  for (let i = 0; i < lam.length; i++) {
    tr = tr.plus(wt[i].times(lam[i]));
    trInv = trInv.plus(wt[i].div(lam[i]));
  }
  if (w.isZero() && n.gte(d)) {
    const g = d.div(n);
    return {
      kappa: 0,
      kappaDecimal: '0',
      gamma: g.toNumber(),
      dkappaDridge: n.eq(d) ? Infinity : n.div(n.minus(d)).toNumber(),
      iterations: 0,
      residual: 0,
      converged: true,
    };
  }
  let lo = w;
  if (d.gt(n)) lo = D.max(lo, d.minus(n).div(trInv));
  let hi = w.plus(tr.div(n));
  if (n.gt(d)) hi = D.min(hi, n.times(w).div(n.minus(d)));
  const tol = new D(10).pow(-(digits - 8));
  let kappa = lo.times(hi).sqrt();
  let it = 0;
  let converged = false;
  let ev = evaluate(D, lam, wt, n, d, w, kappa);
  while (it < maxIt) {
    it++;
    if (ev.psi.isNeg()) lo = kappa;
    else if (ev.psi.isPos()) hi = kappa;
    else {
      converged = true;
      break;
    }
    let next = kappa.minus(ev.psi.div(ev.dpsi));
    if (!(next.gt(lo) && next.lt(hi))) next = lo.times(hi).sqrt();
    const step = next.minus(kappa).abs();
    kappa = next;
    ev = evaluate(D, lam, wt, n, d, w, kappa);
    if (step.lte(tol.times(kappa)) || hi.minus(lo).lte(tol.times(hi))) {
      converged = true;
      break;
    }
  }
  // 1 − γ = (n w/κ + κ s'(κ)·κ... ) / n: use ψ_u = κ ψ'(κ) as in the double kernel.
  const psiU = ev.dpsi.times(kappa);
  return {
    kappa: kappa.toNumber(),
    kappaDecimal: kappa.toSignificantDigits(digits).toString(),
    gamma: ev.df2.div(n).toNumber(),
    dkappaDridge: n.div(psiU).toNumber(),
    iterations: it,
    residual: ev.psi.abs().div(n.minus(d).abs().plus(ev.s).plus(n.times(w).div(kappa))).toNumber(),
    converged,
  };
}

function ridgeDecimal(D: typeof Decimal, ridge: number | string): Decimal {
  if (typeof ridge === 'number') return exactDecimal(D, requireNonNegative('ridge', ridge));
  let w: Decimal;
  try {
    w = new D(ridge);
  } catch {
    throw new InvalidArgumentError('ridge', ridge, 'must be a number or a decimal string');
  }
  if (!w.isFinite() || w.isNeg()) throw new InvalidArgumentError('ridge', ridge, 'must be a finite number >= 0');
  return w;
}

function evaluate(D: typeof Decimal, lam: Decimal[], wt: Decimal[], n: Decimal, d: Decimal, w: Decimal, kappa: Decimal) {
  let s = new D(0);
  let sp = new D(0);
  let df2 = new D(0);
  for (let i = 0; i < lam.length; i++) {
    const t = new D(1).div(lam[i].plus(kappa));
    const a = lam[i].times(t);
    s = s.plus(wt[i].times(kappa).times(t));
    sp = sp.plus(wt[i].times(a).times(t));
    df2 = df2.plus(wt[i].times(a).times(a));
  }
  const nwk = n.times(w).div(kappa);
  const psi = n.minus(d).plus(s).minus(nwk);
  const dpsi = sp.plus(nwk.div(kappa));
  return { psi, dpsi, s, df2 };
}
