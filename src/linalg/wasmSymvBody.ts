/**
 * The body of wasmKernels.ts's symv2: the symmetric matrix–vector product of the blocked
 * tridiagonalisation's panel step (blockedTridiagonalize.ts), y += B x for the trailing block
 * B = A[c:, c:] read from its lower triangle only. It is the memory-bound half of dsytrd (half
 * its flops, one read of the trailing triangle per reflector), so it reads each stored element
 * once and uses it twice: for row i's dot product and, by symmetry, for y_j.
 *
 * Per row the operations are those of blockedTridiagonalize.ts pairSymv (the TypeScript twin),
 * in its order: a row's dot product in two lanes (even and odd offsets from c, added at the end
 * of the row, an odd leftover last), then the diagonal; y_j receives row i's contribution before
 * row i + 1's. Rows are taken two at a time, so the two rows' dot products are independent
 * chains (one row's chain of f64x2 additions would be the loop's critical path) and x_j is loaded
 * once for both — the structure of wasmSweepBody.ts without the rank-2 update.
 */
import { F64, I32, V128, body, op } from './wasmAssembler.js';

/**
 * symv2(n, c, W, X, Y), all i32, W/X/Y byte addresses of the n × n matrix and the vectors
 * (x_j at X + 8j, y_j at Y + 8j): for rows i = c … n−1,
 *   s += w_ij x_j;  y_j += w_ij x_i   (c ≤ j < i);   y_i += s + w_ii x_i.
 */
