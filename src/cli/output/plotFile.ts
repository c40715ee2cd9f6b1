import { InvalidArgumentError } from '../../errors.js';
import { svgToPng } from '../../node/renderFigure.js';
import type { FigureOptions } from '../../plot/svgPlot.js';
import type { Args, FlagSpec } from '../commandLine/args.js';
import type { CliIo } from '../files/io.js';

/** The figure formats --plot writes, chosen by the file's extension. */
export const PLOT_FORMATS = ['svg', 'png'] as const;
export type PlotFormat = (typeof PLOT_FORMATS)[number];

/**
 * `--plot FILE.svg|FILE.png` plus the options every plotting command shares — axis scales, size,
 * font size and the texts — declared once here so every command with --plot has the same ones.
 */
export function plotFlags(what: string): FlagSpec[] {
  return [
    { name: 'plot', value: 'FILE.svg|FILE.png', help: `also write a figure (${what}); the extension chooses SVG or PNG (PNG at --width × --height pixels)` },
    { name: 'log-x', value: 'auto|log|linear', help: 'x axis scale of --plot (default auto: log when the values span > 1.5 decades)' },
    { name: 'log-y', value: 'auto|log|linear', help: 'y axis scale of --plot (default auto; linear for density)' },
    { name: 'width', value: 'PX', help: 'figure width in px (default 640; 100–20000)' },
    { name: 'height', value: 'PX', help: 'figure height in px (default 420; 80–20000)' },
    { name: 'font-size', value: 'PX', help: 'font size of ticks and legend in px (default 14; axis labels +1, title +2)' },
    { name: 'title', value: 'TEXT', help: 'figure title (default: what and on which spectrum; "" for none); _{sub} and ^{sup} markup allowed' },
    { name: 'xlabel', value: 'TEXT', help: 'x axis label (default in the papers\u2019 notation, e.g. "training-set size N")' },
    { name: 'ylabel', value: 'TEXT', help: 'y axis label (default in the papers\u2019 notation, e.g. "test loss L_{test}")' },
  ];
}

const FIGURE_FLAGS = ['log-x', 'log-y', 'width', 'height', 'font-size', 'title', 'xlabel', 'ylabel'];

export interface PlotRequest {
  path: string;
  format: PlotFormat;
  /** undefined = the plot's automatic choice. */
  xLog?: boolean;
  yLog?: boolean;
  /** The figure fields the flags set (only those given): spread them last into the plot's options. */
  figure: FigureOptions;
}

/**
 * The plot the flags ask for, checked before any work: the file's extension is .svg or .png (no
 * extension: SVG); the size and font are numbers in range (exit 2 naming the flag otherwise).
 */
export function readPlot(args: Args): PlotRequest | undefined {
  const scale = (name: string) => {
    const v = args.choice(name, ['auto', 'log', 'linear'] as const, 'auto');
    return v === 'auto' ? undefined : v === 'log';
  };
  const path = args.string('plot');
  if (path === undefined) {
    for (const f of FIGURE_FLAGS) if (args.has(f)) throw new InvalidArgumentError(`--${f}`, args.string(f), 'only applies with --plot');
    return undefined;
  }
  const ext = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase() ?? 'svg';
  if (!(PLOT_FORMATS as readonly string[]).includes(ext)) {
    throw new InvalidArgumentError('--plot', path, `asks for .${ext}; figures are written as .svg or .png (for PDF, convert the SVG, e.g. rsvg-convert -f pdf -o plot.pdf plot.svg)`);
  }
  const size = (flag: string, lo: number, hi: number) => {
    const v = args.number(flag);
    if (v !== undefined && !(v >= lo && v <= hi)) throw new InvalidArgumentError(`--${flag}`, args.string(flag), `must be a number from ${lo} to ${hi} (px)`);
    return v;
  };
  const figure: FigureOptions = {};
  const width = size('width', 100, 20000);
  const height = size('height', 80, 20000);
  const fontSize = size('font-size', 4, 200);
  if (width !== undefined) figure.width = width;
  if (height !== undefined) figure.height = height;
  if (fontSize !== undefined) figure.fontSize = fontSize;
  for (const [flag, key] of [['title', 'title'], ['xlabel', 'xLabel'], ['ylabel', 'yLabel']] as const) {
    const v = args.string(flag);
    if (v !== undefined) figure[key] = v;
  }
  return { path, format: ext as PlotFormat, xLog: scale('log-x'), yLog: scale('log-y'), figure };
}

/** Write the figure (SVG as is, PNG rendered by resvg); a failed write names the file (exit 1). */
export function writePlot(io: CliIo, plot: PlotRequest, svg: string): void {
  io.writeTextFile(plot.path, plot.format === 'png' ? svgToPng(svg) : svg);
}
