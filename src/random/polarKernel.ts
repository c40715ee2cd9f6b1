/**
 * The integer half of Random.fillNormal as a WebAssembly kernel: xoshiro256** steps on native
 * 64-bit integers (JavaScript must spell each 64-bit operation out on two 32-bit halves) and the
 * polar method's rejection loop, leaving for each accepted pair (u, v, s = u² + v²) in the
 * module's memory, and the polar transform's finish f = √(−2 ln s / s), u·f, v·f, two pairs per
 * f64x2 instruction, with the logarithm V8's Math.log computes, bit for bit (wasmLogBody.ts).
 *
 * Same numbers as the TypeScript generator, bit for bit: the integer steps are exact in both; the
 * uniform is (k + ½)·2⁻⁵² for the top 52 bits k (k converted exactly, as in random.ts), then
 * u = 2·that − 1, and s = u·u + v·v, the same IEEE operations in the same order; the rejection
 * test (s ≥ 1 or s = 0) is the same. test/random/polarKernel.test.ts checks streams against the
 * TypeScript path.
 */
import { F64, I32, I64, V128, body, f64x2Const, instantiate, moduleBytes, op, reserveDoubles, wasmEnabled, type WasmMemory } from '../linalg/wasmAssembler.js';
import { LOG_CONSTANTS, LOG_SCRATCH, emitLog, emitLogConstants } from './wasmLogBody.js';

interface Kernel {
  memory: WasmMemory;
  f64: Float64Array;
  i32: Int32Array;
  polar: (pairs: number, state: number, out: number) => void;
  finish: (pairs: number, triples: number, out: number) => void;
}
let kernel: Kernel | null | undefined;

function instance(): Kernel | null {
  if (kernel !== undefined) return kernel;
  const exports = instantiate(() =>
    moduleBytes([
      { name: 'polar', params: [I32, I32, I32], code: polarBody() },
      { name: 'finish', params: [I32, I32, I32], code: finishBody() },
    ]),
  );
  if (exports === null) return (kernel = null);
  const memory = exports.mem as WasmMemory;
  kernel = { memory, f64: new Float64Array(memory.buffer), i32: new Int32Array(memory.buffer), polar: exports.polar as Kernel['polar'], finish: exports.finish as Kernel['finish'] };
  return kernel;
}

/** Whether {@link polarPairs} runs (WebAssembly available and not switched off). */
export function polarKernelActive(): boolean {
  return wasmEnabled() && instance() !== null;
}

/**
 * Advance the xoshiro256** state `s` ([s0.hi, s0.lo, s1.hi, …] as in random.ts) through `pairs`
 * accepted polar pairs; returns the memory view and the offset (in doubles) of the triples
 * (u, v, s) — valid until the next call — or null when the kernel is unavailable (state untouched).
 */
export function polarPairs(s: Int32Array, pairs: number): { view: Float64Array; offset: number } | null {
  return run(s, pairs, 0);
}

/**
 * As {@link polarPairs}, finished: 2·pairs standard normals u·f, v·f (f = √(−2 ln s / s)) at the
 * returned offset, in pair order — exactly the numbers of Random's TypeScript loop.
 */
export function polarNormals(s: Int32Array, pairs: number): { view: Float64Array; offset: number } | null {
  const r = run(s, pairs, 2 * pairs);
  if (r === null) return null;
  const out = r.offset + 3 * pairs;
  kernel!.finish(pairs, r.offset * 8, out * 8);
  return { view: kernel!.f64, offset: out };
}

/**
 * The finish alone on given triples (u, v, s) — for tests that feed it arguments the stream
 * rarely produces (powers of two, values next to the logarithm's branch thresholds); null when
 * the kernel is unavailable.
 */
export function finishPolarTriples(triples: Float64Array): Float64Array | null {
  if (!wasmEnabled()) return null;
  const k = instance();
  if (k === null) return null;
  const pairs = Math.floor(triples.length / 3);
  const f = reserveDoubles(k.memory, k.f64, 5 * pairs);
  adopt(k, f);
  f.set(triples.subarray(0, 3 * pairs), 0);
  k.finish(pairs, 0, 3 * pairs * 8);
  return k.f64.slice(3 * pairs, 5 * pairs);
}

