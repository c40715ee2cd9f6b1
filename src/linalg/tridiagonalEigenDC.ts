/**
 * Eigenvalues and eigenvectors of a symmetric tridiagonal matrix by divide and conquer
 * (Cuppen, Numer. Math. 36, 1981; with Gu & Eisenstat's stable eigenvectors, SIAM J. Matrix
 * Anal. Appl. 16, 1995), organised like LAPACK's dstedc/dlaed0–dlaed3 but re-derived here for
 * row-major storage with the eigenvectors as ROWS of z.
 *
 * Divide. Cut T (n × n, diagonal d, subdiagonal e) after row c − 1 where e_{c−1} = ρ couples
 * the halves: T = diag(T₁, T₂) + |ρ| u uᵀ with u = e_{c−1} + sign(ρ) e_c, where T₁, T₂ are the
 * halves with |ρ| subtracted from their touching diagonal entries. Solve both halves recursively
 * (QL, tridiagonalQL.ts, once a block has ≤ 25 rows).
 *
 * Conquer. With T_i = Q_i D_i Q_iᵀ, T = diag(Q₁, Q₂)(D + ρ' w wᵀ)diag(Q₁, Q₂)ᵀ where
 * w = (last row of Q₁, ±first row of Q₂)/√2 (unit length) and ρ' = 2|ρ|: a rank-one update of a
 * diagonal matrix.
 *   1. Deflation (dlaed2): a component with ρ'|w_i| ≤ tol = 8ε·max(|D|, |w|) leaves (D_i, e_i)
 *      an eigenpair as it is; two nearly equal D_i, D_j are first rotated so that one w
 *      component vanishes (when the rotation perturbs T by ≤ tol). Deflated eigenvectors keep
 *      their old rows (rotated).
 *   2. The K remaining eigenvalues are the roots of the secular equation (secularEquation.ts),
 *      which also returns every difference D_i − λ_j to high relative accuracy.
 *   3. Gu–Eisenstat: the computed roots are the exact eigenvalues of D + ρ' ŵŵᵀ for the vector
 *      ŵ given by Löwner's formula ŵ_i² = Π_j (λ_j − D_i) / (ρ' Π_{j≠i} (D_j − D_i)), formed from
 *      those differences. The eigenvectors of that nearby problem, (ŵ_i/(D_i − λ_j))_i
 *      normalised, are then numerically orthogonal however close the roots are — the reason
 *      the recomputation is there (with the original w they can lose all orthogonality).
 *   4. The new eigenvectors are those vectors times the old ones: one matrix product per half,
 *      restricted to the old rows that are non-zero there (rows from T₁ vanish on T₂'s columns
 *      and vice versa unless a deflation rotation mixed them), which is what makes the top
 *      merge cost n³ flops instead of 2n³ (4n³/3 in all, less with deflation).
 *
 * Storage: z (n × n, row-major) holds one eigenvector per row; block [s, s + m) of the
 * recursion lives in rows and columns s..s+m−1 (zero outside its diagonal sub-blocks until it is
 * merged). Every block returns its eigenvalues sorted ascending with the rows in the same order.
 * The matrix is scaled by a power of two to max |T_ij| ∈ (½, 1] first (exact), as dstedc does.
 * All arithmetic is deterministic (no data-dependent parallelism): the same input gives the
 * same bits.
 */
import { crossProductKernel } from './gram.js';
import { crossGatheredWasm } from './wasmKernels.js';
import { secularRoot } from './secularEquation.js';
import { secularEvaluator } from './secularKernel.js';
import { tridiagonalQL } from './tridiagonalQL.js';

/** Blocks of at most this size are solved by QL (LAPACK's SMLSIZ). */
const LEAF_SIZE = 25;
const EPS = Number.EPSILON / 2;

