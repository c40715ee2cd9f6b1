/**
 * `verify`: the package's predictions against Monte Carlo of the real model, as a verdict per N
 * and measure. For each N both orders of the theory (first-order finite-size and d → ∞,
 * docs/theory.md §6), the Monte Carlo mean ± stderr of the same model, the z-scores, and a
 * pass/fail against 4·stderr + the finite-size allowance of allowance.ts (the rule whose coverage
 * docs/accuracy.md measures). The Monte Carlo of N uses the seed deriveSeed(seed, N), as
 * `curve --mc` does, so the two commands draw the same training sets.
 */
import { InvalidArgumentError } from '../errors.js';
import { monteCarloParallel } from '../montecarlo/monteCarloParallel.js';
import type { MeanMode } from '../predictions/model/ensemble.js';
import { requireFiniteSize, type FiniteSizeInfo, type FiniteSizeOrder } from '../predictions/finiteSize/finiteSize.js';
import { lossCurve, type LossCurveRow } from '../predictions/losses/lossCurve.js';
import type { NoiseSchedule } from '../predictions/model/noiseSchedule.js';
import type { Reduce } from '../predictions/losses/scheduleLosses.js';
import { requireSpectrum, type Spectrum } from '../spectra/spectrum.js';
import { checkMonteCarloSizes, requireWorkers } from '../montecarlo/monteCarloLimits.js';
import type { MeanStderr } from '../statistics/summaryStatistics.js';
import { requireInteger } from '../validate.js';
import { deriveSeed } from '../random/deriveSeed.js';
import { agreement } from './agreement.js';
import { finiteSizeAllowance } from './allowance.js';

export const VERIFY_MEASURES = ['trainLoss', 'testLoss', 'gap', 'alignment', 'kl'] as const;
export type VerifyMeasure = (typeof VERIFY_MEASURES)[number];

/** Options of {@link verifyModel}: the model, the grid of N and the Monte Carlo. */
export interface VerifyOptions {
  /** Population covariance spectrum Σ: eigenvalues with multiplicities (see {@link createSpectrum}). */
  spectrum: Spectrum;
  /** Training-set sizes N of the grid. */
  Ns: number[];
  /** One noise level … */
  abar?: number;
  /** … or a schedule reduced over its steps. */
  schedule?: NoiseSchedule;
  /** How a schedule's steps combine: 'sum' (default) or 'mean'. */
  reduce?: Reduce;
  /** Regularisation c of Merger & Goldt (c_t = c·ᾱ_t, i.e. Σ̂ → Σ̂ + cI); default 0. */
  c?: number;
  /** ε of the KL's sampling covariance (default 1e-2). */
  eps?: number;
  /** How the model estimates the data mean: 'estimated' (default) or 'known' (docs/theory.md §1). */
  mean?: MeanMode;
  /** Number of independent training sets drawn (the Monte Carlo sample size). */
  draws: number;
  /** Seed of the random stream: the same seed gives bit-identical results. */
  seed: number;
  /** The order the verdict is for (default 'first-order'); both are always reported. */
  finiteSize?: FiniteSizeOrder;
  /** Measures to verify (default all of {@link VERIFY_MEASURES}). */
  measures?: readonly VerifyMeasure[];
  /** Standard errors allowed for sampling noise (default 4). */
  sigmas?: number;
  /** Worker threads for the Monte Carlo (Node; default 1). */
  workers?: number;
  /** Called after each draw with (done, total), for progress bars. */
  onDraw?: (done: number, total: number) => void;
}

export interface VerifyRow {
  N: number;
  measure: VerifyMeasure;
  /** The theory at the verdict's order, and the other order. */
  theory: number;
  theoryFirstOrder: number;
  theoryInfiniteD: number;
  mc: MeanStderr;
  /** (mc − theory)/stderr for each order. */
  zFirstOrder: number;
  zInfiniteD: number;
  /** Relative finite-size allowance the verdict used (a multiple of |theory|). */
  allowance: number;
  pass: boolean;
  /** The first-order result's own reliability flag (docs/theory.md §6.6). */
  reliable: boolean;
}

export interface VerifyResult {
  rows: VerifyRow[];
  passed: number;
  failed: number;
  order: FiniteSizeOrder;
  draws: number;
  seed: number;
}

