import { spectrumSummary } from '../../spectra/summary.js';
import type { Command } from '../command.js';
import { OUTPUT_FLAGS, outputFormat } from '../command.js';
import { csvMeta } from '../csvHeader.js';
import { toCsv, toJson, toMarkdown } from '../output.js';
import { SPECTRUM_FLAG, readSpectrum } from '../spectrumFlag.js';

export const spectrumCommand: Command = {
  name: 'spectrum',
  summary: 'summarise a population spectrum: d, trace, participation ratio, condition number',
  flags: [SPECTRUM_FLAG, ...OUTPUT_FLAGS],
  examples: ['replica-diffusion spectrum --spectrum powerlaw:d=256,k=1 --json'],
  run(args, io) {
    const s = spectrumSummary(readSpectrum(args, io));
    const format = outputFormat(args);
    if (format === 'json') {
      io.stdout(toJson({ d: s.d, trace: s.trace, participationRatio: s.participationRatio, conditionNumber: s.conditionNumber, distinct: s.distinct, largest: s.largest, smallest: s.smallest }) + '\n');
      return;
    }
    const table = {
      columns: ['d', 'trace', 'participationRatio', 'conditionNumber', 'distinct', 'largest', 'smallest'],
      rows: [[s.d, s.trace, s.participationRatio, s.conditionNumber, s.distinct, s.largest, s.smallest]],
    };
    if (format === 'csv') io.stdout(toCsv(table, csvMeta(args, 'spectrum', { spectrum: args.string('spectrum') ?? 'powerlaw:d=256,k=1' })));
    else if (format === 'markdown') io.stdout(toMarkdown(table));
    else io.stdout(`d = ${s.d}, trace = ${s.trace}, participation ratio = ${s.participationRatio}, condition number = ${s.conditionNumber} (${s.distinct} distinct eigenvalues in [${s.smallest}, ${s.largest}])\n`);
  },
};
