/**
 * Blocked Householder tridiagonalisation T = QᵀAQ (LAPACK dsytrd with dlatrd panels, uplo = 'L';
 * Dongarra, Sorensen & Hammarling, J. Comput. Appl. Math. 27, 1989), for the matrices that no
 * longer fit in the caches (d ≳ 400). Same output convention as tridiagonalize.ts, so the
 * back-transformation (householderBackTransform.ts) reads its reflectors unchanged.
 *
 * Why: the unblocked reduction (tridiagonalize.ts) reads and writes the whole trailing triangle
 * once per reflector (its rank-2 update), n passes over n²/2 elements that come from main memory
 * once d² · 8 bytes exceeds the caches. Here the reflectors are generated nb at a time from a
 * panel without touching the trailing block (dlatrd): for reflector k of the panel the trailing
 * block B = A[k+1:, k+1:] is the one at the panel's start, and the updates of the panel's earlier
 * reflectors enter through the n × t matrices V (the reflectors) and W (the update vectors):
 *   column k  ← column k − V·W[k, :]ᵀ − W·V[k, :]ᵀ   (before its reflector is formed),
 *   p = τ (B v − W(Vᵀv) − V(Wᵀv)),   w = p − (τ/2)(pᵀv) v,
 * so each reflector costs one read-only pass over the trailing triangle (the symmetric
 * matrix–vector product B v: half the flops, memory-bound, as in LAPACK's dsymv). After the
 * panel, the nb rank-2 updates are applied at once, A ← A − V Wᵀ − W Vᵀ on the trailing lower
 * triangle: one matrix product with inner dimension 2nb on the SIMD tiles of wasmKernels.ts
 * (compute-bound, the other half of the flops), one pass over the triangle per panel.
 *
 * Arithmetic: the same reflectors as the unblocked reduction up to rounding (the rank-2 updates
 * are summed per element in another order), deterministic, and bit-identical between the
 * WebAssembly kernels and their TypeScript twins below ({@link pairSymv}, the tile loop of
 * {@link trailingUpdate}), which run where WebAssembly SIMD is missing.
 */
import { wasmArena, type WasmArena } from './wasmKernels.js';

/** Reflectors per panel (LAPACK's dsytrd default is 32 too): the trailing product's inner dimension is 2·NB. */
const NB = 32;
/** Column strip of the trailing product: NB·2 × STRIP doubles of packed panels (128 KB) stay in L2. */
const STRIP = 256;

/**
 * y_j += Σ A[c:, c:]_{jl} x_l for j ≥ c, from the lower triangle of the n × n row-major `w` (offset
 * 0), x_l = x[ox + l], y_j = y[j]: row i's dot product in two lanes (even and odd offsets from c,
 * added at the end of the row, an odd leftover last), then the diagonal; y_j receives the rows'
 * contributions in row order — the order of the WebAssembly kernel symv2 (wasmSymvBody.ts).
 */
export function pairSymv(w: Float64Array, n: number, c: number, x: Float64Array, ox: number, y: Float64Array): void {
  for (let i = c; i < n; i++) {
    const ri = i * n;
    const xi = x[ox + i];
    let s0 = 0;
    let s1 = 0;
    let j = c;
    for (; j + 1 < i; j += 2) {
      const b0 = w[ri + j];
      s0 += b0 * x[ox + j];
      y[j] += b0 * xi;
      const b1 = w[ri + j + 1];
      s1 += b1 * x[ox + j + 1];
      y[j + 1] += b1 * xi;
    }
    let s = s0 + s1;
    if (j < i) {
      const b = w[ri + j];
      s += b * x[ox + j];
      y[j] += b * xi;
    }
    y[i] += s + w[ri + i] * xi;
  }
}

/** The working storage of one reduction: the matrix, the panel's [V W] rows, B's packed panels, y. */
interface Work {
  w: Float64Array;
  vw: Float64Array;
  /** Scratch for Vᵀv and Wᵀv. */
  g: Float64Array;
  /** The current panel's columns, transposed (NB·2 + 3 rows of n). */
  cols: Float64Array;
  packed: Float64Array;
  y: Float64Array;
  /** Offsets of the four in the arena (when running there). */
  arena: WasmArena | null;
  ow: number;
  ovw: number;
  opk: number;
  oy: number;
}

/**
 * Tridiagonalise a copy of the symmetric `a` (lower triangle read): d, e, tau and the reflectors
 * in the returned n × n matrix (in `out` when it has length n²) exactly as tridiagonalize.ts
 * documents them (reflector k in row k, columns k+1..n−1, w[k·n + k + 1] = 1; τ = 0: H_k = I).
 * `tau` must be zero on entry (entries n−2, n−1 are not written).
 */
