import type { Spectrum } from '../../spectra/spectrum.js';
import type { ModelEnsemble } from '../model/ensemble.js';
import type { LossMeasures } from '../lossSums/lossMeasures.js';
import { lossTraceCoefficients, finiteOrInfinite } from './lossSpread.js';
import { traceDerivative, tracePoint, type TracePoint } from './traceCovariance.js';

/**
 * The spread over training sets of a schedule's reduced losses Σ_t w_t M_t (docs/theory.md §6.10).
 * One training set's levels share Ŝ and δμ, so the sum's variance is Σ_t Σ_s w_t w_s Cov(M_t, M_s),
 * which needs the covariance between levels, not only each level's variance. M_t is a smooth
 * function of u = log ζ_t (for a constant c), so the double sum is taken on J Chebyshev nodes in u
 * with the schedule's weights moved onto them by Lagrange interpolation (W_a = Σ_t w_t ℓ_a(u_t)):
 * Var ≈ Σ_a Σ_b W_a W_b Cov(M(u_a), M(u_b)). Each node's measure is a combination of six trace
 * statistics tr bG(w) (tr G at w, at w ± h for tr G² = −∂_w tr G, tr ΣG at w ± h for tr ΣG², and
 * tr B∞G at w), so the whole variance is βᵀKβ with K the 6J × 6J covariance of those statistics
 * (traceCovariance.ts, formed from three Gram matrices of the per-eigenvalue terms).
 */
export interface ScheduleSpreadInput {
  spectrum: Spectrum;
  ens: ModelEnsemble;
  /** ζ_t of every step. */
  zeta: ArrayLike<number>;
  /** The constant regularisation c (z_t = ζ_t + c). */
  c: number;
  /** Step weights (undefined: 1 each). */
  weights?: ArrayLike<number>;
  /** Divide the sum by Σ w_t. */
  mean: boolean;
  /** Multiply by this (1/d per dimension). */
  scale: number;
}

/** Chebyshev nodes in log ζ (checked against the exact double sum in test/predictions/spread.test.ts). */
export const SCHEDULE_SPREAD_NODES = 40;

/** Relative step of the central differences in w (as lossSpread.ts). */
const STEP = 1e-3;

/** Standard deviations of the five reduced measures (referenceLoss 0). */
export function scheduleSpread(input: ScheduleSpreadInput): LossMeasures {
  const { spectrum, ens, zeta, c } = input;
  const T = zeta.length;
  let uMin = Infinity;
  let uMax = -Infinity;
  for (let t = 0; t < T; t++) {
    const u = Math.log(zeta[t]);
    uMin = Math.min(uMin, u);
    uMax = Math.max(uMax, u);
  }
  const norm = (input.mean ? 1 / sumOf(input.weights, T) : 1) * input.scale;
  if (T <= SCHEDULE_SPREAD_NODES) {
    // Few levels: the exact double sum, the levels themselves as nodes.
    const W = Float64Array.from({ length: T }, (_, t) => (input.weights ? input.weights[t] : 1) * norm);
    return spreadOnNodes(spectrum, ens, Array.from(zeta), c, W);
  }
  const J = uMax - uMin > 1e-12 * Math.max(1, Math.abs(uMax)) ? SCHEDULE_SPREAD_NODES : 1;
  const nodes = chebyshevNodes(J, uMin, uMax);
  // W_a = Σ_t w_t ℓ_a(u_t), with the reduction and scale folded in.
  const W = new Float64Array(J);
  const ell = new Float64Array(J);
  for (let t = 0; t < T; t++) {
    const wt = (input.weights ? input.weights[t] : 1) * norm;
    lagrangeWeights(nodes, Math.log(zeta[t]), ell);
    for (let a = 0; a < J; a++) W[a] += wt * ell[a];
  }
  return spreadOnNodes(spectrum, ens, nodes.map((u) => Math.exp(u)), c, W);
}