/**
 * @example
 * ```ts
 * const v = await verifyModel({ spectrum, Ns: [16, 64], abar: 0.5, draws: 200, seed: 1 });
 * v.rows.map((r) => [r.N, r.measure, r.zFirstOrder, r.pass]);
 * ```
 */
export async function verifyModel(options: VerifyOptions): Promise<VerifyResult> {
  const order = requireFiniteSize(options.finiteSize);
  const draws = requireInteger('draws', options.draws, 2);
  const seed = requireInteger('seed', options.seed, 0);
  const measures = options.measures ?? VERIFY_MEASURES;
  for (const m of measures) if (!VERIFY_MEASURES.includes(m)) throw new InvalidArgumentError('measures', m, `must be among ${VERIFY_MEASURES.join(', ')}`);
  if (!Array.isArray(options.Ns) || options.Ns.length === 0) throw new InvalidArgumentError('Ns', options.Ns, 'must be a non-empty array of training-set sizes');
  const hasLosses = measures.some((m) => m !== 'kl');
  if (hasLosses && options.abar === undefined && options.schedule === undefined) throw new InvalidArgumentError('abar', undefined, 'give abar or a schedule for the loss measures');
  const eps = options.eps ?? 1e-2;
  // Every Monte Carlo limit before any theory runs (the per-N runs check them again, one N at a time).
  const spectrum = requireSpectrum(options.spectrum);
  const workers = requireWorkers(options.workers ?? 1);
  checkMonteCarloSizes({ spectrum, Ns: options.Ns, draws, levels: Math.max(1, options.schedule?.T ?? 1) });
  const levels = options.abar !== undefined ? { abar: options.abar } : options.schedule ? { schedule: options.schedule, reduce: options.reduce } : { abar: 0.5 };
  const common = { spectrum, Ns: options.Ns, ...levels, c: options.c, mean: options.mean, eps };
  const first = lossCurve({ ...common, finiteSize: 'first-order' }).rows;
  const infinite = lossCurve({ ...common, finiteSize: 'none' }).rows;
  const rows: VerifyRow[] = [];
  const total = options.Ns.length * draws;
  for (const [i, N] of options.Ns.entries()) {
    const mc = await monteCarloParallel({
      spectrum,
      N,
      ...(hasLosses ? levels : {}),
      c: options.c,
      eps,
      mean: options.mean,
      draws,
      seed: deriveSeed(seed, N),
      workers,
      onDraw: options.onDraw ? (done: number) => options.onDraw!(i * draws + done, total) : undefined,
    });
    for (const m of measures) {
      const est = (mc as unknown as Record<string, MeanStderr | undefined>)[m];
      if (!est) continue;
      rows.push(verdictRow(N, m, first[i], infinite[i], est, order, options.sigmas ?? 4));
    }
  }
  const passed = rows.filter((r) => r.pass).length;
  return { rows, passed, failed: rows.length - passed, order, draws, seed };
}

function verdictRow(N: number, m: VerifyMeasure, fo: LossCurveRow, inf: LossCurveRow, mc: MeanStderr, order: FiniteSizeOrder, sigmas: number): VerifyRow {
  const value = (row: LossCurveRow) => (m === 'kl' ? row.kl! : row[m]);
  const info: FiniteSizeInfo = m === 'kl' ? fo.klFiniteSize! : fo.finiteSize;
  const theoryFirstOrder = value(fo);
  const theoryInfiniteD = value(inf);
  // δ is known from the two orders whenever the correction was applied; at breakdown the rule
  // falls back to the result's relativeSize (allowance.ts).
  const correction = info.applied ? theoryFirstOrder - theoryInfiniteD : undefined;
  const theory = order === 'first-order' ? theoryFirstOrder : theoryInfiniteD;
  const orderInfo: FiniteSizeInfo = order === 'first-order' ? info : { ...info, order: 'none', applied: false };
  const allowance = finiteSizeAllowance({ finiteSize: orderInfo, value: theory, asymptotic: theoryInfiniteD, correction });
  const a = agreement({ theory, mc, sigmas, relative: Number.isFinite(allowance) ? allowance : Number.MAX_VALUE });
  const z = (t: number) => agreement({ theory: t, mc }).z;
  return { N, measure: m, theory, theoryFirstOrder, theoryInfiniteD, mc, zFirstOrder: z(theoryFirstOrder), zInfiniteD: z(theoryInfiniteD), allowance, pass: a.pass, reliable: info.reliable };
}
