/**
 * A small, dependency-free SVG line plot for publication: theory curves as lines, Monte Carlo as
 * markers with error bars, log or linear axes with tick marks (minor ticks on log axes; a log
 * axis is shown by its ticks, not by a word in its label), one tick-label format per axis,
 * vertical marker lines (e.g. N = d), atoms (point masses, e.g. a spectral density's atom at 0,
 * whose mass is written in the legend), and a legend placed where it covers no data
 * (legendLayout.ts). Every series has a colour-blind-safe colour, a dash pattern and a marker
 * shape (seriesStyle.ts) keyed by its identity, so it stays distinct in grayscale and keeps its
 * style across the figures that share a `SeriesStyles`. Labels may use the `_{…}`/`^{…}` markup
 * of notation.ts. A line is broken — never drawn straight across — where a value is NaN or, on a
 * log axis, not positive. Pure: returns the SVG text; the CLI writes it (or renders PNG in Node).
 */
import { InvalidArgumentError } from '../errors.js';
import { axis, autoLog } from './plotAxes.js';
import { freeInsidePlace, type PlotGeometry, type Rect } from './legendLayout.js';
import { escapeXml, richSvg, textWidth } from './notation.js';
import { markerIsOpen, markerPath, SeriesStyles, type MarkerShape, type SeriesStyle } from './seriesStyle.js';
import { drawTicks, fnv1a, legendSize, drawLegend, type LegendEntry } from './svgParts.js';

export interface PlotSeries {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** 'line' (theory) or 'points' (Monte Carlo). */
  kind: 'line' | 'points';
  /** Half-widths of error bars (points only). */
  yErr?: ArrayLike<number>;
  /** Or asymmetric bars: their lower and upper ends (e.g. a Wilson interval). */
  yLower?: ArrayLike<number>;
  yUpper?: ArrayLike<number>;
  /**
   * A shaded band around a line (lines only), e.g. theory ± K standard deviations over training
   * sets: drawn in the line's colour, translucent, behind the data; PlotOptions.bandNote says
   * what it is in the legend.
   */
  band?: { lower: ArrayLike<number>; upper: ArrayLike<number> };
  /** The series' identity for its style (default: its label): a theory line and its Monte Carlo points share one. */
  key?: string;
  /** Overrides of the style the key gives. */
  color?: string;
  dashed?: boolean;
  dash?: string;
  marker?: MarkerShape;
}

/** A point mass: a filled marker on the x axis; its mass is written in the legend ("atom at 0: mass 0.5"). */
export interface PlotAtom {
  x: number;
  mass: number;
  label: string;
  color?: string;
}

/** Size, fonts and texts of a figure: the fields the CLI's --width, --height, --font-size, --title, --xlabel, --ylabel set. */
export interface FigureOptions {
  /** Width and height in px (SVG user units; the pixel size of a PNG). Default 640 × 420. */
  width?: number;
  height?: number;
  /** Font size of tick labels and legend in px (axis labels +1, title +2). Default 14. */
  fontSize?: number;
  title?: string;
  xLabel?: string;
  yLabel?: string;
}

export interface PlotOptions extends FigureOptions {
  xLabel: string;
  yLabel: string;
  /** Log axes; default: log when all values are positive and span more than 1.5 decades. */
  xLog?: boolean;
  yLog?: boolean;
  /** The y range shown (lines leaving it are clipped at the frame); default from the data. */
  yRange?: [number, number];
  series: PlotSeries[];
  verticalLines?: { x: number; label: string }[];
  atoms?: PlotAtom[];
  /** Legend text for the error bars (default "error bars: ± 1 standard error"). */
  errorBarLabel?: string;
  /** Legend note for the bands of PlotSeries.band (default "shaded: band"). */
  bandNote?: string;
  /** Styles by series identity; share one between the figures of a report. Default: a fresh one per plot. */
  styles?: SeriesStyles;
  /** 'auto' (default): inside the axes where it covers no data, else outside; or force 'right' / 'below'. */
  legend?: 'auto' | 'right' | 'below';
}

const DEFAULT_WIDTH = 640;
const DEFAULT_HEIGHT = 420;
const DEFAULT_FONT = 14;

/**
 * Width, height and font size checked (finite, in a range a figure can have).
 *
 * @example
 * ```ts
 * checkFigureOptions({});   // { width: 640, height: 420, fontSize: 14 } (the defaults)
 * ```
 */
