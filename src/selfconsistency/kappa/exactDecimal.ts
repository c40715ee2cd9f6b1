import type { Decimal } from 'decimal.js';

/**
 * The exact value of a double as a Decimal: x = m · 2^e with integer m, so the high-precision
 * reference sees the same binary input as the double-precision solver (new Decimal(0.1) would
 * use the shortest decimal string instead, a perturbation of up to ε that would blur the test).
 */
export function exactDecimal(D: typeof Decimal, x: number): Decimal {
  if (x === 0 || !Number.isFinite(x)) return new D(x);
  let e = 0;
  let m = Math.abs(x);
  while (!Number.isInteger(m)) {
    m *= 2;
    e--;
  }
  while (m > Number.MAX_SAFE_INTEGER) {
    m /= 2;
    e++;
  }
  const value = new D(m).times(new D(2).pow(e));
  return x < 0 ? value.neg() : value;
}
