import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { densityPlot } from '../../src/plot/densityPlot.js';
import { DASHES, luminance, MARKERS, OKABE_ITO, SeriesStyles, seriesStyle } from '../../src/plot/seriesStyle.js';
import { svgLinePlot, type PlotSeries } from '../../src/plot/svgPlot.js';
import { generateReport } from '../../src/report/index.js';
import { parseSpectrumSpec } from '../../src/spectra/index.js';
import { cli } from '../cli/fakeIo.js';

// ---- SVG geometry, parsed independently of the plot code ------------------------------------

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const num = (s: string) => Number(s);

function legendBox(svg: string): Box | undefined {
  const m = /<rect class="legend-box" x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  return m ? { x: num(m[1]), y: num(m[2]), w: num(m[3]), h: num(m[4]) } : undefined;
}

function plotArea(svg: string): Box {
  const m = /<clipPath id="[^"]+"><rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(svg)!;
  return { x: num(m[1]), y: num(m[2]), w: num(m[3]), h: num(m[4]) };
}

/** Every drawn data point, sampled every 0.5 px along lines, error bars and marker lines, plus marker centres. */
function dataPoints(svg: string): [number, number][] {
  const pts: [number, number][] = [];
  const area = plotArea(svg);
  const inArea = ([x, y]: [number, number]) => x >= area.x && x <= area.x + area.w && y >= area.y && y <= area.y + area.h;
  const polyline = (d: string) => {
    let prev: [number, number] | undefined;
    for (const [, cmd, xs, ys] of d.matchAll(/([ML])([-\d.]+),([-\d.]+)/g)) {
      const p: [number, number] = [num(xs), num(ys)];
      if (cmd === 'L' && prev) {
        const n = Math.ceil(Math.hypot(p[0] - prev[0], p[1] - prev[1]) / 0.5) + 1;
        for (let i = 0; i <= n; i++) pts.push([prev[0] + ((p[0] - prev[0]) * i) / n, prev[1] + ((p[1] - prev[1]) * i) / n]);
      } else pts.push(p);
      prev = p;
    }
  };
  for (const [, d] of svg.matchAll(/class="(?:series-line|error-bar)"[^>]* d="([^"]*)"/g)) polyline(d);
  for (const [, x1, y1, x2, y2] of svg.matchAll(/class="marker-line" x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"/g)) polyline(`M${x1},${y1} L${x2},${y2}`);
  const centres = [...svg.matchAll(/class="(?:series-point|atom)" transform="translate\(([-\d.]+) ([-\d.]+)\)"/g), ...svg.matchAll(/<circle class="series-point" cx="([-\d.]+)" cy="([-\d.]+)"/g)];
  for (const [, x, y] of centres) {
    const c: [number, number] = [num(x), num(y)];
    // the marker's extent, not only its centre
    for (const [dx, dy] of [[0, 0], [-4, 0], [4, 0], [0, -4], [0, 4]]) pts.push([c[0] + dx, c[1] + dy]);
  }
  return pts.filter(inArea);
}

function coveredPoints(svg: string): [number, number][] {
  const b = legendBox(svg);
  if (!b) return [];
  return dataPoints(svg).filter(([x, y]) => x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h);
}

/** Legend entries: label text → the stroke colour and dash of the sample drawn before it. */
function legendStyles(svg: string): Map<string, { color: string; dash: string }> {
  const g = /<g class="legend">([\s\S]*?)<\/g>/.exec(svg)![1].split('\n');
  const out = new Map<string, { color: string; dash: string }>();
  // The first sample after the previous entry's text: the line (its dash), else the marker.
  let first: { color: string; dash: string } | undefined;
  for (const line of g) {
    const stroke = /<(?:line|path)[^>]* stroke="(#[0-9a-fA-F]{6})"/.exec(line);
    if (stroke && !first) first = { color: stroke[1].toLowerCase(), dash: /stroke-dasharray="([^"]*)"/.exec(line)?.[1] ?? '' };
    const text = /^<text[^>]*>(.*)<\/text>$/.exec(line);
    if (text && first) out.set(text[1].replace(/<[^>]+>/g, ''), first);
    if (text) first = undefined;
  }
  return out;
}

// ---- styles --------------------------------------------------------------------------------

describe('series styles: colour-blind-safe, distinct in grayscale, keyed by identity', () => {
  it('the first seven differ in colour, the first sixteen in dash, the first eight in marker; the first 112 triples are all different', () => {
    const first = (n: number) => Array.from({ length: n }, (_, k) => seriesStyle(k));
    expect(new Set(first(7).map((s) => s.color)).size).toBe(7);
    expect(new Set(first(16).map((s) => s.dash)).size).toBe(16);
    expect(new Set(first(8).map((s) => s.marker)).size).toBe(8);
    const triples = new Set(first(112).map((s) => `${s.color}|${s.dash}|${s.marker}`));
    expect(triples.size).toBe(112);
    // Okabe–Ito's colours (yellow left out: too faint on white), e.g. its vermillion and bluish green.
    expect(OKABE_ITO).toContain('#D55E00');
    expect(OKABE_ITO).toContain('#009E73');
    expect(DASHES).toHaveLength(16);
    expect(MARKERS).toHaveLength(8);
  });

  it('any two of the first 16 styles differ in grayscale: as lines (luminance by ≥ 0.05, or dash) and as points (luminance, or marker shape or fill)', () => {
    for (let a = 0; a < 16; a++) {
      for (let b = a + 1; b < 16; b++) {
        const s = seriesStyle(a);
        const t = seriesStyle(b);
        const grayDiffers = Math.abs(luminance(s.color) - luminance(t.color)) >= 0.05;
        expect(grayDiffers || s.dash !== t.dash, `lines ${a} vs ${b}`).toBe(true);
        expect(grayDiffers || s.marker !== t.marker || s.filled !== t.filled, `points ${a} vs ${b}`).toBe(true);
      }
    }
    // The five loss curves of the issue (one colour each before): their grays alone no longer
    // carry the distinction: dashes differ for every pair.
    expect(new Set([0, 1, 2, 3, 4].map((k) => seriesStyle(k).dash)).size).toBe(5);
  });

  it('one style per identity, whatever the order the figures ask in', () => {
    const styles = new SeriesStyles();
    const a = styles.get('N = 16');
    styles.get('testLoss');
    expect(styles.get('N = 16')).toEqual(a);
    expect(styles.get('N = 1520')).not.toEqual(a);
  });
});

// ---- legend placement ----------------------------------------------------------------------

describe('the legend covers no data point or line segment', () => {
  it('curve --measure all (the KL curve was hidden under the legend from N ≈ 70 to 300)', async () => {
    const r = await cli(['curve', '--measure', 'all', '--abar', '0.5', '--N', '16:1024:8', '--mc', '4', '--seed', '1', '--spectrum', 'powerlaw:d=64,k=1', '--plot', 'all.svg', '--csv', '--quiet']);
    expect(r.code).toBe(0);
    const svg = r.files['all.svg'];
    expect(legendBox(svg)).toBeDefined();
    expect(dataPoints(svg).length).toBeGreaterThan(500);
    expect(coveredPoints(svg)).toEqual([]);
  });

  it('every figure of a report', () => {
    const report = generateReport({ spectrum: parseSpectrumSpec('powerlaw:d=16,k=1'), spec: 'powerlaw:d=16,k=1', Ns: [4, 8, 16, 32, 64], draws: 4, seed: 3 });
    for (const [name, svg] of Object.entries(report.files)) {
      if (!name.endsWith('.svg')) continue;
      expect(legendBox(svg), name).toBeDefined();
      expect(coveredPoints(svg), name).toEqual([]);
    }
  });

  fcTest.prop(
    [
      fc.array(fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 12, maxLength: 12 }), { minLength: 1, maxLength: 6 }),
      fc.constantFrom(12, 14, 18),
      fc.boolean(),
    ],
    { numRuns: 25 },
  )('random curves and markers, any font size', (ys, fontSize, withPoints) => {
    const x = Array.from({ length: 12 }, (_, i) => 2 ** i);
    const series: PlotSeries[] = ys.flatMap((y, k) => [
      { label: `series ${k} theory`, key: `s${k}`, kind: 'line' as const, x, y },
      ...(withPoints ? [{ label: `series ${k} Monte Carlo`, key: `s${k}`, kind: 'points' as const, x, y: y.map((v) => v * 1.1), yErr: y.map((v) => v * 0.05) }] : []),
    ]);
    const svg = svgLinePlot({ xLabel: 'N', yLabel: 'L_{test}', series, fontSize, verticalLines: [{ x: 64, label: 'N = d' }] });
    expect(coveredPoints(svg)).toEqual([]);
  });

  it('a free corner is used inside the axes; a plot full of data puts the legend outside', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    const low = svgLinePlot({ xLabel: 'x', yLabel: 'y', yLog: false, series: [{ label: 'a', kind: 'line', x, y: [0, 0.1, 0.2, 0.1, 0, 0.1, 0.2, 10] }] });
    const area = plotArea(low);
    const lb = legendBox(low)!;
    expect(lb.x >= area.x && lb.x + lb.w <= area.x + area.w && lb.y >= area.y).toBe(true);
    const zigzag = Array.from({ length: 200 }, (_, i) => i);
    const full = svgLinePlot({ xLabel: 'x', yLabel: 'y', series: [{ label: 'zigzag', kind: 'line', x: zigzag, y: zigzag.map((i) => (i % 2 ? 0 : 1)) }] });
    const fa = plotArea(full);
    const fb = legendBox(full)!;
    expect(fb.x >= fa.x + fa.w || fb.y >= fa.y + fa.h).toBe(true);
    expect(coveredPoints(full)).toEqual([]);
  });
});

