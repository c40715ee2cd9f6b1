import { EigenvalueDecomposition } from 'ml-matrix';
import { afterEach, describe, expect, it } from 'vitest';
import { tridiagonalizeBlocked } from '../../src/linalg/blockedTridiagonalize.js';
import { setBlockedFrom, symmetricEigen } from '../../src/linalg/symmetricEigen.js';
import { tridiagonalize } from '../../src/linalg/tridiagonalize.js';
import { setWasmKernels } from '../../src/linalg/wasmKernels.js';
import { Random } from '../../src/random/random.js';
import { EPS, frobenius, randomSpd, toMl } from './helpers.js';

/**
 * The blocked (dsytrd-style) tridiagonalisation on the 'dc' path: the same accuracy bounds as the
 * unblocked one (symmetricEigenDC.test.ts, C = 20): eigenvalues within C·n·ε·‖A‖_F of
 * ml-matrix's, and for the large sizes — where a dense reference is too slow — the residual
 * ‖AV − VΛ‖_F/‖A‖_F ≤ C·n·ε and ‖VᵀV − I‖_F ≤ C·n·ε, computed exactly from the returned V.
 * Sizes cover every n mod 4 (the first panel's width depends on it) and panels that end exactly
 * where the last one takes over.
 */
const C = 20;

function goe(n: number, seed: number): Float64Array {
  const g = new Random(seed).fillNormal(new Float64Array(n * n));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = (g[i * n + j] + g[j * n + i]) / 2;
  return a;
}

/** ‖AV − VΛ‖_F and ‖VᵀV − I‖_F for eigenvectors in rows (V[j·n + i] = (v_j)_i), row-wise dot products. */
function residuals(a: Float64Array, values: Float64Array, v: Float64Array, n: number): { residual: number; orthogonality: number } {
  let r = 0;
  let o = 0;
  const av = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const vj = v.subarray(j * n, j * n + n);
    av.fill(0);
    for (let i = 0; i < n; i++) {
      let s = 0;
      const ai = i * n;
      for (let k = 0; k < n; k++) s += a[ai + k] * vj[k];
      av[i] = s;
    }
    for (let i = 0; i < n; i++) r += (av[i] - values[j] * vj[i]) ** 2;
    for (let l = j; l < n; l++) {
      let s = 0;
      const vl = l * n;
      for (let k = 0; k < n; k++) s += vj[k] * v[vl + k];
      const e = s - (j === l ? 1 : 0);
      o += (j === l ? 1 : 2) * e * e;
    }
  }
  return { residual: Math.sqrt(r), orthogonality: Math.sqrt(o) };
}

function blockedEigen(a: Float64Array, n: number) {
  const old = setBlockedFrom(0);
  try {
    return symmetricEigen(a, n, { method: 'dc', layout: 'rows' });
  } finally {
    setBlockedFrom(old);
  }
}

afterEach(() => setWasmKernels(true));