/** The variance of Σ_a W_a M(ζ_a) as βᵀKβ (the file comment), then the square roots. */
export function spreadOnNodes(spectrum: Spectrum, ens: ModelEnsemble, zetas: number[], c: number, W: ArrayLike<number>): LossMeasures {
  const n = ens.n;
  const ev = spectrum.eigenvalues;
  const om = spectrum.weights;
  const p = ev.length;
  const J = zetas.length;
  // Per node: three points (w − h, w, w + h) and six items (point, weight).
  const points: TracePoint[] = [];
  const items: { point: number; dx: Float64Array }[] = [];
  const one = new Float64Array(p).fill(1);
  const coef: { train: number[]; test: number[]; gap: number[]; alignment: number[] }[] = [];
  const form = new Float64Array(J * p); // per node: ζ r² λ_i [G²]_ii at its deterministic equivalent
  for (let a = 0; a < J; a++) {
    const zeta = zetas[a];
    const z = zeta + c;
    const w = ens.r * z;
    const h = STEP * w;
    const base = points.length;
    const lo = tracePoint(spectrum, n, w - h);
    const ce = tracePoint(spectrum, n, w);
    const hi = tracePoint(spectrum, n, w + h);
    points.push(lo, ce, hi);
    const bInf = Float64Array.from(ev, (l) => (l + zeta) / (l + z));
    // item order per node: (c,1), (lo,1), (hi,1), (lo,λ), (hi,λ), (c,B∞)
    items.push({ point: base + 1, dx: traceDerivative(spectrum, ce, one) });
    items.push({ point: base, dx: traceDerivative(spectrum, lo, one) });
    items.push({ point: base + 2, dx: traceDerivative(spectrum, hi, one) });
    items.push({ point: base, dx: traceDerivative(spectrum, lo, ev) });
    items.push({ point: base + 2, dx: traceDerivative(spectrum, hi, ev) });
    items.push({ point: base + 1, dx: traceDerivative(spectrum, ce, bInf) });
    coef.push(lossTraceCoefficients(ens, { alphaBar: 1 / (1 + zeta), zeta, z, cEff: c }));
    const kp = n / ce.g;
    for (let i = 0; i < p; i++) {
      const t = 1 / (ev[i] + ce.kappa);
      const g2 = (ce.kappa * t) / (w * w) - (kp * t) / w + (ce.kappa * kp * t * t) / w;
      form[a * p + i] = zeta * ens.r * ens.r * g2 * ev[i];
    }
  }
  const I = items.length;
  const P = points.length;
  // Gram matrices with the ω weights, over the eigenvalues, divided by n.
  const gxx = gram(points.map((q) => q.x), points.map((q) => q.x), om, n);
  const gdx = gram(items.map((q) => q.dx), points.map((q) => q.x), om, n);
  const gdd = gram(items.map((q) => q.dx), items.map((q) => q.dx), om, n);
  const K = new Float64Array(I * I);
  for (let i = 0; i < I; i++) {
    for (let j = i; j < I; j++) {
      const pi = items[i].point;
      const pj = items[j].point;
      const psi = gxx[pi * P + pj];
      const psi1 = gdx[i * P + pj];
      const psi2 = gdx[j * P + pi];
      const q = 1 - psi;
      const v = (2 * (gdd[i * I + j] / q + (psi1 * psi2) / (q * q))) / (points[pi].w * points[pj].w);
      K[i * I + j] = v;
      K[j * I + i] = v;
    }
  }
  // β per measure: node a's six item coefficients times W_a (trace coefficients × stencils).
  const variance = (pick: (k: (typeof coef)[number]) => number[]): number => {
    const beta = new Float64Array(I);
    for (let a = 0; a < J; a++) {
      const [c1, c2, c4, cb] = pick(coef[a]);
      const h = STEP * points[3 * a + 1].w;
      const b = 6 * a;
      beta[b] += W[a] * c1;
      // tr G² = −∂_w tr G: −(hi − lo)/(2h)
      beta[b + 2] += (-W[a] * c2) / (2 * h);
      beta[b + 1] += (W[a] * c2) / (2 * h);
      beta[b + 4] += (-W[a] * c4) / (2 * h);
      beta[b + 3] += (W[a] * c4) / (2 * h);
      beta[b + 5] += W[a] * cb;
    }
    let s = 0;
    for (let i = 0; i < I; i++) {
      if (beta[i] === 0) continue;
      let row = 0;
      for (let j = 0; j < I; j++) row += K[i * I + j] * beta[j];
      s += beta[i] * row;
    }
    return s;
  };
  // The δμ forms of all levels share δμ: Var Σ_a W_a δμᵀA_aδμ = 2 Σ_i ω_i (Σ_a W_a [A_aΣ]_ii)²/N².
  let formVar = 0;
  if (ens.meanFactor > 0) {
    for (let i = 0; i < p; i++) {
      let s = 0;
      for (let a = 0; a < J; a++) s += W[a] * form[a * p + i];
      formVar += om[i] * s * s;
    }
    formVar = (2 * formVar) / (ens.N * ens.N);
  }
  const sd = (v: number) => finiteOrInfinite(Math.sqrt(Math.max(0, v)));
  return {
    trainLoss: sd(variance((k) => k.train)),
    testLoss: sd(variance((k) => k.test) + formVar),
    gap: sd(variance((k) => k.gap) + formVar),
    referenceLoss: 0,
    alignment: sd(variance((k) => k.alignment) + formVar),
  };
}

function sumOf(weights: ArrayLike<number> | undefined, T: number): number {
  if (!weights) return T;
  let s = 0;
  for (let t = 0; t < T; t++) s += weights[t];
  return s;
}

/** (1/n) Σ_i ω_i a_i b_i for every pair of rows (row-major |A| × |B|). */
function gram(A: Float64Array[], B: Float64Array[], om: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(A.length * B.length);
  const m = om.length;
  for (let i = 0; i < A.length; i++) {
    const a = A[i];
    for (let j = 0; j < B.length; j++) {
      const b = B[j];
      let s = 0;
      for (let k = 0; k < m; k++) s += om[k] * a[k] * b[k];
      out[i * B.length + j] = s / n;
    }
  }
  return out;
}

/** J Chebyshev points of the second kind on [lo, hi] (one point, the midpoint, for J = 1). */
function chebyshevNodes(J: number, lo: number, hi: number): number[] {
  if (J === 1) return [(lo + hi) / 2];
  return Array.from({ length: J }, (_, a) => lo + ((hi - lo) * (1 - Math.cos((Math.PI * a) / (J - 1)))) / 2);
}

/** Lagrange basis values ℓ_a(u) at the nodes (barycentric form, second-kind weights). */
function lagrangeWeights(nodes: number[], u: number, out: Float64Array): void {
  const J = nodes.length;
  if (J === 1) {
    out[0] = 1;
    return;
  }
  let sum = 0;
  for (let a = 0; a < J; a++) {
    const diff = u - nodes[a];
    if (diff === 0) {
      out.fill(0);
      out[a] = 1;
      return;
    }
    const v = ((a % 2 === 0 ? 1 : -1) * (a === 0 || a === J - 1 ? 0.5 : 1)) / diff;
    out[a] = v;
    sum += v;
  }
  for (let a = 0; a < J; a++) out[a] /= sum;
}
