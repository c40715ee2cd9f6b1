import { afterEach, describe, expect, it } from 'vitest';
import { setWasmKernels } from '../../src/linalg/wasmKernels.js';
import { polarKernelActive } from '../../src/random/polarKernel.js';
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
});