export function symv2Body(): number[] {
  const [NN, C, W, X, Y] = [0, 1, 2, 3, 4];
  const [I, J, OFF, RA, RB, JB] = [5, 6, 7, 8, 9, 10]; // i32
  const [XIA, XIB, SS, BB] = [11, 12, 13, 14]; // f64
  const [SVA, XVA, SVB, XVB, BA, BBV, XT] = [15, 16, 17, 18, 19, 20, 21]; // v128
  const { e, done } = body();
  const A = { R: RA, XI: XIA, XV: XVA, SV: SVA };
  const B = { R: RB, XI: XIB, XV: XVB, SV: SVB };
  type Row = typeof A;
  /** Row state for the row index pushed by pushRow: its address, x_i and its splat; s = 0. */
  const loadRow = (r: Row, pushRow: () => void) => {
    e(op.get(W));
    pushRow();
    e(op.get(NN), op.mul, op.i32(8), op.mul, op.add, op.set(r.R));
    e(op.get(X));
    pushRow();
    e(op.i32(8), op.mul, op.add, op.f64Load, op.set(r.XI));
    e(op.get(r.XI), op.f64x2Splat, op.set(r.XV));
    e(op.v128Zero, op.set(r.SV));
  };
  /** One pair of row r at OFF: b = w; s += b x; y += b x_i. */
  const pairOne = (r: Row) => {
    e(op.get(r.R), op.get(OFF), op.add, op.v128Load(0), op.set(BA));
    e(op.get(r.SV), op.get(BA), op.get(X), op.get(OFF), op.add, op.v128Load(0), op.f64x2Mul, op.f64x2Add, op.set(r.SV));
    e(op.get(Y), op.get(OFF), op.add, op.get(Y), op.get(OFF), op.add, op.v128Load(0), op.get(BA), op.get(r.XV), op.f64x2Mul, op.f64x2Add, op.v128Store(0));
  };
  /** One pair of both rows at OFF (x loaded once); y gets row A's term, then row B's. */
  const pairTwo = () => {
    e(op.get(X), op.get(OFF), op.add, op.v128Load(0), op.set(XT));
    for (const [r, to] of [[A, BA], [B, BBV]] as const) {
      e(op.get(r.R), op.get(OFF), op.add, op.v128Load(0), op.set(to));
      e(op.get(r.SV), op.get(to), op.get(XT), op.f64x2Mul, op.f64x2Add, op.set(r.SV));
    }
    e(op.get(Y), op.get(OFF), op.add);
    e(op.get(Y), op.get(OFF), op.add, op.v128Load(0), op.get(BA), op.get(XVA), op.f64x2Mul, op.f64x2Add);
    e(op.get(BBV), op.get(XVB), op.f64x2Mul, op.f64x2Add, op.v128Store(0));
  };
  /** BB = w at column index local `col` of row r (OFF = 8·col). */
  const scalarLoad = (r: Row, col: number) => {
    e(op.get(col), op.i32(8), op.mul, op.set(OFF));
    e(op.get(r.R), op.get(OFF), op.add, op.f64Load, op.set(BB));
  };
  /** The rest of row r (index pushed by pushEnd) from column J: pairs, s = lane 0 + lane 1, leftover, diagonal. */
  const finishRow = (r: Row, pushEnd: () => void, diag: number) => {
    e(op.get(J), op.i32(8), op.mul, op.set(OFF));
    e(op.block, op.loop);
    e(op.get(J), op.i32(1), op.add);
    pushEnd();
    e(op.geS, op.brIf(1));
    pairOne(r);
    e(op.get(J), op.i32(2), op.add, op.set(J));
    e(op.get(OFF), op.i32(16), op.add, op.set(OFF));
    e(op.br(0), op.end, op.end);
    e(op.get(r.SV), op.f64x2Extract(0), op.get(r.SV), op.f64x2Extract(1), op.f64Add, op.set(SS));
    e(op.get(J));
    pushEnd();
    e(op.ltS, op.if_);
    scalarLoad(r, J);
    e(op.get(SS), op.get(BB), op.get(X), op.get(OFF), op.add, op.f64Load, op.f64Mul, op.f64Add, op.set(SS));
    e(op.get(Y), op.get(OFF), op.add, op.get(Y), op.get(OFF), op.add, op.f64Load, op.get(BB), op.get(r.XI), op.f64Mul, op.f64Add, op.f64Store);
    e(op.end);
    scalarLoad(r, diag);
    e(op.get(Y), op.get(OFF), op.add, op.get(Y), op.get(OFF), op.add, op.f64Load, op.get(SS), op.get(BB), op.get(r.XI), op.f64Mul, op.f64Add, op.f64Add, op.f64Store);
  };
  const pushI = () => e(op.get(I));
  const pushI1 = () => e(op.get(I), op.i32(1), op.add);

  e(op.get(C), op.set(I));
  e(op.block, op.loop);
  e(op.get(I), op.get(NN), op.geS, op.brIf(1));
  e(op.get(I), op.i32(1), op.add, op.get(NN), op.ltS, op.if_);
  {
    loadRow(A, pushI);
    loadRow(B, pushI1);
    e(op.get(C), op.set(J));
    e(op.get(J), op.i32(8), op.mul, op.set(OFF));
    e(op.block, op.loop);
    e(op.get(J), op.i32(1), op.add, op.get(I), op.geS, op.brIf(1));
    pairTwo();
    e(op.get(J), op.i32(2), op.add, op.set(J));
    e(op.get(OFF), op.i32(16), op.add, op.set(OFF));
    e(op.br(0), op.end, op.end);
    e(op.get(J), op.set(JB));
    finishRow(A, pushI, I);
    e(op.get(JB), op.set(J));
    e(op.get(I), op.i32(1), op.add, op.set(JB));
    finishRow(B, pushI1, JB);
    e(op.get(I), op.i32(2), op.add, op.set(I));
  }
  e(op.else_);
  {
    loadRow(A, pushI);
    e(op.get(C), op.set(J));
    finishRow(A, pushI, I);
    e(op.get(I), op.i32(1), op.add, op.set(I));
  }
  e(op.end);
  e(op.br(0), op.end, op.end);
  return done([[6, I32], [4, F64], [7, V128]]);
}

/**
 * gemvN(M, L, A, S, H, Y), all i32 (A/H/Y byte addresses, S the row stride in bytes, L even):
 * for rows i < M, y_i −= Σ_{u<L} a_iu h_u with a_i at A + i·S, y_i at Y + 8i — the sum in four
 * lanes (u mod 4; a last pair when L ≡ 2 mod 4 goes to lanes 0, 1), then (s0 + s2) + (s1 + s3):
 * blockedTridiagonalize.ts rowDots's order. Two v128 accumulators so the adds of a row overlap.
 */
