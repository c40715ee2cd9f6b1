import { InvalidArgumentError } from '../../errors.js';
import { populationMonteCarlo } from '../../montecarlo/populationMonteCarlo.js';
import { monteCarloParallel } from '../../montecarlo/monteCarloParallel.js';
import { lossCurve } from '../../predictions/lossCurve.js';
import { createSpectrum } from '../../spectra/spectrum.js';
import type { MeanStderr } from '../../statistics/summaryStatistics.js';
import { deriveSeed } from '../../random/deriveSeed.js';
import { LIMITS } from '../../limits.js';
import { parseGrid } from '../args.js';
import { checkMonteCarloSizes } from '../monteCarloLimits.js';
import { svgLinePlot, type PlotSeries } from '../../plot/svgPlot.js';
import type { Command } from '../command.js';
import { OUTPUT_FLAGS, outputFormat } from '../command.js';
import { worstFiniteSizeInfo } from '../../predictions/finiteSize.js';
import { csvMeta } from '../csvHeader.js';
import { readDataPopulation } from '../dataFiles.js';
import { C_FLAG, FINITE_SIZE_FLAG, MEAN_FLAG, PER_DIM_FLAG, QUIET_FLAG, SCHEDULE_FLAG, SEED_FLAG, compressFlags, describeFiniteSize, finiteSizeColumns, readCompress, readFiniteSize, readMean, readSchedule, readSeed } from '../modelFlags.js';
import { toCsv, toJson, toMarkdown } from '../output.js';
import { plotFlags, readPlot, writePlot } from '../plotFile.js';
import { ProgressBar } from '../progress.js';
import { DEFAULT_SPECTRUM, SPECTRUM_FLAG, readSpectrum } from '../spectrumFlag.js';

export const CURVE_MEASURES = ['testLoss', 'trainLoss', 'gap', 'alignment', 'referenceLoss', 'kl'] as const;
export type CurveMeasure = (typeof CURVE_MEASURES)[number];
const DEFAULT_N = '16:4096:24';
const DEFAULT_EPS = 1e-3;
const COLORS = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#000000'];

/** `--measure`: one measure, a comma list, or `all`. */
export function parseMeasures(text: string | undefined): CurveMeasure[] {
  if (text === undefined) return ['testLoss'];
  if (text.trim() === 'all') return [...CURVE_MEASURES];
  const list = text.split(',').map((m) => m.trim());
  for (const m of list) {
    if (!(CURVE_MEASURES as readonly string[]).includes(m)) throw new InvalidArgumentError('--measure', m, `must be one of ${CURVE_MEASURES.join(', ')} (a comma list, or all)`);
  }
  return [...new Set(list)] as CurveMeasure[];
}

