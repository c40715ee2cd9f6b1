import { afterEach, describe, expect, it } from 'vitest';
import { setWasmKernels } from '../../src/linalg/wasmKernels.js';
import { finishPolarTriples, polarKernelActive } from '../../src/random/polarKernel.js';
import { Random } from '../../src/random/random.js';

/**
 * The WebAssembly xoshiro256** + polar-rejection kernel must leave exactly the stream of the
 * TypeScript generator: the same normals, and the same state afterwards (later draws agree).
 */
afterEach(() => setWasmKernels(true));

function stream(seed: number, lengths: number[], wasm: boolean): Float64Array {
  setWasmKernels(wasm);
  const r = Random.forStream(seed, 7);
  const out = new Float64Array(lengths.reduce((s, n) => s + n, 0) + 3);
  let o = 0;
  for (const n of lengths) {
    r.fillNormal(out, o, n);
    o += n;
  }
  out.set([r.normal(), r.uniform(), r.nextUint32()], o);
  setWasmKernels(true);
  return out;
}

/** Indices where two arrays differ (Object.is: −0 ≠ +0). */
function differences(a: Float64Array, b: Float64Array): number[] {
  expect(a.length).toBe(b.length);
  const bad: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) bad.push(i);
  return bad;
}

describe('polar kernel (WebAssembly)', () => {
  it('is available in Node 20', () => {
    expect(polarKernelActive()).toBe(true);
  });

  it('fillNormal gives the TypeScript stream bit for bit (odd lengths, the spare carried across calls)', () => {
    for (const seed of [0, 1, 12345, -3]) {
      const lengths = [1, 2, 3, 5, 16, 17, 255, 256, 257, 4096, 1, 33];
      expect(differences(stream(seed, lengths, true), stream(seed, lengths, false))).toEqual([]);
    }
  });

  it('a long stream (10⁶ normals) agrees, including its moments being those of N(0, 1)', () => {
    const a = stream(99, [1_000_000], true);
    const b = stream(99, [1_000_000], false);
    expect(differences(a, b)).toEqual([]);
    let m = 0;
    let v = 0;
    for (let i = 0; i < 1_000_000; i++) {
      m += a[i];
      v += a[i] * a[i];
    }
    expect(Math.abs(m / 1e6)).toBeLessThan(0.005);
    expect(Math.abs(v / 1e6 - 1)).toBeLessThan(0.01);
  });

  it("the finish's logarithm is Math.log bit for bit: random s, powers of two, and next to every branch threshold", () => {
    // s in (0, 1) as the rejection leaves it (≥ 2⁻¹⁰⁴). Thresholds of fdlibm's log: |f| < 2⁻²⁰
    // around each power of two (and f = 0 on it), the hfsq-form test on the high word
    // (0x6147a, 0x6b851), and the normalisation boundary at √2/2 (0x95f64 offset).
    const s: number[] = [];
    const hi = new Float64Array(1);
    const words = new Uint32Array(hi.buffer);
    const withHighWord = (e: number, mant: number, low: number) => {
      words[1] = ((1023 + e) << 20) | mant;
      words[0] = low;
      return hi[0];
    };
    for (let e = -104; e < 0; e++) {
      for (const mant of [0, 1, 2, 3, 0xffffd, 0xffffe, 0xfffff, 0x6147a - 1, 0x6147a, 0x6147a + 1, 0x6b851 - 1, 0x6b851, 0x6b851 + 1, 0x6a09e, 0x6a09f, 0x6a09d]) {
        for (const low of [0, 1, 0x80000000, 0xffffffff]) s.push(withHighWord(e, mant, low));
      }
    }
    const rng = new Random(5);
    for (let t = 0; t < 20000; t++) s.push(rng.uniform());
    for (let t = 0; t < 20000; t++) s.push(rng.uniform() * 2 ** -(1 + Math.floor(rng.uniform() * 100)));
    // odd count: the last iteration's second lane is unused
    if (s.length % 2 === 0) s.push(0.75);
    const triples = new Float64Array(3 * s.length);
    for (let p = 0; p < s.length; p++) triples.set([rng.uniform() * 2 - 1, rng.uniform() * 2 - 1, s[p]], 3 * p);
    const got = finishPolarTriples(triples)!;
    const bad: number[] = [];
    for (let p = 0; p < s.length; p++) {
      const f = Math.sqrt((-2 * Math.log(s[p])) / s[p]);
      if (!Object.is(got[2 * p], triples[3 * p] * f) || !Object.is(got[2 * p + 1], triples[3 * p + 1] * f)) bad.push(s[p]);
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(got.length).toBe(2 * s.length);
  });
});
