/**
 * A WebAssembly SIMD version of the 4 × 4 dot-product tile kernel of gram.ts, assembled here
 * from its instructions at first use (no binary blob, no build step), with the pure TypeScript
 * kernels as the fallback wherever WebAssembly SIMD is missing.
 *
 * What it computes: for 4 × 4 tiles of C, c_ij += Σ_k a_ik b_jk with the sum accumulated from 0
 * in increasing k, one multiply and one add per term (no fused multiply-add), each f64x2 lane
 * carrying one output element. That is exactly the arithmetic of the TypeScript tiles, so the
 * two paths give bit-identical results (test/linalg/wasmKernels.test.ts checks it) and nothing
 * downstream depends on which one ran. It is 3–4× faster in V8 (two lanes per instruction, no
 * bounds checks, all 16 vector registers): ≈ 9 G multiply-adds/s against ≈ 2.2 for the
 * TypeScript tile on this machine's cores.
 *
 * Data go through the module's own memory: A's rows are copied in, B is packed in panels of four
 * rows interleaved by k (panel p holds b_{4p+t, k} at position 4k + t, so one 16-byte load gives
 * two adjacent outputs' operands), C is copied in (or zeroed: adding to +0 returns the sum
 * unchanged, because a sum that starts at +0 is never −0), and copied back. The copies are
 * O(MK + NK + MN) against the O(MNK) product, so small products stay in TypeScript.
 *
 * Instruction encoding: wasmAssembler.ts (WebAssembly core spec 2.0 §5 and the SIMD opcodes).
 */

import { colsumBody, centrepackBody, mirrorBody } from './wasmCovarianceBodies.js';
import { sweep2Body } from './wasmSweepBody.js';
import { gemvNBody, gemvTBody, symv2Body } from './wasmSymvBody.js';
import { F64, I32, V128, instantiate, moduleBytes, op, setWasmEnabled, uleb, vec, wasmEnabled, type WasmMemory } from './wasmAssembler.js';

/** Products with fewer multiply-adds than this stay in TypeScript (copy overhead). */
const MIN_WORK = 1 << 14;

interface Kernels {
  memory: WasmMemory;
  f64: Float64Array;
  cross4: (M4: number, N4: number, K: number, pa: number, lda8: number, pbp: number, pc: number, ldc8: number, astep8: number) => void;
  sweep2: (n: number, c: number, k: number, w: number, p: number, q: number) => void;
  symv2: (n: number, c: number, w: number, x: number, y: number) => void;
  gemvN: (m: number, l: number, a: number, s: number, h: number, y: number) => void;
  gemvT: (m: number, l: number, a: number, s: number, x: number, g: number) => void;
  colsum: (count: number, d4: number, x: number, s: number, ld8: number) => void;
  centrepack: (count: number, d4: number, x: number, m: number, o: number, ld8: number, ps: number) => void;
  mirror: (d4: number, d: number, c: number, o: number, scale: number) => void;
}

let kernels: Kernels | null | undefined;

/**
 * Use the WebAssembly kernels when available (default) or force the TypeScript ones (tests,
 * benchmarks) — all of them, including the modules of other folders built with wasmAssembler.ts.
 */
export function setWasmKernels(on: boolean): void {
  setWasmEnabled(on);
}

/** Whether the WebAssembly SIMD kernels are in use. */
export function wasmKernelsActive(): boolean {
  return wasmEnabled() && instance() !== null;
}

function instance(): Kernels | null {
  if (kernels !== undefined) return kernels;
  kernels = null;
  const exports = instantiate(kernelModule); // null: no WebAssembly or no SIMD, the TypeScript kernels do the work
  if (exports === null) return null;
  const memory = exports.mem as WasmMemory;
  kernels = { memory, f64: new Float64Array(memory.buffer), cross4: exports.cross4 as Kernels['cross4'], sweep2: exports.sweep2 as Kernels['sweep2'], symv2: exports.symv2 as Kernels['symv2'], gemvN: exports.gemvN as Kernels['gemvN'], gemvT: exports.gemvT as Kernels['gemvT'], colsum: exports.colsum as Kernels['colsum'], centrepack: exports.centrepack as Kernels['centrepack'], mirror: exports.mirror as Kernels['mirror'] };
  return kernels;
}

