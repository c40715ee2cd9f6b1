import { monteCarloParallel } from '../../node/monteCarloParallel.js';
import type { MeanStderr } from '../../statistics/summaryStatistics.js';
import { LIMITS } from '../../limits.js';
import type { Command } from '../command.js';
import { checkMonteCarloSizes } from '../monteCarloLimits.js';
import { OUTPUT_FLAGS, outputFormat } from '../command.js';
import { C_FLAG, CT_FLAG, MEAN_FLAG, PER_DIM_FLAG, QUIET_FLAG, SEED_FLAG, readMean, readRegularisation, readSeed } from '../modelFlags.js';
import { toCsv, toJson, toMarkdown } from '../output.js';
import { ProgressBar } from '../progress.js';
import { SPECTRUM_FLAG, readSpectrum } from '../spectrumFlag.js';

export const mcCommand: Command = {
  name: 'mc',
  summary: 'Monte Carlo of the real model: mean ± stderr of every measure over drawn training sets',
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
    PER_DIM_FLAG,
    QUIET_FLAG,
    { name: 'workers', value: 'W', help: 'worker threads for Monte Carlo (default 1); results do not depend on W' },
    ...OUTPUT_FLAGS,
  ],
  examples: ['replica-diffusion mc --spectrum powerlaw:d=64,k=1 --N 32 --abar 0.5 --eps 1e-3 --draws 200 --seed 1 --json'],
  async run(args, io) {
    const draws = args.integer('draws', 1) ?? 100;
    const workers = args.integer('workers', 1, LIMITS.workers, 'worker threads limit') ?? 1;
    const spectrum = readSpectrum(args, io);
    const N = args.requireNumber('N');
    checkMonteCarloSizes({ spectrum, Ns: [N], draws, nFlag: '--N', drawsFlag: '--draws' });
    const bar = new ProgressBar(io, 'mc', draws, args.has('quiet'));
    const r = await monteCarloParallel({
      workers,
      spectrum,
      N,
      abar: args.requireNumber('abar'),
      eps: args.number('eps', { greaterThan: 0 }),
      ...readRegularisation(args),
      mean: readMean(args),
      draws,
      seed: readSeed(args),
      rotation: args.choice('rotation', ['none', 'haar'] as const, 'none'),
      perDimension: args.has('per-dimension'),
      onDraw: (done) => bar.update(done),
    });
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
    const format = outputFormat(args, 'markdown');
    if (format === 'json') {
      io.stdout(toJson({ ...Object.fromEntries(present), draws: r.draws, seed: r.seed }) + '\n');
      return;
    }
    const table = { columns: ['measure', 'mean', 'stderr'], rows: present.map(([k, v]) => [k, v.mean, v.stderr]) };
    io.stdout(format === 'csv' ? toCsv(table) : toMarkdown(table));
  },
};
