/**
 * Text of the figures in the papers' notation. Labels may carry a small markup — `_{…}` for a
 * subscript, `^{…}` for a superscript — rendered as SVG tspans (L_{test} → L with a lowered
 * "test"), so axis labels read as in the papers (L_test, ᾱ, KL, τ) instead of code names. The
 * symbols of the measures are defined once here (docs/theory.md §2 for the losses, §5 for the KL)
 * and used by the CLI, the report and docs/generate.mjs alike.
 */

/** Symbols of the measures of the linear diffusion model, in the markup above. */
export const MEASURE_SYMBOL: Record<string, string> = {
  testLoss: 'L_{test}',
  trainLoss: 'L_{train}',
  gap: 'L_{test} − L_{train}',
  alignment: 'E‖ε_{N} − ε_{∞}‖²',
  referenceLoss: 'L_{test}(N = ∞)',
  kl: 'KL',
  distance: 'E‖D_{N} − D_{G}‖²',
};

/** The measures in a fixed order: `new SeriesStyles(MEASURE_ORDER)` gives each measure one style in every command and figure. */
export const MEASURE_ORDER = ['testLoss', 'trainLoss', 'gap', 'alignment', 'referenceLoss', 'kl'] as const;

/** A measure's words and symbol for legends ("test loss L_test"). */
export const MEASURE_NAME: Record<string, string> = {
  testLoss: 'test loss',
  trainLoss: 'train loss',
  gap: 'generalisation gap',
  alignment: 'alignment',
  referenceLoss: 'reference loss',
  kl: 'KL',
  distance: 'distance',
};

/**
 * "test loss L_{test}" (a known measure) or the name itself.
 *
 * @example
 * ```ts
 * measureLabel('testLoss');   // 'test loss L_{test}'
 * ```
 */
export function measureLabel(measure: string): string {
  const sym = MEASURE_SYMBOL[measure];
  const name = MEASURE_NAME[measure];
  if (sym === undefined) return measure;
  return name === sym ? sym : `${name} ${sym}`;
}

/** Axis labels shared by the commands and the report: the quantity, its symbol and its unit. */
export const AXIS_LABEL = {
  N: 'training-set size N',
  n: 'training-set size n',
  tau: 'gradient-flow time τ',
  sigma: 'noise level σ',
  eigenvalue: 'eigenvalue λ',
  density: 'density per dimension ρ(λ)',
  kl: 'KL (nats)',
} as const;

export interface TextRun {
  text: string;
  shift: 'base' | 'sub' | 'super';
}

/** The markup split into runs; braces that do not follow `_`/`^` are kept as text. */
export function parseRichText(s: string): TextRun[] {
  const runs: TextRun[] = [];
  let base = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if ((c === '_' || c === '^') && s[i + 1] === '{') {
      const end = s.indexOf('}', i + 2);
      if (end > 0) {
        if (base) runs.push({ text: base, shift: 'base' });
        base = '';
        runs.push({ text: s.slice(i + 2, end), shift: c === '_' ? 'sub' : 'super' });
        i = end;
        continue;
      }
    }
    base += c;
  }
  if (base) runs.push({ text: base, shift: 'base' });
  return runs;
}

/** The label as plain text, the markup written the TeX way: L_{test} → "L_test". */
export function plainText(s: string): string {
  return parseRichText(s)
    .map((r) => (r.shift === 'base' ? r.text : r.shift === 'sub' ? `_${r.text}` : `^${r.text}`))
    .join('');
}

/**
 * Width of the label in px at the font size, an estimate a little above DejaVu Sans' mean advance
 * (0.58 em per character, sub- and superscripts at 0.72 of the size): the layout reserves this
 * much, so a legend or margin is not too narrow for its text.
 */
export function textWidth(s: string, fontSize: number): number {
  let w = 0;
  for (const r of parseRichText(s)) w += [...r.text].length * 0.58 * fontSize * (r.shift === 'base' ? 1 : 0.72);
  return w;
}

/** SVG content of a label: escaped text with tspans for sub- and superscripts. */
export function richSvg(s: string, fontSize: number): string {
  const small = Math.round(fontSize * 0.72 * 10) / 10;
  const offset = { base: 0, sub: 0.3, super: -0.4 };
  let out = '';
  let at = 0;
  for (const r of parseRichText(s)) {
    const t = escapeXml(r.text);
    // Relative dy shifts (not baseline-shift), each carried by the text it moves — an empty tspan's
    // dy is dropped by some renderers (resvg), which would leave the rest of the label lowered.
    const dy = Math.round((offset[r.shift] - at) * fontSize * 100) / 100;
    at = offset[r.shift];
    const size = r.shift === 'base' ? '' : ` font-size="${small}"`;
    out += dy === 0 && size === '' ? t : `<tspan${dy === 0 ? '' : ` dy="${dy}"`}${size}>${t}</tspan>`;
  }
  return out;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
