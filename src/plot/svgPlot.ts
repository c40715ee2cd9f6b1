/**
 * A small, dependency-free SVG line plot for publication: theory curves as lines, Monte Carlo
 * as points with error bars, log or linear axes with tick marks (and minor ticks on log axes),
 * tick labels in one number format per axis (1-2-5 steps), axis labels, a legend (with an entry
 * for the error bars), vertical marker lines (e.g. N = d) and atoms (point masses, e.g. the atom
 * of a spectral density at 0). A line is broken — never drawn straight across — where a value is
 * NaN or, on a log axis, not positive (spectral gaps, undefined points). Pure: returns the SVG
 * text; the CLI writes it. Axis mapping and tick choice are in plotAxes.ts.
 */
import { axis, autoLog, type Axis } from './plotAxes.js';

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
  color?: string;
  dashed?: boolean;
}

/** A point mass drawn as a stem from the x axis, labelled with its mass. */
export interface PlotAtom {
  x: number;
  mass: number;
  label: string;
  color?: string;
}

export interface PlotOptions {
  title?: string;
  xLabel: string;
  yLabel: string;
  /** Log axes; default: log when all values are positive and span more than 1.5 decades. */
  xLog?: boolean;
  yLog?: boolean;
  series: PlotSeries[];
  verticalLines?: { x: number; label: string }[];
  atoms?: PlotAtom[];
  /** Legend text for the error bars (default "error bars: ± 1 standard error"). */
  errorBarLabel?: string;
  width?: number;
  height?: number;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
const MARGIN = { left: 82, right: 24, top: 40, bottom: 58 };
const TICK = 6;
const MINOR_TICK = 3;

interface LegendEntry {
  label: string;
  color: string;
  kind: 'line' | 'points' | 'errorbar' | 'atom';
  dashed?: boolean;
}

export function svgLinePlot(options: PlotOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 450;
  const atoms = options.atoms ?? [];
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of options.series) {
    for (let i = 0; i < s.x.length; i++) {
      if (!Number.isFinite(s.x[i]) || !Number.isFinite(s.y[i])) continue;
      xs.push(s.x[i]);
      const [lo, hi] = barEnds(s, i);
      ys.push(Number.isFinite(lo) ? lo : s.y[i], Number.isFinite(hi) ? hi : s.y[i], s.y[i]);
    }
  }
  for (const v of options.verticalLines ?? []) if (Number.isFinite(v.x)) xs.push(v.x);
  for (const a of atoms) if (Number.isFinite(a.x)) xs.push(a.x);
  const xLog = options.xLog ?? autoLog(xs);
  const yLog = options.yLog ?? autoLog(ys.filter((y) => y > 0).length === ys.length ? ys : []);
  const xAxis = axis(xLog ? xs.filter((x) => x > 0) : xs, xLog);
  const yAxis = axis(yLog ? ys.filter((y) => y > 0) : atoms.length ? [...ys, 0] : ys, yLog);
  const pw = width - MARGIN.left - MARGIN.right;
  const ph = height - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + ((xAxis.map(x) - xAxis.lo) / (xAxis.hi - xAxis.lo)) * pw;
  const sy = (y: number) => MARGIN.top + ph - ((yAxis.map(y) - yAxis.lo) / (yAxis.hi - yAxis.lo)) * ph;
  const drawable = (x: number, y: number) => Number.isFinite(x) && Number.isFinite(y) && (!xLog || x > 0) && (!yLog || y > 0);
  const f = (v: number) => (Math.round(v * 100) / 100).toString();
  const bottom = MARGIN.top + ph;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  if (options.title) out.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(options.title)}</text>`);
  drawTicks(out, xAxis, 'x', sx, sy, { left: MARGIN.left, right: MARGIN.left + pw, top: MARGIN.top, bottom }, f);
  drawTicks(out, yAxis, 'y', sx, sy, { left: MARGIN.left, right: MARGIN.left + pw, top: MARGIN.top, bottom }, f);
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${MARGIN.left + pw / 2}" y="${height - 12}" text-anchor="middle" font-size="13">${escapeXml(options.xLabel)}${xLog ? ' (log)' : ''}</text>`);
  out.push(`<text transform="translate(16 ${MARGIN.top + ph / 2}) rotate(-90)" text-anchor="middle" font-size="13">${escapeXml(options.yLabel)}${yLog ? ' (log)' : ''}</text>`);
  out.push(`<clipPath id="__CLIP__"><rect x="${MARGIN.left}" y="${MARGIN.top}" width="${pw}" height="${ph}"/></clipPath>`);
  for (const v of options.verticalLines ?? []) {
    if (!Number.isFinite(v.x) || (xLog && !(v.x > 0))) continue;
    const x = f(sx(v.x));
    out.push(`<line x1="${x}" y1="${MARGIN.top}" x2="${x}" y2="${bottom}" stroke="#555" stroke-dasharray="5 4"/>`);
    out.push(`<text x="${x}" y="${MARGIN.top - 5}" text-anchor="middle" fill="#555">${escapeXml(v.label)}</text>`);
  }
  const legend: LegendEntry[] = [];
  let anyErrorBars = false;
  options.series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length];
    legend.push({ label: s.label, color, kind: s.kind, dashed: s.dashed });
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
      out.push(`<path class="series-line" clip-path="url(#__CLIP__)" fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round"${s.dashed ? ' stroke-dasharray="6 4"' : ''} d="${d.join(' ')}"/>`);
      return;
    }
    for (let i = 0; i < s.x.length; i++) {
      if (!drawable(s.x[i], s.y[i])) continue;
      const cx = f(sx(s.x[i]));
      const [low, high] = barEnds(s, i);
      if (Number.isFinite(low) && Number.isFinite(high) && high > low) {
        anyErrorBars = true;
        const lo = yLog ? Math.max(low, s.y[i] * 1e-3) : low;
        const y1 = f(sy(lo));
        const y2 = f(sy(high));
        out.push(`<path class="error-bar" clip-path="url(#__CLIP__)" stroke="${color}" stroke-width="1.5" d="M${cx},${y1} L${cx},${y2} M${f(sx(s.x[i]) - 3)},${y1} L${f(sx(s.x[i]) + 3)},${y1} M${f(sx(s.x[i]) - 3)},${y2} L${f(sx(s.x[i]) + 3)},${y2}"/>`);
      }
      out.push(`<circle class="series-point" clip-path="url(#__CLIP__)" cx="${cx}" cy="${f(sy(s.y[i]))}" r="3.5" fill="white" stroke="${color}" stroke-width="1.5"/>`);
    }
  });
  for (const [k, a] of atoms.entries()) {
    const color = a.color ?? '#000';
    const x = f(xLog && !(a.x > 0) ? MARGIN.left + 4 : sx(a.x) + 2);
    const top = MARGIN.top + ph * 0.12 + 14 * k;
    out.push(`<path class="atom" stroke="${color}" stroke-width="3" d="M${x},${bottom} L${x},${f(top)}"/>`);
    out.push(`<circle cx="${x}" cy="${f(top)}" r="4" fill="${color}"/>`);
    out.push(`<text x="${f(Number(x) + 8)}" y="${f(top)}" dominant-baseline="middle" fill="${color}">${escapeXml(`${a.label} (mass ${formatMass(a.mass)})`)}</text>`);
    legend.push({ label: a.label, color, kind: 'atom' });
  }
  if (anyErrorBars) legend.push({ label: options.errorBarLabel ?? 'error bars: ± 1 standard error', color: '#555', kind: 'errorbar' });
  drawLegend(out, legend, options.series, { sx, sy, drawable, pw, ph, f });
  out.push('</svg>');
  // A clip-path id unique to this plot's content, so several plots inline in one HTML page do not
  // share (and clip by) the first one's plot area; deterministic, so regenerated files are stable.
  const text = out.join('\n') + '\n';
  return text.replace(/__CLIP__/g, `plot-area-${fnv1a(text)}`);
}

