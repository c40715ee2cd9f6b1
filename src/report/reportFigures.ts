import { densityPlot, type DensityCurve } from '../plot/densityPlot.js';
import { svgLinePlot, type PlotSeries } from '../plot/svgPlot.js';
import type { OptimalStopping } from '../predictions/optimalStopping.js';
import type { MeanStderr } from '../statistics/summaryStatistics.js';

const COLORS = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/** Theory lines (and Monte Carlo points) of one or more measures against N, with N = d marked. */
export function measureFigure(options: {
  title: string;
  yLabel: string;
  Ns: number[];
  d: number;
  mcLabel: string;
  curves: { label: string; theory: number[]; mc?: MeanStderr[] }[];
  asymptote?: number[];
}): string {
  const series: PlotSeries[] = [];
  options.curves.forEach((c, k) => {
    const color = COLORS[k % COLORS.length];
    series.push({ label: `${c.label} (theory)`, kind: 'line', x: options.Ns, y: c.theory, color });
    if (c.mc) series.push({ label: `${c.label} (${options.mcLabel})`, kind: 'points', x: options.Ns, y: c.mc.map((m) => m.mean), yErr: c.mc.map((m) => m.stderr), color });
  });
  if (options.asymptote) series.push({ label: 'd²/(4N)', kind: 'line', dashed: true, x: options.Ns, y: options.asymptote, color: '#555' });
  return svgLinePlot({ title: options.title, xLabel: 'training-set size N', yLabel: options.yLabel, series, verticalLines: [{ x: options.d, label: 'N = d' }] });
}

/** Densities of Σ̂ at a few N, atoms at 0 marked. */
export function densityFigure(title: string, densities: { N: number; result: DensityCurve }[]): string {
  return densityPlot({ title, densities: densities.map(({ N, result }) => ({ label: `N = ${N}`, result })) });
}

export interface DynamicsCurve {
  N: number;
  taus: number[];
  testLoss: number[];
  stopping: OptimalStopping;
  mcTaus: number[];
  mc?: MeanStderr[];
}

/** Test loss against gradient-flow time, one line per N, Monte Carlo points, τ* marked by a point. */
export function dynamicsFigure(title: string, curves: DynamicsCurve[]): string {
  const series: PlotSeries[] = [];
  curves.forEach((c, k) => {
    const color = COLORS[k % COLORS.length];
    series.push({ label: `N = ${c.N} (theory)`, kind: 'line', x: c.taus, y: c.testLoss, color });
    if (c.mc) series.push({ label: `N = ${c.N} (Monte Carlo)`, kind: 'points', x: c.mcTaus, y: c.mc.map((m) => m.mean), yErr: c.mc.map((m) => m.stderr), color });
  });
  return svgLinePlot({ title, xLabel: 'gradient-flow time τ', yLabel: 'test loss', series });
}