/** Scratch for all merges of one problem of size n (every array sized for the largest merge). */
class Workspace {
  readonly D: Float64Array;
  readonly zv: Float64Array;
  readonly perm: Int32Array;
  readonly type: Int8Array;
  readonly dlam: Float64Array;
  readonly w: Float64Array;
  readonly wn: Float64Array;
  readonly lam: Float64Array;
  readonly src: Int32Array;
  readonly defl: Int32Array;
  readonly vals: Float64Array;
  readonly order: Int32Array;
  readonly idx1: Int32Array;
  readonly idx2: Int32Array;
  readonly off1: Int32Array;
  readonly off2: Int32Array;
  readonly delta: Float64Array;
  readonly u1: Float64Array;
  readonly u2: Float64Array;
  readonly a1t: Float64Array;
  readonly a2t: Float64Array;
  readonly rows: Float64Array;
  readonly leafE: Float64Array;
  readonly leafZ: Float64Array;
  iterations = 0;
  constructor(readonly n: number, readonly maxIterations: number) {
    this.D = new Float64Array(n);
    this.zv = new Float64Array(n);
    this.perm = new Int32Array(n);
    this.type = new Int8Array(n);
    this.dlam = new Float64Array(n);
    this.w = new Float64Array(n);
    this.wn = new Float64Array(n);
    this.lam = new Float64Array(n);
    this.src = new Int32Array(n);
    this.defl = new Int32Array(n);
    this.vals = new Float64Array(n);
    this.order = new Int32Array(n);
    this.idx1 = new Int32Array(n);
    this.idx2 = new Int32Array(n);
    this.off1 = new Int32Array(n);
    this.off2 = new Int32Array(n);
    this.delta = new Float64Array(n * n);
    this.u1 = new Float64Array(n * n);
    this.u2 = new Float64Array(n * n);
    this.a1t = new Float64Array(n * n);
    this.a2t = new Float64Array(n * n);
    this.rows = new Float64Array(n * n);
    this.leafE = new Float64Array(LEAF_SIZE);
    this.leafZ = new Float64Array(LEAF_SIZE * LEAF_SIZE);
  }
}

/**
 * The last workspace, reused by the next call of the same size (a Monte Carlo decomposes one
 * matrix of one size per draw; re-allocating ~6n² doubles each time costs more in garbage
 * collection than the merges' bookkeeping). Every entry is written before it is read, so reuse
 * cannot change a result.
 */
let cached: Workspace | null = null;

function workspaceFor(n: number): Workspace {
  if (cached === null || cached.n !== n) cached = new Workspace(n, 30 * n);
  cached.iterations = 0;
  return cached;
}

/**
 * Eigen-decomposition of the symmetric tridiagonal (d, e), e[i] = T[i+1, i] (e[n−1] unused).
 * On exit d holds the eigenvalues in ascending order and row j of z (n × n) the unit
 * eigenvector of d[j]; e is not modified. Returns the number of QL iterations spent on the
 * leaves, or −1 if a leaf exceeded its budget of 30 iterations per row.
 */
export function tridiagonalEigenDC(d: Float64Array, e: Float64Array, n: number, z: Float64Array): number {
  z.fill(0, 0, n * n);
  if (n === 0) return 0;
  let norm = 0;
  for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]));
  for (let i = 0; i < n - 1; i++) norm = Math.max(norm, Math.abs(e[i]));
  if (norm === 0) {
    for (let i = 0; i < n; i++) z[i * n + i] = 1;
    return 0;
  }
  // Scale by a power of two (exact) so that max |T_ij| ∈ (½, 1].
  const scale = 2 ** -Math.ceil(Math.log2(norm));
  const ee = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] *= scale;
  for (let i = 0; i < n - 1; i++) ee[i] = e[i] * scale;
  const ws = workspaceFor(n);
  const ok = solveBlock(0, n, d, ee, z, ws);
  const inv = 1 / scale;
  for (let i = 0; i < n; i++) d[i] *= inv;
  return ok ? ws.iterations : -1;
}

function solveBlock(s: number, m: number, d: Float64Array, e: Float64Array, z: Float64Array, ws: Workspace): boolean {
  if (m <= LEAF_SIZE) return solveLeaf(s, m, d, e, z, ws);
  const n1 = m >> 1;
  const cut = s + n1;
  const rho = e[cut - 1];
  const a = Math.abs(rho);
  d[cut - 1] -= a;
  d[cut] -= a;
  if (!solveBlock(s, n1, d, e, z, ws)) return false;
  if (!solveBlock(cut, m - n1, d, e, z, ws)) return false;
  merge(s, n1, m, rho, d, z, ws);
  return true;
}

