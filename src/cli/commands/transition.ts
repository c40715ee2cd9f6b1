import { InvalidArgumentError } from '../../errors.js';
import { sampleSetDistances } from '../../transition/sampleSetDistances.js';
import { transitionCurve, type Summary, type TransitionRow } from '../../transition/transitionCurve.js';
import { oneStepPrediction } from '../../transition/oneStepTheory.js';
import { parseGrid } from '../args.js';
import type { Args } from '../args.js';
import type { Command } from '../command.js';
import { OUTPUT_FLAGS, outputFormat, UsageError } from '../command.js';
import type { CliIo } from '../io.js';
import { QUIET_FLAG, SEED_FLAG, readSeed } from '../modelFlags.js';
import { toCsv, toJson, toMarkdown } from '../output.js';
import { ProgressBar } from '../progress.js';
import { parseSampleFile, type SampleMatrix } from '../sampleFiles.js';
import { checkTransitionModelSizes, requirePairWork } from '../transitionLimits.js';

const MODEL_FLAGS = ['d', 'n', 'mu', 'sigma', 'T', 'lambda', 'draws', 'seed', 'orientation', 'kernel', 'quiet'];

/**
 * `replica-diffusion transition`: the memorisation-to-generalisation metric of seed 000
 * (THEORY.md §8). Model mode runs the one-step linear denoiser over a grid of training-set
 * sizes; evaluator mode (--train/--original/--generated files) scores samples produced elsewhere.
 */
export const transitionCommand: Command = {
  name: 'transition',
  summary: 'memorisation-to-generalisation metric P(Δ > 0), H², KL, E_TG, E_OG of the one-step linear denoiser, or of sample files (THEORY.md §8)',
  flags: [
    { name: 'd', value: 'D', help: 'dimension (default 16)' },
    { name: 'n', value: 'GRID', help: 'training-set sizes: LO:HI:COUNT (log grid), lin:LO:HI:COUNT or a,b,c; integers >= 2 (default 2:4d:12)' },
    { name: 'mu', value: 'M', help: 'data mean μ·1 (default 10)' },
    { name: 'sigma', value: 'S', help: 'data standard deviation σ (default 1); with files: the data scale (default: estimated from --original)' },
    { name: 'T', value: 'T', help: 'diffusion time (default 2)' },
    { name: 'lambda', value: 'L', help: 'noise scale λ, Δ_T = λ(1 − e^(−2T)) (default e^(−4) = 0.0183…)' },
    { name: 'original', value: 'N|FILE', help: 'size N_O of the original set (default 10000); with --train/--generated: the original samples file' },
    { name: 'draws', value: 'K', help: 'training sets per n (default 300)' },
    SEED_FLAG,
    { name: 'orientation', value: 'model|seed', help: "generated covariance σ_X²θ1θ1ᵀ ('model', default) or σ_X²θ1ᵀθ1 (seed eq. 17)" },
    { name: 'kernel', value: 'seed|optimal|mixing', help: 'kernel widths: σ·size^(−1/d) (default), eq. 11, or √(2 t_M) (eq. 9–10)' },
    { name: 'per-coordinate', help: 'also the per-coordinate variant (seed eq. 23–24)' },
    { name: 'train', value: 'FILE', help: 'evaluator mode: training samples (.csv or .npy, rows = samples)' },
    { name: 'generated', value: 'FILE', help: 'evaluator mode: generated samples (.csv or .npy)' },
    QUIET_FLAG,
    ...OUTPUT_FLAGS,
  ],
  examples: [
    'replica-diffusion transition --d 16 --n 4:64:12 --draws 300 --seed 1 --json',
    'replica-diffusion transition --train train.npy --original original.npy --generated samples.csv --json',
  ],
  run(args, io) {
    const evaluator = args.has('train') || args.has('generated');
    return evaluator ? runEvaluator(args, io) : runModel(args, io);
  },
};

