/**
 * The two O(K) loops of secularEquation.ts — one evaluation of f's two halves (with the
 * differences δ_i − λ written out) and the starting sum c₀ — as WebAssembly functions, with
 * their TypeScript twins. Both do the same scalar IEEE operations in the same order (the loops
 * are sequential sums, not vectorised), so the roots, the differences and every later result
 * are the same bits on either path; WebAssembly only drops V8's per-element overheads
 * (bounds checks, typed-array loads), which made these loops ~2× slower than their divisions.
 *
 * Layout in the module's memory (doubles): poles dl[0..K), weights w at K, the current row of
 * differences at 2K (copied out by the caller once a root is done), the results at 3K.
 */
import { F64, I32, V128, body, instantiate, moduleBytes, op, reserveDoubles, wasmEnabled, type WasmMemory } from './wasmAssembler.js';

/**
 * Results of one evaluation at τ (origin pole `o`, split after j): ψ, ψ′ over i ≤ j and φ, φ′ over
 * i > j, each without the origin's term; erretm = |Σ_{i≤j} ψ_partial| + Σ_{i>j} φ_partial, and
 * the differences at o, j, j + 1.
 */
export interface SecularEval {
  psi: number;
  dpsi: number;
  phi: number;
  dphi: number;
  erretm: number;
  dO: number;
  dJ: number;
  dJ1: number;
}

/**
 * One evaluator per secular equation: the root finder's loops, and the two O(K²) passes of the
 * merge that read all K rows of differences (Löwner's ŵ and the normalised eigenvectors).
 */
export interface SecularEvaluator {
  /** Fill `r` for the loops over i ≤ j and j < i < K, origin o (o < 0: no term skipped); differences to row od. */
  evaluate(K: number, j: number, o: number, base: number, tau: number, od: number, r: SecularEval): void;
  /** start + Σ_{i < count, i ∉ {s1, s2}} w_i² / ((dl_i − a) − b), in increasing i. */
  c0(start: number, count: number, s1: number, s2: number, a: number, b: number): number;
  /** Difference entry `at` (row-major index into the K × K differences) = v. */
  set(at: number, v: number): void;
  /** Row od, entries 0 … count − 1: (dl_i − base) − τ. */
  rewrite(od: number, count: number, base: number, tau: number): void;
  /** wn_i = δ_ii · Π_{j≠i} δ_ji / (dl_i − dl_j) (j in increasing order), Löwner's ŵ_i² up to sign and ρ. */
  lowner(K: number, wn: Float64Array): void;
  /**
   * Row j of the eigenvectors: v_i = ŵ_i / δ_ji scaled to unit length (by max |v| first), written
   * gathered: u1[j·k12 + p] = v[idx1[p]], u2[j·k23 + p] = v[idx2[p]].
   */
  vectors(K: number, wn: Float64Array, idx1: Int32Array, k12: number, idx2: Int32Array, k23: number, u1: Float64Array, u2: Float64Array, vals: Float64Array): void;
}

