/**
 * The natural logarithm of two f64 lanes as WebAssembly SIMD instructions, bit for bit the value
 * V8's Math.log returns — so that a kernel using it leaves exactly the numbers of the TypeScript
 * code it replaces (the polar method's √(−2 ln s / s), polarKernel.ts).
 *
 * V8's Math.log is fdlibm's __ieee754_log (e_log.c, Sun Microsystems 1993; V8's
 * src/base/ieee754.cc), a fixed sequence of IEEE operations: write x = 2^k (1 + f) with
 * √2/2 < 1 + f < √2 (integer operations on the high word), then
 *   log x = k·ln2_hi + (f − (hfsq − (s·(hfsq + R) + k·ln2_lo))),   s = f/(2 + f), hfsq = f²/2,
 * with R(s²) a degree-14 even polynomial (Lg1 … Lg7), or the shorter f − s·(f − R) when f is
 * small, and a cubic when |f| < 2⁻²⁰. The scalar code branches on the size of f, on |f| < 2⁻²⁰
 * and on k = 0; here each branch is evaluated in both lanes and the lane's own one selected
 * (v128.bitselect), each with the same operations in the same order as the scalar code, so each
 * lane is that branch's value exactly (the k = 0 returns are the general ones' bits, see below). IEEE addition and multiplication are commutative
 * bit for bit, so operand order within one operation does not matter; grouping does, and is kept.
 *
 * That is V8's Math.log (Node, Chromium, Edge); an engine whose Math.log is another libm's (JSC)
 * gets fdlibm's values from this kernel and its own from the TypeScript fallback, so there the
 * two paths can differ in the last bit — within one engine and path every stream is still fixed.
 *
 * Domain: positive normal finite x (the polar method's s lies in (0, 1) and is at least 2⁻¹⁰⁴),
 * so fdlibm's subnormal, zero, negative, infinite and NaN cases are not needed. The integer k is
 * converted exactly as (bits of 1.5·2⁵² + k) − 1.5·2⁵² (|k| < 2⁵¹); the high word is positive, so
 * the logical shift serves for fdlibm's arithmetic one (SSE has no 64-bit arithmetic shift). test/random/polarKernel.test.ts
 * checks it against Math.log on random arguments, on powers of two, and next to every branch's
 * threshold.
 */
import { f64x2Const, i64x2Const, op } from '../linalg/wasmAssembler.js';


const LN2_HI = 6.93147180369123816490e-1; // 3fe62e42 fee00000: k·LN2_HI is exact for |k| < 2000
const LN2_LO = 1.90821492927058770002e-10; // 3dea39ef 35793c76
const LG = [6.666666666666735130e-1, 3.999999999940941908e-1, 2.857142874366239149e-1, 2.222219843214978396e-1, 1.818357216161805012e-1, 1.531383769920937332e-1, 1.479819860511658591e-1];

/**
 * The constants, each held in a v128 local set once before the caller's loop (emitLogConstants):
 * V8 builds a v128.const from immediates with several instructions at every use, a local is one
 * register or one stack load.
 */
const CONSTANTS: [kind: 'i64' | 'f64', value: number | bigint][] = [
  ['i64', 1023n], ['i64', 0xfffffn], ['i64', 0x95f64n], ['i64', 0x100000n], ['i64', 0x3ff00000n], ['i64', 0xffffffffn],
  ['i64', 0x4338000000000000n], ['i64', 0x6147an], ['i64', 0x6b851n], ['i64', 2n], ['i64', 3n],
  ['f64', 1], ['f64', 6755399441055744], ['f64', 2], ['f64', 0.5], ['f64', 0.33333333333333333], ['f64', LN2_HI], ['f64', LN2_LO],
  ...LG.map((v): ['f64', number] => ['f64', v]),
];

/** v128 locals per argument of emitLog (its scratch), and for the shared constants. */
export const LOG_SCRATCH = 13;
export const LOG_CONSTANTS = CONSTANTS.length;

