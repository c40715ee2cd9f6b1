#!/usr/bin/env node
/**
 * Dense symmetric eigendecomposition at image sizes against numpy (issue 23): ours
 * (symmetricEigen 'dc', rows — what a Monte Carlo draw runs) vs np.linalg.eigh (LAPACK dsyevd,
 * one OpenBLAS thread), per eigendecomposition (values + vectors of a GOE matrix) and per Monte
 * Carlo draw (sampling 'wishart', power law, estimated mean, N = ratio·d, the 1000 levels of the
 * default schedule and the KL; bench/eigen_numpy.py does the same in numpy).
 *
 * Build first:  npm run build
 * Run:          node bench/eigen.mjs [--rounds R] [--warmup W] [--ratio N/d] [--no-numpy] [d ...]
 *               (defaults: 3 rounds, 1 untimed run of each side first, N = d/2, d = 256 1024 2048 4096)
 *
 * The machine is shared: the two sides run in alternating rounds, back to back (ours, numpy,
 * ours, numpy, …), each side warm (one untimed run first), and the medians of wall and CPU time
 * are printed with the load average before and after each size. The CPU time (process.cpuUsage,
 * Python's process_time) is the steadier figure under load. A phase split of one of our runs
 * (tridiagonalisation, divide and conquer, back-transformation) is printed against the flop
 * counts 4/3·d³ and 2·d³, as the rate in G multiply-adds per second of CPU time.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Random } from '../dist/random/random.js';
import { symmetricEigen, BLOCKED_FROM } from '../dist/linalg/symmetricEigen.js';
import { tridiagonalizePaired } from '../dist/linalg/tridiagonalize.js';
import { tridiagonalizeBlocked } from '../dist/linalg/blockedTridiagonalize.js';
import { tridiagonalEigenDC } from '../dist/linalg/tridiagonalEigenDC.js';
import { applyReflectorsToRowsBlocked } from '../dist/linalg/householderBackTransform.js';
import { EmpiricalDraw } from '../dist/montecarlo/empiricalDraw.js';
import { linearSchedule } from '../dist/predictions/model/noiseSchedule.js';
import { noiseLevel } from '../dist/predictions/model/noiseLevel.js';

const args = process.argv.slice(2);
let rounds = 3;
let ratio = 0.5;
let withNumpy = true;
let warmup = 1;
const sizes = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--rounds') rounds = Number(args[++i]);
  else if (args[i] === '--ratio') ratio = Number(args[++i]);
  else if (args[i] === '--no-numpy') withNumpy = false;
  else if (args[i] === '--warmup') warmup = Number(args[++i]);
  else sizes.push(Number(args[i]));
}
if (sizes.length === 0) sizes.push(256, 1024, 2048, 4096);

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function goe(d, seed) {
  const g = new Random(seed).fillNormal(new Float64Array(d * d));
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) a[i * d + j] = a[j * d + i] = (g[i * d + j] + g[j * d + i]) / 2;
  return a;
}

function powerLaw(d) {
  const lam = new Float64Array(d);
  let s = 0;
  for (let i = 0; i < d; i++) s += lam[i] = 1 / (i + 1);
  for (let i = 0; i < d; i++) lam[i] *= d / s;
  return lam;
}

const levels = Array.from(linearSchedule().alphaBar, (a) => noiseLevel(a));

function timed(fn) {
  const c0 = cpuMs();
  const w0 = performance.now();
  fn();
  return { wall: performance.now() - w0, cpu: cpuMs() - c0 };
}

/** The numpy peer as a warm server (one request per line, one JSON answer per line). */
function numpyPeer() {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1' };
  delete env.OPENBLAS_CORETYPE; // these select an older, slower kernel on this machine (see the script)
  delete env.OPENBLAS_L2_SIZE;
  const child = spawn('/usr/bin/python3', [fileURLToPath(new URL('./eigen_numpy.py', import.meta.url))], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (l) => waiting.shift()(JSON.parse(l)));
  return {
    ask: (req) => new Promise((resolve) => {
      waiting.push(resolve);
      child.stdin.write(req + '\n');
    }),
    close: () => child.stdin.end(),
  };
}

