import { didYouMean } from '../../didYouMean.js';
import { InvalidArgumentError } from '../../errors.js';
import { VERIFY_MEASURES, verifyModel, type VerifyMeasure } from '../../verification/verifyModel.js';
import { verifyObserved } from '../../verification/verifyObserved.js';
import type { MeanMode } from '../../predictions/model/ensemble.js';
import type { NoiseSchedule } from '../../predictions/model/noiseSchedule.js';
import type { Spectrum } from '../../spectra/spectrum.js';
import type { Args } from '../commandLine/args.js';
import type { CliIo } from '../files/io.js';
import type { Command } from '../commandLine/command.js';
import { SHARD_FLAGS } from '../commandLine/shardFlag.js';
import { OUTPUT_FLAGS, outputFormat } from '../commandLine/command.js';
import { C_FLAG, FINITE_SIZE_FLAG, MEAN_FLAG, QUIET_FLAG, SCHEDULE_FLAG, SEED_FLAG, readFiniteSize, readMean, readSchedule, readSeed, DEFAULT_EPS, WORKERS_FLAG, drawsFlag, epsFlag, readDraws, readTrainingSizes, readWorkers } from '../commandLine/modelFlags.js';
import { PAPERS, printTable } from '../output/outputTable.js';
import { checkMonteCarloSizes } from '../commandLine/monteCarloLimits.js';
import { ProgressBar } from '../output/progress.js';
import { DEFAULT_SPECTRUM, SPECTRUM_FLAG, readSpectrum } from '../commandLine/spectrumFlag.js';

