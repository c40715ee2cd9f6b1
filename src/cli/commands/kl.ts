import { klDivergence } from '../../predictions/kl/klDivergence.js';
import type { Command } from '../commandLine/command.js';
import { OUTPUT_FLAGS, outputFormat } from '../commandLine/command.js';
import { FINITE_SIZE_FLAG, MEAN_FLAG, describeFiniteSize, finiteSizeColumns, readFiniteSize, readMean, REAL_N_NOTE, DEFAULT_EPS } from '../commandLine/modelFlags.js';
import { worstFiniteSizeInfo, type FiniteSizeInfo } from '../../predictions/finiteSize/finiteSize.js';
import { parseGrid } from '../commandLine/args.js';
import { gridPoints, printRecords } from '../output/printRecords.js';
import { PAPERS } from '../output/outputTable.js';
import { DEFAULT_SPECTRUM, SPECTRUM_FLAG, readSpectrum } from '../commandLine/spectrumFlag.js';

export const klCommand: Command = {
  name: 'kl',
  summary: 'predicted KL(N(μ,Σ) ‖ N(μ̂, Σ̂ + εI)) of the generated distribution, and its d²/(4N) asymptote',
  flags: [
    SPECTRUM_FLAG,
    { name: 'N', value: 'N|GRID', help: `training-set size, or a grid: a,b,c | LO:HI:COUNT | lin:LO:HI:COUNT; ${REAL_N_NOTE}` },
    { name: 'eps', value: 'E|GRID', help: `ε >= 0 added to the sampling covariance (0 only when N − 1 > d), or a grid; one row per (N, ε) point (required here; curve, report and verify default to ${DEFAULT_EPS})` },
    MEAN_FLAG,
    FINITE_SIZE_FLAG,
    ...OUTPUT_FLAGS,
  ],
  examples: ['replica-diffusion kl --spectrum powerlaw:d=256,k=1 --N 4096 --eps 1e-3 --json', 'replica-diffusion kl --N 512:8192:5 --eps 1e-3 --csv'],
  run(args, io) {
    const spectrum = readSpectrum(args, io);
    const mean = readMean(args);
    const finiteSize = readFiniteSize(args);
    const points = gridPoints([
      ['N', parseGrid('--N', args.requireString('N'))],
      ['eps', parseGrid('--eps', args.requireString('eps'), { min: 0 })],
    ]);
    let converged = true;
    const infos: FiniteSizeInfo[] = [];
    const records = points.map(({ N, eps }) => {
      const k = klDivergence({ spectrum, N, eps, mean, finiteSize });
      converged &&= k.kappa.converged;
      infos.push(k.finiteSize);
      // Column names: docs/output-schema.md — kl_theory and klAsymptote (the large-N d²/(4N)) as in
      // curve; klExact says whether kl_theory is the exact finite-N expression; with first-order,
      // kl_theory_infinite_d is the d → ∞ value.
      return { N, eps, kl_theory: k.kl, kl_sd_theory: k.sd, klExact: k.exact, klPerDimension_theory: k.klPerDim, klPerDimension_sd_theory: k.sdPerDim, klAsymptote: k.asymptote, klAsymptotePerDimension: k.asymptotePerDim, kappa: k.kappa.kappa, kappaResidual: k.kappa.residual, ...finiteSizeColumns(k.finiteSize, k.asymptotic, ['kl']) };
    });
    const format = outputFormat(args, 'markdown');
    const settings = { paper: PAPERS.linear, spectrum: args.string('spectrum') ?? DEFAULT_SPECTRUM, mean, finiteSize };
    printRecords(io, args, format, 'kl', records, settings, { diagnostics: { converged }, preamble: describeFiniteSize(worstFiniteSizeInfo(finiteSize, infos)) });
    return converged ? 0 : 1;
  },
};
