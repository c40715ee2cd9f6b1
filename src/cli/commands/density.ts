import { REAL_N_NOTE } from '../commandLine/modelFlags.js';
import { InvalidArgumentError } from '../../errors.js';
import { LIMITS } from '../../limits.js';
import { spectralDensity } from '../../selfconsistency/limitingMeasure/spectralDensity.js';
import { parseGrid } from '../commandLine/args.js';
import type { Command } from '../commandLine/command.js';
import { OUTPUT_FLAGS, outputFormat, UsageError } from '../commandLine/command.js';
import { printTable } from '../output/outputTable.js';
import { plotFlags, readPlot, writePlot } from '../output/plotFile.js';
import { DEFAULT_SPECTRUM, SPECTRUM_FLAG, readSpectrum } from '../commandLine/spectrumFlag.js';
import { densityPlot } from '../../plot/densityPlot.js';

export const densityCommand: Command = {
  name: 'density',
  summary: 'limiting (d → ∞) eigenvalue density of the sample covariance: support, atom at 0, counting and Σ-weighted densities (docs/theory.md §3; its finite-d correction is a distribution with point masses at the edges, so expectations E tr f(Σ̂) are corrected instead: finiteSizeExpectation, §6.9)',
  flags: [
    SPECTRUM_FLAG,
    { name: 'n', value: 'N', help: 'samples n of the n-sample ensemble Ŝ = XᵀX/n (or use --N for the model ensemble); a real number is accepted (the limiting density is analytic in n)' },
    { name: 'N', value: 'N', help: `training-set size of the model ensemble Σ̂ (empirical mean removed: n = N − 1, Σ̂ = Ŝ/r); ${REAL_N_NOTE}` },
    { name: 'points', value: 'P', help: 'size of the support-adapted grid (default 2000)' },
    { name: 'x', value: 'GRID', help: 'evaluate at these points instead (LO:HI:COUNT, lin:LO:HI:COUNT or a list)' },
    ...plotFlags('both densities on a linear y axis, the atom at 0 with its mass in the legend, gaps between support intervals left empty'),
    ...OUTPUT_FLAGS,
  ],
  examples: ['replica-diffusion density --spectrum twopoint:d=400,a=1,b=8,p=0.25 --n 2000 --points 400 --json'],
  run(args, io) {
    const spectrum = readSpectrum(args, io);
    const plot = readPlot(args);
    const n = args.number('n', { min: 1 });
    const N = args.number('N', { min: 2 });
    for (const [flag, v] of [['n', n], ['N', N]] as const) {
      if (v !== undefined && v > LIMITS.densitySamples) throw new InvalidArgumentError(`--${flag}`, args.string(flag), `must be <= ${LIMITS.densitySamples} (beyond, the support's clusters are narrower than double precision resolves)`);
    }
    if (n !== undefined && N !== undefined) throw new InvalidArgumentError('--n', n, 'give exactly one of --n (n-sample ensemble) and --N (model ensemble), not both');
    if (n === undefined && N === undefined) throw new UsageError('missing --n N (samples of the n-sample ensemble) or --N N (training-set size of the model ensemble): give exactly one');
    const points = args.integer('points', 3, LIMITS.densityPoints, 'density grid limit');
    const xText = args.string('x');
    if (points !== undefined && xText !== undefined) throw new InvalidArgumentError('--x', xText, 'give --points or --x, not both');
    const x = xText === undefined ? undefined : parseGrid('--x', xText, { min: 0 });
    const r = spectralDensity({ spectrum, ...(n !== undefined ? { n } : { ensemble: 'model' as const, N }), points, x });
    const support = r.support.intervals;
    if (plot) {
      const title = `Eigenvalue density — ${args.string('spectrum') ?? DEFAULT_SPECTRUM}, ${n !== undefined ? `n = ${n}` : `N = ${N}`}`;
      writePlot(io, plot, densityPlot({ title, densities: [{ label: '', result: r }], xLog: plot.xLog, yLog: plot.yLog, sigmaWeighted: true, ...plot.figure }));
    }
    const format = outputFormat(args, 'markdown');
    // Column names: docs/output-schema.md (d → ∞ theory: density_theory, sigmaDensity_theory).
    printTable(io, args, format, {
      command: 'density',
      settings: { spectrum: args.string('spectrum') ?? DEFAULT_SPECTRUM, ...(n !== undefined ? { n } : { N }), points: r.x.length },
      columns: ['x', 'density_theory', 'sigmaDensity_theory'],
      rows: Array.from(r.x, (v, i) => [v, r.density[i], r.sigmaDensity[i]]),
      diagnostics: { support, atomAtZero: r.atomAtZero, sigmaAtomAtZero: r.sigmaAtomAtZero, maxResidual: r.maxResidual, converged: r.converged },
      preamble: `support ${support.map(([a, b]) => `[${a}, ${b}]`).join(' ∪ ')}, atom at 0: ${r.atomAtZero} (Σ-weighted ${r.sigmaAtomAtZero}), ${r.x.length} points`,
    });
    return r.converged ? 0 : 1;
  },
};
