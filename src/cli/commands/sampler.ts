import { monteCarloSampler } from '../../montecarlo/monteCarloSampler.js';
import { samplerKl } from '../../predictions/samplerKl.js';
import type { Command } from '../command.js';
import { OUTPUT_FLAGS, outputFormat, UsageError } from '../command.js';
import { checkMonteCarloSizes } from '../monteCarloLimits.js';
import { C_FLAG, FINITE_SIZE_FLAG, MEAN_FLAG, QUIET_FLAG, SCHEDULE_FLAG, SEED_FLAG, describeFiniteSize, finiteSizeColumns, readFiniteSize, readMean, readSchedule, readSeed, REAL_N_NOTE, drawsFlag, readDraws, readModelN } from '../modelFlags.js';
import { printRecords } from '../printRecords.js';
import { ProgressBar } from '../progress.js';
import { SPECTRUM_FLAG, readSpectrum } from '../spectrumFlag.js';

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
  run(args, io) {
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
    // One naming scheme (README "Output for Python"): <measure>_theory, <measure>_mc_mean, <measure>_mc_stderr.
    const record: Record<string, number | boolean | string> = {
      N,
      kl_theory: p.kl,
      idealisedKl_theory: p.idealisedKl,
      nullModeVariance: p.nullModeVariance,
      meanExcessVariance: p.meanExcessVariance,
      converged: p.converged,
      // Which finite-size order (docs/theory.md §6.9); with first-order the d → ∞ values too.
      ...Object.fromEntries(
        Object.entries(finiteSizeColumns(p.finiteSize, { kl_theory: p.asymptotic.kl, idealisedKl_theory: p.asymptotic.idealisedKl, meanExcessVariance: p.asymptotic.meanExcessVariance }, ['kl_theory', 'idealisedKl_theory', 'meanExcessVariance'])),
      ),
    };
    if (draws !== undefined) checkMonteCarloSizes({ spectrum, Ns: [N], draws, nFlag: '--N', drawsFlag: `--${args.typedName('draws')}`, levels: options.schedule.T });
    if (draws !== undefined) {
      const bar = new ProgressBar(io, 'mc', draws, args.has('quiet'));
      const mc = monteCarloSampler({ ...options, draws, seed: readSeed(args), onDraw: (k) => bar.update(k) });
      bar.done();
      Object.assign(record, { kl_mc_mean: mc.sampler.mean, kl_mc_stderr: mc.sampler.stderr, idealisedKl_mc_mean: mc.idealised.mean, idealisedKl_mc_stderr: mc.idealised.stderr, draws, seed: readSeed(args) });
    }
    const format = outputFormat(args);
    if (format === 'markdown') io.stdout(describeFiniteSize(p.finiteSize) + '\n\n');
    printRecords(io, args, format, 'sampler', [record], { spectrum: args.string('spectrum') ?? 'powerlaw:d=256,k=1', schedule: options.schedule.name });
    return p.converged ? 0 : 1;
  },
};
