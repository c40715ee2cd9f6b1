import { autoLog } from './plotAxes.js';
import { AXIS_LABEL } from './notation.js';
import { SeriesStyles } from './seriesStyle.js';
import { svgLinePlot, type FigureOptions, type PlotAtom, type PlotSeries } from './svgPlot.js';

/** What densityPlot needs of a spectralDensity result (structurally; plot/ sits below selfconsistency/). */
export interface DensityCurve {
  x: ArrayLike<number>;
  density: ArrayLike<number>;
  sigmaDensity: ArrayLike<number>;
  atomAtZero: number;
  sigmaAtomAtZero: number;
  support: { intervals: [number, number][] };
}

/**
 * Eigenvalue densities per dimension (one or several, e.g. Σ̂ at a few N): the continuous part as
 * lines that break between support intervals (no line is drawn across a spectral gap) and where
 * the density is infinite (the hard edge at 0 when n = d), and the atom at 0 as a filled marker
 * on the x axis whose mass is written in the legend ("atom at 0: mass 0.5"): a point mass has no
 * height on a density scale, so none is drawn. The y axis is linear by default (areas read as
 * probabilities); where an integrable spike at a hard edge would flatten the rest, the axis stops
 * at 1.5 × the 97th percentile and the spike leaves the frame. The x axis is logarithmic when the
 * support spans more than 1.5 decades (a heavy-tailed spectrum); a log y axis (yLog) leaves out
 * densities below 1e-4 of the largest (the square-root edges would otherwise stretch it).
 *
 * @example
 * ```ts
 * const result = spectralDensity({ spectrum: powerLawSpectrum({ d: 64, k: 1 }), n: 128 });
 * densityPlot({ title: 'Density', densities: [{ label: 'N = 128', result }] });   // '<svg …>'
 * ```
 */
export function densityPlot(options: FigureOptions & {
  title: string;
  densities: { label: string; result: DensityCurve }[];
  sigmaWeighted?: boolean;
  xLog?: boolean;
  yLog?: boolean;
  /** Styles by series identity ("N = 64"), shared with the other figures of a report. */
  styles?: SeriesStyles;
}): string {
  const ends = options.densities.flatMap(({ result }) => result.support.intervals.flat()).filter((v) => v > 0);
  const xLog = options.xLog ?? autoLog(ends);
  const yLog = options.yLog ?? false;
  const series: PlotSeries[] = [];
  const atoms: PlotAtom[] = [];
  const styles = options.styles ?? new SeriesStyles();
  options.densities.forEach(({ label, result }) => {
    const name = label === '' ? '' : `${label}: `;
    const key = label === '' ? 'counting density' : label;
    series.push({ label: `${name}counting density`, key, kind: 'line', ...broken(result, result.density, yLog) });
    if (options.sigmaWeighted) series.push({ label: `${name}Σ-weighted density`, key: `${key} Σ-weighted`, kind: 'line', ...broken(result, result.sigmaDensity, yLog) });
    if (result.atomAtZero > 0) atoms.push({ x: 0, mass: result.atomAtZero, label: `${name}atom at 0`, color: styles.get(key).color });
  });
  const values = series.flatMap((s) => Array.from(s.y).filter((v) => Number.isFinite(v)));
  return svgLinePlot({
    width: options.width,
    height: options.height,
    fontSize: options.fontSize,
    title: options.title,
    xLabel: options.xLabel ?? AXIS_LABEL.eigenvalue,
    yLabel: options.yLabel ?? AXIS_LABEL.density,
    xLog,
    yLog,
    yRange: yLog ? undefined : spikeCap(values),
    series,
    atoms,
    styles,
  });
}

/** [0, 1.5 × 97th percentile] when the largest value is more than 4 times that percentile (an integrable spike), else undefined. */
function spikeCap(values: number[]): [number, number] | undefined {
  if (values.length < 10) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const q = sorted[Math.floor(0.97 * (sorted.length - 1))];
  return sorted[sorted.length - 1] > 4 * q && q > 0 ? [0, 1.5 * q] : undefined;
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
