import { InvalidArgumentError } from '../errors.js';
import { LIMITS } from '../limits.js';

/** A flag a command accepts. `value` names its argument; absent for boolean switches. */
export interface FlagSpec {
  name: string;
  value?: string;
  help: string;
}

/** Parsed command-line flags of one command (`--name value`, `--name=value`, `--switch`). */
export class Args {
  private readonly values = new Map<string, string>();
  private readonly switches = new Set<string>();
  /** Arguments that are not flags (only for a command that takes them, e.g. `merge PARTS…`). */
  readonly operands: string[] = [];

  constructor(argv: string[], specs: FlagSpec[], command: string, options: { operands?: boolean } = {}) {
    const byName = new Map(specs.map((s) => [s.name, s]));
    for (let i = 0; i < argv.length; i++) {
      const token = argv[i];
      if (options.operands && !token.startsWith('--')) {
        this.operands.push(token);
        continue;
      }
      if (!token.startsWith('--')) throw new InvalidArgumentError('argument', token, `unexpected for '${command}' (flags start with --)`);
      const eq = token.indexOf('=');
      const name = eq < 0 ? token.slice(2) : token.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) {
        throw new InvalidArgumentError('flag', `--${name}`, `unknown for '${command}' (known: ${specs.map((s) => '--' + s.name).join(' ')})`);
      }
      if (this.values.has(name) || this.switches.has(name)) throw new InvalidArgumentError('flag', `--${name}`, 'given twice');
      if (spec.value === undefined) {
        if (eq >= 0) throw new InvalidArgumentError(`--${name}`, token.slice(eq + 1), 'takes no value');
        this.switches.add(name);
        continue;
      }
      let value: string | undefined;
      if (eq >= 0) value = token.slice(eq + 1);
      else {
        value = argv[i + 1];
        i++;
      }
      if (value === undefined || value === '') throw new InvalidArgumentError(`--${name}`, value ?? '', `needs a value (${spec.value})`);
      this.values.set(name, value);
    }
  }

  has(name: string): boolean {
    return this.values.has(name) || this.switches.has(name);
  }

  string(name: string): string | undefined {
    return this.values.get(name);
  }

  requireString(name: string): string {
    const v = this.values.get(name);
    if (v === undefined) throw new InvalidArgumentError(`--${name}`, undefined, 'is required');
    return v;
  }

  /** A finite number, optionally bounded below (inclusive) or strictly. */
  number(name: string, options: { min?: number; greaterThan?: number } = {}): number | undefined {
    const text = this.values.get(name);
    if (text === undefined) return undefined;
    return parseNumber(`--${name}`, text, options);
  }

  requireNumber(name: string, options: { min?: number; greaterThan?: number } = {}): number {
    const v = this.number(name, options);
    if (v === undefined) throw new InvalidArgumentError(`--${name}`, undefined, 'is required');
    return v;
  }

  /** A whole number >= min (and <= max when given, e.g. a limit from src/limits.ts). */
  integer(name: string, min: number, max?: number, why = 'the limit'): number | undefined {
    const v = this.number(name, { min });
    if (v !== undefined && max !== undefined && v > max) throw new InvalidArgumentError(`--${name}`, this.values.get(name), `must be <= ${max} (${why})`);
    if (v !== undefined && !Number.isSafeInteger(v)) throw new InvalidArgumentError(`--${name}`, this.values.get(name), 'must be an integer');
    return v;
  }

  /** One of a fixed set of words. */
  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const v = this.values.get(name);
    if (v === undefined) return fallback;
    if (!(choices as readonly string[]).includes(v)) throw new InvalidArgumentError(`--${name}`, v, `must be one of ${choices.join(', ')}`);
    return v as T;
  }
}

/** Parse a number strictly: the whole text must be a finite decimal number. */
export function parseNumber(name: string, text: string, options: { min?: number; greaterThan?: number } = {}): number {
  const t = text.trim();
  const v = Number(t);
  if (t === '' || !Number.isFinite(v) || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) {
    throw new InvalidArgumentError(name, text, /^[+-]?0[xXbBoO]/.test(t) ? 'must be a decimal number (hex, octal and binary are not accepted)' : 'must be a finite number');
  }
  if (options.min !== undefined && !(v >= options.min)) throw new InvalidArgumentError(name, text, `must be >= ${options.min}`);
  if (options.greaterThan !== undefined && !(v > options.greaterThan)) throw new InvalidArgumentError(name, text, `must be > ${options.greaterThan}`);
  return v + 0; // −0 → 0
}

/**
 * A grid of values: `LO:HI:COUNT` (log-spaced, endpoints included; `lin:LO:HI:COUNT` for linear),
 * a comma list `a,b,c`, or one number. With `integer`, values are rounded and de-duplicated.
 */
export function parseGrid(name: string, text: string, options: { integer?: boolean; min?: number; max?: number; why?: string } = {}): number[] {
  let values: number[];
  const parts = text.split(':');
  if (parts.length === 3 || (parts.length === 4 && parts[0] === 'lin')) {
    const linear = parts.length === 4;
    const [lo, hi, count] = (linear ? parts.slice(1) : parts).map((p, i) => parseNumber(`${name} ${['LO', 'HI', 'COUNT'][i]}`, p));
    if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError(name, text, 'COUNT must be a whole number >= 1');
    if (count > LIMITS.gridPoints) throw new InvalidArgumentError(name, text, `COUNT must be <= ${LIMITS.gridPoints} (grid size limit)`);
    if (!linear && !(lo > 0 && hi > 0)) throw new InvalidArgumentError(name, text, 'a log grid needs LO > 0 and HI > 0 (use lin:LO:HI:COUNT)');
    values = [];
    for (let i = 0; i < count; i++) {
      const f = count === 1 ? 0 : i / (count - 1);
      values.push(linear ? lo + (hi - lo) * f : lo * Math.pow(hi / lo, f));
    }
  } else if (parts.length === 1) {
    const items = text.split(',');
    if (items.length > LIMITS.gridPoints) throw new InvalidArgumentError(name, `${items.length} values`, `a list may have at most ${LIMITS.gridPoints} (grid size limit)`);
    values = items.map((p) => {
      const v = parseNumber(name, p);
      return v === 0 && p.trim().startsWith('-') ? -0 : v; // keep a typed −0 for the size check below
    });
  } else {
    throw new InvalidArgumentError(name, text, 'expected LO:HI:COUNT, lin:LO:HI:COUNT or a comma list');
  }
  if (options.min !== undefined) {
    // Checked before de-duplication (a Set turns −0 into 0, hiding what was typed).
    for (const v of values) {
      if (Object.is(v, -0) && options.integer) throw new InvalidArgumentError(name, v, `must be >= ${options.min} (-0 is not a size)`);
      if (!((options.integer ? Math.round(v) : v) >= options.min)) throw new InvalidArgumentError(name, v, `must be >= ${options.min}`);
    }
  }
  values = values.map((v) => v + 0); // −0 → 0
  if (options.integer) {
    for (const v of values) if (!(Math.round(v) <= Number.MAX_SAFE_INTEGER)) throw new InvalidArgumentError(name, v, `must be <= ${Number.MAX_SAFE_INTEGER} (whole numbers are exact only up to 2^53 − 1)`);
    values = [...new Set(values.map((v) => Math.round(v)))];
  }
  if (options.max !== undefined) {
    for (const v of values) if (!(v <= options.max)) throw new InvalidArgumentError(name, v, `must be <= ${options.max}${options.why ? ` (${options.why})` : ''}`);
  }
  return values;
}
