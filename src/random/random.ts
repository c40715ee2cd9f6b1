/**
 * Seeded, reproducible pseudo-random numbers for the Monte Carlo.
 *
 * Generator: xoshiro256** (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
 * ACM TOMS 47(4), 2021): 256 bits of state, period 2^256 − 1, 64-bit outputs that pass BigCrush
 * and PractRand, and a 53-bit double per call (xoshiro128** would need two calls per double).
 *
 * Arithmetic: JS has no fast 64-bit integers (BigInt allocates), so each 64-bit state word is
 * held as two signed 32-bit halves (hi, lo) in an Int32Array, and the generator's 64-bit
 * operations are spelled out on halves: xor and shifts act on the halves directly, rotations
 * exchange bits between them, and the two multiplications by the small constants 5 and 9 are
 * `Math.imul` on the high half plus the carry out of the (exact, < 2^36) product of the low half.
 * BigInt is used only once per generator, for seeding.
 *
 * Seeding: a number seed (any safe integer, negative allowed) is taken modulo 2^64 and expanded
 * to the four state words by splitmix64 (Steele, Lea & Flood, "Fast splittable pseudorandom
 * number generators", OOPSLA 2014), exactly as the xoshiro authors recommend, so the state is
 * never all-zero and nearby seeds give unrelated streams.
 *
 * Substreams: {@link Random.forStream}(seed, i) (≡ `new Random(seed).split(i)`) derives a child
 * key from (parent key, i) by splitmix64's bijective finaliser and seeds a fresh generator from
 * it. Children depend only on the parent *seed* and the index, never on how many numbers the
 * parent has produced, so a Monte Carlo that gives draw i the stream (seed, i) produces the same
 * draw i whatever the number or scheduling of worker threads. Distinct indices give distinct
 * child keys (the derivation is injective in i); two children's sequences overlap only if their
 * random 256-bit starting points fall within one stream length of each other on a cycle of
 * length 2^256 − 1, which for any feasible number and length of streams has probability far
 * below 2^-100. (The generator's jump polynomial would give provably disjoint streams, but costs
 * O(i) jumps to reach stream i.)
 *
 * Reproducibility: the uniform stream is bit-for-bit identical on every platform (integer
 * arithmetic only). Normals use Marsaglia's polar method, which needs only Math.sqrt (correctly
 * rounded by IEEE 754) and Math.log (V8's fdlibm port, deterministic for a given engine), rather
 * than Box–Muller's additional sin/cos.
 */
import { InvalidArgumentError } from '../errors.js';
import { requireInteger } from '../validate.js';
import { polarKernelActive, polarNormals } from './polarKernel.js';

const MASK64 = (1n << 64n) - 1n;
/** splitmix64's Weyl increment, ⌊2^64/φ⌋ (odd). */
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;
/** Arbitrary odd constants that keep the "parent key" and "stream index" inputs in separate domains. */
const PARENT_SALT = 0xd1b54a32d192ed03n;
const STREAM_SALT = 0x8bb84b93962eacc9n;

const TWO_POW_32 = 4294967296;
const TWO_POW_20 = 1048576;
const TWO_POW_MINUS_52 = 2 ** -52;

/** splitmix64's output finaliser (variant 13 of Stafford's mixers); a bijection of 64-bit words. */
function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** Child key for stream `stream` of a generator with key `key`: injective in `stream`. */
function deriveKey(key: bigint, stream: number): bigint {
  return mix64((key + PARENT_SALT) & MASK64) ^ mix64((BigInt(stream) ^ STREAM_SALT) & MASK64);
}

export class Random {
  /** xoshiro256** state: words s0..s3 as [s0.hi, s0.lo, s1.hi, s1.lo, …], signed 32-bit halves. */
  private readonly s = new Int32Array(8);
  /** 64-bit key this generator was seeded from; children are derived from it (see {@link split}). */
  private key: bigint;
  /** Second normal of the last polar-method pair, returned by the next {@link normal} call. */
  private spare = 0;
  private hasSpare = false;