export function checkFigureOptions(o: FigureOptions): { width: number; height: number; fontSize: number } {
  const width = o.width ?? DEFAULT_WIDTH;
  const height = o.height ?? DEFAULT_HEIGHT;
  const fontSize = o.fontSize ?? DEFAULT_FONT;
  for (const [name, v, lo, hi] of [['width', width, 100, 20000], ['height', height, 80, 20000], ['fontSize', fontSize, 4, 200]] as const) {
    if (!Number.isFinite(v) || v < lo || v > hi) throw new InvalidArgumentError(name, v, `must be a number from ${lo} to ${hi} (px)`);
  }
  return { width, height, fontSize };
}

/**
 * Render line series (with optional error bars and reference atoms) as a standalone SVG line plot.
 *
 * @example
 * ```ts
 * svgLinePlot({ title: 'Loss', xLabel: 'N', yLabel: 'loss', series: [{ label: 'theory', x: [16, 64], y: [5.2, 4.1] }] });   // '<svg …>…</svg>'
 * ```
 */
export function svgLinePlot(options: PlotOptions): string {
  const { width, height, fontSize: fs } = checkFigureOptions(options);
  const atoms = options.atoms ?? [];
  const styles = options.styles ?? new SeriesStyles();
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of options.series) {
    for (let i = 0; i < s.x.length; i++) {
      if (!Number.isFinite(s.x[i]) || !Number.isFinite(s.y[i])) continue;
      xs.push(s.x[i]);
      const [lo, hi] = barEnds(s, i);
      ys.push(Number.isFinite(lo) ? lo : s.y[i], Number.isFinite(hi) ? hi : s.y[i], s.y[i]);
      if (s.band) for (const v of [s.band.lower[i], s.band.upper[i]]) if (Number.isFinite(v)) ys.push(v);
    }
  }
  for (const v of options.verticalLines ?? []) if (Number.isFinite(v.x)) xs.push(v.x);
  for (const a of atoms) if (Number.isFinite(a.x)) xs.push(a.x);
  const xLog = options.xLog ?? autoLog(xs);
  const yLog = options.yLog ?? autoLog(ys.filter((y) => y > 0).length === ys.length ? ys : []);
  const xAxis = axis(xLog ? xs.filter((x) => x > 0) : xs, xLog);
  const yValues = options.yRange ? [...options.yRange] : yLog ? ys.filter((y) => y > 0) : atoms.length ? [...ys, 0] : ys;
  const yAxis = axis(yValues, yLog);
  // A marker on a linear axis' end (a probability of 0 or 1) would be cut in half by the frame:
  // the frame then reaches 3% of the range beyond that end tick.
  const span = yAxis.hi - yAxis.lo;
  const points = options.series.filter((s) => s.kind === 'points').flatMap((s) => Array.from(s.y).filter((v) => Number.isFinite(v)));
  const yLo = !yLog && points.some((v) => Math.abs(v - yAxis.lo) < 0.01 * span) ? yAxis.lo - 0.03 * span : yAxis.lo;
  const yHi = !yLog && points.some((v) => Math.abs(v - yAxis.hi) < 0.01 * span) ? yAxis.hi + 0.03 * span : yAxis.hi;

  // Styles and legend entries.
  const resolved = options.series.map((s) => {
    // A line whose colour and dash are given (a reference line) takes no style of its own.
    if (s.kind === 'line' && s.color !== undefined && (s.dash !== undefined || s.dashed)) return { color: s.color, dash: s.dash ?? '7 3', marker: s.marker ?? 'circle', filled: false };
    // A caller that sets a series' colour and no key styles it itself (solid line, circles) — the pre-style-map look.
    if (s.color !== undefined && s.key === undefined) return { color: s.color, dash: s.dash ?? (s.dashed ? '7 3' : ''), marker: s.marker ?? 'circle', filled: false };
    const st: SeriesStyle = styles.get(s.key ?? s.label);
    return { color: s.color ?? st.color, dash: s.dash ?? (s.dashed ? '7 3' : st.dash), marker: s.marker ?? st.marker, filled: st.filled };
  });
  const legend = legendEntries(options.series, resolved);
  for (const a of atoms) legend.push({ label: `${a.label}: mass ${formatMass(a.mass)}`, kind: 'atom', color: a.color ?? '#000000', dash: '', marker: 'triangle', filled: true });
  const anyBars = options.series.some((s) => s.kind === 'points' && Array.from({ length: s.x.length }, (_, i) => barEnds(s, i)).some(([l, h]) => h > l));
  if (anyBars) {
    // Every point series merged into a line's entry: the bars are said in the markers' note.
    const note = legend.find((e) => e.kind === 'note' && e.label.startsWith('markers: '));
    const bars = options.errorBarLabel ?? 'error bars: ± 1 standard error';
    if (note && !legend.some((e) => e.kind === 'points')) note.label += `, ${bars.replace(/^error bars: /, 'error bars ')}`;
    else legend.push({ label: bars, kind: 'errorbar', color: '#555555', dash: '', marker: 'circle', filled: false });
  }
  if (options.series.some((s) => s.kind === 'line' && s.band)) legend.push({ label: options.bandNote ?? 'shaded: band', kind: 'note', color: '#000000', dash: '', marker: 'circle', filled: false });
  const shown = legend.filter((e) => e.label !== '');
  const size = legendSize(shown, fs);
  const below = legendSize(shown, fs, Math.max(1, Math.floor((width - 16) / Math.max(1, size.colW))));

  // Frame: margins from the fonts and tick labels; the legend, if outside, adds its own.
  const title = options.title ?? '';
  const titleFs = Math.min(fs + 2, (0.95 * width) / Math.max(1, textWidth(title, 1)));
  const vLines = (options.verticalLines ?? []).filter((v) => Number.isFinite(v.x) && (!xLog || v.x > 0));
  const frame = (place: 'inside' | 'right' | 'below') => {
    const yTickW = Math.max(...yAxis.labels.map((l) => textWidth(l, fs)), fs);
    const left = 8 + 1.3 * (fs + 1) + 8 + yTickW + 9;
    const lastX = textWidth(xAxis.labels[xAxis.labels.length - 1] ?? '', fs) / 2;
    let right = Math.max(14, lastX + 4);
    let bottom = 9 + 1.2 * fs + 6 + 1.3 * (fs + 1) + 4;
    let top = 10 + (title ? 1.5 * titleFs + 4 : 0);
    if (vLines.length) top += vRows * 1.25 * fs + 2;
    if (place === 'right') right += size.w + 12;
    if (place === 'below') bottom += below.h + 8;
    return { left, right, top, bottom, pw: width - left - right, ph: height - top - bottom };
  };
  let place: 'inside' | 'right' | 'below' = options.legend === 'right' || options.legend === 'below' ? options.legend : 'inside';
  let vRows = 1;
  let m = frame(place);
  const mapper = (mm: typeof m) => ({
    sx: (x: number) => mm.left + ((xAxis.map(x) - xAxis.lo) / (xAxis.hi - xAxis.lo)) * mm.pw,
    sy: (y: number) => mm.top + mm.ph - ((yAxis.map(y) - yLo) / (yHi - yLo)) * mm.ph,
  });
  const drawable = (x: number, y: number) => Number.isFinite(x) && Number.isFinite(y) && (!xLog || x > 0) && (!yLog || y > 0);
  // The marker lines' labels stack in rows above the frame where they would touch (their x does not depend on the top margin).
  const labelRows = () => vLineRowIndex(vLines.map((v) => ({ x: mapper(m).sx(v.x), label: v.label })), fs);
  vRows = Math.max(1, ...labelRows().map((r) => r + 1));
  m = frame(place);
  let legendBox: Rect | undefined;
  if (size.w > 0 && place === 'inside') {
    const area = { x: m.left, y: m.top, w: m.pw, h: m.ph };
    legendBox = freeInsidePlace(area, size.w, size.h, geometry(options.series, atoms, vLines, mapper(m), area, drawable, yLog, xLog, fs));
    if (!legendBox) {
      // Right of the axes when narrow enough, or when below it would take over a third of the height.
      place = size.w <= 0.42 * width || (below.h > 0.34 * height && size.w <= 0.6 * width) ? 'right' : 'below';
      m = frame(place);
      vRows = Math.max(1, ...labelRows().map((r) => r + 1));
      m = frame(place);
    }
  }
  if (m.pw < 40 || m.ph < 30) throw new InvalidArgumentError('width/height', `${width}×${height}`, `leaves no room for the plot area at font size ${fs} (make the figure larger or the font smaller)`);
  const { sx, sy } = mapper(m);
  if (size.w > 0 && place === 'right') legendBox = { x: width - m.right + 12, y: m.top, w: size.w, h: size.h };
  if (size.w > 0 && place === 'below') legendBox = { x: Math.max(4, (width - below.w) / 2), y: height - below.h - 6, w: below.w, h: below.h };

  const f = (v: number) => (Math.round(v * 100) / 100).toString();
  const bottom = m.top + m.ph;
  const box = { left: m.left, right: m.left + m.pw, top: m.top, bottom };
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="${fs}">`);
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  if (title) out.push(`<text class="title" x="${f(width / 2)}" y="${f(8 + titleFs)}" text-anchor="middle" font-size="${f(titleFs)}" font-weight="bold">${richSvg(title, titleFs)}</text>`);
  drawTicks(out, xAxis, 'x', sx, sy, box, f, fs);
  drawTicks(out, yAxis, 'y', sx, sy, box, f, fs);
  out.push(`<rect x="${f(m.left)}" y="${f(m.top)}" width="${f(m.pw)}" height="${f(m.ph)}" fill="none" stroke="#333"/>`);
  const lfs = fs + 1;
  const xlw = textWidth(options.xLabel, lfs);
  const ylw = textWidth(options.yLabel, lfs);
  const xfs = xlw > m.pw ? Math.max(0.7 * lfs, (lfs * m.pw) / xlw) : lfs;
  const yfs = ylw > m.ph ? Math.max(0.7 * lfs, (lfs * m.ph) / ylw) : lfs;
  out.push(`<text class="axis-label x" x="${f(m.left + m.pw / 2)}" y="${f(bottom + 9 + 1.2 * fs + 6 + xfs)}" text-anchor="middle" font-size="${f(xfs)}">${richSvg(options.xLabel, xfs)}</text>`);
  out.push(`<text class="axis-label y" transform="translate(${f(8 + yfs)} ${f(m.top + m.ph / 2)}) rotate(-90)" text-anchor="middle" font-size="${f(yfs)}">${richSvg(options.yLabel, yfs)}</text>`);
  out.push(`<clipPath id="__CLIP__"><rect x="${f(m.left)}" y="${f(m.top)}" width="${f(m.pw)}" height="${f(m.ph)}"/></clipPath>`);
  const rowsOf = labelRows();
  vLines.forEach((v, k) => {
    const x = f(sx(v.x));
    out.push(`<line class="marker-line" x1="${x}" y1="${f(m.top)}" x2="${x}" y2="${f(bottom)}" stroke="#555" stroke-dasharray="5 4"/>`);
    out.push(`<text x="${x}" y="${f(m.top - 5 - rowsOf[k] * 1.25 * fs)}" text-anchor="middle" fill="#333">${richSvg(v.label, fs)}</text>`);
  });
  // The data in one clipped group: a clip-path on a translated marker would be translated with it.
  out.push(`<g class="data" clip-path="url(#__CLIP__)">`);
  // Bands first, under every line and marker: one polygon per band (upper edge, then lower back).
  options.series.forEach((s, k) => {
    if (s.kind !== 'line' || !s.band) return;
    const upper: string[] = [];
    const lower: string[] = [];
    for (let i = 0; i < s.x.length; i++) {
      if (!drawable(s.x[i], s.band.upper[i]) || !drawable(s.x[i], s.band.lower[i])) continue;
      upper.push(`${f(sx(s.x[i]))},${f(sy(s.band.upper[i]))}`);
      lower.push(`${f(sx(s.x[i]))},${f(sy(s.band.lower[i]))}`);
    }
    if (upper.length > 1) out.push(`<path class="series-band" fill="${resolved[k].color}" fill-opacity="0.18" stroke="none" d="M${upper.join(' L')} L${lower.reverse().join(' L')} Z"/>`);
  });
  options.series.forEach((s, k) => {
    const { color, dash, marker, filled } = resolved[k];
    if (s.kind === 'line') {
      // One path; a point that cannot be drawn breaks it (M starts a new piece).
      const d: string[] = [];
      let pen = false;
      for (let i = 0; i < s.x.length; i++) {
        if (!drawable(s.x[i], s.y[i])) {
          pen = false;
          continue;
        }
        d.push(`${pen ? 'L' : 'M'}${f(sx(s.x[i]))},${f(sy(s.y[i]))}`);
        pen = true;
      }
      out.push(`<path class="series-line" fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round"${dash ? ` stroke-dasharray="${dash}"` : ''} d="${d.join(' ')}"/>`);
      return;
    }
    const r = markerRadius(fs);
    const shape = markerPath(marker, r);
    for (let i = 0; i < s.x.length; i++) {
      if (!drawable(s.x[i], s.y[i])) continue;
      const cx = sx(s.x[i]);
      const [low, high] = barEnds(s, i);
      if (Number.isFinite(low) && Number.isFinite(high) && high > low) {
        const lo = yLog ? Math.max(low, s.y[i] * 1e-3) : low;
        const y1 = f(sy(lo));
        const y2 = f(sy(high));
        out.push(`<path class="error-bar" stroke="${color}" stroke-width="1.3" d="M${f(cx)},${y1} L${f(cx)},${y2} M${f(cx - 3)},${y1} L${f(cx + 3)},${y1} M${f(cx - 3)},${y2} L${f(cx + 3)},${y2}"/>`);
      }
      const fill = markerIsOpen(marker) ? 'none' : filled ? color : 'white';
      if (marker === 'circle') out.push(`<circle class="series-point" cx="${f(cx)}" cy="${f(sy(s.y[i]))}" r="${f(r)}" fill="${fill}" stroke="${color}" stroke-width="1.6"/>`);
      else out.push(`<path class="series-point" transform="translate(${f(cx)} ${f(sy(s.y[i]))})" d="${shape}" fill="${fill}" stroke="${color}" stroke-width="1.6"/>`);
    }
  });
  out.push('</g>');
  for (const [k, a] of atoms.entries()) {
    const color = a.color ?? '#000000';
    const [ax, ay] = atomAnchor(a, k, m, sx, sy, xLog, yLog, fs);
    out.push(`<path class="atom" transform="translate(${f(ax)} ${f(ay)})" d="${markerPath('triangle', markerRadius(fs) * 1.4)}" fill="${color}" stroke="${color}"/>`);
  }
  if (legendBox) drawLegend(out, shown, legendBox, fs, f, place === 'below' ? below.cols : 1);
  out.push('</svg>');
  // A clip-path id unique to this plot's content, so several plots inline in one HTML page do not
  // share (and clip by) the first one's plot area; deterministic, so regenerated files are stable.
  const text = out.join('\n') + '\n';
  return text.replace(/__CLIP__/g, `plot-area-${fnv1a(text)}`);
}

