import { InvalidArgumentError } from '../../errors.js';
import { sampleSetDistances } from '../../transition/sampleSetDistances.js';
import { transitionAcrossOriginalSets } from '../../transition/acrossOriginalSets.js';
import { transitionCurve, type Summary, type TransitionRow } from '../../transition/transitionCurve.js';
import { oneStepPrediction } from '../../transition/oneStepTheory.js';
import { parseGrid } from '../commandLine/args.js';
import type { Args } from '../commandLine/args.js';
import type { Command } from '../commandLine/command.js';
import { OUTPUT_FLAGS, outputFormat, UsageError } from '../commandLine/command.js';
import type { CliIo } from '../files/io.js';
import { QUIET_FLAG, SEED_FLAG, readSeed } from '../commandLine/modelFlags.js';
import { PAPERS, printTable, recordColumns, recordRows } from '../output/outputTable.js';
import { plotFlags, readPlot, writePlot } from '../output/plotFile.js';
import { svgLinePlot } from '../../plot/svgPlot.js';
import { AXIS_LABEL } from '../../plot/notation.js';
import { ProgressBar } from '../output/progress.js';
import { orientSamples, parseSampleFile, type SampleMatrix } from '../files/sampleFiles.js';
import { checkTransitionModelSizes, requirePairWork } from '../commandLine/transitionLimits.js';

const MODEL_FLAGS = ['d', 'N', 'mu', 'sigma', 'T', 'lambda', 'draws', 'original-sets', 'seed', 'orientation', 'kernel', 'quiet', 'plot', 'log-x', 'log-y'];

/**
 * `replica-diffusion transition`: the memorisation-to-generalisation metric of the onset-of-memorization paper
 * (docs/theory.md §9). Model mode runs the one-step linear denoiser over a grid of training-set
 * sizes; evaluator mode (--train/--original/--generated files) scores samples produced elsewhere.
 */
export const transitionCommand: Command = {
  name: 'transition',
  summary: 'memorisation-to-generalisation metric P(Δ > 0), H², KL, E_TG, E_OG of the one-step linear denoiser, or of sample files (docs/theory.md §9; the theory columns are d → ∞ theory, with no finite-size correction: §6.9 says why)',
  flags: [
    { name: 'd', value: 'D', help: 'dimension (default 16)' },
    { name: 'N', value: 'GRID', help: 'training-set sizes n of the one-step denoiser, whole numbers >= 2 (a fractional one is refused): LO:HI:COUNT (log grid, its points rounded), lin:LO:HI:COUNT or a,b,c (default 2:4d:12); the output column is n', aliases: ['n'] },
    { name: 'mu', value: 'M', help: 'data mean μ·1 (default 10)' },
    { name: 'sigma', value: 'S', help: 'data standard deviation σ (default 1); with files: the data scale (default: estimated from --original)' },
    { name: 'T', value: 'T', help: 'diffusion time (default 2)' },
    { name: 'lambda', value: 'L', help: 'noise scale λ, Δ_T = λ(1 − e^(−2T)) (default e^(−4) = 0.0183…)' },
    { name: 'original', value: 'N|FILE', help: 'size N_O of the original set (default 10000); with --train/--generated: the original samples file' },
    { name: 'draws', value: 'K', help: 'training sets per n (default 300)', aliases: ['mc'] },
    { name: 'original-sets', value: 'K', help: "split the draws over K >= 2 original sets (seeds S … S+K−1) and add an interval for P(Δ > 0) that includes the original set's variation (pDeltaPositive_across_low/_high)" },
    SEED_FLAG,
    { name: 'orientation', value: 'model|seed', help: "generated covariance σ_X²θ1θ1ᵀ ('model', default) or σ_X²θ1ᵀθ1 (the onset-of-memorization paper’s eq. 17)" },
    { name: 'kernel', value: 'seed|optimal|mixing', help: 'kernel widths: σ·size^(−1/d) (default), eq. 11, or √(2 t_M) (eq. 9–10)' },
    { name: 'per-coordinate', help: 'also the per-coordinate variant (the onset-of-memorization paper’s eq. 23–24)' },
    { name: 'train', value: 'FILE', help: 'evaluator mode: training samples (.csv or .npy, rows = samples; a CSV header line and pandas index column are skipped; a train or generated file saved d × N is read transposed when its rows equal the original set’s column count d)' },
    { name: 'generated', value: 'FILE', help: 'evaluator mode: generated samples (.csv or .npy)' },
    ...plotFlags('P(Δ > 0) against n with 95% Wilson intervals, the crossing of 1/2 marked'),
    QUIET_FLAG,
    ...OUTPUT_FLAGS,
  ],
  examples: [
    'replica-diffusion transition --d 16 --N 4:64:12 --draws 300 --seed 1 --json',
    'replica-diffusion transition --train train.npy --original original.npy --generated samples.csv --json',
  ],
  run(args, io) {
    const evaluator = args.has('train') || args.has('generated');
    return evaluator ? runEvaluator(args, io) : runModel(args, io);
  },
};

