import { autoLog } from './plotAxes.js';
import { svgLinePlot, type PlotSeries } from './svgPlot.js';

/** What densityPlot needs of a spectralDensity result (structurally; plot/ sits below selfconsistency/). */
export interface DensityCurve {
  x: ArrayLike<number>;
  density: ArrayLike<number>;
  sigmaDensity: ArrayLike<number>;
  atomAtZero: number;
  sigmaAtomAtZero: number;
  support: { intervals: [number, number][] };
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/**
 * Eigenvalue densities per dimension (one or several, e.g. Σ̂ at a few N): the continuous part as
 * lines that break between support intervals (no line is drawn across a spectral gap) and where
 * the density is infinite (the hard edge at 0 when n = d), and the atom at 0 as a stem labelled
 * with its mass. By default both axes are logarithmic when the support spans more than 1.5
 * decades (a heavy-tailed spectrum: a power-law density is a line there), with densities below
 * 1e-4 of the largest left out (the square-root edges would otherwise stretch the axis).
 */
export function densityPlot(options: {
  title: string;
  densities: { label: string; result: DensityCurve }[];
  sigmaWeighted?: boolean;
  xLog?: boolean;
  yLog?: boolean;
}): string {
  const ends = options.densities.flatMap(({ result }) => result.support.intervals.flat()).filter((v) => v > 0);
  const auto = autoLog(ends);
  const xLog = options.xLog ?? auto;
  const yLog = options.yLog ?? auto;
  const series: PlotSeries[] = [];
  const atoms: { x: number; mass: number; label: string; color: string }[] = [];
  options.densities.forEach(({ label, result }, k) => {
    const color = COLORS[k % COLORS.length];
    const name = label === '' ? '' : `${label}: `;
    series.push({ label: `${name}counting density`, kind: 'line', color, ...broken(result, result.density, yLog) });
    if (options.sigmaWeighted) series.push({ label: `${name}Σ-weighted density`, kind: 'line', dashed: true, color: options.densities.length === 1 ? '#d62728' : color, ...broken(result, result.sigmaDensity, yLog) });
    if (result.atomAtZero > 0) atoms.push({ x: 0, mass: result.atomAtZero, label: `${name}atom at 0`, color });
  });
  return svgLinePlot({
    title: options.title,
    xLabel: 'eigenvalue x',
    yLabel: 'density per dimension',
    xLog,
    yLog,
    series,
    atoms,
  });
}

/** The points with a NaN inserted between support intervals and for non-finite values. */
function broken(r: DensityCurve, y: ArrayLike<number>, log: boolean): { x: number[]; y: number[] } {
  let max = 0;
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i]) && y[i] > max) max = y[i];
  const floor = log ? 1e-4 * max : -Infinity;
  const xs: number[] = [];
  const ys: number[] = [];
  const cluster = (x: number) => r.support.intervals.findIndex(([a, b]) => x >= a - 1e-12 * Math.abs(b) && x <= b + 1e-12 * Math.abs(b));
  let last = -2;
  for (let i = 0; i < r.x.length; i++) {
    const c = cluster(r.x[i]);
    if (last !== -2 && c !== last) {
      xs.push(NaN);
      ys.push(NaN);
    }
    last = c;
    xs.push(r.x[i]);
    ys.push(Number.isFinite(y[i]) && y[i] >= floor ? y[i] : NaN);
  }
  return { x: xs, y: ys };
}
