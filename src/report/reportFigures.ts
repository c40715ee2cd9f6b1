import { densityPlot, type DensityCurve } from '../plot/densityPlot.js';
import { AXIS_LABEL } from '../plot/notation.js';
import type { SeriesStyles } from '../plot/seriesStyle.js';
import { svgLinePlot, type FigureOptions, type PlotSeries } from '../plot/svgPlot.js';
import type { OptimalStopping } from '../predictions/dynamics/optimalStopping.js';
import type { MeanStderr } from '../statistics/summaryStatistics.js';

/**
 * The report's figures. Each takes the report's `SeriesStyles`, so a measure (keyed by its name)
 * or a training-set size (keyed "N = 64") has one colour, dash and marker in every figure.
 */

/**
 * Theory lines (and Monte Carlo points) of one or more measures against N, with N = d marked.
 *
 * @example
 * ```ts
 * measureFigure({ title: 'Test loss', yLabel: 'loss', Ns: [16, 64], d: 64, mcLabel: 'MC', curves: [{ label: 'theory', theory: [5.2, 4.1] }] });   // '<svg …>'
 * ```
 */
export function measureFigure(options: FigureOptions & {
  title: string;
  yLabel: string;
  Ns: number[];
  d: number;
  mcLabel: string;
  /** key: the series' identity for its style (default: the label). */
  /** band: the half-width of a shaded band around the theory (e.g. K standard deviations over training sets). */
  curves: { label: string; key?: string; theory: number[]; mc?: MeanStderr[]; band?: number[] }[];
  asymptote?: number[];
  styles?: SeriesStyles;
  /** The legend's note for the bands. */
  bandNote?: string;
}): string {
  const series: PlotSeries[] = [];
  for (const c of options.curves) {
    const key = c.key ?? c.label;
    const band = c.band ? { lower: c.theory.map((v, i) => v - c.band![i]), upper: c.theory.map((v, i) => v + c.band![i]) } : undefined;
    series.push({ label: `${c.label} theory`, key, kind: 'line', x: options.Ns, y: c.theory, ...(band ? { band } : {}) });
    if (c.mc) series.push({ label: `${c.label} ${options.mcLabel}`, key, kind: 'points', x: options.Ns, y: c.mc.map((m) => m.mean), yErr: c.mc.map((m) => m.stderr) });
  }
  if (options.asymptote) series.push({ label: 'd²/(4N)', key: 'd²/(4N)', kind: 'line', x: options.Ns, y: options.asymptote, color: '#777777', dash: '2 3' });
  const { title, yLabel, width, height, fontSize, styles } = options;
  return svgLinePlot({ title, xLabel: options.xLabel ?? AXIS_LABEL.N, yLabel, width, height, fontSize, styles, series, verticalLines: [{ x: options.d, label: 'N = d' }], bandNote: options.bandNote });
}

/**
 * Densities of Σ̂ at a few N, atoms at 0 marked (keyed "N = …", as in the early-stopping figure).
 *
 * @example
 * ```ts
 * densityFigure('Density', [{ N: 128, result: spectralDensity({ spectrum, n: 128 }) }]);   // '<svg …>'
 * ```
 */
export function densityFigure(title: string, densities: { N: number; result: DensityCurve }[], figure: FigureOptions & { styles?: SeriesStyles } = {}): string {
  return densityPlot({ ...figure, title, densities: densities.map(({ N, result }) => ({ label: `N = ${N}`, result })) });
}

export interface DynamicsCurve {
  N: number;
  taus: number[];
  testLoss: number[];
  stopping: OptimalStopping;
  mcTaus: number[];
  mc?: MeanStderr[];
}

/**
 * Test loss against gradient-flow time, one line per N (keyed "N = …"), Monte Carlo points.
 *
 * @example
 * ```ts
 * dynamicsFigure('Training dynamics', [{ N: 64, taus, testLoss, stopping, mcTaus: [] }]);   // '<svg …>' (test loss against τ, one curve per N)
 * ```
 */
export function dynamicsFigure(title: string, curves: DynamicsCurve[], figure: FigureOptions & { styles?: SeriesStyles } = {}): string {
  const series: PlotSeries[] = [];
  for (const c of curves) {
    const key = `N = ${c.N}`;
    series.push({ label: `${key} theory`, key, kind: 'line', x: c.taus, y: c.testLoss });
    if (c.mc) series.push({ label: `${key} Monte Carlo`, key, kind: 'points', x: c.mcTaus, y: c.mc.map((m) => m.mean), yErr: c.mc.map((m) => m.stderr) });
  }
  return svgLinePlot({ xLabel: AXIS_LABEL.tau, yLabel: 'test loss L_{test}', ...figure, title, series });
}
