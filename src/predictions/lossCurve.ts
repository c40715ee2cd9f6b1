import { InvalidArgumentError } from '../errors.js';
import { requireSpectrum, type Spectrum } from '../spectra/spectrum.js';
import { solveKappaCurve } from '../selfconsistency/solveKappaCurve.js';
import { modelEnsemble, type MeanMode } from './ensemble.js';
import { applyLossCorrections, requireFiniteSize, worstFiniteSizeInfo, type FiniteSizeInfo, type FiniteSizeOrder } from './finiteSize.js';
import { lossCorrections } from './finiteSizeCorrection.js';
import { klDivergence } from './klDivergence.js';
import { lossMeasures } from './lossMeasures.js';
import { noiseLevel } from './noiseLevel.js';
import type { NoiseSchedule } from './noiseSchedule.js';
import { MEASURES, scheduleLosses, type LossMeasureName, type Reduce } from './scheduleLosses.js';

export interface LossCurveOptions {
  spectrum: Spectrum;
  /** Training-set sizes, one row each. */
  Ns: ArrayLike<number>;
  /** A single noise level ᾱ … */
  abar?: number;
  /** … or a whole schedule, reduced by `reduce`. */
  schedule?: NoiseSchedule;
  reduce?: Reduce;
  c?: number;
  mean?: MeanMode;
  /** With eps, rows also carry the KL divergence at sampling covariance Σ̂ + εI. */
  eps?: number;
  perDimension?: boolean;
  /** 'first-order' (default) or 'none' finite-size correction of every row (docs/theory.md §6). */
  finiteSize?: FiniteSizeOrder;
}

export type LossCurveRow = { N: number } & Record<LossMeasureName, number> & {
  kl?: number;
  klAsymptote?: number;
  /** With eps: the finite-size info of the KL alone. */
  klFiniteSize?: FiniteSizeInfo;
  /** This row's finite-size order and correction size (losses and KL together). */
  finiteSize: FiniteSizeInfo;
  /** The row's d → ∞ values (equal to the above unless finiteSize.applied). */
  asymptotic: Record<LossMeasureName, number> & { kl?: number };
};

export interface LossCurve {
  rows: LossCurveRow[];
  converged: boolean;
  maxResidual: number;
  /** Over all rows: the largest relativeSize; applied / reliable if they are for every row. */
  finiteSize: FiniteSizeInfo;
}

/** Theory curve over N: every loss measure (and the KL with eps) per training-set size. */
export function lossCurve(options: LossCurveOptions): LossCurve {
  const spectrum = requireSpectrum(options.spectrum);
  const Ns = Array.from(options.Ns);
  if (Ns.length === 0) throw new InvalidArgumentError('Ns', [], 'needs at least one N');
  if ((options.abar === undefined) === (options.schedule === undefined)) {
    throw new InvalidArgumentError('abar', options.abar, 'give exactly one of abar and schedule');
  }
  const mean = options.mean ?? 'estimated';
  const finiteSize = requireFiniteSize(options.finiteSize);
  const scale = options.perDimension ? 1 / spectrum.d : 1;
  const rows: LossCurveRow[] = [];
  let converged = true;
  let maxResidual = 0;
  if (options.abar !== undefined) {
    const level = noiseLevel(options.abar, { c: options.c ?? 0 });
    const ens = Ns.map((N, i) => {
      try {
        return modelEnsemble(N, mean);
      } catch (e) {
        if (e instanceof InvalidArgumentError) throw new InvalidArgumentError(`N[${i}]`, N, e.message.replace(/^invalid .*?: /, ''));
        throw e;
      }
    });
    const curve = solveKappaCurve({ spectrum, n: ens.map((e) => e.n), ridge: ens.map((e) => e.r * level.z) });
    converged = curve.converged;
    maxResidual = curve.maxResidual;
    ens.forEach((e, i) => {
      const leading = lossMeasures(spectrum, e, level, curve.kappa[i], curve.dkappaDridge[i]);
      const corr = lossCorrections(spectrum, e, level, curve.kappa[i]);
      const { values: m, info } = applyLossCorrections(finiteSize, leading, corr.measures, corr.oneMinusGammaTimesN, spectrum.d);
      const row = { N: Ns[i], finiteSize: info, asymptotic: {} } as LossCurveRow;
      for (const name of MEASURES) {
        row[name] = m[name] * scale;
        row.asymptotic[name] = leading[name] * scale;
      }
      rows.push(row);
    });
  } else {
    for (const N of Ns) {
      const s = scheduleLosses({ spectrum, N, schedule: options.schedule!, c: options.c, mean, reduce: options.reduce, perDimension: options.perDimension, finiteSize });
      converged &&= s.converged;
      maxResidual = Math.max(maxResidual, s.maxResidual);
      rows.push({ N, ...s.total, finiteSize: s.finiteSize, asymptotic: { ...s.asymptotic.total } });
    }
  }
  if (options.eps !== undefined) {
    for (const row of rows) {
      const k = klDivergence({ spectrum, N: row.N, eps: options.eps, mean, finiteSize });
      row.kl = k.kl * scale;
      row.klAsymptote = k.asymptote * scale;
      row.asymptotic.kl = k.asymptotic.kl * scale;
      row.klFiniteSize = k.finiteSize;
      row.finiteSize = worstFiniteSizeInfo(finiteSize, [row.finiteSize, k.finiteSize]);
      converged &&= k.kappa.converged;
      maxResidual = Math.max(maxResidual, k.kappa.residual);
    }
  }
  return { rows, converged, maxResidual, finiteSize: worstFiniteSizeInfo(finiteSize, rows.map((r) => r.finiteSize)) };
}
