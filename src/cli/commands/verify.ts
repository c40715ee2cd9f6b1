import { InvalidArgumentError } from '../../errors.js';
import { VERIFY_MEASURES, verifyModel, type VerifyMeasure } from '../../verification/verifyModel.js';
import { LIMITS } from '../../limits.js';
import { parseGrid } from '../args.js';
import { checkMonteCarloSizes } from '../monteCarloLimits.js';
import type { Command } from '../command.js';
import { OUTPUT_FLAGS, outputFormat } from '../command.js';
import { csvMeta } from '../csvHeader.js';
import { C_FLAG, FINITE_SIZE_FLAG, MEAN_FLAG, QUIET_FLAG, SCHEDULE_FLAG, SEED_FLAG, readFiniteSize, readMean, readSchedule, readSeed } from '../modelFlags.js';
import { toCsv, toJson, toMarkdown } from '../output.js';
import { ProgressBar } from '../progress.js';
import { DEFAULT_SPECTRUM, SPECTRUM_FLAG, readSpectrum } from '../spectrumFlag.js';

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
    { name: 'N', value: 'GRID', help: 'training-set sizes: a,b,c | LO:HI:COUNT | lin:LO:HI:COUNT (whole numbers)' },
    { name: 'abar', value: 'A', help: 'one noise level ᾱ in (0, 1) (default 0.5) …' },
    SCHEDULE_FLAG,
    { name: 'reduce', value: 'sum|mean', help: '… or a schedule combined over its steps (default sum)' },
    C_FLAG,
    { name: 'eps', value: 'E', help: 'ε of the KL’s sampling covariance Σ̂ + εI (default 1e-2)' },
    MEAN_FLAG,
    { name: 'measures', value: 'LIST', help: `comma list of ${VERIFY_MEASURES.join(', ')} (default all)` },
    { name: 'draws', value: 'D', help: 'training sets per N (default 200)' },
    SEED_FLAG,
    FINITE_SIZE_FLAG,
    { name: 'sigmas', value: 'K', help: 'standard errors allowed for sampling noise (default 4)' },
    { name: 'workers', value: 'W', help: 'worker threads for Monte Carlo (default 1); results do not depend on W' },
    QUIET_FLAG,
    ...OUTPUT_FLAGS,
  ],
  examples: ['replica-diffusion verify --spectrum powerlaw:d=100,k=1 --N 25:800:8 --abar 0.5 --draws 200 --seed 1', 'replica-diffusion verify --spectrum iso:d=64 --N 32,128 --schedule linear:T=100 --measures testLoss,gap --csv'],
  async run(args, io) {
    const spectrumSpec = args.string('spectrum') ?? DEFAULT_SPECTRUM;
    const spectrum = readSpectrum(args, io);
    const mean = readMean(args);
    const Ns = parseGrid('--N', args.requireString('N'), { integer: true, min: 2 });
    const abarGiven = args.number('abar');
    if (abarGiven !== undefined && args.has('schedule')) throw new InvalidArgumentError('--abar', abarGiven, 'give --abar or --schedule, not both');
    const schedule = args.has('schedule') ? readSchedule(args) : undefined;
    const abar = schedule === undefined ? (abarGiven ?? 0.5) : undefined;
    const reduce = args.choice('reduce', ['sum', 'mean'] as const, 'sum');
    const measures = parseMeasures(args.string('measures'));
    const draws = args.integer('draws', 2) ?? 200;
    const seed = readSeed(args);
    const finiteSize = readFiniteSize(args);
    const sigmas = args.number('sigmas', { greaterThan: 0 }) ?? 4;
    const eps = args.number('eps', { greaterThan: 0 }) ?? 1e-2;
    const c = args.number('c', { min: 0 }) ?? 0;
    const workers = args.integer('workers', 1, LIMITS.workers, 'worker threads limit') ?? 1;
    checkMonteCarloSizes({ spectrum, Ns, draws, nFlag: '--N', drawsFlag: '--draws', levels: schedule?.T ?? 1 });
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
    const meta = { spectrum: spectrumSpec, d: spectrum.d, ...(abar !== undefined ? { abar } : { schedule: schedule!.name, reduce }), c, eps, mean, draws, seed, finiteSize, sigmas, passed: result.passed, failed: result.failed };
    const format = outputFormat(args, 'markdown');
    if (format === 'json') io.stdout(toJson({ ...meta, rows: rows.map((r) => Object.fromEntries(columns.map((k, j) => [k, r[j]]))) }) + '\n');
    else if (format === 'csv') io.stdout(toCsv({ columns, rows }, csvMeta(args, 'verify', meta)));
    else {
      io.stdout(`verify: spectrum ${spectrumSpec} (d = ${spectrum.d}), ${where}, ${mean} mean, ${draws} draws/N, seed ${seed}; verdict for the ${finiteSize} theory: |theory − MC| ≤ ${sigmas}·stderr + allowance·|theory|\n\n`);
      io.stdout(toMarkdown({ columns, rows }));
      io.stdout(`\n${result.passed} passed, ${result.failed} failed\n`);
    }
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

function parseMeasures(text: string | undefined): VerifyMeasure[] {
  if (text === undefined || text.trim() === 'all') return [...VERIFY_MEASURES];
  const out: VerifyMeasure[] = [];
  for (const part of text.split(',')) {
    const m = part.trim() as VerifyMeasure;
    if (!VERIFY_MEASURES.includes(m)) throw new InvalidArgumentError('--measures', part, `must be a comma list of ${VERIFY_MEASURES.join(', ')} or all`);
    if (!out.includes(m)) out.push(m);
  }
  return out;
}
