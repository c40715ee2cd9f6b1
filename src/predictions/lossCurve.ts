import { InvalidArgumentError } from '../errors.js';
import { requireSpectrum, type Spectrum } from '../spectra/spectrum.js';
import { solveKappaCurve } from '../selfconsistency/solveKappaCurve.js';
import { modelEnsemble, type MeanMode } from './ensemble.js';
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
}

export type LossCurveRow = { N: number } & Record<LossMeasureName, number> & { kl?: number; klAsymptote?: number };

export interface LossCurve {
  rows: LossCurveRow[];
  converged: boolean;
  maxResidual: number;
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
      const m = lossMeasures(spectrum, e, level, curve.kappa[i], curve.dkappaDridge[i]);
      const row = { N: Ns[i] } as LossCurveRow;
      for (const name of MEASURES) row[name] = m[name] * scale;
      rows.push(row);
    });
  } else {
    for (const N of Ns) {
      const s = scheduleLosses({ spectrum, N, schedule: options.schedule!, c: options.c, mean, reduce: options.reduce, perDimension: options.perDimension });
      converged &&= s.converged;
      maxResidual = Math.max(maxResidual, s.maxResidual);
      rows.push({ N, ...s.total });
    }
  }
  if (options.eps !== undefined) {
    for (const row of rows) {
      const k = klDivergence({ spectrum, N: row.N, eps: options.eps, mean });
      row.kl = k.kl * scale;
      row.klAsymptote = k.asymptote * scale;
      converged &&= k.kappa.converged;
      maxResidual = Math.max(maxResidual, k.kappa.residual);
    }
  }
  return { rows, converged, maxResidual };
}