// ---- one style per series across a report --------------------------------------------------

describe('a report gives a series one style in every figure', () => {
  it('N = … has the same colour in the density and the early-stopping figure; measures keep theirs', () => {
    const report = generateReport({ spectrum: parseSpectrumSpec('powerlaw:d=16,k=1'), spec: 'powerlaw:d=16,k=1', Ns: [4, 8, 16, 32, 64], draws: 4, seed: 3 });
    const density = legendStyles(report.files['density.svg']);
    const dynamics = legendStyles(report.files['early-stopping.svg']);
    const Ns = [...dynamics.keys()].filter((k) => /^N = \d+$/.test(k));
    expect(Ns.length).toBeGreaterThanOrEqual(2);
    for (const N of Ns) expect(density.get(`${N}: counting density`)?.color, N).toBe(dynamics.get(N)!.color);
    expect(new Set(Ns.map((N) => dynamics.get(N)!.color)).size).toBe(Ns.length);
    // Different identities never share a style across figures: the measures' lines differ from the N lines.
    const losses = legendStyles(report.files['losses.svg']);
    const testLoss = losses.get('Ltest')!;
    for (const N of Ns) expect(`${testLoss.color} ${testLoss.dash}`).not.toBe(`${dynamics.get(N)!.color} ${dynamics.get(N)!.dash}`);
  });
});

