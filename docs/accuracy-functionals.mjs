// The measured accuracy of the first-order finite-size corrections of the non-resolvent predictions
// (docs/theory.md §6.9): training dynamics, the finite-step sampler's KL and the Gaussian-structure
// distance E‖D_N − D_G‖², against Monte Carlo of the real model, asymptotic (d → ∞) and first order.
// Writes docs/accuracy-functionals.json (every cell's seed, Monte Carlo mean ± stderr and both theory
// values) and docs/accuracy-functionals.md (rendered from the JSON).
//
// Run after `npm run build`: node docs/accuracy-functionals.mjs            (compute, ~5–10 CPU-min)
//                             node docs/accuracy-functionals.mjs --render   (page from the JSON only)
// test/docs/accuracyFunctionals.test.ts recomputes a sample of cells from their seeds.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { predictDynamics } from '../dist/predictions/dynamics/trainingDynamics.js';
import { samplerKl } from '../dist/predictions/sampler/samplerKl.js';
import { linearSchedule } from '../dist/predictions/model/noiseSchedule.js';
import { monteCarloDynamics } from '../dist/montecarlo/monteCarloDynamics.js';
import { monteCarloSampler } from '../dist/montecarlo/monteCarloSampler.js';
import { gaussianStructureCurve } from '../dist/gaussianStructure/gaussianStructureCurve.js';
import { gaussianPopulation } from '../dist/gaussianStructure/denoiserPopulation.js';
import { lowRankSpectrum, powerLawSpectrum } from '../dist/spectra/index.js';

export const MASTER_SEED = 11;
export const DRAWS = 1500;
/** A row is resolved when its asymptotic error exceeds this many Monte Carlo standard errors. */
export const RESOLVE = 3;
export const DS = [32, 64, 128];
export const TAUS = [1, 10];
export const SIGMAS_VE = [0.3, 3];

const SPECTRA = {
  'powerlaw-1': { label: 'power law k = 1', make: (d) => powerLawSpectrum({ d, k: 1 }) },
  lowrank: { label: 'low rank d/8 + floor 1e-2', make: (d) => lowRankSpectrum({ d, r: d / 8, floor: 1e-2 }) },
};

/** Every cell: one Monte Carlo run (one seed) of one prediction at one (d, spectrum, N, setting). */
export function functionalSpecs() {
  const specs = [];
  for (const d of DS) {
    for (const spectrum of Object.keys(SPECTRA)) {
      for (const N of [d / 2, 2 * d]) {
        for (const abar of [0.5, 0.9]) specs.push({ kind: 'dynamics', d, spectrum, N, abar });
        for (const T of [100, 20]) specs.push({ kind: 'sampler', d, spectrum, N, T, c: 0.01 });
        specs.push({ kind: 'distance', d, spectrum, N });
      }
    }
  }
  return specs.map((s, i) => ({ ...s, seed: MASTER_SEED * 1_000_003 + i }));
}

const sig = (x) => Number(x.toPrecision(12));

/** The rows of one cell: [label, Monte Carlo mean, stderr, asymptotic, first order, applied]. */
export function functionalCell(spec) {
  const spectrum = SPECTRA[spec.spectrum].make(spec.d);
  const { N, seed } = spec;
  const rows = [];
  const push = (label, mc, asymptotic, firstOrder, applied) => rows.push([label, sig(mc.mean), sig(mc.stderr), sig(asymptotic), sig(firstOrder), applied ? 1 : 0]);
  if (spec.kind === 'dynamics') {
    const times = TAUS.map((tau) => ({ tau }));
    const mc = monteCarloDynamics({ spectrum, N, abar: spec.abar, times, draws: DRAWS, seed, sampling: 'wishart' });
    times.forEach((time, j) => {
      const p = predictDynamics({ spectrum, N, abar: spec.abar, time });
      for (const m of ['trainLoss', 'testLoss', 'gap', 'alignment']) push(`τ = ${time.tau} ${m}`, mc[j][m], p.asymptotic[m], p[m], p.finiteSize.applied);
    });
  } else if (spec.kind === 'sampler') {
    const schedule = linearSchedule({ T: spec.T });
    const p = samplerKl({ spectrum, N, schedule, c: spec.c });
    const mc = monteCarloSampler({ spectrum, N, schedule, c: spec.c, draws: DRAWS, seed, sampling: 'wishart' }).sampler;
    push('kl', mc, p.asymptotic.kl, p.kl, p.finiteSize.applied);
  } else {
    const curve = gaussianStructureCurve({ population: gaussianPopulation(spectrum), Ns: [N], sigmas: SIGMAS_VE, draws: DRAWS, seed, pairs: 1, tests: 1 });
    for (const r of curve.rows) push(`σ = ${r.sigma} distance`, r.distanceMC, r.distanceTheoryInfiniteD, r.distanceTheory, r.finiteSize.applied);
  }
  return { ...spec, draws: DRAWS, rows };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
};
const pct = (x) => `${(100 * x).toPrecision(2)} %`;
const setting = (c) => (c.kind === 'dynamics' ? `ᾱ = ${c.abar}` : c.kind === 'sampler' ? `T = ${c.T}, c = ${c.c}` : 'σ ∈ {0.3, 3}');
const KIND_NAMES = { dynamics: 'training dynamics (4 measures, τ ∈ {1, 10})', sampler: 'sampler KL (DDPM, linear schedule)', distance: 'distance E‖D_N − D_G‖²' };

