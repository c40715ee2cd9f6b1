import { didYouMean } from '../didYouMean.js';
import { InvalidArgumentError } from '../errors.js';
import { parseDecimal } from '../validate.js';
import { loadMnistDigits } from '../datasets/mnistDigits.js';
import { dataSpectrum, npyEigenvalues, parseDataSpec } from './dataSpectrum.js';
import { empiricalSpectrum } from './empiricalSpectrum.js';
import { formulaSpectrum } from './formula.js';
import { isotropicSpectrum } from './isotropic.js';
import { lowRankSpectrum } from './lowRank.js';
import { twoPointSpectrum } from './mixture.js';
import { parseEigenvalues } from './parseEigenvalues.js';
import { powerLawSpectrum } from './powerLaw.js';
import type { Spectrum } from './spectrum.js';

/** The spectrum spec strings understood by every CLI command (see README "Spectrum specs"). */
export const SPECTRUM_SPEC_HELP = [
  'iso:d=100[,var=1]',
  'powerlaw:d=256,k=1[,trace=256]',
  'expr:d=784,f=nu^-1.3[,trace=784]',
  'twopoint:d=400,a=1,b=8,p=0.25',
  'lowrank:d=500,r=20[,floor=1e-4][,top=T]',
  'mnist[:digits=0123456789][,perDigit=1000][,floor=F] (covariance spectrum of the mnist package digits)',
  'file:PATH (JSON array or {"eigenvalues","weights","d"} object, a list 3,2,1, one value per line or a pandas CSV: header and index column skipped, the eigenvalue column read; or a 1-D .npy)',
  'data:PATH[,ddof=0|1][,d=D] (covariance spectrum of a sample matrix, CSV or .npy, rows = samples; covariance divided by N (ddof=0, default) or N − 1 (ddof=1, as np.cov); d=D reads a D × N file transposed)',
].join(' | ');

/**
 * The keys of each kind, in a Map: a kind typed as `__proto__` or `constructor` is an unknown
 * kind, never a member of Object.prototype.
 */
const KEYS = new Map<string, { required: string[]; optional: string[] }>([
  ['iso', { required: ['d'], optional: ['var'] }],
  ['powerlaw', { required: ['d', 'k'], optional: ['trace'] }],
  ['expr', { required: ['d', 'f'], optional: ['trace'] }],
  ['twopoint', { required: ['d', 'a', 'b', 'p'], optional: [] }],
  ['lowrank', { required: ['d', 'r'], optional: ['floor', 'top'] }],
  ['mnist', { required: [], optional: ['digits', 'perDigit', 'floor'] }],
]);

/** Every kind a spec may name (for "did you mean"). */
const KINDS = [...KEYS.keys(), 'file', 'data'];

/**
 * Parse a spectrum spec such as `powerlaw:d=256,k=1`. `readTextFile` is called for `file:PATH`
 * (the CLI passes a file reader; the library itself does no I/O).
 *
 * @example
 * ```ts
 * const spectrum = parseSpectrumSpec('powerlaw:d=256,k=1');       // the CLI's --spectrum syntax
 * ```
 */