describe('blocked tridiagonalisation (dsytrd panels) in symmetricEigen', () => {
  for (const n of [3, 4, 5, 37, 66, 67, 97, 100, 131, 163]) {
    it(`n = ${n}: eigenvalues match ml-matrix, reconstruction and orthogonality within C·n·ε`, () => {
      const a = n % 2 === 0 ? randomSpd(n, n) : goe(n, n);
      const norm = frobenius(a);
      const res = blockedEigen(a, n);
      const ml = new EigenvalueDecomposition(toMl(a, n), { assumeSymmetric: true });
      const ref = [...ml.realEigenvalues].sort((x, y) => x - y);
      for (let i = 0; i < n; i++) expect(Math.abs(res.values[i] - ref[i])).toBeLessThanOrEqual(C * n * EPS * norm);
      const { residual, orthogonality } = residuals(a, res.values, res.vectors!, n);
      expect(residual).toBeLessThanOrEqual(C * n * EPS * norm);
      expect(orthogonality).toBeLessThanOrEqual(C * n * EPS);
    });
  }

  for (const n of [517, 1024]) {
    it(`n = ${n}: residual ‖AV − VΛ‖/‖A‖ and ‖VᵀV − I‖ within C·n·ε; eigenvalues = the unblocked path's to rounding`, () => {
      const a = goe(n, 7 + n);
      const norm = frobenius(a);
      const res = blockedEigen(a, n);
      const { residual, orthogonality } = residuals(a, res.values, res.vectors!, n);
      expect(residual / norm).toBeLessThanOrEqual(C * n * EPS);
      expect(orthogonality).toBeLessThanOrEqual(C * n * EPS);
      const old = setBlockedFrom(Infinity);
      const ref = symmetricEigen(a, n, { method: 'dc', vectors: false });
      setBlockedFrom(old);
      for (let i = 0; i < n; i++) expect(Math.abs(res.values[i] - ref.values[i])).toBeLessThanOrEqual(C * n * EPS * norm);
    }, 120_000);
  }

  it('gives the same T as the unblocked reduction, to rounding (same reflector signs)', () => {
    for (const n of [70, 133]) {
      const a = goe(n, 3 * n);
      const d1 = new Float64Array(n), e1 = new Float64Array(n), t1 = new Float64Array(n);
      const d2 = new Float64Array(n), e2 = new Float64Array(n), t2 = new Float64Array(n);
      tridiagonalize(Float64Array.from(a), n, d1, e1, t1, new Float64Array(n), new Float64Array(n));
      tridiagonalizeBlocked(a, n, d2, e2, t2);
      const tol = C * n * EPS * frobenius(a);
      for (let i = 0; i < n; i++) {
        expect(Math.abs(d1[i] - d2[i])).toBeLessThanOrEqual(tol);
        expect(Math.abs(e1[i] - e2[i])).toBeLessThanOrEqual(tol);
        expect(Math.abs(t1[i] - t2[i])).toBeLessThanOrEqual(tol);
      }
    }
  });

  it('WebAssembly kernels and TypeScript twins give the same bits (d, e, τ, reflectors)', () => {
    for (const n of [41, 130, 259]) {
      const a = goe(n, n + 1);
      const run = () => {
        const d = new Float64Array(n), e = new Float64Array(n), tau = new Float64Array(n);
        const w = tridiagonalizeBlocked(a, n, d, e, tau);
        const refl = new Float64Array(n * n); // the reflectors only (row k, columns > k, k ≤ n − 3)
        for (let k = 0; k <= n - 3; k++) for (let j = k + 1; j < n; j++) refl[k * n + j] = w[k * n + j];
        return [d, e, tau, refl];
      };
      const withWasm = run();
      setWasmKernels(false);
      const withTs = run();
      setWasmKernels(true);
      for (let t = 0; t < 4; t++) expect(Array.from(withTs[t])).toEqual(Array.from(withWasm[t]));
    }
  });

  it('is deterministic, leaves its input alone, and keeps diagonal and block-diagonal inputs exact', () => {
    const n = 90;
    const a = goe(n, 5);
    const copy = Float64Array.from(a);
    const r1 = blockedEigen(a, n);
    const r2 = blockedEigen(a, n);
    expect(Array.from(a)).toEqual(Array.from(copy));
    expect(Array.from(r1.values)).toEqual(Array.from(r2.values));
    expect(Array.from(r1.vectors!)).toEqual(Array.from(r2.vectors!));
    // Diagonal: every τ = 0, T = A exactly.
    const diag = new Float64Array(n * n);
    for (let i = 0; i < n; i++) diag[i * n + i] = (i * 37) % 11 - 5;
    const d = new Float64Array(n), e = new Float64Array(n), tau = new Float64Array(n);
    tridiagonalizeBlocked(diag, n, d, e, tau);
    for (let i = 0; i < n; i++) expect(d[i]).toBe(diag[i * n + i]);
    expect(e.every((x) => x === 0) && tau.every((x) => x === 0)).toBe(true);
    // Two decoupled blocks (a zero column inside a panel): eigenvalues are the blocks' own.
    const m = 45;
    const b = new Float64Array(n * n);
    const g = goe(m, 11);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) b[i * n + j] = g[i * m + j];
    for (let i = m; i < n; i++) b[i * n + i] = 2;
    const res = blockedEigen(b, n);
    const ref = symmetricEigen(g, m, { vectors: false }).values;
    const all = [...ref, ...new Array<number>(n - m).fill(2)].sort((x, y) => x - y);
    for (let i = 0; i < n; i++) expect(Math.abs(res.values[i] - all[i])).toBeLessThanOrEqual(C * n * EPS * frobenius(b));
  });
});
