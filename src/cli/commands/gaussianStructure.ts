import { InvalidArgumentError } from '../../errors.js';
import { gaussianStructureCurve } from '../../gaussianStructure/gaussianStructureCurve.js';
import { gaussianPopulation, mnistPopulation, type Population } from '../../gaussianStructure/denoiserPopulation.js';
import { parseSpectrumSpec, SPECTRUM_SPEC_HELP } from '../../spectra/parseSpectrumSpec.js';
import { LIMITS } from '../../limits.js';
import { parseGrid } from '../commandLine/args.js';
import { checkMonteCarloSizes, requireMonteCarloWork } from '../commandLine/monteCarloLimits.js';
import type { Command } from '../commandLine/command.js';
import { OUTPUT_FLAGS, outputFormat, UsageError } from '../commandLine/command.js';
import { FINITE_SIZE_FLAG, MEAN_FLAG, QUIET_FLAG, SEED_FLAG, describeFiniteSize, readFiniteSize, readMean, readSeed, drawsFlag, readDraws } from '../commandLine/modelFlags.js';
import { worstFiniteSizeInfo } from '../../predictions/finiteSize/finiteSize.js';
import { PAPERS, printTable } from '../output/outputTable.js';
import { plotFlags, readPlot, writePlot } from '../output/plotFile.js';
import { spectrumReaders } from '../commandLine/spectrumFlag.js';
import { svgLinePlot, type PlotSeries } from '../../plot/svgPlot.js';
import { AXIS_LABEL, MEASURE_SYMBOL } from '../../plot/notation.js';
import { ProgressBar } from '../output/progress.js';

const DEFAULT_SPECTRUM = 'powerlaw:d=64,k=1';
const DEFAULT_N = '10:10000:12';
const DEFAULT_N_MNIST = '10:5000:9';
const DEFAULT_SIGMA = '0.01:100:25';

/**
 * `gaussian-structure`: Li, Dai & Qu’s comparison of denoisers over N and σ (docs/theory.md §10).
 * The theory of E‖D_N − D_G‖² always; with --draws a Monte Carlo of it (exact over test inputs
 * per training set), the linearity score of the memorising denoiser D_M and E‖D_M − D_G‖².
 * With --data mnist the theory uses the digits' covariance spectrum and the Monte Carlo trains on
 * actual subsets of the digits, with D_G built from the full set's mean and covariance
 * (src/montecarlo/denoiserPopulation.ts).
 */
