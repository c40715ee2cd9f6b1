import type { JacobiMatrix } from './jacobiMatrix.js';

const EPS = 2.220446049250313e-16;

/** An m-point Gauss rule: nodes ascending, positive weights summing to the mass of the measure. */
export interface GaussRule {
  nodes: Float64Array;
  weights: Float64Array;
}

/**
 * Golub–Welsch (docs/compression.md §1): the Gauss nodes are the eigenvalues θ_j of the Jacobi
 * matrix J, found by implicit symmetric tridiagonal QL with shifts (EISPACK tql1); the weights are
 * μ0 z_0² / ‖z‖² for the eigenvector z of J at θ_j.
 *
 * The eigenvector comes from a twisted factorisation of J − θ_j (Dhillon–Parlett): forward pivots
 * D⁺_k of LDLᵀ, backward pivots D⁻_k of UDUᵀ, twist index r = argmin_k |γ_k| with
 * γ_k = D⁺_k + D⁻_k − (a_k − θ_j); then z_r = 1 and outwards z_k = −b_k z_{k+1}/D⁺_k (k < r),
 * z_k = −b_{k−1} z_{k−1}/D⁻_k (k > r). Every component is a product of ratios, so it has full
 * *relative* precision however small it is. This matters: a node that has converged to an isolated
 * eigenvalue (the sparse top of a power law) has an eigenvector that decays along k, where the
 * Christoffel form μ0/Σ p_k(θ)² runs the three-term recurrence in its unstable direction (5e-8
 * error in a weight of 1 seen at d = 4096), and μ0·(QL first component)² is only accurate to ε μ0.
 */
export function golubWelsch(J: JacobiMatrix): GaussRule {
  const m = J.m;
  const { a, b } = J;
  const nodes = tridiagonalEigenvalues(a, b, m);
  const weights = new Float64Array(m);
  const dPlus = new Float64Array(m);
  const dMinus = new Float64Array(m);
  const z = new Float64Array(m);
  let scale = 0;
  for (let k = 0; k < m; k++) scale = Math.max(scale, Math.abs(a[k]) + (k > 0 ? b[k - 1] : 0) + (k + 1 < m ? b[k] : 0));
  const tiny = EPS * EPS * (scale > 0 ? scale : 1);
  for (let j = 0; j < m; j++) {
    const theta = nodes[j];
    const nonzero = (v: number) => (v === 0 ? tiny : v);
    dPlus[0] = nonzero(a[0] - theta);
    for (let k = 1; k < m; k++) dPlus[k] = nonzero(a[k] - theta - (b[k - 1] * b[k - 1]) / dPlus[k - 1]);
    dMinus[m - 1] = nonzero(a[m - 1] - theta);
    for (let k = m - 2; k >= 0; k--) dMinus[k] = nonzero(a[k] - theta - (b[k] * b[k]) / dMinus[k + 1]);
    let r = 0;
    let best = Infinity;
    for (let k = 0; k < m; k++) {
      const g = Math.abs(dPlus[k] + dMinus[k] - (a[k] - theta));
      if (g < best) {
        best = g;
        r = k;
      }
    }
    z[r] = 1;
    let norm2 = 1;
    for (let k = r - 1; k >= 0; k--) {
      z[k] = (-b[k] * z[k + 1]) / dPlus[k];
      norm2 += z[k] * z[k];
    }
    for (let k = r + 1; k < m; k++) {
      z[k] = (-b[k - 1] * z[k - 1]) / dMinus[k];
      norm2 += z[k] * z[k];
    }
    weights[j] = (J.mass * (z[0] * z[0])) / norm2;
  }
  return { nodes, weights };
}

/**
 * Eigenvalues (ascending) of the symmetric tridiagonal matrix with diagonal `diag[0 … m−1]` and
 * off-diagonal `off[0 … m−2]`: implicit QL with shifts, O(m²), deterministic.
 */
export function tridiagonalEigenvalues(diag: ArrayLike<number>, off: ArrayLike<number>, m: number): Float64Array {
  const d = new Float64Array(m);
  const e = new Float64Array(m);
  for (let i = 0; i < m; i++) d[i] = diag[i];
  for (let i = 0; i + 1 < m; i++) e[i] = off[i];
  for (let l = 0; l < m; l++) {
    for (let iter = 0; ; iter++) {
      let mm = l;
      for (; mm < m - 1; mm++) {
        const dd = Math.abs(d[mm]) + Math.abs(d[mm + 1]);
        if (Math.abs(e[mm]) <= EPS * dd) break;
      }
      if (mm === l) break;
      if (iter === 100) break; // not reached for Jacobi matrices (well-separated, bounded spectrum)
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = Math.hypot(g, 1);
      g = d[mm] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = mm - 1;
      let deflated = false;
      for (; i >= l; i--) {
        const f = s * e[i];
        const bb = c * e[i];
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] -= p;
          e[mm] = 0;
          deflated = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * bb;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - bb;
      }
      if (deflated) continue;
      d[l] -= p;
      e[l] = g;
      e[mm] = 0;
    }
  }
  return d.sort();
}
