import { predictLosses } from '../../predictions/predictLosses.js';
import type { Command } from '../command.js';
import { OUTPUT_FLAGS, outputFormat } from '../command.js';
import { C_FLAG, CT_FLAG, MEAN_FLAG, PER_DIM_FLAG, readMean, readRegularisation } from '../modelFlags.js';
import { printRecord } from '../printRecord.js';
import { SPECTRUM_FLAG, readSpectrum } from '../spectrumFlag.js';

export const predictCommand: Command = {
  name: 'predict',
  summary: 'predicted train/test loss, gap, reference loss and alignment at one noise level (docs/theory.md §5)',
  flags: [
    SPECTRUM_FLAG,
    { name: 'N', value: 'N', help: 'training-set size (>= 2; >= 1 with --mean known)' },
    { name: 'abar', value: 'A', help: 'ᾱ_t of the noise level, in (0, 1)' },
    C_FLAG,
    CT_FLAG,
    MEAN_FLAG,
    PER_DIM_FLAG,
    ...OUTPUT_FLAGS,
  ],
  examples: ['replica-diffusion predict --spectrum powerlaw:d=256,k=1 --N 128 --abar 0.5 --json'],
  run(args, io) {
    const p = predictLosses({
      spectrum: readSpectrum(args, io),
      N: args.requireNumber('N'),
      abar: args.requireNumber('abar'),
      ...readRegularisation(args),
      mean: readMean(args),
      perDimension: args.has('per-dimension'),
    });
    const record = {
      trainLoss: p.trainLoss,
      testLoss: p.testLoss,
      gap: p.gap,
      referenceLoss: p.referenceLoss,
      alignment: p.alignment,
      kappa: p.kappa.kappa,
      kappaResidual: p.kappa.residual,
      kappaIterations: p.kappa.iterations,
    };
    printRecord(io, outputFormat(args), record);
    return p.kappa.converged ? 0 : 1;
  },
};