/** QL on a small block (vectors from the identity), then sorted into place. */
function solveLeaf(s: number, m: number, d: Float64Array, e: Float64Array, z: Float64Array, ws: Workspace): boolean {
  const n = ws.n;
  const le = ws.leafE;
  for (let i = 0; i < m - 1; i++) le[i] = e[s + i];
  le[m - 1] = 0;
  const lz = ws.leafZ;
  lz.fill(0, 0, m * m);
  for (let i = 0; i < m; i++) lz[i * m + i] = 1;
  const dv = d.subarray(s, s + m);
  const its = tridiagonalQL(dv, le, m, lz, Math.max(0, ws.maxIterations - ws.iterations));
  if (its < 0) return false;
  ws.iterations += its;
  const vals = ws.vals;
  for (let i = 0; i < m; i++) vals[i] = dv[i];
  const order = sortedOrder(vals, m, ws.order);
  for (let k = 0; k < m; k++) {
    const src = order[k];
    dv[k] = vals[src];
    z.set(lz.subarray(src * m, src * m + m), (s + k) * n + s);
  }
  return true;
}

/** Indices 0..m−1 sorted by value, ties by index (deterministic). */
function sortedOrder(vals: Float64Array, m: number, out: Int32Array): Int32Array {
  const idx = Array.from({ length: m }, (_, i) => i).sort((x, y) => vals[x] - vals[y] || x - y);
  for (let i = 0; i < m; i++) out[i] = idx[i];
  return out;
}

/**
 * Merge the solved halves [s, s + n1) and [s + n1, s + m) coupled by ρ (see the file comment).
 * Old row i of the block: eigenvector i of T₁ (i < n1, zero on columns ≥ n1) or of T₂.
 */
