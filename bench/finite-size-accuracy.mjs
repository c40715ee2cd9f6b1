// Accuracy of the first-order finite-size correction (docs/theory.md §6) against Monte Carlo of the
// real model: for spectra × N/d ∈ {1/4, 1/2, 1, 1 + 1/d, 2, 8} × ᾱ ∈ {0.01, 0.5, 0.99, 0.9999} ×
// d ∈ {32, 64}, the relative error (theory − MC)/MC of each measure with finiteSize 'none'
// (asymptotic) and 'first-order' (corrected), the MC relative standard error, and the correction's
// relativeSize / reliable flag. Estimated mean, c = 0; KL at ε = 1e-2 (independent of ᾱ).
//
// Each draw is EmpiricalDraw.sample — the per-draw code monteCarlo() runs, with draw k on the
// random stream (seed, k) — evaluated at all four noise levels and the KL, so the four ᾱ of a
// (spectrum, d, N) share their training sets (monteCarlo() would redraw them per ᾱ).
// Run after `npm run build`:  node bench/finite-size-accuracy.mjs [draws at d=32] [draws at d=64] [--json]
import { EmpiricalDraw } from '../dist/montecarlo/empiricalDraw.js';
import { Random } from '../dist/random/random.js';
import { meanStderr } from '../dist/statistics/summaryStatistics.js';
import { noiseLevel } from '../dist/predictions/model/noiseLevel.js';
import { predictLosses } from '../dist/predictions/losses/predictLosses.js';
import { klDivergence } from '../dist/predictions/kl/klDivergence.js';
import { klCorrection, lossCorrections } from '../dist/predictions/finiteSize/finiteSizeCorrection.js';
import { modelEnsemble } from '../dist/predictions/model/ensemble.js';
import { expandEigenvalues, isotropicSpectrum, lowRankSpectrum, powerLawSpectrum } from '../dist/spectra/index.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const json = process.argv.includes('--json');
const DRAWS = { 32: Number(args[0] ?? 1200), 64: Number(args[1] ?? 500) };
const SEED = 12;
const EPS = 1e-2;
const ABARS = [0.01, 0.5, 0.99, 0.9999];
const MEASURES = ['trainLoss', 'testLoss', 'gap', 'alignment'];
const SPECTRA = [
  { name: 'powerlaw k=1', make: (d) => powerLawSpectrum({ d, k: 1 }) },
  { name: 'lowrank r=d/8 floor=1e-2', make: (d) => lowRankSpectrum({ d, r: d / 8, floor: 1e-2 }) },
  { name: 'isotropic', make: (d) => isotropicSpectrum({ d }) },
];
const ratios = (d) => [
  ['1/4', d / 4],
  ['1/2', d / 2],
  ['1', d],
  ['1+1/d', d + 1],
  ['2', 2 * d],
  ['8', 8 * d],
];