/**
 * One legend entry per series — except that a theory line "P theory…" and Monte Carlo points
 * "P Q" of the same key share one entry "P" (its line with its marker), and a last entry says
 * "lines: theory, markers: Q": a figure of six measures needs seven entries, not twelve.
 */
function legendEntries(series: PlotSeries[], resolved: { color: string; dash: string; marker: MarkerShape; filled: boolean }[]): LegendEntry[] {
  const entries: LegendEntry[] = [];
  const merged = new Set<number>();
  const lineKinds: string[] = [];
  const pointKinds = new Set<string>();
  series.forEach((s, k) => {
    if (s.kind !== 'line') return;
    const m = /^(.+) (theory.*)$/.exec(s.label);
    if (!m) return;
    const j = series.findIndex((p, i) => !merged.has(i) && p.kind === 'points' && (p.key ?? p.label) === (s.key ?? s.label) && p.label.startsWith(`${m[1]} `));
    if (j < 0) return;
    merged.add(k).add(j);
    lineKinds.push(m[2]);
    pointKinds.add(series[j].label.slice(m[1].length + 1));
    entries[k] = { label: m[1], kind: 'both', ...resolved[k], marker: resolved[j].marker, filled: resolved[j].filled };
  });
  series.forEach((s, k) => {
    if (!merged.has(k)) entries[k] = { label: s.label, kind: s.kind, ...resolved[k] };
  });
  const out = entries.filter((e, k) => e !== undefined && (!merged.has(k) || series[k].kind === 'line'));
  if (merged.size > 0) {
    const lines = new Set(lineKinds).size === 1 ? lineKinds[0].replace(/^theory, (.*)$/, 'theory ($1)') : 'theory';
    const points = pointKinds.size === 1 ? [...pointKinds][0] : 'Monte Carlo';
    out.push({ label: `lines: ${lines}`, kind: 'note', color: '#000000', dash: '', marker: 'circle', filled: false }, { label: `markers: ${points}`, kind: 'note', color: '#000000', dash: '', marker: 'circle', filled: false });
  }
  return out;
}