describe('the library takes the figure fields too', () => {
  it('generateReport({ figure }) sizes every figure; svgLinePlot refuses a size with the field named', () => {
    const report = generateReport({ spectrum: parseSpectrumSpec('iso:d=8'), spec: 'iso:d=8', Ns: [4, 8, 16], figure: { width: 500, height: 330, fontSize: 11 } });
    const svgs = Object.entries(report.files).filter(([n]) => n.endsWith('.svg'));
    expect(svgs.length).toBe(6);
    for (const [n, svg] of svgs) expect(svg, n).toMatch(/^<svg [^>]*width="500" height="330"[^>]*font-size="11"/);
    expect(() => svgLinePlot({ xLabel: 'x', yLabel: 'y', series: [], width: Number.NaN })).toThrow(/width = NaN/);
  });
});

describe('a measure has one style in every command', () => {
  it('L_test is drawn alike by curve and dynamics (styles seeded in MEASURE_ORDER, not by position in the figure)', async () => {
    const c = await cli(['curve', '--measure', 'trainLoss,testLoss', '--N', '16:256:5', '--abar', '0.5', '--spectrum', 'iso:d=32', '--plot', 'c.svg', '--csv']);
    const d = await cli(['dynamics', '--N', '16', '--abar', '0.5', '--spectrum', 'iso:d=32', '--plot', 'd.svg', '--csv']);
    const fromCurve = legendStyles(c.files['c.svg']);
    const fromDynamics = legendStyles(d.files['d.svg']);
    expect(fromCurve.get('Ltest theory, first-order') ?? fromCurve.get('Ltest theory')).toEqual(fromDynamics.get('Ltest theory'));
    expect(fromDynamics.get('Ltest theory')).toEqual({ color: seriesStyle(0).color.toLowerCase(), dash: '' });
  });
});

