/**
 * Axes of the SVG plots: the range (data plus a little padding), major ticks in 1-2-5 steps
 * (powers of ten on log axes, with 2 and 5 added over at most two decades), unlabelled minor
 * ticks on log axes (2…9 × 10ᵏ), and tick labels written in ONE number format per axis: plain
 * decimals with a common number of decimals, or — when a label would need more than five
 * digits — scientific `m×10ⁿ` (`10ⁿ` for m = 1) for every label.
 */

export interface Axis {
  lo: number;
  hi: number;
  map: (v: number) => number;
  ticks: number[];
  labels: string[];
  minor: number[];
}

export function autoLog(values: number[]): boolean {
  if (values.length === 0 || values.some((v) => !(v > 0))) return false;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return Math.log10(hi / lo) > 1.5;
}

/**
 * A plot axis for the given data values: range, tick values, their labels and the minor ticks, on a linear or a log scale.
 *
 * @example
 * ```ts
 * plotAxis([1, 10, 100], true);   // { ticks: [1, 10, 100], labels: ['1', '10', '100'], minor: [0.9, 2, 3, …], … }
 * ```
 */
export function axis(values: number[], log: boolean): Axis {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) {
    lo = log ? 1 : 0;
    hi = log ? 10 : 1;
  }
  return log ? logAxis(lo, hi) : linearAxis(lo, hi);
}

function logAxis(lo: number, hi: number): Axis {
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  const pad = Math.max(0.04 * (b - a), 0.05);
  const l = a - pad;
  const h = b + pad;
  const decades = h - l;
  const step = Math.max(1, Math.ceil(decades / 8));
  const ticks: number[] = [];
  const minor: number[] = [];
  const inside = (t: number) => Math.log10(t) >= l - 1e-12 && Math.log10(t) <= h + 1e-12;
  for (let e = Math.ceil(l); e <= Math.floor(h); e += step) ticks.push(10 ** e);
  for (let e = Math.floor(l); e <= Math.ceil(h); e++) {
    for (let m = 2; m <= 9; m++) {
      const t = m * 10 ** e;
      if (!inside(t)) continue;
      if (decades <= 2 && (m === 2 || m === 5)) ticks.push(t);
      else if (step === 1) minor.push(t);
    }
  }
  // A range inside one decade may hold a single labelled tick: add the 1-2-5 neighbours' minor ones as labels.
  if (ticks.length < 2) for (const t of minor.splice(0)) ticks.push(t);
  ticks.sort((x, y) => x - y);
  return { lo: l, hi: h, map: Math.log10, ticks, labels: labelsFor(ticks, true), minor };
}

function linearAxis(lo: number, hi: number): Axis {
  if (hi === lo) {
    const w = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    hi = lo + w;
    lo -= w;
  }
  const span = hi - lo;
  const raw = span / 6;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= 7) ?? 10 * mag;
  const start = Math.floor(lo / step + 1e-9) * step;
  const end = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0, t = start; t <= end + step * 1e-9; i++, t = start + i * step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)));
  return { lo: start, hi: end, map: (v) => v, ticks, labels: labelsFor(ticks, false, step), minor: [] };
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/**
 * `10ⁿ` or `m×10ⁿ`.
 *
 * @example
 * ```ts
 * scientificLabel(12000);   // '1.2×10⁴'
 * ```
 */
export function scientific(v: number): string {
  if (v === 0) return '0';
  const e = Math.floor(Math.log10(Math.abs(v)) + 1e-12);
  const m = Number((v / 10 ** e).toPrecision(3));
  const power = '10' + String(e).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c]);
  return m === 1 ? power : m === -1 ? `−${power}` : `${String(m).replace('-', '−')}×${power}`;
}

/**
 * Tick labels in one format: plain (common decimals on linear axes) or scientific for all.
 *
 * @example
 * ```ts
 * tickLabels([1, 10, 100], true);   // ['1', '10', '100']
 * ```
 */
export function labelsFor(ticks: number[], log: boolean, step?: number): string[] {
  const nonzero = ticks.filter((t) => t !== 0).map(Math.abs);
  const plain = nonzero.every((a) => a >= 1e-3 && a < 1e5);
  if (!plain) return ticks.map(scientific);
  if (log) return ticks.map((t) => String(Number(t.toPrecision(6))));
  const decimals = step === undefined ? 0 : Math.max(0, Math.ceil(-Math.log10(step) - 1e-9) + (Math.abs(step / 10 ** Math.floor(Math.log10(step) + 1e-9) - 2.5) < 1e-9 ? 1 : 0));
  return ticks.map((t) => t.toFixed(Math.min(decimals, 10)).replace('-', '−'));
}