/**
 * verify: theory against Monte Carlo of the real model, per N and measure, with a verdict
 * (src/verification/verifyModel.ts; the allowance is docs/accuracy.md's). Exits 1 when any
 * comparison fails, so it can gate a pipeline.
 */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'theory (both finite-size orders) vs Monte Carlo of the real model per N and measure: z-scores and a pass/fail verdict against the measured allowance (docs/accuracy.md); exit 1 if any fails',
  flags: [
    SPECTRUM_FLAG,
    { name: 'N', value: 'GRID', help: 'training-set sizes, whole numbers (a fractional N is refused): a,b,c | LO:HI:COUNT (log grid, its points rounded) | lin:LO:HI:COUNT' },
    { name: 'abar', value: 'A', help: 'one noise level ᾱ in (0, 1) (default 0.5) …' },
    SCHEDULE_FLAG,
    { name: 'reduce', value: 'sum|mean', help: '… or a schedule combined over its steps (default sum)' },
    C_FLAG,
    epsFlag(),
    MEAN_FLAG,
    { name: 'measure', value: 'M[,M…]|all', help: `comma list of ${VERIFY_MEASURES.join(', ')} (default all)`, aliases: ['measures'] },
    drawsFlag('training sets per N, >= 2 (default 200)'),
    SEED_FLAG,
    FINITE_SIZE_FLAG,
    { name: 'sigmas', value: 'K', help: 'standard errors allowed for sampling noise (default 4; with --observed, the |z| allowed, default 3)' },
    { name: 'observed', value: 'V[,V…]', help: 'single-run mode: your own measured value(s) of one --measure at one --N, one per training set; judged against the predicted mean ± spread over training sets (docs/theory.md §6.10), no Monte Carlo; exit 1 if inconsistent' },
    WORKERS_FLAG,
    QUIET_FLAG,
    ...OUTPUT_FLAGS,
    ...SHARD_FLAGS,
  ],
  examples: ['replica-diffusion verify --spectrum powerlaw:d=100,k=1 --N 25:800:8 --abar 0.5 --draws 200 --seed 1', 'replica-diffusion verify --spectrum powerlaw:d=64,k=1 --N 100 --abar 0.5 --measure testLoss --observed 120.4', 'replica-diffusion verify --spectrum iso:d=64 --N 32,128 --schedule linear:T=100 --measure testLoss,gap --csv'],
  async run(args, io) {
    const spectrumSpec = args.string('spectrum') ?? DEFAULT_SPECTRUM;
    const spectrum = readSpectrum(args, io);
    const mean = readMean(args);
    args.requireString('N');
    const Ns = readTrainingSizes(args, undefined, mean === 'known' ? 1 : 2)!;
    const abarGiven = args.number('abar');
    if (abarGiven !== undefined && args.has('schedule')) throw new InvalidArgumentError('--abar', abarGiven, 'give --abar or --schedule, not both');
    const schedule = args.has('schedule') ? readSchedule(args) : undefined;
    const abar = schedule === undefined ? (abarGiven ?? 0.5) : undefined;
    const reduce = args.choice('reduce', ['sum', 'mean'] as const, 'sum');
    const measures = parseMeasures(args.string('measure'), `--${args.typedName('measure')}`);
    const draws = readDraws(args, 200, 2)!;
    const seed = readSeed(args);
    const finiteSize = readFiniteSize(args);
    const sigmas = args.number('sigmas', { greaterThan: 0 }) ?? 4;
    const eps = args.number('eps', { greaterThan: 0 }) ?? DEFAULT_EPS;
    const c = args.number('c', { min: 0 }) ?? 0;
    if (args.has('observed')) return runObserved(args, io, { spectrum, spectrumSpec, Ns, abar, schedule, reduce, c, eps, mean, measures, sigmas: args.number('sigmas', { greaterThan: 0 }) ?? 3 });
    const workers = readWorkers(args);
    // The limits of curve/mc (dimension, N·d, draws, total work), before any draw.
    checkMonteCarloSizes({ spectrum, Ns, draws, nFlag: `--${args.typedName('N')}`, drawsFlag: `--${args.typedName('draws')}`, levels: schedule?.T ?? 1 });
    const bar = new ProgressBar(io, 'verify', Ns.length * draws, args.has('quiet'));
    const result = await verifyModel({
      spectrum,
      Ns,
      ...(abar !== undefined ? { abar } : { schedule, reduce }),
      c,
      eps,
      mean,
      draws,
      seed,
      finiteSize,
      measures,
      sigmas,
      workers,
      onDraw: (done) => bar.update(done),
    });
    bar.done();
    const columns = ['N', 'measure', 'theory', 'theory_first_order', 'theory_infinite_d', 'mc_mean', 'mc_stderr', 'z_first_order', 'z_infinite_d', 'allowance', 'pass', 'reliable'];
    const rows = result.rows.map((r) => [r.N, r.measure, r.theory, r.theoryFirstOrder, r.theoryInfiniteD, r.mc.mean, r.mc.stderr, r.zFirstOrder, r.zInfiniteD, r.allowance, r.pass, r.reliable]);
    const where = abar !== undefined ? `abar=${abar}` : `${reduce} over ${schedule!.name}`;
    // Long format (docs/output-schema.md): one row per (N, measure), the suffixes of <measure>_… as columns.
    const settings = { paper: PAPERS.linear, spectrum: spectrumSpec, d: spectrum.d, ...(abar !== undefined ? { abar } : { schedule: schedule!.name, reduce }), c, eps, mean, draws, seed, finiteSize, sigmas };
    const format = outputFormat(args, 'markdown');
    printTable(io, args, format, {
      command: 'verify',
      settings,
      columns,
      rows,
      diagnostics: { passed: result.passed, failed: result.failed },
      preamble: `verify: spectrum ${spectrumSpec} (d = ${spectrum.d}), ${where}, ${mean} mean, ${draws} draws/N, seed ${seed}; verdict for the ${finiteSize} theory: |theory − MC| ≤ ${sigmas}·stderr + allowance·|theory|`,
      postscript: `\n${result.passed} passed, ${result.failed} failed\n`,
    });
    if (result.failed === 0) return 0;
    // Exit 1 says why on stderr: which comparisons failed, by how many standard errors.
    const failedRows = result.rows.filter((r) => !r.pass);
    const z = (r: (typeof failedRows)[number]) => (finiteSize === 'none' ? r.zInfiniteD : r.zFirstOrder);
    const worst = failedRows.reduce((a, b) => (Math.abs(z(b)) > Math.abs(z(a)) || !Number.isFinite(z(a)) ? b : a));
    const list = failedRows.slice(0, 5).map((r) => `${r.measure} at N = ${r.N} (z = ${z(r).toPrecision(3)})`).join(', ');
    io.stderr(`replica-diffusion verify: ${result.failed} of ${result.rows.length} comparisons failed: ${list}${failedRows.length > 5 ? ', …' : ''}; worst ${worst.measure} at N = ${worst.N}: Monte Carlo ${worst.mc.mean.toPrecision(6)} ± ${worst.mc.stderr.toPrecision(2)} vs theory ${worst.theory.toPrecision(6)}, ${Math.abs(z(worst)).toPrecision(3)} standard errors (allowed ${sigmas} + ${(100 * worst.allowance).toPrecision(2)} % of the theory)\n`);
    return 1;
  },
};

