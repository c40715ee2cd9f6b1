import { InvalidArgumentError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { DECIMAL_NUMBER } from '../validate.js';
import { createSpectrum, type Spectrum } from './spectrum.js';

/**
 * Spectrum from text: a JSON array of eigenvalues, a JSON object
 * `{"eigenvalues": [...], "weights"?: [...], "d"?: number}` (weights rescaled to sum to d when d
 * is given), or plain text with one eigenvalue per line (blank lines and `#` comments skipped).
 * `source` names the origin (a file path) in error messages.
 */
export function parseEigenvalues(text: string, source = 'input'): Spectrum {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a UTF-8 byte-order mark
  const trimmed = text.trim();
  if (trimmed === '') throw new InvalidArgumentError(source, '', 'is empty: no eigenvalues');
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return fromJson(trimmed, source);
  // Line by line (no array of every line): a large file costs its values, not its lines.
  const values: number[] = [];
  let lineNumber = 0;
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNumber++;
    const raw = text.slice(start, end);
    start = end + 1;
    const hash = raw.indexOf('#');
    const line = (hash < 0 ? raw : raw.slice(0, hash)).trim();
    if (line === '') continue;
    const v = Number(line);
    if (!DECIMAL_NUMBER.test(line) || !Number.isFinite(v)) {
      throw new InvalidArgumentError(`${source} line ${lineNumber}`, line, 'is not a finite decimal number');
    }
    if (values.length >= LIMITS.spectrumEntries) throw new InvalidArgumentError(source, `more than ${LIMITS.spectrumEntries} values`, `a spectrum may have at most ${LIMITS.spectrumEntries} (distinct eigenvalues limit)`);
    values.push(v);
  }
  return withSource(() => createSpectrum(values), source);
}

/**
 * Check JSON text before JSON.parse: nesting at most LIMITS.jsonDepth (deeper arrays would
 * overflow the stack of JSON.parse or of the code reading them) and at most about
 * 2·LIMITS.spectrumEntries array entries (so a huge file is refused before it is parsed).
 */
function checkJsonShape(text: string, source: string): void {
  let depth = 0;
  let commas = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash escape
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > LIMITS.jsonDepth) throw new InvalidArgumentError(source, `nesting > ${LIMITS.jsonDepth}`, `JSON nested deeper than ${LIMITS.jsonDepth} levels (a spectrum is an array or {"eigenvalues": [...]})`);
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x2c && ++commas > 2 * LIMITS.spectrumEntries + 16) {
      throw new InvalidArgumentError(source, `more than ${LIMITS.spectrumEntries} values`, `a spectrum may have at most ${LIMITS.spectrumEntries} (distinct eigenvalues limit)`);
    }
  }
}

function fromJson(text: string, source: string): Spectrum {
  checkJsonShape(text, source);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InvalidArgumentError(source, text.length > 80 ? `${text.slice(0, 40)}…` : text, `is not valid JSON (${(e as Error).message})`);
  }
  if (Array.isArray(data)) return withSource(() => createSpectrum(numbers(data, `${source}`)), source);
  if (data === null || typeof data !== 'object') throw new InvalidArgumentError(source, data, 'must be an array or an object');
  const obj = data as Record<string, unknown>;
  if (!Array.isArray(obj.eigenvalues)) {
    throw new InvalidArgumentError(`${source}.eigenvalues`, obj.eigenvalues, 'must be an array of numbers');
  }
  const ev = numbers(obj.eigenvalues, `${source}.eigenvalues`);
  let weights: number[] | undefined;
  if (obj.weights !== undefined) {
    if (!Array.isArray(obj.weights)) throw new InvalidArgumentError(`${source}.weights`, obj.weights, 'must be an array of numbers');
    weights = numbers(obj.weights, `${source}.weights`);
  }
  const spectrum = withSource(() => createSpectrum(ev, weights), source);
  if (obj.d === undefined) return spectrum;
  const d = obj.d;
  if (typeof d !== 'number' || !Number.isFinite(d) || !(d > 0)) throw new InvalidArgumentError(`${source}.d`, d, 'must be a finite number > 0');
  const scale = d / spectrum.d;
  return createSpectrum(spectrum.eigenvalues, spectrum.weights.map((w) => w * scale));
}

function numbers(arr: unknown[], name: string): number[] {
  return arr.map((v, i) => {
    if (typeof v !== 'number') throw new InvalidArgumentError(`${name}[${i}]`, v, 'must be a number');
    return v;
  });
}

/** Re-throw spectrum validation errors with the source prefixed, so a user knows which file. */
function withSource(build: () => Spectrum, source: string): Spectrum {
  try {
    return build();
  } catch (e) {
    if (e instanceof InvalidArgumentError) throw new InvalidArgumentError(`${source}: ${e.argument}`, e.value, e.reason);
    throw e;
  }
}