/** Make the memory hold at least `doubles` Float64 values; returns the (possibly new) view. */
function reserve(k: Kernels, doubles: number): Float64Array {
  const bytes = doubles * 8;
  if (k.memory.buffer.byteLength < bytes) {
    k.memory.grow(Math.ceil((bytes - k.memory.buffer.byteLength) / 65536));
    k.f64 = new Float64Array(k.memory.buffer);
  }
  if (k.f64.buffer !== k.memory.buffer) k.f64 = new Float64Array(k.memory.buffer);
  return k.f64;
}

/** A matrix kept packed in the module's memory between calls (crossWithResidentPanels); scratch starts after it. */
let resident: { src: Float64Array; rows: number; cols: number; doubles: number } | null = null;

function packPanels(f: Float64Array, pb: number, N4: number, K: number, b: Float64Array, ob: number, ldb: number): void {
  for (let j0 = 0; j0 < N4; j0 += 4) {
    const r0 = ob + j0 * ldb, r1 = r0 + ldb, r2 = r1 + ldb, r3 = r2 + ldb;
    let o = pb + j0 * K;
    for (let t = 0; t < K; t++, o += 4) {
      f[o] = b[r0 + t];
      f[o + 1] = b[r1 + t];
      f[o + 2] = b[r2 + t];
      f[o + 3] = b[r3 + t];
    }
  }
}

/**
 * The common start of crossTilesWasm and crossGatheredWasm: null when the WebAssembly path is off,
 * unavailable or not worth it; otherwise the module's memory reserved for A (Mp × K), B's panels
 * (Np × K) and C (Mp × Np) after any resident panels, with A's M rows copied in and its padding
 * rows zeroed.
 */
function stageRows(M: number, N: number, K: number, a: Float64Array, oa: number, lda: number) {
  if (!wasmEnabled() || M < 4 || N < 4 || M * N * K < MIN_WORK) return null;
  const k = instance();
  if (k === null) return null;
  const Mp = (M + 3) & ~3;
  const Np = (N + 3) & ~3;
  const N4 = N & ~3;
  const pa = resident === null ? 0 : resident.doubles;
  const pb = pa + Mp * K;
  const pc = pb + Np * K;
  const f = reserve(k, pc + Mp * Np);
  if (lda === K) f.set(a.subarray(oa, oa + M * K), pa);
  else for (let i = 0; i < M; i++) f.set(a.subarray(oa + i * lda, oa + i * lda + K), pa + i * K);
  f.fill(0, pa + M * K, pa + Mp * K);
  return { k, f, Mp, Np, N4, pa, pb, pc };
}

/**
 * The whole of crossProductKernel (gram.ts) on the tiles: A's M rows copied in (padded with
 * zero rows to a multiple of 4), B packed in panels of four rows (the last one padded with zero
 * rows), C computed into an Mp × Np block — copied in first when accumulating, else zeroed —
 * and its M × N part copied back. Every valid entry is the plain dot product from +0 in k order,
 * added to C (or to +0, which gives it unchanged: such a sum is never −0), as in the TypeScript
 * tiles; the padding only produces entries that are dropped. Returns false (having done
 * nothing) when the WebAssembly path is off, unavailable or not worth it.
 */
export function crossTilesWasm(
  M: number, N: number, K: number,
  a: Float64Array, oa: number, lda: number,
  b: Float64Array, ob: number, ldb: number,
  c: Float64Array, oc: number, ldc: number,
  accumulate: boolean,
): boolean {
  const st = stageRows(M, N, K, a, oa, lda);
  if (st === null) return false;
  const { k, f, Mp, Np, N4, pa, pb, pc } = st;
  packPanels(f, pb, N4, K, b, ob, ldb);
  if (Np > N4) {
    const pp = pb + N4 * K;
    for (let t = 0; t < K; t++) for (let u = 0; u < 4; u++) f[pp + 4 * t + u] = N4 + u < N ? b[ob + (N4 + u) * ldb + t] : 0;
  }
  if (accumulate) {
    f.fill(0, pc, pc + Mp * Np);
    for (let i = 0; i < M; i++) f.set(c.subarray(oc + i * ldc, oc + i * ldc + N), pc + i * Np);
  } else f.fill(0, pc, pc + Mp * Np);
  k.cross4(Mp, Np, K, pa * 8, K * 8, pb * 8, pc * 8, Np * 8, 8);
  if (ldc === N && Np === N) c.set(f.subarray(pc, pc + M * N), oc);
  else for (let i = 0; i < M; i++) c.set(f.subarray(pc + i * Np, pc + i * Np + N), oc + i * ldc);
  return true;
}

