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
  });

  it('draws one polyline per theory series, a circle and an error bar per Monte Carlo point, the marker line, log axes', () => {
    expect((svg.match(/<polyline/g) ?? []).length).toBe(1);
    expect((svg.match(/<circle/g) ?? []).length).toBe(3 + 1); // points + legend marker
    expect(svg).toContain('N = d');
    expect(svg).toContain('N (log)');
    expect(svg).toContain('>1000<');
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
