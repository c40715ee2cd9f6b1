// Workload of issue 2: power law k = 1, d = 256, N = 512; per draw: sample, Σ̂, one
// eigendecomposition, train/test loss and alignment at all 1000 noise levels of the default
// schedule plus the KL at ε = 1e-3. Prints the median ms per draw (single thread), the phase
// split, and the parallel run with 2 worker threads.
// Run after `npm run build`: node bench/mc.mjs [draws]
import { monteCarlo } from '../dist/montecarlo/monteCarlo.js';
import { monteCarloParallel } from '../dist/montecarlo/monteCarloParallel.js';
import { EmpiricalDraw } from '../dist/montecarlo/empiricalDraw.js';
import { Random } from '../dist/random/random.js';
import { linearSchedule } from '../dist/predictions/noiseSchedule.js';
import { noiseLevel } from '../dist/predictions/noiseLevel.js';
import { expandEigenvalues, powerLawSpectrum } from '../dist/spectra/index.js';

const draws = Number(process.argv[2] ?? 16);
const spectrum = powerLawSpectrum({ d: 256, k: 1 });
const schedule = linearSchedule();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Phase split for one draw.
const lam = expandEigenvalues(spectrum);
const levels = Array.from(schedule.alphaBar, (a) => noiseLevel(a));
const tDraw = [];
const tLevels = [];
for (let k = 0; k < 7; k++) {
  let t0 = performance.now();
  const draw = EmpiricalDraw.sample({ eigenvalues: lam, N: 512, mean: 'estimated', rng: Random.forStream(1, k) });
  tDraw.push(performance.now() - t0);
  t0 = performance.now();
  for (const l of levels) draw.losses(l);
  draw.kl(1e-3);
  tLevels.push(performance.now() - t0);
}
console.log(`mc: d=256 power law k=1, N=512, ${schedule.T} noise levels + KL`);
console.log(`  per draw: sample+Σ̂+eigen ${median(tDraw).toFixed(1)} ms, 1000 levels + KL ${median(tLevels).toFixed(1)} ms`);

const opts = { spectrum, N: 512, schedule, eps: 1e-3, draws, seed: 1 };
monteCarlo({ ...opts, draws: 2 }); // warm-up
const single = [];
let res1;
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  res1 = monteCarlo(opts);
  single.push((performance.now() - t0) / draws);
}
console.log(`  single thread: median ${median(single).toFixed(1)} ms per draw over ${draws} draws x 3 runs (target < 100 ms)`);
const par = [];
let res2;
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  res2 = await monteCarloParallel({ ...opts, workers: 2 });
  par.push((performance.now() - t0) / draws);
}
console.log(`  2 workers:     median ${median(par).toFixed(1)} ms per draw (speed-up ${(median(single) / median(par)).toFixed(2)}x)`);
console.log(`  identical results single vs parallel: ${res1.testLoss.mean === res2.testLoss.mean && res1.kl.mean === res2.kl.mean}`);
