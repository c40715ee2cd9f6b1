import { InvalidArgumentError } from '../errors.js';

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

  constructor(argv: string[], specs: FlagSpec[], command: string) {
    const byName = new Map(specs.map((s) => [s.name, s]));
    for (let i = 0; i < argv.length; i++) {
      const token = argv[i];
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

  integer(name: string, min: number): number | undefined {
    const v = this.number(name, { min });
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
    throw new InvalidArgumentError(name, text, 'must be a finite number');
  }
  if (options.min !== undefined && !(v >= options.min)) throw new InvalidArgumentError(name, text, `must be >= ${options.min}`);
  if (options.greaterThan !== undefined && !(v > options.greaterThan)) throw new InvalidArgumentError(name, text, `must be > ${options.greaterThan}`);
  return v;
}

/**
 * A grid of values: `LO:HI:COUNT` (log-spaced, endpoints included; `lin:LO:HI:COUNT` for linear),
 * a comma list `a,b,c`, or one number. With `integer`, values are rounded and de-duplicated.
 */
export function parseGrid(name: string, text: string, options: { integer?: boolean; min?: number } = {}): number[] {
  let values: number[];
  const parts = text.split(':');
  if (parts.length === 3 || (parts.length === 4 && parts[0] === 'lin')) {
    const linear = parts.length === 4;
    const [lo, hi, count] = (linear ? parts.slice(1) : parts).map((p, i) => parseNumber(`${name} ${['LO', 'HI', 'COUNT'][i]}`, p));
    if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError(name, text, 'COUNT must be a whole number >= 1');
    if (!linear && !(lo > 0 && hi > 0)) throw new InvalidArgumentError(name, text, 'a log grid needs LO > 0 and HI > 0 (use lin:LO:HI:COUNT)');
    values = [];
    for (let i = 0; i < count; i++) {
      const f = count === 1 ? 0 : i / (count - 1);
      values.push(linear ? lo + (hi - lo) * f : lo * Math.pow(hi / lo, f));
    }
  } else if (parts.length === 1) {
    values = text.split(',').map((p) => parseNumber(name, p));
  } else {
    throw new InvalidArgumentError(name, text, 'expected LO:HI:COUNT, lin:LO:HI:COUNT or a comma list');
  }
  if (options.integer) values = [...new Set(values.map((v) => Math.round(v)))];
  if (options.min !== undefined) {
    for (const v of values) if (!(v >= options.min)) throw new InvalidArgumentError(name, v, `must be >= ${options.min}`);
  }
  return values;
}
