import { InvalidArgumentError } from '../../errors.js';
import { LIMITS } from '../../limits.js';
import { spectralDensity } from '../../selfconsistency/spectralDensity.js';
import { parseGrid } from '../args.js';
import type { Command } from '../command.js';
import { OUTPUT_FLAGS, outputFormat } from '../command.js';
import { toCsv, toJson, toMarkdown } from '../output.js';
import { SPECTRUM_FLAG, readSpectrum } from '../spectrumFlag.js';
import { svgLinePlot } from '../../plot/svgPlot.js';

export const densityCommand: Command = {
  name: 'density',
  summary: 'limiting eigenvalue density of the sample covariance: support, atom at 0, counting and Σ-weighted densities (THEORY.md §3)',
  flags: [
    SPECTRUM_FLAG,
    { name: 'n', value: 'N', help: 'samples of the n-sample ensemble Ŝ = XᵀX/n (or use --N for the model ensemble)' },
    { name: 'N', value: 'N', help: 'training-set size of the model ensemble Σ̂ (empirical mean removed: n = N − 1, Σ̂ = Ŝ/r)' },
    { name: 'points', value: 'P', help: 'size of the support-adapted grid (default 2000)' },
    { name: 'x', value: 'GRID', help: 'evaluate at these points instead (LO:HI:COUNT, lin:LO:HI:COUNT or a list)' },
    { name: 'plot', value: 'FILE.svg', help: 'also write an SVG plot of both densities' },
    ...OUTPUT_FLAGS,
  ],
  examples: ['replica-diffusion density --spectrum twopoint:d=400,a=1,b=8,p=0.25 --n 2000 --points 400 --json'],
  run(args, io) {
    const spectrum = readSpectrum(args, io);
    const n = args.number('n', { min: 1 });
    const N = args.number('N', { min: 2 });
    for (const [flag, v] of [['n', n], ['N', N]] as const) {
      if (v !== undefined && v > LIMITS.densitySamples) throw new InvalidArgumentError(`--${flag}`, args.string(flag), `must be <= ${LIMITS.densitySamples} (beyond, the support's clusters are narrower than double precision resolves)`);
    }
    if ((n === undefined) === (N === undefined)) throw new InvalidArgumentError('--n', n ?? N, 'give exactly one of --n (n-sample ensemble) and --N (model ensemble)');
    const points = args.integer('points', 3, LIMITS.densityPoints, 'density grid limit');
    const xText = args.string('x');
    if (points !== undefined && xText !== undefined) throw new InvalidArgumentError('--x', xText, 'give --points or --x, not both');
    const x = xText === undefined ? undefined : parseGrid('--x', xText, { min: 0 });
    const r = spectralDensity({ spectrum, ...(n !== undefined ? { n } : { ensemble: 'model' as const, N }), points, x });
    const support = r.support.intervals;
    const plot = args.string('plot');
    if (plot !== undefined) {
      const finite = (a: Float64Array) => Array.from(a, (v) => (Number.isFinite(v) ? v : NaN));
      io.writeTextFile(
        plot,
        svgLinePlot({
          title: `Eigenvalue density — ${args.string('spectrum') ?? 'powerlaw:d=256,k=1'}, ${n !== undefined ? `n = ${n}` : `N = ${N}`}`,
          xLabel: 'eigenvalue x',
          yLabel: 'density per dimension',
          xLog: false,
          yLog: false,
          series: [
            { label: 'counting density', kind: 'line', x: r.x, y: finite(r.density) },
            { label: 'Σ-weighted density', kind: 'line', x: r.x, y: finite(r.sigmaDensity) },
          ],
        }),
      );
    }
    const format = outputFormat(args, 'markdown');
    if (format === 'json') {
      io.stdout(
        toJson({
          support,
          atomAtZero: r.atomAtZero,
          sigmaAtomAtZero: r.sigmaAtomAtZero,
          x: Array.from(r.x),
          density: Array.from(r.density),
          sigmaDensity: Array.from(r.sigmaDensity),
          maxResidual: r.maxResidual,
          converged: r.converged,
        }) + '\n',
      );
      return r.converged ? 0 : 1;
    }
    const table = { columns: ['x', 'density', 'sigmaDensity'], rows: Array.from(r.x, (v, i) => [v, r.density[i], r.sigmaDensity[i]]) };
    if (format === 'csv') io.stdout(toCsv(table));
    else {
      io.stdout(`support ${support.map(([a, b]) => `[${a}, ${b}]`).join(' ∪ ')}, atom at 0: ${r.atomAtZero} (Σ-weighted ${r.sigmaAtomAtZero}), ${r.x.length} points\n\n`);
      io.stdout(toMarkdown(table));
    }
    return r.converged ? 0 : 1;
  },
};
