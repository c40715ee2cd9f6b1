import { InvalidArgumentError } from '../../errors.js';
import { populationMonteCarlo } from '../../montecarlo/populationMonteCarlo.js';
import { monteCarloParallel } from '../../montecarlo/monteCarloParallel.js';
import { createSpectrum } from '../../spectra/spectrum.js';
import type { MeanStderr } from '../../statistics/summaryStatistics.js';
import type { Command } from '../commandLine/command.js';
import { SHARD_FLAGS } from '../commandLine/shardFlag.js';
import { checkMonteCarloSizes } from '../commandLine/monteCarloLimits.js';
import { OUTPUT_FLAGS, outputFormat } from '../commandLine/command.js';
import { C_FLAG, CT_FLAG, MEAN_FLAG, PER_DIM_FLAG, QUIET_FLAG, SEED_FLAG, readMean, readRegularisation, readSeed, WORKERS_FLAG, drawsFlag, readDraws, readWorkers } from '../commandLine/modelFlags.js';
import { readDataPopulation } from '../files/dataFiles.js';
import { PAPERS, printTable } from '../output/outputTable.js';
import { ProgressBar } from '../output/progress.js';
import { DEFAULT_SPECTRUM, SPECTRUM_FLAG, readSpectrum } from '../commandLine/spectrumFlag.js';

export const mcCommand: Command = {
  name: 'mc',
  summary: 'Monte Carlo of the real model: mean ± stderr of every measure over drawn training sets (from the data itself with --spectrum data:PATH)',
  flags: [
    SPECTRUM_FLAG,
    { name: 'N', value: 'N', help: 'training-set size, a whole number (N points are drawn; >= 2, >= 1 with --mean known)' },
    { name: 'abar', value: 'A', help: 'ᾱ_t of the noise level, in (0, 1)' },
    { name: 'eps', value: 'E', help: 'also the KL of N(μ̂, Σ̂ + εI) with this ε > 0 (no KL without it; the other commands default to 1e-3)' },
    C_FLAG,
    CT_FLAG,
    MEAN_FLAG,
    drawsFlag('number of training sets (default 100)'),
    SEED_FLAG,
    { name: 'rotation', value: 'none|haar', help: 'draw data in Σ’s eigenbasis (default) or a Haar-rotated frame' },
    { name: 'sampling', value: 'data|wishart', help: 'draw the N data points (default) or Σ̂, μ̂ directly from their Wishart/Gaussian law (faster, same law, other random stream)' },
    PER_DIM_FLAG,
    QUIET_FLAG,
    WORKERS_FLAG,
    ...OUTPUT_FLAGS,
    ...SHARD_FLAGS,
  ],
  examples: ['replica-diffusion mc --spectrum powerlaw:d=64,k=1 --N 32 --abar 0.5 --eps 1e-3 --draws 200 --seed 1 --json'],
  async run(args, io) {
    const draws = readDraws(args, 100)!;
    const spec = args.string('spectrum') ?? DEFAULT_SPECTRUM;
    const rotation = args.choice('rotation', ['none', 'haar'] as const, 'none');
    const format = outputFormat(args, 'markdown');
    const population = readDataPopulation(spec, io);
    const workers = readWorkers(args);
    const spectrum = population ? createSpectrum(population.eigenvalues) : readSpectrum(args, io);
    const N = args.requireInteger('N', readMean(args) === 'known' ? 1 : 2);
    checkMonteCarloSizes({ spectrum, Ns: [N], draws, nFlag: '--N', drawsFlag: `--${args.typedName('draws')}`, sampling: args.choice('sampling', ['data', 'wishart'] as const, 'data') });
    const options = {
      N,
      abar: args.requireNumber('abar'),
      eps: args.number('eps', { greaterThan: 0 }),
      ...readRegularisation(args),
      mean: readMean(args),
      draws,
      seed: readSeed(args),
      perDimension: args.has('per-dimension'),
    };
    const sampling = args.choice('sampling', ['data', 'wishart'] as const, 'data');
    if (population && rotation !== 'none') throw new InvalidArgumentError('--rotation', rotation, 'does not apply to a data set (data:PATH) population');
    if (population && sampling !== 'data') throw new InvalidArgumentError('--sampling', sampling, 'does not apply to a data set (data:PATH) population: its training sets are drawn from the data');
    const bar = new ProgressBar(io, 'mc', draws, args.has('quiet'));
    const onDraw = (done: number) => bar.update(done);
    const r = population
      ? populationMonteCarlo({ population, ...options, onDraw })
      : await monteCarloParallel({ workers, spectrum, rotation, sampling, ...options, onDraw });
    bar.done();
    const measures: [string, MeanStderr | undefined][] = [
      ['trainLoss', r.trainLoss],
      ['testLoss', r.testLoss],
      ['gap', r.gap],
      ['referenceLoss', r.referenceLoss],
      ['alignment', r.alignment],
      ['kl', r.kl],
    ];
    const present = measures.filter((m): m is [string, MeanStderr] => m[1] !== undefined);
    // Column names: docs/output-schema.md (<measure>_mc_mean, <measure>_mc_stderr); one row, the point.
    const record: Record<string, number> = { N: options.N, abar: options.abar, ...(options.eps !== undefined ? { eps: options.eps } : {}) };
    for (const [k, v] of present) Object.assign(record, { [`${k}_mc_mean`]: v.mean, [`${k}_mc_stderr`]: v.stderr });
    const settings = { paper: PAPERS.linear, spectrum: spec, c: options.c, ct: options.ct, mean: options.mean, perDimension: options.perDimension, draws: r.draws, seed: r.seed, population: population ? 'data' : 'gaussian', rotation, sampling };
    printTable(io, args, format, {
      command: 'mc',
      settings,
      columns: Object.keys(record),
      rows: [Object.values(record)],
      preamble: `Monte Carlo, spectrum ${spec}${population ? ' (training sets drawn from the data)' : ''}, N = ${options.N}, ᾱ = ${options.abar}, ${r.draws} draws, seed ${r.seed}`,
      // For reading: one measure per line.
      display: { columns: ['measure', 'mc_mean', 'mc_stderr'], rows: present.map(([k, v]) => [k, v.mean, v.stderr]) },
    });
  },
};