/** Median (max) |relative error| per prediction and d over the resolved rows, both orders. */
export function functionalSummary(json) {
  const out = [];
  for (const kind of Object.keys(KIND_NAMES)) {
    for (const d of json.meta.ds) {
      const a = [];
      const f = [];
      for (const cell of json.cells) {
        if (cell.kind !== kind || cell.d !== d) continue;
        for (const [, mean, stderr, asym, first] of cell.rows) {
          if (!(Math.abs(asym - mean) > json.meta.resolve * stderr)) continue;
          a.push(Math.abs(asym / mean - 1));
          f.push(Math.abs(first / mean - 1));
        }
      }
      out.push({ kind, d, resolved: a.length, medianAsymptotic: median(a), medianFirstOrder: median(f), maxAsymptotic: Math.max(...a), maxFirstOrder: Math.max(...f) });
    }
  }
  return out;
}

export function renderFunctionals(json) {
  const s = functionalSummary(json);
  const lines = [
    '# Accuracy of the finite-size corrections: dynamics, sampler, Gaussian structure',
    '',
    `Generated by \`node docs/accuracy-functionals.mjs\` (part of \`npm run docs\`) from [accuracy-functionals.json](accuracy-functionals.json); master seed ${json.meta.masterSeed}, ${json.meta.draws} Monte Carlo draws per cell (Wishart sampling: exact in law), every cell's own seed in the JSON and below. The predictions are those of docs/theory.md §6.9 — training dynamics (\`predictDynamics\`), the finite-step sampler's KL (\`samplerKl\`) and the Gaussian-structure distance (\`denoiserDistanceTheory\`) — each at the d → ∞ order (\`finiteSize: 'none'\`) and with the first-order correction (the default). The loss measures and the KL at the optimum have their own atlas, [accuracy.md](accuracy.md).`,
    '',
    `## Summary`,
    '',
    `Median (max) |relative error| against the Monte Carlo over the rows whose asymptotic error is resolved (> ${json.meta.resolve} standard errors), asymptotic → first order:`,
    '',
    `| prediction | ${json.meta.ds.map((d) => `d = ${d}`).join(' | ')} |`,
    `| --- | ${json.meta.ds.map(() => '---').join(' | ')} |`,
  ];
  for (const kind of Object.keys(KIND_NAMES)) {
    const cells = s.filter((r) => r.kind === kind).map((r) => `${pct(r.medianAsymptotic)} → ${pct(r.medianFirstOrder)} (${pct(r.maxAsymptotic)} → ${pct(r.maxFirstOrder)}), ${r.resolved} rows`);
    lines.push(`| ${KIND_NAMES[kind]} | ${cells.join(' | ')} |`);
  }
  lines.push(
    '',
    'The asymptotic error halves with each doubling of d (O(1/d)); the first-order one falls faster (towards O(1/d²)) until the Monte Carlo noise limits it. The largest first-order residuals are the gap and the alignment of the low-rank spectrum at N = d/2 — the class the loss atlas names too — where the next order is larger than the allowance 2·relativeSize·|δ| of src/verification/allowance.ts.',
    '',
    '## Cells',
    '',
    'Relative error (theory − MC)/MC in %, asymptotic → first order, and the z-scores; ° = not resolved.',
    '',
    '| prediction | d | spectrum | N | setting | seed | row | MC mean ± stderr | asymptotic | first order |',
    '| --- | ---: | --- | ---: | --- | ---: | --- | ---: | ---: | ---: |',
  );
  for (const c of json.cells) {
    for (const [label, mean, stderr, asym, first] of c.rows) {
      const mark = Math.abs(asym - mean) > json.meta.resolve * stderr ? '' : ' °';
      const e = (t) => `${((t / mean - 1) * 100).toFixed(3)} % (z ${((t - mean) / stderr).toFixed(1)})`;
      lines.push(`| ${c.kind} | ${c.d} | ${SPECTRA[c.spectrum].label} | ${c.N} | ${setting(c)} | ${c.seed} | ${label} | ${mean.toPrecision(6)} ± ${stderr.toPrecision(2)} | ${e(asym)}${mark} | ${e(first)} |`);
    }
  }
  return lines.join('\n') + '\n';
}

export function functionalsJson() {
  const cells = functionalSpecs().map(functionalCell);
  return { meta: { masterSeed: MASTER_SEED, draws: DRAWS, resolve: RESOLVE, ds: DS, columns: ['row', 'mcMean', 'mcStderr', 'asymptotic', 'firstOrder', 'applied'] }, cells };
}

const here = (name) => fileURLToPath(new URL(name, import.meta.url));
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let json;
  if (process.argv.includes('--render')) json = JSON.parse(readFileSync(here('accuracy-functionals.json'), 'utf8'));
  else {
    json = functionalsJson();
    writeFileSync(here('accuracy-functionals.json'), JSON.stringify(json) + '\n');
  }
  writeFileSync(here('accuracy-functionals.md'), renderFunctionals(json));
  console.log(`docs/accuracy-functionals.md: ${json.cells.length} cells`);
}
