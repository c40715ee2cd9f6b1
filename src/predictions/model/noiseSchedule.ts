import { InvalidArgumentError } from '../../errors.js';
import { LIMITS } from '../../limits.js';
import { parseDecimal, requireInteger, requireOpenInterval } from '../../validate.js';

function requireSteps(T: number): number {
  if (T > LIMITS.scheduleSteps) throw new InvalidArgumentError('T', T, `must be <= ${LIMITS.scheduleSteps} (schedule steps limit)`);
  return T;
}

/** A discrete diffusion noise schedule (docs/theory.md §4): ᾱ_t for t = 1..T, with β_t. */
export interface NoiseSchedule {
  /** Human-readable description (e.g. `linear:T=1000,beta1=0.0001,betaT=0.02`). */
  readonly name: string;
  readonly T: number;
  /** β_t, t = 1..T (index t−1). */
  readonly beta: Float64Array;
  /** ᾱ_t = Π_{u≤t}(1 − β_u), strictly decreasing in (0, 1). */
  readonly alphaBar: Float64Array;
}

/**
 * Linear β_t from β_1 to β_T (Ho et al.: 1e-4 → 2e-2, T = 1000, the default).
 *
 * @example
 * ```ts
 * linearSchedule();                                  // T = 1000, β from 1e-4 to 0.02 (Ho et al.)
 * linearSchedule({ T: 100, beta1: 1e-3, betaT: 0.2 });
 * ```
 */
export function linearSchedule(options: { T?: number; beta1?: number; betaT?: number } = {}): NoiseSchedule {
  const T = requireSteps(requireInteger('T', options.T ?? 1000, 1));
  const b1 = requireOpenInterval('beta1', options.beta1 ?? 1e-4, 0, 1);
  const bT = requireOpenInterval('betaT', options.betaT ?? 2e-2, 0, 1);
  const beta = new Float64Array(T);
  for (let t = 0; t < T; t++) beta[t] = T === 1 ? b1 : b1 + ((bT - b1) * t) / (T - 1);
  for (const [name, b] of [['beta1', b1], ['betaT', bT]] as const) {
    if (1 - b === 1) throw new InvalidArgumentError(name, b, 'is too small: 1 − β rounds to 1, so ᾱ would not decrease (β must be > 1.2e-16)');
  }
  return fromBeta(`linear:T=${T},beta1=${b1},betaT=${bT}`, beta, 'betaT', bT);
}

/**
 * Cosine schedule (Nichol & Dhariwal 2021): ᾱ(t) = f(t)/f(0), f(t) = cos²(π/2 · (t/T + s)/(1 + s)),
 * s = 0.008, with β_t = 1 − ᾱ_t/ᾱ_{t−1} clipped to ≤ 0.999 as in their paper (otherwise ᾱ_T = 0).
 *
 * @example
 * ```ts
 * cosineSchedule({ T: 1000 });   // s = 0.008
 * ```
 */
export function cosineSchedule(options: { T?: number; s?: number } = {}): NoiseSchedule {
  const T = requireSteps(requireInteger('T', options.T ?? 1000, 1));
  const s = options.s ?? 0.008;
  if (!(s > 0) || !Number.isFinite(s)) throw new InvalidArgumentError('s', s, 'must be a finite number > 0');
  const f = (t: number) => Math.cos(((t / T + s) / (1 + s)) * (Math.PI / 2)) ** 2;
  const beta = new Float64Array(T);
  for (let t = 1; t <= T; t++) beta[t - 1] = Math.min(1 - f(t) / f(t - 1), 0.999);
  return fromBeta(`cosine:T=${T},s=${s}`, beta, 's', s);
}

/**
 * A schedule from an explicit list of ᾱ_t (strictly decreasing, each in (0, 1)).
 *
 * @example
 * ```ts
 * scheduleFromAlphaBar([0.9, 0.5, 0.1]);   // { name: 'custom', T: 3, beta: [0.1, ≈ 0.444, 0.8], alphaBar: [0.9, 0.5, 0.1] }
 * ```
 */