function markerRadius(fs: number): number {
  return Math.max(3, 0.3 * fs);
}

/** The atom's marker sits on the x axis (y = 0, or the bottom of a log axis), at its x (the left frame if x ≤ 0 on a log axis). */
function atomAnchor(a: PlotAtom, k: number, m: { left: number; top: number; ph: number }, sx: (v: number) => number, sy: (v: number) => number, xLog: boolean, yLog: boolean, fs: number): [number, number] {
  const bottom = m.top + m.ph;
  // Several atoms at one x (Σ̂ at a few N) side by side, each visible; a log axis puts x ≤ 0 at its left end.
  const x = (xLog && !(a.x > 0) ? m.left + 7 : sx(a.x)) + k * 1.1 * markerRadius(fs) * 2.4;
  const y = yLog ? bottom - 7 : Math.min(bottom, sy(0)) - 7;
  return [x, y];
}

/** Every drawn piece in pixels, for the legend's placement. */
function geometry(series: PlotSeries[], atoms: PlotAtom[], vLines: { x: number }[], g: { sx: (v: number) => number; sy: (v: number) => number }, area: Rect, drawable: (x: number, y: number) => boolean, yLog: boolean, xLog: boolean, fs: number): PlotGeometry {
  const out: PlotGeometry = { segments: [], boxes: [] };
  const r = 6;
  for (const s of series) {
    let prev: [number, number] | undefined;
    for (let i = 0; i < s.x.length; i++) {
      if (!drawable(s.x[i], s.y[i])) {
        prev = undefined;
        continue;
      }
      const p: [number, number] = [g.sx(s.x[i]), g.sy(s.y[i])];
      if (s.kind === 'line') {
        if (prev) out.segments.push({ x1: prev[0], y1: prev[1], x2: p[0], y2: p[1] });
        prev = p;
      } else {
        out.boxes.push({ x: p[0] - r, y: p[1] - r, w: 2 * r, h: 2 * r });
        const [lo, hi] = barEnds(s, i);
        if (Number.isFinite(lo) && Number.isFinite(hi) && hi > lo) out.segments.push({ x1: p[0], y1: g.sy(yLog ? Math.max(lo, s.y[i] * 1e-3) : lo), x2: p[0], y2: g.sy(hi) });
      }
    }
  }
  for (const v of vLines) out.segments.push({ x1: g.sx(v.x), y1: area.y, x2: g.sx(v.x), y2: area.y + area.h });
  for (const [k, a] of atoms.entries()) {
    const [x, y] = atomAnchor(a, k, { left: area.x, top: area.y, ph: area.h }, g.sx, g.sy, xLog, yLog, fs);
    out.boxes.push({ x: x - 10, y: y - 10, w: 20, h: 20 });
  }
  return out;
}

/** Rows of the marker lines' labels above the frame: a label that would touch its left neighbour's goes one row up. */
function vLineRowIndex(lines: { x: number; label: string }[], fs: number): number[] {
  const order = lines.map((_, k) => k).sort((a, b) => lines[a].x - lines[b].x);
  const rows = new Array<number>(lines.length).fill(0);
  const rightEnd: number[] = [];
  for (const k of order) {
    const half = textWidth(lines[k].label, fs) / 2 + 4;
    let row = 0;
    while (rightEnd[row] !== undefined && rightEnd[row] > lines[k].x - half) row++;
    rows[k] = row;
    rightEnd[row] = lines[k].x + half;
  }
  return rows;
}

/** Lower and upper end of point i's error bar (NaN when it has none). */
function barEnds(s: PlotSeries, i: number): [number, number] {
  if (s.yLower && s.yUpper) return [s.yLower[i], s.yUpper[i]];
  const e = s.yErr ? s.yErr[i] : NaN;
  return e > 0 && Number.isFinite(e) ? [s.y[i] - e, s.y[i] + e] : [NaN, NaN];
}

function formatMass(m: number): string {
  return Number.isFinite(m) ? String(Number(m.toPrecision(3))) : String(m);
}

export { escapeXml };
