import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { Random } from '../../src/random/random.js';
import { catchError } from '../linalg/helpers.js';

// ---------------------------------------------------------------------------------------------
// Independent BigInt reference implementation (straight from the xoshiro256** / splitmix64
// definitions), used as the oracle for the 32-bit-halves arithmetic in Random.
const M64 = (1n << 64n) - 1n;
const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (64n - k))) & M64;

function splitmix64(seed: bigint): () => bigint {
  let x = seed & M64;
  return () => {
    x = (x + 0x9e3779b97f4a7c15n) & M64;
    let z = x;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
    return z ^ (z >> 31n);
  };
}

function xoshiro256ss(state: bigint[]): () => bigint {
  const s = [...state];
  return () => {
    const out = (rotl((s[1] * 5n) & M64, 7n) * 9n) & M64;
    const t = (s[1] << 17n) & M64;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45n);
    return out;
  };
}

/** What Random.uniform() must return for a 64-bit output: (top 52 bits + ½)·2^-52. */
const toUniform = (x: bigint): number => (Number(x >> 12n) + 0.5) * 2 ** -52;
// ---------------------------------------------------------------------------------------------

describe('Random: bit-exact against the reference', () => {
  it('reference implementations reproduce the published test vectors', () => {
    const sm0 = splitmix64(0n);
    expect([sm0(), sm0(), sm0()]).toEqual([0xe220a8397b1dcdafn, 0x6e789e6aa1b965f4n, 0x06c45d188009454fn]);
    const sm = splitmix64(1234567n);
    expect([sm(), sm(), sm()]).toEqual([6457827717110365317n, 3203168211198807973n, 9817491932198370423n]);
    const x = xoshiro256ss([1n, 2n, 3n, 4n]);
    expect([x(), x(), x(), x()]).toEqual([11520n, 0n, 1509978240n, 1215971899390074240n]);
  });

  it('fromState([1, 2, 3, 4]) matches the reference for 20 000 outputs', () => {
    const r = Random.fromState([1n, 2n, 3n, 4n]);
    const ref = xoshiro256ss([1n, 2n, 3n, 4n]);
    for (let i = 0; i < 20_000; i++) {
      const expected = ref();
      if (i % 2 === 0) expect(r.uniform()).toBe(toUniform(expected));
      else expect(r.nextUint32()).toBe(Number(expected >> 32n));
    }
  });

  test.prop([fc.maxSafeInteger()], { seed: 42, numRuns: 30 })('new Random(seed) = xoshiro256** seeded by splitmix64(seed mod 2^64)', (seed) => {
    const sm = splitmix64(BigInt.asUintN(64, BigInt(seed)));
    const ref = xoshiro256ss([sm(), sm(), sm(), sm()]);
    const r = new Random(seed);
    for (let i = 0; i < 200; i++) expect(r.uniform()).toBe(toUniform(ref()));
  });

  it('high-entropy state words (all bits set) exercise every carry and rotation path', () => {
    const state = [M64, 0x8000000000000001n, 0xffffffff00000000n, 0x00000000ffffffffn];
    const r = Random.fromState(state);
    const ref = xoshiro256ss(state);
    for (let i = 0; i < 5000; i++) expect(r.uniform()).toBe(toUniform(ref()));
  });
});

describe('Random: reproducibility and substreams', () => {
  it('same seed, same stream (uniform, normal, fillNormal)', () => {
    const a = new Random(2024);
    const b = new Random(2024);
    for (let i = 0; i < 1000; i++) expect(a.uniform()).toBe(b.uniform());
    for (let i = 0; i < 1001; i++) expect(a.normal()).toBe(b.normal());
    expect(Array.from(a.fillNormal(new Float64Array(77)))).toEqual(Array.from(b.fillNormal(new Float64Array(77))));
  });

  it('different seeds give different streams', () => {
    const seeds = [0, 1, 2, -1, 2 ** 40, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
    const firsts = seeds.map((s) => new Random(s).uniform());
    expect(new Set(firsts).size).toBe(seeds.length);
  });

  it('fillNormal produces exactly the normal() sequence, whatever the chunking', () => {
    const ref = new Random(5);
    const expected = Array.from({ length: 40 }, () => ref.normal());
    const r = new Random(5);
    const out = new Float64Array(40);
    // odd chunks, offsets and interleaved single calls
    out[0] = r.normal();
    r.fillNormal(out, 1, 3);
    r.fillNormal(out, 4, 0);
    r.fillNormal(out, 4, 7);
    out[11] = r.normal();
    out[12] = r.normal();
    r.fillNormal(out, 13);
    expect(Array.from(out)).toEqual(expected);
  });

  it('forStream(seed, i) = new Random(seed).split(i), independent of parent consumption', () => {
    const parent = new Random(77);
    const before = parent.split(3);
    for (let i = 0; i < 123; i++) parent.normal();
    const after = parent.split(3);
    const direct = Random.forStream(77, 3);
    for (let i = 0; i < 100; i++) {
      const u = direct.uniform();
      expect(before.uniform()).toBe(u);
      expect(after.uniform()).toBe(u);
    }
  });

  it('distinct streams differ, from each other and from the parent; splits nest', () => {
    const seen = new Set<number>();
    seen.add(new Random(11).uniform());
    for (let s = 0; s < 200; s++) seen.add(Random.forStream(11, s).uniform());
    seen.add(Random.forStream(12, 0).uniform());
    seen.add(Random.forStream(11, 0).split(0).uniform());
    expect(seen.size).toBe(203);
    // nested splits are reproducible
    expect(Random.forStream(11, 4).split(9).uniform()).toBe(new Random(11).split(4).split(9).uniform());
  });

  it('adjacent streams are uncorrelated (|corr| < 5/√N over N = 1e5 normals)', () => {
    const n = 100_000;
    const a = Random.forStream(1, 0).fillNormal(new Float64Array(n));
    const b = Random.forStream(1, 1).fillNormal(new Float64Array(n));
    const c = Random.forStream(2, 0).fillNormal(new Float64Array(n));
    const corr = (x: Float64Array, y: Float64Array): number => {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i] * y[i];
      return s / x.length;
    };
    expect(Math.abs(corr(a, b))).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(corr(a, c))).toBeLessThan(5 / Math.sqrt(n));
    // lag-1 autocorrelation within a stream
    const lag = corr(a.subarray(1), a.subarray(0, n - 1));
    expect(Math.abs(lag)).toBeLessThan(5 / Math.sqrt(n));
  });
});