export function scheduleFromAlphaBar(alphaBar: ArrayLike<number>, name = 'custom'): NoiseSchedule {
  const T = alphaBar.length;
  if (T === 0) throw new InvalidArgumentError('alphaBar', [], 'needs at least one noise level');
  if (T > LIMITS.scheduleSteps) throw new InvalidArgumentError('alphaBar', `${T} values`, `a schedule may have at most ${LIMITS.scheduleSteps} steps (schedule steps limit)`);
  const ab = new Float64Array(T);
  const beta = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    const a = alphaBar[t];
    if (typeof a !== 'number' || !(a > 0 && a < 1)) throw new InvalidArgumentError(`alphaBar[${t}]`, a, 'must lie in (0, 1)');
    if (a < LIMITS.abarMin) throw new InvalidArgumentError(`alphaBar[${t}]`, a, `must be >= ${LIMITS.abarMin} (the smallest noise level ᾱ the theory represents in doubles)`);
    if (t > 0 && !(a < ab[t - 1])) throw new InvalidArgumentError(`alphaBar[${t}]`, a, `must be < alphaBar[${t - 1}] = ${ab[t - 1]} (decreasing)`);
    ab[t] = a;
    beta[t] = t === 0 ? 1 - a : 1 - a / ab[t - 1];
  }
  return { name, T, beta, alphaBar: ab };
}

function fromBeta(name: string, beta: Float64Array, blame: string, blameValue: number): NoiseSchedule {
  const ab = new Float64Array(beta.length);
  let prod = 1;
  for (let t = 0; t < beta.length; t++) {
    prod *= 1 - beta[t];
    ab[t] = prod;
    if (!(prod >= LIMITS.abarMin)) {
      throw new InvalidArgumentError(blame, blameValue, `makes ᾱ_${t + 1} = ${prod} fall below ${LIMITS.abarMin}, the smallest noise level the theory represents in doubles (use fewer steps or smaller β)`);
    }
    if (t > 0 && !(prod < ab[t - 1])) throw new InvalidArgumentError(blame, blameValue, `makes ᾱ stop decreasing at step ${t + 1} (β_t = ${beta[t]} is below double resolution)`);
  }
  return scheduleFromAlphaBar(ab, name);
}

/**
 * Parse `linear:T=1000,beta1=1e-4,betaT=0.02`, `cosine:T=1000[,s=0.008]`, or `list:0.99,0.98,...`.
 *
 * @example
 * ```ts
 * parseSchedule('linear').T;   // 1000 (name 'linear:T=1000,beta1=0.0001,betaT=0.02')
 * ```
 */
export function parseSchedule(spec: string): NoiseSchedule {
  const colon = spec.indexOf(':');
  const kind = (colon < 0 ? spec : spec.slice(0, colon)).trim().toLowerCase();
  const body = colon < 0 ? '' : spec.slice(colon + 1);
  if (kind === 'list') {
    const items = body.split(',');
    if (items.length > LIMITS.scheduleSteps) throw new InvalidArgumentError('schedule list', `${items.length} values`, `a schedule may have at most ${LIMITS.scheduleSteps} steps (schedule steps limit)`);
    const values = items.map((x, i) => {
      const v = parseDecimal(x);
      if (!Number.isFinite(v)) throw new InvalidArgumentError(`schedule list value ${i + 1}`, x.trim(), 'must be a finite decimal number');
      return v;
    });
    return renamed('schedule list ', () => scheduleFromAlphaBar(values, 'list'));
  }
  const params: Record<string, number> = {};
  for (const part of body.split(',').filter((p) => p.trim() !== '')) {
    if (!part.includes('=')) throw new InvalidArgumentError('schedule', spec, `"${part.trim()}" is not key=value`);
    const [k, v] = part.split('=').map((x) => x.trim());
    const num = parseDecimal(v ?? '');
    if (v === undefined || v === '' || !Number.isFinite(num)) throw new InvalidArgumentError(`schedule ${k}`, v, 'must be a finite decimal number');
    if (params[k] !== undefined) throw new InvalidArgumentError(`schedule ${k}`, v, 'given twice');
    params[k] = num;
  }
  const allowed = kind === 'linear' ? ['T', 'beta1', 'betaT'] : kind === 'cosine' ? ['T', 's'] : null;
  if (allowed === null) throw new InvalidArgumentError('schedule', spec, 'expected linear:T=..,beta1=..,betaT=.. | cosine:T=..[,s=..] | list:a1,a2,...');
  for (const k of Object.keys(params)) if (!allowed.includes(k)) throw new InvalidArgumentError(`schedule key ${k}`, params[k], `not allowed for ${kind} (${allowed.join(', ')})`);
  return renamed('schedule ', () => (kind === 'linear' ? linearSchedule(params) : cosineSchedule(params)));
}

/** Prefix a constructor's argument name with what the user typed (`schedule T`). */
function renamed(prefix: string, make: () => NoiseSchedule): NoiseSchedule {
  try {
    return make();
  } catch (e) {
    if (e instanceof InvalidArgumentError && !e.argument.startsWith('schedule')) throw new InvalidArgumentError(prefix + e.argument, e.value, e.reason);
    throw e;
  }
}