export const gaussianStructureCommand: Command = {
  name: 'gaussian-structure',
  summary: 'distance of the trained linear denoiser D_N to the Gaussian one D_G over N and σ (theory docs/theory.md §10 with the finite-size correction of §6.9 for Gaussian data; Monte Carlo, memorising-denoiser linearity with --draws)',
  flags: [
    { name: 'spectrum', value: 'SPEC', help: `population spectrum for Gaussian data (${SPECTRUM_SPEC_HELP}); default ${DEFAULT_SPECTRUM}` },
    { name: 'data', value: 'mnist', help: 'use the mnist package digits instead of a spectrum (theory: their covariance spectrum; Monte Carlo: subsets of the digits)' },
    { name: 'per-digit', value: 'K', help: 'with --data mnist: at most K images per digit (default all, about 1000)' },
    { name: 'N', value: 'GRID', help: `training-set sizes, whole numbers (a fractional N is refused): LO:HI:COUNT (log grid, its points rounded), lin:LO:HI:COUNT or a comma list (default ${DEFAULT_N}; ${DEFAULT_N_MNIST} with --data mnist)` },
    { name: 'sigma', value: 'GRID', help: `VE noise levels σ > 0, same grid syntax (default ${DEFAULT_SIGMA})` },
    MEAN_FLAG,
    { ...FINITE_SIZE_FLAG, help: `${FINITE_SIZE_FLAG.help}; the correction is for Gaussian data, so --data mnist defaults to none` },
    drawsFlag('add Monte Carlo over D training sets per N (distanceMC, linearityMemorising, distanceMemorising)'),
    { name: 'pairs', value: 'P', help: 'linearity-score input pairs per training set (default 8)' },
    { name: 'tests', value: 'T', help: 'test inputs per training set for E‖D_M − D_G‖² (default 8)' },
    SEED_FLAG,
    ...plotFlags('E‖D_N − D_G‖² against σ, one line per N, Monte Carlo with error bars'),
    QUIET_FLAG,
    ...OUTPUT_FLAGS,
  ],
  examples: [
    'replica-diffusion gaussian-structure --spectrum powerlaw:d=64,k=1 --N 10:10000:12 --sigma 0.01:100:25 --json',
    'replica-diffusion gaussian-structure --spectrum iso:d=16 --N 10,100,1000 --sigma 0.1:10:5 --draws 8 --seed 1 --markdown',
    'replica-diffusion gaussian-structure --data mnist --per-digit 200 --N 20,200,1000 --sigma 0.1:10:5 --draws 2 --json',
  ],
  run(args, io) {
    const data = args.has('data') ? args.choice('data', ['mnist'] as const, 'mnist') : undefined;
    if (data !== undefined && args.has('spectrum')) throw new UsageError('give --spectrum or --data, not both');
    if (data === undefined && args.has('per-digit')) throw new InvalidArgumentError('--per-digit', args.string('per-digit'), 'only applies to --data mnist');
    const perDigit = args.integer('per-digit', 1);
    const mean = readMean(args);
    const Ns = parseGrid('--N', args.string('N') ?? (data ? DEFAULT_N_MNIST : DEFAULT_N), { integer: true, min: mean === 'estimated' ? 2 : 1 });
    const sigmas = parseGrid('--sigma', args.string('sigma') ?? DEFAULT_SIGMA);
    for (const s of sigmas) {
      if (!(s > 0) || !Number.isFinite(s * s) || !(s * s > 0)) throw new InvalidArgumentError('--sigma', s, 'every noise level must be > 0 (with σ² a positive finite double)');
    }
    const draws = readDraws(args);
    const pairs = args.integer('pairs', 1, LIMITS.probes, 'pairs limit');
    const tests = args.integer('tests', 1, LIMITS.probes, 'test inputs limit');
    if (draws === undefined) {
      for (const f of ['pairs', 'tests'] as const) if (args.has(f)) throw new InvalidArgumentError(`--${f}`, args.string(f), 'only applies with --draws');
    }
    const seed = readSeed(args);
    const format = outputFormat(args, 'markdown');
    const plot = readPlot(args);

    const spectrumSpec = args.string('spectrum') ?? DEFAULT_SPECTRUM;
    const spectrum = data === 'mnist' ? undefined : parseSpectrumSpec(spectrumSpec, spectrumReaders(io));
    const population: Population = spectrum === undefined ? mnistPopulation({ perDigit }) : gaussianPopulation(spectrum, `gaussian, spectrum ${spectrumSpec}`);
    // Per training set and σ: the exact distance (d²), and 3·pairs + tests evaluations of the
    // memorising denoiser, each a kernel sum over the N training points (≈ 10 flops per coordinate).
    const memorising = (N: number, d: number) => sigmas.length * (d * d + 10 * (3 * (pairs ?? 8) + (tests ?? 8)) * N * d);
    if (draws !== undefined && spectrum !== undefined) checkMonteCarloSizes({ spectrum, Ns, draws, nFlag: '--N', drawsFlag: '--draws', extraWork: memorising });
    if (draws !== undefined && draws > LIMITS.draws) throw new InvalidArgumentError('--draws', draws, `must be <= ${LIMITS.draws} (draws limit)`);
    if (draws !== undefined && spectrum === undefined) {
      const d = population.p;
      requireMonteCarloWork(Ns.reduce((w, N) => w + draws * (N * d * d + d * d * d + memorising(N, d)), 0), draws, '--draws', d, Ns);
    }
    if (draws !== undefined) {
      // A Monte Carlo builds a d × d covariance: the spectrum needs whole-number weights.
      for (const N of Ns) if (N > population.maxN) throw new InvalidArgumentError('--N', N, `must be <= ${population.maxN} for Monte Carlo on ${population.description}`);
    }
    const bar = new ProgressBar(io, 'gaussian-structure', draws === undefined ? 0 : Ns.length * draws, args.has('quiet'));
    // The first-order correction is the CLT mean term for Gaussian data (docs/theory.md §6.1): on the
    // digits themselves it would need their fourth moments, so it is off there unless asked for.
    const finiteSize = args.has('finite-size') ? readFiniteSize(args) : data === 'mnist' ? 'none' : readFiniteSize(args);
    const curve = gaussianStructureCurve({ population, Ns, sigmas, mean, draws, seed, pairs, tests, finiteSize, onProgress: (done) => bar.update(done) });
    bar.done();

    const source = data === 'mnist' ? { data: 'mnist', ...(perDigit !== undefined ? { perDigit } : {}) } : { spectrum: spectrumSpec };
    const mc = draws !== undefined;
    if (plot) {
      // One style per N (theory line and Monte Carlo markers share it).
      const series: PlotSeries[] = [];
      Ns.forEach((N) => {
        const rows = curve.rows.filter((r) => r.N === N);
        series.push({ label: `N = ${N} theory`, key: `N = ${N}`, kind: 'line', x: rows.map((r) => r.sigma), y: rows.map((r) => r.distanceTheory) });
        if (mc) series.push({ label: `N = ${N} Monte Carlo`, key: `N = ${N}`, kind: 'points', x: rows.map((r) => r.sigma), y: rows.map((r) => r.distanceMC!.mean), yErr: rows.map((r) => r.distanceMC!.stderr) });
      });
      const symbol = MEASURE_SYMBOL.distance;
      writePlot(io, plot, svgLinePlot({ title: `${symbol} — ${population.description}`, xLabel: AXIS_LABEL.sigma, yLabel: symbol, xLog: plot.xLog, yLog: plot.yLog, series, ...plot.figure }));
    }
    // Column names: docs/output-schema.md (<measure>_theory, <measure>_mc_mean, <measure>_mc_stderr).
    const columns = ['N', 'sigma', 'distance_theory', 'sigmaEffective'];
    if (mc) columns.push('distance_mc_mean', 'distance_mc_stderr', 'linearityMemorising_mc_mean', 'linearityMemorising_mc_stderr', 'distanceMemorising_mc_mean', 'distanceMemorising_mc_stderr');
    // Which finite-size order (docs/theory.md §6.9), as flat columns; with first-order the d → ∞ value.
    columns.push('finiteSize', 'finiteSizeApplied', 'finiteSizeRelativeSize', 'finiteSizeReliable');
    if (finiteSize === 'first-order') columns.push('distance_theory_infinite_d');
    const rows = curve.rows.map((r) => {
      const cells: (number | string | boolean)[] = [r.N, r.sigma, r.distanceTheory, r.sigmaEffective];
      if (mc) for (const m of [r.distanceMC!, r.linearityMemorising!, r.distanceMemorising!]) cells.push(m.mean, m.stderr);
      cells.push(r.finiteSize.order, r.finiteSize.applied, r.finiteSize.relativeSize, r.finiteSize.reliable);
      if (finiteSize === 'first-order') cells.push(r.distanceTheoryInfiniteD);
      return cells;
    });
    const settings = { paper: PAPERS.gaussian, ...source, d: population.d, ...(data === 'mnist' ? { p: population.p } : {}), mean, finiteSize, ...(mc ? { draws, seed, pairs: pairs ?? 8, tests: tests ?? 8 } : {}) };
    const caption = `E‖D_N − D_G‖² on noised test inputs, ${population.description}${data === 'mnist' ? ` (${population.p} non-constant directions)` : ` (d = ${population.d})`}, ${mean} mean${mc ? `, Monte Carlo ${draws} training sets/N, seed ${seed}` : ''}`;
    printTable(io, args, format, {
      command: 'gaussian-structure',
      settings,
      columns,
      rows,
      diagnostics: { converged: curve.converged },
      preamble: `${caption}\n${describeFiniteSize(worstFiniteSizeInfo(finiteSize, curve.rows.map((r) => r.finiteSize)))}`,
    });
    return curve.converged ? 0 : 1;
  },
};
