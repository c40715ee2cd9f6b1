import { didYouMean } from '../../didYouMean.js';
import { InvalidArgumentError } from '../../errors.js';
import { lossCurve } from '../../predictions/losses/lossCurve.js';
import { createSpectrum } from '../../spectra/spectrum.js';
import type { MeanStderr } from '../../statistics/summaryStatistics.js';
import { deriveSeed } from '../../random/deriveSeed.js';
import { checkMonteCarloSizes } from '../commandLine/monteCarloLimits.js';
import { monteCarloParallel, populationMonteCarlo } from './lazyMonteCarlo.js';
import { svgLinePlot, type PlotSeries } from '../../plot/svgPlot.js';
import { AXIS_LABEL, MEASURE_NAME, MEASURE_ORDER, MEASURE_SYMBOL, measureLabel } from '../../plot/notation.js';
import { SeriesStyles } from '../../plot/seriesStyle.js';
import type { Command } from '../commandLine/command.js';
import { SHARD_FLAGS } from '../commandLine/shardFlag.js';
import { OUTPUT_FLAGS, outputFormat } from '../commandLine/command.js';
import { worstFiniteSizeInfo } from '../../predictions/finiteSize/finiteSize.js';
import { readDataPopulation } from '../files/dataFiles.js';
import { C_FLAG, FINITE_SIZE_FLAG, MEAN_FLAG, PER_DIM_FLAG, QUIET_FLAG, SCHEDULE_FLAG, SEED_FLAG, compressFlags, describeFiniteSize, readCompress, readFiniteSize, readMean, readSchedule, readSeed, DEFAULT_EPS, WORKERS_FLAG, drawsFlag, epsFlag, readDraws, readTrainingSizes, readWorkers } from '../commandLine/modelFlags.js';
import { PAPERS, printTable } from '../output/outputTable.js';
import { plotFlags, readPlot, writePlot } from '../output/plotFile.js';
import { ProgressBar } from '../output/progress.js';
import { DEFAULT_SPECTRUM, SPECTRUM_FLAG, readSpectrum } from '../commandLine/spectrumFlag.js';

export const CURVE_MEASURES = ['testLoss', 'trainLoss', 'gap', 'alignment', 'referenceLoss', 'kl'] as const;
export type CurveMeasure = (typeof CURVE_MEASURES)[number];
const DEFAULT_N = '16:4096:24';

/** `--measure`: one measure, a comma list, or `all`. */
export function parseMeasures(text: string | undefined): CurveMeasure[] {
  if (text === undefined) return ['testLoss'];
  if (text.trim() === 'all') return [...CURVE_MEASURES];
  const list = text.split(',').map((m) => m.trim());
  for (const m of list) {
    if (!(CURVE_MEASURES as readonly string[]).includes(m)) throw new InvalidArgumentError('--measure', m, `must be one of ${CURVE_MEASURES.join(', ')} (a comma list, or all)${didYouMean(m, CURVE_MEASURES)}`);
  }
  return [...new Set(list)] as CurveMeasure[];
}