function adopt(k: Kernel, f: Float64Array): void {
  if (f !== k.f64) {
    k.f64 = f;
    k.i32 = new Int32Array(k.memory.buffer);
  }
}

function run(s: Int32Array, pairs: number, extra: number): { view: Float64Array; offset: number } | null {
  if (!wasmEnabled()) return null;
  const k = instance();
  if (k === null) return null;
  const offset = 4; // doubles 0..3: the four state words
  const f = reserveDoubles(k.memory, k.f64, offset + 3 * pairs + extra);
  adopt(k, f);
  const w = k.i32;
  // little-endian i64 at byte 8·t: low half first
  for (let t = 0; t < 4; t++) {
    w[2 * t] = s[2 * t + 1];
    w[2 * t + 1] = s[2 * t];
  }
  k.polar(pairs, 0, offset * 8);
  for (let t = 0; t < 4; t++) {
    s[2 * t] = w[2 * t + 1];
    s[2 * t + 1] = w[2 * t];
  }
  return { view: k.f64, offset };
}

/**
 * polar(pairs, S, O): state words s0..s3 as i64 at S; for each of `pairs` outputs:
 *   do { u = uniform'(); v = uniform'(); s = u·u + v·v } while (s ≥ 1 || s = 0);
 *   store (u, v, s) at O + 24p (the rejected attempts are written to the next slot and overwritten),
 * with uniform'() = 2·((k + ½)·2⁻⁵²) − 1, k = (xoshiro256** output) >> 12; the state is written back.
 */
function polarBody(): number[] {
  const [PAIRS, S, O] = [0, 1, 2];
  const [P, OP, ACC] = [3, 4, 5]; // i32
  const [S0, S1, S2, S3, X, T] = [6, 7, 8, 9, 10, 11]; // i64
  const [U, V, Q] = [12, 13, 14]; // f64
  const { e, done } = body();
  const uniform = (to: number) => {
    // x = rotl(s1·5, 7)·9
    e(op.get(S1), op.i64(5n), op.i64Mul, op.i64(7n), op.i64Rotl, op.i64(9n), op.i64Mul, op.set(X));
    // t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)
    e(op.get(S1), op.i64(17n), op.i64Shl, op.set(T));
    e(op.get(S2), op.get(S0), op.i64Xor, op.set(S2));
    e(op.get(S3), op.get(S1), op.i64Xor, op.set(S3));
    e(op.get(S1), op.get(S2), op.i64Xor, op.set(S1));
    e(op.get(S0), op.get(S3), op.i64Xor, op.set(S0));
    e(op.get(S2), op.get(T), op.i64Xor, op.set(S2));
    e(op.get(S3), op.i64(45n), op.i64Rotl, op.set(S3));
    // 2·((k + ½)·2⁻⁵²) − 1; k < 2⁵² is also a non-negative signed integer, and the signed
    // conversion is one instruction on x86-64 (the unsigned one needs a fix-up sequence)
    e(op.f64(2), op.get(X), op.i64(12n), op.i64ShrU, op.f64ConvertI64S, op.f64(0.5), op.f64Add, op.f64(2 ** -52), op.f64Mul, op.f64Mul, op.f64(1), op.f64Sub, op.set(to));
  };
  for (let t = 0; t < 4; t++) e(op.get(S), op.i64Load(8 * t), op.set(S0 + t));
  e(op.get(O), op.set(OP), op.i32(0), op.set(P));
  e(op.block, op.loop);
  e(op.get(P), op.get(PAIRS), op.geS, op.brIf(1));
  // One attempt per iteration, without a branch on its outcome (a rejection — 21% of attempts,
  // unpredictable — would mispredict): the triple is always stored in the next free slot, and
  // the slot advances only when accepted. The same uniforms are consumed either way.
  uniform(U);
  uniform(V);
  e(op.get(U), op.get(U), op.f64Mul, op.get(V), op.get(V), op.f64Mul, op.f64Add, op.set(Q));
  e(op.get(OP), op.get(U), op.f64StoreAt(0));
  e(op.get(OP), op.get(V), op.f64StoreAt(8));
  e(op.get(OP), op.get(Q), op.f64StoreAt(16));
  // accepted = !(s ≥ 1 || s = 0), i.e. 1 − (s ≥ 1 | s = 0)
  e(op.i32(1), op.get(Q), op.f64(1), op.f64Ge, op.get(Q), op.f64(0), op.f64Eq, op.or, op.sub, op.set(ACC));
  e(op.get(OP), op.get(ACC), op.i32(24), op.mul, op.add, op.set(OP));
  e(op.get(P), op.get(ACC), op.add, op.set(P));
  e(op.br(0), op.end, op.end);
  for (let t = 0; t < 4; t++) e(op.get(S), op.get(S0 + t), op.i64Store(8 * t));
  return done([[3, I32], [6, I64], [3, F64]]);
}