function runModel(args: Args, io: CliIo): number {
  const format = outputFormat(args, 'markdown');
  const plot = readPlot(args);
  const d = args.integer('d', 1) ?? 16;
  const ns = parseGrid(`--${args.typedName('N')}`, args.string('N') ?? `2:${4 * d}:12`, { integer: true, min: 2 });
  ns.sort((a, b) => a - b);
  const originalText = args.string('original');
  let originalSize = 10_000;
  if (originalText !== undefined) {
    const v = Number(originalText.trim());
    if (!/^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(originalText.trim()) || !Number.isSafeInteger(v)) {
      throw new InvalidArgumentError('--original', originalText, 'must be a whole number N_O >= 2 (a file is only accepted together with --train and --generated)');
    }
    if (v < 2) throw new InvalidArgumentError('--original', originalText, 'must be >= 2');
    originalSize = v;
  }
  const draws = args.integer('draws', 1) ?? 300;
  checkTransitionModelSizes(d, ns, originalSize, draws, { n: `--${args.typedName('N')}`, draws: `--${args.typedName('draws')}` });
  const sigma = args.number('sigma', { greaterThan: 0 }) ?? 1;
  const T = args.number('T', { min: 0 }) ?? 2;
  const lambda = args.number('lambda', { min: 0 }) ?? Math.exp(-4);
  const mu = args.number('mu') ?? 10;
  const orientation = args.choice('orientation', ['model', 'seed'] as const, 'model');
  const kernel = args.choice('kernel', ['seed', 'optimal', 'mixing'] as const, 'seed');
  const seed = readSeed(args);
  const perCoordinate = args.has('per-coordinate');
  // The original set's O(N_O² d) precomputation comes first (13 s at d = 100): show it too.
  const bar = new ProgressBar(io, `transition: original set (N_O = ${originalSize}), ‰`, 1000, args.has('quiet'));
  let drawing = false;
  const originalSets = args.integer('original-sets', 2);
  const curveOptions: Parameters<typeof transitionCurve>[0] = {
    d,
    ns,
    // Only what was typed: the library blames a limit on a flag the user set, not on a default.
    mu: args.number('mu'),
    sigma: args.number('sigma', { greaterThan: 0 }),
    T: args.number('T', { min: 0 }),
    lambda: args.number('lambda', { min: 0 }),
    originalSize,
    draws,
    seed,
    orientation,
    kernelWidths: kernel,
    perCoordinate,
    onSetupProgress: (done, total) => bar.update(Math.floor((1000 * done) / total)),
    onProgress: (done) => {
      if (!drawing) {
        drawing = true;
        bar.phase('transition: draws', draws);
      }
      bar.update(done);
    },
  };
  const across = originalSets === undefined ? null : transitionAcrossOriginalSets({ ...curveOptions, originalSets });
  const result = across === null ? transitionCurve(curveOptions) : across.pooled;
  bar.done();
  const predictions = orientation === 'model' ? result.rows.map((r) => oneStepPrediction({ d, n: r.n, sigma, T, lambda })) : null;
  if (plot) {
    const ns = result.rows.map((r) => r.n);
    writePlot(
      io,
      plot,
      svgLinePlot({
        title: `Memorisation → generalisation: one-step linear denoiser, d = ${d}`,
        xLabel: AXIS_LABEL.n,
        yLabel: 'probability of generalising P(Δ > 0)',
        xLog: plot.xLog,
        yLog: plot.yLog ?? false,
        series: [
          { label: 'P(Δ > 0) = 1/2', kind: 'line', x: [ns[0], ns[ns.length - 1]], y: [0.5, 0.5], color: '#777777', dash: '2 3' },
          { label: `Monte Carlo (${draws} draws per n)`, kind: 'points', x: ns, y: result.rows.map((r) => r.pDeltaPositive), yLower: result.rows.map((r) => r.pLow), yUpper: result.rows.map((r) => r.pHigh) },
        ],
        errorBarLabel: 'error bars: 95% Wilson interval',
        verticalLines: [{ x: d, label: 'n = d' }, ...(result.crossing ? [{ x: result.crossing.n, label: 'crossing' }] : [])],
        ...plot.figure,
      }),
    );
  }
  // Column names: docs/output-schema.md. Every simulated value is <measure>_mc_mean / _mc_stderr
  // (_mc_median, _mc_low/_mc_high for a proportion's 95% Wilson interval), theory <measure>_theory.
  // JSON, JSON Lines and CSV have every column; Markdown and LaTeX the headline ones (`shown`).
  const shown: Record<string, number | string | boolean | null>[] = [];
  const rows = result.rows.map((r: TransitionRow, t) => {
    const row: Record<string, number | string | boolean | null> = {
      N: r.n,
      rank: r.rank,
      pDeltaPositive_mc_mean: r.pDeltaPositive,
      pDeltaPositive_mc_low: r.pLow,
      pDeltaPositive_mc_high: r.pHigh,
      ...(across ? { pDeltaPositive_across_low: across.rows[t].interval.low, pDeltaPositive_across_high: across.rows[t].interval.high } : {}),
      regime: r.regime,
      ...ms('hellinger', r.hellinger),
      ...ms('kl', r.kl),
      kl_mc_median: r.kl.median,
      ...ms('eTG', r.eTG),
      ...ms('eOG', r.eOG),
      ...ms('generatedVariance', r.generatedVariance),
    };
    if (r.perCoordinate) Object.assign(row, { pDeltaPositivePerCoordinate_mc_mean: r.perCoordinate.pDeltaPositive, pDeltaPositivePerCoordinate_mc_low: r.perCoordinate.pLow, pDeltaPositivePerCoordinate_mc_high: r.perCoordinate.pHigh });
    if (predictions) {
      const p = predictions[t];
      Object.assign(row, { generatedVariance_theory: p.moments.generatedVariance, kl_theory: p.kl, hellinger_theory: p.hellinger });
    }
    shown.push({ ...row });
    Object.assign(row, {
      resolved: r.resolved,
      positive: r.positive,
      ambiguous: r.ambiguous,
      ...ms('hellingerOnSupport', r.hellingerOnSupport),
      ...ms('klData', r.klData),
      klData_mc_median: r.klData.median,
      ...ms('eTGFinitePart', r.eTGFinitePart),
      ...ms('eOGFinitePart', r.eOGFinitePart),
      log10RelativeDelta_mc_median: r.logRelativeDelta.median / Math.LN10,
      epsilonTrain: r.epsilonTrain,
      epsilonOriginal: r.epsilonOriginal,
    });
    if (r.perCoordinate) Object.assign(row, { ...ms('eTGPerCoordinate', r.perCoordinate.eTG), ...ms('eOGPerCoordinate', r.perCoordinate.eOG) });
    if (predictions) row.klDataTypical_theory = predictions[t].klDataTypical;
    return row;
  });
  const columns = recordColumns(rows);
  const shownColumns = recordColumns(shown);
  const c = result.crossing;
  printTable(io, args, format, {
    command: 'transition',
    settings: { paper: PAPERS.transition, d, mu, sigma, T, lambda, originalSize, draws, seed, orientation, kernel, perCoordinate, ...(across ? { originalSets: across.originalSets } : {}) },
    columns,
    rows: recordRows(columns, rows),
    diagnostics: { crossing: result.crossing, ...(perCoordinate ? { perCoordinateCrossing: result.perCoordinateCrossing ?? null } : {}) },
    display: { columns: shownColumns, rows: recordRows(shownColumns, shown) },
    postscript: c ? `\nP(Δ > 0) crosses 1/2 at n ≈ ${c.n.toPrecision(4)} (95% band ${c.low === null ? '?' : c.low.toPrecision(4)} – ${c.high === null ? '?' : c.high.toPrecision(4)})\n` : '\nP(Δ > 0) does not cross 1/2 upwards on this grid\n',
  });
  return 0;
}

