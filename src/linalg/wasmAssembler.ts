/**
 * The WebAssembly binary encoding used by the hand-assembled kernels (wasmKernels.ts and the
 * modules beside it in other folders): LEB128 integers, sections, and the instructions they use,
 * plus the switch that turns every WebAssembly kernel off (tests, benchmarks) and a guarded
 * instantiation (null where WebAssembly or SIMD is missing, so the TypeScript twins run).
 *
 * Encoding: WebAssembly core spec 2.0 §5 (binary format) and the SIMD proposal's opcode table
 * (prefix 0xfd).
 */

let enabled = true;

/** Use the WebAssembly kernels when available (default) or force the TypeScript ones everywhere. */
export function setWasmEnabled(on: boolean): void {
  enabled = on;
}

/** Whether WebAssembly kernels may run (the switch above; availability is each module's own). */
export function wasmEnabled(): boolean {
  return enabled;
}

/** The part of the WebAssembly JS API used here (the package's TypeScript libs carry no wasm types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** The exports of a module built from `bytes`, or null when WebAssembly (or SIMD) is unavailable. */
export function instantiate(bytes: () => Uint8Array): Record<string, unknown> | null {
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasm === undefined) return null;
    return new wasm.Instance(new wasm.Module(bytes()), {}).exports;
  } catch {
    return null;
  }
}

/** Make `memory` hold at least `doubles` Float64 values; returns a current view of it. */
export function reserveDoubles(memory: WasmMemory, view: Float64Array, doubles: number): Float64Array {
  const bytes = doubles * 8;
  if (memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
  return view.buffer === memory.buffer ? view : new Float64Array(memory.buffer);
}

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** Signed LEB128 of a 64-bit constant given as a bigint. */
function sleb64(n: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asIntN(64, n);
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

export const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
export const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
export const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];

export const I32 = 0x7f;
export const I64 = 0x7e;
export const F64 = 0x7c;
export const V128 = 0x7b;

const simd = (code: number, ...imm: number[]) => [0xfd, ...uleb(code), ...imm];

export const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  i64: (v: bigint) => [0x42, ...sleb64(v)],
  f64: (v: number) => {
    const b = new Uint8Array(new Float64Array([v]).buffer);
    return [0x44, ...Array.from(b)];
  },
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  and: [0x71],
  or: [0x72],
  geS: [0x4e],
  ltS: [0x48],
  eqz: [0x45],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if_: [0x04, 0x40],
  else_: [0x05],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  f64Load: [0x2b, 3, 0],
  f64LoadAt: (offset: number) => [0x2b, 3, ...uleb(offset)],
  f64Store: [0x39, 3, 0],
  f64StoreAt: (offset: number) => [0x39, 3, ...uleb(offset)],
  i64Load: (offset: number) => [0x29, 3, ...uleb(offset)],
  i64Store: (offset: number) => [0x37, 3, ...uleb(offset)],
  i64Xor: [0x85],
  i64Shl: [0x86],
  i64ShrU: [0x88],
  i64Rotl: [0x89],
  i64Mul: [0x7e],
  f64ConvertI64U: [0xba],
  f64ConvertI64S: [0xb9],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Mul: [0xa2],
  f64Div: [0xa3],
  f64Lt: [0x63],
  f64Ge: [0x66],
  f64Eq: [0x61],
  f64Abs: [0x99],
  shrS: [0x75],
  f64Sqrt: [0x9f],
  f64Max: [0xa5],
  f64Gt: [0x64],
  select: [0x1b],
  i32Load: (offset: number) => [0x28, 2, ...uleb(offset)],
  f64x2Abs: simd(0xec),
  f64x2Max: simd(0xf5),
  ne: [0x47],
  gtS: [0x4a],
  leS: [0x4c],
  f64x2Extract: (lane: number) => simd(0x21, lane),
  f64x2Replace: (lane: number) => simd(0x22, lane),
  v128Load: (offset: number) => simd(0x00, 4, ...uleb(offset)),
  v128Store: (offset: number) => simd(0x0b, 4, ...uleb(offset)),
  v128Load64Splat: (offset: number) => simd(0x0a, 3, ...uleb(offset)),
  v128Zero: simd(0x0c, ...new Array<number>(16).fill(0)),
  f64x2Splat: simd(0x14),
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
  f64x2Div: simd(0xf3),
  f64x2Sqrt: simd(0xef),
  f64x2Eq: simd(0x47),
  v128Const: (bytes: Uint8Array) => simd(0x0c, ...Array.from(bytes)),
  v128And: simd(0x4e),
  v128Or: simd(0x50),
  v128Xor: simd(0x51),
  v128Bitselect: simd(0x52),
  i64x2Shl: simd(0xcb),
  i64x2ShrS: simd(0xcc),
  i64x2ShrU: simd(0xcd),
  i64x2Add: simd(0xce),
  i64x2Sub: simd(0xd1),
  i64x2Eq: simd(0xd6),
  i64x2LtS: simd(0xd8),
  i64x2GtS: simd(0xd9),
};

/** A v128.const of two equal i64 lanes. */
export function i64x2Const(v: bigint): number[] {
  return op.v128Const(new Uint8Array(new BigInt64Array([v, v]).buffer));
}

/** A v128.const of two equal f64 lanes. */
export function f64x2Const(v: number): number[] {
  return op.v128Const(new Uint8Array(new Float64Array([v, v]).buffer));
}

/** A function body builder: push instruction byte lists, then finish with the local declarations. */
export function body(): { e: (...xs: number[][]) => void; done: (locals: [count: number, type: number][]) => number[] } {
  const b: number[] = [];
  return {
    e: (...xs) => {
      for (const x of xs) b.push(...x);
    },
    done: (locals) => [...vec(locals.map(([n, t]) => [...uleb(n), t])), ...b, ...op.end],
  };
}

/**
 * A module with one exported memory ('mem') and the given functions, each (params) → (results,
 * default none) of the given value types, exported under its name.
 */
export function moduleBytes(functions: { name: string; params: number[]; results?: number[]; code: number[] }[]): Uint8Array {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec(functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec((f.results ?? []).map((t) => [t]))]))),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(5, vec([[0, 1]])),
    ...section(7, vec([[...name('mem'), 2, 0], ...functions.map((f, i) => [...name(f.name), 0, ...uleb(i)])])),
    ...section(10, vec(functions.map((f) => [...uleb(f.code.length), ...f.code]))),
  ]);
}
