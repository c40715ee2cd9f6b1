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

/**
 * rowDots: y[oy + i] −= Σ_{u<L} a[oa + i·lda + u]·h[oh + u] for i < M (L even), each sum in four
 * lanes by u mod 4 (a last pair, when L ≡ 2 mod 4, into lanes 0 and 1), then (s0 + s2) + (s1 + s3)
 * — the order of the WebAssembly kernel gemvN (wasmSymvBody.ts).
 */
export function rowDots(mem: Float64Array, M: number, L: number, oa: number, lda: number, oh: number, oy: number): void {
  const L4 = L & ~3;
  for (let i = 0; i < M; i++) {
    const ai = oa + i * lda;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let u = 0;
    for (; u < L4; u += 4) {
      s0 += mem[ai + u] * mem[oh + u];
      s1 += mem[ai + u + 1] * mem[oh + u + 1];
      s2 += mem[ai + u + 2] * mem[oh + u + 2];
      s3 += mem[ai + u + 3] * mem[oh + u + 3];
    }
    if (u < L) {
      s0 += mem[ai + u] * mem[oh + u];
      s1 += mem[ai + u + 1] * mem[oh + u + 1];
    }
    mem[oy + i] -= s0 + s2 + (s1 + s3);
  }
}

/** columnDots: g[og + u] += Σ_{i<M} a[oa + i·lda + u]·x[ox + i] for u < L, each over i in order (gemvT's order). */
export function columnDots(mem: Float64Array, M: number, L: number, oa: number, lda: number, ox: number, og: number): void {
  for (let i = 0; i < M; i++) {
    const ai = oa + i * lda;
    const x = mem[ox + i];
    for (let u = 0; u < L; u++) mem[og + u] += mem[ai + u] * x;
  }
}

/**
 * The working storage of one reduction, regions of one array (the WebAssembly arena, or a plain
 * array where WebAssembly is missing), offsets in doubles: the matrix (ow), the panel's rows
 * [V W] (ovw: row i − c0 holds V[i, u], W[i, u] interleaved at 2u, 2u + 1, stride 2kb), B's packed
 * panels (opk), the panel's columns transposed (ocol: row t = column c0 + t, entries i ≥ c0 + t),
 * y (oy), and two short vectors (og, oh).
 */
interface Work {
  mem: Float64Array;
  arena: WasmArena | null;
  ow: number;
  ovw: number;
  opk: number;
  ocol: number;
  oy: number;
  og: number;
  oh: number;
}

/** Widest panel: the last one takes up to 2·NB + 3 reflectors. */
const KMAX = 2 * NB + 3;

/**
 * Tridiagonalise a copy of the symmetric `a` (lower triangle read): d, e, tau and the reflectors
 * in the returned n × n matrix (in `out` when it has length n²) exactly as tridiagonalize.ts
 * documents them (reflector k in row k, columns k+1..n−1, w[k·n + k + 1] = 1; τ = 0: H_k = I).
 * `tau` must be zero on entry (entries n−2, n−1 are not written).
 */
export function tridiagonalizeBlocked(a: Float64Array, n: number, d: Float64Array, e: Float64Array, tau: Float64Array, out?: Float64Array): Float64Array {
  const result = out !== undefined && out.length === n * n ? out : new Float64Array(n * n);
  const sizes = [n * n, 2 * KMAX * n, 2 * KMAX * (n + 4), KMAX * n, n, 2 * KMAX, 2 * KMAX];
  const arena = wasmArena();
  let offsets: number[];
  let mem: Float64Array;
  if (arena !== null) {
    offsets = sizes.map((size) => arena.alloc(size));
    mem = arena.view; // no alloc after this: the view stays valid
  } else {
    offsets = [];
    let top = 0;
    for (const size of sizes) {
      offsets.push(top);
      top += size;
    }
    mem = new Float64Array(top);
  }
  const [ow, ovw, opk, ocol, oy, og, oh] = offsets;
  const work: Work = { mem, arena, ow, ovw, opk, ocol, oy, og, oh };
  mem.set(a.subarray(0, n * n), ow);
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
  for (let i = 0; i < n; i++) d[i] = mem[ow + i * n + i];
  if (n >= 2) e[n - 2] = mem[ow + (n - 1) * n + (n - 2)];
  e[n - 1] = 0;
  result.set(mem.subarray(ow, ow + n * n));
  return result;
}

/**
 * dlatrd: reflectors k = c0 … c0 + kb − 1 and their update vectors V[:, t], W[:, t] (rows i ≥ c0;
 * zero above the reflector's support and for later t).
 */