export function tridiagonalizeBlocked(a: Float64Array, n: number, d: Float64Array, e: Float64Array, tau: Float64Array, out?: Float64Array): Float64Array {
  const result = out !== undefined && out.length === n * n ? out : new Float64Array(n * n);
  const vwSize = n * 2 * (2 * NB + 3); // the last panel takes up to 2·NB + 3 reflectors
  const arena = wasmArena();
  let work: Work;
  if (arena !== null) {
    const ow = arena.alloc(n * n);
    const ovw = arena.alloc(vwSize);
    const opk = arena.alloc(vwSize + 8 * (2 * NB + 3));
    const oy = arena.alloc(n);
    const oc = arena.alloc(n * (2 * NB + 3));
    const v = arena.view; // no alloc after this: the subarrays stay valid
    work = { w: v.subarray(ow, ow + n * n), vw: v.subarray(ovw, ovw + vwSize), cols: v.subarray(oc, oc + n * (2 * NB + 3)), g: new Float64Array(4 * NB + 6), packed: v.subarray(opk, opk + vwSize), y: v.subarray(oy, oy + n), arena, ow, ovw, opk, oy };
  } else {
    work = { w: result, vw: new Float64Array(vwSize), cols: new Float64Array(n * (2 * NB + 3)), g: new Float64Array(4 * NB + 6), packed: new Float64Array(0), y: new Float64Array(n), arena: null, ow: 0, ovw: 0, opk: 0, oy: 0 };
  }
  const w = work.w;
  w.set(a.subarray(0, n * n));
  // Panel sizes: the first takes NB + (n mod 4) reflectors so that every trailing block after it
  // has a multiple of 4 rows (the tiles' unit); the last takes all that remain (at most 2·NB + 3),
  // leaving a 2 × 2 trailing block.
  let c0 = 0;
  while (c0 <= n - 3) {
    let kb = c0 === 0 ? NB + (n & 3) : NB;
    if (n - 2 - c0 <= kb + NB) kb = n - 2 - c0;
    panel(work, n, c0, kb, e, tau);
    trailingUpdate(work, n, c0, kb);
    c0 += kb;
  }
  for (let i = 0; i < n; i++) d[i] = w[i * n + i];
  if (n >= 2) e[n - 2] = w[(n - 1) * n + (n - 2)];
  e[n - 1] = 0;
  if (work.arena !== null) result.set(w); // out of the arena: the next kernel starts a new one
  return result;
}

/**
 * dlatrd: reflectors k = c0 … c0 + kb − 1 and their update vectors, V[i, t] = vw[(i − c0)·S + t],
 * W[i, t] = vw[(i − c0)·S + kb + t] (S = 2kb), rows i ≥ c0 (zero above the reflector's support).
 */
function panel(work: Work, n: number, c0: number, kb: number, e: Float64Array, tau: Float64Array): void {
  const { w, vw, y, cols } = work;
  const S = 2 * kb;
  vw.fill(0, 0, (n - c0) * S);
  // The panel's columns, transposed (cols[t·n + i] = A[i, c0 + t], i ≥ c0 + t), read row by row:
  // in row-major storage a column is one cache line per element, and each column is read and
  // written several times below; the trailing block keeps its panel-start values for B v.
  for (let i = c0; i < n; i++) {
    const ri = i * n + c0;
    const tEnd = Math.min(kb, i - c0 + 1);
    for (let t = 0; t < tEnd; t++) cols[t * n + i] = w[ri + t];
  }
  for (let t = 0; t < kb; t++) {
    const k = c0 + t;
    const rk = (k - c0) * S;
    const ck = t * n;
    // Column k (rows ≥ k) receives the panel's earlier updates: A[i, k] −= V[i, :]·W[k, :] + W[i, :]·V[k, :].
    if (t > 0) {
      for (let i = k; i < n; i++) {
        const ri = (i - c0) * S;
        let s = 0;
        for (let u = 0; u < t; u++) s += vw[ri + u] * vw[rk + kb + u] + vw[ri + kb + u] * vw[rk + u];
        cols[ck + i] -= s;
      }
    }
    w[k * n + k] = cols[ck + k]; // the diagonal entry T[k, k], read at the end
    if (!reflectVector(cols, ck, w, n, k, e, tau)) continue; // H_k = I: V and W columns stay zero
    const vk = k * n;
    for (let i = k + 1; i < n; i++) vw[(i - c0) * S + t] = w[vk + i];
    // y = B v (B = A[k+1:, k+1:] as at the panel's start, lower triangle), v = row k of w.
    y.fill(0, k + 1, n);
    if (work.arena !== null) work.arena.symv(n, k + 1, work.ow, work.ow + vk, work.oy);
    else pairSymv(w, n, k + 1, w, vk, y);
    if (t > 0) {
      // y −= W (Vᵀv) + V (Wᵀv): the earlier reflectors' updates of B, applied to v.
      const g = work.g.fill(0, 0, 2 * t);
      for (let i = k + 1; i < n; i++) {
        const ri = (i - c0) * S;
        const vi = w[vk + i];
        for (let u = 0; u < t; u++) {
          g[u] += vw[ri + u] * vi;
          g[t + u] += vw[ri + kb + u] * vi;
        }
      }
      for (let i = k + 1; i < n; i++) {
        const ri = (i - c0) * S;
        let s = 0;
        for (let u = 0; u < t; u++) s += vw[ri + kb + u] * g[u] + vw[ri + u] * g[t + u];
        y[i] -= s;
      }
    }
    // p = τ y, w = p − (τ/2)(pᵀv) v.
    const tk = tau[k];
    let pv = 0;
    for (let i = k + 1; i < n; i++) {
      y[i] *= tk;
      pv += y[i] * w[vk + i];
    }
    const half = 0.5 * tk * pv;
    for (let i = k + 1; i < n; i++) vw[(i - c0) * S + kb + t] = y[i] - half * w[vk + i];
  }
}