  /**
   * @param seed any safe integer (negative allowed; taken modulo 2^64). Throws
   *   {@link InvalidArgumentError} naming `seed` otherwise.
   */
  constructor(seed: number) {
    requireInteger('seed', seed, Number.MIN_SAFE_INTEGER);
    this.key = BigInt.asUintN(64, BigInt(seed));
    this.seedFromKey(this.key);
  }

  /**
   * Generator for substream `stream` of `seed`: identical to `new Random(seed).split(stream)`.
   * Use one stream per Monte Carlo draw so draw i depends only on (seed, i).
   *
   * @example
   * ```ts
   * Random.forStream(1, 2).uniform();   // ≈ 0.912 (same as new Random(1).split(2).uniform())
   * ```
   */
  static forStream(seed: number, stream: number): Random {
    return new Random(seed).split(stream);
  }

  /**
   * Build a generator with an explicit xoshiro256** state (four unsigned 64-bit words, not all
   * zero). For known-answer tests and interoperability; ordinary code should seed with a number.
   *
   * @example
   * ```ts
   * Random.fromState([1n, 2n, 3n, 4n]).uniform();   // a number in [0, 1), fixed by the four state words
   * ```
   */
  static fromState(state: readonly bigint[]): Random {
    if (!Array.isArray(state) || state.length !== 4) {
      throw new InvalidArgumentError('state', state, 'must be an array of four 64-bit words');
    }
    let any = 0n;
    for (let i = 0; i < 4; i++) {
      const w = state[i];
      if (typeof w !== 'bigint' || w < 0n || w > MASK64) {
        throw new InvalidArgumentError(`state[${i}]`, String(w), 'must be a bigint in [0, 2^64)');
      }
      any |= w;
    }
    if (any === 0n) throw new InvalidArgumentError('state', 'all zero', 'xoshiro256** state must not be all zero');
    const r = new Random(0);
    r.setWords(state[0], state[1], state[2], state[3]);
    // A key for split(): any fixed function of the state will do.
    r.key = mix64(state[0] ^ mix64(state[1] ^ mix64(state[2] ^ mix64(state[3]))));
    return r;
  }

  /**
   * Independent child generator number `stream` (a non-negative safe integer). Depends only on
   * this generator's seed (key) and `stream`, not on its current position, so it can be called
   * at any time, in any order, from any worker, with the same result. Children can be split
   * again, giving a tree of streams.
   */
  split(stream: number): Random {
    requireInteger('stream', stream, 0);
    const child = new Random(0);
    const key = deriveKey(this.key, stream);
    child.key = key;
    child.seedFromKey(key);
    return child;
  }

  /**
   * Advance the generator and return the top 52 bits of the 64-bit output as an integer in
   * [0, 2^52). This is the only place the state changes.
   */
  private next52(): number {
    const s = this.s;
    const s0h = s[0], s0l = s[1], s1h = s[2], s1l = s[3];
    const s2h = s[4], s2l = s[5], s3h = s[6], s3l = s[7];

    // Output scrambler: rotl(s1 · 5, 7) · 9 (mod 2^64).
    let p = (s1l >>> 0) * 5; // exact: < 2^35
    let xh = (Math.imul(s1h, 5) + ((p / TWO_POW_32) | 0)) | 0;
    let xl = p | 0; // ToInt32 reduces modulo 2^32
    const rh = (xh << 7) | (xl >>> 25);
    const rl = (xl << 7) | (xh >>> 25);
    p = (rl >>> 0) * 9; // exact: < 2^36
    xh = (Math.imul(rh, 9) + ((p / TWO_POW_32) | 0)) | 0;
    xl = p | 0;

    // State transition (the linear engine): t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2;
    // s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45).
    const th = (s1h << 17) | (s1l >>> 15);
    const tl = s1l << 17;
    const n2h = s2h ^ s0h, n2l = s2l ^ s0l;
    const n3h = s3h ^ s1h, n3l = s3l ^ s1l;
    s[2] = s1h ^ n2h;
    s[3] = s1l ^ n2l;
    s[0] = s0h ^ n3h;
    s[1] = s0l ^ n3l;
    s[4] = n2h ^ th;
    s[5] = n2l ^ tl;
    // rotl by 45 = swap the halves (rotl 32), then rotl by 13.
    s[6] = (n3l << 13) | (n3h >>> 19);
    s[7] = (n3h << 13) | (n3l >>> 19);

    return (xh >>> 0) * TWO_POW_20 + (xl >>> 12);
  }

