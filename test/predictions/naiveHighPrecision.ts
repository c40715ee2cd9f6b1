import { Decimal } from 'decimal.js';
import { solveKappaHighPrecision } from '../../src/selfconsistency/kappa/solveKappaHighPrecision.js';
import type { Spectrum } from '../../src/spectra/spectrum.js';

const D = Decimal.clone({ precision: 80 });

/**
 * Test oracle: THEORY.md §4–5 exactly as written there (the naive forms, with their
 * cancellations), evaluated in 80-digit decimal arithmetic from a 80-digit κ. The package's
 * double-precision rearrangements must agree with it to near machine precision.
 */
export function naivePredictions(spectrum: Spectrum, N: number, abar: number, c: number, eps: number, mean: 'estimated' | 'known') {
  const lam = Array.from(spectrum.eigenvalues, (x) => new D(x));
  const wt = Array.from(spectrum.weights, (x) => new D(x));
  const d = new D(spectrum.d);
  const n = new D(mean === 'estimated' ? N - 1 : N);
  const r = mean === 'estimated' ? new D(N).div(N - 1) : new D(1);
  const m = mean === 'estimated' ? new D(1).div(N) : new D(0);
  const ab = new D(abar);
  const zeta = new D(1).minus(ab).div(ab);
  const z = zeta.plus(c);
  const sum = (f: (l: Decimal, i: number) => Decimal) => lam.reduce((acc, l, i) => acc.plus(wt[i].times(f(l, i))), new D(0));

  const solve = (w: Decimal) => {
    const h = solveKappaHighPrecision({ spectrum, n: n.toNumber(), ridge: w.toString(), digits: 80 });
    const kappa = new D(h.kappaDecimal);
    const df2 = sum((l) => l.div(l.plus(kappa)).pow(2));
    return { kappa, kp: new D(1).div(new D(1).minus(df2.div(n))) };
  };
  // E tr A G_Ŝ(w) ≍ (κ/w) T_A and E tr A G_Ŝ² = −d/dw of it, with dκ/dw = κ'.
  const trAG = (w: Decimal, kappa: Decimal, a: (l: Decimal) => Decimal) => kappa.div(w).times(sum((l) => a(l).div(l.plus(kappa))));
  const trAG2 = (w: Decimal, kappa: Decimal, kp: Decimal, a: (l: Decimal) => Decimal) => {
    const T = sum((l) => a(l).div(l.plus(kappa)));
    const U = sum((l) => a(l).div(l.plus(kappa).pow(2)));
    return kappa.div(w.pow(2)).times(T).minus(kp.div(w).times(T)).plus(kappa.times(kp).div(w).times(U));
  };

  const w = r.times(z);
  const { kappa, kp } = solve(w);
  const one = () => new D(1);
  const trG = r.times(trAG(w, kappa, one));
  const trG2 = r.pow(2).times(trAG2(w, kappa, kp, one));
  const trSG2 = r.pow(2).times(trAG2(w, kappa, kp, (l) => l));
  const train = d.minus(zeta.times(trG)).plus(zeta.times(zeta.minus(z)).times(trG2));
  const test = d.minus(zeta.times(2).times(trG)).plus(zeta.pow(2).times(trG2)).plus(zeta.times(trSG2)).plus(zeta.times(m).times(trSG2));
  const ref = sum((l) => l.plus(z).minus(zeta).pow(2).plus(zeta.times(l)).div(l.plus(z).pow(2)));
  const trG2B = r.pow(2).times(trAG2(w, kappa, kp, (l) => l.plus(zeta)));
  const trGGinfB = r.times(trAG(w, kappa, (l) => l.plus(zeta).div(l.plus(z))));
  const trGinf2B = sum((l) => l.plus(zeta).div(l.plus(z).pow(2)));
  const align = zeta.times(trG2B.minus(trGGinfB.times(2)).plus(trGinf2B).plus(m.times(trSG2)));

  const we = r.times(eps);
  const ke = solve(we).kappa;
  const rho = ke.div(we);
  const trSigma = r.times(n).times(rho.minus(1));
  const logdet = d.times(r.ln()).neg().plus(sum((l) => l.plus(ke).ln())).plus(d.minus(n).times(rho.ln().neg())).plus(n.times(new D(1).div(rho).minus(1)));
  const kl = trSigma.times(m.plus(1)).minus(d).plus(logdet).minus(sum((l) => l.ln())).div(2);
  return {
    trainLoss: train.toNumber(),
    testLoss: test.toNumber(),
    gap: test.minus(train).toNumber(),
    referenceLoss: ref.toNumber(),
    alignment: align.toNumber(),
    kl: kl.toNumber(),
  };
}
