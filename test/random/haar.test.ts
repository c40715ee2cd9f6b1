import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { haarOrthogonal } from '../../src/random/haar.js';
import { Random } from '../../src/random/random.js';
import { EPS, catchError, meanAndSe, orthogonalityError } from '../linalg/helpers.js';

describe('haarOrthogonal: orthogonality', () => {
  for (const d of [1, 2, 3, 10, 50]) {
    test.prop([fc.integer({ min: 0, max: 2 ** 31 })], { seed: 500 + d, numRuns: d === 50 ? 5 : 20 })(
      `d = ${d}: QᵀQ = I and QQᵀ = I to 20·d·ε`,
      (seed) => {
        const q = haarOrthogonal(d, new Random(seed));
        expect(orthogonalityError(q, d)).toBeLessThanOrEqual(20 * d * EPS);
        // QQᵀ: rows orthonormal too
        let s = 0;
        for (let i = 0; i < d; i++) {
          for (let j = 0; j < d; j++) {
            let dot = 0;
            for (let k = 0; k < d; k++) dot += q[i * d + k] * q[j * d + k];
            s += (dot - (i === j ? 1 : 0)) ** 2;
          }
        }
        expect(Math.sqrt(s)).toBeLessThanOrEqual(20 * d * EPS);
      },
    );
  }

  it('is reproducible and consumes exactly d² normals', () => {
    const a = new Random(8);
    const b = new Random(8);
    expect(Array.from(haarOrthogonal(7, a))).toEqual(Array.from(haarOrthogonal(7, b)));
    const c = new Random(8);
    c.fillNormal(new Float64Array(49));
    expect(a.normal()).toBe(c.normal());
  });
});

describe('haarOrthogonal: Haar distribution (M = 20 000 draws, 5 standard errors)', () => {
  const M = 20_000;
  for (const d of [2, 3, 5]) {
    it(`d = ${d}: E Q₁₁ = 0, E Q₁₁² = 1/d, E tr Q = 0, E (tr Q)² = 1`, () => {
      const rng = Random.forStream(123, d);
      const q11 = new Float64Array(M);
      const q11sq = new Float64Array(M);
      const tr = new Float64Array(M);
      const tr2 = new Float64Array(M);
      for (let m = 0; m < M; m++) {
        const q = haarOrthogonal(d, rng);
        q11[m] = q[0];
        q11sq[m] = q[0] * q[0];
        let t = 0;
        for (let i = 0; i < d; i++) t += q[i * d + i];
        tr[m] = t;
        tr2[m] = t * t;
      }
      // E Q₁₁ = 0 is what the sign correction buys: without it Householder QR gives
      // Q₁₁ = x₁₁ / r₁₁ = −|x₁₁|/‖x‖ < 0 always.
      const a = meanAndSe(q11);
      expect(Math.abs(a.mean)).toBeLessThan(5 * a.se);
      // Q's first column is uniform on the sphere, so Q₁₁² ~ Beta(½, (d−1)/2), mean 1/d.
      const b = meanAndSe(q11sq);
      const varBeta = (2 * (d - 1)) / (d * d * (d + 2));
      expect(Math.abs(b.mean - 1 / d)).toBeLessThan(5 * Math.sqrt(varBeta / M));
      // Diaconis–Shahshahani: for Haar O(d), d ≥ 2, E tr Q = 0 and E (tr Q)² = 1.
      const c = meanAndSe(tr);
      expect(Math.abs(c.mean)).toBeLessThan(5 * c.se);
      const e = meanAndSe(tr2);
      expect(Math.abs(e.mean - 1)).toBeLessThan(5 * e.se);
    });
  }

  it('d = 1: Q = ±1 with probability ½ each', () => {
    const rng = new Random(4);
    const xs = new Float64Array(4000);
    for (let m = 0; m < xs.length; m++) {
      const q = haarOrthogonal(1, rng);
      expect(Math.abs(q[0])).toBe(1);
      xs[m] = q[0];
    }
    expect(Math.abs(meanAndSe(xs).mean)).toBeLessThan(5 / Math.sqrt(xs.length));
  });

  it('d = 2: half the draws are reflections (det = −1), rotation angles uniform', () => {
    const rng = new Random(5);
    const n = 20_000;
    let reflections = 0;
    const cos = new Float64Array(n);
    for (let m = 0; m < n; m++) {
      const q = haarOrthogonal(2, rng);
      const det = q[0] * q[3] - q[1] * q[2];
      expect(Math.abs(Math.abs(det) - 1)).toBeLessThan(1e-14);
      if (det < 0) reflections++;
      cos[m] = q[0];
    }
    expect(Math.abs(reflections / n - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / n));
    // Q₁₁ = cos θ with θ uniform: E cos²θ = ½ already checked above; E cos⁴θ = 3/8.
    const c4 = meanAndSe(cos.map((c) => c ** 4));
    expect(Math.abs(c4.mean - 3 / 8)).toBeLessThan(5 * c4.se);
  });
});

describe('haarOrthogonal: argument validation', () => {
  it('typed errors', () => {
    expect(catchError(() => haarOrthogonal(0, new Random(1)), InvalidArgumentError).argument).toBe('d');
    expect(catchError(() => haarOrthogonal(2.5, new Random(1)), InvalidArgumentError).argument).toBe('d');
    expect(catchError(() => haarOrthogonal(3, {} as Random), InvalidArgumentError).argument).toBe('rng');
  });
});
