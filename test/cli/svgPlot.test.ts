import { describe, expect, it } from 'vitest';
import { svgLinePlot } from '../../src/plot/svgPlot.js';
import { cli } from './fakeIo.js';

describe('svgLinePlot', () => {
  const svg = svgLinePlot({
    title: 'test <&>',
    xLabel: 'N',
    yLabel: 'loss',
    series: [
      { label: 'theory', kind: 'line', x: [10, 100, 1000], y: [100, 10, 1] },
      { label: 'MC', kind: 'points', x: [10, 100, 1000], y: [101, 9.8, 1.01], yErr: [2, 0.3, 0.02] },
    ],
    verticalLines: [{ x: 50, label: 'N = d' }],
  });

  it('is a well-formed SVG document with escaped text', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('test &lt;&amp;&gt;');
    const opens = (svg.match(/<(?!\/)[a-zA-Z]+[^>]*[^/]>/g) ?? []).length;
    const closes = (svg.match(/<\/[a-zA-Z]+>/g) ?? []).length;
    expect(opens).toBe(closes); // every non-self-closing element is closed
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(svg).not.toContain('<polyline');
  });

  it('draws one path per theory series, a marker and an error bar per Monte Carlo point, the marker line, log axes', () => {
    expect((svg.match(/class="series-line"/g) ?? []).length).toBe(1);
    expect((svg.match(/class="series-point"/g) ?? []).length).toBe(3);
    expect((svg.match(/class="error-bar"/g) ?? []).length).toBe(3);
    expect(svg).toContain('N = d');
    // A log axis shows itself by its ticks (10, 100, 1000), not by "(log)" in its label.
    expect(svg).toMatch(/class="axis-label x"[^>]*>N<\/text>/);
    expect(svg).not.toContain('(log)');
    expect(svg).toContain('>1000<');
  });

  it('log axes have tick marks and minor ticks; the legend has an entry for the error bars', () => {
    expect((svg.match(/class="tick"/g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect((svg.match(/class="tick minor"/g) ?? []).length).toBeGreaterThanOrEqual(16); // 2…9 × 10ᵏ
    expect(svg).toContain('error bars: ± 1 standard error');
  });

  it('1-2-5 ticks over two decades, one number format per axis', () => {
    const s = svgLinePlot({ xLabel: 'x', yLabel: 'y', xLog: true, yLog: true, series: [{ label: 'a', kind: 'line', x: [10, 500], y: [1e5, 3e7] }] });
    const labels = [...s.matchAll(/class="tick-label x"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(['10', '20', '50', '100', '200', '500']);
    const yLabels = [...s.matchAll(/class="tick-label y"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(yLabels.length).toBeGreaterThan(2);
    for (const l of yLabels) expect(l).toMatch(/^(\d(\.\d+)?×)?10[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/); // all scientific, none plain
    const lin = svgLinePlot({ xLabel: 'x', yLabel: 'y', series: [{ label: 'a', kind: 'line', x: [0, 1.5], y: [0, 1] }] });
    const xl = [...lin.matchAll(/class="tick-label x"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(xl.length).toBeGreaterThan(2);
    expect(new Set(xl.map((t) => t.split('.')[1]?.length ?? 0)).size).toBe(1); // same number of decimals
  });

  it('a NaN (or a non-positive value on a log axis) breaks the line instead of bridging the gap', () => {
    const s = svgLinePlot({ xLabel: 'x', yLabel: 'y', yLog: false, series: [{ label: 'density', kind: 'line', x: [1, 2, 3, 4, 5, 6], y: [0.1, 0.3, NaN, NaN, 0.2, 0.4] }] });
    const d = /class="series-line"[^>]* d="([^"]*)"/.exec(s)![1];
    expect(d.match(/M/g)).toHaveLength(2);
    const log = svgLinePlot({ xLabel: 'x', yLabel: 'y', yLog: true, series: [{ label: 'density', kind: 'line', x: [1, 2, 3, 4], y: [1, 0, 0, 2] }] });
    expect(/class="series-line"[^>]* d="([^"]*)"/.exec(log)![1].match(/M/g)).toHaveLength(2);
  });

  it('draws an atom as a marker on the axis with its mass in the legend (a stem height would not be its mass)', () => {
    const s = svgLinePlot({ xLabel: 'x', yLabel: 'density', xLog: false, yLog: false, series: [{ label: 'density', kind: 'line', x: [1, 2], y: [0.2, 0.3] }], atoms: [{ x: 0, mass: 0.25, label: 'atom at 0' }] });
    expect(s).toContain('class="atom"');
    expect(s).toContain('atom at 0: mass 0.25');
    expect((s.match(/class="atom"/g) ?? []).length).toBe(1);
    const legend = /<g class="legend">[\s\S]*?<\/g>/.exec(s)![0];
    expect(legend).toContain('atom at 0: mass 0.25');
  });

  it('linear axes for data within a decade, including zero and negative values', () => {
    const lin = svgLinePlot({ xLabel: 'x', yLabel: 'y', series: [{ label: 'a', kind: 'line', x: [0, 1, 2], y: [-1, 0, 3] }] });
    expect(lin).not.toContain('(log)');
    expect(lin).not.toMatch(/NaN/);
  });
});

describe('curve --plot', () => {
  it('writes the SVG file next to the table output', async () => {
    const r = await cli(['curve', '--spectrum', 'iso:d=8', '--abar', '0.5', '--N', '4,8,16', '--mc', '3', '--seed', '1', '--plot', 'out.svg', '--csv']);
    expect(r.code).toBe(0);
    expect(r.files['out.svg']).toMatch(/^<svg/);
    expect(r.files['out.svg']).toContain('Monte Carlo (3 draws)');
  });
});

describe('several plots in one page', () => {
  it('each has its own clip-path id (inline SVGs share one id space), stable for the same plot', () => {
    const a = svgLinePlot({ xLabel: 'x', yLabel: 'y', series: [{ label: 'a', kind: 'line', x: [1, 2], y: [1, 2] }] });
    const b = svgLinePlot({ xLabel: 'x', yLabel: 'y', width: 500, series: [{ label: 'b', kind: 'line', x: [1, 2], y: [1, 3] }] });
    const id = (s: string) => /<clipPath id="([^"]+)">/.exec(s)![1];
    expect(id(a)).not.toBe(id(b));
    expect(a).toContain(`url(#${id(a)})`);
    expect(svgLinePlot({ xLabel: 'x', yLabel: 'y', series: [{ label: 'a', kind: 'line', x: [1, 2], y: [1, 2] }] })).toBe(a);
  });
});
