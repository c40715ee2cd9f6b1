/**
 * A small, dependency-free SVG line plot: theory curves as lines, Monte Carlo as points with
 * error bars, log or linear axes with "nice" ticks, axis labels, a legend, and vertical marker
 * lines (e.g. N = d). Pure: returns the SVG text; the CLI writes it.
 */

export interface PlotSeries {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** 'line' (theory) or 'points' (Monte Carlo). */
  kind: 'line' | 'points';
  /** Half-widths of error bars (points only). */
  yErr?: ArrayLike<number>;
  color?: string;
  dashed?: boolean;
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
  width?: number;
  height?: number;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
const MARGIN = { left: 78, right: 24, top: 40, bottom: 56 };

export function svgLinePlot(options: PlotOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 450;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of options.series) {
    for (let i = 0; i < s.x.length; i++) {
      if (!Number.isFinite(s.x[i]) || !Number.isFinite(s.y[i])) continue;
      xs.push(s.x[i]);
      const e = s.yErr ? s.yErr[i] : 0;
      ys.push(s.y[i] - e, s.y[i] + e, s.y[i]);
    }
  }
  for (const v of options.verticalLines ?? []) xs.push(v.x);
  const xLog = options.xLog ?? autoLog(xs);
  const yLog = options.yLog ?? autoLog(ys.filter((y) => y > 0).length === ys.length ? ys : []);
  const xAxis = axis(xs, xLog);
  const yAxis = axis(yLog ? ys.filter((y) => y > 0) : ys, yLog);
  const pw = width - MARGIN.left - MARGIN.right;
  const ph = height - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + ((xAxis.map(x) - xAxis.lo) / (xAxis.hi - xAxis.lo)) * pw;
  const sy = (y: number) => MARGIN.top + ph - ((yAxis.map(y) - yAxis.lo) / (yAxis.hi - yAxis.lo)) * ph;
  const f = (v: number) => (Math.round(v * 100) / 100).toString();
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  if (options.title) out.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(options.title)}</text>`);
  // Grid and ticks.
  for (const t of xAxis.ticks) {
    const x = f(sx(t));
    out.push(`<line x1="${x}" y1="${MARGIN.top}" x2="${x}" y2="${MARGIN.top + ph}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${x}" y="${MARGIN.top + ph + 16}" text-anchor="middle">${escapeXml(tickLabel(t))}</text>`);
  }
  for (const t of yAxis.ticks) {
    const y = f(sy(t));
    out.push(`<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + pw}" y2="${y}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${MARGIN.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeXml(tickLabel(t))}</text>`);
  }
  out.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${MARGIN.left + pw / 2}" y="${height - 14}" text-anchor="middle" font-size="13">${escapeXml(options.xLabel)}${xLog ? ' (log)' : ''}</text>`);
  out.push(`<text transform="translate(18 ${MARGIN.top + ph / 2}) rotate(-90)" text-anchor="middle" font-size="13">${escapeXml(options.yLabel)}${yLog ? ' (log)' : ''}</text>`);
  out.push(`<clipPath id="plot-area"><rect x="${MARGIN.left}" y="${MARGIN.top}" width="${pw}" height="${ph}"/></clipPath>`);
  for (const v of options.verticalLines ?? []) {
    const x = f(sx(v.x));
    out.push(`<line x1="${x}" y1="${MARGIN.top}" x2="${x}" y2="${MARGIN.top + ph}" stroke="#555" stroke-dasharray="5 4"/>`);
    out.push(`<text x="${x}" y="${MARGIN.top - 5}" text-anchor="middle" fill="#555">${escapeXml(v.label)}</text>`);
  }
  options.series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length];
    const pts: string[] = [];
    for (let i = 0; i < s.x.length; i++) {
      if (!Number.isFinite(s.x[i]) || !Number.isFinite(s.y[i]) || (yLog && !(s.y[i] > 0))) continue;
      pts.push(`${f(sx(s.x[i]))},${f(sy(s.y[i]))}`);
    }
    if (s.kind === 'line') {
      out.push(`<polyline clip-path="url(#plot-area)" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''} points="${pts.join(' ')}"/>`);
    } else {
      for (let i = 0; i < s.x.length; i++) {
        if (!Number.isFinite(s.x[i]) || !Number.isFinite(s.y[i]) || (yLog && !(s.y[i] > 0))) continue;
        const cx = f(sx(s.x[i]));
        if (s.yErr && s.yErr[i] > 0) {
          const lo = yLog ? Math.max(s.y[i] - s.yErr[i], s.y[i] * 1e-3) : s.y[i] - s.yErr[i];
          out.push(`<line clip-path="url(#plot-area)" x1="${cx}" y1="${f(sy(lo))}" x2="${cx}" y2="${f(sy(s.y[i] + s.yErr[i]))}" stroke="${color}" stroke-width="1.5"/>`);
        }
        out.push(`<circle clip-path="url(#plot-area)" cx="${cx}" cy="${f(sy(s.y[i]))}" r="3.5" fill="white" stroke="${color}" stroke-width="1.5"/>`);
      }
    }
  });
  // Legend inside the plot, in whichever corner covers the fewest data points.
  const lw = 12 + 7 * Math.max(...options.series.map((s) => s.label.length), 4) + 30;
  const lh = options.series.length * 18 + 8;
  const corners = [
    [MARGIN.left + pw - lw - 8, MARGIN.top + 8],
    [MARGIN.left + 8, MARGIN.top + 8],
    [MARGIN.left + pw - lw - 8, MARGIN.top + ph - lh - 8],
    [MARGIN.left + 8, MARGIN.top + ph - lh - 8],
  ];
  const covered = corners.map(([cx, cy]) => {
    let n = 0;
    for (const s of options.series) {
      for (let i = 0; i < s.x.length; i++) {
        if (!Number.isFinite(s.x[i]) || !Number.isFinite(s.y[i]) || (yLog && !(s.y[i] > 0))) continue;
        const px = sx(s.x[i]);
        const py = sy(s.y[i]);
        if (px >= cx - 6 && px <= cx + lw + 6 && py >= cy - 6 && py <= cy + lh + 6) n++;
      }
    }
    return n;
  });
  const best = covered.indexOf(Math.min(...covered));
  const [lx, ly] = corners[best];
  out.push(`<rect x="${f(lx)}" y="${f(ly)}" width="${lw}" height="${lh}" fill="white" fill-opacity="0.85" stroke="#ccc"/>`);
  options.series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length];
    const y = ly + 14 + k * 18;
    if (s.kind === 'line') out.push(`<line x1="${lx + 8}" y1="${y}" x2="${lx + 32}" y2="${y}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    else out.push(`<circle cx="${lx + 20}" cy="${y}" r="3.5" fill="white" stroke="${color}" stroke-width="1.5"/>`);
    out.push(`<text x="${lx + 40}" y="${y}" dominant-baseline="middle">${escapeXml(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function autoLog(values: number[]): boolean {
  if (values.length === 0 || values.some((v) => !(v > 0))) return false;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return Math.log10(hi / lo) > 1.5;
}

interface Axis {
  lo: number;
  hi: number;
  map: (v: number) => number;
  ticks: number[];
}

function axis(values: number[], log: boolean): Axis {
  let lo = values.length ? Math.min(...values) : 0;
  let hi = values.length ? Math.max(...values) : 1;
  if (log) {
    // The data range plus 4% padding (in decades), with ticks at the powers of ten inside it,
    // and at 2× and 5× as well when it spans at most two decades.
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    const pad = Math.max(0.04 * (b - a), 0.05);
    const l = a - pad;
    const h = b + pad;
    const ticks: number[] = [];
    const decades = h - l;
    const step = Math.max(1, Math.ceil(decades / 8));
    for (let e = Math.ceil(l); e <= Math.floor(h); e += step) ticks.push(10 ** e);
    if (decades <= 2) {
      for (let e = Math.floor(l); e <= Math.ceil(h); e++) for (const m of [2, 5]) {
        const t = m * 10 ** e;
        if (Math.log10(t) >= l && Math.log10(t) <= h) ticks.push(t);
      }
    }
    return { lo: l, hi: h, map: Math.log10, ticks: ticks.sort((x, y) => x - y) };
  }
  if (hi === lo) {
    hi = lo + 1;
    lo -= 1;
  }
  const span = hi - lo;
  const raw = span / 6;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= 7) ?? 10 * mag;
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let t = start; t <= end + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return { lo: start, hi: end, map: (v) => v, ticks };
}

function tickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) {
    const e = Math.floor(Math.log10(a) + 1e-12);
    const m = v / 10 ** e;
    return Math.abs(m - 1) < 1e-9 ? `1e${e}` : `${Number(m.toPrecision(3))}e${e}`;
  }
  return String(Number(v.toPrecision(4)));
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
