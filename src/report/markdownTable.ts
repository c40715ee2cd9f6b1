/**
 * Markdown pieces of the reports (and of docs/generate.mjs): right-aligned tables of preformatted cells.
 *
 * @example
 * ```ts
 * markdownTable(['N', 'loss'], [[16, 5.2]]);   // '| N | loss |\n| ---: | ---: |\n| 16 | 5.2 |'
 * ```
 */
export function markdownTable(columns: string[], rows: (string | number)[][], align: 'right' | 'left' = 'right'): string {
  const rule = align === 'right' ? ' ---: ' : ' --- ';
  return [`| ${columns.join(' | ')} |`, `|${columns.map(() => rule).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/**
 * A file-name slug: lower case, runs of other characters as one dash.
 *
 * @example
 * ```ts
 * slug('Test loss (N = 16)');   // 'test-loss-n-16'
 * ```
 */
export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
