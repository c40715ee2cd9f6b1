/**
 * The companion Stieltjes transform m̲(z) = 1/κ(−z) in the complex plane (docs/theory.md §3): the
 * analytic continuation of the real-ridge κ of §2, with Im m̲ > 0 for z ∈ C⁺, and its limit on
 * the real axis (inside the support, in the gaps, at edges, at 0).
 *
 * The kernels are in companionKernels.ts, the off-axis solves in offAxisSolve.ts, the real-axis
 * ones in axisSolve.ts and clusterTracking.ts.
 */
import { InvalidArgumentError } from '../../errors.js';
import { type Spectrum } from '../../spectra/spectrum.js';
import { requireFinite, requireInteger, requirePositive } from '../../validate.js';
import { type Complex } from './complex.js';
import { solveKappa } from '../kappa/solveKappa.js';
import { computeSupport, resolveEnsemble, type EnsembleOptions } from './spectralSupport.js';
import { type CompanionContext, companionContext, companionPsi } from './companionKernels.js';
import { type PointSolve, solveUpper, type StieltjesReason } from './offAxisSolve.js';
import { solveAxis } from './axisSolve.js';

export type { StieltjesReason };

export interface StieltjesOptions extends EnsembleOptions {
  /** z with Im z ≥ 0 (Im z = 0: the limit from C⁺). Units of the ensemble's matrix (Σ̂ for 'model'). */
  z: Complex;
  /** Start for m̲ (Im > 0); any start is safe (the result is certified), a good one saves passes. */
  guess?: Complex;
  /** Newton step tolerance relative to Im m̲/|m̲| (default 1e-10; the error after the last step is its square). */
  tolerance?: number;
  /** Passes over the spectrum per Newton run (default 100). */
  maxIterations?: number;
}

export interface StieltjesResult {
  /** Companion transform m̲(z) (model ensemble: r·m̲_Ŝ(r z)); Im ≥ 0. */
  mUnderline: Complex;
  /** (1/d) tr(Ŝ − z)^{-1} (model: (1/d) tr(Σ̂ − z)^{-1}). */
  m: Complex;
  /** tr Σ(Ŝ − z)^{-1} (model: tr Σ(Σ̂ − z)^{-1}), total over dimensions. */
  traceSigmaResolvent: Complex;
  /** κ(w), w = −z (model: κ of Ŝ at w = −r z, the renormalised ridge in Σ units); Im κ ≤ 0. */
  kappa: Complex;
  /** Passes over the spectrum. */
  iterations: number;
  /** Relative residual of ψ(m̲) = 0 (0 for closed forms). */
  residual: number;
  converged: boolean;
  reason: StieltjesReason;
}

/**
 * The companion Stieltjes transform and the resolvent traces of docs/theory.md §3 at one z with
 * Im z ≥ 0. Never returns NaN on valid input; at z = 0 the divergent components are ±Infinity.
 *
 * @example
 * ```ts
 * stieltjes({ spectrum: powerLawSpectrum({ d: 256, k: 1 }), n: 128, z: { re: -0.5, im: 0 } }).kappa.re;   // ≈ 1.185 (= solveKappa at ridge 0.5)
 * ```
 */
