import { didYouMean } from '../../didYouMean.js';
import { InvalidArgumentError } from '../../errors.js';
import { LIMITS } from '../../limits.js';

/**
 * A flag a command accepts. `value` names its argument; absent for boolean switches. `aliases`
 * are other names for the same flag (older spellings kept working, e.g. `--mc` for `--draws`);
 * `--help` lists them, and the command reads the flag by its `name` only.
 */
export interface FlagSpec {
  name: string;
  value?: string;
  help: string;
  aliases?: string[];
}

/**
 * A required flag is missing: the message names the flag and what it takes (its value and help),
 * not `= undefined`. Still an InvalidArgumentError (exit 2) with `argument` the flag.
 */
export class MissingFlagError extends InvalidArgumentError {
  constructor(spec: FlagSpec) {
    super(`--${spec.name}`, undefined, 'is required');
    this.message = `--${spec.name}${spec.value ? ' ' + spec.value : ''} is required: ${spec.help}`;
  }
}

/** Why a fractional training-set size is refused (where training sets are drawn). */
const FRACTIONAL_N = ' (a training-set size: N points are drawn, so a fractional N is refused, not rounded)';

/** Parsed command-line flags of one command (`--name value`, `--name=value`, `--switch`). */
export class Args {
  private readonly values = new Map<string, string>();
  private readonly switches = new Set<string>();
  private readonly specs = new Map<string, FlagSpec>();
  /** The name the user typed for each flag given (an alias or the flag's own name), for messages. */
  private readonly typed = new Map<string, string>();
  /** Arguments that are not flags (only for a command that takes them, e.g. `merge PARTS…`). */
  readonly operands: string[] = [];

  constructor(argv: string[], specs: FlagSpec[], command: string, options: { operands?: boolean } = {}) {
    // A map without a prototype: `--constructor` or `--__proto__` are unknown flags, not Object's members.
    const byName = new Map<string, FlagSpec>();
    for (const s of specs) {
      this.specs.set(s.name, s);
      for (const n of [s.name, ...(s.aliases ?? [])]) byName.set(n, s);
    }
    for (let i = 0; i < argv.length; i++) {
      const token = argv[i];
      if (options.operands && !token.startsWith('--')) {
        this.operands.push(token);
        continue;
      }
      if (!token.startsWith('--')) throw new InvalidArgumentError('argument', token, `unexpected for '${command}' (flags start with --)${token.startsWith('-') ? didYouMean(token.replace(/^-+/, ''), byName.keys(), (n) => '--' + n) : ''}`);
      const eq = token.indexOf('=');
      const typedName = eq < 0 ? token.slice(2) : token.slice(2, eq);
      const spec = byName.get(typedName);
      if (!spec) {
        const hint = didYouMean(typedName, byName.keys(), (n) => '--' + n);
        throw new InvalidArgumentError('flag', `--${typedName}`, `unknown for '${command}'${hint} (known: ${specs.map((s) => '--' + s.name).join(' ')})`);
      }
      const name = spec.name;
      if (this.values.has(name) || this.switches.has(name)) {
        const first = this.typed.get(name)!;
        throw new InvalidArgumentError('flag', `--${typedName}`, first === typedName ? 'given twice' : `given twice (--${first} and --${typedName} are the same flag)`);
      }
      this.typed.set(name, typedName);
      if (spec.value === undefined) {
        if (eq >= 0) throw new InvalidArgumentError(`--${typedName}`, token.slice(eq + 1), 'takes no value');
        this.switches.add(name);
        continue;
      }
      let value: string | undefined;
      if (eq >= 0) value = token.slice(eq + 1);
      else {
        value = argv[i + 1];
        i++;
      }
      if (value === undefined || value === '') throw new InvalidArgumentError(`--${typedName}`, value ?? '', `needs a value (${spec.value})`);
      this.values.set(name, value);
    }
  }

  has(name: string): boolean {
    return this.values.has(name) || this.switches.has(name);
  }

  string(name: string): string | undefined {
    return this.values.get(name);
  }

  /** The name the user typed for a given flag (an alias, or the flag's own name). */
  typedName(name: string): string {
    return this.typed.get(name) ?? name;
  }

  requireString(name: string): string {
    const v = this.values.get(name);
    if (v === undefined) throw this.missing(name);
    return v;
  }

  private missing(name: string): InvalidArgumentError {
    return new MissingFlagError(this.specs.get(name) ?? { name, help: 'see --help' });
  }

  /** A finite number, optionally bounded below (inclusive) or strictly. */
  number(name: string, options: { min?: number; greaterThan?: number } = {}): number | undefined {
    const text = this.values.get(name);
    if (text === undefined) return undefined;
    return parseNumber(`--${this.typedName(name)}`, text, options);
  }

  requireNumber(name: string, options: { min?: number; greaterThan?: number } = {}): number {
    const v = this.number(name, options);
    if (v === undefined) throw this.missing(name);
    return v;
  }

  /** A required whole number >= min (and <= max): e.g. a training-set size N that a Monte Carlo draws. */
  requireInteger(name: string, min: number, max?: number, why?: string): number {
    const v = this.integer(name, min, max, why);
    if (v === undefined) throw this.missing(name);
    return v;
  }

