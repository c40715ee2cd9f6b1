/**
 * Argument checks shared by every public entry point. Kept apart from the numerical kernels
 * (stdlib-js style): kernels assume valid input, entry points call these first.
 */
import { InvalidArgumentError } from './errors.js';

/** A finite number (not NaN, not ±Infinity). */
export function requireFinite(name: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new InvalidArgumentError(name, x, 'must be a finite number');
  }
  return x;
}

/** A finite number > 0. */
export function requirePositive(name: string, x: unknown): number {
  const v = requireFinite(name, x);
  if (!(v > 0)) throw new InvalidArgumentError(name, x, 'must be > 0');
  return v;
}

/** A finite number ≥ 0. */
export function requireNonNegative(name: string, x: unknown): number {
  const v = requireFinite(name, x);
  if (!(v >= 0)) throw new InvalidArgumentError(name, x, 'must be >= 0');
  return v;
}

/** An integer ≥ min (safe integer range). */
export function requireInteger(name: string, x: unknown, min: number): number {
  const v = requireFinite(name, x);
  if (!Number.isSafeInteger(v)) throw new InvalidArgumentError(name, x, 'must be an integer');
  if (v < min) throw new InvalidArgumentError(name, x, `must be >= ${min}`);
  return v;
}

/** A finite number in the open interval (lo, hi). */
export function requireOpenInterval(name: string, x: unknown, lo: number, hi: number): number {
  const v = requireFinite(name, x);
  if (!(v > lo && v < hi)) throw new InvalidArgumentError(name, x, `must lie in (${lo}, ${hi})`);
  return v;
}

/** A sample size n: a finite number ≥ 1 (non-integer n is allowed for the n-sample ensemble). */
export function requireSampleSize(name: string, x: unknown, min: number): number {
  const v = requireFinite(name, x);
  if (!(v >= min)) throw new InvalidArgumentError(name, x, `must be >= ${min}`);
  return v;
}

/** Decimal notation only (`12`, `-1.5e-3`, `.5`): what every parser of user text accepts as a number. */
export const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parse user text as a decimal number; NaN unless the whole (trimmed) text is one (no hex, binary, Infinity). */
export function parseDecimal(text: string): number {
  const t = text.trim();
  return DECIMAL_NUMBER.test(t) ? Number(t) : NaN;
}