/**
 * finish(pairs, T, D): for each triple p (u, v, s at T + 24p), the normals u·f, v·f with
 * f = √((−2·ln s) / s) at D + 16p — the operations of random.ts's loop in that order, ln s as
 * Math.log computes it (emitLog). Four triples per iteration, in the lanes of two logarithms
 * computed side by side; past the end, lanes repeat the last triple and are not stored.
 */
function finishBody(): number[] {
  const [PAIRS, T, D] = [0, 1, 2];
  const [P, LAST] = [3, 4]; // i32
  const TQ = 5; // i32 × 4: the lanes' triple addresses
  const [X0, X1, MINUS2] = [9, 10, 11]; // v128
  const SCRATCH = 12;
  const CONSTANTS = SCRATCH + 2 * LOG_SCRATCH;
  const { e, done } = body();
  emitLogConstants(e, CONSTANTS);
  e(f64x2Const(-2), op.set(MINUS2));
  e(op.get(T), op.get(PAIRS), op.i32(1), op.sub, op.i32(24), op.mul, op.add, op.set(LAST));
  e(op.i32(0), op.set(P));
  e(op.block, op.loop);
  e(op.get(P), op.get(PAIRS), op.geS, op.brIf(1));
  // lane j's triple: p + j, or the last one past the end
  for (let j = 0; j < 4; j++) {
    e(op.get(T), op.get(P), op.i32(j), op.add, op.i32(24), op.mul, op.add, op.get(LAST));
    e(op.get(P), op.i32(j), op.add, op.get(PAIRS), op.ltS, op.select, op.set(TQ + j));
  }
  e(op.get(TQ), op.f64LoadAt(16), op.f64x2Splat, op.get(TQ + 1), op.f64LoadAt(16), op.f64x2Replace(1), op.set(X0));
  e(op.get(TQ + 2), op.f64LoadAt(16), op.f64x2Splat, op.get(TQ + 3), op.f64LoadAt(16), op.f64x2Replace(1), op.set(X1));
  emitLog(e, [{ x: X0, out: SCRATCH, scratch: SCRATCH }, { x: X1, out: SCRATCH + LOG_SCRATCH, scratch: SCRATCH + LOG_SCRATCH }], CONSTANTS);
  for (let h = 0; h < 2; h++) {
    const X = h === 0 ? X0 : X1;
    const G = SCRATCH + h * LOG_SCRATCH; // the logarithm, then f
    e(op.get(MINUS2), op.get(G), op.f64x2Mul, op.get(X), op.f64x2Div, op.f64x2Sqrt, op.set(G));
    for (let l = 0; l < 2; l++) {
      const j = 2 * h + l;
      if (j > 0) e(op.get(P), op.i32(j), op.add, op.get(PAIRS), op.ltS, op.if_);
      e(op.get(D), op.get(P), op.i32(16), op.mul, op.add, op.get(TQ + j), op.v128Load(0), op.get(G), op.f64x2Extract(l), op.f64x2Splat, op.f64x2Mul, op.v128Store(16 * j));
      if (j > 0) e(op.end);
    }
  }
  e(op.get(P), op.i32(4), op.add, op.set(P));
  e(op.br(0), op.end, op.end);
  return done([[6, I32], [3 + 2 * LOG_SCRATCH + LOG_CONSTANTS, V128]]);
}