/**
 * crossProductKernel with B taken from rows of `z` instead of an explicit transpose:
 *   c[oc + i·ldc + j] = Σ_{p<K} a[oa + i·lda + p] · z[rowOff[p] + col0 + j]   (i < M, j < N),
 * overwriting C — the divide-and-conquer merge's product of the secular eigenvectors with the
 * old eigenvector rows, whose transposed copy this saves. The panels are packed straight from the
 * rows (B's missing columns and A's missing rows zero), then the same tiles and the same dot
 * products as crossTilesWasm: the bits of crossProductKernel on the transposed operand.
 * Returns false (nothing written) when the WebAssembly path is off, unavailable or not worth it.
 */
export function crossGatheredWasm(
  M: number, N: number, K: number,
  a: Float64Array, oa: number, lda: number,
  z: Float64Array, rowOff: Int32Array, col0: number,
  c: Float64Array, oc: number, ldc: number,
): boolean {
  const st = stageRows(M, N, K, a, oa, lda);
  if (st === null) return false;
  const { k, f, Mp, Np, N4, pa, pb, pc } = st;
  // panel q (columns 4q … 4q + 3) holds B[4q + t][p] = z[rowOff[p] + col0 + 4q + t] at 4p + t
  for (let p = 0; p < K; p++) {
    const r = rowOff[p] + col0;
    let o = pb + 4 * p;
    for (let j0 = 0; j0 < N4; j0 += 4, o += 4 * K) {
      f[o] = z[r + j0];
      f[o + 1] = z[r + j0 + 1];
      f[o + 2] = z[r + j0 + 2];
      f[o + 3] = z[r + j0 + 3];
    }
    if (Np > N4) for (let t = 0; t < 4; t++) f[o + t] = N4 + t < N ? z[r + N4 + t] : 0;
  }
  f.fill(0, pc, pc + Mp * Np);
  k.cross4(Mp, Np, K, pa * 8, K * 8, pb * 8, pc * 8, Np * 8, 8);
  for (let i = 0; i < M; i++) c.set(f.subarray(pc + i * Np, pc + i * Np + N), oc + i * ldc);
  return true;
}

/**
 * Dot products of rows of `a` (M4 of them from offset oa, stride lda) with rows [c0, c0 + N4)
 * of a large read-only matrix `src` (rows × cols, row-major; c0 and N4 multiples of 4): the same
 * tiles as crossTilesWasm, but `src` is packed into the module's memory once and kept there
 * while the same array object is passed again (the transition metric's original set: 10⁴ points
 * against every law and every strip of itself), and the result is left in place: element (i, j)
 * is view[offset + i·N4 + j], valid until the next call into this module. `reuse` says that
 * `src` is unchanged since the previous call that passed it (the caller guarantees it: an
 * original set is never modified); with reuse = false it is packed again. Returns null when the
 * WebAssembly path is off or unavailable.
 */
export function crossWithResidentPanels(
  src: Float64Array, rows: number, cols: number,
  a: Float64Array, oa: number, lda: number, M4: number,
  c0: number, N4: number,
  reuse: boolean,
): { view: Float64Array; offset: number } | null {
  if (!wasmEnabled()) return null;
  const k = instance();
  if (k === null) return null;
  const rows4 = rows & ~3;
  if (!reuse || resident === null || resident.src !== src || resident.rows !== rows || resident.cols !== cols) {
    resident = null;
    packPanels(reserve(k, rows4 * cols), 0, rows4, cols, src, 0, cols);
    resident = { src, rows, cols, doubles: rows4 * cols };
  }
  const pa = resident.doubles;
  const pc = pa + M4 * cols;
  const f = reserve(k, pc + M4 * N4);
  for (let i = 0; i < M4; i++) f.set(a.subarray(oa + i * lda, oa + i * lda + cols), pa + i * cols);
  f.fill(0, pc, pc + M4 * N4);
  k.cross4(M4, N4, cols, pa * 8, cols * 8, c0 * cols * 8, pc * 8, N4 * 8, 8);
  return { view: f, offset: pc };
}