/** The TypeScript evaluator, writing the differences straight into delta[od …]. */
export function tsEvaluator(dl: Float64Array, w: Float64Array, delta: Float64Array): SecularEvaluator {
  return {
    evaluate(K, j, o, base, tau, od, r) {
      let psi = 0, dpsi = 0, erretm = 0;
      for (let i = 0; i <= j; i++) {
        const dv = (dl[i] - base) - tau;
        delta[od + i] = dv;
        if (i === o) continue;
        const t = w[i] / dv;
        psi += w[i] * t;
        dpsi += t * t;
        erretm += psi;
      }
      erretm = Math.abs(erretm);
      let phi = 0, dphi = 0;
      for (let i = K - 1; i > j; i--) {
        const dv = (dl[i] - base) - tau;
        delta[od + i] = dv;
        if (i === o) continue;
        const t = w[i] / dv;
        phi += w[i] * t;
        dphi += t * t;
        erretm += phi;
      }
      r.psi = psi;
      r.dpsi = dpsi;
      r.phi = phi;
      r.dphi = dphi;
      r.erretm = erretm;
      r.dO = o >= 0 ? delta[od + o] : 0;
      r.dJ = delta[od + j];
      r.dJ1 = j + 1 < K ? delta[od + j + 1] : 0;
    },
    c0(start, count, s1, s2, a, b) {
      let c = start;
      for (let i = 0; i < count; i++) {
        if (i === s1 || i === s2) continue;
        c += (w[i] * w[i]) / ((dl[i] - a) - b);
      }
      return c;
    },
    set(at, v) {
      delta[at] = v;
    },
    rewrite(od, count, base, tau) {
      for (let i = 0; i < count; i++) delta[od + i] = (dl[i] - base) - tau;
    },
    lowner(K, wn) {
      for (let i = 0; i < K; i++) wn[i] = delta[i * K + i];
      for (let j = 0; j < K; j++) {
        const oj = j * K;
        const dj = dl[j];
        for (let i = 0; i < j; i++) wn[i] *= delta[oj + i] / (dl[i] - dj);
        for (let i = j + 1; i < K; i++) wn[i] *= delta[oj + i] / (dl[i] - dj);
      }
    },
    vectors(K, wn, idx1, k12, idx2, k23, u1, u2, vals) {
      for (let j = 0; j < K; j++) {
        const oj = j * K;
        let big = 0;
        for (let i = 0; i < K; i++) {
          const v = wn[i] / delta[oj + i];
          vals[i] = v;
          big = Math.max(big, Math.abs(v));
        }
        let ss = 0;
        const ib = big > 0 ? 1 / big : 0;
        for (let i = 0; i < K; i++) {
          const t = vals[i] * ib;
          ss += t * t;
        }
        const f = big > 0 ? ib / Math.sqrt(ss) : 0;
        const o1 = j * k12;
        for (let p = 0; p < k12; p++) u1[o1 + p] = vals[idx1[p]] * f;
        const o2 = j * k23;
        for (let p = 0; p < k23; p++) u2[o2 + p] = vals[idx2[p]] * f;
      }
    },
  };
}

interface Kernel {
  memory: WasmMemory;
  f64: Float64Array;
  i32: Int32Array;
  evaluate: (K: number, j: number, o: number, base: number, tau: number, wp: number, rowp: number, resp: number) => void;
  c0: (start: number, count: number, s1: number, s2: number, a: number, b: number, wp: number) => number;
  lowner: (K: number, deltap: number, wnp: number) => void;
  vectors: (K: number, k12: number, k23: number, wnp: number, deltap: number, valsp: number, idx1p: number, idx2p: number, u1p: number, u2p: number) => void;
}
let kernel: Kernel | null | undefined;

function instance(): Kernel | null {
  if (kernel !== undefined) return kernel;
  const exports = instantiate(() =>
    moduleBytes([
      { name: 'evaluate', params: [I32, I32, I32, F64, F64, I32, I32, I32], code: evaluateBody() },
      { name: 'c0', params: [F64, I32, I32, I32, F64, F64, I32], results: [F64], code: c0Body() },
      { name: 'lowner', params: [I32, I32, I32], code: lownerBody() },
      { name: 'vectors', params: new Array<number>(10).fill(I32), code: vectorsBody() },
    ]),
  );
  if (exports === null) return (kernel = null);
  const memory = exports.mem as WasmMemory;
  kernel = {
    memory,
    f64: new Float64Array(memory.buffer),
    i32: new Int32Array(memory.buffer),
    evaluate: exports.evaluate as Kernel['evaluate'],
    c0: exports.c0 as Kernel['c0'],
    lowner: exports.lowner as Kernel['lowner'],
    vectors: exports.vectors as Kernel['vectors'],
  };
  return kernel;
}