  /**
   * Uniform on the open interval (0, 1): (k + ½)·2^-52 for the top 52 output bits k. The half
   * offset keeps 0 out (so log(u) is finite) and, because k + ½ is exact below 2^52, also keeps
   * 1 out; using 53 bits would round the largest value up to exactly 1.
   */
  uniform(): number {
    return (this.next52() + 0.5) * TWO_POW_MINUS_52;
  }

  /** Uniform 32-bit unsigned integer (the top 32 bits of one 64-bit output). */
  nextUint32(): number {
    return Math.floor(this.next52() / TWO_POW_20);
  }

  /** Standard normal N(0, 1) (Marsaglia polar method; every second call uses the cached value). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const z = this.polarPair();
    this.hasSpare = true;
    return z;
  }

  /**
   * Fill out[offset .. offset+length) with standard normals. Produces exactly the values that
   * `length` successive {@link normal} calls would, including the cached spare on both ends, so
   * mixing the two never changes a stream.
   */
  fillNormal(out: Float64Array, offset = 0, length?: number): Float64Array {
    if (!(out instanceof Float64Array)) throw new InvalidArgumentError('out', typeof out, 'must be a Float64Array');
    requireInteger('offset', offset, 0);
    if (offset > out.length) throw new InvalidArgumentError('offset', offset, `must be <= out.length (${out.length})`);
    const len = length === undefined ? out.length - offset : requireInteger('length', length, 0);
    if (offset + len > out.length) {
      throw new InvalidArgumentError('length', len, `offset + length must be <= out.length (${out.length})`);
    }
    let i = offset;
    const end = offset + len;
    if (i < end && this.hasSpare) {
      out[i++] = this.spare;
      this.hasSpare = false;
    }
    i = this.fillPairs(out, i, end);
    if (i < end) {
      out[i] = this.polarPair();
      this.hasSpare = true;
    }
    return out;
  }

