import { InvalidArgumentError } from '../errors.js';
import type { Args, FlagSpec } from './args.js';
import type { CliIo } from './io.js';

/** `--plot FILE.svg` plus the axis-scale choices every plotting command shares. */
export function plotFlags(what: string): FlagSpec[] {
  return [
    { name: 'plot', value: 'FILE.svg', help: `also write an SVG plot (${what}); SVG only` },
    { name: 'log-x', value: 'auto|log|linear', help: 'x axis scale of --plot (default auto: log when the values span > 1.5 decades)' },
    { name: 'log-y', value: 'auto|log|linear', help: 'y axis scale of --plot (default auto)' },
  ];
}

export interface PlotRequest {
  path: string;
  /** undefined = the plot's automatic choice. */
  xLog?: boolean;
  yLog?: boolean;
}

/**
 * The plot the flags ask for, checked before any work: the file must be named .svg (or have no
 * extension) — a .png or .pdf name is an error (exit 2), since only SVG is written.
 */
export function readPlot(args: Args): PlotRequest | undefined {
  const scale = (name: string) => {
    const v = args.choice(name, ['auto', 'log', 'linear'] as const, 'auto');
    return v === 'auto' ? undefined : v === 'log';
  };
  const path = args.string('plot');
  if (path === undefined) {
    for (const f of ['log-x', 'log-y']) if (args.has(f)) throw new InvalidArgumentError(`--${f}`, args.string(f), 'only applies with --plot');
    return undefined;
  }
  const ext = /\.([^./\\]+)$/.exec(path)?.[1];
  if (ext !== undefined && ext.toLowerCase() !== 'svg') {
    throw new InvalidArgumentError('--plot', path, `asks for .${ext}, but plots are written as SVG only: name the file .svg (convert it after, e.g. rsvg-convert -o plot.png plot.svg)`);
  }
  return { path, xLog: scale('log-x'), yLog: scale('log-y') };
}

/** Write the SVG, turning a file-system error into one that names the file (exit 2). */
export function writePlot(io: CliIo, plot: PlotRequest, svg: string): void {
  // A failed write is the io's FileWriteError naming --plot: an I/O failure, exit 1.
  io.writeTextFile(plot.path, svg);
}
