/** Tables and their serialisations: CSV (RFC 4180), JSON and JSON Lines that Python loads as is, Markdown, LaTeX. */
export { toCsv, csvCell, csvMetadata, infiniteMeanStderr, type Table, type Cell } from './csv.js';
export { toJson, toJsonLines, jsonNumber } from './json.js';
export { toMarkdown, formatSignificant, formatMeanStderr, tableNotations, DEFAULT_TABLE_DIGITS } from './markdown.js';
export { toLatex, latexEscape, latexNumber } from './latex.js';
export { columnNotation, formatNumber, numberParts, type NumberNotation, type NumberParts } from './numberFormat.js';