  /**
   * The pairs of {@link fillNormal}, out[i], out[i+1], … up to `end` (an even count): the same
   * numbers as successive {@link polarPair} calls — the same generator steps, uniforms and
   * polar transform, written out with the state in local variables instead of this.s, which
   * halves the cost of a normal in V8. Returns the index after the last pair written.
   */
  private fillPairs(out: Float64Array, i: number, end: number): number {
    const st = this.s;
    if ((end - i) >> 1 >= 8 && polarKernelActive()) {
      // The integer steps, the rejection and the finish below in WebAssembly (polarKernel.ts,
      // the same numbers, Math.log's own bits), in chunks of at most 2^14 pairs (the state
      // carries over, so the stream is unchanged).
      while (i + 1 < end) {
        const pairs = Math.min((end - i) >> 1, 16384);
        const r = polarNormals(st, pairs)!;
        out.set(r.view.subarray(r.offset, r.offset + 2 * pairs), i);
        i += 2 * pairs;
      }
      return i;
    }
    let s0h = st[0], s0l = st[1], s1h = st[2], s1l = st[3];
    let s2h = st[4], s2l = st[5], s3h = st[6], s3l = st[7];
    let u = 0;
    let v = 0;
    while (i + 1 < end) {
      let q: number;
      do {
      {
        let p = (s1l >>> 0) * 5;
        let xh = (Math.imul(s1h, 5) + ((p / TWO_POW_32) | 0)) | 0;
        let xl = p | 0;
        const rh = (xh << 7) | (xl >>> 25);
        const rl = (xl << 7) | (xh >>> 25);
        p = (rl >>> 0) * 9;
        xh = (Math.imul(rh, 9) + ((p / TWO_POW_32) | 0)) | 0;
        xl = p | 0;
        const th = (s1h << 17) | (s1l >>> 15);
        const tl = s1l << 17;
        const n2h = s2h ^ s0h, n2l = s2l ^ s0l;
        const n3h = s3h ^ s1h, n3l = s3l ^ s1l;
        s1h ^= n2h;
        s1l ^= n2l;
        s0h ^= n3h;
        s0l ^= n3l;
        s2h = n2h ^ th;
        s2l = n2l ^ tl;
        s3h = (n3l << 13) | (n3h >>> 19);
        s3l = (n3h << 13) | (n3l >>> 19);
        u = 2 * (((xh >>> 0) * TWO_POW_20 + (xl >>> 12) + 0.5) * TWO_POW_MINUS_52) - 1;
      }
      {
        let p = (s1l >>> 0) * 5;
        let xh = (Math.imul(s1h, 5) + ((p / TWO_POW_32) | 0)) | 0;
        let xl = p | 0;
        const rh = (xh << 7) | (xl >>> 25);
        const rl = (xl << 7) | (xh >>> 25);
        p = (rl >>> 0) * 9;
        xh = (Math.imul(rh, 9) + ((p / TWO_POW_32) | 0)) | 0;
        xl = p | 0;
        const th = (s1h << 17) | (s1l >>> 15);
        const tl = s1l << 17;
        const n2h = s2h ^ s0h, n2l = s2l ^ s0l;
        const n3h = s3h ^ s1h, n3l = s3l ^ s1l;
        s1h ^= n2h;
        s1l ^= n2l;
        s0h ^= n3h;
        s0l ^= n3l;
        s2h = n2h ^ th;
        s2l = n2l ^ tl;
        s3h = (n3l << 13) | (n3h >>> 19);
        s3l = (n3h << 13) | (n3l >>> 19);
        v = 2 * (((xh >>> 0) * TWO_POW_20 + (xl >>> 12) + 0.5) * TWO_POW_MINUS_52) - 1;
      }
        q = u * u + v * v;
      } while (q >= 1 || q === 0);
      const f = Math.sqrt((-2 * Math.log(q)) / q);
      out[i] = u * f;
      out[i + 1] = v * f;
      i += 2;
    }
    st[0] = s0h; st[1] = s0l; st[2] = s1h; st[3] = s1l;
    st[4] = s2h; st[5] = s2l; st[6] = s3h; st[7] = s3l;
    return i;
  }

  /**
   * One polar-method pair: draw (u, v) uniform in the square (−1, 1)², reject unless
   * 0 < s = u² + v² < 1 (acceptance π/4), then u·f and v·f with f = √(−2 ln s / s) are two
   * independent N(0, 1). Returns the first and leaves the second in `spare` (flag untouched).
   */
  private polarPair(): number {
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  /** Seed the state from a 64-bit key with four splitmix64 outputs; clears the normal cache. */
  private seedFromKey(key: bigint): void {
    let x = key;
    const w: bigint[] = [];
    for (let i = 0; i < 4; i++) {
      x = (x + GOLDEN_GAMMA) & MASK64;
      w.push(mix64(x));
    }
    this.setWords(w[0], w[1], w[2], w[3]);
  }

  private setWords(a: bigint, b: bigint, c: bigint, d: bigint): void {
    const words = [a, b, c, d];
    for (let i = 0; i < 4; i++) {
      this.s[2 * i] = Number(BigInt.asIntN(32, words[i] >> 32n));
      this.s[2 * i + 1] = Number(BigInt.asIntN(32, words[i]));
    }
    this.hasSpare = false;
    this.spare = 0;
  }
}
