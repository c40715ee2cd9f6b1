/**
 * The seed of sub-run `index` of a run seeded with `seed` (one per N of a curve, so adding N values
 * does not change the others): seed·1 000 003 + index while that is a safe integer — the formula
 * the curves have always used, so their results do not change — and the same value reduced
 * mod 2^53 (exactly, in BigInt arithmetic) beyond, so that every seed 0 … 2^53 − 1 works.
 *
 * @example
 * ```ts
 * deriveSeed(1, 0);   // 1000003 (a distinct integer seed per index)
 * ```
 */
export function deriveSeed(seed: number, index: number): number {
  const v = seed * 1_000_003 + index;
  if (Number.isSafeInteger(v)) return v;
  return Number((BigInt(seed) * 1_000_003n + BigInt(index)) % (1n << 53n));
}
