/**
 * --band K (issue 21): theory ± K standard deviations over training sets (docs/theory.md §6.10),
 * shaded in curve's figure and in the report's measure figures, with a legend note.
 */
import { describe, expect, it } from 'vitest';
import { generateReport } from '../../src/report/generateReport.js';
import { parseSpectrumSpec } from '../../src/spectra/index.js';
import { cli } from '../cli/fakeIo.js';

/** The upper and lower edges of the first band polygon, as y pixel values (SVG y grows downward). */
function bandHeights(svg: string): number[] {
  const d = /<path class="series-band"[^>]* d="M([^"]+) Z"/.exec(svg);
  expect(d, 'a band polygon').not.toBeNull();
  const pts = d![1].split(' L').map((p) => p.split(',').map(Number));
  const half = pts.length / 2;
  return pts.slice(0, half).map((p, i) => pts[pts.length - 1 - i][1] - p[1]);
}

describe('--band', () => {
  it('curve --band 2 shades theory ± 2 sd; wider with K, refused without --plot or with K ≤ 0', async () => {
    const base = ['curve', '--spectrum', 'powerlaw:d=32,k=1', '--N', '16,64,256', '--abar', '0.5', '--measure', 'kl', '--plot', 'f.svg'];
    const two = await cli([...base, '--band', '2']);
    expect(two.code, two.stderr).toBe(0);
    expect(two.files['f.svg']).toMatch(/shaded: theory ± 2 sd over training sets/);
    const four = await cli([...base, '--band', '4']);
    // a band twice as wide (in pixels on a log axis only roughly, but strictly wider at every N)
    bandHeights(four.files['f.svg']).forEach((h, i) => expect(h).toBeGreaterThan(bandHeights(two.files['f.svg'])[i]));
    expect((await cli([...base.slice(0, -2), '--band', '2'])).code).toBe(2);
    expect((await cli([...base, '--band', '0'])).code).toBe(2);
  });

  it('generateReport({ band }) shades the measure figures and refuses a bad band', () => {
    const spectrum = parseSpectrumSpec('powerlaw:d=32,k=1');
    const { files } = generateReport({ spectrum, spec: 'powerlaw:d=32,k=1', Ns: [16, 64, 256], abar: 0.5, band: 2 });
    for (const f of ['losses.svg', 'gap.svg', 'alignment.svg', 'kl.svg']) {
      expect(files[f], f).toMatch(/class="series-band"/);
      expect(files[f], f).toMatch(/shaded: theory ± 2 sd over training sets/);
    }
    const plain = generateReport({ spectrum, spec: 'powerlaw:d=32,k=1', Ns: [16, 64, 256], abar: 0.5 });
    expect(plain.files['gap.svg']).not.toMatch(/series-band/);
    expect(() => generateReport({ spectrum, spec: 'x', Ns: [16], abar: 0.5, band: -1 })).toThrow(/band = -1/);
  });
});
