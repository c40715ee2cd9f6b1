import { klDivergence } from '../../predictions/klDivergence.js';
import type { Command } from '../command.js';
import { OUTPUT_FLAGS, outputFormat } from '../command.js';
import { FINITE_SIZE_FLAG, MEAN_FLAG, describeFiniteSize, finiteSizeJson, readFiniteSize, readMean } from '../modelFlags.js';
import { toJson } from '../output.js';
import { printRecord } from '../printRecord.js';
import { SPECTRUM_FLAG, readSpectrum } from '../spectrumFlag.js';

export const klCommand: Command = {
  name: 'kl',
  summary: 'predicted KL(N(μ,Σ) ‖ N(μ̂, Σ̂ + εI)) of the generated distribution, and its d²/(4N) asymptote',
  flags: [
    SPECTRUM_FLAG,
    { name: 'N', value: 'N', help: 'training-set size' },
    { name: 'eps', value: 'E', help: 'ε >= 0 added to the sampling covariance (0 only when N − 1 > d)' },
    MEAN_FLAG,
    FINITE_SIZE_FLAG,
    ...OUTPUT_FLAGS,
  ],
  examples: ['replica-diffusion kl --spectrum powerlaw:d=256,k=1 --N 4096 --eps 1e-3 --json'],
  run(args, io) {
    const k = klDivergence({
      spectrum: readSpectrum(args, io),
      N: args.requireNumber('N'),
      eps: args.requireNumber('eps', { min: 0 }),
      mean: readMean(args),
      finiteSize: readFiniteSize(args),
    });
    const record = {
      kl: k.kl,
      klPerDim: k.klPerDim,
      asymptote: k.asymptote,
      asymptotePerDim: k.asymptotePerDim,
      kappa: k.kappa.kappa,
      kappaResidual: k.kappa.residual,
    };
    const format = outputFormat(args);
    if (format === 'json') {
      // `asymptote` is the large-N d²/(4N); `asymptotic` (first-order only) the d → ∞ value of kl.
      const extra = k.finiteSize.order === 'first-order' ? { asymptotic: k.asymptotic } : {};
      io.stdout(toJson({ ...record, finiteSize: finiteSizeJson(k.finiteSize), ...extra }) + '\n');
    } else {
      if (format === 'markdown') io.stdout(describeFiniteSize(k.finiteSize) + '\n\n');
      printRecord(io, format, record);
      if (format === 'text') io.stdout(describeFiniteSize(k.finiteSize) + '\n');
    }
    return k.kappa.converged ? 0 : 1;
  },
};
