import { join } from 'node:path';
import { InvalidArgumentError } from '../../errors.js';
import { checkMonteCarloDimensions, checkMonteCarloSizes } from '../../montecarlo/monteCarloLimits.js';
import { defaultNs, generateReport, type Report } from '../../report/generateReport.js';
import { createSpectrum } from '../../spectra/spectrum.js';
import type { Command } from '../commandLine/command.js';
import { SHARD_FLAGS } from '../commandLine/shardFlag.js';
import { readDataPopulation } from '../files/dataFiles.js';
import { C_FLAG, DEFAULT_EPS, MEAN_FLAG, QUIET_FLAG, SCHEDULE_FLAG, SEED_FLAG, drawsFlag, epsFlag, readDraws, readMean, readSchedule, readSeed, readTrainingSizes } from '../commandLine/modelFlags.js';
import { ProgressBar } from '../output/progress.js';
import { DEFAULT_SPECTRUM, SPECTRUM_FLAG, readSpectrum } from '../commandLine/spectrumFlag.js';

/**
 * `replica-diffusion report`: generateReport (src/report) for one spectrum, written to --out DIR:
 * report.md, its SVG figures and curve.csv.
 */
export const reportCommand: Command = {
  name: 'report',
  summary: 'a Markdown report with SVG figures for one spectrum: losses, gap, alignment, KL vs N (theory and Monte Carlo), densities of Σ̂, early stopping, accuracy',
  flags: [
    SPECTRUM_FLAG,
    { name: 'N', value: 'GRID', help: 'training-set sizes, whole numbers: LO:HI:COUNT (log grid, its points rounded), lin:LO:HI:COUNT or a comma list (default 10 from d/8 to 8d); a fractional N is refused' },
    { name: 'abar', value: 'A', help: 'one noise level ᾱ (default 0.5 unless --schedule)' },
    SCHEDULE_FLAG,
    { name: 'reduce', value: 'sum|mean', help: 'combine the schedule’s steps (default sum)' },
    C_FLAG,
    epsFlag(),
    MEAN_FLAG,
    drawsFlag('Monte Carlo with D training sets per N (with data:PATH drawn from the data); theory only without it'),
    SEED_FLAG,
    { name: 'band', value: 'K', help: 'shade theory ± K·sd over training sets in the losses, gap, alignment and KL figures (docs/theory.md §6.10)' },
    { name: 'out', value: 'DIR', help: 'folder to write report.md, the figures and curve.csv into (created if missing)' },
    QUIET_FLAG,
    ...SHARD_FLAGS,
  ],
  examples: [
    'replica-diffusion report --spectrum powerlaw:d=64,k=1 --draws 20 --seed 1 --out report-powerlaw',
    'replica-diffusion report --spectrum data:samples.csv --N 20:2000:8 --draws 10 --out report-data',
  ],
  run(args, io) {
    const out = args.requireString('out');
    const spec = args.string('spectrum') ?? DEFAULT_SPECTRUM;
    const mean = readMean(args);
    const draws = readDraws(args);
    if (draws === 1) throw new InvalidArgumentError(`--${args.typedName('draws')}`, draws, 'needs at least 2 draws: with one draw the standard error (and every z-score) is undefined');
    const seed = readSeed(args);
    const abar = args.number('abar');
    if (abar !== undefined && args.has('schedule')) throw new InvalidArgumentError('--abar', abar, 'give --abar or --schedule, not both');
    const population = draws !== undefined ? readDataPopulation(spec, io) : undefined;
    const spectrum = population ? createSpectrum(population.eigenvalues) : readSpectrum(args, io);
    const Ns = readTrainingSizes(args, undefined, mean === 'estimated' ? 2 : 1);
    const schedule = args.has('schedule') ? readSchedule(args) : undefined;
    // The Monte Carlo limits with the flags' names (generateReport checks them again), and the
    // output folder opened, both before any work: a bad --draws or --out fails in milliseconds.
    // The report's Monte Carlo is one curve --draws run over its N plus a few dynamics draws.
    if (draws !== undefined) {
      const levels = schedule?.T ?? 1;
      const request = { Ns: Ns ?? defaultNs(spectrum.d), draws, nName: args.has('N') ? `--${args.typedName('N')}` : 'N (the default grid)', drawsName: `--${args.typedName('draws')}`, spectrumName: '--spectrum' };
      if (population) checkMonteCarloDimensions({ ...request, d: population.d, levels });
      else checkMonteCarloSizes({ ...request, spectrum, levels: levels + 6 });
    }
    const folder = io.openOutputDirectory?.(out);
    const bar = new ProgressBar(io, 'report', 1, args.has('quiet'));
    let started = false;
    let report: Report;
    try {
      report = generateReport({
        spectrum,
        spec,
        Ns,
        abar,
        schedule,
        reduce: args.choice('reduce', ['sum', 'mean'] as const, 'sum'),
        c: args.number('c', { min: 0 }),
        eps: args.number('eps', { greaterThan: 0 }) ?? DEFAULT_EPS,
        mean,
        draws,
        seed,
        band: args.number('band', { greaterThan: 0 }),
        population,
        onProgress: (done, total) => {
          if (!started) {
            started = true;
            bar.phase('report: Monte Carlo draws', total);
          }
          bar.update(done);
        },
      });
      bar.done();
    } catch (e) {
      folder?.abort();
      throw e;
    }
    // All files or none (outputDirectory.ts); a fake io without folders gets them one by one.
    if (folder) folder.commit(report.files);
    else for (const [name, text] of Object.entries(report.files)) io.writeTextFile(join(out, name), text);
    const figures = Object.keys(report.files).filter((f) => f.endsWith('.svg')).length;
    const acc = report.accuracy;
    io.stdout(`wrote ${join(out, 'report.md')}, ${figures} figures and curve.csv${acc ? ` (theory vs Monte Carlo: largest |z| ${acc.maxAbsZ.toPrecision(3)}, ${acc.within4}/${acc.count} within 4 standard errors)` : ''}\n`);
  },
};
