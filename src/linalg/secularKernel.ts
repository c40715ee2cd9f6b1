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
import { F64, I32, body, instantiate, moduleBytes, op, reserveDoubles, wasmEnabled, type WasmMemory } from './wasmAssembler.js';

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

/** One evaluator per secular equation (poles, weights and the row of differences it writes). */
export interface SecularEvaluator {
  /** Fill `r` for the loops over i ≤ j and j < i < K, origin o (o < 0: no term skipped); row od of delta. */
  evaluate(K: number, j: number, o: number, base: number, tau: number, od: number, r: SecularEval): void;
  /** start + Σ_{i < count, i ∉ {s1, s2}} w_i² / ((dl_i − a) − b), in increasing i. */
  c0(start: number, count: number, s1: number, s2: number, a: number, b: number): number;
  /** Copy the last evaluation's differences δ_0 … δ_{count−1} to delta[od …]. */
  finish(delta: Float64Array, od: number, count: number): void;
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
    finish() {},
  };
}

interface Kernel {
  memory: WasmMemory;
  f64: Float64Array;
  evaluate: (K: number, j: number, o: number, base: number, tau: number, at: number) => void;
  c0: (start: number, count: number, s1: number, s2: number, a: number, b: number, at: number) => number;
}
let kernel: Kernel | null | undefined;

function instance(): Kernel | null {
  if (kernel !== undefined) return kernel;
  const exports = instantiate(() =>
    moduleBytes([
      { name: 'evaluate', params: [I32, I32, I32, F64, F64, I32], code: evaluateBody() },
      { name: 'c0', params: [F64, I32, I32, I32, F64, F64, I32], results: [F64], code: c0Body() },
    ]),
  );
  if (exports === null) return (kernel = null);
  const memory = exports.mem as WasmMemory;
  kernel = { memory, f64: new Float64Array(memory.buffer), evaluate: exports.evaluate as Kernel['evaluate'], c0: exports.c0 as Kernel['c0'] };
  return kernel;
}

/** Whether the WebAssembly evaluator is in use. */
export function secularKernelActive(): boolean {
  return wasmEnabled() && instance() !== null;
}

/**
 * The evaluator for poles dl and weights w (K of each) writing differences to delta: the
 * WebAssembly one when available (dl and w copied into the module once, here), else TypeScript.
 * Valid until the next call.
 */
export function secularEvaluator(dl: Float64Array, w: Float64Array, K: number, delta: Float64Array): SecularEvaluator {
  const k = wasmEnabled() ? instance() : null;
  if (k === null) return tsEvaluator(dl, w, delta);
  const f = (k.f64 = reserveDoubles(k.memory, k.f64, 3 * K + 8));
  f.set(dl.subarray(0, K), 0);
  f.set(w.subarray(0, K), K);
  const at = 8 * K; // byte address of dl; w at +8K, the differences at +16K, the results at +24K
  const res = 3 * K;
  return {
    evaluate(KK, j, o, base, tau, _od, r) {
      k.evaluate(KK, j, o, base, tau, at);
      const g = k.f64;
      r.psi = g[res];
      r.dpsi = g[res + 1];
      r.phi = g[res + 2];
      r.dphi = g[res + 3];
      r.erretm = g[res + 4];
      r.dO = o >= 0 ? g[2 * K + o] : 0;
      r.dJ = g[2 * K + j];
      r.dJ1 = j + 1 < KK ? g[2 * K + j + 1] : 0;
    },
    c0(start, count, s1, s2, a, b) {
      return k.c0(start, count, s1, s2, a, b, at);
    },
    finish(delta2, od2, count) {
      delta2.set(k.f64.subarray(2 * K, 2 * K + count), od2);
    },
  };
}

/**
 * evaluate(K, j, o, base, tau, AT): AT = 8·Kfull, the byte size of one array (dl at 0, w at AT,
 * differences at 2·AT, results at 3·AT): the loops of tsEvaluator.evaluate, the same operations.
 */
function evaluateBody(): number[] {
  const [K, J, O, BASE, TAU, AT] = [0, 1, 2, 3, 4, 5];
  const [I, P] = [6, 7]; // i32: index, byte offset 8i
  const [PSI, DPSI, ERR, PHI, DPHI, DV, T, WI] = [8, 9, 10, 11, 12, 13, 14, 15];
  const { e, done } = body();
  // One term at index I (byte offset P): dv = (dl_i − base) − τ; row_i = dv; unless i = o:
  // t = w_i / dv; acc += w_i·t; dacc += t·t; erretm += acc.
  const term = (acc: number, dacc: number) => {
    e(op.get(I), op.i32(8), op.mul, op.set(P));
    e(op.get(P), op.f64LoadAt(0), op.get(BASE), op.f64Sub, op.get(TAU), op.f64Sub, op.set(DV));
    e(op.get(P), op.get(AT), op.add, op.get(AT), op.add, op.get(DV), op.f64Store);
    e(op.get(I), op.get(O), op.ne, op.if_);
    e(op.get(P), op.get(AT), op.add, op.f64LoadAt(0), op.set(WI));
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
  // results at 3·AT
  e(op.get(AT), op.i32(3), op.mul, op.set(P));
  [PSI, DPSI, PHI, DPHI, ERR].forEach((v, t) => e(op.get(P), op.get(v), op.f64StoreAt(8 * t)));
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
