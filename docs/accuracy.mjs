#!/usr/bin/env node
// The accuracy atlas (issue 12): the relative error against Monte Carlo of the real model of every
// loss measure and the KL, asymptotic and with the first-order finite-size correction
// (docs/theory.md §6), over spectrum classes × N/d × ᾱ × d. `npm run docs` runs it; it writes
// docs/accuracy.json (every cell's numbers) and docs/accuracy.md (rendered from that JSON alone by
// docs/accuracy-render.mjs). test/docs/accuracy.test.ts recomputes a sample of cells and re-renders
// the page.
//
//   node docs/accuracy.mjs            compute every cell (≈ 10 min of one core), write both files
//   node docs/accuracy.mjs --render   re-render docs/accuracy.md from docs/accuracy.json
//
// A cell is (spectrum class, d, N/d): its Monte Carlo draws are shared by the four ᾱ and the KL
// (each draw is EmpiricalDraw.sample on the random stream (cell seed, k) — exactly draw k of
// monteCarlo({ seed: cell seed }) — evaluated at the four noise levels and at ε). The cell seed is
// derived from the master seed and the cell's coordinates (cellSeed), so any cell can be recomputed
// on its own: atlasCell({ classId, d, ratio }). Imports the built package (dist/).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmpiricalDraw } from '../dist/montecarlo/empiricalDraw.js';
import { Random } from '../dist/random/random.js';
import { meanStderr } from '../dist/statistics/summaryStatistics.js';
import { noiseLevel } from '../dist/predictions/model/noiseLevel.js';
import { predictLosses } from '../dist/predictions/losses/predictLosses.js';
import { klDivergence } from '../dist/predictions/kl/klDivergence.js';
import { klCorrection, lossCorrections } from '../dist/predictions/finiteSize/finiteSizeCorrection.js';
import { modelEnsemble } from '../dist/predictions/model/ensemble.js';
import { finiteSizeAllowance } from '../dist/verification/allowance.js';
import { agreement } from '../dist/verification/agreement.js';
import { createSpectrum, expandEigenvalues, lowRankSpectrum, powerLawSpectrum, twoPointSpectrum, scaleSpectrum, spectrumTraces } from '../dist/spectra/index.js';
import { renderAtlas } from './accuracy-render.mjs';

export { renderAtlas, atlasSummary } from './accuracy-render.mjs';

/** Printed by the generator and stated in the page; every cell seed derives from it (cellSeed). */
export const MASTER_SEED = 12;
export const EPS = 1e-2;
export const ABARS = [0.01, 0.5, 0.99, 0.9999];
export const DS = [32, 64, 128, 256];
/**
 * Monte Carlo draws per cell. The cost of a draw grows like d³ (one symmetric eigendecomposition)
 * plus N·d² (Σ̂): measured on one core, 2.4 / 11 / 67 / 505 ms for the six N of one class at
 * d = 32 / 64 / 128 / 256. The small d get many draws because only there can Monte Carlo resolve
 * what the first-order correction leaves (O(1/d²) against an MC noise of O(1/(d·√draws))).
 */
export const DRAWS = { 32: 6000, 64: 2000, 128: 300, 256: 80 };
/** Standard errors allowed for sampling noise in the allowance verdict (as agreement()'s default). */
export const SIGMAS = 4;
/**
 * A cell × measure is resolved when its first-order correction δ — the difference between the two
 * orders' predictions — is at least RESOLVE Monte Carlo standard errors: the MC then tells the two
 * orders apart at the same 4σ the allowance grants for sampling noise. (δ/stderr does not fall
 * with d — both are O(1) on the totals — but grows like √draws.)
 */
export const RESOLVE = 4;
export const MEASURES = ['trainLoss', 'testLoss', 'gap', 'alignment', 'kl'];
export const LOSS_MEASURES = ['trainLoss', 'testLoss', 'gap', 'alignment'];

/** N/d ratios: name and N(d). */
export const RATIOS = [
  { name: '1/4', N: (d) => d / 4 },
  { name: '1/2', N: (d) => d / 2 },
  { name: '1', N: (d) => d },
  { name: '1+1/d', N: (d) => d + 1 },
  { name: '2', N: (d) => 2 * d },
  { name: '8', N: (d) => 8 * d },
];

/** tr Σ = d for each (the two-point one rescaled; the others are built that way). */
function withTraceD(spectrum) {
  return scaleSpectrum(spectrum, spectrum.d / spectrumTraces(spectrum).trace);
}