describe('markers are not cut by the frame', () => {
  it('points at a linear axis end (probabilities 0 and 1) sit inside the plot area by at least their radius', () => {
    const svg = svgLinePlot({ xLabel: 'n', yLabel: 'P', yLog: false, series: [{ label: 'p', kind: 'points', x: [1, 2, 3, 4], y: [0, 0.3, 0.7, 1] }] });
    const area = plotArea(svg);
    const ys = [...svg.matchAll(/<circle class="series-point" cx="[\d.]+" cy="([\d.]+)" r="([\d.]+)"/g)].map((m) => [num(m[1]), num(m[2])]);
    expect(ys).toHaveLength(4);
    for (const [y, r] of ys) expect(y - r >= area.y && y + r <= area.y + area.h, `cy ${y}`).toBe(true);
  });
});

// ---- labels in the papers' notation --------------------------------------------------------

describe('axis labels in notation, not code names', () => {
  it('curve: L_test as L with a subscript, N, no "(log)", no code name', async () => {
    const r = await cli(['curve', '--N', '16:256:5', '--abar', '0.5', '--spectrum', 'iso:d=32', '--plot', 'c.svg', '--csv']);
    const svg = r.files['c.svg'];
    const y = /<text class="axis-label y"[^>]*>(.*)<\/text>/.exec(svg)![1];
    expect(y).toMatch(/^test loss L<tspan dy="[\d.]+" font-size="[\d.]+">test<\/tspan>/);
    expect(/<text class="axis-label x"[^>]*>(.*)<\/text>/.exec(svg)![1]).toBe('training-set size N');
    expect(svg).not.toMatch(/testLoss|\(log\)|sum over schedule/);
  });

  it('--title, --xlabel, --ylabel replace the texts; --font-size scales them; --width/--height size the SVG', async () => {
    const r = await cli(['curve', '--N', '16:256:5', '--abar', '0.5', '--spectrum', 'iso:d=32', '--plot', 'c.svg', '--csv', '--title', 'Fig. 2', '--xlabel', 'N', '--ylabel', 'L_{test}/d', '--width', '500', '--height', '320', '--font-size', '10']);
    const svg = r.files['c.svg'];
    expect(svg).toMatch(/^<svg [^>]*width="500" height="320" viewBox="0 0 500 320"[^>]*font-size="10"/);
    expect(svg).toMatch(/class="title"[^>]*>Fig\. 2</);
    expect(/<text class="axis-label x"[^>]*>(.*)<\/text>/.exec(svg)![1]).toBe('N');
    expect(/<text class="axis-label y"[^>]*>(.*)<\/text>/.exec(svg)![1]).toMatch(/^L<tspan dy="[\d.]+" font-size="[\d.]+">test<\/tspan><tspan dy="-[\d.]+">\/d<\/tspan>$/);
  });
});