export function parseSpectrumSpec(spec: string, options: { readTextFile?: (path: string) => string; readBinaryFile?: (path: string) => Uint8Array } = {}): Spectrum {
  if (typeof spec !== 'string') throw new InvalidArgumentError('spectrum', spec, 'must be a spec string');
  const colon = spec.indexOf(':') < 0 && spec.trim().toLowerCase() === 'mnist' ? spec.length : spec.indexOf(':');
  if (colon < 0) throw new InvalidArgumentError('spectrum', spec, `expected KIND:key=value,... (${SPECTRUM_SPEC_HELP})`);
  const kind = spec.slice(0, colon).trim().toLowerCase();
  const body = spec.slice(colon + 1);
  if (kind === 'data' || (kind === 'file' && body.trim().toLowerCase().endsWith('.npy'))) return binarySpectrum(kind, body, spec, options.readBinaryFile);
  if (kind === 'file') {
    const path = body.trim();
    if (path === '') throw new InvalidArgumentError('spectrum', spec, 'file: needs a path');
    if (!options.readTextFile) throw new InvalidArgumentError('spectrum', spec, 'file specs need a file reader');
    let text: string;
    try {
      text = options.readTextFile(path);
    } catch (e) {
      // The reader's own refusal (not a regular file, too large), named after the spec.
      if (e instanceof InvalidArgumentError) throw e.argument === 'file' ? new InvalidArgumentError('spectrum file', e.value, e.reason) : e;
      throw new InvalidArgumentError('spectrum file', path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    return parseEigenvalues(text, path);
  }
  const keys = KEYS.get(kind);
  if (!keys) throw new InvalidArgumentError('spectrum kind', kind, `unknown${didYouMean(kind, KINDS)} (${SPECTRUM_SPEC_HELP})`);
  const params = parseParams(body, spec);
  const allowed = [...keys.required, ...keys.optional];
  for (const k of Object.keys(params)) {
    if (!allowed.includes(k)) {
      throw new InvalidArgumentError(`spectrum key ${k}`, params[k], `not allowed for ${kind}${didYouMean(k, allowed)} (keys: ${allowed.join(', ')})`);
    }
  }
  for (const k of keys.required) {
    if (params[k] === undefined) throw new InvalidArgumentError('spectrum', spec, `${kind} needs ${k}=...`);
  }
  const num = (k: string): number | undefined => (params[k] === undefined ? undefined : toNumber(k, params[k]));
  return withSpecKeys(params, () => build(kind, params, num));
}

/** Name the spec key the user typed (`spectrum k`) in a constructor's error about its argument (`k`). */
function withSpecKeys(params: Record<string, string>, make: () => Spectrum): Spectrum {
  try {
    return make();
  } catch (e) {
    if (!(e instanceof InvalidArgumentError) || e.argument.startsWith('spectrum')) throw e;
    const key = KEY_OF_ARGUMENT.get(e.argument) ?? e.argument;
    throw new InvalidArgumentError(`spectrum ${params[key] !== undefined ? key : e.argument}`, e.value, e.reason);
  }
}

/** Constructor argument → spec key, where they differ (a Map: no inherited members). */
const KEY_OF_ARGUMENT = new Map([
  ['variance', 'var'],
  ['formula', 'f'],
]);

function build(kind: string, params: Record<string, string>, num: (k: string) => number | undefined): Spectrum {
  switch (kind) {
    case 'iso':
      return isotropicSpectrum({ d: num('d')!, variance: num('var') });
    case 'powerlaw':
      return powerLawSpectrum({ d: num('d')!, k: num('k')!, trace: num('trace') });
    case 'expr':
      return formulaSpectrum({ d: num('d')!, formula: params.f, trace: num('trace') });
    case 'mnist':
      return mnistSpectrum(params.digits, num('perDigit'), num('floor'));
    case 'twopoint':
      return twoPointSpectrum({ d: num('d')!, a: num('a')!, b: num('b')!, p: num('p')! });
    default:
      return lowRankSpectrum({ d: num('d')!, r: num('r')!, floor: num('floor'), top: num('top') });
  }
}

/** `data:PATH` (a sample matrix) and `file:PATH.npy` (eigenvalues): files read as bytes. */
function binarySpectrum(kind: string, body: string, spec: string, read: ((path: string) => Uint8Array) | undefined): Spectrum {
  const { path, ...dataOptions } = kind === 'data' ? parseDataSpec(body) : { path: body.trim() };
  if (path === '') throw new InvalidArgumentError('spectrum', spec, `${kind}: needs a path`);
  if (!read) throw new InvalidArgumentError('spectrum', spec, `${kind}: specs need a binary file reader`);
  let bytes: Uint8Array;
  try {
    bytes = read(path);
  } catch (e) {
    if (e instanceof InvalidArgumentError) throw e;
    throw new InvalidArgumentError('spectrum file', path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return kind === 'data' ? dataSpectrum(bytes, path, dataOptions) : npyEigenvalues(bytes, path);
}

/** Covariance spectrum of the mnist package's digits (computed by the package's own eigensolver). */
function mnistSpectrum(digits: string | undefined, perDigit: number | undefined, floor: number | undefined): Spectrum {
  if (digits !== undefined && !/^[0-9]+$/.test(digits)) throw new InvalidArgumentError('spectrum digits', digits, 'must be digit characters, e.g. digits=017');
  if (perDigit !== undefined && !(Number.isSafeInteger(perDigit) && perDigit >= 1)) throw new InvalidArgumentError('spectrum perDigit', perDigit, 'must be a whole number >= 1');
  if (perDigit === 1 && digits !== undefined && new Set(digits).size === 1) throw new InvalidArgumentError('spectrum perDigit', perDigit, 'one image of one digit has no covariance: take perDigit >= 2 or more digits');
  const data = loadMnistDigits({ digits: digits === undefined ? undefined : [...new Set(digits)].map(Number), perDigit });
  return empiricalSpectrum(data.samples, data.count, data.d, { floor }).spectrum;
}

/**
 * Split `a=1,b=2` into pairs; a value may contain commas (formulas) as long as no `key=` follows.
 * The result has no prototype: a key `__proto__` or `constructor` is an ordinary (unknown) key.
 */
function parseParams(body: string, spec: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (body.trim() === '') return out;
  for (const part of body.split(/,(?=\s*[A-Za-z_]\w*\s*=)/)) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new InvalidArgumentError('spectrum', spec, `"${part}" is not key=value`);
    const key = part.slice(0, eq).trim();
    if (out[key] !== undefined) throw new InvalidArgumentError('spectrum', spec, `key ${key} given twice`);
    out[key] = part.slice(eq + 1).trim();
  }
  return out;
}

function toNumber(key: string, text: string): number {
  const v = parseDecimal(text);
  if (!Number.isFinite(v)) {
    const why = /^\s*[+-]?0[xXbBoO]/.test(text) ? 'must be a decimal number (hex, octal and binary are not accepted)' : 'must be a finite decimal number';
    throw new InvalidArgumentError(`spectrum ${key}`, text, why);
  }
  return v + 0; // −0 → 0
}