/** Spectrum classes (the constructors of src/testing/arbitraries.ts familySpectrum, at fixed shapes). */
export const CLASSES = [
  { id: 'powerlaw-0.5', name: 'power law k = 0.5', make: (d) => powerLawSpectrum({ d, k: 0.5 }) },
  { id: 'powerlaw-1', name: 'power law k = 1', make: (d) => powerLawSpectrum({ d, k: 1 }) },
  { id: 'powerlaw-2', name: 'power law k = 2', make: (d) => powerLawSpectrum({ d, k: 2 }) },
  { id: 'twopoint', name: 'two-point (¼ of d at 10×)', make: (d) => withTraceD(twoPointSpectrum({ d, a: 1, b: 10, p: 0.25 })) },
  { id: 'lowrank', name: 'low rank r = d/8 + floor 1e-2', make: (d) => lowRankSpectrum({ d, r: d / 8, floor: 1e-2 }) },
  {
    id: 'geometric-12',
    name: 'geometric, 12 decades',
    // familySpectrum('geometric', d, 1): λ_i ∝ 10^(12(i/(d − 1) − ½)), i = 0..d − 1.
    make: (d) => {
      const values = Array.from({ length: d }, (_, i) => 10 ** (12 * (i / (d - 1) - 0.5)));
      const scale = d / values.reduce((a, b) => a + b, 0);
      return createSpectrum(values.map((v) => v * scale));
    },
  },
];

/** The seed of a cell: master seed and coordinates, readable (class index, d, ratio index). */
export function cellSeed({ classId, d, ratio }) {
  const c = CLASSES.findIndex((k) => k.id === classId);
  const r = RATIOS.findIndex((k) => k.name === ratio);
  if (c < 0 || r < 0 || !DS.includes(d)) throw new Error(`no atlas cell ${classId} d=${d} N/d=${ratio}`);
  return MASTER_SEED * 100_000 + c * 10_000 + d * 10 + r;
}

/** Every cell's coordinates, in the atlas's order (class, d, ratio). */
export function atlasSpecs() {
  return CLASSES.flatMap((k) => DS.flatMap((d) => RATIOS.map((r) => ({ classId: k.id, d, ratio: r.name }))));
}

/** The column order of a measure record in accuracy.json. */
export const COLUMNS = [
  'asymptotic', // theory, finiteSize 'none'
  'firstOrder', // theory as returned with finiteSize 'first-order' (= asymptotic where not applied)
  'correction', // the measure's first-order correction δ (also where it is not applied)
  'mcMean',
  'mcStderr',
  'errAsymptotic', // (asymptotic − MC)/MC
  'errFirstOrder', // (firstOrder − MC)/MC
  'allowanceAsymptotic', // finiteSizeAllowance, relative to |theory|
  'allowanceFirstOrder',
  'resolved', // 1 when |δ| ≥ RESOLVE·stderr
  'passAsymptotic', // 1 when |theory − MC| ≤ SIGMAS·stderr + allowance·|theory|
  'passFirstOrder',
  'sdTheory', // predicted spread over training sets (docs/theory.md §6.10)
  'sdMc', // per-draw standard deviation of the Monte Carlo
  'sdMcStderr', // its standard error (fourth-moment formula)
];

const sig = (x, digits) => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : x);

/** One cell × measure: the record of COLUMNS (values to 12 digits, errors and spreads to 6, allowances to 4, the spread's standard error to 3). */
function measureRecord({ asymptotic, firstOrder, correction, mc, infoNone, infoFirst, sd }) {
  const allowNone = finiteSizeAllowance({ finiteSize: infoNone, value: asymptotic, asymptotic, correction });
  const allowFirst = finiteSizeAllowance({ finiteSize: infoFirst, value: firstOrder, asymptotic, correction });
  const passNone = agreement({ theory: asymptotic, mc, sigmas: SIGMAS, relative: allowNone }).pass;
  const passFirst = agreement({ theory: firstOrder, mc, sigmas: SIGMAS, relative: allowFirst }).pass;
  return [
    sig(asymptotic, 12),
    sig(firstOrder, 12),
    sig(correction, 12),
    sig(mc.mean, 12),
    sig(mc.stderr, 12),
    sig((asymptotic - mc.mean) / mc.mean, 6),
    sig((firstOrder - mc.mean) / mc.mean, 6),
    sig(allowNone, 4),
    sig(allowFirst, 4),
    Math.abs(correction) >= RESOLVE * mc.stderr ? 1 : 0,
    passNone ? 1 : 0,
    passFirst ? 1 : 0,
    sig(sd, 6),
    sig(mc.sd, 6),
    sig(mc.sdStderr, 3),
  ];
}

/** finiteSize info as [relativeSize, applied, reliable, n(1 − γ)]. */
const infoRecord = (info, g) => [sig(info.relativeSize, 12), info.applied ? 1 : 0, info.reliable ? 1 : 0, sig(g, 12)];

/**
 * One cell of the atlas, computed from its own seed: theory at both orders and Monte Carlo for the
 * four ᾱ (shared draws) and the KL at EPS. `draws` defaults to DRAWS[d].
 */