describe('Random: distribution checks (1e5 draws, 5 standard errors)', () => {
  const N = 100_000;

  it('uniform: in (0, 1), mean ½, variance 1/12', () => {
    const r = new Random(314159);
    let s = 0;
    let s2 = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < N; i++) {
      const u = r.uniform();
      s += u;
      s2 += u * u;
      if (u < min) min = u;
      if (u > max) max = u;
    }
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
    const mean = s / N;
    const variance = s2 / N - mean * mean;
    // SE(mean) = √(1/12 / N); SE(var) = √((μ₄ − σ⁴)/N) with μ₄ = 1/80, σ⁴ = 1/144
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / N));
  });

  it('uniform extremes: the smallest and largest outputs stay inside (0, 1)', () => {
    // All-zero top bits → 2^-53; all-one top bits → 1 − 2^-53. Reach both via fromState with
    // a state whose first output is known: out = rotl(s1·5, 7)·9, so s1 = 0 gives out = 0.
    const zero = Random.fromState([1n, 0n, 0n, 0n]);
    expect(zero.uniform()).toBe(2 ** -53);
    const ref = xoshiro256ss([1n, 0n, 0n, 0n]);
    ref();
    expect(zero.uniform()).toBe(toUniform(ref()));
    expect(toUniform(M64)).toBe(1 - 2 ** -53);
    expect(toUniform(M64)).toBeLessThan(1);
  });

  it('normal: mean 0, variance 1, kurtosis 3', () => {
    const x = new Random(271828).fillNormal(new Float64Array(N));
    let m1 = 0;
    for (let i = 0; i < N; i++) m1 += x[i];
    m1 /= N;
    let m2 = 0;
    let m4 = 0;
    for (let i = 0; i < N; i++) {
      const c = x[i] - m1;
      m2 += c * c;
      m4 += c * c * c * c;
    }
    m2 /= N;
    m4 /= N;
    // SEs for N(0,1): mean 1/√N, variance √(2/N), kurtosis m₄/m₂² ≈ √(24/N)
    expect(Math.abs(m1)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    expect(Math.abs(m4 / (m2 * m2) - 3)).toBeLessThan(5 * Math.sqrt(24 / N));
  });

  it('normal: tail probability P(|Z| > 2) = 0.0455', () => {
    const r = new Random(99);
    let k = 0;
    for (let i = 0; i < N; i++) if (Math.abs(r.normal()) > 2) k++;
    const p = 0.04550026389635842;
    expect(Math.abs(k / N - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
  });
});

describe('Random: argument validation', () => {
  it('seed must be a safe integer', () => {
    for (const bad of [1.5, NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 53), '1', null, undefined]) {
      const err = catchError(() => new Random(bad as number), InvalidArgumentError);
      expect(err.argument).toBe('seed');
    }
  });

  it('stream must be a non-negative safe integer', () => {
    for (const bad of [-1, 0.5, NaN, 2 ** 53]) {
      expect(catchError(() => Random.forStream(1, bad), InvalidArgumentError).argument).toBe('stream');
      expect(catchError(() => new Random(1).split(bad), InvalidArgumentError).argument).toBe('stream');
    }
  });

  it('fillNormal bounds and fromState words', () => {
    const r = new Random(1);
    const out = new Float64Array(4);
    expect(catchError(() => r.fillNormal(out, 5), InvalidArgumentError).argument).toBe('offset');
    expect(catchError(() => r.fillNormal(out, -1), InvalidArgumentError).argument).toBe('offset');
    expect(catchError(() => r.fillNormal(out, 2, 3), InvalidArgumentError).argument).toBe('length');
    expect(catchError(() => r.fillNormal([] as unknown as Float64Array), InvalidArgumentError).argument).toBe('out');
    expect(catchError(() => Random.fromState([0n, 0n, 0n, 0n]), InvalidArgumentError).argument).toBe('state');
    expect(catchError(() => Random.fromState([1n, 2n, 3n]), InvalidArgumentError).argument).toBe('state');
    expect(catchError(() => Random.fromState([1n, 2n, 3n, 1n << 64n]), InvalidArgumentError).argument).toBe('state[3]');
  });
});