/**
 * verify --observed: the user's value(s) from one or a few training sets against the predicted
 * mean and spread (src/verification/verifyObserved.ts). One N, one measure; long format as the
 * Monte Carlo mode, with the single-run columns (docs/output-schema.md).
 */
function runObserved(
  args: Args,
  io: CliIo,
  o: { spectrum: Spectrum; spectrumSpec: string; Ns: number[]; abar?: number; schedule?: NoiseSchedule; reduce: 'sum' | 'mean'; c: number; eps: number; mean: MeanMode; measures: VerifyMeasure[]; sigmas: number },
): number {
  for (const flag of ['draws', 'seed', 'workers', 'shard']) if (args.has(flag)) throw new InvalidArgumentError(`--${args.typedName(flag)}`, args.string(flag) ?? '', 'does not apply with --observed (no Monte Carlo is drawn)');
  if (o.Ns.length !== 1) throw new InvalidArgumentError(`--${args.typedName('N')}`, args.string('N'), 'must be one training-set size with --observed');
  if (o.measures.length !== 1 || !args.has('measure')) throw new InvalidArgumentError(`--${args.typedName('measure')}`, args.string('measure') ?? '', `must name one measure with --observed (${VERIFY_MEASURES.join(', ')})`);
  const observed = parseObserved(args.requireString('observed'));
  const r = verifyObserved({ spectrum: o.spectrum, N: o.Ns[0], ...(o.abar !== undefined ? { abar: o.abar } : { schedule: o.schedule, reduce: o.reduce }), c: o.c, eps: o.eps, mean: o.mean, measure: o.measures[0], observed, sigmas: o.sigmas });
  const columns = ['N', 'measure', 'theory', 'sd_theory', 'allowance', 'observed_mean', 'observed_count', 'z_observed', 'interval_low', 'interval_high', 'reliable', 'verdict'];
  const rows = [[r.N, r.measure, r.theory, r.sd, r.allowance, r.observedMean, r.count, r.z, r.interval.low, r.interval.high, r.reliable, r.verdict]];
  const where = o.abar !== undefined ? `abar=${o.abar}` : `${o.reduce} over ${o.schedule!.name}`;
  const settings = { paper: PAPERS.linear, spectrum: o.spectrumSpec, d: o.spectrum.d, ...(o.abar !== undefined ? { abar: o.abar } : { schedule: o.schedule!.name, reduce: o.reduce }), c: o.c, eps: o.eps, mean: o.mean, sigmas: o.sigmas, observed };
  printTable(io, args, outputFormat(args, 'markdown'), {
    command: 'verify',
    settings,
    columns,
    rows,
    diagnostics: { verdict: r.verdict, z: r.z },
    preamble: `verify --observed: spectrum ${o.spectrumSpec} (d = ${o.spectrum.d}), ${where}, ${o.mean} mean; ${r.count} value(s) of ${r.measure} against the predicted mean ± spread over training sets: consistent when |z| ≤ ${o.sigmas}, z = (mean − theory)/√(sd²/k + (allowance·theory)²); interval: where one training set falls with probability 95 %`,
    postscript: `\n${r.verdict}: z = ${r.z.toPrecision(3)}${r.reliable ? '' : ' (the theory is not reliable at this point: docs/theory.md §6.6)'}\n`,
  });
  if (r.verdict !== 'inconsistent') return 0;
  io.stderr(`replica-diffusion verify: the observed ${r.measure} (mean ${r.observedMean.toPrecision(6)} of ${r.count}) is ${Math.abs(r.z).toPrecision(3)} standard deviations from the theory ${r.theory.toPrecision(6)} ± ${r.sd.toPrecision(3)} (allowed ${o.sigmas})\n`);
  return 1;
}

function parseObserved(text: string): number[] {
  return text.split(/[\s,]+/).filter((t) => t !== '').map((t) => {
    const v = Number(t);
    if (!Number.isFinite(v)) throw new InvalidArgumentError('--observed', t, 'must be a comma list of finite numbers (your measured values, one per training set)');
    return v;
  });
}

function parseMeasures(text: string | undefined, flag: string): VerifyMeasure[] {
  if (text === undefined || text.trim() === 'all') return [...VERIFY_MEASURES];
  const out: VerifyMeasure[] = [];
  for (const part of text.split(',')) {
    const m = part.trim() as VerifyMeasure;
    if (!VERIFY_MEASURES.includes(m)) throw new InvalidArgumentError(flag, part, `must be a comma list of ${VERIFY_MEASURES.join(', ')} or all${didYouMean(part.trim(), VERIFY_MEASURES)}`);
    if (!out.includes(m)) out.push(m);
  }
  return out;
}