export function atlasCell(spec) {
  const { classId, d, ratio } = spec;
  const cls = CLASSES.find((k) => k.id === classId);
  const rat = RATIOS.find((k) => k.name === ratio);
  if (!cls || !rat) throw new Error(`no atlas cell ${classId} N/d=${ratio}`);
  const seed = cellSeed(spec);
  const draws = spec.draws ?? DRAWS[d];
  const N = rat.N(d);
  const spectrum = cls.make(d);
  const lam = expandEigenvalues(spectrum);
  const levels = ABARS.map((a) => noiseLevel(a));
  const per = ABARS.map(() => Object.fromEntries(LOSS_MEASURES.map((m) => [m, new Float64Array(draws)])));
  const kls = new Float64Array(draws);
  for (let k = 0; k < draws; k++) {
    const draw = EmpiricalDraw.sample({ eigenvalues: lam, N, mean: 'estimated', rng: Random.forStream(seed, k) });
    levels.forEach((level, j) => {
      const l = draw.losses(level);
      for (const m of LOSS_MEASURES) per[j][m][k] = l[m];
    });
    kls[k] = draw.kl(EPS);
  }
  const ens = modelEnsemble(N);
  const abars = ABARS.map((abar, j) => {
    const first = predictLosses({ spectrum, N, abar, finiteSize: 'first-order' });
    const none = predictLosses({ spectrum, N, abar, finiteSize: 'none' });
    const raw = lossCorrections(spectrum, ens, levels[j], first.kappa.kappa);
    const measures = {};
    for (const m of LOSS_MEASURES) {
      measures[m] = measureRecord({
        asymptotic: none[m],
        firstOrder: first[m],
        correction: raw.measures[m],
        mc: meanStderr(per[j][m]),
        infoNone: none.finiteSize,
        infoFirst: first.finiteSize,
        sd: first.sd[m],
      });
    }
    return { abar, finiteSize: infoRecord(first.finiteSize, raw.edge.distance), ...measures };
  });
  const klFirst = klDivergence({ spectrum, N, eps: EPS, finiteSize: 'first-order' });
  const klNone = klDivergence({ spectrum, N, eps: EPS, finiteSize: 'none' });
  const klRaw = klCorrection(spectrum, ens, EPS, klFirst.kappa.kappa);
  const kl = {
    finiteSize: infoRecord(klFirst.finiteSize, klRaw.edge.distance),
    kl: measureRecord({ asymptotic: klNone.kl, firstOrder: klFirst.kl, correction: klRaw.kl, mc: meanStderr(kls), infoNone: klNone.finiteSize, infoFirst: klFirst.finiteSize, sd: klFirst.sd }),
  };
  return { classId, d, ratio, N, seed, draws, abars, kl };
}

/** The atlas's settings, stored beside the cells (the renderer reads everything from the JSON). */
export function atlasMeta() {
  return {
    generator: 'docs/accuracy.mjs',
    masterSeed: MASTER_SEED,
    seedRule: 'cell seed = masterSeed·100000 + classIndex·10000 + 10·d + ratioIndex; draw k uses Random.forStream(cell seed, k)',
    eps: EPS,
    abars: ABARS,
    ds: DS,
    draws: DRAWS,
    sigmas: SIGMAS,
    resolve: RESOLVE,
    mean: 'estimated',
    c: 0,
    classes: CLASSES.map(({ id, name }) => ({ id, name })),
    ratios: RATIOS.map((r) => r.name),
    measures: MEASURES,
    columns: COLUMNS,
  };
}

/** Every cell (onCell(cell, index, total) after each, e.g. to print progress and seeds). */
export function generateAtlas(options = {}) {
  const specs = options.specs ?? atlasSpecs();
  const cells = specs.map((spec, i) => {
    const cell = atlasCell(spec);
    options.onCell?.(cell, i, specs.length);
    return cell;
  });
  return { meta: atlasMeta(), cells };
}

/** accuracy.json's text: one cell per line, so that diffs stay readable. */
export function atlasJson(atlas) {
  const lines = atlas.cells.map((c) => JSON.stringify(c));
  return `{"meta":${JSON.stringify(atlas.meta)},\n"cells":[\n${lines.join(',\n')}\n]}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const here = dirname(fileURLToPath(import.meta.url));
  const jsonPath = join(here, 'accuracy.json');
  const mdPath = join(here, 'accuracy.md');
  let atlas;
  if (process.argv.includes('--render')) {
    atlas = JSON.parse(readFileSync(jsonPath, 'utf8'));
  } else {
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    console.log(`accuracy atlas: master seed ${MASTER_SEED}; ${atlasSpecs().length} cells; draws ${JSON.stringify(DRAWS)}`);
    atlas = generateAtlas({
      onCell: (c, i, n) => console.log(`  [${i + 1}/${n}] ${c.classId} d=${c.d} N/d=${c.ratio} (N=${c.N}): seed ${c.seed}, ${c.draws} draws`),
    });
    const cpu = process.cpuUsage(cpu0);
    console.log(`computed in ${((performance.now() - started) / 1000).toFixed(0)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s CPU`);
    writeFileSync(jsonPath, atlasJson(atlas));
    console.log('wrote docs/accuracy.json');
  }
  writeFileSync(mdPath, renderAtlas(atlas));
  console.log('wrote docs/accuracy.md');
}