export function stieltjes(options: StieltjesOptions): StieltjesResult {
  const ens = resolveEnsemble(options);
  const z = options.z;
  if (z === null || typeof z !== 'object') throw new InvalidArgumentError('z', z, 'must be {re, im}');
  const zr0 = requireFinite('z.re', z.re);
  const zi0 = requireFinite('z.im', z.im);
  if (zi0 < 0) throw new InvalidArgumentError('z.im', zi0, 'must be >= 0 (use conjugation for the lower half-plane)');
  const tol = options.tolerance === undefined ? 1e-10 : requirePositive('tolerance', options.tolerance);
  const maxIt = requireInteger('maxIterations', options.maxIterations ?? 100, 2);
  let guess: Complex | undefined;
  if (options.guess !== undefined) {
    const g = options.guess;
    if (g === null || typeof g !== 'object') throw new InvalidArgumentError('guess', g, 'must be {re, im}');
    const gr = requireFinite('guess.re', g.re);
    const gi = requireFinite('guess.im', g.im);
    if (!(gi > 0)) throw new InvalidArgumentError('guess.im', gi, 'must be > 0');
    guess = { re: gr / ens.r, im: gi / ens.r }; // model ensemble: the user's m̲ is r·m̲_Ŝ
  }
  const { spectrum, n, r } = ens;
  const zr = zr0 * r;
  const zi = zi0 * r;
  const ctx = companionContext(spectrum, n);
  const d = ctx.d;
  if (zr === 0 && zi === 0) return scaleResult(origin(ctx, spectrum), r);
  let sol: PointSolve;
  if (zi > 0) sol = solveUpper(ctx, zr, zi, guess, tol, maxIt);
  else sol = solveAxis(ctx, computeSupport(spectrum, n), spectrum, zr, guess, tol);
  // Assemble the traces from one more pass at the solution (A and B summed directly).
  const s = ctx.psi;
  companionPsi(ctx.ev, ctx.wt, ctx.M, n, d, zr, zi, sol.mr, sol.mi, s);
  const mr = sol.mr;
  const mi = sol.mi;
  const zAbs = Math.hypot(zr, zi);
  const mAbs = Math.hypot(mr, mi);
  // d·m = −B/z, or n m̲ + (n − d)/z: take the form with the smaller magnitude of terms.
  let dm: Complex;
  if (s[9] / zAbs <= n * mAbs + Math.abs(n - d) / zAbs) {
    dm = cdivPair(-s[5], -s[6], zr, zi);
  } else {
    const t = cdivPair(n - d, 0, zr, zi);
    dm = { re: n * mr + t.re, im: n * mi + t.im };
  }
  // tr Σ(Ŝ − z)^{-1} = −A/(z m̲) or −n(1 + z m̲)/(z m̲).
  const zmr = zr * mr - zi * mi;
  const zmi = zr * mi + zi * mr;
  let ts: Complex;
  if (s[10] <= n * (1 + Math.hypot(zmr, zmi))) ts = cdivPair(-s[7], -s[8], zmr, zmi);
  else ts = cdivPair(-n * (1 + zmr), -n * zmi, zmr, zmi);
  const kden = mr * mr + mi * mi;
  const result: StieltjesResult = {
    mUnderline: { re: mr, im: mi },
    m: { re: dm.re / d, im: zi === 0 && sol.mi === 0 ? 0 : dm.im / d },
    traceSigmaResolvent: { re: ts.re, im: zi === 0 && sol.mi === 0 ? 0 : ts.im },
    kappa: { re: mr / kden, im: mi === 0 ? 0 : -mi / kden },
    iterations: sol.passes,
    residual: sol.residual,
    converged: sol.converged,
    reason: sol.method,
  };
  return scaleResult(result, r);
}

function cdivPair(ar: number, ai: number, br: number, bi: number): Complex {
  if (Math.abs(br) >= Math.abs(bi)) {
    const t = bi / br;
    const den = br + bi * t;
    return { re: (ar + ai * t) / den, im: (ai - ar * t) / den };
  }
  const t = br / bi;
  const den = br * t + bi;
  return { re: (ar * t + ai) / den, im: (ai * t - ar) / den };
}

/** Model ensemble: m̲, m and tr Σ(·)^{-1} scale by r; κ does not. */
function scaleResult(res: StieltjesResult, r: number): StieltjesResult {
  if (r === 1) return res;
  const sc = (c: Complex): Complex => ({ re: c.re * r, im: c.im * r });
  return { ...res, mUnderline: sc(res.mUnderline), m: sc(res.m), traceSigmaResolvent: sc(res.traceSigmaResolvent) };
}

/**
 * z = 0 (the limit from C⁺): closed forms. n < d: m̲ = 1/κ0, the atom gives Im m = +∞ and
 * Im tr Σ(Ŝ−z)^{-1} = +∞, Re tr Σ(Ŝ−z)^{-1} → n(dκ/dw(0) − 1). n > d: κ = 0, m = tr Σ⁻¹ n/(d(n − d)),
 * tr Σ Ŝ^{-1} ≍ n d/(n − d), m̲ = tr Σ⁻¹/(n − d) + i∞ (the companion's atom). n = d: everything
 * diverges like z^{-1/2} in the direction e^{iπ/4}.
 */
function origin(ctx: CompanionContext, spectrum: Spectrum): StieltjesResult {
  const { n, d } = ctx;
  const base = { iterations: 0, residual: 0, converged: true, reason: 'origin' as StieltjesReason };
  if (n < d) {
    const k = solveKappa({ spectrum, n, ridge: 0 });
    ctx.passes += k.iterations;
    return {
      ...base,
      iterations: k.iterations,
      residual: k.residual,
      mUnderline: { re: 1 / k.kappa, im: 0 },
      m: { re: n / (d * k.kappa), im: Infinity },
      traceSigmaResolvent: { re: n * (k.dkappaDridge - 1), im: Infinity },
      kappa: { re: k.kappa, im: 0 },
    };
  }
  if (n > d) {
    return {
      ...base,
      mUnderline: { re: ctx.traceInverse / (n - d), im: Infinity },
      m: { re: (ctx.traceInverse * n) / (d * (n - d)), im: 0 },
      traceSigmaResolvent: { re: (n * d) / (n - d), im: 0 },
      kappa: { re: 0, im: 0 },
    };
  }
  return {
    ...base,
    mUnderline: { re: Infinity, im: Infinity },
    m: { re: Infinity, im: Infinity },
    traceSigmaResolvent: { re: Infinity, im: Infinity },
    kappa: { re: 0, im: 0 },
  };
}
