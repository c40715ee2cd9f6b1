import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random/random.js';
import { clusteredProportionInterval } from '../../src/statistics/clusteredProportion.js';
import { wilsonInterval } from '../../src/statistics/wilsonInterval.js';
import { transitionAcrossOriginalSets } from '../../src/transition/acrossOriginalSets.js';
import { transitionCurve } from '../../src/transition/transitionCurve.js';

describe('P(Δ > 0) with the original set\'s variation (issue 12 audit)', () => {
  it('equals Wilson when the groups agree, is wider when they do not', () => {
    const same = clusteredProportionInterval([10, 10, 10, 10], [40, 40, 40, 40]);
    const w = wilsonInterval(40, 160);
    expect(same.low).toBeCloseTo(w.low, 14);
    expect(same.high).toBeCloseTo(w.high, 14);
    const split = clusteredProportionInterval([0, 40, 0, 40], [40, 40, 40, 40]);
    expect(split.estimate).toBe(0.5);
    expect(split.high - split.low).toBeGreaterThan(3 * (wilsonInterval(80, 160).high - wilsonInterval(80, 160).low));
    expect(split.low).toBe(0);
    expect(split.high).toBe(1);
    expect(() => clusteredProportionInterval([1], [2])).toThrow(/groups/);
    expect(() => clusteredProportionInterval([3, 1], [2, 2])).toThrow(/successes\[0\] = 3/);
  });

  it('covers the mean of a beta-binomial at ≥ 93 % where Wilson of the pooled count does not', () => {
    // K groups share a random p_g ~ Beta(2, 3) (mean 0.4): the situation of draws that share an
    // original set. 2000 replicates; binomial sd of a 95 % coverage estimate is 0.005.
    const rng = new Random(12);
    const beta = (a: number, b: number): number => {
      const g = (k: number) => {
        let s = 0;
        for (let i = 0; i < k; i++) s -= Math.log(rng.uniform());
        return s;
      };
      const x = g(a);
      return x / (x + g(b));
    };
    let covered = 0;
    let wilsonCovered = 0;
    const R = 2000;
    for (let r = 0; r < R; r++) {
      const succ: number[] = [];
      const trials = [30, 30, 30, 30, 30, 30, 30, 30];
      for (const t of trials) {
        const p = beta(2, 3);
        let k = 0;
        for (let i = 0; i < t; i++) if (rng.uniform() < p) k++;
        succ.push(k);
      }
      const ci = clusteredProportionInterval(succ, trials);
      if (ci.low <= 0.4 && 0.4 <= ci.high) covered++;
      const w = wilsonInterval(succ.reduce((a, b) => a + b, 0), 240);
      if (w.low <= 0.4 && 0.4 <= w.high) wilsonCovered++;
    }
    expect(covered / R).toBeGreaterThan(0.93);
    expect(wilsonCovered / R).toBeLessThan(0.8);
  });

  it('pools every draw of K groups, each with its own original set', () => {
    const options = { d: 4, ns: [3, 8, 20], originalSize: 200, draws: 40, seed: 3, T: 1 };
    const r = transitionAcrossOriginalSets({ ...options, originalSets: 4 });
    expect(r.rows.map((x) => x.n)).toEqual([3, 8, 20]);
    expect(r.pooled.draws).toBe(40);
    for (const [t, row] of r.rows.entries()) {
      expect(row.positive).toBe(r.pooled.rows[t].positive);
      expect(row.interval.low).toBeLessThanOrEqual(r.pooled.rows[t].pLow + 1e-15);
      expect(row.interval.high).toBeGreaterThanOrEqual(r.pooled.rows[t].pHigh - 1e-15);
    }
    // Group 0 is exactly the single-set curve with seed 3 and its share of the draws.
    const g0 = transitionCurve({ ...options, draws: 10, keepSamples: true });
    const pooled = transitionAcrossOriginalSets({ ...options, originalSets: 4, keepSamples: true });
    for (const name of ['eOG', 'eTG', 'deltaPositive']) {
      expect(Array.from(pooled.pooled.samples![name][2].subarray(0, 10))).toEqual(Array.from(g0.samples![name][2]));
    }
    // Group 1 has another original set: its E_OG values differ from a same-seed single-set run's.
    const g1 = transitionCurve({ ...options, draws: 10, seed: 4, keepSamples: true });
    expect(Array.from(pooled.pooled.samples!.eOG[2].subarray(10, 20))).toEqual(Array.from(g1.samples!.eOG[2]));
    expect(Array.from(pooled.pooled.samples!.eOG[2].subarray(10, 20))).not.toEqual(Array.from(g0.samples!.eOG[2]));
    expect(() => transitionAcrossOriginalSets({ ...options, draws: 5, originalSets: 4 })).toThrow(/draws = 5/);
  });
});
