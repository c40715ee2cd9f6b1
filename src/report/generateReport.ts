import { deriveSeed } from '../random/deriveSeed.js';
import { InvalidArgumentError } from '../errors.js';
import type { DatasetPopulation } from '../datasets/datasetPopulation.js';
import { monteCarlo, type MonteCarloResult } from '../montecarlo/monteCarlo.js';
import { checkMonteCarloDimensions, checkMonteCarloSizes } from '../montecarlo/monteCarloLimits.js';
import { monteCarloDynamics } from '../montecarlo/monteCarloDynamics.js';
import { populationMonteCarlo } from '../montecarlo/populationMonteCarlo.js';
import type { MeanMode } from '../predictions/model/ensemble.js';
import { lossCurve } from '../predictions/losses/lossCurve.js';
import type { NoiseSchedule } from '../predictions/model/noiseSchedule.js';
import { optimalStopping } from '../predictions/dynamics/optimalStopping.js';
import type { Reduce } from '../predictions/losses/scheduleLosses.js';
import { dynamicsCurve } from '../predictions/dynamics/dynamicsCurve.js';
import { spectralDensity } from '../selfconsistency/limitingMeasure/spectralDensity.js';
import { requireSpectrum, type Spectrum } from '../spectra/spectrum.js';
import { spectrumSummary } from '../spectra/summary.js';
import type { MeanStderr } from '../statistics/summaryStatistics.js';
import { toCsv } from '../tables/csv.js';
import { formatMeanStderr, formatSignificant } from '../tables/markdown.js';
import { columnNotation, formatNumber } from '../tables/numberFormat.js';
import { infiniteMeanStderr } from '../tables/csv.js';
import { requireInteger } from '../validate.js';
import { VERSION } from '../version.js';
import { accuracyEntry, accuracySummary, type AccuracyEntry, type AccuracySummary } from './accuracy.js';
import { markdownTable } from './markdownTable.js';
import { reportSpectra } from './reducedSpectra.js';
import { densityFigure, dynamicsFigure, measureFigure, type DynamicsCurve } from './reportFigures.js';
import { SeriesStyles } from '../plot/seriesStyle.js';
import type { FigureOptions } from '../plot/svgPlot.js';
import { AXIS_LABEL, MEASURE_ORDER, MEASURE_SYMBOL } from '../plot/notation.js';

/** The measures of a report, in table order. */
export const REPORT_MEASURES = ['trainLoss', 'testLoss', 'referenceLoss', 'gap', 'alignment', 'kl'] as const;
export type ReportMeasure = (typeof REPORT_MEASURES)[number];

export interface ReportOptions {
  /** Population covariance spectrum Σ: eigenvalues with multiplicities (see {@link createSpectrum}). */
  spectrum: Spectrum;
  /** How the spectrum was given (the title; and to reproduce the numbers with the CLI). */
  spec: string;
  /** Training-set sizes (default: 10 log-spaced from d/8 to 8d). */
  Ns?: number[];
  /** One noise level (default 0.5 when no schedule is given) … */
  abar?: number;
  /** … or a schedule, reduced by `reduce` (default sum). */
  schedule?: NoiseSchedule;
  /** How a schedule's steps combine: 'sum' (default) or 'mean'. */
  reduce?: Reduce;
  /** Regularisation c of Merger & Goldt (c_t = c·ᾱ_t, i.e. Σ̂ → Σ̂ + cI); default 0. */
  c?: number;
  /** ε of the sampling covariance for the KL (default 1e-3). */
  eps?: number;
  /** How the model estimates the data mean: 'estimated' (default) or 'known' (docs/theory.md §1). */
  mean?: MeanMode;
  /** Monte Carlo training sets per N (none when omitted: theory only). */
  draws?: number;
  /** Seed of the random stream: the same seed gives bit-identical results. */
  seed?: number;
  /** Draw the training sets from this data set instead of Gaussian samples of the spectrum. */
  population?: DatasetPopulation;
  /** N values of the density and early-stopping figures (default: smallest, nearest d, largest of Ns). */
  focusNs?: number[];
  /**
   * Shade theory ± band standard deviations over training sets in the losses, gap, alignment and
   * KL figures (docs/theory.md §6.10): where one training set's value falls. Default: none.
   */
  band?: number;
  /** Size and font of every figure (width, height, fontSize; default 640 × 420 px, 14 px). */
  figure?: Pick<FigureOptions, 'width' | 'height' | 'fontSize'>;
  /** The command that produced the report, printed in it (the CLI passes its argv). */
  command?: string;
  /** Called as the work advances with (done, total), for progress bars. */
  onProgress?: (done: number, total: number) => void;
}

