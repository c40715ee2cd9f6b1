import { requireSpectrum } from '../../spectra/spectrum.js';
import { solveKappa } from '../../selfconsistency/kappa/solveKappa.js';
import type { KappaResult } from '../../selfconsistency/kappa/kappaResult.js';
import { modelEnsemble } from '../model/ensemble.js';
import { applyLossCorrections, requireFiniteSize, type FiniteSizeInfo, type FiniteSizeOrder } from '../finiteSize/finiteSize.js';
import { lossCorrections } from '../finiteSize/finiteSizeCorrection.js';
import { lossMeasures, type LossMeasures } from '../lossSums/lossMeasures.js';
import { noiseLevel } from '../model/noiseLevel.js';
import { lossSpreadAt, type LossSpreadOptions } from '../spread/lossSpread.js';

/** Options of {@link predictLosses}: the model at one noise level (shared with lossSpread) and the finite-size order. */
export interface PredictLossesOptions extends LossSpreadOptions {
  /** 'first-order' (default) or 'none' finite-size correction (docs/theory.md §6). */
  finiteSize?: FiniteSizeOrder;
}

export interface LossPrediction extends LossMeasures {
  /** ζ and z of this noise level. */
  zeta: number;
  z: number;
  /** The κ solve the measures come from (Ŝ-ridge r·z, n = N − 1 or N). */
  kappa: KappaResult;
  /** Which finite-size order the measures above are at, and how large the correction is. */
  finiteSize: FiniteSizeInfo;
  /** The d → ∞ deterministic equivalents (equal to the measures above unless finiteSize.applied). */
  asymptotic: LossMeasures;
  /**
   * Standard deviations of the measures over training sets (real Gaussian data, d → ∞ order of
   * the CLT; docs/theory.md §6.10), in the measures' units (per dimension with perDimension).
   * referenceLoss is a population quantity: 0. The CLT holds where finiteSize.reliable does; at
   * the hard edge a variance may be +∞.
   */
  sd: LossMeasures;
}

/**
 * Predicted train loss, test loss, gap, reference loss and alignment of the linear denoiser
 * at one noise level (docs/theory.md §4 averaged with §3), as totals over d (or per dimension);
 * with `finiteSize: 'first-order'` corrected for finite d (docs/theory.md §6.4).
 *
 * @example
 * ```ts
 * const r = predictLosses({ spectrum: powerLawSpectrum({ d: 256, k: 1 }), N: 128, abar: 0.5 });
 * r.testLoss;               // first-order finite-size theory (the default)
 * r.asymptotic.testLoss;    // the d → ∞ deterministic equivalent
 * ```
 */
export function predictLosses(options: PredictLossesOptions): LossPrediction {
  const spectrum = requireSpectrum(options.spectrum);
  const ens = modelEnsemble(options.N, options.mean ?? 'estimated');
  const level = noiseLevel(options.abar, { c: options.c, ct: options.ct });
  const k = solveKappa({ spectrum, n: ens.n, ridge: ens.r * level.z });
  const order = requireFiniteSize(options.finiteSize);
  const leading = lossMeasures(spectrum, ens, level, k.kappa, k.dkappaDridge);
  const corr = lossCorrections(spectrum, ens, level, k.kappa);
  const { values: m, info } = applyLossCorrections(order, leading, corr.measures, corr.edge, spectrum.d);
  const scale = options.perDimension ? 1 / spectrum.d : 1;
  const spread = lossSpreadAt(spectrum, ens, level, k.kappa);
  return {
    trainLoss: m.trainLoss * scale,
    testLoss: m.testLoss * scale,
    gap: m.gap * scale,
    referenceLoss: m.referenceLoss * scale,
    alignment: m.alignment * scale,
    zeta: level.zeta,
    z: level.z,
    kappa: k,
    finiteSize: info,
    asymptotic: {
      trainLoss: leading.trainLoss * scale,
      testLoss: leading.testLoss * scale,
      gap: leading.gap * scale,
      referenceLoss: leading.referenceLoss * scale,
      alignment: leading.alignment * scale,
    },
    sd: {
      trainLoss: spread.trainLoss * scale,
      testLoss: spread.testLoss * scale,
      gap: spread.gap * scale,
      referenceLoss: 0,
      alignment: spread.alignment * scale,
    },
  };
}

/**
 * Predicted training loss (see {@link predictLosses}).
 *
 * @example
 * ```ts
 * trainLoss({ spectrum: powerLawSpectrum({ d: 256, k: 1 }), N: 128, abar: 0.5 });   // ≈ 56.8
 * ```
 */
export const trainLoss = (o: PredictLossesOptions): number => predictLosses(o).trainLoss;
/**
 * Predicted test loss (see {@link predictLosses}).
 *
 * @example
 * ```ts
 * testLoss({ spectrum: powerLawSpectrum({ d: 256, k: 1 }), N: 128, abar: 0.5 });   // ≈ 112.6
 * ```
 */
export const testLoss = (o: PredictLossesOptions): number => predictLosses(o).testLoss;
/**
 * Predicted generalisation gap, test − train (see {@link predictLosses}).
 *
 * @example
 * ```ts
 * generalizationGap({ spectrum: powerLawSpectrum({ d: 256, k: 1 }), N: 128, abar: 0.5 });   // ≈ 55.8
 * ```
 */
export const generalizationGap = (o: PredictLossesOptions): number => predictLosses(o).gap;
/**
 * Predicted alignment with the infinite-data model (see {@link predictLosses}).
 *
 * @example
 * ```ts
 * alignment({ spectrum: powerLawSpectrum({ d: 256, k: 1 }), N: 128, abar: 0.5 });   // ≈ 30.9
 * ```
 */
export const alignment = (o: PredictLossesOptions): number => predictLosses(o).alignment;
