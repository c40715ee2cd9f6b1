// Issue 13: d-independent theory curves. The main job W1 —
//   replica-diffusion curve --spectrum powerlaw:d=D,k=1 --measure testLoss --N 64:65536:COUNT
// (default 1000-step linear schedule, --reduce sum) — as lossCurve calls, at
//   A. d = 4096, 40 N: compressed (default) vs exact spectrum (--compress off), and the
//      vectorised numpy implementation bench/curve_numpy.py side by side when python3 + numpy exist;
//   B. d = 10⁶ distinct eigenvalues, 40 N, compressed;
//   C. d = 10⁶, 4 N, compressed; with --exact also on the exact spectrum (≈ 40 s), for accuracy.
// Prints medians over repeats (wall and CPU time of this process) and the largest relative
// difference between compressed and exact values (all five measures).
// Run after `npm run build`: node bench/curve.mjs [repeats] [--exact] [--no-numpy]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { powerLawSpectrum } from '../dist/spectra/index.js';
import { lossCurve } from '../dist/predictions/losses/lossCurve.js';
import { linearSchedule } from '../dist/predictions/model/noiseSchedule.js';
import { parseGrid } from '../dist/cli/commandLine/args.js';

const argv = process.argv.slice(2);
const repeats = Number(argv.find((a) => /^\d+$/.test(a)) ?? 7);
const withExact1e6 = argv.includes('--exact');
const withNumpy = !argv.includes('--no-numpy');
const here = dirname(fileURLToPath(import.meta.url));
const MEASURES = ['trainLoss', 'testLoss', 'gap', 'referenceLoss', 'alignment'];
const schedule = linearSchedule();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function timed(f, times) {
  const wall = [];
  const cpu = [];
  let result;
  for (let i = 0; i < times; i++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    result = f();
    wall.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
  }
  return { result, wall: median(wall), cpu: median(cpu) };
}

function maxRelDiff(a, b) {
  let worst = 0;
  a.rows.forEach((row, i) => {
    for (const m of MEASURES) worst = Math.max(worst, Math.abs(row[m] - b.rows[i][m]) / Math.abs(b.rows[i][m]));
  });
  return worst;
}

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const describe = (c) => (c === null ? 'exact spectrum' : `${c.atoms} atoms, certified ${c.certifiedError.toExponential(1)}`);

// A. d = 4096.
{
  const spectrum = powerLawSpectrum({ d: 4096, k: 1 });
  const Ns = parseGrid('--N', '64:65536:40', { integer: true, min: 2 });
  const curve = (compress) => lossCurve({ spectrum, Ns, schedule, reduce: 'sum', compress });
  curve('auto'); // JIT warm-up
  const comp = timed(() => curve('auto'), repeats);
  const exact = timed(() => curve(false), Math.max(3, Math.ceil(repeats / 2)));
  console.log(`W1 d = 4096 power law, ${Ns.length} N x ${schedule.T} levels (${Ns.length * schedule.T} points)`);
  console.log(`  compressed:     median ${fmt(comp.wall)} wall, ${fmt(comp.cpu)} cpu  (${describe(comp.result.compression)})`);
  console.log(`  exact spectrum: median ${fmt(exact.wall)} wall, ${fmt(exact.cpu)} cpu  (fused loss pass)`);
  console.log(`  compressed vs exact, max relative difference over all measures: ${maxRelDiff(comp.result, exact.result).toExponential(2)}`);
  if (withNumpy) numpySideBySide(comp, exact, Ns);
}

// B, C. d = 10⁶.
{
  const t0 = performance.now();
  const spectrum = powerLawSpectrum({ d: 1_000_000, k: 1 });
  const build = performance.now() - t0;
  console.log(`d = 10⁶ power law (${spectrum.eigenvalues.length} distinct eigenvalues; building the spectrum: ${fmt(build)}, not counted)`);
  for (const grid of ['64:65536:40', '64:65536:4']) {
    const Ns = parseGrid('--N', grid, { integer: true, min: 2 });
    const curve = (compress) => lossCurve({ spectrum, Ns, schedule, reduce: 'sum', compress });
    curve('auto');
    const comp = timed(() => curve('auto'), Math.max(3, Math.ceil(repeats / 2)));
    console.log(`  ${Ns.length} N x ${schedule.T} levels, compressed: median ${fmt(comp.wall)} wall, ${fmt(comp.cpu)} cpu  (${describe(comp.result.compression)})`);
    if (withExact1e6 && Ns.length === 4) {
      const exact = timed(() => curve(false), 1);
      console.log(`  ${Ns.length} N x ${schedule.T} levels, exact spectrum (fused loss pass): ${fmt(exact.wall)} wall, ${fmt(exact.cpu)} cpu`);
      console.log(`  compressed vs exact, max relative difference over all measures: ${maxRelDiff(comp.result, exact.result).toExponential(2)}`);
    }
  }
}
console.log('targets: W1 d = 4096 >= 5x faster than numpy; d = 10⁶ under 1 s of compute, within 1e-10 of exact');

function numpySideBySide(comp, exact, Ns) {
  const script = join(here, 'curve_numpy.py');
  const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (!existsSync(script) || probe.status !== 0) {
    console.log('  numpy: python3 with numpy not found, skipped');
    return;
  }
  // OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE may be set on this machine for other work: unset them
  // for this command only, so numpy runs with its own defaults.
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync('python3', [script, '--d', '4096', '--count', '40', '--repeats', String(Math.max(3, Math.ceil(repeats / 2)))], { encoding: 'utf8', env });
  if (r.status !== 0) {
    console.log(`  numpy: failed (${r.stderr.trim().split('\n').pop()})`);
    return;
  }
  const o = JSON.parse(r.stdout);
  const npMs = o.median_s * 1000;
  let worst = 0;
  o.testLoss.forEach((v, i) => {
    if (o.Ns[i] !== Ns[i]) throw new Error('numpy and JS grids differ');
    worst = Math.max(worst, Math.abs(v - exact.result.rows[i].testLoss) / exact.result.rows[i].testLoss);
  });
  const npCpu = o.median_cpu_s * 1000;
  console.log(`  numpy ${o.numpy} (vectorised Newton over all levels, blocked matrix products): median ${fmt(npMs)} wall, ${fmt(npCpu)} cpu`);
  console.log(`  speed-up vs numpy: compressed ${(npMs / comp.wall).toFixed(1)}x wall, ${(npCpu / comp.cpu).toFixed(1)}x cpu; exact ${(npMs / exact.wall).toFixed(2)}x wall; numpy vs exact test loss: ${worst.toExponential(2)}`);
}
