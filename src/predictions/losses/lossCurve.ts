import { InvalidArgumentError } from '../../errors.js';
import { requireSpectrum, type Spectrum } from '../../spectra/spectrum.js';
import { compressionFor, readCompressMode, type CompressionInfo, type CompressMode } from '../../selfconsistency/compression/curveCompression.js';
import { kappaCurveUnchecked } from '../../selfconsistency/kappa/kappaCurveUnchecked.js';
import { modelEnsemble, type MeanMode, type ModelEnsemble } from '../model/ensemble.js';
import { LossPointSums, LOSS_SUMS } from '../lossSums/kappaLossSums.js';
import { applyLossCorrections, requireFiniteSize, worstFiniteSizeInfo, type FiniteSizeInfo, type FiniteSizeOrder } from '../finiteSize/finiteSize.js';
import { lossCorrections } from '../finiteSize/finiteSizeCorrection.js';
import { klDivergence } from '../kl/klDivergence.js';
import { certifyLossCompression, type LossRun } from '../lossSums/lossCompressionCheck.js';
import { lossMeasuresFromSums, type LossMeasures } from '../lossSums/lossMeasures.js';
import { noiseLevel, type NoiseLevel } from '../model/noiseLevel.js';
import type { NoiseSchedule } from '../model/noiseSchedule.js';
import { lossSpreadAt } from '../spread/lossSpread.js';
import { scheduleSpread } from '../spread/scheduleSpread.js';
import { lossRun, scheduleJob, scheduleLevels, scheduleOn, type ScheduleJob } from './scheduleJob.js';
import { MEASURES, type LossMeasureName, type Reduce } from './scheduleLosses.js';

/** Options of {@link lossCurve}: the model, the grid of N and one noise level or a schedule. */
export interface LossCurveOptions {
  /** Population covariance spectrum Σ: eigenvalues with multiplicities (see {@link createSpectrum}). */
  spectrum: Spectrum;
  /** Training-set sizes, one row each. */
  Ns: ArrayLike<number>;
  /** A single noise level ᾱ … */
  abar?: number;
  /** … or a whole schedule, reduced by `reduce`. */
  schedule?: NoiseSchedule;
  /** How a schedule's steps combine: 'sum' (default) or 'mean'. */
  reduce?: Reduce;
  /** Merger & Goldt’s regularisation c (c_t = c·ᾱ_t, i.e. Σ̂ → Σ̂ + cI); default 0. */
  c?: number;
  /** How the model estimates the data mean: 'estimated' (default) or 'known' (docs/theory.md §1). */
  mean?: MeanMode;
  /** With eps, rows also carry the KL divergence at sampling covariance Σ̂ + εI. */
  eps?: number;
  /** Divide every measure by d (per-dimension values instead of totals over the d dimensions). */
  perDimension?: boolean;
  /** 'first-order' (default) or 'none' finite-size correction of every row (docs/theory.md §6). */
  finiteSize?: FiniteSizeOrder;
  /**
   * Compute on a certified Gauss-rule compression of the spectrum (docs/compression.md), built once
   * for all N: 'auto' (default) when that is estimated to be ≥ 4× cheaper, true whenever it has
   * fewer atoms, false never. The KL column (eps) always uses the exact spectrum.
   */
  compress?: CompressMode;
  /**
   * Give each row the standard deviations of its measures over training sets (`row.sd`, real
   * Gaussian data, leading order of the CLT; docs/theory.md §6.10). Default: true with `abar`
   * (a few passes over the spectrum per N), false with a schedule, where the levels' covariances
   * make it one 240 × 240 covariance matrix per N (docs/theory.md §6.10). Computed on the same
   * (compressed, if so) spectrum as the values.
   */
  sd?: boolean;
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
  /** With `sd`: standard deviations over training sets (referenceLoss 0; kl with eps). */
  sd?: Record<LossMeasureName, number> & { kl?: number };
};

export interface LossCurve {
  rows: LossCurveRow[];
  converged: boolean;
  maxResidual: number;
  /** Over all rows: the largest relativeSize; applied / reliable if they are for every row. */
  finiteSize: FiniteSizeInfo;
  /** The compression the loss columns were computed on, or null for the exact spectrum. */
  compression: CompressionInfo | null;
}

/** A level's spread in the curve's units (referenceLoss 0). */
function scaled(s: LossMeasures, scale: number): Record<LossMeasureName, number> {
  return { trainLoss: s.trainLoss * scale, testLoss: s.testLoss * scale, gap: s.gap * scale, referenceLoss: 0, alignment: s.alignment * scale };
}

/**
 * Theory curve over N: every loss measure (and the KL with eps) per training-set size. The
 * spectrum is validated (and compressed, if at all) once for the whole curve.
 *
 * @example
 * ```ts
 * const { rows } = lossCurve({ spectrum, Ns: [16, 64, 256, 1024], schedule: linearSchedule(), reduce: 'sum' });
 * rows.map((r) => [r.N, r.testLoss]);
 * ```
 */