/** 32-bit FNV-1a hash of a string, in hex. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function drawTicks(
  out: string[],
  ax: Axis,
  which: 'x' | 'y',
  sx: (v: number) => number,
  sy: (v: number) => number,
  box: { left: number; right: number; top: number; bottom: number },
  f: (v: number) => string,
): void {
  for (const t of ax.minor) {
    if (which === 'x') {
      const x = f(sx(t));
      out.push(`<line class="tick minor" x1="${x}" y1="${box.bottom}" x2="${x}" y2="${box.bottom + MINOR_TICK}" stroke="#333"/>`);
    } else {
      const y = f(sy(t));
      out.push(`<line class="tick minor" x1="${box.left - MINOR_TICK}" y1="${y}" x2="${box.left}" y2="${y}" stroke="#333"/>`);
    }
  }
  ax.ticks.forEach((t, i) => {
    const label = escapeXml(ax.labels[i]);
    if (which === 'x') {
      const x = f(sx(t));
      out.push(`<line x1="${x}" y1="${box.top}" x2="${x}" y2="${box.bottom}" stroke="#e8e8e8"/>`);
      out.push(`<line class="tick" x1="${x}" y1="${box.bottom}" x2="${x}" y2="${box.bottom + TICK}" stroke="#333"/>`);
      out.push(`<text x="${x}" y="${box.bottom + TICK + 13}" text-anchor="middle">${label}</text>`);
    } else {
      const y = f(sy(t));
      out.push(`<line x1="${box.left}" y1="${y}" x2="${box.right}" y2="${y}" stroke="#e8e8e8"/>`);
      out.push(`<line class="tick" x1="${box.left - TICK}" y1="${y}" x2="${box.left}" y2="${y}" stroke="#333"/>`);
      out.push(`<text x="${box.left - TICK - 3}" y="${y}" text-anchor="end" dominant-baseline="middle">${label}</text>`);
    }
  });
}

function drawLegend(
  out: string[],
  entries: LegendEntry[],
  series: PlotSeries[],
  g: { sx: (v: number) => number; sy: (v: number) => number; drawable: (x: number, y: number) => boolean; pw: number; ph: number; f: (v: number) => string },
): void {
  if (entries.length === 0) return;
  // Legend inside the plot, in whichever corner covers the fewest data points.
  const lw = 12 + 6.6 * Math.max(...entries.map((e) => e.label.length), 4) + 30;
  const lh = entries.length * 18 + 8;
  const corners = [
    [MARGIN.left + g.pw - lw - 8, MARGIN.top + 8],
    [MARGIN.left + 8, MARGIN.top + 8],
    [MARGIN.left + g.pw - lw - 8, MARGIN.top + g.ph - lh - 8],
    [MARGIN.left + 8, MARGIN.top + g.ph - lh - 8],
  ];
  const covered = corners.map(([cx, cy]) => {
    let n = 0;
    for (const s of series) {
      for (let i = 0; i < s.x.length; i++) {
        if (!g.drawable(s.x[i], s.y[i])) continue;
        const px = g.sx(s.x[i]);
        const py = g.sy(s.y[i]);
        if (px >= cx - 6 && px <= cx + lw + 6 && py >= cy - 6 && py <= cy + lh + 6) n++;
      }
    }
    return n;
  });
  const [lx, ly] = corners[covered.indexOf(Math.min(...covered))];
  const f = g.f;
  out.push(`<g class="legend">`);
  out.push(`<rect x="${f(lx)}" y="${f(ly)}" width="${f(lw)}" height="${lh}" fill="white" fill-opacity="0.88" stroke="#ccc"/>`);
  entries.forEach((e, k) => {
    const y = ly + 14 + k * 18;
    if (e.kind === 'line') out.push(`<line x1="${f(lx + 8)}" y1="${f(y)}" x2="${f(lx + 32)}" y2="${f(y)}" stroke="${e.color}" stroke-width="2"${e.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    else if (e.kind === 'points') out.push(`<circle cx="${f(lx + 20)}" cy="${f(y)}" r="3.5" fill="white" stroke="${e.color}" stroke-width="1.5"/>`);
    else if (e.kind === 'errorbar') out.push(`<path stroke="${e.color}" stroke-width="1.5" d="M${f(lx + 20)},${f(y - 6)} L${f(lx + 20)},${f(y + 6)} M${f(lx + 17)},${f(y - 6)} L${f(lx + 23)},${f(y - 6)} M${f(lx + 17)},${f(y + 6)} L${f(lx + 23)},${f(y + 6)}"/>`);
    else out.push(`<path stroke="${e.color}" stroke-width="3" d="M${f(lx + 20)},${f(y + 6)} L${f(lx + 20)},${f(y - 4)}"/><circle cx="${f(lx + 20)}" cy="${f(y - 4)}" r="3" fill="${e.color}"/>`);
    out.push(`<text x="${f(lx + 40)}" y="${f(y)}" dominant-baseline="middle">${escapeXml(e.label)}</text>`);
  });
  out.push('</g>');
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

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