/** Whether the WebAssembly evaluator is in use. */
export function secularKernelActive(): boolean {
  return wasmEnabled() && instance() !== null;
}

/**
 * The evaluator for poles dl and weights w (K of each) with the K × K differences in `delta`:
 * the WebAssembly one when available — dl and w copied into the module once, here, and the
 * differences kept there (so `delta` is then left unused) — else TypeScript. Valid until the
 * next call.
 */
export function secularEvaluator(dl: Float64Array, w: Float64Array, K: number, delta: Float64Array): SecularEvaluator {
  const k = wasmEnabled() ? instance() : null;
  if (k === null) return tsEvaluator(dl, w, delta);
  // Layout (doubles): dl at 0, w at K, results at 2K (8), ŵ at 2K + 8, values at 3K + 8, the two
  // index lists (Int32) in 2K doubles from 4K + 8, the differences (K²) at 6K + 8, then u1, u2 (K² each).
  const ow = K, ores = 2 * K, own = 2 * K + 8, ovals = 3 * K + 8, oidx = 4 * K + 8, odelta = 6 * K + 8;
  const ou1 = odelta + K * K, ou2 = ou1 + K * K;
  let f = reserveDoubles(k.memory, k.f64, ou2 + K * K);
  if (f !== k.f64) {
    k.f64 = f;
    k.i32 = new Int32Array(k.memory.buffer);
  }
  f.set(dl.subarray(0, K), 0);
  f.set(w.subarray(0, K), ow);
  return {
    evaluate(KK, j, o, base, tau, od, r) {
      k.evaluate(KK, j, o, base, tau, 8 * ow, 8 * (odelta + od), 8 * ores);
      const g = k.f64;
      r.psi = g[ores];
      r.dpsi = g[ores + 1];
      r.phi = g[ores + 2];
      r.dphi = g[ores + 3];
      r.erretm = g[ores + 4];
      r.dO = o >= 0 ? g[odelta + od + o] : 0;
      r.dJ = g[odelta + od + j];
      r.dJ1 = j + 1 < KK ? g[odelta + od + j + 1] : 0;
    },
    c0(start, count, s1, s2, a, b) {
      return k.c0(start, count, s1, s2, a, b, 8 * ow);
    },
    set(at, v) {
      k.f64[odelta + at] = v;
    },
    rewrite(od, count, base, tau) {
      const g = k.f64;
      for (let i = 0; i < count; i++) g[odelta + od + i] = (dl[i] - base) - tau;
    },
    lowner(KK, wn) {
      k.lowner(KK, 8 * odelta, 8 * own);
      wn.set(k.f64.subarray(own, own + KK));
    },
    vectors(KK, wn, idx1, k12, idx2, k23, u1, u2) {
      f = k.f64;
      f.set(wn.subarray(0, KK), own);
      const ii = k.i32;
      ii.set(idx1.subarray(0, k12), 2 * oidx);
      ii.set(idx2.subarray(0, k23), 2 * oidx + KK);
      k.vectors(KK, k12, k23, 8 * own, 8 * odelta, 8 * ovals, 8 * oidx, 8 * oidx + 4 * KK, 8 * ou1, 8 * ou2);
      const g = k.f64;
      u1.set(g.subarray(ou1, ou1 + KK * k12));
      u2.set(g.subarray(ou2, ou2 + KK * k23));
    },
  };
}

/**
 * evaluate(K, j, o, base, tau, WP, ROWP, RESP), byte addresses (dl at 0, w at WP, the row of
 * differences at ROWP, the five results at RESP): the loops of tsEvaluator.evaluate, the same
 * operations in the same order.
 */
