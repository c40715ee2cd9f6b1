/** Tables and their serialisations: CSV (RFC 4180), JSON that Python loads as is, Markdown. */
export { toCsv, csvCell, csvMetadata, type Table, type Cell } from './csv.js';
export { toJson, jsonNumber } from './json.js';
export { toMarkdown, formatSignificant, formatMeanStderr } from './markdown.js';
