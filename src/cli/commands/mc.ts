import { InvalidArgumentError } from '../../errors.js';
import { populationMonteCarlo } from '../../montecarlo/populationMonteCarlo.js';
import { monteCarloParallel } from '../../montecarlo/monteCarloParallel.js';
import { createSpectrum } from '../../spectra/spectrum.js';
import type { MeanStderr } from '../../statistics/summaryStatistics.js';
import { LIMITS } from '../../limits.js';
import type { Command } from '../command.js';
import { checkMonteCarloSizes } from '../monteCarloLimits.js';
import { OUTPUT_FLAGS, outputFormat } from '../command.js';
import { C_FLAG, CT_FLAG, MEAN_FLAG, PER_DIM_FLAG, QUIET_FLAG, SEED_FLAG, readMean, readRegularisation, readSeed } from '../modelFlags.js';
import { csvMeta } from '../csvHeader.js';
import { readDataPopulation } from '../dataFiles.js';
import { toCsv, toJson, toMarkdown } from '../output.js';
import { ProgressBar } from '../progress.js';
import { DEFAULT_SPECTRUM, SPECTRUM_FLAG, readSpectrum } from '../spectrumFlag.js';

export const mcCommand: Command = {
  name: 'mc',
  summary: 'Monte Carlo of the real model: mean ± stderr of every measure over drawn training sets (from the data itself with --spectrum data:PATH)',
  flags: [
    SPECTRUM_FLAG,
    { name: 'N', value: 'N', help: 'training-set size (whole number)' },
    { name: 'abar', value: 'A', help: 'ᾱ_t of the noise level, in (0, 1)' },
    { name: 'eps', value: 'E', help: 'also the KL of N(μ̂, Σ̂ + εI) (ε > 0)' },
    C_FLAG,
    CT_FLAG,
    MEAN_FLAG,
    { name: 'draws', value: 'D', help: 'number of training sets (default 100)' },
    SEED_FLAG,
    { name: 'rotation', value: 'none|haar', help: 'draw data in Σ’s eigenbasis (default) or a Haar-rotated frame' },
    { name: 'sampling', value: 'data|wishart', help: 'draw the N data points (default) or Σ̂, μ̂ directly from their Wishart/Gaussian law (faster, same law, other random stream)' },
    PER_DIM_FLAG,
    QUIET_FLAG,
    { name: 'workers', value: 'W', help: 'worker threads for Monte Carlo (default 1); results do not depend on W' },
    ...OUTPUT_FLAGS,
  ],
  examples: ['replica-diffusion mc --spectrum powerlaw:d=64,k=1 --N 32 --abar 0.5 --eps 1e-3 --draws 200 --seed 1 --json'],
  async run(args, io) {
    const draws = args.integer('draws', 1) ?? 100;
    const spec = args.string('spectrum') ?? DEFAULT_SPECTRUM;
    const rotation = args.choice('rotation', ['none', 'haar'] as const, 'none');
    const format = outputFormat(args, 'markdown');
    const population = readDataPopulation(spec, io);
    const workers = args.integer('workers', 1, LIMITS.workers, 'worker threads limit') ?? 1;
    const spectrum = population ? createSpectrum(population.eigenvalues) : readSpectrum(args, io);
    const N = args.requireNumber('N');
    checkMonteCarloSizes({ spectrum, Ns: [N], draws, nFlag: '--N', drawsFlag: '--draws', sampling: args.choice('sampling', ['data', 'wishart'] as const, 'data') });
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
    // One naming scheme (README "Output for Python"): <measure>_mc_mean, <measure>_mc_stderr.
    const record: Record<string, number | string> = { N: options.N, abar: options.abar, ...(options.eps !== undefined ? { eps: options.eps } : {}) };
    for (const [k, v] of present) Object.assign(record, { [`${k}_mc_mean`]: v.mean, [`${k}_mc_stderr`]: v.stderr });
    Object.assign(record, { draws: r.draws, seed: r.seed, population: population ? 'data' : 'gaussian' });
    if (format === 'json') io.stdout(toJson(record) + '\n');
    else if (format === 'csv') io.stdout(toCsv({ columns: Object.keys(record), rows: [Object.values(record)] }, csvMeta(args, 'mc', { spectrum: spec, seed: r.seed, draws: r.draws })));
    else {
      io.stdout(`Monte Carlo, spectrum ${spec}${population ? ' (training sets drawn from the data)' : ''}, N = ${options.N}, ᾱ = ${options.abar}, ${r.draws} draws, seed ${r.seed}\n\n`);
      io.stdout(toMarkdown({ columns: ['measure', 'mc_mean', 'mc_stderr'], rows: present.map(([k, v]) => [k, v.mean, v.stderr]) }));
    }
  },
};
