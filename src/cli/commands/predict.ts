import { predictLosses } from '../../predictions/losses/predictLosses.js';
import type { Command } from '../commandLine/command.js';
import { OUTPUT_FLAGS, outputFormat } from '../commandLine/command.js';
import { C_FLAG, CT_FLAG, FINITE_SIZE_FLAG, MEAN_FLAG, PER_DIM_FLAG, describeFiniteSize, finiteSizeColumns, readFiniteSize, readMean, readRegularisation, REAL_N_NOTE } from '../commandLine/modelFlags.js';
import { worstFiniteSizeInfo } from '../../predictions/finiteSize/finiteSize.js';
import { parseGrid } from '../commandLine/args.js';
import { gridPoints, printRecords } from '../output/printRecords.js';
import { PAPERS } from '../output/outputTable.js';
import { DEFAULT_SPECTRUM, SPECTRUM_FLAG, readSpectrum } from '../commandLine/spectrumFlag.js';

export const predictCommand: Command = {
  name: 'predict',
  summary: 'predicted train/test loss, gap, reference loss and alignment at one noise level (docs/theory.md §5)',
  flags: [
    SPECTRUM_FLAG,
    { name: 'N', value: 'N|GRID', help: `training-set size (>= 2; >= 1 with --mean known), or a grid: a,b,c | LO:HI:COUNT | lin:LO:HI:COUNT; ${REAL_N_NOTE}` },
    { name: 'abar', value: 'A|GRID', help: 'ᾱ_t of the noise level, in (0, 1), or a grid; one row per (N, ᾱ) point' },
    C_FLAG,
    CT_FLAG,
    MEAN_FLAG,
    PER_DIM_FLAG,
    FINITE_SIZE_FLAG,
    ...OUTPUT_FLAGS,
  ],
  examples: [
    'replica-diffusion predict --spectrum powerlaw:d=256,k=1 --N 128 --abar 0.5 --json',
    'replica-diffusion predict --N 64,128,256 --abar 0.1,0.5,0.9 --csv',
    'replica-diffusion predict --spectrum powerlaw:d=48,k=1 --N 24 --abar 0.9 --finite-size none',
  ],
  run(args, io) {
    const spectrum = readSpectrum(args, io);
    const reg = readRegularisation(args);
    const mean = readMean(args);
    const perDimension = args.has('per-dimension');
    const finiteSize = readFiniteSize(args);
    const points = gridPoints([
      ['N', parseGrid('--N', args.requireString('N'))],
      ['abar', parseGrid('--abar', args.requireString('abar'))],
    ]);
    let converged = true;
    const infos: ReturnType<typeof predictLosses>['finiteSize'][] = [];
    const records = points.map(({ N, abar }) => {
      const p = predictLosses({ spectrum, N, abar, ...reg, mean, perDimension, finiteSize });
      converged &&= p.kappa.converged;
      infos.push(p.finiteSize);
      // Column names: docs/output-schema.md (<measure>_theory, the same as curve's).
      return {
        N,
        abar,
        trainLoss_theory: p.trainLoss,
        testLoss_theory: p.testLoss,
        gap_theory: p.gap,
        referenceLoss_theory: p.referenceLoss,
        alignment_theory: p.alignment,
        // The spread over training sets (docs/theory.md §6.10): where one training set's value falls.
        trainLoss_sd_theory: p.sd.trainLoss,
        testLoss_sd_theory: p.sd.testLoss,
        gap_sd_theory: p.sd.gap,
        alignment_sd_theory: p.sd.alignment,
        kappa: p.kappa.kappa,
        kappaResidual: p.kappa.residual,
        kappaIterations: p.kappa.iterations,
        // Which finite-size order the numbers are at (docs/theory.md §6); with first-order the d → ∞ values too.
        ...finiteSizeColumns(p.finiteSize, p.asymptotic, ['trainLoss', 'testLoss', 'gap', 'alignment']),
      };
    });
    const format = outputFormat(args, 'markdown');
    const settings = { paper: PAPERS.linear, spectrum: args.string('spectrum') ?? DEFAULT_SPECTRUM, ...reg, mean, perDimension, finiteSize };
    printRecords(io, args, format, 'predict', records, settings, { diagnostics: { converged }, preamble: describeFiniteSize(worstFiniteSizeInfo(finiteSize, infos)) });
    return converged ? 0 : 1;
  },
};
