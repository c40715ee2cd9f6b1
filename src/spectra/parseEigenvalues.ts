import { InvalidArgumentError } from '../errors.js';
import { createSpectrum, type Spectrum } from './spectrum.js';

/**
 * Spectrum from text: a JSON array of eigenvalues, a JSON object
 * `{"eigenvalues": [...], "weights"?: [...], "d"?: number}` (weights rescaled to sum to d when d
 * is given), or plain text with one eigenvalue per line (blank lines and `#` comments skipped).
 * `source` names the origin (a file path) in error messages.
 */
export function parseEigenvalues(text: string, source = 'input'): Spectrum {
  const trimmed = text.trim();
  if (trimmed === '') throw new InvalidArgumentError(source, '', 'is empty: no eigenvalues');
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return fromJson(trimmed, source);
  const values: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/#.*/, '').trim();
    if (line === '') continue;
    const v = Number(line);
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(line) || !Number.isFinite(v)) {
      throw new InvalidArgumentError(`${source} line ${i + 1}`, line, 'is not a number');
    }
    values.push(v);
  }
  return withSource(() => createSpectrum(values), source);
}

function fromJson(text: string, source: string): Spectrum {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InvalidArgumentError(source, text, `is not valid JSON (${(e as Error).message})`);
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
    if (e instanceof InvalidArgumentError) throw new InvalidArgumentError(`${source}: ${e.argument}`, e.value, e.message.replace(/^invalid .*? = .*?: /, ''));
    throw e;
  }
}