export function gemvNBody(): number[] {
  const [M, L, A, S, H, Y] = [0, 1, 2, 3, 4, 5];
  const [I, OFF, END, END4] = [6, 7, 8, 9]; // i32
  const [A0, A1] = [10, 11]; // v128
  const { e, done } = body();
  e(op.get(L), op.i32(8), op.mul, op.set(END));
  e(op.get(END), op.i32(-32), op.and, op.set(END4));
  e(op.i32(0), op.set(I));
  e(op.block, op.loop);
  e(op.get(I), op.get(M), op.geS, op.brIf(1));
  e(op.v128Zero, op.set(A0), op.v128Zero, op.set(A1), op.i32(0), op.set(OFF));
  e(op.block, op.loop);
  e(op.get(OFF), op.get(END4), op.geS, op.brIf(1));
  e(op.get(A0), op.get(A), op.get(OFF), op.add, op.v128Load(0), op.get(H), op.get(OFF), op.add, op.v128Load(0), op.f64x2Mul, op.f64x2Add, op.set(A0));
  e(op.get(A1), op.get(A), op.get(OFF), op.add, op.v128Load(16), op.get(H), op.get(OFF), op.add, op.v128Load(16), op.f64x2Mul, op.f64x2Add, op.set(A1));
  e(op.get(OFF), op.i32(32), op.add, op.set(OFF));
  e(op.br(0), op.end, op.end);
  e(op.get(OFF), op.get(END), op.ltS, op.if_);
  e(op.get(A0), op.get(A), op.get(OFF), op.add, op.v128Load(0), op.get(H), op.get(OFF), op.add, op.v128Load(0), op.f64x2Mul, op.f64x2Add, op.set(A0));
  e(op.end);
  e(op.get(A0), op.get(A1), op.f64x2Add, op.set(A0));
  e(op.get(Y), op.get(Y), op.f64Load, op.get(A0), op.f64x2Extract(0), op.get(A0), op.f64x2Extract(1), op.f64Add, op.f64Sub, op.f64Store);
  e(op.get(A), op.get(S), op.add, op.set(A));
  e(op.get(Y), op.i32(8), op.add, op.set(Y));
  e(op.get(I), op.i32(1), op.add, op.set(I));
  e(op.br(0), op.end, op.end);
  return done([[4, I32], [2, V128]]);
}

/**
 * gemvT(M, L, A, S, X, G), all i32 (as gemvN, x_i at X + 8i): g_u += Σ_{i<M} a_iu x_i for u < L
 * (L even), each g_u summed over the rows in order (blockedTridiagonalize.ts columnDots's order).
 */
export function gemvTBody(): number[] {
  const [M, L, A, S, X, G] = [0, 1, 2, 3, 4, 5];
  const [I, OFF, END] = [6, 7, 8]; // i32
  const [XV] = [9]; // v128
  const { e, done } = body();
  e(op.get(L), op.i32(8), op.mul, op.set(END));
  e(op.i32(0), op.set(I));
  e(op.block, op.loop);
  e(op.get(I), op.get(M), op.geS, op.brIf(1));
  e(op.get(X), op.v128Load64Splat(0), op.set(XV), op.i32(0), op.set(OFF));
  e(op.block, op.loop);
  e(op.get(OFF), op.get(END), op.geS, op.brIf(1));
  e(op.get(G), op.get(OFF), op.add, op.get(G), op.get(OFF), op.add, op.v128Load(0), op.get(A), op.get(OFF), op.add, op.v128Load(0), op.get(XV), op.f64x2Mul, op.f64x2Add, op.v128Store(0));
  e(op.get(OFF), op.i32(16), op.add, op.set(OFF));
  e(op.br(0), op.end, op.end);
  e(op.get(A), op.get(S), op.add, op.set(A));
  e(op.get(X), op.i32(8), op.add, op.set(X));
  e(op.get(I), op.i32(1), op.add, op.set(I));
  e(op.br(0), op.end, op.end);
  return done([[3, I32], [1, V128]]);
}