export const curveCommand: Command = {
  name: 'curve',
  summary: 'theory curves of one or more measures over N (optionally with Monte Carlo) — the main job',
  flags: [
    SPECTRUM_FLAG,
    { name: 'measure', value: 'M[,M…]|all', help: `what to compute: ${CURVE_MEASURES.join(', ')}, a comma list or all (default testLoss); every measure comes from the same Monte Carlo run` },
    { name: 'N', value: 'GRID', help: `training-set sizes, whole numbers: LO:HI:COUNT (log grid, its points rounded), lin:LO:HI:COUNT, or a comma list (default ${DEFAULT_N}); a fractional N is refused (for the theory at a real N use predict)` },
    { name: 'abar', value: 'A', help: 'one noise level ᾱ instead of the whole schedule' },
    SCHEDULE_FLAG,
    { name: 'reduce', value: 'sum|mean', help: 'combine the schedule’s steps (default sum)' },
    C_FLAG,
    epsFlag('ε > 0 of the sampling covariance Σ̂ + εI for the kl measure'),
    MEAN_FLAG,
    FINITE_SIZE_FLAG,
    drawsFlag('add Monte Carlo mean ± stderr with D training sets per N (with data:PATH the training sets are drawn from the data)'),
    { name: 'sampling', value: 'data|wishart', help: 'Monte Carlo draws the N data points (default) or Σ̂, μ̂ from their Wishart/Gaussian law (faster, same law, other random stream)' },
    SEED_FLAG,
    PER_DIM_FLAG,
    { name: 'sd', help: 'add each measure’s spread over training sets: <measure>_sd_theory (docs/theory.md §6.10), and with --draws the Monte Carlo sd <measure>_mc_sd ± <measure>_mc_sd_stderr' },
    { name: 'band', value: 'K', help: 'shade theory ± K·sd over training sets on --plot (where one training set’s value falls; implies --sd)' },
    ...plotFlags('theory lines, Monte Carlo points with error bars, N = d marked'),
    QUIET_FLAG,
    WORKERS_FLAG,
    ...compressFlags('theory on a certified Gauss-rule compression of the spectrum (docs/compression.md; default auto: when it pays)'),
    ...OUTPUT_FLAGS,
    ...SHARD_FLAGS,
  ],
  examples: [
    'replica-diffusion curve',
    'replica-diffusion curve --spectrum powerlaw:d=256,k=1 --measure gap --N 16:4096:24 --abar 0.5 --draws 40 --seed 1 --csv',
    'replica-diffusion curve --measure all --abar 0.5 --N 16:1024:8 --draws 20 --json',
    'replica-diffusion curve --measure kl --eps 1e-3 --N 300:30000:12 --json',
  ],
  async run(args, io) {
    const spectrumSpec = args.string('spectrum') ?? DEFAULT_SPECTRUM;
    const measures = parseMeasures(args.string('measure'));
    const losses = measures.filter((m) => m !== 'kl');
    const hasKl = measures.includes('kl');
    const mean = readMean(args);
    const Ns = readTrainingSizes(args, DEFAULT_N, mean === 'estimated' ? 2 : 1)!;
    const abar = args.number('abar');
    if (abar !== undefined && args.has('schedule')) throw new InvalidArgumentError('--abar', abar, 'give --abar or --schedule, not both');
    const schedule = abar === undefined ? readSchedule(args) : undefined;
    const reduce = args.choice('reduce', ['sum', 'mean'] as const, 'sum');
    const c = args.number('c', { min: 0 }) ?? 0;
    const eps = hasKl ? (args.number('eps', { min: 0 }) ?? DEFAULT_EPS) : undefined;
    if (!hasKl && args.has('eps')) throw new InvalidArgumentError('--eps', args.string('eps'), 'only applies to the kl measure (--measure kl)');
    const perDimension = args.has('per-dimension');
    const draws = readDraws(args);
    const seed = readSeed(args);
    const workers = readWorkers(args);
    const plot = readPlot(args);
    const band = args.number('band', { greaterThan: 0 });
    if (band !== undefined && !plot) throw new InvalidArgumentError('--band', band, 'shades a figure: give --plot FILE too (or --sd for the columns alone)');
    const wantSd = args.has('sd') || band !== undefined;
    const format = outputFormat(args, 'markdown');
    if (draws !== undefined && hasKl && !(eps! > 0)) throw new InvalidArgumentError('--eps', eps, 'must be > 0 for Monte Carlo of the KL');
    // A data set as the population: the theory uses its covariance spectrum, the Monte Carlo its rows.
    const population = draws !== undefined ? readDataPopulation(spectrumSpec, io) : undefined;
    const spectrum = population ? createSpectrum(population.eigenvalues) : readSpectrum(args, io);
    const levels = losses.length > 0 ? (abar !== undefined ? { abar } : { schedule, reduce }) : {};
    if (draws !== undefined) checkMonteCarloSizes({ spectrum, Ns, draws, nFlag: `--${args.typedName('N')}`, drawsFlag: `--${args.typedName('draws')}`, levels: schedule?.T ?? 1, sampling: args.choice('sampling', ['data', 'wishart'] as const, 'data') });

    const compress = readCompress(args);
    const finiteSize = readFiniteSize(args);
    const theory = losses.length > 0 ? lossCurve({ spectrum, Ns, ...levels, c, mean, perDimension, eps, finiteSize, compress, sd: wantSd }) : lossCurve({ spectrum, Ns, abar: 0.5, eps, mean, perDimension, finiteSize, compress, sd: wantSd });
    // The spread over training sets (docs/theory.md §6.10), with --sd or --band.
    const sdValue = (i: number, m: CurveMeasure) => (m === 'kl' ? theory.rows[i].sd!.kl! : theory.rows[i].sd![m]);
    const value = (i: number, m: CurveMeasure) => (m === 'kl' ? theory.rows[i].kl! : theory.rows[i][m]);
    // The d → ∞ value (the theory itself unless the first-order correction was applied).
    const asymptoticValue = (i: number, m: CurveMeasure) => (m === 'kl' ? theory.rows[i].asymptotic.kl! : theory.rows[i].asymptotic[m]);
    // Which order the theory columns are at, over all N and measures (the KL has its own info; a
    // KL-only curve's losses at the dummy ᾱ are not shown).
    const finiteSizeInfo = worstFiniteSizeInfo(finiteSize, theory.rows.flatMap((row) => [...(losses.length > 0 ? [row.finiteSize] : []), ...(hasKl ? [row.klFiniteSize!] : [])]));

    let mc: Partial<Record<CurveMeasure, MeanStderr>>[] | undefined;
    const sampling = args.choice('sampling', ['data', 'wishart'] as const, 'data');
    if (population && sampling !== 'data') throw new InvalidArgumentError('--sampling', sampling, 'does not apply to a data set (data:PATH) population: its training sets are drawn from the data');
    if (draws !== undefined) {
      const bar = new ProgressBar(io, `mc ${measures.join(',')}`, Ns.length * draws, args.has('quiet'));
      mc = [];
      for (const [i, N] of Ns.entries()) {
        const options = {
          N,
          ...levels,
          c,
          eps,
          mean,
          draws,
          // One seed per N, derived from --seed, so adding N values does not change the others.
          seed: deriveSeed(seed, N),
          perDimension,
          onDraw: (done: number) => bar.update(i * draws + done),
        };
        const r = population ? await populationMonteCarlo({ population, ...options }) : await monteCarloParallel({ workers, spectrum, sampling, ...options });
        mc.push(Object.fromEntries(measures.map((m) => [m, r[m]])));
      }
      bar.done();
    }

    const d = spectrum.d;
    if (plot) {
      // One style per measure (its theory line and Monte Carlo markers share it), in the papers' notation.
      const series: PlotSeries[] = [];
      const many = measures.length > 1;
      const order = finiteSize === 'first-order' ? ', first-order' : '';
      measures.forEach((m) => {
        const name = MEASURE_SYMBOL[m];
        const y = Ns.map((_, i) => value(i, m));
        const shade = band !== undefined ? { lower: y.map((v, i) => v - band * sdValue(i, m)), upper: y.map((v, i) => v + band * sdValue(i, m)) } : undefined;
        series.push({ label: many ? `${name} theory${order}` : `theory${order ? ' (first-order finite-size)' : ''}`, key: m, kind: 'line', x: Ns, y, ...(shade ? { band: shade } : {}) });
        if (m === 'kl') series.push({ label: 'd²/(4N)', key: 'd²/(4N)', kind: 'line', x: Ns, y: theory.rows.map((r) => r.klAsymptote!), color: '#777777', dash: '2 3' });
        if (mc) series.push({ label: many ? `${name} Monte Carlo` : `Monte Carlo (${draws} draws${population ? ' from the data' : ''})`, key: m, kind: 'points', x: Ns, y: mc.map((r) => r[m]!.mean), yErr: mc.map((r) => r[m]!.stderr) });
      });
      const where = hasKl && losses.length === 0 ? `ε = ${eps}` : abar !== undefined ? `ᾱ = ${abar}` : `Σ over the ${schedule!.name} schedule`;
      const perDim = perDimension ? ' per dimension' : '';
      const yLabel = measures.length === 1 ? `${measureLabel(measures[0])}${perDim}${measures[0] === 'kl' ? ' (nats)' : ''}` : hasKl ? `loss${perDim}; KL (nats)` : `loss${perDim}`;
      writePlot(
        io,
        plot,
        svgLinePlot({
          title: `${measures.length > 2 ? (mc ? 'Theory and Monte Carlo' : 'Theory') : measures.map((m) => MEASURE_NAME[m]).join(' and ')}, ${where} — ${spectrumSpec}`,
          xLabel: AXIS_LABEL.N,
          yLabel,
          xLog: plot.xLog,
          yLog: plot.yLog,
          series,
          verticalLines: [{ x: d, label: 'N = d' }],
          styles: new SeriesStyles(MEASURE_ORDER),
          ...(band !== undefined ? { bandNote: `shaded: theory ± ${band} sd over training sets` } : {}),
          ...plot.figure,
        }),
      );
    }

    // Column names: docs/output-schema.md (<measure>_theory, <measure>_mc_mean, <measure>_mc_stderr).
    const fo = finiteSize === 'first-order';
    const columns = ['N', ...measures.flatMap((m) => [`${m}_theory`, ...(fo ? [`${m}_theory_infinite_d`] : []), ...(wantSd ? [`${m}_sd_theory`] : []), ...(m === 'kl' ? ['klAsymptote'] : []), ...(mc ? [`${m}_mc_mean`, `${m}_mc_stderr`] : []), ...(mc && wantSd ? [`${m}_mc_sd`, `${m}_mc_sd_stderr`] : [])])];
    const rows = Ns.map((N, i) => [
      N,
      ...measures.flatMap((m) => [
        value(i, m),
        ...(fo ? [asymptoticValue(i, m)] : []),
        ...(wantSd ? [sdValue(i, m)] : []),
        ...(m === 'kl' ? [theory.rows[i].klAsymptote!] : []),
        ...(mc ? [mc[i][m]!.mean, mc[i][m]!.stderr] : []),
        // The per-draw spread and its standard error (statistics/summaryStatistics.ts); NaN-free: 0 with one draw.
        ...(mc && wantSd ? [mc[i][m]!.sd ?? (Number.isFinite(mc[i][m]!.mean) ? 0 : Infinity), mc[i][m]!.sdStderr ?? (Number.isFinite(mc[i][m]!.mean) ? 0 : Infinity)] : []),
      ]),
    ]);
    const where = hasKl && losses.length === 0 ? `eps=${eps}` : abar !== undefined ? `abar=${abar}` : `${reduce} over ${schedule!.name}`;
    const settings = {
      paper: PAPERS.linear,
      spectrum: spectrumSpec,
      d,
      measures,
      ...(losses.length > 0 ? (abar !== undefined ? { abar } : { schedule: schedule!.name, reduce }) : {}),
      ...(losses.length > 0 ? { c } : {}),
      ...(hasKl ? { eps } : {}),
      mean,
      perDimension,
      finiteSize,
      ...(mc ? { draws, seed, population: population ? 'data' : 'gaussian' } : {}),
    };
    const diagnostics = {
      converged: theory.converged,
      // Which finite-size order the theory columns are at, over all N (docs/theory.md §6).
      finiteSizeApplied: finiteSizeInfo.applied,
      finiteSizeRelativeSize: finiteSizeInfo.relativeSize,
      finiteSizeReliable: finiteSizeInfo.reliable,
      finiteSizeEstimatedError: finiteSizeInfo.estimatedError,
      ...(finiteSizeInfo.unreliableShare !== undefined ? { finiteSizeUnreliableShare: finiteSizeInfo.unreliableShare } : {}),
      // The certified compression of the spectrum the theory ran on (docs/compression.md), if any.
      ...(theory.compression ? { compressionAtoms: theory.compression.atoms, compressionCertifiedError: theory.compression.certifiedError } : {}),
    };
    const caption = `${measures.join(', ')}${perDimension ? ' per dimension' : ''}, ${where}, spectrum ${spectrumSpec} (d = ${d}), ${mean} mean${mc ? `, Monte Carlo ${draws} draws/N${population ? ' from the data' : ''}, seed ${seed}` : ''}`;
    // Second header line: the finite-size order of the theory columns (largest relative size over N).
    printTable(io, args, format, { command: 'curve', settings, columns, rows, diagnostics, preamble: `${caption}\n${describeFiniteSize(finiteSizeInfo)}` });
    return theory.converged ? 0 : 1;
  },
};
