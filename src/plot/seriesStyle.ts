/**
 * Series styles that survive a colour-blind reader and a grayscale printer: the Okabe–Ito palette
 * (Okabe & Ito, "Color Universal Design", 2008 — distinguishable under the common colour-vision
 * deficiencies), each colour paired with its own dash pattern (lines) and marker shape (points),
 * so two series differ in dash and marker even where their grays coincide. Styles are keyed by
 * the series' identity (a measure name, "N = 64"), not by its index in one figure: a
 * `SeriesStyles` shared by the figures of a report gives the same N or measure the same style in
 * every figure.
 */

export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'triangle-down' | 'plus' | 'cross' | 'star';

export interface SeriesStyle {
  color: string;
  /** SVG stroke-dasharray ('' = solid). */
  dash: string;
  marker: MarkerShape;
  /** Markers filled with the colour (else white inside): styles 8–15 repeat 0–7's shapes filled. */
  filled: boolean;
}

/** Okabe–Ito without its yellow (#F0E442), which is too faint for a thin line on white. */
export const OKABE_ITO = ['#000000', '#E69F00', '#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56B4E9'] as const;
/** Sixteen dash patterns, distinct in period or rhythm at a 2 px stroke. */
export const DASHES = ['', '7 3', '2 2.5', '9 3 2 3', '4 2', '12 3 3 3', '1 2', '6 2 2 2 2 2', '14 4', '3 3 9 3', '1 1.5', '10 2 2 2', '5 5', '2 2 8 2', '16 3 2 3 2 3', '4 1.5 1 1.5'] as const;
export const MARKERS: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond', 'triangle-down', 'plus', 'cross', 'star'];

/**
 * The k-th style: colour k mod 7, dash k mod 16, marker k mod 8, filled from 8 to 15. Any two of
 * the first 16 differ in dash (lines stay apart in grayscale) and in marker shape or fill (Monte
 * Carlo points stay apart); the (colour, dash, marker) triples repeat only after 112.
 *
 * @example
 * ```ts
 * seriesStyle(0);   // { color: '#000000', dash: '', marker: 'circle', filled: false }
 * ```
 */
export function seriesStyle(k: number): SeriesStyle {
  return { color: OKABE_ITO[k % OKABE_ITO.length], dash: DASHES[k % DASHES.length], marker: MARKERS[k % MARKERS.length], filled: Math.floor(k / MARKERS.length) % 2 === 1 };
}

/** A style per series identity, handed out in order of first use; share one across the figures of a report. */
export class SeriesStyles {
  private readonly keys = new Map<string, number>();

  /** `identities`: keys to style first, in this order (e.g. the measures, so each has its style everywhere). */
  constructor(identities: readonly string[] = []) {
    for (const k of identities) this.get(k);
  }

  get(key: string): SeriesStyle {
    let k = this.keys.get(key);
    if (k === undefined) {
      k = this.keys.size;
      this.keys.set(key, k);
    }
    return seriesStyle(k);
  }

  /** The identities styled so far, in order. */
  identities(): string[] {
    return [...this.keys.keys()];
  }
}

/** Relative luminance (WCAG) of a #rrggbb colour: its gray in a grayscale print. */
export function luminance(color: string): number {
  const c = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

/** SVG path data of a marker of radius r centred at the origin (placed with a translate). */
export function markerPath(shape: MarkerShape, r: number): string {
  const f = (v: number) => String(Math.round(v * 100) / 100);
  const poly = (pts: [number, number][]) => 'M' + pts.map(([x, y]) => `${f(x)},${f(y)}`).join(' L') + ' Z';
  switch (shape) {
    case 'circle':
      return `M${f(-r)},0 A${f(r)},${f(r)} 0 1,0 ${f(r)},0 A${f(r)},${f(r)} 0 1,0 ${f(-r)},0 Z`;
    case 'square':
      return poly([[-0.85 * r, -0.85 * r], [0.85 * r, -0.85 * r], [0.85 * r, 0.85 * r], [-0.85 * r, 0.85 * r]]);
    case 'triangle':
      return poly([[0, -1.15 * r], [r, 0.75 * r], [-r, 0.75 * r]]);
    case 'triangle-down':
      return poly([[0, 1.15 * r], [r, -0.75 * r], [-r, -0.75 * r]]);
    case 'diamond':
      return poly([[0, -1.2 * r], [1.2 * r, 0], [0, 1.2 * r], [-1.2 * r, 0]]);
    case 'plus':
      return `M${f(-1.1 * r)},0 L${f(1.1 * r)},0 M0,${f(-1.1 * r)} L0,${f(1.1 * r)}`;
    case 'cross':
      return `M${f(-0.85 * r)},${f(-0.85 * r)} L${f(0.85 * r)},${f(0.85 * r)} M${f(-0.85 * r)},${f(0.85 * r)} L${f(0.85 * r)},${f(-0.85 * r)}`;
    case 'star': {
      const pts: [number, number][] = [];
      for (let i = 0; i < 10; i++) {
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        const rr = i % 2 === 0 ? 1.25 * r : 0.55 * r;
        pts.push([rr * Math.cos(a), rr * Math.sin(a)]);
      }
      return poly(pts);
    }
  }
}

/** Open shapes (plus, cross) are strokes only: they cannot be filled. */
export function markerIsOpen(shape: MarkerShape): boolean {
  return shape === 'plus' || shape === 'cross';
}