function runModel(args: Args, io: CliIo): number {
  const format = outputFormat(args, 'markdown');
  const d = args.integer('d', 1) ?? 16;
  const ns = parseGrid('--n', args.string('n') ?? `2:${4 * d}:12`, { integer: true, min: 2 });
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
  checkTransitionModelSizes(d, ns, originalSize, draws);
  const sigma = args.number('sigma', { greaterThan: 0 }) ?? 1;
  const T = args.number('T', { min: 0 }) ?? 2;
  const lambda = args.number('lambda', { min: 0 }) ?? Math.exp(-4);
  const mu = args.number('mu') ?? 10;
  const orientation = args.choice('orientation', ['model', 'seed'] as const, 'model');
  const kernel = args.choice('kernel', ['seed', 'optimal', 'mixing'] as const, 'seed');
  const seed = readSeed(args);
  const perCoordinate = args.has('per-coordinate');
  const bar = new ProgressBar(io, 'transition', draws, args.has('quiet'));
  const result = transitionCurve({
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
    onProgress: (done) => bar.update(done),
  });
  bar.done();
  const predictions = orientation === 'model' ? result.rows.map((r) => oneStepPrediction({ d, n: r.n, sigma, T, lambda })) : null;
  if (format === 'json') {
    const rows = result.rows.map((r, t) => {
      const row: Record<string, unknown> = {
        n: r.n,
        pDeltaPositive: r.pDeltaPositive,
        pLow: r.pLow,
        pHigh: r.pHigh,
        hellinger: ms(r.hellinger),
        kl: ms(r.kl),
        eTG: ms(r.eTG),
        eOG: ms(r.eOG),
        regime: r.regime,
        resolved: r.resolved,
        rank: r.rank,
        positive: r.positive,
        ambiguous: r.ambiguous,
        hellingerOnSupport: ms(r.hellingerOnSupport),
        klMedian: r.kl.median,
        klData: { ...ms(r.klData), median: r.klData.median },
        eTGFinitePart: ms(r.eTGFinitePart),
        eOGFinitePart: ms(r.eOGFinitePart),
        generatedVariance: ms(r.generatedVariance),
        log10RelativeDelta: r.logRelativeDelta.median / Math.LN10,
        epsilonTrain: r.epsilonTrain,
        epsilonOriginal: r.epsilonOriginal,
      };
      if (r.perCoordinate) row.perCoordinate = { pDeltaPositive: r.perCoordinate.pDeltaPositive, pLow: r.perCoordinate.pLow, pHigh: r.perCoordinate.pHigh, eTG: ms(r.perCoordinate.eTG), eOG: ms(r.perCoordinate.eOG) };
      if (predictions) {
        const p = predictions[t];
        row.prediction = { generatedVariance: p.moments.generatedVariance, kl: p.kl, hellinger: p.hellinger, klDataTypical: p.klDataTypical };
      }
      return row;
    });
    const out: Record<string, unknown> = {
      rows,
      crossing: result.crossing,
      settings: { d, mu, sigma, T, lambda, originalSize, draws, seed, orientation, kernel },
    };
    if (perCoordinate) out.perCoordinateCrossing = result.perCoordinateCrossing ?? null;
    io.stdout(toJson(out) + '\n');
    return 0;
  }
  const table = {
    columns: ['n', 'rank', 'pDeltaPositive', 'pLow', 'pHigh', 'regime', 'hellinger', 'hellingerStderr', 'kl', 'klStderr', 'klMedian', 'eTG', 'eTGStderr', 'eOG', 'eOGStderr', 'generatedVariance', ...(perCoordinate ? ['pDeltaPositivePerCoordinate'] : [])],
    rows: result.rows.map((r: TransitionRow) => [
      r.n,
      r.rank,
      r.pDeltaPositive,
      r.pLow,
      r.pHigh,
      r.regime,
      r.hellinger.mean,
      r.hellinger.stderr,
      r.kl.mean,
      r.kl.stderr,
      r.kl.median,
      r.eTG.mean,
      r.eTG.stderr,
      r.eOG.mean,
      r.eOG.stderr,
      r.generatedVariance.mean,
      ...(perCoordinate ? [r.perCoordinate!.pDeltaPositive] : []),
    ]),
  };
  if (format === 'csv') io.stdout(toCsv(table));
  else {
    io.stdout(toMarkdown(table));
    const c = result.crossing;
    io.stdout(c ? `\nP(Δ > 0) crosses 1/2 at n ≈ ${c.n.toPrecision(4)} (95% band ${c.low === null ? '?' : c.low.toPrecision(4)} – ${c.high === null ? '?' : c.high.toPrecision(4)})\n` : '\nP(Δ > 0) does not cross 1/2 upwards on this grid\n');
  }
  return 0;
}

function ms(s: Summary): { mean: number; stderr: number } {
  return { mean: s.mean, stderr: s.stderr };
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
    train: sets.train.rows,
    original: sets.original.rows,
    generated: sets.generated.rows,
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
  if (format === 'json') io.stdout(toJson(record) + '\n');
  else {
    const table = { columns: Object.keys(record), rows: [Object.values(record)] };
    if (format === 'csv') io.stdout(toCsv(table));
    else if (format === 'markdown') io.stdout(toMarkdown(table));
    else io.stdout(Object.entries(record).map(([k, v]) => `${k} = ${v}`).join('\n') + '\n');
  }
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
