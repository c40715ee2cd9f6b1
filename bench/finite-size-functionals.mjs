// Measured accuracy of the first-order finite-size corrections of the non-resolvent predictions
// (docs/theory.md §6.9): training dynamics (gradient-flow time τ), the finite-step sampler's KL
// and the Gaussian-structure distance E‖D_N − D_G‖², each against Monte Carlo of the real model
// (Wishart sampling: exact in law), asymptotic (d → ∞) and first-order, over d ∈ {32, 64, 128}.
// Prints one line per cell and, per prediction and d, the median |relative error| of both orders
// over the cells whose Monte Carlo resolves the asymptotic error (> 3 stderr).
// Run after `npm run build`: node bench/finite-size-functionals.mjs [draws] [--d 32,64,128]
import { predictDynamics } from '../dist/predictions/trainingDynamics.js';
import { samplerKl } from '../dist/predictions/samplerKl.js';
import { linearSchedule } from '../dist/predictions/noiseSchedule.js';
import { monteCarloDynamics } from '../dist/montecarlo/monteCarloDynamics.js';
import { monteCarloSampler } from '../dist/montecarlo/monteCarloSampler.js';
import { gaussianStructureCurve } from '../dist/gaussianStructure/gaussianStructureCurve.js';
import { gaussianPopulation } from '../dist/gaussianStructure/denoiserPopulation.js';
import { lowRankSpectrum, powerLawSpectrum } from '../dist/spectra/index.js';

const args = process.argv.slice(2);
const draws = Number(args.find((a) => /^\d+$/.test(a)) ?? 1000);
const dIdx = args.indexOf('--d');
const ds = dIdx >= 0 ? args[dIdx + 1].split(',').map(Number) : [32, 64, 128];
const seed = 11;
console.log(`# draws ${draws} per cell, seed ${seed}, Wishart sampling; columns: prediction d spectrum cell measure MC±stderr asymptotic% first-order%`);
const summary = new Map();
const record = (what, d, mc, asym, first) => {
  const key = `${what} d=${d}`;
  const ea = asym / mc.mean - 1;
  const e1 = first / mc.mean - 1;
  if (Math.abs(asym - mc.mean) > 3 * mc.stderr) {
    if (!summary.has(key)) summary.set(key, { a: [], f: [] });
    summary.get(key).a.push(Math.abs(ea));
    summary.get(key).f.push(Math.abs(e1));
  }
  return `${(ea * 100).toFixed(3)}% ${(e1 * 100).toFixed(3)}% (z ${((asym - mc.mean) / mc.stderr).toFixed(1)} → ${((first - mc.mean) / mc.stderr).toFixed(1)})`;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const d of ds) {
  const spectra = { 'powerlaw k=1': powerLawSpectrum({ d, k: 1 }), [`lowrank r=${d / 8} floor 1e-2`]: lowRankSpectrum({ d, r: d / 8, floor: 1e-2 }) };
  for (const [name, spectrum] of Object.entries(spectra)) {
    for (const N of [d / 2, 2 * d]) {
      for (const abar of [0.5, 0.9]) {
        const times = [{ tau: 1 }, { tau: 10 }];
        const mc = monteCarloDynamics({ spectrum, N, abar, times, draws, seed, sampling: 'wishart' });
        times.forEach((time, j) => {
          const p = predictDynamics({ spectrum, N, abar, time });
          for (const m of ['trainLoss', 'testLoss', 'gap', 'alignment']) {
            console.log('dynamics', d, name, `N=${N} abar=${abar} tau=${time.tau}`, m, `${mc[j][m].mean.toPrecision(6)}±${mc[j][m].stderr.toPrecision(2)}`, record('dynamics', d, mc[j][m], p.asymptotic[m], p[m]));
          }
        });
      }
      for (const [T, c] of [[100, 0.01], [20, 0.01]]) {
        const schedule = linearSchedule({ T });
        const p = samplerKl({ spectrum, N, schedule, c });
        const mc = monteCarloSampler({ spectrum, N, schedule, c, draws, seed, sampling: 'wishart' }).sampler;
        console.log('sampler', d, name, `N=${N} T=${T} c=${c}`, 'kl', `${mc.mean.toPrecision(6)}±${mc.stderr.toPrecision(2)}`, record('sampler', d, mc, p.asymptotic.kl, p.kl));
      }
      const curve = gaussianStructureCurve({ population: gaussianPopulation(spectrum), Ns: [N], sigmas: [0.3, 3], draws, seed, pairs: 1, tests: 1 });
      for (const r of curve.rows) {
        console.log('distance', d, name, `N=${N} sigma=${r.sigma}`, 'distance', `${r.distanceMC.mean.toPrecision(6)}±${r.distanceMC.stderr.toPrecision(2)}`, record('distance', d, r.distanceMC, r.distanceTheoryInfiniteD, r.distanceTheory));
      }
    }
  }
}
console.log('\n# median |relative error| over resolved cells (asymptotic → first-order), count');
for (const [key, v] of summary) console.log(key, `${(median(v.a) * 100).toFixed(3)}% → ${(median(v.f) * 100).toFixed(3)}%`, `max ${(Math.max(...v.a) * 100).toFixed(2)}% → ${(Math.max(...v.f) * 100).toFixed(2)}%`, v.a.length);