/**
 * Scratch space in the module's memory for kernels that keep their operands there across many
 * products (no copies in and out per product): `alloc` hands out regions (offsets in doubles)
 * after the resident matrix, `view` is the memory (re-read it after the last alloc: growing the
 * memory replaces it), and `cross` runs crossProductKernel's arithmetic on regions of it.
 * One arena is live at a time; the next wasmArena() call starts over.
 */
export interface WasmArena {
  view: Float64Array;
  alloc(doubles: number): number;
  /**
   * mem[oc + i·ldc + j] (+)= Σ_k mem[oa + i·lda + k] · b[ob + j·ldb + k] for i < M, j < N, with
   * B's rows taken from any array (packed into the arena first). Bit-identical to
   * crossProductKernel on the same numbers. With `transposedB`, B is given by its transpose:
   * B[j][k] = b[ob + k·ldb + j] (packed the same way, so the same products).
   */
  cross(M: number, N: number, K: number, oa: number, lda: number, b: Float64Array, ob: number, ldb: number, oc: number, ldc: number, accumulate: boolean, transposedB?: boolean): void;
  /** tridiagonalize.ts's pair sweep for step k on the n × n matrix at offset ow, vectors p, q at op, oq. */
  sweep(n: number, c: number, k: number, ow: number, op: number, oq: number): void;
  /** blockedTridiagonalize.ts's pair symv: y += A[c:, c:]·x from the lower triangle of the n × n matrix at ow, x_j at ox + j, y_j at oy + j. */
  symv(n: number, c: number, ow: number, ox: number, oy: number): void;
  /** y_i −= Σ_{u<L} mem[oa + i·lda + u]·mem[oh + u] (i < M, y_i = mem[oy + i]): wasmSymvBody.ts gemvN. */
  gemvN(M: number, L: number, oa: number, lda: number, oh: number, oy: number): void;
  /** g_u += Σ_{i<M} mem[oa + i·lda + u]·mem[ox + i] (u < L, g_u = mem[og + u]): wasmSymvBody.ts gemvT. */
  gemvT(M: number, L: number, oa: number, lda: number, ox: number, og: number): void;
  /** cross4 on the arena: mem[oc + i·ldc + j] += Σ_{t<K} mem[oa + i·lda + t]·(panels at opanel)[j][t], i < M4, j < N4 (multiples of 4). */
  tiles(M4: number, N4: number, K: number, oa: number, lda: number, opanel: number, oc: number, ldc: number): void;
  /**
   * Pack rows [0, rows4) (rows4 a multiple of 4) of the row-major `b` (leading dimension ldb) in
   * panels of four rows interleaved by k, K entries each, at offset `at` (panel p at at + 4pK).
   */
  pack(b: Float64Array, ob: number, ldb: number, rows4: number, K: number, at: number): void;
  /**
   * One 4 × 4 tile: mem[oc + i·ldc + j] += Σ_{t<K} mem[oa + i·lda + t] · (panel at `opanel`)[j][t]
   * (i, j < 4), the sums from +0 in t order: crossProductKernel's dot products for that tile.
   */
  tile(K: number, oa: number, lda: number, opanel: number, oc: number, ldc: number): void;
}