  /** A whole number >= min (and <= max when given, e.g. a limit from src/limits.ts). */
  integer(name: string, min: number, max?: number, why = 'the limit'): number | undefined {
    const v = this.number(name, { min });
    if (v !== undefined && max !== undefined && v > max) throw new InvalidArgumentError(`--${this.typedName(name)}`, this.values.get(name), `must be <= ${max} (${why})`);
    if (v !== undefined && !Number.isSafeInteger(v)) {
      const why = Number.isInteger(v) ? `must be <= ${Number.MAX_SAFE_INTEGER} (whole numbers are exact only up to 2^53 − 1)` : `must be a whole number${name === 'N' ? FRACTIONAL_N : ''}`;
      throw new InvalidArgumentError(`--${this.typedName(name)}`, this.values.get(name), why);
    }
    return v;
  }

  /** One of a fixed set of words. */
  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const v = this.values.get(name);
    if (v === undefined) return fallback;
    if (!(choices as readonly string[]).includes(v)) throw new InvalidArgumentError(`--${this.typedName(name)}`, v, `must be one of ${choices.join(', ')}${didYouMean(v, choices)}`);
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
 * a comma list `a,b,c`, or one number. With `integer` (training-set sizes, step counts), every
 * value the user typed — a list entry, LO and HI — must be a whole number (a fractional N is
 * refused, never rounded); only the interior points a grid generates are rounded to whole
 * numbers, and duplicates that rounding creates are dropped. Errors echo the text as typed.
 */
export function parseGrid(name: string, text: string, options: { integer?: boolean; min?: number; max?: number; why?: string } = {}): number[] {
  let values: number[];
  /** The text the user typed for each value (a list entry, or LO/HI of a grid), for errors. */
  let typed: (string | undefined)[];
  const parts = text.split(':');
  const wholeNumber = (label: string, part: string, v: number): void => {
    if (options.integer && !Number.isInteger(v)) throw new InvalidArgumentError(label, part.trim(), `must be a whole number${/^--[nN]$/.test(name) ? FRACTIONAL_N : ''}`);
  };
  if (parts.length === 3 || (parts.length === 4 && parts[0] === 'lin')) {
    const linear = parts.length === 4;
    const texts = linear ? parts.slice(1) : parts;
    const [lo, hi, count] = texts.map((p, i) => parseNumber(`${name} ${['LO', 'HI', 'COUNT'][i]}`, p));
    if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError(name, text, 'COUNT must be a whole number >= 1');
    if (count > LIMITS.gridPoints) throw new InvalidArgumentError(name, text, `COUNT must be <= ${LIMITS.gridPoints} (grid size limit)`);
    if (!linear && !(lo > 0 && hi > 0)) throw new InvalidArgumentError(name, text, 'a log grid needs LO > 0 and HI > 0 (use lin:LO:HI:COUNT)');
    wholeNumber(`${name} LO`, texts[0], lo);
    wholeNumber(`${name} HI`, texts[1], hi);
    values = [];
    typed = [];
    for (let i = 0; i < count; i++) {
      const f = count === 1 ? 0 : i / (count - 1);
      values.push(linear ? lo + (hi - lo) * f : lo * Math.pow(hi / lo, f));
      typed.push(i === 0 ? texts[0].trim() : i === count - 1 ? texts[1].trim() : undefined);
    }
  } else if (parts.length === 1) {
    const items = text.split(',');
    if (items.length > LIMITS.gridPoints) throw new InvalidArgumentError(name, `${items.length} values`, `a list may have at most ${LIMITS.gridPoints} (grid size limit)`);
    typed = items.map((p) => p.trim());
    values = items.map((p) => {
      const v = parseNumber(name, p);
      wholeNumber(name, p, v);
      return v === 0 && p.trim().startsWith('-') ? -0 : v; // keep a typed −0 for the size check below
    });
  } else {
    throw new InvalidArgumentError(name, text, 'expected LO:HI:COUNT, lin:LO:HI:COUNT or a comma list');
  }
  // The number itself when it prints as typed (`--N = 1`), else the typed text (`"1e0"`, `-0`).
  const shown = (i: number): string | number => {
    const t = typed[i];
    return t === undefined || Object.is(values[i], -0) || String(values[i]) === t ? values[i] : t;
  };
  if (options.min !== undefined) {
    // Checked before de-duplication (a Set turns −0 into 0, hiding what was typed).
    for (const [i, v] of values.entries()) {
      if (Object.is(v, -0) && options.integer) throw new InvalidArgumentError(name, shown(i), `must be >= ${options.min} (-0 is not a size)`);
      if (!((options.integer ? Math.round(v) : v) >= options.min)) throw new InvalidArgumentError(name, shown(i), `must be >= ${options.min}`);
    }
  }
  values = values.map((v) => v + 0); // −0 → 0
  if (options.integer) {
    for (const [i, v] of values.entries()) if (!(Math.round(v) <= Number.MAX_SAFE_INTEGER)) throw new InvalidArgumentError(name, shown(i), `must be <= ${Number.MAX_SAFE_INTEGER} (whole numbers are exact only up to 2^53 − 1)`);
    values = [...new Set(values.map((v) => Math.round(v)))];
    typed = [];
  }
  if (options.max !== undefined) {
    for (const [i, v] of values.entries()) if (!(v <= options.max)) throw new InvalidArgumentError(name, shown(i), `must be <= ${options.max}${options.why ? ` (${options.why})` : ''}`);
  }
  return values;
}
