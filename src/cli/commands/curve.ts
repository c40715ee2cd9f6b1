import { InvalidArgumentError } from '../../errors.js';
import { monteCarloParallel } from '../../node/monteCarloParallel.js';
import type { MeanStderr } from '../../statistics/summaryStatistics.js';
import { lossCurve } from '../../predictions/lossCurve.js';
import { deriveSeed } from '../../random/deriveSeed.js';
import { LIMITS } from '../../limits.js';
import { parseGrid } from '../args.js';
import { checkMonteCarloSizes } from '../monteCarloLimits.js';
import { svgLinePlot, type PlotSeries } from '../../plot/svgPlot.js';
import type { Command } from '../command.js';
import { OUTPUT_FLAGS, outputFormat } from '../command.js';
import { C_FLAG, MEAN_FLAG, PER_DIM_FLAG, QUIET_FLAG, SCHEDULE_FLAG, SEED_FLAG, readMean, readSchedule, readSeed } from '../modelFlags.js';
import { toCsv, toJson, toMarkdown } from '../output.js';
import { ProgressBar } from '../progress.js';
import { DEFAULT_SPECTRUM, SPECTRUM_FLAG, readSpectrum } from '../spectrumFlag.js';

const CURVE_MEASURES = ['testLoss', 'trainLoss', 'gap', 'alignment', 'referenceLoss', 'kl'] as const;
const DEFAULT_N = '16:4096:24';
const DEFAULT_EPS = 1e-3;