export const curveCommand: Command = {
  name: 'curve',
  summary: 'theory curves of one or more measures over N (optionally with Monte Carlo) — the main job',
  flags: [
    SPECTRUM_FLAG,
    { name: 'measure', value: 'M[,M…]|all', help: `what to compute: ${CURVE_MEASURES.join(', ')}, a comma list or all (default testLoss); every measure comes from the same Monte Carlo run` },
    { name: 'N', value: 'GRID', help: `training-set sizes: LO:HI:COUNT (log grid), lin:LO:HI:COUNT, or a comma list (default ${DEFAULT_N})` },
    { name: 'abar', value: 'A', help: 'one noise level ᾱ instead of the whole schedule' },
    SCHEDULE_FLAG,
    { name: 'reduce', value: 'sum|mean', help: 'combine the schedule’s steps (default sum)' },
    C_FLAG,
    { name: 'eps', value: 'E', help: `ε of the sampling covariance for the kl measure (default ${DEFAULT_EPS})` },
    MEAN_FLAG,
    FINITE_SIZE_FLAG,
    { name: 'mc', value: 'DRAWS', help: 'add Monte Carlo mean ± stderr with DRAWS training sets per N (with data:PATH the training sets are drawn from the data)' },
    { name: 'sampling', value: 'data|wishart', help: 'Monte Carlo draws the N data points (default) or Σ̂, μ̂ from their Wishart/Gaussian law (faster, same law, other random stream)' },
    SEED_FLAG,
    PER_DIM_FLAG,
    ...plotFlags('theory lines, Monte Carlo points with error bars, N = d marked'),
    QUIET_FLAG,
    { name: 'workers', value: 'W', help: 'worker threads for Monte Carlo (default 1); results do not depend on W' },
    ...compressFlags('theory on a certified Gauss-rule compression of the spectrum (docs/compression.md; default auto: when it pays)'),
    ...OUTPUT_FLAGS,
  ],
  examples: [
    'replica-diffusion curve',
    'replica-diffusion curve --spectrum powerlaw:d=256,k=1 --measure gap --N 16:4096:24 --abar 0.5 --mc 40 --seed 1 --csv',
    'replica-diffusion curve --measure all --abar 0.5 --N 16:1024:8 --mc 20 --json',
    'replica-diffusion curve --measure kl --eps 1e-3 --N 300:30000:12 --json',
  ],
  async run(args, io) {
    const spectrumSpec = args.string('spectrum') ?? DEFAULT_SPECTRUM;
    const measures = parseMeasures(args.string('measure'));
    const losses = measures.filter((m) => m !== 'kl');
    const hasKl = measures.includes('kl');
    const mean = readMean(args);
    const Ns = parseGrid('--N', args.string('N') ?? DEFAULT_N, { integer: true, min: mean === 'estimated' ? 2 : 1 });
    const abar = args.number('abar');
    if (abar !== undefined && args.has('schedule')) throw new InvalidArgumentError('--abar', abar, 'give --abar or --schedule, not both');
    const schedule = abar === undefined ? readSchedule(args) : undefined;
    const reduce = args.choice('reduce', ['sum', 'mean'] as const, 'sum');
    const c = args.number('c', { min: 0 }) ?? 0;
    const eps = hasKl ? (args.number('eps', { min: 0 }) ?? DEFAULT_EPS) : undefined;
    if (!hasKl && args.has('eps')) throw new InvalidArgumentError('--eps', args.string('eps'), 'only applies to the kl measure (--measure kl)');
    const perDimension = args.has('per-dimension');
    const draws = args.integer('mc', 1);
    const seed = readSeed(args);
    const workers = args.integer('workers', 1, LIMITS.workers, 'worker threads limit') ?? 1;
    const plot = readPlot(args);
    const format = outputFormat(args, 'markdown');
    if (draws !== undefined && hasKl && !(eps! > 0)) throw new InvalidArgumentError('--eps', eps, 'must be > 0 for Monte Carlo of the KL');
    // A data set as the population: the theory uses its covariance spectrum, the Monte Carlo its rows.
    const population = draws !== undefined ? readDataPopulation(spectrumSpec, io) : undefined;
    const spectrum = population ? createSpectrum(population.eigenvalues) : readSpectrum(args, io);
    const levels = losses.length > 0 ? (abar !== undefined ? { abar } : { schedule, reduce }) : {};
    if (draws !== undefined) checkMonteCarloSizes({ spectrum, Ns, draws, nFlag: '--N', drawsFlag: '--mc', levels: schedule?.T ?? 1, sampling: args.choice('sampling', ['data', 'wishart'] as const, 'data') });

    const compress = readCompress(args);
    const finiteSize = readFiniteSize(args);
    const theory = losses.length > 0 ? lossCurve({ spectrum, Ns, ...levels, c, mean, perDimension, eps, finiteSize, compress }) : lossCurve({ spectrum, Ns, abar: 0.5, eps, mean, perDimension, finiteSize, compress });
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
        const r = population ? populationMonteCarlo({ population, ...options }) : await monteCarloParallel({ workers, spectrum, sampling, ...options });
        mc.push(Object.fromEntries(measures.map((m) => [m, r[m]])));
      }
      bar.done();
    }

    const d = spectrum.d;
    if (plot) {
      const series: PlotSeries[] = [];
      measures.forEach((m, k) => {
        const color = COLORS[k % COLORS.length];
        const many = measures.length > 1;
        series.push({ label: many ? `${m} (theory${finiteSize === 'first-order' ? ', first-order' : ''})` : finiteSize === 'first-order' ? 'theory (first-order finite-size)' : 'theory', kind: 'line', x: Ns, y: Ns.map((_, i) => value(i, m)), color });
        if (m === 'kl') series.push({ label: 'd²/(4N)', kind: 'line', dashed: true, x: Ns, y: theory.rows.map((r) => r.klAsymptote!), color: '#555' });
        if (mc) series.push({ label: many ? `${m} (Monte Carlo)` : `Monte Carlo (${draws} draws${population ? ' from the data' : ''})`, kind: 'points', x: Ns, y: mc.map((r) => r[m]!.mean), yErr: mc.map((r) => r[m]!.stderr), color });
      });
      const where = hasKl && losses.length === 0 ? `ε = ${eps}` : abar !== undefined ? `ᾱ = ${abar}` : `${reduce} over schedule`;
      writePlot(
        io,
        plot,
        svgLinePlot({
          title: `${measures.join(', ')} — ${spectrumSpec}`,
          xLabel: 'training-set size N',
          yLabel: `${measures.length === 1 ? measures[0] : 'value'}${perDimension ? ' per dimension' : ''} (${where})`,
          xLog: plot.xLog,
          yLog: plot.yLog,
          series,
          verticalLines: [{ x: d, label: 'N = d' }],
        }),
      );
    }

    // One naming scheme (README "Output for Python"): <measure>_theory, <measure>_mc_mean, <measure>_mc_stderr.
    const fo = finiteSize === 'first-order';
    const columns = ['N', ...measures.flatMap((m) => [`${m}_theory`, ...(fo ? [`${m}_theory_infinite_d`] : []), ...(m === 'kl' ? ['klAsymptote'] : []), ...(mc ? [`${m}_mc_mean`, `${m}_mc_stderr`] : [])])];
    const rows = Ns.map((N, i) => [N, ...measures.flatMap((m) => [value(i, m), ...(fo ? [asymptoticValue(i, m)] : []), ...(m === 'kl' ? [theory.rows[i].klAsymptote!] : []), ...(mc ? [mc[i][m]!.mean, mc[i][m]!.stderr] : [])])]);
    const where = hasKl && losses.length === 0 ? `eps=${eps}` : abar !== undefined ? `abar=${abar}` : `${reduce} over ${schedule!.name}`;
    const meta = {
      measures: measures.join(','),
      spectrum: spectrumSpec,
      d,
      ...(losses.length > 0 ? (abar !== undefined ? { abar } : { schedule: schedule!.name, reduce }) : {}),
      ...(losses.length > 0 ? { c } : {}),
      ...(hasKl ? { eps } : {}),
      mean,
      perDimension,
      ...finiteSizeColumns(finiteSizeInfo, {}, []),
      // The certified compression of the spectrum the theory ran on (docs/compression.md), if any.
      ...(theory.compression ? { compressionAtoms: theory.compression.atoms, compressionCertifiedError: theory.compression.certifiedError } : {}),
      ...(mc ? { draws, seed, population: population ? 'data' : 'gaussian' } : {}),
    };
    if (format === 'json') {
      io.stdout(toJson({ ...meta, measures, converged: theory.converged, rows: rows.map((r) => Object.fromEntries(columns.map((k, j) => [k, r[j]]))) }) + '\n');
    } else if (format === 'csv') io.stdout(toCsv({ columns, rows }, csvMeta(args, 'curve', meta)));
    else {
      const caption = `${measures.join(', ')}${perDimension ? ' per dimension' : ''}, ${where}, spectrum ${spectrumSpec} (d = ${d}), ${mean} mean${mc ? `, Monte Carlo ${draws} draws/N${population ? ' from the data' : ''}, seed ${seed}` : ''}`;
      // Second header line: the finite-size order of the theory columns (largest relative size over N).
      io.stdout(`${caption}\n${describeFiniteSize(finiteSizeInfo)}\n\n` + toMarkdown({ columns, rows }));
    }
    return theory.converged ? 0 : 1;
  },
};
