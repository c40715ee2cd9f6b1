import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random/random.js';
import { sampleSetDistances } from '../../src/transition/sampleSetDistances.js';
import { naiveDensity, scaledIdentity } from './helpers.js';

function sample(count: number, d: number, rng: Random, mean = 10, sd = 1): Float64Array {
  const x = new Float64Array(count * d);
  rng.fillNormal(x);
  for (let i = 0; i < x.length; i++) x[i] = mean + sd * x[i];
  return x;
}

/** (1/(n_a n_b)) Σ N(a_i; b_j, v I) by direct summation. */
function naiveCross(a: Float64Array, b: Float64Array, d: number, v: number): number {
  const na = a.length / d;
  const nb = b.length / d;
  let s = 0;
  for (let i = 0; i < na; i++) for (let j = 0; j < nb; j++) s += naiveDensity(a.subarray(i * d, i * d + d), b.subarray(j * d, j * d + d), scaledIdentity(d, v));
  return s / (na * nb);
}

describe('transition metric for sample files (kernel estimates of T, O and G)', () => {
  it('E_TG, E_OG and Δ equal direct double sums (d = 3), σ estimated from the original set', () => {
    const rng = new Random(41);
    const d = 3;
    const t = sample(9, d, rng);
    const o = sample(40, d, rng);
    const g = sample(15, d, rng, 10.2, 0.7);
    const r = sampleSetDistances({ train: { points: t, count: 9 }, original: { points: o, count: 40 }, generated: { points: g, count: 15 }, d });
    const mean = [0, 0, 0];
    for (let k = 0; k < 40; k++) for (let i = 0; i < d; i++) mean[i] += o[k * d + i] / 40;
    let v = 0;
    for (let k = 0; k < 40; k++) for (let i = 0; i < d; i++) v += (o[k * d + i] - mean[i]) ** 2;
    const sigma = Math.sqrt(v / (39 * d));
    expect(r.sigma).toBeCloseTo(sigma, 13);
    const e = (n: number) => sigma * Math.pow(n, -1 / d);
    const [eT, eO, eG] = [e(9), e(40), e(15)];
    const tt = naiveCross(t, t, d, 2 * eT * eT);
    const oo = naiveCross(o, o, d, 2 * eO * eO);
    const gg = naiveCross(g, g, d, 2 * eG * eG);
    const tg = naiveCross(t, g, d, eT * eT + eG * eG);
    const og = naiveCross(o, g, d, eO * eO + eG * eG);
    expect(r.eTG).toBeCloseTo(tt - 2 * tg + gg, 12);
    expect(r.eOG).toBeCloseTo(oo - 2 * og + gg, 12);
    expect(r.delta).toBeCloseTo(tt - oo - 2 * tg + 2 * og, 12);
    expect(r.deltaPositive).toBe(tt - oo - 2 * tg + 2 * og > 0);
  });

  it('per-coordinate variant (eq. 23–24, widths σ/size) equals direct 1-D sums', () => {
    const rng = new Random(42);
    const d = 2;
    const t = sample(7, d, rng);
    const o = sample(30, d, rng);
    const g = sample(11, d, rng);
    const r = sampleSetDistances({ train: { points: t, count: 7 }, original: { points: o, count: 30 }, generated: { points: g, count: 11 }, d, sigma: 1 });
    const col = (x: Float64Array, i: number) => Float64Array.from({ length: x.length / d }, (_, k) => x[k * d + i]);
    let eTG = 0;
    let delta = 0;
    for (let i = 0; i < d; i++) {
      const [ti, oi, gi] = [col(t, i), col(o, i), col(g, i)];
      const [eT, eO, eG] = [1 / 7, 1 / 30, 1 / 11];
      const tt = naiveCross(ti, ti, 1, 2 * eT * eT);
      const oo = naiveCross(oi, oi, 1, 2 * eO * eO);
      const gg = naiveCross(gi, gi, 1, 2 * eG * eG);
      const tg = naiveCross(ti, gi, 1, eT * eT + eG * eG);
      const og = naiveCross(oi, gi, 1, eO * eO + eG * eG);
      eTG += tt - 2 * tg + gg;
      delta += tt - oo - 2 * (tg - og);
    }
    expect(r.perCoordinate!.eTG).toBeCloseTo(eTG, 11);
    expect(r.perCoordinate!.delta).toBeCloseTo(delta, 11);
  });

  it('a generator that copies its training set is classified as memorising (Δ < 0, E_TG = 0 exactly)', () => {
    const rng = new Random(43);
    const d = 8;
    for (let rep = 0; rep < 10; rep++) {
      const t = sample(30, d, rng);
      const o = sample(400, d, rng);
      const copy = sampleSetDistances({ train: { points: t, count: 30 }, original: { points: o, count: 400 }, generated: { points: t, count: 30 }, d, sigma: 1 });
      expect(copy.deltaPositive).toBe(false);
      expect(Math.abs(copy.eTG)).toBeLessThan(1e-14 * copy.eOG);
    }
  });

  it('rejects mismatched shapes naming the set', () => {
    const x = new Float64Array(6);
    expect(() => sampleSetDistances({ train: { points: x, count: 4 }, original: { points: x, count: 3 }, generated: { points: x, count: 3 }, d: 2 })).toThrow(/train\.points/);
    expect(() => sampleSetDistances({ train: { points: x, count: 3 }, original: { points: new Float64Array(6).fill(1), count: 3 }, generated: { points: x, count: 3 }, d: 2 })).toThrow(/σ cannot be estimated/);
  });
});
