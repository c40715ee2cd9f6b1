import { InvalidArgumentError } from '../../errors.js';
import { requireSpectrum, type Spectrum } from '../../spectra/spectrum.js';
import { modelEnsemble, type MeanMode } from '../model/ensemble.js';
import { noiseLevel } from '../model/noiseLevel.js';
import { predictLosses } from '../losses/predictLosses.js';
import { dynamicsPoint } from './trainingDynamics.js';
import { requireFiniteSize, type FiniteSizeOrder } from '../finiteSize/finiteSize.js';
import { trainingFilter } from './trainingFilter.js';
import { compressedFor, pointsAgree } from './dynamicsCurve.js';
import { readCompressMode, type CompressMode, type CompressionInfo } from '../../selfconsistency/compression/curveCompression.js';

/**
 * Minimise a unimodal-looking function of u on [lo, hi] by golden-section search after a coarse
 * scan (the scan picks the best bracket, so a function with a plateau or two dips still lands
 * in the deepest one found). Returns the minimiser and the value there.
 */
function minimiseScalar(f: (u: number) => number, lo: number, hi: number, scan = 16, iterations = 40): { u: number; value: number } {
  const grid = Array.from({ length: scan + 1 }, (_, i) => lo + ((hi - lo) * i) / scan);
  const values = grid.map(f);
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
  let a = grid[Math.max(0, best - 1)];
  let b = grid[Math.min(scan, best + 1)];
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let k = 0; k < iterations; k++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  const u = fc < fd ? c : d;
  const value = Math.min(fc, fd);
  return value <= values[best] ? { u, value } : { u: grid[best], value: values[best] };
}

export interface OptimalStopping {
  /** Gradient-flow time minimising the predicted test loss (the upper end if it keeps falling). */
  tau: number;
  testLoss: number;
  /** Test loss at τ = ∞ (the unregularised optimum), for comparison. */
  testLossAtConvergence: number;
  /** The best regularisation c (that of Merger & Goldt) ≥ 0 (c_t = c·ᾱ_t) and its test loss. */
  bestC: number;
  testLossBestC: number;
  /**
   * The compressed spectrum the τ search ran on (docs/compression.md §6): its atoms and the
   * largest relative difference from the exact spectrum at the checked points (τ* and tauMin);
   * null when the search ran on the exact spectrum. testLoss is the exact value at τ* either way.
   */
  compression: CompressionInfo | null;
}

/**
 * Early stopping vs regularisation at one noise level (docs/theory.md §7): the τ that minimises the
 * predicted test loss of gradient flow (searched in log τ over [tauMin, tauMax]) and the c that
 * minimises the regularised optimum's test loss (log c over [1e-8, 1e4], and c = 0).
 *
 * @example
 * ```ts
 * const best = optimalStopping({ spectrum, N: 64, abar: 0.7 });   // the best τ, compared with the best ridge
 * ```
 */
export function optimalStopping(options: { spectrum: Spectrum; N: number; abar: number; mean?: MeanMode; tauMin?: number; tauMax?: number; tolerance?: number; finiteSize?: FiniteSizeOrder; compress?: CompressMode }): OptimalStopping {
  const spectrum = requireSpectrum(options.spectrum);
  const mean = options.mean ?? 'estimated';
  const ens = modelEnsemble(options.N, mean);
  const level = noiseLevel(options.abar);
  const tauMin = options.tauMin ?? 1e-3;
  const tauMax = options.tauMax ?? 1e6;
  if (!(tauMin > 0 && tauMax > tauMin)) throw new InvalidArgumentError('tauMax', tauMax, `must exceed tauMin = ${tauMin} > 0`);
  const tol = options.tolerance ?? 1e-9;
  const finiteSize = requireFiniteSize(options.finiteSize);
  const point = (measure: Spectrum, logTau: number) => dynamicsPoint(measure, ens.N, mean, ens.meanFactor, level, trainingFilter(level, { tau: Math.exp(logTau) }), tol, finiteSize);
  // The ≈ 60 points of the search on the compressed spectrum when there is one, checked against
  // the exact spectrum at the optimum and at tauMin (dynamicsCurve.ts); else, or if the check
  // fails, on the exact spectrum.
  const measure = compressedFor(spectrum, readCompressMode(options.compress));
  let compression: CompressionInfo | null = null;
  let stop: { u: number; value: number } | null = null;
  const check = (u: number) => {
    const exact = point(spectrum, u);
    return { exact, ...pointsAgree(point(measure!, u), exact, spectrum.d) };
  };
  // tauMin checked first (a spectrum the rule does not serve costs one point, not a search).
  const atMin = measure !== null ? check(Math.log(tauMin)) : null;
  if (atMin?.agree) {
    const found = minimiseScalar((u) => point(measure!, u).testLoss, Math.log(tauMin), Math.log(tauMax));
    const atStop = check(found.u);
    if (atStop.agree) {
      stop = { u: found.u, value: atStop.exact.testLoss };
      compression = { atoms: measure!.eigenvalues.length, certifiedError: Math.max(atMin.difference, atStop.difference) };
    }
  }
  stop ??= minimiseScalar((u) => point(spectrum, u).testLoss, Math.log(tauMin), Math.log(tauMax));
  // At the same finite-size order as the dynamics above (docs/theory.md §6.9).
  const atConvergence = predictLosses({ spectrum, N: ens.N, abar: options.abar, mean, finiteSize }).testLoss;
  const regularised = (logC: number) => predictLosses({ spectrum, N: ens.N, abar: options.abar, c: Math.exp(logC), mean, finiteSize }).testLoss;
  const reg = minimiseScalar(regularised, Math.log(1e-8), Math.log(1e4));
  const bestC = reg.value < atConvergence ? Math.exp(reg.u) : 0;
  return {
    tau: Math.exp(stop.u),
    testLoss: stop.value,
    testLossAtConvergence: atConvergence,
    bestC,
    testLossBestC: Math.min(reg.value, atConvergence),
    compression,
  };
}
