import { monteCarloSampler } from './lazyMonteCarlo.js';
import { samplerKl } from '../../predictions/sampler/samplerKl.js';
import type { Command } from '../commandLine/command.js';
import { OUTPUT_FLAGS, outputFormat, UsageError } from '../commandLine/command.js';
import { checkMonteCarloSizes } from '../commandLine/monteCarloLimits.js';
import { C_FLAG, FINITE_SIZE_FLAG, MEAN_FLAG, QUIET_FLAG, SCHEDULE_FLAG, SEED_FLAG, describeFiniteSize, finiteSizeColumns, readFiniteSize, readMean, readSchedule, readSeed, REAL_N_NOTE, drawsFlag, readDraws, readModelN } from '../commandLine/modelFlags.js';
import { printRecords } from '../output/printRecords.js';
import { PAPERS } from '../output/outputTable.js';
import { ProgressBar } from '../output/progress.js';
import { SPECTRUM_FLAG, readSpectrum } from '../commandLine/spectrumFlag.js';

export const samplerCommand: Command = {
  name: 'sampler',
  summary: 'KL of the finite-step DDPM/DDIM sampler’s exact output law vs the idealised N(μ̂, Σ̂ + cI) (docs/theory.md §8; finite-size correction §6.9)',
  flags: [
    SPECTRUM_FLAG,
    { name: 'N', value: 'N', help: `training-set size; without --draws ${REAL_N_NOTE}` },
    SCHEDULE_FLAG,
    { name: 'sampler', value: 'ddpm|ddim', help: 'ancestral DDPM (default) or deterministic DDIM' },
    { name: 'noise', value: 'beta|posterior', help: 'DDPM σ_t² = β_t (default) or the posterior variance β̃_t' },
    C_FLAG,
    MEAN_FLAG,
    FINITE_SIZE_FLAG,
    drawsFlag('add Monte Carlo over D drawn training sets (exact per-draw law)'),
    SEED_FLAG,
    QUIET_FLAG,
    ...OUTPUT_FLAGS,
  ],
  examples: ['replica-diffusion sampler --spectrum powerlaw:d=64,k=1 --N 256 --schedule linear:T=50,beta1=0.002,betaT=0.4 --c 1e-3 --json'],
  async run(args, io) {
    const spectrum = readSpectrum(args, io);
    const draws = readDraws(args);
    const N = readModelN(args, draws !== undefined);
    const sampler = args.choice('sampler', ['ddpm', 'ddim'] as const, 'ddpm');
    if (sampler === 'ddim' && args.has('noise')) throw new UsageError('--noise only applies to --sampler ddpm (DDIM adds no noise): give --sampler ddim or --noise, not both');
    const options = {
      spectrum,
      N,
      schedule: readSchedule(args),
      sampler,
      noise: args.choice('noise', ['beta', 'posterior'] as const, 'beta'),
      c: args.number('c', { min: 0 }) ?? 0,
      mean: readMean(args),
      finiteSize: readFiniteSize(args),
    };
    const p = samplerKl(options);
    // Column names: docs/output-schema.md (<measure>_theory, <measure>_mc_mean, <measure>_mc_stderr).
    const record: Record<string, number | boolean | string> = {
      N,
      kl_theory: p.kl,
      idealisedKl_theory: p.idealisedKl,
      nullModeVariance_theory: p.nullModeVariance,
      meanExcessVariance_theory: p.meanExcessVariance,
      // Which finite-size order (docs/theory.md §6.9); with first-order the d → ∞ values too.
      ...finiteSizeColumns(p.finiteSize, { kl: p.asymptotic.kl, idealisedKl: p.asymptotic.idealisedKl, meanExcessVariance: p.asymptotic.meanExcessVariance }, ['kl', 'idealisedKl', 'meanExcessVariance']),
    };
    if (draws !== undefined) checkMonteCarloSizes({ spectrum, Ns: [N], draws, nFlag: '--N', drawsFlag: `--${args.typedName('draws')}`, levels: options.schedule.T });
    if (draws !== undefined) {
      const bar = new ProgressBar(io, 'mc', draws, args.has('quiet'));
      const mc = await monteCarloSampler({ ...options, draws, seed: readSeed(args), onDraw: (k) => bar.update(k) });
      bar.done();
      Object.assign(record, { kl_mc_mean: mc.sampler.mean, kl_mc_stderr: mc.sampler.stderr, idealisedKl_mc_mean: mc.idealised.mean, idealisedKl_mc_stderr: mc.idealised.stderr });
    }
    const format = outputFormat(args, 'markdown');
    const settings = {
      paper: PAPERS.linear,
      spectrum: args.string('spectrum') ?? 'powerlaw:d=256,k=1',
      schedule: options.schedule.name,
      sampler,
      ...(sampler === 'ddpm' ? { noise: options.noise } : {}),
      c: options.c,
      mean: options.mean,
      finiteSize: options.finiteSize,
      ...(draws !== undefined ? { draws, seed: readSeed(args) } : {}),
    };
    printRecords(io, args, format, 'sampler', [record], settings, { diagnostics: { converged: p.converged }, preamble: describeFiniteSize(p.finiteSize) });
    return p.converged ? 0 : 1;
  },
};