function evaluateBody(): number[] {
  const [K, J, O, BASE, TAU, WP, ROWP, RESP] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [I, P] = [8, 9]; // i32: index, byte offset 8i
  const [PSI, DPSI, ERR, PHI, DPHI, DV, T, WI] = [10, 11, 12, 13, 14, 15, 16, 17];
  const { e, done } = body();
  // One term at index I (byte offset P): dv = (dl_i − base) − τ; row_i = dv; unless i = o:
  // t = w_i / dv; acc += w_i·t; dacc += t·t; erretm += acc.
  const term = (acc: number, dacc: number) => {
    e(op.get(I), op.i32(8), op.mul, op.set(P));
    e(op.get(P), op.f64LoadAt(0), op.get(BASE), op.f64Sub, op.get(TAU), op.f64Sub, op.set(DV));
    e(op.get(P), op.get(ROWP), op.add, op.get(DV), op.f64Store);
    e(op.get(I), op.get(O), op.ne, op.if_);
    e(op.get(P), op.get(WP), op.add, op.f64LoadAt(0), op.set(WI));
    e(op.get(WI), op.get(DV), op.f64Div, op.set(T));
    e(op.get(acc), op.get(WI), op.get(T), op.f64Mul, op.f64Add, op.set(acc));
    e(op.get(dacc), op.get(T), op.get(T), op.f64Mul, op.f64Add, op.set(dacc));
    e(op.get(ERR), op.get(acc), op.f64Add, op.set(ERR));
    e(op.end);
  };
  // i = 0 … j
  e(op.i32(0), op.set(I));
  e(op.block, op.loop);
  e(op.get(I), op.get(J), op.gtS, op.brIf(1));
  term(PSI, DPSI);
  e(op.get(I), op.i32(1), op.add, op.set(I));
  e(op.br(0), op.end, op.end);
  e(op.get(ERR), op.f64Abs, op.set(ERR));
  // i = K − 1 down to j + 1
  e(op.get(K), op.i32(1), op.sub, op.set(I));
  e(op.block, op.loop);
  e(op.get(I), op.get(J), op.leS, op.brIf(1));
  term(PHI, DPHI);
  e(op.get(I), op.i32(1), op.sub, op.set(I));
  e(op.br(0), op.end, op.end);
  [PSI, DPSI, PHI, DPHI, ERR].forEach((v, t) => e(op.get(RESP), op.get(v), op.f64StoreAt(8 * t)));
  return done([[2, I32], [8, F64]]);
}

/** c0(start, count, s1, s2, a, b, AT) → start + Σ w_i² / ((dl_i − a) − b) over i < count, i ≠ s1, s2. */
function c0Body(): number[] {
  const [START, COUNT, S1, S2, A, B, AT] = [0, 1, 2, 3, 4, 5, 6];
  const [I, P] = [7, 8];
  const [C, WI] = [9, 10];
  const { e, done } = body();
  e(op.get(START), op.set(C));
  e(op.i32(0), op.set(I));
  e(op.block, op.loop);
  e(op.get(I), op.get(COUNT), op.geS, op.brIf(1));
  e(op.get(I), op.get(S1), op.ne, op.get(I), op.get(S2), op.ne, op.and, op.if_);
  e(op.get(I), op.i32(8), op.mul, op.set(P));
  e(op.get(P), op.get(AT), op.add, op.f64LoadAt(0), op.set(WI));
  e(op.get(C), op.get(WI), op.get(WI), op.f64Mul, op.get(P), op.f64LoadAt(0), op.get(A), op.f64Sub, op.get(B), op.f64Sub, op.f64Div, op.f64Add, op.set(C));
  e(op.end);
  e(op.get(I), op.i32(1), op.add, op.set(I));
  e(op.br(0), op.end, op.end);
  e(op.get(C));
  return done([[2, I32], [2, F64]]);
}

/**
 * lowner(K, DELTA, WN): wn_i = δ_ii, then for j = 0 … K − 1 and every i ≠ j,
 * wn_i ← wn_i · (δ_ji / (dl_i − dl_j)) — two lanes of i at a time (each lane its own product, in
 * j order, so the same bits as the scalar loop); dl at byte 0.
 */