function merge(s: number, n1: number, m: number, rho: number, d: Float64Array, z: Float64Array, ws: Workspace): void {
  const N = ws.n;
  const base = s * N + s;
  const n2 = m - n1;
  const { D, zv, perm, type, dlam, w, src, defl, vals } = ws;
  for (let i = 0; i < m; i++) D[i] = d[s + i];
  for (let i = 0; i < n1; i++) zv[i] = z[base + i * N + n1 - 1];
  for (let i = n1; i < m; i++) zv[i] = z[base + i * N + n1];
  if (rho < 0) for (let i = n1; i < m; i++) zv[i] = -zv[i];
  for (let i = 0; i < m; i++) zv[i] *= Math.SQRT1_2;
  const r = 2 * Math.abs(rho);

  // Merge the two ascending halves (ties: first half first).
  {
    let i = 0;
    let j = n1;
    let k = 0;
    while (i < n1 && j < m) perm[k++] = D[i] <= D[j] ? i++ : j++;
    while (i < n1) perm[k++] = i++;
    while (j < m) perm[k++] = j++;
  }
  let dmax = 0;
  let zmax = 0;
  for (let i = 0; i < m; i++) {
    dmax = Math.max(dmax, Math.abs(D[i]));
    zmax = Math.max(zmax, Math.abs(zv[i]));
    type[i] = i < n1 ? 1 : 3;
  }
  const tol = 8 * EPS * Math.max(dmax, zmax);

  let K = 0;
  let nd = 0;
  if (r * zmax <= tol) {
    for (let t = 0; t < m; t++) defl[nd++] = perm[t];
  } else {
    let pj = -1;
    for (let t = 0; t < m; t++) {
      const nj = perm[t];
      if (r * Math.abs(zv[nj]) <= tol) {
        defl[nd++] = nj;
        continue;
      }
      if (pj < 0) {
        pj = nj;
        continue;
      }
      const sz = zv[pj];
      const cz = zv[nj];
      const tau = Math.hypot(cz, sz);
      const gap = D[nj] - D[pj];
      const c = cz / tau;
      const sn = -sz / tau;
      if (Math.abs(gap * c * sn) <= tol) {
        // Rotate old rows pj, nj so that pj's w component vanishes; pj is then deflated.
        zv[nj] = tau;
        zv[pj] = 0;
        if (type[nj] !== type[pj]) type[nj] = 2;
        const op = base + pj * N;
        const on = base + nj * N;
        for (let col = 0; col < m; col++) {
          const x = z[op + col];
          const y = z[on + col];
          z[op + col] = c * x + sn * y;
          z[on + col] = c * y - sn * x;
        }
        const t2 = D[pj] * c * c + D[nj] * sn * sn;
        D[nj] = D[pj] * sn * sn + D[nj] * c * c;
        D[pj] = t2;
        defl[nd++] = pj;
      } else {
        dlam[K] = D[pj];
        w[K] = zv[pj];
        src[K] = pj;
        K++;
      }
      pj = nj;
    }
    if (pj >= 0) {
      dlam[K] = D[pj];
      w[K] = zv[pj];
      src[K] = pj;
      K++;
    }
  }

  const rows = ws.rows; // m × m, leading dimension m
  if (K > 0) {
    const { delta, lam, wn, u1, u2, a1t, a2t } = ws;
    const ev = secularEvaluator(dlam, w, K, delta); // WebAssembly loops when available, the same bits
    for (let j = 0; j < K; j++) lam[j] = secularRoot(j, K, dlam, w, r, delta, j * K, ev);
    // Löwner: ŵ_i² = −Π_j (D_i − λ_j) / Π_{j≠i} (D_i − D_j) (the 1/ρ' factor drops out on
    // normalisation), with the sign of the original w_i.
    ev.lowner(K, wn);
    for (let i = 0; i < K; i++) {
      const v = Math.sqrt(Math.max(0, -wn[i]));
      wn[i] = w[i] < 0 ? -v : v;
    }
    // Column positions of each non-deflated old row in the left (types 1, 2) and right
    // (types 2, 3) operands.
    let k12 = 0;
    let k23 = 0;
    const idx1 = ws.idx1; // idx1[p] = i for the p-th component of types 1, 2; idx2 likewise for 2, 3
    const idx2 = ws.idx2;
    for (let i = 0; i < K; i++) {
      const t = type[src[i]];
      if (t !== 3) idx1[k12++] = i;
      if (t !== 1) idx2[k23++] = i;
    }
    // Secular eigenvectors: row j of u1 / u2 = (ŵ_i / (D_i − λ_j))_i normalised, split by type.
    ev.vectors(K, wn, idx1, k12, idx2, k23, u1, u2, vals);
    // The products with the old rows (p-th of types 1, 2 on the columns < n1; of types 2, 3 on
    // the columns ≥ n1): packed straight from z on the SIMD tiles when available, else through
    // transposed copies a1t[col][p], a2t[col][p] so that both operands run along rows.
    const off1 = ws.off1;
    const off2 = ws.off2;
    for (let p = 0; p < k12; p++) off1[p] = base + src[idx1[p]] * N;
    for (let p = 0; p < k23; p++) off2[p] = base + src[idx2[p]] * N;
    if (!crossGatheredWasm(K, n1, k12, u1, 0, k12, z, off1, 0, rows, 0, m)) {
      for (let p = 0; p < k12; p++) for (let col = 0; col < n1; col++) a1t[col * k12 + p] = z[off1[p] + col];
      crossProductKernel(K, n1, k12, u1, 0, k12, a1t, 0, k12, rows, 0, m);
    }
    if (!crossGatheredWasm(K, n2, k23, u2, 0, k23, z, off2, n1, rows, n1, m)) {
      for (let p = 0; p < k23; p++) for (let col = 0; col < n2; col++) a2t[col * k23 + p] = z[off2[p] + n1 + col];
      crossProductKernel(K, n2, k23, u2, 0, k23, a2t, 0, k23, rows, n1, m);
    }
    for (let j = 0; j < K; j++) vals[j] = lam[j];
  }
  // Deflated pairs keep their (rotated) old rows.
  for (let t = 0; t < nd; t++) {
    const q = defl[t];
    vals[K + t] = D[q];
    const o = base + q * N;
    rows.set(z.subarray(o, o + m), (K + t) * m);
  }
  const order = sortedOrder(vals, m, ws.order);
  for (let k = 0; k < m; k++) {
    const q = order[k];
    d[s + k] = vals[q];
    z.set(rows.subarray(q * m, q * m + m), base + k * N);
  }
}
