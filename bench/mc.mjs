// Workload of issues 2 and 13: power law k = 1, d = 256, N = 512; per draw: sample, Σ̂, one
// eigendecomposition, train/test loss and alignment at all 1000 noise levels of the default
// schedule plus the KL at ε = 1e-3. Prints medians: the phase split of one draw (sampling: 'data'
// and 'wishart'; the eigen phase split into tridiagonalisation, divide and conquer and the
// back-transformation), the whole Monte Carlo on one thread and with 2 worker threads, and — when
// python3 with numpy is installed — bench/mc_numpy.py side by side (one BLAS thread, and 2
// processes: the wall time of a warm pool.map of as many draws as our 2-worker runs, the figure
// comparable with monteCarloParallel's whole call). The machine is shared: every figure is a median of repeats, and the load average
// is printed with it.
// Run after `npm run build`: node bench/mc.mjs [draws] [--no-numpy]
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { monteCarlo } from '../dist/montecarlo/monteCarlo.js';
import { monteCarloParallel } from '../dist/montecarlo/monteCarloParallel.js';
import { EmpiricalDraw } from '../dist/montecarlo/empiricalDraw.js';
import { Random } from '../dist/random/random.js';
import { sampleGaussian, sampleCovariance } from '../dist/random/gaussianSample.js';
import { sampleWishartDiagonal } from '../dist/random/wishartBartlett.js';
import { tridiagonalizePaired } from '../dist/linalg/tridiagonalize.js';
import { tridiagonalEigenDC } from '../dist/linalg/tridiagonalEigenDC.js';
import { applyReflectorsToRowsBlocked } from '../dist/linalg/householderBackTransform.js';
import { symmetricEigen } from '../dist/linalg/symmetricEigen.js';
import { linearSchedule } from '../dist/predictions/model/noiseSchedule.js';
import { noiseLevel } from '../dist/predictions/model/noiseLevel.js';
import { expandEigenvalues, powerLawSpectrum } from '../dist/spectra/index.js';

const args = process.argv.slice(2);
const draws = Number(args.find((a) => /^\d+$/.test(a)) ?? 16);
const withNumpy = !args.includes('--no-numpy');
const d = 256;
const N = 512;
const spectrum = powerLawSpectrum({ d, k: 1 });
const schedule = linearSchedule();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const ms = (x) => x.toFixed(1).padStart(6);

const lam = expandEigenvalues(spectrum);
const levels = Array.from(schedule.alphaBar, (a) => noiseLevel(a));

/** Median per phase over `reps` draws (after 3 warm-up ones). */
function phases(sampling, reps = 15) {
  const t = { sample: [], covariance: [], tridiagonalise: [], divideConquer: [], backTransform: [], eigen: [], draw: [], sums: [] };
  for (let k = 0; k < reps + 3; k++) {
    const rng = Random.forStream(1, k);
    let t0 = performance.now();
    let cov;
    let t1;
    if (sampling === 'data') {
      const x = sampleGaussian({ eigenvalues: lam, count: N, rng });
      t1 = performance.now();
      cov = sampleCovariance(x, N, d, { centre: true }).covariance;
    } else {
      t1 = t0;
      cov = sampleWishartDiagonal(lam, N - 1, 1 / N, rng);
    }
    const t2 = performance.now();
    const dd = new Float64Array(d);
    const e = new Float64Array(d);
    const tau = new Float64Array(d);
    const w = tridiagonalizePaired(cov, d, dd, e, tau);
    const t3 = performance.now();
    const z = new Float64Array(d * d);
    tridiagonalEigenDC(dd, e, d, z);
    const t4 = performance.now();
    applyReflectorsToRowsBlocked(w, d, tau, z, d);
    const t5 = performance.now();
    symmetricEigen(cov, d, { method: 'dc', layout: 'rows' });
    const t6 = performance.now();
    // The whole draw as monteCarlo runs it (sample, Σ̂, eigen, weights), then the sums.
    const draw = EmpiricalDraw.sample({ eigenvalues: lam, N, mean: 'estimated', rng: Random.forStream(1, k), sampling });
    const t7 = performance.now();
    draw.lossTotals(levels); // what monteCarlo runs: all levels at once (levelSums.ts)
    draw.kl(1e-3);
    const t8 = performance.now();
    if (k < 3) continue;
    t.sample.push(t1 - t0);
    t.covariance.push(t2 - t1);
    t.tridiagonalise.push(t3 - t2);
    t.divideConquer.push(t4 - t3);
    t.backTransform.push(t5 - t4);
    t.eigen.push(t6 - t5);
    t.draw.push(t7 - t6);
    t.sums.push(t8 - t7);
  }
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)]));
}

console.log(`mc: d=${d} power law k=1, N=${N}, ${schedule.T} noise levels + KL; node ${process.version}; load ${load()}`);
for (const sampling of ['data', 'wishart']) {
  const p = phases(sampling);
  console.log(
    `  phases (${sampling.padEnd(7)}) ms: sample ${ms(p.sample)}  Σ̂ ${ms(p.covariance)}  eigen ${ms(p.eigen)} ` +
      `(tridiagonalise ${p.tridiagonalise.toFixed(1)}, divide & conquer ${p.divideConquer.toFixed(1)}, back-transform ${p.backTransform.toFixed(1)})  ` +
      `draw total ${ms(p.draw)}  1000 levels + KL ${ms(p.sums)}`,
  );
}
{
  // The former eigen path (QL), for reference.
  const cov = sampleCovariance(sampleGaussian({ eigenvalues: lam, count: N, rng: new Random(1) }), N, d, { centre: true }).covariance;
  const ts = [];
  for (let r = 0; r < 12; r++) {
    const t0 = performance.now();
    symmetricEigen(cov, d, { method: 'ql' });
    ts.push(performance.now() - t0);
  }
  console.log(`  eigen with method 'ql' (the former path): ${median(ts.slice(2)).toFixed(1)} ms`);
}