function lownerBody(): number[] {
  const [K, DELTA, WN] = [0, 1, 2];
  const [I, J, ROW, P, END] = [3, 4, 5, 6, 7];
  const [DJ] = [8]; // f64
  const [DJV] = [9]; // v128
  const { e, done } = body();
  // wn_i = δ_ii
  e(op.i32(0), op.set(I));
  e(op.block, op.loop);
  e(op.get(I), op.get(K), op.geS, op.brIf(1));
  e(op.get(WN), op.get(I), op.i32(8), op.mul, op.add);
  e(op.get(DELTA), op.get(I), op.get(K), op.i32(1), op.add, op.mul, op.i32(8), op.mul, op.add, op.f64LoadAt(0));
  e(op.f64Store);
  e(op.get(I), op.i32(1), op.add, op.set(I));
  e(op.br(0), op.end, op.end);
  // the ranges i ∈ [I, END): pairs, then a scalar leftover
  const range = () => {
    e(op.block, op.loop);
    e(op.get(I), op.i32(1), op.add, op.get(END), op.geS, op.brIf(1));
    e(op.get(I), op.i32(8), op.mul, op.set(P));
    e(op.get(WN), op.get(P), op.add);
    e(op.get(WN), op.get(P), op.add, op.v128Load(0));
    e(op.get(ROW), op.get(P), op.add, op.v128Load(0), op.get(P), op.v128Load(0), op.get(DJV), op.f64x2Sub, op.f64x2Div);
    e(op.f64x2Mul, op.v128Store(0));
    e(op.get(I), op.i32(2), op.add, op.set(I));
    e(op.br(0), op.end, op.end);
    e(op.get(I), op.get(END), op.ltS, op.if_);
    e(op.get(I), op.i32(8), op.mul, op.set(P));
    e(op.get(WN), op.get(P), op.add);
    e(op.get(WN), op.get(P), op.add, op.f64LoadAt(0));
    e(op.get(ROW), op.get(P), op.add, op.f64LoadAt(0), op.get(P), op.f64LoadAt(0), op.get(DJ), op.f64Sub, op.f64Div);
    e(op.f64Mul, op.f64Store);
    e(op.end);
  };
  e(op.i32(0), op.set(J));
  e(op.block, op.loop);
  e(op.get(J), op.get(K), op.geS, op.brIf(1));
  e(op.get(DELTA), op.get(J), op.get(K), op.mul, op.i32(8), op.mul, op.add, op.set(ROW));
  e(op.get(J), op.i32(8), op.mul, op.f64LoadAt(0), op.set(DJ), op.get(DJ), op.f64x2Splat, op.set(DJV));
  e(op.i32(0), op.set(I), op.get(J), op.set(END));
  range();
  e(op.get(J), op.i32(1), op.add, op.set(I), op.get(K), op.set(END));
  range();
  e(op.get(J), op.i32(1), op.add, op.set(J));
  e(op.br(0), op.end, op.end);
  return done([[5, I32], [1, F64], [1, V128]]);
}

/**
 * vectors(K, k12, k23, WN, DELTA, VALS, IDX1, IDX2, U1, U2): per row j, v_i = ŵ_i / δ_ji (two
 * lanes), big = max(0, |v_i|) (a maximum: any order gives the same value), then ss = Σ (v_i/big)²
 * in increasing i (scalar, as in TypeScript), f = (1/big)/√ss, and the gathered rows of u1, u2.
 */