/** A fresh arena, or null when the WebAssembly path is off or unavailable. */
export function wasmArena(): WasmArena | null {
  if (!wasmEnabled()) return null;
  const k = instance();
  if (k === null) return null;
  let top = resident === null ? 0 : resident.doubles;
  let packed = -1;
  let packedSize = 0;
  const arena: WasmArena = {
    view: reserve(k, top),
    alloc(doubles: number): number {
      const at = top;
      top += doubles;
      arena.view = reserve(k, top);
      return at;
    },
    cross(M, N, K, oa, lda, b, ob, ldb, oc, ldc, accumulate, transposedB = false) {
      // B[j][t] lives at b[ob + j·sj + t·st]
      const sj = transposedB ? 1 : ldb;
      const st = transposedB ? ldb : 1;
      const M4 = M & ~3;
      const N4 = N & ~3;
      const Np = (N + 3) & ~3; // with the partial panel (its missing rows zero)
      const f = arena.view;
      if (!accumulate) {
        if (ldc === N) f.fill(0, oc, oc + M * N);
        else for (let i = 0; i < M; i++) f.fill(0, oc + i * ldc, oc + i * ldc + N);
      }
      if (M4 > 0 && K > 0) {
        if (packedSize < Np * K + 4 * M4) {
          packed = arena.alloc(Np * K + 4 * M4);
          packedSize = Np * K + 4 * M4;
        }
        const g = arena.view;
        if (!transposedB) packPanels(g, packed, N4, K, b, ob, ldb);
        else {
          for (let t = 0; t < K; t++) {
            const r = ob + t * ldb;
            let o = packed + 4 * t;
            for (let j0 = 0; j0 < N4; j0 += 4, o += 4 * K) {
              g[o] = b[r + j0];
              g[o + 1] = b[r + j0 + 1];
              g[o + 2] = b[r + j0 + 2];
              g[o + 3] = b[r + j0 + 3];
            }
          }
        }
        if (N4 > 0) k.cross4(M4, N4, K, oa * 8, lda * 8, packed * 8, oc * 8, ldc * 8, 8);
        if (Np > N4) {
          // Columns N4..N−1 of rows < M4: the tile on a panel padded with zero rows, into a
          // zeroed M4 × 4 scratch, then added to C. Each valid lane is the same dot product
          // (from +0, in k order) as the TypeScript edge, and C + s is what both paths add.
          const pp = packed + N4 * K;
          for (let t = 0; t < K; t++) for (let u = 0; u < 4; u++) g[pp + 4 * t + u] = N4 + u < N ? b[ob + (N4 + u) * sj + t * st] : 0;
          const sc = packed + Np * K;
          g.fill(0, sc, sc + 4 * M4);
          k.cross4(M4, 4, K, oa * 8, lda * 8, pp * 8, sc * 8, 32, 8);
          for (let i = 0; i < M4; i++) for (let j = N4; j < N; j++) g[oc + i * ldc + j] += g[sc + 4 * i + (j - N4)];
        }
      }
      const g = arena.view;
      // Rows ≥ M4 in TypeScript, the same dot products.
      for (let i = M4; i < M; i++) {
        for (let j = 0; j < N; j++) {
          let s = 0;
          const ai = oa + i * lda;
          const bj = ob + j * sj;
          for (let t = 0; t < K; t++) s += g[ai + t] * b[bj + t * st];
          g[oc + i * ldc + j] += s;
        }
      }
    },
    sweep(n, c, kk, ow, op, oq) {
      k.sweep2(n, c, kk, ow * 8, op * 8, oq * 8);
    },
    // the blocked tridiagonalisation's kernels (offsets in doubles → bytes)
    symv: (n, c, ow, ox, oy) => k.symv2(n, c, ow * 8, ox * 8, oy * 8),
    gemvN: (M, L, oa, lda, oh, oy) => k.gemvN(M, L, oa * 8, lda * 8, oh * 8, oy * 8),
    gemvT: (M, L, oa, lda, ox, og) => k.gemvT(M, L, oa * 8, lda * 8, ox * 8, og * 8),
    tiles: (M4, N4, K, oa, lda, opanel, oc, ldc) => {
      if (M4 > 0 && N4 > 0) k.cross4(M4, N4, K, oa * 8, lda * 8, opanel * 8, oc * 8, ldc * 8, 8);
    },
    pack(b, ob, ldb, rows4, K, at) {
      packPanels(arena.view, at, rows4, K, b, ob, ldb);
    },
    tile(K, oa, lda, opanel, oc, ldc) {
      k.cross4(4, 4, K, oa * 8, lda * 8, opanel * 8, oc * 8, ldc * 8, 8);
    },
  };
  return arena;
}

/**
 * The empirical mean and out (d × d, row-major) = scale · Xcᵀ Xc for the count × d row-major
 * matrix x, centred by that mean when `centre` (else not centred) — Σ̂ of sampleCovarianceKernel —
 * entirely in the module. `mean` (zeroed on entry) receives Σ_r x_r in row order times 1/count
 * (scale), column sums in f64x2 lanes, each column's own sequential sum. Xc is packed once into
 * panels of four columns (panel p holds Xc[k][4p .. 4p + 3] at 4k), each panel then serves as the
 * A operand (element stride 32 bytes) against itself and the later panels, so only the upper
 * tiles are computed. Each entry is the plain dot product summed over the samples in order, then
 * multiplied by scale, and mirrored: bit-identical to gramKernel on the centred transpose.
 * Returns false (nothing written) when the WebAssembly path is off or unavailable.
 */