function panel(work: Work, n: number, c0: number, kb: number, e: Float64Array, tau: Float64Array): void {
  const { mem, arena, ow, ovw, ocol, oy, og, oh } = work;
  const S = 2 * kb;
  mem.fill(0, ovw, ovw + (n - c0) * S);
  // The panel's columns, transposed, read row by row: in row-major storage a column is one cache
  // line per element, and each column is read and written several times below; the trailing
  // block keeps its panel-start values for B v.
  for (let i = c0; i < n; i++) {
    const ri = ow + i * n + c0;
    const tEnd = Math.min(kb, i - c0 + 1);
    for (let t = 0; t < tEnd; t++) mem[ocol + t * n + i] = mem[ri + t];
  }
  const w = mem.subarray(ow, ow + n * n);
  for (let t = 0; t < kb; t++) {
    const k = c0 + t;
    const rk = ovw + (k - c0) * S;
    const ck = ocol + t * n;
    if (t > 0) {
      // Column k (rows ≥ k) receives the panel's earlier updates: A[i, k] −= Σ_u V[i, u] W[k, u] + W[i, u] V[k, u].
      for (let u = 0; u < t; u++) {
        mem[oh + 2 * u] = mem[rk + 2 * u + 1];
        mem[oh + 2 * u + 1] = mem[rk + 2 * u];
      }
      if (arena !== null) arena.gemvN(n - k, 2 * t, rk, S, oh, ck + k);
      else rowDots(mem, n - k, 2 * t, rk, S, oh, ck + k);
    }
    w[k * n + k] = mem[ck + k]; // the diagonal entry T[k, k], read at the end
    if (!reflectVector(mem, ck, w, n, k, e, tau)) continue; // H_k = I: V and W columns stay zero
    const vk = k * n;
    for (let i = k + 1; i < n; i++) mem[ovw + (i - c0) * S + 2 * t] = w[vk + i];
    // y = B v (B = A[k+1:, k+1:] as at the panel's start, lower triangle), v = row k of w.
    mem.fill(0, oy + k + 1, oy + n);
    if (arena !== null) arena.symv(n, k + 1, ow, ow + vk, oy);
    else pairSymv(w, n, k + 1, mem, ow + vk, mem.subarray(oy, oy + n));
    if (t > 0) {
      // y −= W (Vᵀv) + V (Wᵀv): the earlier reflectors' updates of B, applied to v.
      const r1 = rk + S; // row k + 1
      mem.fill(0, og, og + 2 * t);
      if (arena !== null) arena.gemvT(n - k - 1, 2 * t, r1, S, ow + vk + k + 1, og);
      else columnDots(mem, n - k - 1, 2 * t, r1, S, ow + vk + k + 1, og);
      for (let u = 0; u < t; u++) {
        mem[oh + 2 * u] = mem[og + 2 * u + 1];
        mem[oh + 2 * u + 1] = mem[og + 2 * u];
      }
      if (arena !== null) arena.gemvN(n - k - 1, 2 * t, r1, S, oh, oy + k + 1);
      else rowDots(mem, n - k - 1, 2 * t, r1, S, oh, oy + k + 1);
    }
    // p = τ y, w = p − (τ/2)(pᵀv) v.
    const tk = tau[k];
    let pv = 0;
    for (let i = k + 1; i < n; i++) {
      const p = mem[oy + i] * tk;
      mem[oy + i] = p;
      pv += p * w[vk + i];
    }
    const half = 0.5 * tk * pv;
    for (let i = k + 1; i < n; i++) mem[ovw + (i - c0) * S + 2 * t + 1] = mem[oy + i] - half * w[vk + i];
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
 * (i, j) += Σ_u a_iu b_ju with a_i the panel row as stored (V, W interleaved) and b_j = −(the
 * same row with each pair swapped), the sum from +0 in u order (the tiles' arithmetic). Computed
 * on the lower triangle in 4-row blocks — row i gets columns c … c + 4⌊(i − c)/4⌋ + 3, a few
 * entries above the diagonal that are scratch (the row's reflector overwrites them later) — and
 * in column strips of STRIP so B's packed panels stay in cache. The last panel's 2 × 2 trailing
 * block (not a multiple of 4 rows) is done element by element (j ≤ i), the same sums.
 */
function trailingUpdate(work: Work, n: number, c0: number, kb: number): void {
  const { mem, arena, ow, ovw, opk } = work;
  const c = c0 + kb;
  const m = n - c;
  const K = 2 * kb;
  const tiled = m % 4 === 0;
  if (arena !== null && tiled) {
    // Pack b_j for j ≥ c: panel q (rows c + 4q … c + 4q + 3) holds b_{c+4q+l, u} at 4K q + 4u + l.
    for (let j = c; j < n; j++) {
      const rj = ovw + (j - c0) * K;
      const base = opk + ((j - c) >> 2) * 4 * K + ((j - c) & 3);
      for (let u = 0; u < K; u += 2) {
        mem[base + 4 * u] = -mem[rj + u + 1];
        mem[base + 4 * u + 4] = -mem[rj + u];
      }
    }
    for (let j0 = c; j0 < n; j0 += STRIP) {
      const j1 = Math.min(n, j0 + STRIP);
      const pb = opk + (j0 - c) * K;
      for (let i0 = j0; i0 < j1; i0 += 4) arena.tiles(4, i0 + 4 - j0, K, ovw + (i0 - c0) * K, K, pb, ow + i0 * n + j0, n);
      arena.tiles(n - j1, j1 - j0, K, ovw + (j1 - c0) * K, K, pb, ow + j1 * n + j0, n);
    }
    return;
  }
  for (let i = c; i < n; i++) {
    const ri = ovw + (i - c0) * K;
    const jEnd = tiled ? c + ((i - c) & ~3) + 4 : i + 1;
    for (let j = c; j < jEnd; j++) {
      const rj = ovw + (j - c0) * K;
      let s = 0;
      for (let u = 0; u < K; u += 2) {
        s += mem[ri + u] * -mem[rj + u + 1];
        s += mem[ri + u + 1] * -mem[rj + u];
      }
      mem[ow + i * n + j] += s;
    }
  }
}
