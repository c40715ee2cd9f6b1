/**
 * The per-level sums of EmpiricalDraw.losses over a whole noise schedule at once (the Monte
 * Carlo's hot loop after the eigendecomposition: 1000 levels × d modes per draw).
 *
 * Two savings, neither of which changes a bit of the result:
 * - The population terms Σ_i (λ_i + ζ)/(λ_i + z)² and Σ_i ((λ_i + c)² + ζλ_i)/(λ_i + z)² depend
 *   only on λ and the level, not on the draw: they are computed once per (λ, schedule) with the
 *   same operations as losses() and reused by every draw ({@link populationTerms}).
 * - With c = 0 (q_j = 1) the per-mode sums run as a WebAssembly SIMD kernel with one level per
 *   f64x2 lane (four levels per pass over the modes): every lane performs exactly losses()'s
 *   operations for its level, in the same mode order, so the lanes give losses()'s bits.
 *   {@link modeSumsTs} is the TypeScript twin (used where WebAssembly is missing or switched off).
 */
import type { NoiseLevel } from '../predictions/model/noiseLevel.js';
import { I32, V128, body, instantiate, moduleBytes, op, reserveDoubles, wasmEnabled, type WasmMemory } from '../linalg/wasmAssembler.js';

/** Levels per pass of the kernel (two f64x2 lanes pairs). */
const GROUP = 4;

const cache = new WeakMap<NoiseLevel[], { lambda: Float64Array; terms: Float64Array }>();

/**
 * out[o] = Σ_i (λ_i + ζ) u_i² (= tr G∞²(Σ + ζ)), out[o + 1] = Σ_i ((λ_i + c)² + ζλ_i) u_i² (the
 * reference loss), u_i = 1/(λ_i + z), at one level: the population terms of EmpiricalDraw.losses,
 * which uses this too, so the cached and the per-level values are the same bits.
 */
export function levelPopulationTerms(lam: Float64Array, d: number, level: NoiseLevel, out: Float64Array, o: number): void {
  const { zeta, z, cEff: c } = level;
  let ginf2b = 0;
  let reference = 0;
  for (let i = 0; i < d; i++) {
    const ui = 1 / (lam[i] + z);
    ginf2b += (lam[i] + zeta) * ui * ui;
    const e = lam[i] + c;
    reference += (e * e + zeta * lam[i]) * ui * ui;
  }
  out[o] = ginf2b;
  out[o + 1] = reference;
}

/**
 * terms[2ℓ] = Σ_i (λ_i + ζ) u_i², terms[2ℓ + 1] = Σ_i ((λ_i + c)² + ζλ_i) u_i² with u_i = 1/(λ_i + z)
 * at level ℓ — losses()'s ginf2b and referenceLoss, in its order — cached per levels array.
 */
export function populationTerms(lam: Float64Array, levels: NoiseLevel[]): Float64Array {
  const hit = cache.get(levels);
  if (hit !== undefined && hit.lambda === lam) return hit.terms;
  const d = lam.length;
  const terms = new Float64Array(2 * levels.length);
  for (let l = 0; l < levels.length; l++) levelPopulationTerms(lam, d, levels[l], terms, 2 * l);
  cache.set(levels, { lambda: lam, terms });
  return terms;
}

/**
 * For each level ℓ (all with c = 0, so z = ζ + 0 and q_j = 1), with h = 1/(λ̂_j + z):
 *   out[3ℓ]     = Σ_j (1 − ζh)² + ζλ̂_j h²           (train)
 *   out[3ℓ + 1] = Σ_j ((c_j − λ̂_j) + m_j) h²        (gap / ζ)
 *   out[3ℓ + 2] = Σ_j ((c_j + ζ) + m_j) h² − 2h      (alignment / ζ, without the population term)
 * summed over j in increasing order, as losses() does. WebAssembly when available, else TypeScript.
 */
export function modeSums(lh: Float64Array, cw: Float64Array, mw: Float64Array, levels: NoiseLevel[], out: Float64Array): void {
  if (!modeSumsWasm(lh, cw, mw, levels, out)) modeSumsTs(lh, cw, mw, levels, out);
}