export function centredGramWasm(x: Float64Array, count: number, d: number, centre: boolean, scale: number, out: Float64Array, mean: Float64Array): boolean {
  const arena = wasmArena();
  const k = instance();
  if (arena === null || k === null || d < 8) return false;
  const d4 = d & ~3;
  // x goes through the module in blocks of rows (a copy of all of it would double the memory
  // for large samples): column sums block after block (each column's sum continues in row
  // order), then, with the mean known, each block packed into its rows of the panels.
  const rows = Math.max(1, Math.min(count, Math.floor(262144 / d)));
  const ox = arena.alloc(rows * d);
  const om = arena.alloc(d);
  const pb = arena.alloc(d4 * count);
  const oc = arena.alloc(d4 * d4);
  const f = arena.view;
  f.fill(0, om, om + d);
  for (let r0 = 0; r0 < count; r0 += rows) {
    const rb = Math.min(rows, count - r0);
    f.set(x.subarray(r0 * d, (r0 + rb) * d), ox);
    k.colsum(rb, d4, ox * 8, om * 8, d * 8);
  }
  for (let j = 0; j < d4; j++) mean[j] = f[om + j];
  for (let r = 0; r < count; r++) for (let j = d4; j < d; j++) mean[j] += x[r * d + j];
  for (let j = 0; j < d; j++) mean[j] *= scale;
  if (centre) for (let j = 0; j < d4; j++) f[om + j] = mean[j];
  else f.fill(0, om, om + d4); // x − 0 = x exactly, as the uncentred TypeScript path takes it
  for (let r0 = 0; r0 < count; r0 += rows) {
    const rb = Math.min(rows, count - r0);
    if (rows < count) f.set(x.subarray(r0 * d, (r0 + rb) * d), ox); // (one block: still there)
    k.centrepack(rb, d4, ox * 8, om * 8, (pb + 4 * r0) * 8, d * 8, count * 32);
  }
  f.fill(0, oc, oc + d4 * d4);
  for (let p = 0; p < d4; p += 4) {
    const a = (pb + p * count) * 8;
    k.cross4(4, d4 - p, count, a, 8, a, (oc + p * d4 + p) * 8, d4 * 8, 32);
  }
  // scaled and mirrored into a d × d block in the module (columns ≥ d4 written below), copied out
  const oo = arena.alloc(d * d);
  k.mirror(d4, d, oc * 8, oo * 8, scale);
  const g = arena.view;
  if (d4 === d) out.set(g.subarray(oo, oo + d * d));
  else for (let i = 0; i < d4; i++) out.set(g.subarray(oo + i * d, oo + i * d + d4), i * d);
  // Columns ≥ d4 (d % 4 of them): plain dot products of the centred columns, in sample order.
  for (let j = d4; j < d; j++) {
    const mj = centre ? mean[j] : 0;
    for (let i = 0; i <= j; i++) {
      const mi = centre ? mean[i] : 0;
      let s = 0;
      for (let r = 0; r < count; r++) s += (x[r * d + i] - mi) * (x[r * d + j] - mj);
      const v = s * scale;
      out[i * d + j] = v;
      out[j * d + i] = v;
    }
  }
  return true;
}

// ---- the module, assembled -------------------------------------------------------------------


/**
 * cross4(M4, N4, K, pa, lda8, pbp, pc, ldc8, astep8), all i32, addresses and strides in bytes
 * (astep8: from a_ik to a_i,k+1 — 8 for row-major A, 32 when A is itself a packed panel):
 *   for i0 = 0, 4, … < M4; for j0 = 0, 4, … < N4:
 *     s[r][h] = 0 (r < 4 rows, h < 2 lane pairs); for k < K:
 *       v0, v1 = the two 16-byte halves of B's panel at (j0, k);
 *       for r: x = splat(a[i0 + r][k]); s[r][0] += x·v0; s[r][1] += x·v1;
 *     C[i0 + r][j0 .. j0 + 4) += s[r] (two 16-byte loads, adds and stores).
 */