export const curveCommand: Command = {
  name: 'curve',
  summary: 'theory curve of one measure over N (optionally with Monte Carlo) — the main job',
  flags: [
    SPECTRUM_FLAG,
    { name: 'measure', value: CURVE_MEASURES.join('|'), help: 'what to plot (default testLoss)' },
    { name: 'N', value: 'GRID', help: `training-set sizes: LO:HI:COUNT (log grid), lin:LO:HI:COUNT, or a comma list (default ${DEFAULT_N})` },
    { name: 'abar', value: 'A', help: 'one noise level ᾱ instead of the whole schedule' },
    SCHEDULE_FLAG,
    { name: 'reduce', value: 'sum|mean', help: 'combine the schedule’s steps (default sum)' },
    C_FLAG,
    { name: 'eps', value: 'E', help: `ε of the sampling covariance for --measure kl (default ${DEFAULT_EPS})` },
    MEAN_FLAG,
    { name: 'mc', value: 'DRAWS', help: 'add Monte Carlo mean ± stderr with DRAWS training sets per N' },
    SEED_FLAG,
    PER_DIM_FLAG,
    { name: 'plot', value: 'FILE.svg', help: 'also write an SVG plot (theory line, Monte Carlo points with error bars, N = d marked)' },
    QUIET_FLAG,
    { name: 'workers', value: 'W', help: 'worker threads for Monte Carlo (default 1); results do not depend on W' },
    ...OUTPUT_FLAGS,
  ],
  examples: [
    'replica-diffusion curve',
    'replica-diffusion curve --spectrum powerlaw:d=256,k=1 --measure gap --N 16:4096:24 --abar 0.5 --mc 40 --seed 1 --csv',
    'replica-diffusion curve --measure kl --eps 1e-3 --N 300:30000:12 --json',
  ],
  async run(args, io) {
    const spectrumSpec = args.string('spectrum') ?? DEFAULT_SPECTRUM;
    const spectrum = readSpectrum(args, io);
    const measure = args.choice('measure', CURVE_MEASURES, 'testLoss');
    const mean = readMean(args);
    const Ns = parseGrid('--N', args.string('N') ?? DEFAULT_N, { integer: true, min: mean === 'estimated' ? 2 : 1 });
    const abar = args.number('abar');
    if (abar !== undefined && args.has('schedule')) throw new InvalidArgumentError('--abar', abar, 'give --abar or --schedule, not both');
    const schedule = abar === undefined ? readSchedule(args) : undefined;
    const reduce = args.choice('reduce', ['sum', 'mean'] as const, 'sum');
    const c = args.number('c', { min: 0 }) ?? 0;
    const isKl = measure === 'kl';
    const eps = isKl ? (args.number('eps', { min: 0 }) ?? DEFAULT_EPS) : undefined;
    if (!isKl && args.has('eps')) throw new InvalidArgumentError('--eps', args.string('eps'), 'only applies to --measure kl');
    const perDimension = args.has('per-dimension');
    const draws = args.integer('mc', 1);
    const seed = readSeed(args);
    const workers = args.integer('workers', 1, LIMITS.workers, 'worker threads limit') ?? 1;
    if (draws !== undefined) checkMonteCarloSizes({ spectrum, Ns, draws, nFlag: '--N', drawsFlag: '--mc', levels: schedule?.T ?? 1 });

    const theory = isKl
      ? lossCurve({ spectrum, Ns, abar: 0.5, eps, mean, perDimension })
      : lossCurve({ spectrum, Ns, abar, schedule, reduce, c, mean, perDimension });
    const rows = theory.rows.map((row) => ({ N: row.N, theory: isKl ? row.kl! : row[measure as Exclude<typeof measure, 'kl'>], asymptote: isKl ? row.klAsymptote : undefined }));

    let mc: MeanStderr[] | undefined;
    if (draws !== undefined) {
      if (isKl && !(eps! > 0)) throw new InvalidArgumentError('--eps', eps, 'must be > 0 for Monte Carlo of the KL');
      const bar = new ProgressBar(io, `mc ${measure}`, Ns.length * draws, args.has('quiet'));
      mc = [];
      for (const [i, N] of Ns.entries()) {
        const r = await monteCarloParallel({
          workers,
          spectrum,
          N,
          ...(isKl ? { eps } : { abar, schedule, reduce, c }),
          mean,
          draws,
          // One seed per N, derived from --seed, so adding N values does not change the others.
          seed: deriveSeed(seed, N),
          perDimension,
          onDraw: (done) => bar.update(i * draws + done),
        });
        mc.push((isKl ? r.kl : r[measure as Exclude<typeof measure, 'kl'>])!);
      }
      bar.done();
    }

    const format = outputFormat(args, 'markdown');
    const d = spectrum.d;
    const plotPath = args.string('plot');
    if (plotPath !== undefined) {
      const series: PlotSeries[] = [{ label: 'theory', kind: 'line', x: rows.map((r) => r.N), y: rows.map((r) => r.theory) }];
      if (isKl) series.push({ label: 'd²/(4N)', kind: 'line', dashed: true, x: rows.map((r) => r.N), y: rows.map((r) => r.asymptote!) });
      if (mc) series.push({ label: `Monte Carlo (${draws} draws)`, kind: 'points', x: Ns, y: mc.map((m) => m.mean), yErr: mc.map((m) => m.stderr) });
      const svg = svgLinePlot({
        title: `${measure} — ${spectrumSpec}`,
        xLabel: 'training-set size N',
        yLabel: `${measure}${perDimension ? ' per dimension' : ''}${isKl ? ` (ε = ${eps})` : abar !== undefined ? ` (ᾱ = ${abar})` : ` (${reduce} over schedule)`}`,
        series,
        verticalLines: [{ x: d, label: 'N = d' }],
      });
      io.writeTextFile(plotPath, svg); // a failure is a FileWriteError naming --plot (exit 1)
    }
    const where = isKl ? `eps=${eps}` : abar !== undefined ? `abar=${abar}` : `${reduce} over ${schedule!.name}`;
    if (format === 'json') {
      io.stdout(
        toJson({
          measure,
          spectrum: spectrumSpec,
          d,
          ...(isKl ? { eps } : abar !== undefined ? { abar } : { schedule: schedule!.name, reduce }),
          c: isKl ? undefined : c,
          mean,
          perDimension,
          seed: mc ? seed : undefined,
          converged: theory.converged,
          rows: rows.map((row, i) => ({ N: row.N, theory: row.theory, ...(isKl ? { asymptote: row.asymptote } : {}), ...(mc ? { mc: mc[i] } : {}) })),
        }) + '\n',
      );
      return theory.converged ? 0 : 1;
    }
    const columns = ['N', 'theory', ...(isKl ? ['asymptote'] : []), ...(mc ? ['mc_mean', 'mc_stderr'] : [])];
    const table = {
      columns,
      rows: rows.map((row, i) => [row.N, row.theory, ...(isKl ? [row.asymptote!] : []), ...(mc ? [mc[i].mean, mc[i].stderr] : [])]),
    };
    if (format === 'csv') io.stdout(toCsv(table));
    else io.stdout(`${measure}${perDimension ? ' per dimension' : ''}, ${where}, spectrum ${spectrumSpec} (d = ${d}), ${mean} mean${mc ? `, Monte Carlo ${draws} draws/N, seed ${seed}` : ''}\n\n` + toMarkdown(table));
    return theory.converged ? 0 : 1;
  },
};
