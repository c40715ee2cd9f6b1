import { solveKappa } from '../../selfconsistency/kappa/solveKappa.js';
import { LIMITS } from '../../limits.js';
import type { Command } from '../commandLine/command.js';
import { UsageError } from '../commandLine/command.js';
import { OUTPUT_FORMAT_FLAGS, outputFormat } from '../commandLine/command.js';
import { parseGrid } from '../commandLine/args.js';
import { gridPoints, printRecords } from '../output/printRecords.js';
import { DEFAULT_TABLE_DIGITS } from '../../tables/markdown.js';
import { DEFAULT_SPECTRUM, SPECTRUM_FLAG, readSpectrum } from '../commandLine/spectrumFlag.js';

export const kappaCommand: Command = {
  name: 'kappa',
  summary: 'solve the self-consistency equation for the renormalised ridge κ (docs/theory.md §2)',
  flags: [
    SPECTRUM_FLAG,
    { name: 'n', value: 'N|GRID', help: 'number of samples n of the n-sample ensemble (>= 1; a real number is accepted), or a grid: a,b,c | LO:HI:COUNT | lin:LO:HI:COUNT. This is n, not the training-set size N of the other commands: n = N − 1 with an estimated mean, n = N with a known one (docs/theory.md §1)' },
    { name: 'ridge', value: 'W|GRID', help: 'ridge w >= 0, or a grid; one row per (n, w) point' },
    { name: 'method', value: 'newton|fixed-point', help: 'solver (default newton)' },
    { name: 'digits', value: 'D', help: 'solve in decimal arithmetic with D significant digits (reference solve)' },
    // --digits is the decimal solve's precision here; tables show 6 significant digits.
    ...OUTPUT_FORMAT_FLAGS,
  ],
  examples: ['replica-diffusion kappa --spectrum iso:d=100 --n 100 --ridge 1 --json'],
  async run(args, io) {
    const spectrum = readSpectrum(args, io);
    const points = gridPoints([
      ['n', parseGrid('--n', args.requireString('n'), { min: 1 })],
      ['ridge', parseGrid('--ridge', args.requireString('ridge'), { min: 0 })],
    ]);
    const digits = args.integer('digits', 20, LIMITS.digits, 'decimal digits limit: the reference solve costs O(digits²) per eigenvalue and step');
    if (digits !== undefined && args.has('method')) throw new UsageError('--digits runs its own decimal Newton solve: give --digits or --method, not both');
    const format = outputFormat(args);
    const method = digits === undefined ? args.choice('method', ['newton', 'fixed-point'] as const, 'newton') : undefined;
    // decimal.js (the reference solve) loads only with --digits: start-up time (issue 23).
    const solveKappaHighPrecision = digits === undefined ? undefined : (await import('../../selfconsistency/kappa/solveKappaHighPrecision.js')).solveKappaHighPrecision;
    const records = points.map(({ n, ridge }) => {
      let out: Record<string, number | string | boolean | null>;
      if (digits !== undefined) {
        const r = solveKappaHighPrecision!({ spectrum, n, ridge, digits });
        out = { n, ridge, kappa: r.kappa, gamma: r.gamma, dkappaDridge: r.dkappaDridge, kappaIterations: r.iterations, kappaResidual: r.residual, kappaConverged: r.converged, kappaDecimal: r.kappaDecimal };
      } else {
        const r = solveKappa({ spectrum, n, ridge, method });
        // Column names: docs/output-schema.md (the solver's kappa* columns, as in predict and kl).
        out = { n, ridge, kappa: r.kappa, gamma: r.gamma, dkappaDridge: r.dkappaDridge, kappaIterations: r.iterations, kappaResidual: r.residual, kappaConverged: r.converged, kappaReason: r.reason };
        if (r.contractionRate !== undefined) out.contractionRate = r.contractionRate;
      }
      return out;
    });
    // The fixed-point solver reports a contraction rate only sometimes: give every row the same keys.
    const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
    for (const r of records) for (const k of keys) if (!(k in r)) r[k] = null;
    if (format === 'text' && records.length === 1) {
      const out = records[0];
      io.stdout(`kappa = ${out.kappa} (gamma = ${out.gamma}, dkappa/dridge = ${out.dkappaDridge}; ${out.kappaIterations} iterations, residual ${out.kappaResidual}${out.kappaConverged ? '' : ', NOT converged'})\n`);
    } else printRecords(io, args, format, 'kappa', records, { spectrum: args.string('spectrum') ?? DEFAULT_SPECTRUM, ...(digits !== undefined ? { decimalDigits: digits } : { method }) }, { digits: DEFAULT_TABLE_DIGITS, diagnostics: { converged: records.every((r) => r.kappaConverged !== false) } });
    return records.every((r) => r.kappaConverged !== false) ? 0 : 1;
  },
};