function cross4Body(): number[] {
  const [M4, N4, K, PA, LDA, PBP, PC, LDC, ASTEP] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [I0, J0, AROW, BPTR, APTR, CPTR, L2, L3, BEND] = [9, 10, 11, 12, 13, 14, 15, 16, 17];
  const S = 18; // v128 accumulators S .. S + 7
  const [V0, V1, X] = [26, 27, 28];
  const b: number[] = [];
  const e = (...xs: number[][]) => {
    for (const x of xs) b.push(...x);
  };
  // One k step: B's panel halves at BPTR + off, A's four rows at APTR + {0, lda, 2lda, 3lda}
  // (one load-and-splat each); s[r][h] += a_r · v_h, the same multiply and add as before.
  const step = (off: number) => {
    e(op.get(BPTR), op.v128Load(off), op.set(V0), op.get(BPTR), op.v128Load(off + 16), op.set(V1));
    for (let r = 0; r < 4; r++) {
      e(op.get(APTR));
      if (r > 0) e(op.get(r === 1 ? LDA : r === 2 ? L2 : L3), op.add);
      e(op.v128Load64Splat(0), op.set(X));
      e(op.get(S + 2 * r), op.get(X), op.get(V0), op.f64x2Mul, op.f64x2Add, op.set(S + 2 * r));
      e(op.get(S + 2 * r + 1), op.get(X), op.get(V1), op.f64x2Mul, op.f64x2Add, op.set(S + 2 * r + 1));
    }
    e(op.get(APTR), op.get(ASTEP), op.add, op.set(APTR));
  };
  e(op.get(LDA), op.i32(2), op.mul, op.set(L2), op.get(LDA), op.i32(3), op.mul, op.set(L3));
  e(op.i32(0), op.set(I0));
  e(op.block, op.loop);
  e(op.get(I0), op.get(M4), op.geS, op.brIf(1));
  e(op.get(PA), op.get(I0), op.get(LDA), op.mul, op.add, op.set(AROW));
  e(op.i32(0), op.set(J0));
  e(op.block, op.loop);
  e(op.get(J0), op.get(N4), op.geS, op.brIf(1));
  for (let s = 0; s < 8; s++) e(op.v128Zero, op.set(S + s));
  e(op.get(PBP), op.get(J0), op.get(K), op.mul, op.i32(8), op.mul, op.add, op.set(BPTR));
  e(op.get(BPTR), op.get(K), op.i32(32), op.mul, op.add, op.set(BEND));
  e(op.get(AROW), op.set(APTR));
  // k = 0, 1, … in order (not unrolled: TurboFan would spill accumulators to the stack).
  e(op.block, op.loop);
  e(op.get(BPTR), op.get(BEND), op.geS, op.brIf(1));
  step(0);
  e(op.get(BPTR), op.i32(32), op.add, op.set(BPTR));
  e(op.br(0), op.end, op.end);
  for (let r = 0; r < 4; r++) {
    e(op.get(PC), op.get(I0), op.i32(r), op.add, op.get(LDC), op.mul, op.add, op.get(J0), op.i32(8), op.mul, op.add, op.set(CPTR));
    e(op.get(CPTR), op.get(CPTR), op.v128Load(0), op.get(S + 2 * r), op.f64x2Add, op.v128Store(0));
    e(op.get(CPTR), op.get(CPTR), op.v128Load(16), op.get(S + 2 * r + 1), op.f64x2Add, op.v128Store(16));
  }
  e(op.get(J0), op.i32(4), op.add, op.set(J0));
  e(op.br(0), op.end, op.end);
  e(op.get(I0), op.i32(4), op.add, op.set(I0));
  e(op.br(0), op.end, op.end);
  e(op.end);
  return [...vec([[...uleb(9), I32], [...uleb(11), V128]]), ...b];
}

function kernelModule(): Uint8Array {
  return moduleBytes([
    { name: 'cross4', params: new Array<number>(9).fill(I32), code: cross4Body() },
    { name: 'sweep2', params: new Array<number>(6).fill(I32), code: sweep2Body() },
    { name: 'symv2', params: new Array<number>(5).fill(I32), code: symv2Body() },
    { name: 'gemvN', params: new Array<number>(6).fill(I32), code: gemvNBody() },
    { name: 'gemvT', params: new Array<number>(6).fill(I32), code: gemvTBody() },
    { name: 'colsum', params: new Array<number>(5).fill(I32), code: colsumBody() },
    { name: 'centrepack', params: new Array<number>(7).fill(I32), code: centrepackBody() },
    { name: 'mirror', params: [I32, I32, I32, I32, F64], code: mirrorBody() },
  ]);
}
