// Workload of issue 8: power law k = 1, d = 4096, 40 log-spaced N from 64 to 65536, κ at all
// 1000 noise levels of the linear schedule (β 1e-4 → 2e-2) for the model ensemble
// (n = N − 1, ridge r·ζ_t with r = N/(N−1), ζ_t = (1−ᾱ_t)/ᾱ_t). Prints the median over repeats.
// The warm-started curve runs on the exact spectrum (compress: false), then on the compression.
// Run after `npm run build`: node bench/kappa-curve.mjs [repeats]
import { powerLawSpectrum } from '../dist/spectra/index.js';
import { solveKappaCurve } from '../dist/selfconsistency/kappa/solveKappaCurve.js';
import { solveKappa } from '../dist/selfconsistency/kappa/solveKappa.js';
import { linearSchedule } from '../dist/predictions/model/noiseSchedule.js';

const repeats = Number(process.argv[2] ?? 7);
const spectrum = powerLawSpectrum({ d: 4096, k: 1 });
const schedule = linearSchedule();
const Ns = Array.from({ length: 40 }, (_, i) => Math.round(64 * Math.pow(65536 / 64, i / 39)));
const T = schedule.T;

function run(compress = false) {
  let passes = 0;
  let maxResidual = 0;
  const kappas = [];
  for (const N of Ns) {
    const n = N - 1;
    const r = N / (N - 1);
    const ridge = new Float64Array(T);
    for (let t = 0; t < T; t++) ridge[t] = (r * (1 - schedule.alphaBar[t])) / schedule.alphaBar[t];
    const c = solveKappaCurve({ spectrum, n, ridge, compress });
    passes += c.totalIterations;
    maxResidual = Math.max(maxResidual, c.maxResidual);
    if (!c.converged) throw new Error('not converged');
    kappas.push(c.kappa);
  }
  return { passes, maxResidual, kappas };
}

function runCold() {
  let passes = 0;
  for (const N of Ns) {
    const r = N / (N - 1);
    for (let t = 0; t < T; t++) {
      const ridge = (r * (1 - schedule.alphaBar[t])) / schedule.alphaBar[t];
      passes += solveKappa({ spectrum, n: N - 1, ridge }).iterations;
    }
  }
  return passes;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
run(); // warm-up (JIT)
const times = [];
let last;
for (let i = 0; i < repeats; i++) {
  const t0 = performance.now();
  last = run();
  times.push(performance.now() - t0);
}
const solves = Ns.length * T;
const ms = median(times);
// The same curves on the certified Gauss-rule compression (issue 13, docs/compression.md).
run(true);
const ctimes = [];
let clast;
for (let i = 0; i < repeats; i++) {
  const t0 = performance.now();
  clast = run(true);
  ctimes.push(performance.now() - t0);
}
let cmaxRel = 0;
for (const [i, k] of clast.kappas.entries()) for (let t = 0; t < T; t++) cmaxRel = Math.max(cmaxRel, Math.abs(k[t] - last.kappas[i][t]) / last.kappas[i][t]);
const t0 = performance.now();
const coldPasses = runCold();
const coldMs = performance.now() - t0;
// Accuracy of the warm-started curve against independent cold solves at a few points.
let maxRel = 0;
for (const [i, N] of Ns.entries()) {
  for (const t of [0, 1, 499, 999]) {
    const ridge = ((N / (N - 1)) * (1 - schedule.alphaBar[t])) / schedule.alphaBar[t];
    const k = solveKappa({ spectrum, n: N - 1, ridge }).kappa;
    maxRel = Math.max(maxRel, Math.abs(last.kappas[i][t] - k) / k);
  }
}
console.log(`kappa-curve: d=4096 power law k=1, ${Ns.length} N x ${T} noise levels = ${solves} solves`);
console.log(`  warm-started curve: median ${ms.toFixed(1)} ms over ${repeats} runs (${(solves / (ms / 1000)).toFixed(0)} solves/s), ${(last.passes / solves).toFixed(2)} passes/solve, max residual ${last.maxResidual.toExponential(2)}`);
console.log(`  compressed spectrum (compress: true, one rule per N): median ${median(ctimes).toFixed(1)} ms, max relative difference from the exact curve ${cmaxRel.toExponential(2)}`);
console.log(`  cold solves (isotropic-guess start): ${coldMs.toFixed(1)} ms, ${(coldPasses / solves).toFixed(2)} passes/solve`);
console.log(`  warm vs cold max relative difference: ${maxRel.toExponential(2)}`);
console.log(`  target: < 800 ms; arithmetic floor ~ 2 passes/solve`);