/** {@link modeSums} in TypeScript: losses()'s loop with q = 1. */
export function modeSumsTs(lh: Float64Array, cw: Float64Array, mw: Float64Array, levels: NoiseLevel[], out: Float64Array): void {
  const d = lh.length;
  for (let l = 0; l < levels.length; l++) {
    const { zeta, z } = levels[l];
    let train = 0;
    let gapSum = 0;
    let alignSum = 0;
    for (let j = 0; j < d; j++) {
      const lj = lh[j];
      const h = 1 / (lj + z);
      const h2 = h * h;
      const r = 1 - zeta * h;
      train += r * r + zeta * lj * h2;
      gapSum += (cw[j] - lj + mw[j]) * h2;
      alignSum += (cw[j] + zeta + mw[j]) * h2 - 2 * h;
    }
    out[3 * l] = train;
    out[3 * l + 1] = gapSum;
    out[3 * l + 2] = alignSum;
  }
}

interface Kernel {
  memory: WasmMemory;
  f64: Float64Array;
  sums: (groups: number, d: number, modes: number, levels: number, out: number) => void;
}
let kernel: Kernel | null | undefined;

function instance(): Kernel | null {
  if (kernel !== undefined) return kernel;
  const exports = instantiate(() => moduleBytes([{ name: 'sums', params: new Array<number>(5).fill(I32), code: sumsBody() }]));
  kernel = exports === null ? null : { memory: exports.mem as WasmMemory, f64: new Float64Array((exports.mem as WasmMemory).buffer), sums: exports.sums as Kernel['sums'] };
  return kernel;
}

/** Whether the WebAssembly form of {@link modeSums} is in use. */
export function modeSumsWasmActive(): boolean {
  return wasmEnabled() && instance() !== null;
}

function modeSumsWasm(lh: Float64Array, cw: Float64Array, mw: Float64Array, levels: NoiseLevel[], out: Float64Array): boolean {
  if (!wasmEnabled()) return false;
  const k = instance();
  if (k === null) return false;
  const d = lh.length;
  const L = levels.length;
  const padded = Math.ceil(L / GROUP) * GROUP;
  // Layout: per mode j the quadruple (λ̂_j, (c_j − λ̂_j) + m_j, c_j, m_j) at 4j; then per level
  // (ζ, z) as two arrays of `padded` entries; then the output, 3 × padded (lane-interleaved per pair).
  const om = 0;
  const oz = 4 * d;
  const oo = oz + 2 * padded;
  const f = (k.f64 = reserveDoubles(k.memory, k.f64, oo + 3 * padded));
  for (let j = 0; j < d; j++) {
    f[om + 4 * j] = lh[j];
    f[om + 4 * j + 1] = cw[j] - lh[j] + mw[j];
    f[om + 4 * j + 2] = cw[j];
    f[om + 4 * j + 3] = mw[j];
  }
  for (let l = 0; l < padded; l++) {
    const lv = levels[Math.min(l, L - 1)]; // padding lanes repeat the last level (discarded)
    f[oz + l] = lv.zeta;
    f[oz + padded + l] = lv.z;
  }
  k.sums(padded / GROUP, d, om * 8, oz * 8, oo * 8);
  // Output per pair p of levels: train (2 lanes), gap (2), align (2) at oo + 6p.
  for (let l = 0; l < L; l++) {
    const p = l >> 1;
    const lane = l & 1;
    const o = oo + 6 * p + lane;
    out[3 * l] = f[o];
    out[3 * l + 1] = f[o + 2];
    out[3 * l + 2] = f[o + 4];
  }
  return true;
}

/**
 * sums(groups, d, M, Z, O), byte addresses: for each group g of four levels (two lane pairs
 * P = 2g, 2g + 1): ζ = v128 at Z + 16P, z = v128 at Z + 16(P + padded/2)… — see modeSumsWasm's
 * layout; per pair the three accumulators start at +0 and, for j = 0 … d − 1, take
 *   h = 1/(λ̂ + z), h2 = h·h, r = 1 − ζh;  T += r·r + (ζλ̂)·h2;  G += g·h2;  A += ((c + ζ) + m)·h2 − (h + h),
 * losses()'s operations (2·q·h = h + h exactly for q = 1), each lane one level.
 */
