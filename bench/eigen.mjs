#!/usr/bin/env node
/**
 * Benchmark of the dense symmetric eigensolver (src/linalg/symmetricEigen.ts): the QL path
 * (method 'ql', the default) and the divide-and-conquer path (method 'dc', what the Monte Carlo
 * uses), with vectors, and values only.
 *
 * Build first:  npx tsc -p tsconfig.json
 * Run:          node bench/eigen.mjs [d ...]        (default d = 256 512)
 *
 * For each d: a random symmetric matrix (Gaussian entries, symmetrised — the GOE, whose spread-out
 * spectrum is a fair workload for QL), a few warm-up runs so V8 has optimised the kernels, then
 * the median wall time of repeated runs with eigenvectors and values only. Also reports the
 * number of QL iterations and the residual max |A − VΛVᵀ| on a sample of entries as a sanity
 * check that the timed code computed the right thing.
 */
import { Random } from '../dist/random/random.js';
import { symmetricEigen } from '../dist/linalg/symmetricEigen.js';

const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [256, 512];

function goe(d, seed) {
  const g = new Random(seed).fillNormal(new Float64Array(d * d));
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      const v = (g[i * d + j] + g[j * d + i]) / 2;
      a[i * d + j] = v;
      a[j * d + i] = v;
    }
  }
  return a;
}

function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function time(fn, reps, warmup) {
  for (let i = 0; i < warmup; i++) fn();
  const ts = [];
  let out;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    out = fn();
    ts.push(performance.now() - t0);
  }
  return { ms: median(ts), min: Math.min(...ts), out };
}

function sampledResidual(a, d, values, v) {
  let worst = 0;
  const step = Math.max(1, Math.floor(d / 16));
  for (let i = 0; i < d; i += step) {
    for (let j = 0; j < d; j += step) {
      let s = 0;
      for (let k = 0; k < d; k++) s += v[i * d + k] * values[k] * v[j * d + k];
      worst = Math.max(worst, Math.abs(s - a[i * d + j]));
    }
  }
  return worst;
}

console.log(`node ${process.version}, symmetricEigen; load ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log('d      mode          median ms   min ms   reps  QL iters  residual');
for (const d of sizes) {
  const a = goe(d, d);
  const reps = d <= 256 ? 15 : d <= 512 ? 7 : 3;
  const warmup = d <= 512 ? 3 : 1;
  for (const [label, opts] of [['ql vectors', { vectors: true }], ['dc vectors', { vectors: true, method: 'dc' }], ['values only', { vectors: false }]]) {
    const vectors = opts.vectors;
    const r = time(() => symmetricEigen(a, d, opts), reps, warmup);
    const res = vectors ? sampledResidual(a, d, r.out.values, r.out.vectors).toExponential(1) : '-';
    console.log(
      `${String(d).padEnd(6)} ${label.padEnd(13)} ${r.ms.toFixed(1).padStart(9)} ${r.min
        .toFixed(1)
        .padStart(8)} ${String(reps).padStart(6)} ${String(r.out.iterations).padStart(9)}  ${res}`,
    );
  }
}
