import { predictLosses } from '../../predictions/predictLosses.js';
import type { Command } from '../command.js';
import { OUTPUT_FLAGS, outputFormat } from '../command.js';
import { C_FLAG, CT_FLAG, MEAN_FLAG, PER_DIM_FLAG, readMean, readRegularisation } from '../modelFlags.js';
import { parseGrid } from '../args.js';
import { gridPoints, printRecords } from '../printRecords.js';
import { DEFAULT_SPECTRUM, SPECTRUM_FLAG, readSpectrum } from '../spectrumFlag.js';

export const predictCommand: Command = {
  name: 'predict',
  summary: 'predicted train/test loss, gap, reference loss and alignment at one noise level (docs/theory.md §5)',
  flags: [
    SPECTRUM_FLAG,
    { name: 'N', value: 'N|GRID', help: 'training-set size (>= 2; >= 1 with --mean known), or a grid: a,b,c | LO:HI:COUNT | lin:LO:HI:COUNT' },
    { name: 'abar', value: 'A|GRID', help: 'ᾱ_t of the noise level, in (0, 1), or a grid; one row per (N, ᾱ) point' },
    C_FLAG,
    CT_FLAG,
    MEAN_FLAG,
    PER_DIM_FLAG,
    ...OUTPUT_FLAGS,
  ],
  examples: ['replica-diffusion predict --spectrum powerlaw:d=256,k=1 --N 128 --abar 0.5 --json', 'replica-diffusion predict --N 64,128,256 --abar 0.1,0.5,0.9 --csv'],
  run(args, io) {
    const spectrum = readSpectrum(args, io);
    const reg = readRegularisation(args);
    const mean = readMean(args);
    const perDimension = args.has('per-dimension');
    const points = gridPoints([
      ['N', parseGrid('--N', args.requireString('N'))],
      ['abar', parseGrid('--abar', args.requireString('abar'))],
    ]);
    let converged = true;
    const records = points.map(({ N, abar }) => {
      const p = predictLosses({ spectrum, N, abar, ...reg, mean, perDimension });
      converged &&= p.kappa.converged;
      return {
        N,
        abar,
        trainLoss: p.trainLoss,
        testLoss: p.testLoss,
        gap: p.gap,
        referenceLoss: p.referenceLoss,
        alignment: p.alignment,
        kappa: p.kappa.kappa,
        kappaResidual: p.kappa.residual,
        kappaIterations: p.kappa.iterations,
      };
    });
    printRecords(io, args, outputFormat(args), 'predict', records, { spectrum: args.string('spectrum') ?? DEFAULT_SPECTRUM, mean });
    return converged ? 0 : 1;
  },
};
