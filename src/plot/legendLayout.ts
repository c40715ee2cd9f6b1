/**
 * Where a legend goes without covering data: inside the axes in the first corner (or top/bottom
 * centre) whose box — grown by a small clearance — meets no plotted line segment, marker, error
 * bar or marker line; when every such place is taken, outside the axes (to the right when the
 * legend is narrow enough, below otherwise). The geometry test is exact on segments (Liang–Barsky
 * clipping), so a steep line that merely passes through a corner rules that corner out.
 */

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** What is drawn in the plot area, in pixels: line pieces and the boxes of markers. */
export interface PlotGeometry {
  segments: Segment[];
  boxes: Rect[];
}

/** Whether the segment meets the rectangle (Liang–Barsky: clip the segment's parameter range to the slab of each side). */
export function segmentHitsRect(s: Segment, r: Rect): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = s.x2 - s.x1;
  const dy = s.y2 - s.y1;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q >= 0;
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
    return true;
  };
  return clip(-dx, s.x1 - r.x) && clip(dx, r.x + r.w - s.x1) && clip(-dy, s.y1 - r.y) && clip(dy, r.y + r.h - s.y1) && t0 <= t1;
}

export function rectsOverlap(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Whether a box (grown by `clearance` px on every side) covers any drawn segment or marker. */
export function coversData(box: Rect, g: PlotGeometry, clearance = 4): boolean {
  const r = { x: box.x - clearance, y: box.y - clearance, w: box.w + 2 * clearance, h: box.h + 2 * clearance };
  return g.boxes.some((b) => rectsOverlap(r, b)) || g.segments.some((s) => segmentHitsRect(s, r));
}

/** The first free place inside the plot area for a legend of size w × h, or undefined. */
export function freeInsidePlace(area: Rect, w: number, h: number, g: PlotGeometry, inset = 8): Rect | undefined {
  if (w + 2 * inset > area.w || h + 2 * inset > area.h) return undefined;
  const left = area.x + inset;
  const right = area.x + area.w - inset - w;
  const centre = area.x + (area.w - w) / 2;
  const top = area.y + inset;
  const bottom = area.y + area.h - inset - h;
  const candidates: [number, number][] = [
    [right, top],
    [left, top],
    [right, bottom],
    [left, bottom],
    [centre, top],
    [centre, bottom],
  ];
  for (const [x, y] of candidates) {
    const box = { x, y, w, h };
    if (!coversData(box, g)) return box;
  }
  return undefined;
}
