/** Pieces of svgPlot.ts's output: axis ticks and their labels, the legend, the clip-path id hash. */
import type { Axis } from './plotAxes.js';
import type { Rect } from './legendLayout.js';
import { escapeXml, richSvg, textWidth } from './notation.js';
import { markerIsOpen, markerPath, type MarkerShape } from './seriesStyle.js';

export interface LegendEntry {
  label: string;
  kind: 'line' | 'points' | 'both' | 'errorbar' | 'atom' | 'note';
  color: string;
  dash: string;
  marker: MarkerShape;
  filled: boolean;
}

const SAMPLE = 34;

/**
 * Size of the legend box: the entries in `cols` columns (filled row by row), then the notes
 * ("lines: theory", "markers: …") one per line across the whole box.
 */
export function legendSize(entries: LegendEntry[], fs: number, cols = 1): { w: number; h: number; cols: number; colW: number } {
  if (entries.length === 0) return { w: 0, h: 0, cols: 1, colW: 0 };
  const items = entries.filter((e) => e.kind !== 'note');
  const notes = entries.filter((e) => e.kind === 'note');
  const colW = items.length ? 8 + SAMPLE + 8 + Math.max(...items.map((e) => textWidth(e.label, fs))) + 8 : 0;
  const noteW = notes.length ? 16 + Math.max(...notes.map((e) => textWidth(e.label, fs))) : 0;
  const c = Math.max(1, Math.min(cols, items.length));
  const rows = Math.ceil(items.length / c) + notes.length;
  return { w: Math.max(c * colW, noteW), h: rows * 1.45 * fs + 8, cols: c, colW };
}

export function drawLegend(out: string[], entries: LegendEntry[], box: Rect, fs: number, f: (v: number) => string, cols = 1): void {
  if (entries.length === 0) return;
  const { colW, cols: c } = legendSize(entries, fs, cols);
  const items = entries.filter((e) => e.kind !== 'note');
  const notes = entries.filter((e) => e.kind === 'note');
  const row = 1.45 * fs;
  const r = Math.max(3, 0.3 * fs);
  out.push(`<g class="legend">`);
  out.push(`<rect class="legend-box" x="${f(box.x)}" y="${f(box.y)}" width="${f(box.w)}" height="${f(box.h)}" fill="white" stroke="#bbb"/>`);
  items.forEach((e, k) => {
    const lx = box.x + (k % c) * colW;
    const y = box.y + 4 + row * (Math.floor(k / c) + 0.5);
    const mid = lx + 8 + SAMPLE / 2;
    const fill = markerIsOpen(e.marker) ? 'none' : e.filled ? e.color : 'white';
    if (e.kind === 'line' || e.kind === 'both') out.push(`<line x1="${f(lx + 8)}" y1="${f(y)}" x2="${f(lx + 8 + SAMPLE)}" y2="${f(y)}" stroke="${e.color}" stroke-width="2"${e.dash ? ` stroke-dasharray="${e.dash}"` : ''}/>`);
    if (e.kind === 'points' || e.kind === 'both') out.push(`<path transform="translate(${f(mid)} ${f(y)})" d="${markerPath(e.marker, r)}" fill="${fill}" stroke="${e.color}" stroke-width="1.6"/>`);
    if (e.kind === 'errorbar') out.push(`<path stroke="${e.color}" stroke-width="1.3" d="M${f(mid)},${f(y - 0.45 * fs)} L${f(mid)},${f(y + 0.45 * fs)} M${f(mid - 3)},${f(y - 0.45 * fs)} L${f(mid + 3)},${f(y - 0.45 * fs)} M${f(mid - 3)},${f(y + 0.45 * fs)} L${f(mid + 3)},${f(y + 0.45 * fs)}"/>`);
    if (e.kind === 'atom') out.push(`<path transform="translate(${f(mid)} ${f(y)})" d="${markerPath('triangle', r * 1.4)}" fill="${e.color}" stroke="${e.color}"/>`);
    out.push(`<text x="${f(lx + 8 + SAMPLE + 8)}" y="${f(y + 0.35 * fs)}">${richSvg(e.label, fs)}</text>`);
  });
  const first = Math.ceil(items.length / c);
  notes.forEach((e, k) => out.push(`<text x="${f(box.x + 8)}" y="${f(box.y + 4 + row * (first + k + 0.5) + 0.35 * fs)}">${richSvg(e.label, fs)}</text>`));
  out.push('</g>');
}

export function drawTicks(
  out: string[],
  ax: Axis,
  which: 'x' | 'y',
  sx: (v: number) => number,
  sy: (v: number) => number,
  box: { left: number; right: number; top: number; bottom: number },
  f: (v: number) => string,
  fs: number,
): void {
  const TICK = 6;
  const MINOR = 3;
  for (const t of ax.minor) {
    if (which === 'x') {
      const x = f(sx(t));
      out.push(`<line class="tick minor" x1="${x}" y1="${f(box.bottom)}" x2="${x}" y2="${f(box.bottom + MINOR)}" stroke="#333"/>`);
    } else {
      const y = f(sy(t));
      out.push(`<line class="tick minor" x1="${f(box.left - MINOR)}" y1="${y}" x2="${f(box.left)}" y2="${y}" stroke="#333"/>`);
    }
  }
  ax.ticks.forEach((t, i) => {
    const label = escapeXml(ax.labels[i]);
    if (which === 'x') {
      const x = f(sx(t));
      out.push(`<line x1="${x}" y1="${f(box.top)}" x2="${x}" y2="${f(box.bottom)}" stroke="#ebebeb"/>`);
      out.push(`<line class="tick" x1="${x}" y1="${f(box.bottom)}" x2="${x}" y2="${f(box.bottom + TICK)}" stroke="#333"/>`);
      out.push(`<text class="tick-label x" x="${x}" y="${f(box.bottom + TICK + 3 + fs)}" text-anchor="middle">${label}</text>`);
    } else {
      const y = f(sy(t));
      out.push(`<line x1="${f(box.left)}" y1="${y}" x2="${f(box.right)}" y2="${y}" stroke="#ebebeb"/>`);
      out.push(`<line class="tick" x1="${f(box.left - TICK)}" y1="${y}" x2="${f(box.left)}" y2="${y}" stroke="#333"/>`);
      out.push(`<text class="tick-label y" x="${f(box.left - TICK - 3)}" y="${f(sy(t) + 0.35 * fs)}" text-anchor="end">${label}</text>`);
    }
  });
}

/** 32-bit FNV-1a hash of a string, in hex. */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