function vectorsBody(): number[] {
  const [K, K12, K23, WN, DELTA, VALS, IDX1, IDX2, U1, U2] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [I, J, ROW, P, Q] = [10, 11, 12, 13, 14];
  const [BIG, IB, SS, T, F] = [15, 16, 17, 18, 19]; // f64
  const [BIGV, V] = [20, 21]; // v128
  const { e, done } = body();
  const gather = (k: number, idx: number, u: number) => {
    // u[j·k + p] = vals[idx[p]] · f
    e(op.get(u), op.get(J), op.get(k), op.mul, op.i32(8), op.mul, op.add, op.set(Q));
    e(op.i32(0), op.set(I));
    e(op.block, op.loop);
    e(op.get(I), op.get(k), op.geS, op.brIf(1));
    e(op.get(Q), op.get(I), op.i32(8), op.mul, op.add);
    e(op.get(VALS), op.get(idx), op.get(I), op.i32(4), op.mul, op.add, op.i32Load(0), op.i32(8), op.mul, op.add, op.f64LoadAt(0), op.get(F), op.f64Mul);
    e(op.f64Store);
    e(op.get(I), op.i32(1), op.add, op.set(I));
    e(op.br(0), op.end, op.end);
  };
  e(op.i32(0), op.set(J));
  e(op.block, op.loop);
  e(op.get(J), op.get(K), op.geS, op.brIf(1));
  e(op.get(DELTA), op.get(J), op.get(K), op.mul, op.i32(8), op.mul, op.add, op.set(ROW));
  // v = ŵ / δ_j· in pairs, big over lanes
  e(op.v128Zero, op.set(BIGV));
  e(op.i32(0), op.set(I));
  e(op.block, op.loop);
  e(op.get(I), op.i32(1), op.add, op.get(K), op.geS, op.brIf(1));
  e(op.get(I), op.i32(8), op.mul, op.set(P));
  e(op.get(WN), op.get(P), op.add, op.v128Load(0), op.get(ROW), op.get(P), op.add, op.v128Load(0), op.f64x2Div, op.set(V));
  e(op.get(VALS), op.get(P), op.add, op.get(V), op.v128Store(0));
  e(op.get(BIGV), op.get(V), op.f64x2Abs, op.f64x2Max, op.set(BIGV));
  e(op.get(I), op.i32(2), op.add, op.set(I));
  e(op.br(0), op.end, op.end);
  e(op.get(BIGV), op.f64x2Extract(0), op.get(BIGV), op.f64x2Extract(1), op.f64Max, op.set(BIG));
  e(op.get(I), op.get(K), op.ltS, op.if_);
  e(op.get(I), op.i32(8), op.mul, op.set(P));
  e(op.get(WN), op.get(P), op.add, op.f64LoadAt(0), op.get(ROW), op.get(P), op.add, op.f64LoadAt(0), op.f64Div, op.set(T));
  e(op.get(VALS), op.get(P), op.add, op.get(T), op.f64Store);
  e(op.get(BIG), op.get(T), op.f64Abs, op.f64Max, op.set(BIG));
  e(op.end);
  // ib = big > 0 ? 1/big : 0;  ss = Σ (v_i·ib)²;  f = big > 0 ? ib/√ss : 0
  e(op.f64(1), op.get(BIG), op.f64Div, op.f64(0), op.get(BIG), op.f64(0), op.f64Gt, op.select, op.set(IB));
  e(op.f64(0), op.set(SS), op.i32(0), op.set(I));
  e(op.block, op.loop);
  e(op.get(I), op.get(K), op.geS, op.brIf(1));
  e(op.get(VALS), op.get(I), op.i32(8), op.mul, op.add, op.f64LoadAt(0), op.get(IB), op.f64Mul, op.set(T));
  e(op.get(SS), op.get(T), op.get(T), op.f64Mul, op.f64Add, op.set(SS));
  e(op.get(I), op.i32(1), op.add, op.set(I));
  e(op.br(0), op.end, op.end);
  e(op.get(IB), op.get(SS), op.f64Sqrt, op.f64Div, op.f64(0), op.get(BIG), op.f64(0), op.f64Gt, op.select, op.set(F));
  gather(K12, IDX1, U1);
  gather(K23, IDX2, U2);
  e(op.get(J), op.i32(1), op.add, op.set(J));
  e(op.br(0), op.end, op.end);
  return done([[5, I32], [5, F64], [2, V128]]);
}