/**
 * tridiagonalize.ts reflectColumn for column k held contiguously in x (x[ox + i] = A[i, k],
 * i > k): the same β, τ, v (into row k of w, v[k+1] = 1) and e[k], by the same operations.
 */
function reflectVector(x: Float64Array, ox: number, w: Float64Array, n: number, k: number, e: Float64Array, tau: Float64Array): boolean {
  const rk = k * n;
  const alpha = x[ox + k + 1];
  let tailMax = 0;
  for (let j = k + 2; j < n; j++) {
    const t = Math.abs(x[ox + j]);
    if (t > tailMax) tailMax = t;
  }
  if (tailMax === 0) {
    e[k] = alpha;
    tau[k] = 0;
    for (let j = k + 1; j < n; j++) w[rk + j] = 0;
    return false;
  }
  const scale = Math.max(Math.abs(alpha), tailMax);
  const invScale = 1 / scale;
  let sumsq = 0;
  for (let j = k + 1; j < n; j++) {
    const t = x[ox + j] * invScale;
    sumsq += t * t;
  }
  const norm = scale * Math.sqrt(sumsq);
  const beta = alpha >= 0 ? -norm : norm;
  const vScale = 1 / (alpha - beta);
  w[rk + k + 1] = 1;
  for (let j = k + 2; j < n; j++) w[rk + j] = x[ox + j] * vScale;
  e[k] = beta;
  tau[k] = (beta - alpha) / beta;
  return true;
}

/**
 * A[c:, c:] −= V Wᵀ + W Vᵀ (c = c0 + kb) as one product with inner dimension K = 2kb: element
 * (i, j) += Σ_t a_it b_jt with a_i = [V_i, W_i] (the panel rows as stored) and b_j = [−W_j, −V_j],
 * the sum from +0 in t order (the tiles' arithmetic). Computed on the lower triangle in 4-row
 * blocks — row i gets columns c … c + 4⌊(i − c)/4⌋ + 3, a few entries above the diagonal that are
 * scratch (the row's reflector overwrites them later) — and in column strips of STRIP so B's
 * packed panels stay in cache. The last panel's 2 × 2 trailing block (not a multiple of 4 rows)
 * is done element by element (j ≤ i), the same sums.
 */
function trailingUpdate(work: Work, n: number, c0: number, kb: number): void {
  const { w, vw, packed, arena } = work;
  const c = c0 + kb;
  const m = n - c;
  const S = 2 * kb;
  const K = S;
  const tiled = m % 4 === 0;
  if (arena !== null && tiled) {
    // Pack b_j for j ≥ c: panel q (rows c + 4q … c + 4q + 3) holds b_{c+4q+l, t} at 4K q + 4t + l.
    for (let j = c; j < n; j++) {
      const rj = (j - c0) * S;
      const base = ((j - c) >> 2) * 4 * K + ((j - c) & 3);
      for (let t = 0; t < kb; t++) {
        packed[base + 4 * t] = -vw[rj + kb + t];
        packed[base + 4 * (kb + t)] = -vw[rj + t];
      }
    }
    for (let j0 = c; j0 < n; j0 += STRIP) {
      const j1 = Math.min(n, j0 + STRIP);
      const pb = work.opk + (j0 - c) * K;
      for (let i0 = j0; i0 < j1; i0 += 4) arena.tiles(4, i0 + 4 - j0, K, work.ovw + (i0 - c0) * S, S, pb, work.ow + i0 * n + j0, n);
      arena.tiles(n - j1, j1 - j0, K, work.ovw + (j1 - c0) * S, S, pb, work.ow + j1 * n + j0, n);
    }
    return;
  }
  for (let i = c; i < n; i++) {
    const ri = (i - c0) * S;
    const jEnd = tiled ? c + ((i - c) & ~3) + 4 : i + 1;
    for (let j = c; j < jEnd; j++) {
      const rj = (j - c0) * S;
      let s = 0;
      for (let t = 0; t < kb; t++) s += vw[ri + t] * -vw[rj + kb + t];
      for (let t = 0; t < kb; t++) s += vw[ri + kb + t] * -vw[rj + t];
      w[i * n + j] += s;
    }
  }
}
