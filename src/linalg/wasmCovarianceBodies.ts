/**
 * Helpers of the covariance kernel (wasmKernels.ts centredGramWasm), as WebAssembly function
 * bodies for its module: column sums of a row-major matrix, the centred packing of its columns
 * into the panels the tile kernel reads, and the final scaling and mirroring. Both work on two columns per f64x2 lane pair
 * and perform per column exactly the TypeScript operations (sums from +0 in row order; x − m),
 * so the results are the same bits.
 */
import { F64, I32, V128, body, op } from './wasmAssembler.js';

/**
 * colsum(count, d4, X, S): S[j] += Σ_r X[r·d4stride + j] for j < d4 (a multiple of 4), rows in
 * order, where X's row stride in bytes is passed as the 5th argument: colsum(count, d4, X, S, ld8).
 * S must hold the starting values (+0 for a plain sum).
 */
export function colsumBody(): number[] {
  const [COUNT, D4, X, S, LD] = [0, 1, 2, 3, 4];
  const [J, R, P] = [5, 6, 7];
  const [A0, A1] = [8, 9];
  const { e, done } = body();
  e(op.i32(0), op.set(J));
  e(op.block, op.loop);
  e(op.get(J), op.get(D4), op.geS, op.brIf(1));
  e(op.get(S), op.get(J), op.i32(8), op.mul, op.add, op.set(P));
  e(op.get(P), op.v128Load(0), op.set(A0), op.get(P), op.v128Load(16), op.set(A1));
  e(op.get(X), op.get(J), op.i32(8), op.mul, op.add, op.set(P));
  e(op.i32(0), op.set(R));
  e(op.block, op.loop);
  e(op.get(R), op.get(COUNT), op.geS, op.brIf(1));
  e(op.get(A0), op.get(P), op.v128Load(0), op.f64x2Add, op.set(A0));
  e(op.get(A1), op.get(P), op.v128Load(16), op.f64x2Add, op.set(A1));
  e(op.get(P), op.get(LD), op.add, op.set(P));
  e(op.get(R), op.i32(1), op.add, op.set(R));
  e(op.br(0), op.end, op.end);
  e(op.get(S), op.get(J), op.i32(8), op.mul, op.add, op.set(P));
  e(op.get(P), op.get(A0), op.v128Store(0), op.get(P), op.get(A1), op.v128Store(16));
  e(op.get(J), op.i32(4), op.add, op.set(J));
  e(op.br(0), op.end, op.end);
  return done([[3, I32], [2, V128]]);
}

/**
 * centrepack(count, d4, X, M, O, ld8, ps): for each panel p (columns 4p .. 4p + 3) and row r,
 * O[p·ps + 32r + 8t] = X[r][4p + t] − M[4p + t] (t < 4; byte offsets), X with row stride ld8
 * bytes, panels ps bytes apart (so a block of rows can be packed into its place in the panels).
 */
export function centrepackBody(): number[] {
  const [COUNT, D4, X, M, O, LD, PS] = [0, 1, 2, 3, 4, 5, 6];
  const [J, R, P, Q] = [7, 8, 9, 10];
  const [M0, M1] = [11, 12];
  const { e, done } = body();
  e(op.i32(0), op.set(J));
  e(op.block, op.loop);
  e(op.get(J), op.get(D4), op.geS, op.brIf(1));
  e(op.get(O), op.get(J), op.i32(2), op.shrS, op.get(PS), op.mul, op.add, op.set(Q));
  e(op.get(M), op.get(J), op.i32(8), op.mul, op.add, op.set(P));
  e(op.get(P), op.v128Load(0), op.set(M0), op.get(P), op.v128Load(16), op.set(M1));
  e(op.get(X), op.get(J), op.i32(8), op.mul, op.add, op.set(P));
  e(op.i32(0), op.set(R));
  e(op.block, op.loop);
  e(op.get(R), op.get(COUNT), op.geS, op.brIf(1));
  e(op.get(Q), op.get(P), op.v128Load(0), op.get(M0), op.f64x2Sub, op.v128Store(0));
  e(op.get(Q), op.get(P), op.v128Load(16), op.get(M1), op.f64x2Sub, op.v128Store(16));
  e(op.get(P), op.get(LD), op.add, op.set(P));
  e(op.get(Q), op.i32(32), op.add, op.set(Q));
  e(op.get(R), op.i32(1), op.add, op.set(R));
  e(op.br(0), op.end, op.end);
  e(op.get(J), op.i32(4), op.add, op.set(J));
  e(op.br(0), op.end, op.end);
  return done([[4, I32], [2, V128]]);
}

/**
 * mirror(d4, d, C, O, scale): for i ≤ j < d4, v = C[i·d4 + j]·scale, O[i·d + j] = O[j·d + i] = v
 * (the covariance's scaling and mirroring, TypeScript's `sum * scale` per entry).
 */
export function mirrorBody(): number[] {
  const [D4, D, C, O, SCALE] = [0, 1, 2, 3, 4];
  const [I, J] = [5, 6];
  const [V] = [7];
  const { e, done } = body();
  e(op.i32(0), op.set(I));
  e(op.block, op.loop);
  e(op.get(I), op.get(D4), op.geS, op.brIf(1));
  e(op.get(I), op.set(J));
  e(op.block, op.loop);
  e(op.get(J), op.get(D4), op.geS, op.brIf(1));
  e(op.get(C), op.get(I), op.get(D4), op.mul, op.get(J), op.add, op.i32(8), op.mul, op.add, op.f64LoadAt(0), op.get(SCALE), op.f64Mul, op.set(V));
  e(op.get(O), op.get(I), op.get(D), op.mul, op.get(J), op.add, op.i32(8), op.mul, op.add, op.get(V), op.f64Store);
  e(op.get(O), op.get(J), op.get(D), op.mul, op.get(I), op.add, op.i32(8), op.mul, op.add, op.get(V), op.f64Store);
  e(op.get(J), op.i32(1), op.add, op.set(J));
  e(op.br(0), op.end, op.end);
  e(op.get(I), op.i32(1), op.add, op.set(I));
  e(op.br(0), op.end, op.end);
  return done([[2, I32], [1, F64]]);
}
