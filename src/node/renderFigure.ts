/**
 * SVG figures rendered to PNG in Node, by resvg (`@resvg/resvg-js`, a dependency that
 * ships prebuilt binaries in npm). resvg draws text only with fonts it is given: the figures use
 * DejaVu Sans from the optional `dejavu-fonts-ttf` package when it is installed — the same glyphs
 * on every machine, so a PNG does not depend on what fonts a machine happens to have, and they
 * cover the Greek, sub/superscript and mathematical characters of the labels (ᾱ, ‖, ², ⁻³) — and
 * the system's fonts otherwise. src/plot stays pure SVG; this file is the only place that renders.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ReplicaDiffusionError } from '../errors.js';

const require = createRequire(import.meta.url);

/**
 * The fonts a PNG is drawn with: the packaged DejaVu Sans when installed, else the system's.
 *
 * @example
 * ```ts
 * figureFonts();   // { fontFiles: ['…/DejaVuSans.ttf', '…/DejaVuSans-Bold.ttf'], loadSystemFonts: false }
 * ```
 */
export function figureFonts(): { fontFiles: string[]; loadSystemFonts: boolean } {
  try {
    const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    const files = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => join(dir, f)).filter((f) => existsSync(f));
    if (files.length > 0) return { fontFiles: files, loadSystemFonts: false };
  } catch {
    // not installed: fall back to the system's fonts below
  }
  const systemDirs = ['/usr/share/fonts', '/usr/local/share/fonts', '/Library/Fonts', '/System/Library/Fonts', 'C:\\Windows\\Fonts'];
  if (!systemDirs.some((d) => existsSync(d))) {
    throw new ReplicaDiffusionError('a PNG needs a font and none was found: install the optional package (npm i dejavu-fonts-ttf) or a system font (e.g. apt-get install fonts-dejavu-core); or name the plot .svg');
  }
  return { fontFiles: [], loadSystemFonts: true };
}

/**
 * The SVG as PNG bytes, `scale` × its width and height in pixels (default 1: the size the
 * figure was drawn at; 2 or 3 for print at the same layout).
 *
 * @example
 * ```ts
 * svgToPng(svgLinePlot({ title: 'Loss', xLabel: 'N', yLabel: 'loss', series }), { scale: 2 });   // Uint8Array, a PNG at twice the size
 * ```
 */
export function svgToPng(svg: string, options: { scale?: number } = {}): Uint8Array {
  const scale = options.scale ?? 1;
  if (!(scale > 0 && scale <= 16)) throw new ReplicaDiffusionError(`svgToPng: scale = ${scale} must be in (0, 16]`);
  let Resvg: typeof import('@resvg/resvg-js').Resvg;
  try {
    ({ Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js'));
  } catch {
    throw new ReplicaDiffusionError('PNG output needs the package @resvg/resvg-js, which is not installed here (npm i @resvg/resvg-js); or name the plot .svg');
  }
  const fonts = figureFonts();
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: scale === 1 ? { mode: 'original' } : { mode: 'zoom', value: scale },
    font: { ...fonts, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
