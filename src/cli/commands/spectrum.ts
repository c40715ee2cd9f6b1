import { spectrumSummary } from '../../spectra/summary.js';
import type { Command } from '../commandLine/command.js';
import { OUTPUT_FLAGS, outputFormat } from '../commandLine/command.js';
import { printTable } from '../output/outputTable.js';
import { SPECTRUM_FLAG, readSpectrum } from '../commandLine/spectrumFlag.js';

export const spectrumCommand: Command = {
  name: 'spectrum',
  summary: 'summarise a population spectrum: d, trace, participation ratio, condition number',
  flags: [SPECTRUM_FLAG, ...OUTPUT_FLAGS],
  examples: ['replica-diffusion spectrum --spectrum powerlaw:d=256,k=1 --json'],
  run(args, io) {
    const s = spectrumSummary(readSpectrum(args, io));
    const format = outputFormat(args);
    const columns = ['d', 'trace', 'participationRatio', 'conditionNumber', 'distinct', 'largest', 'smallest'];
    const row = [s.d, s.trace, s.participationRatio, s.conditionNumber, s.distinct, s.largest, s.smallest];
    if (format === 'text') io.stdout(`d = ${s.d}, trace = ${s.trace}, participation ratio = ${s.participationRatio}, condition number = ${s.conditionNumber} (${s.distinct} distinct eigenvalues in [${s.smallest}, ${s.largest}])\n`);
    else printTable(io, args, format, { command: 'spectrum', settings: { spectrum: args.string('spectrum') ?? 'powerlaw:d=256,k=1' }, columns, rows: [row] });
  },
};