function ms(name: string, s: Summary): Record<string, number> {
  return { [`${name}_mc_mean`]: s.mean, [`${name}_mc_stderr`]: s.stderr };
}

function runEvaluator(args: Args, io: CliIo): number {
  const format = outputFormat(args, 'text');
  const files = { train: args.string('train'), original: args.string('original'), generated: args.string('generated') };
  const missing = Object.entries(files).filter(([, v]) => v === undefined).map(([k]) => '--' + k);
  if (missing.length > 0) throw new UsageError(`evaluator mode needs --train, --original and --generated files (missing ${missing.join(', ')})`);
  const stray = MODEL_FLAGS.filter((f) => f !== 'sigma' && f !== 'quiet' && args.has(f));
  if (stray.length > 0) throw new UsageError(`${stray.map((f) => '--' + f).join(', ')} ${stray.length > 1 ? 'are' : 'is'} not used with sample files`);
  const sets: Record<string, SampleMatrix> = {};
  for (const [name, file] of Object.entries(files) as [string, string][]) {
    sets[name] = parseSampleFile(file, { text: () => readOr(io, file, 'text', name) as string, bytes: () => readOr(io, file, 'bytes', name) as Uint8Array });
  }
  // Rows are samples. When the files disagree, the original set fixes d: its column count, with a
  // d × N train or generated file read transposed (orientSamples); or, if only it is d × N (the
  // other two agree on its row count as their columns), the original alone is transposed. Anything
  // else is the mismatch below, naming the file — one odd file never flips the others.
  if (!(sets.train.cols === sets.original.cols && sets.generated.cols === sets.original.cols)) {
    const others = [sets.train, sets.generated];
    const d = others.every((m) => m.rows === sets.original.cols || m.cols === sets.original.cols) ? sets.original.cols : others.every((m) => m.cols === sets.original.rows) ? sets.original.rows : undefined;
    if (d !== undefined) for (const [name, file] of Object.entries(files) as [string, string][]) sets[name] = orientSamples(sets[name], file, d);
  }
  const d = sets.original.cols;
  for (const name of ['train', 'generated']) {
    if (sets[name].cols !== d) throw new InvalidArgumentError(files[name as 'train'] as string, `${sets[name].cols} columns`, `mismatched d: ${files.original} has ${d} columns`);
  }
  requirePairWork(sets.train.rows, sets.original.rows, sets.generated.rows, d);
  const r = sampleSetDistances({
    train: { points: sets.train.data, count: sets.train.rows },
    original: { points: sets.original.data, count: sets.original.rows },
    generated: { points: sets.generated.data, count: sets.generated.rows },
    d,
    sigma: args.number('sigma', { greaterThan: 0 }),
    perCoordinate: true,
  });
  const record: Record<string, number | string | boolean> = {
    d,
    trainSize: sets.train.rows,
    originalSize: sets.original.rows,
    generatedSize: sets.generated.rows,
    sigma: r.sigma,
    epsilonTrain: r.epsilon.train,
    epsilonOriginal: r.epsilon.original,
    epsilonGenerated: r.epsilon.generated,
    eTG: r.eTG,
    eOG: r.eOG,
    delta: r.delta,
    deltaPositive: r.deltaPositive,
    regime: r.deltaPositive ? 'generalisation' : 'memorisation',
    log10RelativeDelta: r.logRelativeDelta / Math.LN10,
  };
  if (r.perCoordinate) {
    record.eTGPerCoordinate = r.perCoordinate.eTG;
    record.eOGPerCoordinate = r.perCoordinate.eOG;
    record.deltaPerCoordinate = r.perCoordinate.delta;
    record.deltaPositivePerCoordinate = r.perCoordinate.deltaPositive;
  }
  printTable(io, args, format, {
    command: 'transition',
    settings: { paper: PAPERS.transition, mode: 'evaluator', train: files.train, original: files.original, generated: files.generated },
    columns: Object.keys(record),
    rows: [Object.values(record)],
  });
  return 0;
}

/** Read a file through io, turning a missing/unreadable file into an error naming the flag and the file. */
function readOr(io: CliIo, file: string, kind: 'text' | 'bytes', flag: string): string | Uint8Array {
  try {
    return kind === 'text' ? io.readTextFile(file) : io.readBinaryFile(file);
  } catch (e) {
    if (e instanceof InvalidArgumentError) throw new InvalidArgumentError(`--${flag}`, file, e.reason);
    throw new InvalidArgumentError(`--${flag}`, file, `cannot read file: ${(e as Error).message}`);
  }
}