function sumsBody(): number[] {
  const [GROUPS, D, M, Z, O] = [0, 1, 2, 3, 4];
  const [G, J, MP, ZP, OP, HALF] = [5, 6, 7, 8, 9, 10]; // i32
  const [LH, GW, CW, MW, ONE] = [11, 12, 13, 14, 15]; // v128 splats
  const ZETA = 16; // 16, 17 (two pairs)
  const ZV = 18; // 18, 19
  const ACC = 20; // 20..25: T, G, A for pair 0, then pair 1
  const [H, H2, R] = [26, 27, 28];
  const { e, done } = body();
  // HALF = byte distance from ζ to z (padded levels × 8) = groups · 4 · 8
  e(op.get(GROUPS), op.i32(32), op.mul, op.set(HALF));
  e(op.f64(1), op.f64x2Splat, op.set(ONE));
  e(op.get(Z), op.set(ZP), op.get(O), op.set(OP));
  e(op.i32(0), op.set(G));
  e(op.block, op.loop);
  e(op.get(G), op.get(GROUPS), op.geS, op.brIf(1));
  for (let p = 0; p < 2; p++) {
    e(op.get(ZP), op.v128Load(16 * p), op.set(ZETA + p));
    e(op.get(ZP), op.get(HALF), op.add, op.v128Load(16 * p), op.set(ZV + p));
  }
  for (let a = 0; a < 6; a++) e(op.v128Zero, op.set(ACC + a));
  e(op.get(M), op.set(MP), op.i32(0), op.set(J));
  e(op.block, op.loop);
  e(op.get(J), op.get(D), op.geS, op.brIf(1));
  e(op.get(MP), op.f64LoadAt(0), op.f64x2Splat, op.set(LH));
  e(op.get(MP), op.f64LoadAt(8), op.f64x2Splat, op.set(GW));
  e(op.get(MP), op.f64LoadAt(16), op.f64x2Splat, op.set(CW));
  e(op.get(MP), op.f64LoadAt(24), op.f64x2Splat, op.set(MW));
  for (let p = 0; p < 2; p++) {
    const [T, GA, A] = [ACC + 3 * p, ACC + 3 * p + 1, ACC + 3 * p + 2];
    // h = 1/(λ̂ + z); h2 = h·h; r = 1 − ζh
    e(op.get(ONE), op.get(LH), op.get(ZV + p), op.f64x2Add, op.f64x2Div, op.set(H));
    e(op.get(H), op.get(H), op.f64x2Mul, op.set(H2));
    e(op.get(ONE), op.get(ZETA + p), op.get(H), op.f64x2Mul, op.f64x2Sub, op.set(R));
    // T += r·r + (ζ·λ̂)·h2
    e(op.get(T), op.get(R), op.get(R), op.f64x2Mul, op.get(ZETA + p), op.get(LH), op.f64x2Mul, op.get(H2), op.f64x2Mul, op.f64x2Add, op.f64x2Add, op.set(T));
    // G += g·h2
    e(op.get(GA), op.get(GW), op.get(H2), op.f64x2Mul, op.f64x2Add, op.set(GA));
    // A += ((c + ζ) + m)·h2 − (h + h)
    e(op.get(A), op.get(CW), op.get(ZETA + p), op.f64x2Add, op.get(MW), op.f64x2Add, op.get(H2), op.f64x2Mul);
    e(op.get(H), op.get(H), op.f64x2Add, op.f64x2Sub, op.f64x2Add, op.set(A));
  }
  e(op.get(MP), op.i32(32), op.add, op.set(MP));
  e(op.get(J), op.i32(1), op.add, op.set(J));
  e(op.br(0), op.end, op.end);
  // Output: pair p of this group at OP + 48p: T, G, A (16 bytes each).
  for (let p = 0; p < 2; p++) for (let a = 0; a < 3; a++) e(op.get(OP), op.get(ACC + 3 * p + a), op.v128Store(48 * p + 16 * a));
  e(op.get(ZP), op.i32(32), op.add, op.set(ZP));
  e(op.get(OP), op.i32(96), op.add, op.set(OP));
  e(op.get(G), op.i32(1), op.add, op.set(G));
  e(op.br(0), op.end, op.end);
  return done([[6, I32], [18, V128]]);
}
