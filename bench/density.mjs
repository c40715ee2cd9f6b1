// Workload of issue 3: power law k = 1, d = 10000 (10000 distinct eigenvalues), n = 5000.
// Support, counting + Σ-weighted density on the default 2000-point grid, and one
// spectralExpectation (E tr(Ŝ + 1)^{-1}, which has the closed form (κ/w) Σ 1/(λ_i + κ) of
// docs/theory.md §3). Prints the median over repeats and the achieved accuracy:
//  - density: the default grid against a tighter solve (Newton tolerance 1e-15) at the same points,
//    and against an independent path (stieltjes at x + iη, Richardson-extrapolated to η = 0),
//    at interior points away from the edges;
//  - expectation: against the real-ridge closed form.
// Run after `npx tsc -p tsconfig.json`: node bench/density.mjs [repeats]
import { powerLawSpectrum } from '../dist/spectra/index.js';
import { solveKappa } from '../dist/selfconsistency/kappa/solveKappa.js';
import { spectralSupport } from '../dist/selfconsistency/complexPlane/spectralSupport.js';
import { spectralDensity } from '../dist/selfconsistency/limitingMeasure/spectralDensity.js';
import { spectralExpectation } from '../dist/selfconsistency/limitingMeasure/spectralExpectation.js';
import { stieltjes } from '../dist/selfconsistency/complexPlane/stieltjes.js';

const repeats = Number(process.argv[2] ?? 7);
const spectrum = powerLawSpectrum({ d: 10000, k: 1 });
const n = 5000;
const w = 1;
const f = (x) => 1 / (x + w);

function run() {
  const t0 = performance.now();
  const support = spectralSupport({ spectrum, n });
  const t1 = performance.now();
  const density = spectralDensity({ spectrum, n, points: 2000 });
  const t2 = performance.now();
  const expectation = spectralExpectation({ spectrum, n, f, weight: 'count' });
  const t3 = performance.now();
  return { support, density, expectation, ms: [t1 - t0, t2 - t1, t3 - t2, t3 - t0] };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
run(); // warm-up (JIT)
const times = [[], [], [], []];
let last;
for (let i = 0; i < repeats; i++) {
  last = run();
  last.ms.forEach((t, j) => times[j].push(t));
}
const { support, density, expectation } = last;

// Density accuracy at interior points away from the edges (relative distance > 1e-3 of the width).
const pick = [];
let j = 0;
for (const c of support.clusters) {
  const idx = [];
  while (j < density.x.length && density.x[j] <= c.hi) {
    const x = density.x[j];
    if (x - c.lo > 1e-3 * (c.hi - c.lo) && c.hi - x > 1e-3 * (c.hi - c.lo)) idx.push(j);
    j++;
  }
  // a few per cluster, spread out
  for (let k = 0; k < Math.min(5, idx.length); k++) pick.push(idx[Math.floor(((k + 0.5) * idx.length) / 5)]);
}
const xs = pick.map((i) => density.x[i]);
const tight = spectralDensity({ spectrum, n, x: xs, tolerance: 1e-15 });
let errTight = 0;
let errEta = 0;
for (let k = 0; k < xs.length; k++) {
  const ref = tight.density[k];
  errTight = Math.max(errTight, Math.abs(density.density[pick[k]] - ref) / ref);
  // independent path: Newton in C⁺ at η and 2η, Richardson to η = 0
  const c = support.clusters.find((cl) => xs[k] > cl.lo && xs[k] < cl.hi);
  const delta = Math.min(xs[k] - c.lo, c.hi - xs[k]);
  const eta = 1e-7 * delta;
  const a = stieltjes({ spectrum, n, z: { re: xs[k], im: eta } }).mUnderline.im;
  const b = stieltjes({ spectrum, n, z: { re: xs[k], im: 2 * eta } }).mUnderline.im;
  const rich = ((2 * a - b) * n) / (Math.PI * spectrum.d);
  errEta = Math.max(errEta, Math.abs(rich - ref) / ref);
}

const k = solveKappa({ spectrum, n, ridge: w }).kappa;
let s = 0;
for (let i = 0; i < spectrum.eigenvalues.length; i++) s += spectrum.weights[i] / (spectrum.eigenvalues[i] + k);
const closed = (k / w) * s;

console.log(`power law k = 1, d = ${spectrum.d} (${spectrum.eigenvalues.length} distinct), n = ${n}; median of ${repeats}`);
console.log(`  support:      ${median(times[0]).toFixed(1)} ms  (${support.clusters.length} clusters, ${support.evaluations} passes)`);
console.log(`  density:      ${median(times[1]).toFixed(1)} ms  (${density.x.length} points, ${density.passes} passes incl. support, converged ${density.converged}, max residual ${density.maxResidual.toExponential(1)})`);
console.log(`  expectation:  ${median(times[2]).toFixed(1)} ms  (${expectation.evaluations} nodes, ${expectation.passes} passes)`);
console.log(`  total:        ${median(times[3]).toFixed(1)} ms`);
console.log(`  density rel. error at ${xs.length} interior points: vs tol-1e-15 solve ${errTight.toExponential(2)}, vs η-Richardson ${errEta.toExponential(2)}`);
console.log(`  E tr(Ŝ+1)^-1 = ${expectation.value} vs closed form ${closed}: rel. error ${(Math.abs(expectation.value - closed) / closed).toExponential(2)} (estimate ${(expectation.errorEstimate / closed).toExponential(2)})`);