const pct = (x) => (Math.abs(x) >= 0.1 ? (100 * x).toFixed(1) : (100 * x).toFixed(2)).padStart(6);
const cells = [];
const started = performance.now();
for (const d of [32, 64]) {
  for (const sp of SPECTRA) {
    const spectrum = sp.make(d);
    const lam = expandEigenvalues(spectrum);
    for (const [ratioName, N] of ratios(d)) {
      const draws = DRAWS[d];
      const levels = ABARS.map((a) => noiseLevel(a));
      const per = ABARS.map(() => Object.fromEntries(MEASURES.map((m) => [m, new Float64Array(draws)])));
      const kls = new Float64Array(draws);
      for (let k = 0; k < draws; k++) {
        const draw = EmpiricalDraw.sample({ eigenvalues: lam, N, mean: 'estimated', rng: Random.forStream(SEED * 1_000_003 + N * 7 + d, k) });
        levels.forEach((level, j) => {
          const l = draw.losses(level);
          for (const m of MEASURES) per[j][m][k] = l[m];
        });
        kls[k] = draw.kl(EPS);
      }
      const klMc = meanStderr(kls);
      const ens = modelEnsemble(N);
      const klTh = klDivergence({ spectrum, N, eps: EPS, finiteSize: 'first-order' });
      const klRaw = klCorrection(spectrum, ens, EPS, klTh.kappa.kappa);
      ABARS.forEach((abar, j) => {
        const p = predictLosses({ spectrum, N, abar, finiteSize: 'first-order' });
        // The raw correction, also where predictLosses does not apply it (breakdown), to show how it fails.
        const raw = lossCorrections(spectrum, ens, levels[j], p.kappa.kappa);
        const row = { spectrum: sp.name, d, ratio: ratioName, N, abar, relativeSize: p.finiteSize.relativeSize, reliable: p.finiteSize.reliable, applied: p.finiteSize.applied, measures: {} };
        for (const m of MEASURES) {
          const mc = meanStderr(per[j][m]);
          const corrected = p.asymptotic[m] + raw.measures[m];
          row.measures[m] = { mc: mc.mean, se: mc.stderr / Math.abs(mc.mean), asym: (p.asymptotic[m] - mc.mean) / mc.mean, corr: (corrected - mc.mean) / mc.mean };
        }
        if (j === 0) {
          row.measures.kl = { mc: klMc.mean, se: klMc.stderr / klMc.mean, asym: (klTh.asymptotic.kl - klMc.mean) / klMc.mean, corr: (klTh.asymptotic.kl + klRaw.kl - klMc.mean) / klMc.mean };
          row.klRelativeSize = klTh.finiteSize.relativeSize;
        }
        cells.push(row);
      });
    }
  }
}
const seconds = (performance.now() - started) / 1000;

if (json) {
  console.log(JSON.stringify({ draws: DRAWS, seed: SEED, eps: EPS, seconds, cells }));
  process.exit(0);
}
console.log(`finite-size accuracy: relative error (theory − MC)/MC in %, asymptotic → corrected; MC ${DRAWS[32]} draws at d = 32, ${DRAWS[64]} at d = 64 (seed ${SEED}); ${seconds.toFixed(0)} s`);
console.log('se = MC relative standard error (%) of the measure; rel = correction relativeSize; * = not reliable, ! = not applied by predictLosses (breakdown; the column shows it applied anyway)\n');
const head = ['spectrum', 'd', 'N/d', 'N', 'abar', ...MEASURES.map((m) => `${m} asym→corr (se)`), 'rel'];
console.log(head.join(' | '));
const score = { better: 0, worse: 0, tie: 0, ratio: [] };
for (const c of cells) {
  const parts = MEASURES.map((m) => {
    const r = c.measures[m];
    // Significance: a change counts when |asym| and |corr| differ by more than 2 se.
    const a = Math.abs(r.asym), b = Math.abs(r.corr);
    if (a - b > 2 * r.se) score.better++;
    else if (b - a > 2 * r.se) score.worse++;
    else score.tie++;
    if (a > 4 * r.se) score.ratio.push(a / Math.max(b, r.se));
    return `${pct(r.asym)} →${pct(r.corr)} (${pct(r.se).trim()})`;
  });
  const flag = (c.reliable ? '' : '*') + (c.applied ? '' : '!');
  console.log([c.spectrum.padEnd(24), c.d, c.ratio.padEnd(5), String(c.N).padStart(3), String(c.abar).padEnd(6), ...parts, c.relativeSize.toExponential(1) + flag].join(' | '));
}
console.log('\nKL at ε = 1e-2 (one per spectrum, d, N):');
for (const c of cells.filter((c) => c.measures.kl)) {
  const r = c.measures.kl;
  console.log(`  ${c.spectrum.padEnd(24)} d=${c.d} N/d=${c.ratio.padEnd(5)} N=${String(c.N).padStart(3)}: ${pct(r.asym)} →${pct(r.corr)} (se ${pct(r.se).trim()}), rel ${c.klRelativeSize.toExponential(1)}`);
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`\nloss measures: corrected better in ${score.better}, worse in ${score.worse}, within 2 se in ${score.tie} (cell × measure)`);
if (score.ratio.length) console.log(`where the asymptotic error is resolved (> 4 se): median |asym|/max(|corr|, se) = ${med(score.ratio).toFixed(1)}, min ${Math.min(...score.ratio).toFixed(2)}`);