/** Emit, before the loop: the constants into locals constants … constants + LOG_CONSTANTS − 1. */
export function emitLogConstants(e: (...xs: number[][]) => void, constants: number): void {
  CONSTANTS.forEach(([kind, v], i) => e(kind === 'i64' ? i64x2Const(v as bigint) : f64x2Const(v as number), op.set(constants + i)));
}

/**
 * Emit: local `out` = log(local `x`), lane by lane, for each argument, with LOG_SCRATCH v128
 * locals of its own from `scratch` on and the constants emitLogConstants has set. The arguments'
 * instructions are interleaved statement by statement: one logarithm is a long dependency chain
 * (a division, then the polynomial), and two independent chains side by side keep the FP units
 * busy where one alone leaves them waiting (1.45× the throughput, measured: 7.1 against 10.2 ns
 * per logarithm on this machine, where Math.log takes 14.9). x and out may be
 * the same local.
 */
export function emitLog(e: (...xs: number[][]) => void, args: { x: number; out: number; scratch: number }[], constants: number): void {
  const g = op.get;
  const at = (kind: 'i64' | 'f64', v: number | bigint) => {
    const i = CONSTANTS.findIndex(([k, x]) => k === kind && x === v);
    if (i < 0) throw new Error(`wasmLogBody: no constant ${String(v)}`);
    return g(constants + i);
  };
  const c = (v: number) => at('f64', v);
  const i64x2Const = (v: bigint) => at('i64', v);
  const sets = args.map(({ x, out, scratch }) => {
    const [B, HXM, K, I0, F, DK, S, Z, W, R, HF, MAIN, TINY] = Array.from({ length: LOG_SCRATCH }, (_, i) => scratch + i);
    return { X: x, OUT: out, B, HXM, K, I0, F, DK, S, Z, W, R, HF, MAIN, TINY };
  });
  type Regs = (typeof sets)[number];
  const each = (statement: (r: Regs) => number[][]) => {
    for (const r of sets) e(...statement(r));
  };
  // Every statement leaves the stack as it found it, so the arguments' statements can alternate.
  // high word, exponent, normalisation: x (or x/2) brought to [√2/2, √2), f = that − 1
  each((r) => [g(r.X), op.set(r.B)]);
  each((r) => [g(r.B), op.i32(32), op.i64x2ShrU, op.tee(r.HXM), op.i32(20), op.i64x2ShrU, i64x2Const(1023n), op.i64x2Sub, op.set(r.K)]);
  each((r) => [g(r.HXM), i64x2Const(0xfffffn), op.v128And, op.set(r.HXM)]);
  each((r) => [g(r.HXM), i64x2Const(0x95f64n), op.i64x2Add, i64x2Const(0x100000n), op.v128And, op.set(r.I0)]);
  each((r) => [g(r.HXM), g(r.I0), i64x2Const(0x3ff00000n), op.v128Xor, op.v128Or, op.i32(32), op.i64x2Shl, g(r.B), i64x2Const(0xffffffffn), op.v128And, op.v128Or, c(1), op.f64x2Sub, op.set(r.F)]);
  each((r) => [g(r.K), g(r.I0), op.i32(20), op.i64x2ShrU, op.i64x2Add, i64x2Const(0x4338000000000000n), op.i64x2Add, c(6755399441055744), op.f64x2Sub, op.set(r.DK)]);
  // main branch: s, z = s², w = z², R = t2 + t1
  each((r) => [g(r.F), c(2), g(r.F), op.f64x2Add, op.f64x2Div, op.set(r.S)]);
  each((r) => [g(r.S), g(r.S), op.f64x2Mul, op.set(r.Z)]);
  each((r) => [g(r.Z), g(r.Z), op.f64x2Mul, op.set(r.W)]);
  // t2 = z·(Lg1 + w·(Lg3 + w·(Lg5 + w·Lg7))), t1 = w·(Lg2 + w·(Lg4 + w·Lg6)), R = t2 + t1
  each((r) => [c(LG[0]), g(r.W), c(LG[2]), g(r.W), c(LG[4]), g(r.W), c(LG[6]), op.f64x2Mul, op.f64x2Add, op.f64x2Mul, op.f64x2Add, op.f64x2Mul, op.f64x2Add, g(r.Z), op.f64x2Mul, op.set(r.R)]);
  each((r) => [g(r.R), c(LG[1]), g(r.W), c(LG[3]), g(r.W), c(LG[5]), op.f64x2Mul, op.f64x2Add, op.f64x2Mul, op.f64x2Add, g(r.W), op.f64x2Mul, op.f64x2Add, op.set(r.R)]);
  each((r) => [c(0.5), g(r.F), op.f64x2Mul, g(r.F), op.f64x2Mul, op.set(r.HF)]); // hfsq = 0.5·f·f
  // i > 0 (hfsq form): dk·ln2_hi − ((hfsq − (s·(hfsq + R) + dk·ln2_lo)) − f); i ≤ 0: dk·ln2_hi − ((s·(f − R) − dk·ln2_lo) − f).
  // fdlibm returns f − (hfsq − s·(hfsq + R)) and f − s·(f − R) when k = 0: the same bits (dk = +0
  // makes both products +0, y + (+0) = y, and +0 − (y − f) = f − y exactly, rounding being
  // symmetric), so the k = 0 forms need no lanes of their own.
  each((r) => [g(r.DK), c(LN2_HI), op.f64x2Mul, g(r.HF), g(r.S), g(r.HF), g(r.R), op.f64x2Add, op.f64x2Mul, g(r.DK), c(LN2_LO), op.f64x2Mul, op.f64x2Add, op.f64x2Sub, g(r.F), op.f64x2Sub, op.f64x2Sub, op.set(r.MAIN)]);
  each((r) => [g(r.DK), c(LN2_HI), op.f64x2Mul, g(r.S), g(r.F), g(r.R), op.f64x2Sub, op.f64x2Mul, g(r.DK), c(LN2_LO), op.f64x2Mul, op.f64x2Sub, g(r.F), op.f64x2Sub, op.f64x2Sub, op.set(r.TINY)]);
  // i = (hx − 0x6147a) | (0x6b851 − hx) > 0 picks the hfsq form
  each((r) => [g(r.MAIN), g(r.TINY), g(r.HXM), i64x2Const(0x6147an), op.i64x2Sub, i64x2Const(0x6b851n), g(r.HXM), op.i64x2Sub, op.v128Or, op.v128Zero, op.i64x2GtS, op.v128Bitselect, op.set(r.MAIN)]);
  // |f| < 2⁻²⁰ ((2 + hx) & 0xfffff < 3): dk·ln2_hi − ((f·f·(0.5 − 0.33333333333333333·f) − dk·ln2_lo) − f),
  // and at f = 0: dk·ln2_hi + dk·ln2_lo (fdlibm's k = 0 returns, f − R and 0, are again the same bits)
  each((r) => [g(r.F), g(r.F), op.f64x2Mul, c(0.5), c(0.33333333333333333), g(r.F), op.f64x2Mul, op.f64x2Sub, op.f64x2Mul, op.set(r.R)]);
  each((r) => [g(r.DK), c(LN2_HI), op.f64x2Mul, op.set(r.TINY)]);
  each((r) => [g(r.TINY), g(r.DK), c(LN2_LO), op.f64x2Mul, op.f64x2Add, g(r.TINY), g(r.R), g(r.DK), c(LN2_LO), op.f64x2Mul, op.f64x2Sub, g(r.F), op.f64x2Sub, op.f64x2Sub, g(r.F), op.v128Zero, op.f64x2Eq, op.v128Bitselect, op.set(r.TINY)]);
  each((r) => [g(r.TINY), g(r.MAIN), g(r.HXM), i64x2Const(2n), op.i64x2Add, i64x2Const(0xfffffn), op.v128And, i64x2Const(3n), op.i64x2LtS, op.v128Bitselect, op.set(r.OUT)]);
}
