import { solveKappa } from '../../selfconsistency/solveKappa.js';
import { solveKappaHighPrecision } from '../../selfconsistency/solveKappaHighPrecision.js';
import { LIMITS } from '../../limits.js';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { OUTPUT_FLAGS, outputFormat } from '../command.js';
import { toCsv, toJson, toMarkdown } from '../output.js';
import { SPECTRUM_FLAG, readSpectrum } from '../spectrumFlag.js';

export const kappaCommand: Command = {
  name: 'kappa',
  summary: 'solve the self-consistency equation for the renormalised ridge κ (THEORY.md §2)',
  flags: [
    SPECTRUM_FLAG,
    { name: 'n', value: 'N', help: 'number of samples n of the n-sample ensemble (>= 1)' },
    { name: 'ridge', value: 'W', help: 'ridge w >= 0' },
    { name: 'method', value: 'newton|fixed-point', help: 'solver (default newton)' },
    { name: 'digits', value: 'D', help: 'solve in decimal arithmetic with D significant digits (reference solve)' },
    ...OUTPUT_FLAGS,
  ],
  examples: ['replica-diffusion kappa --spectrum iso:d=100 --n 100 --ridge 1 --json'],
  run(args, io) {
    const spectrum = readSpectrum(args, io);
    const n = args.requireNumber('n', { min: 1 });
    const ridge = args.requireNumber('ridge', { min: 0 });
    const digits = args.integer('digits', 20, LIMITS.digits, 'decimal digits limit: the reference solve costs O(digits²) per eigenvalue and step');
    if (digits !== undefined && args.has('method')) throw new UsageError('--digits runs its own decimal Newton solve: give --digits or --method, not both');
    const format = outputFormat(args);
    let out: Record<string, unknown>;
    if (digits !== undefined) {
      const r = solveKappaHighPrecision({ spectrum, n, ridge, digits });
      out = { kappa: r.kappa, gamma: r.gamma, dkappaDridge: r.dkappaDridge, iterations: r.iterations, residual: r.residual, converged: r.converged, kappaDecimal: r.kappaDecimal };
    } else {
      const method = args.choice('method', ['newton', 'fixed-point'] as const, 'newton');
      const r = solveKappa({ spectrum, n, ridge, method });
      out = { kappa: r.kappa, gamma: r.gamma, dkappaDridge: r.dkappaDridge, iterations: r.iterations, residual: r.residual, converged: r.converged, reason: r.reason };
      if (r.contractionRate !== undefined) out.contractionRate = r.contractionRate;
    }
    if (format === 'json') io.stdout(toJson(out) + '\n');
    else {
      const table = { columns: Object.keys(out), rows: [Object.values(out) as (number | string | boolean)[]] };
      if (format === 'csv') io.stdout(toCsv(table));
      else if (format === 'markdown') io.stdout(toMarkdown(table));
      else io.stdout(`kappa = ${out.kappa} (gamma = ${out.gamma}, dkappa/dridge = ${out.dkappaDridge}; ${out.iterations} iterations, residual ${out.residual}${out.converged ? '' : ', NOT converged'})\n`);
    }
    return out.converged === false ? 1 : 0;
  },
};