/** max |A v_j − λ_j v_j| over a sample of j, relative to max |λ| (a check that the timed code is right). */
function residual(a, d, values, rows) {
  let worst = 0;
  const vmax = Math.max(Math.abs(values[0]), Math.abs(values[d - 1]));
  for (let j = 0; j < d; j += Math.max(1, d >> 3)) {
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += a[i * d + k] * rows[j * d + k];
      worst = Math.max(worst, Math.abs(s - values[j] * rows[j * d + i]));
    }
  }
  return worst / vmax;
}

const peer = withNumpy ? numpyPeer() : null;
console.log(`node ${process.version}; ${withNumpy ? `numpy peer: ${JSON.stringify(await peer.ask('info'))}` : 'no numpy'}`);
console.log(`rounds ${rounds} (alternating, back to back), medians; draw: sampling 'wishart', power law, estimated mean, N = ${ratio}·d, 1000 levels + KL`);
const fmt = (x) => x.toFixed(0).padStart(7);
for (const d of sizes) {
  const loadBefore = load();
  const a = goe(d, d);
  const lam = powerLaw(d);
  const N = Math.max(2, Math.round(ratio * d));
  const ours = { eig: [], draw: [] };
  const theirs = { eig: [], draw: [] };
  let res = NaN;
  const eig = () => {
    const r = symmetricEigen(a, d, { method: 'dc', layout: 'rows' });
    if (Number.isNaN(res)) res = residual(a, d, r.values, r.vectors);
  };
  const draw = (seed) => {
    const dr = EmpiricalDraw.sample({ eigenvalues: lam, N, mean: 'estimated', rng: Random.forStream(seed, 0), sampling: 'wishart', scratchVectors: true });
    dr.lossTotals(levels);
    dr.kl(1e-3);
  };
  for (let r = 0; r < warmup; r++) {
    eig();
    draw(0);
    if (peer !== null) {
      await peer.ask(`eig ${d} ${d}`);
      await peer.ask(`draw ${d} ${N} 0`);
    }
  }
  for (let r = 0; r < rounds; r++) {
    ours.eig.push(timed(eig));
    if (peer !== null) theirs.eig.push(await peer.ask(`eig ${d} ${d}`));
    ours.draw.push(timed(() => draw(r + 1)));
    if (peer !== null) theirs.draw.push(await peer.ask(`draw ${d} ${N} ${r + 1}`));
  }
  // Phase split of one run (CPU ms) and rates against the flop counts, in G multiply-adds/s.
  const D = new Float64Array(d), E = new Float64Array(d), tau = new Float64Array(d), z = new Float64Array(d * d);
  let w;
  const tTri = timed(() => (w = d >= BLOCKED_FROM ? tridiagonalizeBlocked(a, d, D, E, tau) : tridiagonalizePaired(a, d, D, E, tau))).cpu;
  const tDc = timed(() => tridiagonalEigenDC(D, E, d, z)).cpu;
  const tBt = timed(() => applyReflectorsToRowsBlocked(w, d, tau, z, d)).cpu;
  const loadAfter = load();
  const m = (xs, k) => median(xs.map((x) => x[k]));
  console.log(`\nd = ${d} (load ${loadBefore} → ${loadAfter}; residual ${res.toExponential(1)})`);
  console.log('                 ours wall   ours cpu  numpy wall  numpy cpu   ratio (cpu)');
  for (const [label, k] of [['eigendecomposition', 'eig'], ['Monte Carlo draw  ', 'draw']]) {
    const ow = m(ours[k], 'wall'), oc = m(ours[k], 'cpu');
    const nw = peer !== null ? m(theirs[k], 'wall') : NaN, nc = peer !== null ? m(theirs[k], 'cpu') : NaN;
    console.log(`${label} ${fmt(ow)} ms ${fmt(oc)} ms  ${fmt(nw)} ms ${fmt(nc)} ms   ${(oc / nc).toFixed(2)}×`);
  }
  const g = (madds, ms) => (madds / ms / 1e6).toFixed(1);
  console.log(`ours, one run (cpu ms): tridiagonalisation ${tTri.toFixed(0)} (${d >= BLOCKED_FROM ? 'blocked' : 'unblocked'}; 2/3·d³ multiply-adds: ${g((2 / 3) * d ** 3, tTri)} G/s), divide and conquer ${tDc.toFixed(0)}, back-transformation ${tBt.toFixed(0)} (d³: ${g(d ** 3, tBt)} G/s)`);
}
peer?.close();
