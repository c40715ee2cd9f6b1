/**
 * The body of wasmKernels.ts's sweep2 (tridiagonalize.ts's fused sweep for one step), rows taken
 * two at a time. Per row the operations are those of tridiagonalize.ts pairSweep, in its order
 * (a row's dot product in two lanes: even and odd offsets from c + 1, summed at the end of the
 * row, an odd leftover added last); q_j receives row i's contribution before row i + 1's, as
 * when the rows are swept one after the other. The two rows' dot products are independent
 * chains, which is the point: one row's chain of f64x2 additions was the loop's critical path.
 */
import { F64, I32, V128, body, op } from './wasmAssembler.js';

/**
 * sweep2(n, c, k, W, P, Q), all i32, W/P/Q byte addresses of the n × n matrix w and the vectors
 * p, q: for rows i = c+1 … n−1, with v = row k of w, u = row c of w,
 *   b_ij = w_ij − (v_i p_j + p_i v_j);  w_ij = b_ij;  s += b_ij u_j;  q_j += b_ij u_i   (j < i)
 *   b_ii likewise;  q_i += s + b_ii u_i.
 */
export function sweep2Body(): number[] {
  const [NN, C, KR, W, P, Q] = [0, 1, 2, 3, 4, 5];
  const [I, J, RK, RC, OFF, RA, RB, JB] = [6, 7, 8, 9, 10, 11, 12, 13]; // i32
  const [VIA, WIA, UIA, VIB, WIB, UIB, SS, BB] = [14, 15, 16, 17, 18, 19, 20, 21]; // f64
  const [SVA, VVA, WVA, UVA, SVB, VVB, WVB, UVB, BA, BBV, PT, KT, UT] = [22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34]; // v128
  const { e, done } = body();
  const A = { R: RA, VI: VIA, WI: WIA, UI: UIA, VV: VVA, WV: WVA, UV: UVA, SV: SVA };
  const B = { R: RB, VI: VIB, WI: WIB, UI: UIB, VV: VVB, WV: WVB, UV: UVB, SV: SVB };
  type Row = typeof A;
  const rowAddr = (pushRow: () => void, to: number) => {
    e(op.get(W));
    pushRow();
    e(op.get(NN), op.mul, op.i32(8), op.mul, op.add, op.set(to));
  };
  /** Row state for row index pushed by pushRow: address, v_i, p_i, u_i and their splats; s = 0. */
  const loadRow = (r: Row, pushRow: () => void) => {
    rowAddr(pushRow, r.R);
    pushRow();
    e(op.i32(8), op.mul, op.set(OFF));
    e(op.get(RK), op.get(OFF), op.add, op.f64Load, op.set(r.VI));
    e(op.get(P), op.get(OFF), op.add, op.f64Load, op.set(r.WI));
    e(op.get(RC), op.get(OFF), op.add, op.f64Load, op.set(r.UI));
    e(op.get(r.VI), op.f64x2Splat, op.set(r.VV), op.get(r.WI), op.f64x2Splat, op.set(r.WV), op.get(r.UI), op.f64x2Splat, op.set(r.UV));
    e(op.v128Zero, op.set(r.SV));
  };
  /** One pair of row r at OFF: b = w − (v_i p + p_i v); w = b; s += b u; q += b u_i. */
  const pairOne = (r: Row) => {
    e(op.get(r.R), op.get(OFF), op.add, op.v128Load(0));
    e(op.get(r.VV), op.get(P), op.get(OFF), op.add, op.v128Load(0), op.f64x2Mul);
    e(op.get(r.WV), op.get(RK), op.get(OFF), op.add, op.v128Load(0), op.f64x2Mul);
    e(op.f64x2Add, op.f64x2Sub, op.set(BA));
    e(op.get(r.R), op.get(OFF), op.add, op.get(BA), op.v128Store(0));
    e(op.get(r.SV), op.get(BA), op.get(RC), op.get(OFF), op.add, op.v128Load(0), op.f64x2Mul, op.f64x2Add, op.set(r.SV));
    e(op.get(Q), op.get(OFF), op.add, op.get(Q), op.get(OFF), op.add, op.v128Load(0), op.get(BA), op.get(r.UV), op.f64x2Mul, op.f64x2Add, op.v128Store(0));
  };
  /** One pair of both rows at OFF (p, v, u loaded once); q gets row A's term, then row B's. */
  const pairTwo = () => {
    e(op.get(P), op.get(OFF), op.add, op.v128Load(0), op.set(PT));
    e(op.get(RK), op.get(OFF), op.add, op.v128Load(0), op.set(KT));
    e(op.get(RC), op.get(OFF), op.add, op.v128Load(0), op.set(UT));
    for (const [r, to] of [[A, BA], [B, BBV]] as const) {
      e(op.get(r.R), op.get(OFF), op.add, op.v128Load(0));
      e(op.get(r.VV), op.get(PT), op.f64x2Mul, op.get(r.WV), op.get(KT), op.f64x2Mul, op.f64x2Add, op.f64x2Sub, op.set(to));
      e(op.get(r.R), op.get(OFF), op.add, op.get(to), op.v128Store(0));
      e(op.get(r.SV), op.get(to), op.get(UT), op.f64x2Mul, op.f64x2Add, op.set(r.SV));
    }
    e(op.get(Q), op.get(OFF), op.add);
    e(op.get(Q), op.get(OFF), op.add, op.v128Load(0), op.get(BA), op.get(UVA), op.f64x2Mul, op.f64x2Add);
    e(op.get(BBV), op.get(UVB), op.f64x2Mul, op.f64x2Add, op.v128Store(0));
  };
  /** Scalar element of row r at column index local `col`: BB = w − (v_i p + p_i v); w = BB. */
  const scalarUpdate = (r: Row, col: number) => {
    e(op.get(col), op.i32(8), op.mul, op.set(OFF));
    e(op.get(r.R), op.get(OFF), op.add, op.f64Load);
    e(op.get(r.VI), op.get(P), op.get(OFF), op.add, op.f64Load, op.f64Mul);
    e(op.get(r.WI), op.get(RK), op.get(OFF), op.add, op.f64Load, op.f64Mul);
    e(op.f64Add, op.f64Sub, op.set(BB));
    e(op.get(r.R), op.get(OFF), op.add, op.get(BB), op.f64Store);
  };
  /**
   * The rest of row r (index pushed by pushEnd) from column J: its pairs, s = lane 0 + lane 1,
   * the odd leftover, then the diagonal and q_i += s + b_ii u_i. Uses the local I as scratch.
   */
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
    scalarUpdate(r, J);
    e(op.get(SS), op.get(BB), op.get(RC), op.get(OFF), op.add, op.f64Load, op.f64Mul, op.f64Add, op.set(SS));
    e(op.get(Q), op.get(OFF), op.add, op.get(Q), op.get(OFF), op.add, op.f64Load, op.get(BB), op.get(r.UI), op.f64Mul, op.f64Add, op.f64Store);
    e(op.end);
    scalarUpdate(r, diag);
    e(op.get(Q), op.get(OFF), op.add, op.get(Q), op.get(OFF), op.add, op.f64Load, op.get(SS), op.get(BB), op.get(r.UI), op.f64Mul, op.f64Add, op.f64Add, op.f64Store);
  };
  const pushI = () => e(op.get(I));
  const pushI1 = () => e(op.get(I), op.i32(1), op.add);

  rowAddr(() => e(op.get(KR)), RK);
  rowAddr(() => e(op.get(C)), RC);
  e(op.get(C), op.i32(1), op.add, op.set(I));
  e(op.block, op.loop);
  e(op.get(I), op.get(NN), op.geS, op.brIf(1));
  e(op.get(I), op.i32(1), op.add, op.get(NN), op.ltS, op.if_);
  {
    // rows I and I + 1 together while both have pairs (j + 1 < I), then each finished in turn
    loadRow(A, pushI);
    loadRow(B, pushI1);
    e(op.get(C), op.i32(1), op.add, op.set(J));
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
    // the diagonal index of row B is I + 1: kept in JB's place after J is restored
    e(op.get(I), op.i32(1), op.add, op.set(JB));
    finishRow(B, pushI1, JB);
    e(op.get(I), op.i32(2), op.add, op.set(I));
  }
  e(op.else_);
  {
    loadRow(A, pushI);
    e(op.get(C), op.i32(1), op.add, op.set(J));
    finishRow(A, pushI, I);
    e(op.get(I), op.i32(1), op.add, op.set(I));
  }
  e(op.end);
  e(op.br(0), op.end, op.end);
  return done([[8, I32], [8, F64], [13, V128]]);
}