export function lossCurve(options: LossCurveOptions): LossCurve {
  const spectrum = requireSpectrum(options.spectrum);
  const Ns = Array.from(options.Ns);
  if (Ns.length === 0) throw new InvalidArgumentError('Ns', [], 'needs at least one N');
  if ((options.abar === undefined) === (options.schedule === undefined)) {
    throw new InvalidArgumentError('abar', options.abar, 'give exactly one of abar and schedule');
  }
  const mode = readCompressMode(options.compress);
  const mean = options.mean ?? 'estimated';
  const finiteSize = requireFiniteSize(options.finiteSize);
  const scale = options.perDimension ? 1 / spectrum.d : 1;
  const wantSd = options.sd ?? options.abar !== undefined;
  let rows: LossCurveRow[];
  let converged = true;
  let maxResidual = 0;
  let compression: CompressionInfo | null = null;
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
    const run = (measure: Spectrum) => levelCurveOn(measure, ens, level);
    const compressed = compressionFor(spectrum, mode, Ns.length);
    let result = compressed === null ? null : run(compressed.spectrum);
    if (compressed !== null && result !== null) {
      const check = certifyLossCompression(compressed, [result.run]);
      if (check.passed) compression = { atoms: compressed.atoms, certifiedError: check.maxRelativeError };
      else result = null;
    }
    const measure = result !== null ? compressed!.spectrum : spectrum;
    result ??= run(spectrum);
    converged = result.converged;
    maxResidual = result.maxResidual;
    rows = ens.map((e, i) => {
      const leading = lossMeasuresFromSums(result!.sums, i * LOSS_SUMS, e, level, result!.run.kappa[i], result!.dkappaDridge[i]);
      // The first-order correction sums run on the same (certified) measure as the leading sums.
      const corr = lossCorrections(measure, e, level, result!.run.kappa[i]);
      const { values: m, info } = applyLossCorrections(finiteSize, leading, corr.measures, corr.edge, spectrum.d);
      const row = { N: Ns[i], finiteSize: info, asymptotic: {} } as LossCurveRow;
      for (const name of MEASURES) {
        row[name] = m[name] * scale;
        row.asymptotic[name] = leading[name] * scale;
      }
      if (wantSd) row.sd = scaled(lossSpreadAt(measure, e, level, result!.run.kappa[i]), scale);
      return row;
    });
  } else {
    const shared = scheduleLevels(options.schedule!, options.c, undefined);
    const jobs: ScheduleJob[] = Ns.map((N) => scheduleJob(spectrum.d, { N, schedule: options.schedule!, c: options.c, mean, reduce: options.reduce, perDimension: options.perDimension, finiteSize }, shared));
    const compressed = compressionFor(spectrum, mode, jobs.length * options.schedule!.T);
    let results = compressed === null ? null : jobs.map((job) => scheduleOn(compressed.spectrum, job));
    if (compressed !== null && results !== null) {
      const check = certifyLossCompression(compressed, results.map((r, i) => lossRun(r, jobs[i])));
      if (check.passed) compression = { atoms: compressed.atoms, certifiedError: check.maxRelativeError };
      else results = null;
    }
    results ??= jobs.map((job) => scheduleOn(spectrum, job));
    const measure = compression !== null ? compressed!.spectrum : spectrum;
    rows = results.map((s, i) => {
      converged &&= s.converged;
      maxResidual = Math.max(maxResidual, s.maxResidual);
      const row: LossCurveRow = { N: Ns[i], ...s.total, finiteSize: s.finiteSize, asymptotic: { ...s.asymptotic.total } };
      if (wantSd) {
        const job = jobs[i];
        row.sd = { ...scheduleSpread({ spectrum: measure, ens: job.ens, zeta: job.zeta, c: options.c ?? 0, weights: undefined, mean: job.reduce === 'mean', scale: job.scale }) };
      }
      return row;
    });
  }
  if (options.eps !== undefined) {
    for (const row of rows) {
      const k = klDivergence({ spectrum, N: row.N, eps: options.eps, mean, finiteSize });
      row.kl = k.kl * scale;
      row.klAsymptote = k.asymptote * scale;
      row.asymptotic.kl = k.asymptotic.kl * scale;
      row.klFiniteSize = k.finiteSize;
      if (row.sd) row.sd.kl = k.sd * scale;
      row.finiteSize = worstFiniteSizeInfo(finiteSize, [row.finiteSize, k.finiteSize]);
      converged &&= k.kappa.converged;
      maxResidual = Math.max(maxResidual, k.kappa.residual);
    }
  }
  return { rows, converged, maxResidual, compression, finiteSize: worstFiniteSizeInfo(finiteSize, rows.map((r) => r.finiteSize)) };
}

/** One noise level, many N: κ warm-started along N with the loss sums fused (no validation). */
function levelCurveOn(measure: Spectrum, ens: ModelEnsemble[], level: NoiseLevel) {
  const L = ens.length;
  const z = new Float64Array(L).fill(level.z);
  const zeta = new Float64Array(L).fill(level.zeta);
  const sums = new Float64Array(L * LOSS_SUMS);
  const curve = kappaCurveUnchecked(measure, (i) => ens[i].n, (i) => ens[i].r * level.z, L, 1e-14, 200, new LossPointSums(z, zeta), sums);
  const run: LossRun = { kappa: curve.kappa, z, zeta };
  return { run, sums, dkappaDridge: curve.dkappaDridge, converged: curve.converged, maxResidual: curve.maxResidual };
}
