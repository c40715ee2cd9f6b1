import { klDivergence } from '../../predictions/klDivergence.js';
import type { Command } from '../command.js';
import { OUTPUT_FLAGS, outputFormat } from '../command.js';
import { MEAN_FLAG, readMean } from '../modelFlags.js';
import { parseGrid } from '../args.js';
import { gridPoints, printRecords } from '../printRecords.js';
import { DEFAULT_SPECTRUM, SPECTRUM_FLAG, readSpectrum } from '../spectrumFlag.js';

export const klCommand: Command = {
  name: 'kl',
  summary: 'predicted KL(N(μ,Σ) ‖ N(μ̂, Σ̂ + εI)) of the generated distribution, and its d²/(4N) asymptote',
  flags: [
    SPECTRUM_FLAG,
    { name: 'N', value: 'N|GRID', help: 'training-set size, or a grid: a,b,c | LO:HI:COUNT | lin:LO:HI:COUNT' },
    { name: 'eps', value: 'E|GRID', help: 'ε >= 0 added to the sampling covariance (0 only when N − 1 > d), or a grid; one row per (N, ε) point' },
    MEAN_FLAG,
    ...OUTPUT_FLAGS,
  ],
  examples: ['replica-diffusion kl --spectrum powerlaw:d=256,k=1 --N 4096 --eps 1e-3 --json', 'replica-diffusion kl --N 512:8192:5 --eps 1e-3 --csv'],
  run(args, io) {
    const spectrum = readSpectrum(args, io);
    const mean = readMean(args);
    const points = gridPoints([
      ['N', parseGrid('--N', args.requireString('N'))],
      ['eps', parseGrid('--eps', args.requireString('eps'), { min: 0 })],
    ]);
    let converged = true;
    const records = points.map(({ N, eps }) => {
      const k = klDivergence({ spectrum, N, eps, mean });
      converged &&= k.kappa.converged;
      return { N, eps, kl: k.kl, klPerDim: k.klPerDim, asymptote: k.asymptote, asymptotePerDim: k.asymptotePerDim, kappa: k.kappa.kappa, kappaResidual: k.kappa.residual };
    });
    printRecords(io, args, outputFormat(args), 'kl', records, { spectrum: args.string('spectrum') ?? DEFAULT_SPECTRUM, mean });
    return converged ? 0 : 1;
  },
};