// ---- density plots -------------------------------------------------------------------------

describe('density plots', () => {
  const result = { x: [0.5, 1, 1.5, 2, 2.5], density: [0.1, 0.3, 0.35, 0.2, 0.05], sigmaDensity: [0.1, 0.3, 0.35, 0.2, 0.05], atomAtZero: 0.5, sigmaAtomAtZero: 0, support: { intervals: [[0.5, 2.5]] as [number, number][] } };
  it('linear y axis by default (0 is a tick), the atom as a marker with its mass in the legend, no text in the plot area', () => {
    const svg = densityPlot({ title: 't', densities: [{ label: '', result }] });
    const yTicks = [...svg.matchAll(/class="tick-label y"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(yTicks[0]).toMatch(/^0(\.0+)?$/);
    expect(svg).toContain('atom at 0: mass 0.5');
    expect(svg).not.toContain('class="tick minor" x1="'.repeat(0) + 'dominant-baseline'); // no label hung on the curves
    const area = plotArea(svg);
    const lb = legendBox(svg)!;
    const texts = [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)"[^>]*>/g)].map((m) => [num(m[1]), num(m[2])]);
    const insideNotLegend = texts.filter(([x, y]) => x > area.x && x < area.x + area.w && y > area.y && y < area.y + area.h && !(x >= lb.x && x <= lb.x + lb.w && y >= lb.y && y <= lb.y + lb.h));
    expect(insideNotLegend).toEqual([]);
    expect(svgLinePlot).toBeTypeOf('function');
    const log = densityPlot({ title: 't', densities: [{ label: '', result }], yLog: true });
    expect([...log.matchAll(/class="tick-label y"[^>]*>([^<]*)</g)].map((m) => m[1]).some((l) => l === '0')).toBe(false);
  });
});

// ---- the flags -----------------------------------------------------------------------------

describe('every command with --plot has the figure flags', () => {
  const plotting = COMMANDS.filter((c) => c.flags.some((f) => f.name === 'plot'));
  it('curve, dynamics, gaussian-structure, transition and density at least', () => {
    expect(plotting.map((c) => c.name).sort()).toEqual(expect.arrayContaining(['curve', 'density', 'dynamics', 'transition']));
    for (const c of plotting) for (const f of ['width', 'height', 'font-size', 'title', 'xlabel', 'ylabel', 'log-x', 'log-y']) expect(c.flags.some((g) => g.name === f), `${c.name} --${f}`).toBe(true);
  });
  for (const name of ['curve', 'density', 'dynamics', 'transition', 'gaussian-structure']) {
    it(`${name} --width -5 / abc / --font-size 0: exit 2 naming the flag, before any work`, async () => {
      for (const [flag, v] of [['--width', '-5'], ['--width', 'abc'], ['--height', '1e9'], ['--font-size', '0']]) {
        const r = await cli([name, '--plot', 'p.svg', flag, v]);
        expect(r.code, `${name} ${flag} ${v}`).toBe(2);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toContain(`${flag} = "${v}"`);
        expect(r.files['p.svg']).toBeUndefined();
      }
    });
  }
});

// ---- PNG -----------------------------------------------------------------------------------

describe('--plot FILE.png', () => {
  it('writes a PNG of the requested pixel size (signature and IHDR)', async () => {
    const r = await cli(['curve', '--N', '16:256:5', '--abar', '0.5', '--spectrum', 'iso:d=32', '--plot', 'c.png', '--width', '500', '--height', '320', '--csv']);
    expect(r.code).toBe(0);
    const png = r.bytes['c.png'];
    expect(Array.from(png.slice(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer, png.byteOffset);
    expect(String.fromCharCode(...png.slice(12, 16))).toBe('IHDR');
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([500, 320]);
    // Text was drawn: a PNG without fonts would be far smaller (only lines); measured ≈ 25 kB with text.
    expect(png.length).toBeGreaterThan(8000);
  });
});
