import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { crossProductKernel, gramKernel } from '../../src/linalg/gram.js';
import { Random } from '../../src/random/random.js';

/** The unblocked loops the kernels must reproduce bit for bit. */
function naiveGram(m: Float64Array, rows: number, cols: number, scale: number): Float64Array {
  const g = new Float64Array(rows * rows);
  for (let i = 0; i < rows; i++) {
    for (let j = i; j < rows; j++) {
      let s = 0;
      for (let k = 0; k < cols; k++) s += m[i * cols + k] * m[j * cols + k];
      g[i * rows + j] = g[j * rows + i] = s * scale;
    }
  }
  return g;
}

function randomMatrix(seed: number, length: number): Float64Array {
  const x = new Random(seed).fillNormal(new Float64Array(length));
  // Mixed magnitudes and exact zeros, so rounding differences would show.
  for (let i = 0; i < length; i++) x[i] = i % 7 === 3 ? 0 : x[i] * 10 ** ((i % 5) - 2);
  return x;
}

describe('register-blocked dot-product kernels are bit-identical to the plain loops', () => {
  test.prop([fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 23 }), fc.integer({ min: 0, max: 40 }), fc.boolean()], { seed: 5, numRuns: 60 })(
    'gramKernel',
    (seed, rows, cols, scaled) => {
      const m = randomMatrix(seed, rows * cols);
      const scale = scaled ? 1 / 7 : 1;
      const g = new Float64Array(rows * rows);
      gramKernel(m, rows, cols, g, scale);
      expect(Array.from(g)).toEqual(Array.from(naiveGram(m, rows, cols, scale)));
    },
  );

  test.prop(
    [fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 13 }), fc.integer({ min: 1, max: 13 }), fc.integer({ min: 0, max: 21 }), fc.boolean()],
    { seed: 6, numRuns: 60 },
  )('crossProductKernel on offset sub-matrices, overwriting and accumulating', (seed, M, N, K, accumulate) => {
    const lda = K + 3;
    const ldb = K + 1;
    const ldc = N + 2;
    const a = randomMatrix(seed, 5 + M * lda);
    const b = randomMatrix(seed + 1, 2 + N * ldb);
    const c0 = randomMatrix(seed + 2, 7 + M * ldc);
    const c = Float64Array.from(c0);
    crossProductKernel(M, N, K, a, 5, lda, b, 2, ldb, c, 7, ldc, accumulate);
    const ref = Float64Array.from(c0);
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += a[5 + i * lda + k] * b[2 + j * ldb + k];
        const o = 7 + i * ldc + j;
        ref[o] = accumulate ? ref[o] + s : s;
      }
    }
    expect(Array.from(c)).toEqual(Array.from(ref));
  });
});