const results = {};
for (const sampling of ['data', 'wishart']) {
  const opts = { spectrum, N, schedule, eps: 1e-3, draws, seed: 1, sampling };
  monteCarlo({ ...opts, draws: 2 }); // warm-up
  const single = [];
  let res1;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    res1 = monteCarlo(opts);
    single.push((performance.now() - t0) / draws);
  }
  // Workers start cold (module load, JIT), so give them 4× the draws to amortise that.
  const parDraws = 4 * draws;
  const par = [];
  let res2;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    res2 = await monteCarloParallel({ ...opts, draws: parDraws, workers: 2 });
    par.push((performance.now() - t0) / parDraws);
  }
  const res3 = monteCarlo({ ...opts, draws: parDraws });
  const same = res3.testLoss.mean === res2.testLoss.mean && res3.kl.mean === res2.kl.mean && res1.draws === draws;
  results[sampling] = { single: median(single), par: median(par) };
  console.log(
    `  ${sampling.padEnd(7)} 1 thread: ${ms(median(single))} ms/draw (${draws} draws × 3 runs);  2 workers: ${ms(median(par))} ms/draw (${parDraws} draws × 3 runs);  ` +
      `bit-identical 1 vs 2 workers: ${same}; load ${load()}`,
  );
}

if (withNumpy) {
  // numpy side by side: rounds of (ours on one thread, numpy on one BLAS thread) back to back, so
  // each ratio compares runs made under the same load; the median ratio is the figure to quote.
  const script = fileURLToPath(new URL('./mc_numpy.py', import.meta.url));
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1' };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const run = (extra, n = Math.max(30, draws)) => {
    const r = spawnSync('python3', [script, String(n), ...extra], { env, encoding: 'utf8' });
    if (r.status !== 0) return null;
    const lines = r.stdout.trim().split('\n');
    return JSON.parse(lines[lines.length - 1]);
  };
  if (run(['3']) === null) console.log('  numpy: not available (python3 with numpy not found), skipped');
  else {
    const rounds = 5;
    const rec = { numpy: [], data: [], wishart: [], rData: [], rWishart: [] };
    let last = null;
    for (let r = 0; r < rounds; r++) {
      for (const sampling of ['data', 'wishart']) {
        const t0 = performance.now();
        monteCarlo({ spectrum, N, schedule, eps: 1e-3, draws, seed: 1, sampling });
        rec[sampling].push((performance.now() - t0) / draws);
      }
      last = run([]);
      rec.numpy.push(last.median.draw);
      rec.rData.push(rec.data[r] / last.median.draw);
      rec.rWishart.push(rec.wishart[r] / last.median.draw);
    }
    const m = last.median;
    const two = run(['--workers', '2'], 4 * draws);
    console.log(
      `  numpy 1 BLAS thread (last round), ms: sample ${ms(m.sample)}  Σ̂ ${ms(m.covariance)}  eigh ${ms(m.eigen)}  sums ${ms(m.sums)}  draw ${ms(m.draw)};  ` +
        `2 processes: ${ms(two.wallPerDraw)} ms/draw (the slowest process's loop alone ${two.computeWallPerDraw.toFixed(1)}); load ${load()}`,
    );
    console.log(
      `  ${rounds} back-to-back rounds, median ms/draw: ours data ${ms(median(rec.data))}, ours wishart ${ms(median(rec.wishart))}, numpy ${ms(median(rec.numpy))};  ` +
        `median ratio ours/numpy on one thread: data ${median(rec.rData).toFixed(2)}×, wishart ${median(rec.rWishart).toFixed(2)}×`,
    );
    for (const s of ['data', 'wishart']) {
      console.log(`  ours 2 workers (${s}) vs numpy 1 thread ${(results[s].par / median(rec.numpy)).toFixed(2)}×, vs numpy 2 processes ${(results[s].par / two.wallPerDraw).toFixed(2)}×`);
    }
    // The same for 2 workers against 2 processes: rounds of both back to back (the pool's workers
    // are warm from the runs above), so each ratio compares runs made under the same load.
    const par = { numpy: [], data: [], wishart: [], rData: [], rWishart: [] };
    for (let r = 0; r < rounds; r++) {
      for (const sampling of ['data', 'wishart']) {
        const t0 = performance.now();
        await monteCarloParallel({ spectrum, N, schedule, eps: 1e-3, draws: 4 * draws, seed: 1, sampling, workers: 2 });
        par[sampling].push((performance.now() - t0) / (4 * draws));
      }
      const np2 = run(['--workers', '2'], 4 * draws).wallPerDraw;
      par.numpy.push(np2);
      par.rData.push(par.data[r] / np2);
      par.rWishart.push(par.wishart[r] / np2);
    }
    console.log(
      `  ${rounds} back-to-back rounds, median ms/draw: ours 2 workers data ${ms(median(par.data))}, wishart ${ms(median(par.wishart))}, numpy 2 processes ${ms(median(par.numpy))};  ` +
        `median ratio ours/numpy with 2: data ${median(par.rData).toFixed(2)}×, wishart ${median(par.rWishart).toFixed(2)}×; load ${load()}`,
    );
  }
}