export interface Report {
  /** File name → contents: report.md, the SVG figures and curve.csv (all relative to one folder). */
  files: Record<string, string>;
  /** Theory vs Monte Carlo over every N and measure (when Monte Carlo ran). */
  accuracy?: AccuracySummary;
}

/**
 * A report on one spectrum: losses, gap, alignment and KL vs N (theory and, with `draws`, Monte
 * Carlo), the eigenvalue density of Σ̂ at a few N, early stopping (dynamicsCurve,
 * optimalStopping), and an accuracy summary (relative error and z-score per N and measure), with
 * the seeds and the package version. Pure: returns the files; the CLI (`replica-diffusion
 * report`) writes them. Monte Carlo seeds are per N, seed·1000003 + N (reduced mod 2^53 beyond
 * 2^53, deriveSeed), as `curve --draws` uses, so
 * `replica-diffusion curve --measure all --draws D --seed S` reproduces the report's numbers.
 *
 * @example
 * ```ts
 * const { files } = generateReport({ spectrum, spec: 'powerlaw:d=256,k=1', draws: 20, seed: 1 });
 * Object.keys(files);   // report.md, the SVG figures, curve.csv
 * ```
 */
export function generateReport(options: ReportOptions): Report {
  const spectrum = requireSpectrum(options.spectrum);
  const d = spectrum.d;
  const Ns = options.Ns ?? defaultNs(d);
  if (Ns.length === 0) throw new InvalidArgumentError('Ns', [], 'needs at least one N');
  if (options.abar !== undefined && options.schedule !== undefined) throw new InvalidArgumentError('abar', options.abar, 'give abar or schedule, not both');
  const abar = options.schedule === undefined ? (options.abar ?? 0.5) : undefined;
  const schedule = options.schedule;
  const reduce = options.reduce ?? 'sum';
  const c = options.c ?? 0;
  const eps = options.eps ?? 1e-3;
  const mean = options.mean ?? 'estimated';
  const seed = requireInteger('seed', options.seed ?? 1, 0);
  // Two draws at least: the report prints mean ± standard error and z-scores, undefined for one draw.
  const draws = options.draws === undefined ? undefined : requireInteger('draws', options.draws, 2);
  const population = options.population;
  // Every Monte Carlo limit before any theory runs (README, "Limits"): the curves' draws at each N,
  // then the early-stopping draws (six times each) at the focus N.
  if (draws !== undefined) {
    const levels = Math.max(1, schedule?.T ?? 1);
    if (population) checkMonteCarloDimensions({ d: population.d, Ns, draws, levels });
    else checkMonteCarloSizes({ spectrum, Ns, draws, levels: levels + 6 });
  }
  const level = abar !== undefined ? { abar } : { schedule, reduce };
  const noise = abar !== undefined ? `ᾱ = ${abar}` : `${reduce} over ${schedule!.name}`;

  const band = options.band;
  if (band !== undefined && !(band > 0 && Number.isFinite(band))) throw new InvalidArgumentError('band', band, 'must be a finite number > 0 (standard deviations)');
  const theory = lossCurve({ spectrum, Ns, ...level, c, mean, eps, sd: band !== undefined });
  const value = (i: number, m: ReportMeasure) => (m === 'kl' ? theory.rows[i].kl! : theory.rows[i][m]);
  const focus = options.focusNs ?? focusNs(Ns, d);
  const dynamicsAbar = abar ?? 0.5;
  const dynamicsDraws = draws === undefined || population ? undefined : Math.min(draws, 30);
  const taus = [0.01, 0.1, 1, 10, 100, 1000];
  const total = (draws ?? 0) * Ns.length + (dynamicsDraws ?? 0) * focus.length;
  let done = 0;
  const tick = () => options.onProgress?.(++done, total);

  let mc: MonteCarloResult[] | undefined;
  if (draws !== undefined) {
    mc = Ns.map((N) => {
      const common = { N, ...level, c, eps, mean, draws, seed: deriveSeed(seed, N), onDraw: tick };
      return population ? populationMonteCarlo({ population, ...common }) : monteCarlo({ spectrum, ...common });
    });
  }
  const mcOf = (i: number, m: ReportMeasure): MeanStderr => mc![i][m]!;

  const files: Record<string, string> = {};
  const figure = (name: string, svg: string) => {
    files[name] = svg;
    return name;
  };
  const mcLabel = population ? 'Monte Carlo (training sets from the data)' : 'Monte Carlo';
  // One style per series across the report's figures: a measure by its name, a training-set size as "N = …".
  const styles = new SeriesStyles(MEASURE_ORDER);
  const series = (m: ReportMeasure) => ({
    label: MEASURE_SYMBOL[m],
    key: m,
    theory: Ns.map((_, i) => value(i, m)),
    mc: mc ? Ns.map((_, i) => mcOf(i, m)) : undefined,
    // theory ± band·sd over training sets (docs/theory.md §6.10); the reference loss has none.
    band: band !== undefined && m !== 'referenceLoss' ? Ns.map((_, i) => band * (m === 'kl' ? theory.rows[i].sd!.kl! : theory.rows[i].sd![m])) : undefined,
  });
  const size = { width: options.figure?.width, height: options.figure?.height, fontSize: options.figure?.fontSize };
  const common = { Ns, d, mcLabel, styles, ...size, ...(band !== undefined ? { bandNote: `shaded: theory ± ${band} sd over training sets` } : {}) };
  const lossesFig = figure('losses.svg', measureFigure({ ...common, title: `Losses, ${noise} — ${options.spec}`, yLabel: 'loss (sum over d)', curves: [series('testLoss'), series('trainLoss'), series('referenceLoss')] }));
  const gapFig = figure('gap.svg', measureFigure({ ...common, title: `Generalisation gap, ${noise} — ${options.spec}`, yLabel: `generalisation gap ${MEASURE_SYMBOL.gap}`, curves: [series('gap')] }));
  const alignFig = figure('alignment.svg', measureFigure({ ...common, title: `Alignment with the N = ∞ model, ${noise} — ${options.spec}`, yLabel: `alignment ${MEASURE_SYMBOL.alignment}`, curves: [series('alignment')] }));
  const klFig = figure('kl.svg', measureFigure({ ...common, title: `KL(N(μ, Σ) ‖ N(μ̂, Σ̂ + εI)), ε = ${eps} — ${options.spec}`, yLabel: AXIS_LABEL.kl, curves: [series('kl')], asymptote: theory.rows.map((r) => r.klAsymptote!) }));

  const reduced = reportSpectra(spectrum);
  const densities = focus.map((N) => ({ N, result: spectralDensity({ spectrum: reduced.density, ensemble: 'model', N, points: 400 }) }));
  const densityFig = figure('density.svg', densityFigure(`Eigenvalue density of Σ̂ — ${options.spec}`, densities, { styles, ...size }));

  const denseTaus = Array.from({ length: 31 }, (_, i) => 0.01 * 10 ** (i / 6));
  const dynamics: DynamicsCurve[] = focus.map((N) => {
    const curve = dynamicsCurve({ spectrum: reduced.dynamics, N, abar: dynamicsAbar, c, mean, times: denseTaus.map((tau) => ({ tau })) }).points.map((p) => p.testLoss);
    const stop = optimalStopping({ spectrum: reduced.dynamics, N, abar: dynamicsAbar, mean });
    const points = dynamicsDraws
      ? monteCarloDynamics({ spectrum, N, abar: dynamicsAbar, c, mean, times: taus.map((tau) => ({ tau })), draws: dynamicsDraws, seed: deriveSeed(seed, N), onDraw: tick }).map((r) => r.testLoss)
      : undefined;
    return { N, taus: denseTaus, testLoss: curve, stopping: stop, mcTaus: taus, mc: points };
  });
  const dynamicsFig = figure('early-stopping.svg', dynamicsFigure(`Test loss during training, ᾱ = ${dynamicsAbar} — ${options.spec}`, dynamics, { styles, ...size }));

  const columns = ['N', ...REPORT_MEASURES.flatMap((m) => [`${m}_theory`, ...(m === 'kl' ? ['klAsymptote'] : []), ...(mc ? [`${m}_mc_mean`, `${m}_mc_stderr`] : [])])];
  const csvRows = Ns.map((N, i) => [N, ...REPORT_MEASURES.flatMap((m) => [value(i, m), ...(m === 'kl' ? [theory.rows[i].klAsymptote!] : []), ...(mc ? [mcOf(i, m).mean, mcOf(i, m).stderr] : [])])]);
  files['curve.csv'] = toCsv({ columns, rows: infiniteMeanStderr(columns, csvRows) });

  const entries: AccuracyEntry[] = [];
  const accuracyRows: string[][] = [];
  if (mc) {
    Ns.forEach((N, i) => {
      accuracyRows.push([
        String(N),
        ...REPORT_MEASURES.map((m) => {
          const e = accuracyEntry(value(i, m), mcOf(i, m));
          entries.push(e);
          // A deterministic quantity (the reference loss: stderr 0) has no z; rounding-level differences are not σ.
          return `${signed(100 * e.relativeError)} % (${e.mc.stderr > 0 ? `z ${signed(e.z)}` : 'exact, no z'})`;
        }),
      ]);
    });
  }
  const accuracy = mc ? accuracySummary(entries) : undefined;
  const s = spectrumSummary(spectrum);
  const fmt = (v: number) => formatSignificant(v, 4);
  // A theory column of a table in one notation (docs/output-schema.md), 4 significant digits.
  const theoryColumn = (f: (i: number) => number) => {
    const notation = columnNotation(Ns.map((_, i) => f(i)), 4);
    return (i: number) => { const v = f(i); return Number.isFinite(v) ? formatNumber(v, notation, 4) : v > 0 ? '∞' : '−∞'; };
  };
  const theoryOf = Object.fromEntries(REPORT_MEASURES.map((m) => [m, theoryColumn((i) => value(i, m))])) as Record<(typeof REPORT_MEASURES)[number], (i: number) => string>;
  const klAsymptoteOf = theoryColumn((i) => theory.rows[i].klAsymptote!);
  const md: string[] = [
    `# replica-diffusion report: \`${options.spec}\``,
    '',
    `Theory (deterministic equivalents with their first-order finite-size correction, docs/theory.md §4–6) ${mc ? `and Monte Carlo of the real model (exact per-draw measures, docs/theory.md §5) ` : ''}for one spectrum. Losses are totals over the d dimensions; Monte Carlo is mean ± standard error. Generated by replica-diffusion ${VERSION}${options.command ? ` with \`${options.command}\`` : ''}.`,
    '',
    ...(reduced.note ? [reduced.note, ''] : []),
    markdownTable(
      ['setting', 'value'],
      [
        ['spectrum', `\`${options.spec}\`: d = ${d}, trace ${fmt(s.trace)}, participation ratio ${fmt(s.participationRatio)}, condition number ${fmt(s.conditionNumber)}`],
        ['noise level', abar !== undefined ? `one level, ᾱ = ${abar}` : `schedule \`${schedule!.name}\`, ${reduce} over its ${schedule!.T} steps`],
        ['regularisation', `c = ${c} (c_t = c·ᾱ_t)`],
        ['mean', mean === 'estimated' ? 'estimated (n = N − 1)' : 'known (n = N)'],
        ['KL', `sampling covariance Σ̂ + εI, ε = ${eps}`],
        ['training-set sizes', Ns.join(', ')],
        ['Monte Carlo', mc ? `${draws} training sets per N, ${population ? `rows of the data set (${population.count} samples) drawn with replacement, measured against its own mean and covariance` : 'Gaussian samples N(0, Σ)'}; seed ${seed}, the sets at N use seed ${seed}·1000003 + N` : 'none (theory only; add --mc DRAWS)'],
        ['package', `replica-diffusion ${VERSION}`],
      ],
      'left',
    ),
    '',
    `Reproduce the table with \`replica-diffusion curve --spectrum ${options.spec} --measure all --N ${Ns.join(',')} ${abar !== undefined ? `--abar ${abar}` : `--schedule ${schedule!.name} --reduce ${reduce}`}${c ? ` --c ${c}` : ''} --eps ${eps}${mean === 'known' ? ' --mean known' : ''}${mc ? ` --mc ${draws} --seed ${seed}` : ''} --csv\` (also in [curve.csv](curve.csv)).`,
    '',
    '## Losses vs N',
    '',
    `![losses](${lossesFig})`,
    '',
    markdownTable(['N', ...['trainLoss', 'testLoss', 'referenceLoss'].flatMap((m) => [`${m} theory`, ...(mc ? [`${m} MC`] : [])])], Ns.map((N, i) => [N, ...(['trainLoss', 'testLoss', 'referenceLoss'] as const).flatMap((m) => [theoryOf[m](i), ...(mc ? [formatMeanStderr(mcOf(i, m))] : [])])])),
    '',
    '## Generalisation gap and alignment',
    '',
    `![gap](${gapFig})`,
    '',
    `![alignment](${alignFig})`,
    '',
    markdownTable(['N', ...['gap', 'alignment'].flatMap((m) => [`${m} theory`, ...(mc ? [`${m} MC`] : [])])], Ns.map((N, i) => [N, ...(['gap', 'alignment'] as const).flatMap((m) => [theoryOf[m](i), ...(mc ? [formatMeanStderr(mcOf(i, m))] : [])])])),
    '',
    '## KL divergence of the generated distribution',
    '',
    `![kl](${klFig})`,
    '',
    markdownTable(['N', 'KL theory', 'd²/(4N)', ...(mc ? ['KL MC'] : [])], Ns.map((N, i) => [N, theoryOf.kl(i), klAsymptoteOf(i), ...(mc ? [formatMeanStderr(mcOf(i, 'kl'))] : [])])),
    '',
    '## Eigenvalue density of Σ̂',
    '',
    `Limiting density per dimension of the model's Σ̂ (docs/theory.md §3) at ${focus.map((N) => `N = ${N}`).join(', ')}; for N − 1 < d a fraction 1 − (N − 1)/d of the eigenvalues sits at 0 (the atom).`,
    '',
    `![density](${densityFig})`,
    '',
    markdownTable(['N', 'support', 'atom at 0', 'certified'], densities.map(({ N, result: r }) => [N, r.support.intervals.map(([a, b]) => `[${fmt(a)}, ${fmt(b)}]`).join(' ∪ '), fmt(r.atomAtZero), r.converged ? 'yes' : 'no'])),
    '',
    '## Early stopping',
    '',
    `Test loss of the denoiser trained by gradient flow from W = 0 for time τ at ᾱ = ${dynamicsAbar} (docs/theory.md §7)${dynamicsDraws ? `, with Monte Carlo (${dynamicsDraws} training sets, gradient descent run exactly)` : ''}. The optimal stopping time τ* against the best ridge c:`,
    '',
    `![early stopping](${dynamicsFig})`,
    '',
    markdownTable(['N', 'optimal τ*', 'test loss at τ*', 'at τ = ∞', 'best c', 'test loss at best c'], dynamics.map((r) => [r.N, fmt(r.stopping.tau), fmt(r.stopping.testLoss), fmt(r.stopping.testLossAtConvergence), fmt(r.stopping.bestC), fmt(r.stopping.testLossBestC)])),
    '',
  ];
  if (mc && accuracy) {
    md.push(
      '## Accuracy: theory vs Monte Carlo',
      '',
      'Per N and measure: the relative error (MC mean − theory)/|theory| and the z-score (MC mean − theory)/stderr. The theory carries the first-order finite-size correction (docs/theory.md §6; the default), so what remains is O(1/d²) plus Monte Carlo noise, largest near N = d (docs/accuracy.md measures it)' + (population ? ', plus whatever the data depart from Gaussian samples (the theory sees only their covariance)' : '') + '.',
      '',
      markdownTable(['N', ...REPORT_MEASURES], accuracyRows),
      '',
      `Over ${accuracy.count} comparisons: largest |relative error| ${formatSignificant(100 * accuracy.maxRelativeError, 2)} %, largest |z| ${formatSignificant(accuracy.maxAbsZ, 3)}; ${accuracy.within2} within 2 standard errors, ${accuracy.within4} within 4.`,
      '',
    );
  }
  files['report.md'] = md.join('\n');
  return { files, accuracy };
}

function signed(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const t = formatSignificant(v, 2);
  return v > 0 ? `+${t}` : t;
}

/**
 * 10 log-spaced whole N from max(4, d/8) to 8d.
 *
 * @example
 * ```ts
 * defaultNs(256);   // [32, 51, 81, 128, 203, 323, 512, 813, 1290, 2048] (d/8 to 8d, log-spaced)
 * ```
 */
export function defaultNs(d: number): number[] {
  const lo = Math.max(4, Math.round(d / 8));
  const hi = Math.max(lo + 1, 8 * d);
  return [...new Set(Array.from({ length: 10 }, (_, i) => Math.round(lo * (hi / lo) ** (i / 9))))];
}

/** The smallest N, the one nearest d (log scale), and the largest. */
function focusNs(Ns: number[], d: number): number[] {
  const sorted = [...Ns].sort((a, b) => a - b);
  const near = sorted.reduce((best, N) => (Math.abs(Math.log(N / d)) < Math.abs(Math.log(best / d)) ? N : best), sorted[0]);
  return [...new Set([sorted[0], near, sorted[sorted.length - 1]])];
}
