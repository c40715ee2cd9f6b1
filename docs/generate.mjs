#!/usr/bin/env node
// Regenerates docs/: Markdown tables and SVG figures of the headline results, theory and Monte
// Carlo side by side, with the seeds, and an example of the report generator (docs/report-example/,
// from the library's generateReport, the same code as `replica-diffusion report`). `npm run docs`
// writes the files; test/docs.test.ts calls generateDocs() and fails if the committed files are
// stale. Imports the built package (dist/); tables and number formats come from the report and
// tables layers.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSpectrumSpec, spectrumSummary, createSpectrum } from '../dist/spectra/index.js';
import { lossCurve } from '../dist/predictions/losses/lossCurve.js';
import { klDivergence } from '../dist/predictions/kl/klDivergence.js';
import { predictLosses } from '../dist/predictions/losses/predictLosses.js';
import { monteCarlo } from '../dist/montecarlo/monteCarlo.js';
import { loadMnistDigits } from '../dist/datasets/mnistDigits.js';
import { datasetPopulation } from '../dist/datasets/datasetPopulation.js';
import { datasetMonteCarlo } from '../dist/montecarlo/datasetMonteCarlo.js';
import { svgLinePlot } from '../dist/plot/svgPlot.js';
import { SeriesStyles } from '../dist/plot/seriesStyle.js';
import { AXIS_LABEL, MEASURE_ORDER, MEASURE_SYMBOL } from '../dist/plot/notation.js';

// One style per series across every figure of this page (a measure, a spectrum, an N or ᾱ keeps its colour, dash and marker).
const STYLES = new SeriesStyles(MEASURE_ORDER);
import { formatSignificant, formatMeanStderr } from '../dist/tables/index.js';
import { generateReport, markdownTable, slug } from '../dist/report/index.js';
import { spectralDensity } from '../dist/selfconsistency/limitingMeasure/spectralDensity.js';
import { symmetricEigen } from '../dist/linalg/symmetricEigen.js';
import { sampleGaussian, sampleCovariance } from '../dist/random/gaussianSample.js';
import { Random } from '../dist/random/random.js';
import { expandEigenvalues } from '../dist/spectra/spectrum.js';
import { predictDynamics } from '../dist/predictions/dynamics/trainingDynamics.js';
import { optimalStopping } from '../dist/predictions/dynamics/optimalStopping.js';
import { monteCarloDynamics } from '../dist/montecarlo/monteCarloDynamics.js';

export const SEED = 20261124;
const ABAR = 0.5;
const D = 128;
const NS = [16, 32, 64, 96, 128, 192, 256, 512, 1024];
const DRAWS = 40;
const SPECTRA = [
  { name: 'isotropic', spec: `iso:d=${D}` },
  { name: 'power law k = 0.5', spec: `powerlaw:d=${D},k=0.5` },
  { name: 'power law k = 1', spec: `powerlaw:d=${D},k=1` },
  { name: 'power law k = 2', spec: `powerlaw:d=${D},k=2` },
  { name: 'low rank (r = 8, floor 1e-2)', spec: `lowrank:d=${D},r=8,floor=1e-2` },
];
const MEASURES = ['trainLoss', 'testLoss', 'gap', 'alignment'];

const fmt = (v) => formatSignificant(v, 4);
const pm = (m) => formatMeanStderr(m, 4);
const table = markdownTable;

function lossSection(files, { name, spec }, index) {
  const spectrum = parseSpectrumSpec(spec);
  const theory = lossCurve({ spectrum, Ns: NS, abar: ABAR }).rows;
  const seed = SEED + index;
  const mc = NS.map((N) => monteCarlo({ spectrum, N, abar: ABAR, draws: DRAWS, seed: seed * 100_003 + N }));
  const s = spectrumSummary(spectrum);
  const fig = `figures/losses-${slug(name)}.svg`;
  files[`docs/${fig}`] = svgLinePlot({
    title: `Losses at ᾱ = ${ABAR} — ${name} (d = ${D})`,
    xLabel: AXIS_LABEL.N,
    yLabel: 'loss (sum over d)',
    styles: STYLES,
    series: ['testLoss', 'trainLoss', 'gap'].flatMap((m) => [
      { label: `${MEASURE_SYMBOL[m]} theory`, key: m, kind: 'line', x: NS, y: theory.map((r) => r[m]) },
      { label: `${MEASURE_SYMBOL[m]} Monte Carlo`, key: m, kind: 'points', x: NS, y: mc.map((r) => r[m].mean), yErr: mc.map((r) => r[m].stderr) },
    ]),
    verticalLines: [{ x: D, label: 'N = d' }],
  });
  const rows = NS.map((N, i) => [N, ...MEASURES.flatMap((m) => [fmt(theory[i][m]), pm(mc[i][m])])]);
  return [
    `### ${name}`,
    '',
    `\`--spectrum ${spec}\`: trace ${fmt(s.trace)}, participation ratio ${fmt(s.participationRatio)}, condition number ${fmt(s.conditionNumber)}. Monte Carlo: ${DRAWS} training sets per N, seed ${seed}·100003 + N.`,
    '',
    `![${name}](${fig})`,
    '',
    table(['N', ...MEASURES.flatMap((m) => [`${m} theory`, `${m} MC`])], rows),
    '',
  ].join('\n');
}

function klSection(files) {
  const ratios = [2, 4, 8, 16, 32, 64, 128];
  const eps = 1e-6;
  const series = SPECTRA.map(({ name, spec }) => {
    const spectrum = parseSpectrumSpec(spec);
    return { label: name, key: name, kind: 'line', x: ratios, y: ratios.map((q) => (klDivergence({ spectrum, N: q * D, eps }).kl * q * D) / (D * D)) };
  });
  const pl = parseSpectrumSpec(`powerlaw:d=${D},k=1`);
  const mcRatios = [2, 4, 8, 16];
  const mc = mcRatios.map((q) => monteCarlo({ spectrum: pl, N: q * D, eps, draws: 20, seed: SEED + q }).kl);
  files['docs/figures/kl-headline.svg'] = svgLinePlot({
    title: `KL · N/d² → 1/4 for every spectrum (d = ${D}, ε = 1e-6; the five curves coincide)`,
    xLabel: 'samples per dimension N/d',
    yLabel: 'KL · N/d²',
    yLog: false,
    styles: STYLES,
    series: [
      ...series,
      { label: '1/4', kind: 'line', x: ratios, y: ratios.map(() => 0.25), color: '#777777', dash: '2 3' },
      { label: 'Monte Carlo, power law k = 1', key: 'power law k = 1', kind: 'points', x: mcRatios, y: mc.map((m, i) => (m.mean * mcRatios[i] * D) / (D * D)), yErr: mc.map((m, i) => (m.stderr * mcRatios[i] * D) / (D * D)) },
    ],
  });
  const rows = ratios.map((q, i) => [q, ...series.map((s) => fmt(s.y[i])), mcRatios.includes(q) ? pm({ mean: (mc[mcRatios.indexOf(q)].mean * q) / D, stderr: (mc[mcRatios.indexOf(q)].stderr * q) / D }) : '']);
  return [
    '## KL divergence of the generated distribution',
    '',
    `E KL(N(μ, Σ) ‖ N(μ̂, Σ̂ + εI)) · N/d² approaches 1/4 as N/d grows, whatever the spectrum (next order: (1 + 2/d)/4). Monte Carlo: 20 training sets per point, seed ${SEED} + N/d.`,
    '',
    '![KL headline](figures/kl-headline.svg)',
    '',
    table(['N/d', ...SPECTRA.map((s) => s.name), 'MC (power law k = 1)'], rows),
    '',
  ].join('\n');
}

/** MNIST, 2×2 average-pooled to 14 × 14 = 196 pixels, as the population. */
function mnistSection(files) {
  const raw = loadMnistDigits();
  const d0 = 196;
  const pooled = new Float64Array(raw.count * d0);
  for (let k = 0; k < raw.count; k++) {
    for (let r = 0; r < 14; r++) {
      for (let c = 0; c < 14; c++) {
        const b = k * 784 + 2 * r * 28 + 2 * c;
        pooled[k * d0 + r * 14 + c] = (raw.samples[b] + raw.samples[b + 1] + raw.samples[b + 28] + raw.samples[b + 29]) / 4;
      }
    }
  }
  const pop = datasetPopulation(pooled, raw.count, d0);
  const spectrum = createSpectrum(pop.eigenvalues);
  const s = spectrumSummary(spectrum);
  const Ns = [10, 20, 50, 100, 200, 500, 1000];
  const abars = [0.9, 0.5];
  const out = [];
  const series = [];
  const rows = [];
  const stats = { testDev: 0, gapDev: [], worst: null };
  abars.forEach((abar, j) => {
    const theory = Ns.map((N) => predictLosses({ spectrum, N, abar }));
    const mc = Ns.map((N) => datasetMonteCarlo({ population: pop, N, abar, draws: 30, seed: SEED + 7 * N + j }));
    series.push({ label: `ᾱ = ${abar} theory (Gaussian)`, key: `ᾱ = ${abar}`, kind: 'line', x: Ns, y: theory.map((t) => t.gap) });
    series.push({ label: `ᾱ = ${abar} digits`, key: `ᾱ = ${abar}`, kind: 'points', x: Ns, y: mc.map((m) => m.gap.mean), yErr: mc.map((m) => m.gap.stderr) });
    Ns.forEach((N, i) => {
      const gapDev = (100 * (mc[i].gap.mean - theory[i].gap)) / theory[i].gap;
      stats.testDev = Math.max(stats.testDev, Math.abs((100 * (mc[i].testLoss.mean - theory[i].testLoss)) / theory[i].testLoss));
      stats.gapDev.push(gapDev);
      if (stats.worst === null || gapDev > stats.worst.dev) stats.worst = { dev: gapDev, abar, N };
      rows.push([abar, N, fmt(theory[i].testLoss), pm(mc[i].testLoss), fmt(theory[i].gap), pm(mc[i].gap), `${formatSignificant(gapDev, 2)} %`]);
    });
  });
  files['docs/figures/mnist-gap.svg'] = svgLinePlot({ title: 'MNIST digits (14×14): generalisation gap', xLabel: AXIS_LABEL.N, yLabel: `generalisation gap ${MEASURE_SYMBOL.gap}`, series, styles: STYLES, verticalLines: [{ x: pop.d, label: 'N = d' }] });
  out.push(
    '## Real data: handwritten digits',
    '',
    `The ${raw.count} digits of the \`mnist\` package, 2×2 average-pooled to 14 × 14, are the population: their mean and covariance define the test distribution exactly, and training sets are drawn from them with replacement. ${pop.dropped} pooled pixels never vary and are projected out (they contribute exactly 0 with c = 0), leaving d = ${pop.d}: trace ${fmt(s.trace)}, participation ratio ${fmt(s.participationRatio)}, condition number ${fmt(s.conditionNumber)}. The theory uses this covariance spectrum and assumes Gaussian samples; the Monte Carlo trains the linear denoiser on actual digits (30 subsets per point).`,
    '',
    '![MNIST gap](figures/mnist-gap.svg)',
    '',
    table(['ᾱ', 'N', 'test theory', 'test digits', 'gap theory', 'gap digits', 'gap: digits vs theory'], rows),
    '',
    `Where they agree and where they do not: the test loss of the digits is within ${formatSignificant(stats.testDev, 2)} % of the Gaussian theory at every N and noise level shown. The gap is where the data's non-Gaussianity shows: it is larger for the digits in ${stats.gapDev.filter((g) => g > 0).length} of ${stats.gapDev.length} points, by up to ${formatSignificant(stats.worst.dev, 2)} % (ᾱ = ${stats.worst.abar}, N = ${stats.worst.N}). It does not shrink as N grows past d, so it is not a finite-size effect: the fluctuations of Σ̂ for digits exceed Wishart fluctuations (the digits are a mixture of ten classes with heavier-than-Gaussian tails), while the deterministic equivalent sees only the covariance. At N ≪ d both are dominated by the nullspace of Σ̂ and agree.`,
    '',
  );
  return out.join('\n');
}

/** Limiting eigenvalue densities vs histograms of sampled eigenvalues (docs/theory.md §3). */
function densitySection(files) {
  const cases = [
    { name: 'Marchenko–Pastur (isotropic, d/n = 1/2)', spec: 'iso:d=200', n: 400 },
    { name: 'two-point spectrum, two clusters', spec: 'twopoint:d=200,a=1,b=8,p=0.25', n: 1000 },
    { name: 'power law k = 1, n = d (hard edge at 0)', spec: 'powerlaw:d=200,k=1', n: 200, log: true },
  ];
  const out = ['## Eigenvalue densities of the sample covariance', '', `Limiting densities per dimension (lines) against histograms of the eigenvalues of sampled Ŝ = XᵀX/n (points: 20 draws, seed ${SEED}).`, ''];
  const rows = [];
  cases.forEach(({ name, spec, n, log }, k) => {
    const spectrum = parseSpectrumSpec(spec);
    const r = spectralDensity({ spectrum, n, points: 600 });
    const lam = expandEigenvalues(spectrum);
    const d = lam.length;
    const all = [];
    for (let draw = 0; draw < 20; draw++) {
      const rng = Random.forStream(SEED + k, draw);
      const x = sampleGaussian({ eigenvalues: lam, count: n, rng });
      const { covariance } = sampleCovariance(x, n, d, { centre: false });
      for (const v of symmetricEigen(covariance, d, { vectors: false }).values) all.push(v);
    }
    const hi = r.support.intervals[r.support.intervals.length - 1][1];
    // Log-spaced bins for the heavy-tailed case (the hard edge at 0 is x^{-1/2}: a line on log axes).
    const lo = log ? 1e-4 * hi : r.support.intervals[0][0];
    const bins = 40;
    const edges = Array.from({ length: bins + 1 }, (_, b) => (log ? lo * (hi / lo) ** (b / bins) : lo + ((hi - lo) * b) / bins));
    const counts = new Array(bins).fill(0);
    for (const v of all) {
      const b = log ? Math.floor((Math.log(v / lo) / Math.log(hi / lo)) * bins) : Math.floor(((v - lo) / (hi - lo)) * bins);
      if (b >= 0 && b < bins) counts[b]++;
    }
    const centres = counts.map((_, b) => (log ? Math.sqrt(edges[b] * edges[b + 1]) : 0.5 * (edges[b] + edges[b + 1])));
    const hist = counts.map((c, b) => c / (all.length * (edges[b + 1] - edges[b])));
    const finite = (a) => Array.from(a, (v) => (Number.isFinite(v) ? v : NaN));
    const fig = `figures/density-${k + 1}.svg`;
    files[`docs/${fig}`] = svgLinePlot({
      title: `${name}: ${spec}, n = ${n}`,
      xLabel: AXIS_LABEL.eigenvalue,
      yLabel: AXIS_LABEL.density,
      // Linear axes, except for the hard edge at 0 (density ∝ λ^{-1/2}: a line on log–log axes, with log-spaced bins).
      xLog: Boolean(log),
      yLog: Boolean(log),
      styles: STYLES,
      series: [
        { label: 'limiting density (theory)', key: 'density theory', kind: 'line', x: log ? Array.from(r.x).filter((v) => v >= lo) : r.x, y: log ? finite(r.density).filter((_, i) => r.x[i] >= lo) : finite(r.density) },
        { label: 'histogram of sampled eigenvalues', key: 'density histogram', kind: 'points', x: centres, y: hist },
      ],
    });
    out.push(`![${name}](${fig})`, '');
    rows.push([name, r.support.intervals.map(([a, b]) => `[${fmt(a)}, ${fmt(b)}]`).join(' ∪ '), fmt(r.atomAtZero), r.converged ? 'yes' : 'no']);
  });
  out.push(table(['spectrum', 'support', 'atom at 0 (per dim.)', 'certified'], rows), '');
  return out.join('\n');
}

/** Test loss during training (gradient flow time τ): early stopping for N < d (docs/theory.md §6). */
function dynamicsSection(files) {
  const spectrum = parseSpectrumSpec(`powerlaw:d=${D},k=1`);
  const taus = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 1000];
  const dense = Array.from({ length: 26 }, (_, i) => 0.01 * 10 ** (i / 5));
  const abar = 0.7;
  const series = [];
  const rows = [];
  [32, 128, 512].forEach((N, j) => {
    const theory = dense.map((tau) => predictDynamics({ spectrum, N, abar, time: { tau } }));
    const mc = monteCarloDynamics({ spectrum, N, abar, times: taus.map((tau) => ({ tau })), draws: 30, seed: SEED + N });
    const stop = optimalStopping({ spectrum, N, abar });
    series.push({ label: `N = ${N} theory`, key: `N = ${N}`, kind: 'line', x: dense, y: theory.map((t) => t.testLoss) });
    series.push({ label: `N = ${N} Monte Carlo`, key: `N = ${N}`, kind: 'points', x: taus, y: mc.map((m) => m.testLoss.mean), yErr: mc.map((m) => m.testLoss.stderr) });
    rows.push([N, fmt(stop.tau), fmt(stop.testLoss), fmt(stop.testLossAtConvergence), fmt(stop.bestC), fmt(stop.testLossBestC)]);
  });
  files['docs/figures/early-stopping.svg'] = svgLinePlot({
    title: `Test loss during training, ᾱ = ${abar}, power law k = 1, d = ${D}`,
    xLabel: AXIS_LABEL.tau,
    yLabel: `test loss ${MEASURE_SYMBOL.testLoss}`,
    styles: STYLES,
    series,
  });
  return [
    '## Early stopping',
    '',
    `Test loss of the denoiser trained by gradient flow from W = 0 for time τ (τ = 2 × learning rate × steps for plain gradient descent), theory (spectral integrals, docs/theory.md §6) and Monte Carlo (30 training sets, gradient descent run exactly in Σ̂'s eigenbasis, seed ${SEED} + N). For N < d the test loss falls and then rises: stopping early is as good as the best ridge.`,
    '',
    '![early stopping](figures/early-stopping.svg)',
    '',
    table(['N', 'optimal τ', 'test loss at τ*', 'test loss at τ = ∞', 'best c', 'test loss at best c'], rows),
    '',
  ].join('\n');
}

/** An example of `replica-diffusion report` (generateReport), written to docs/report-example/. */
function reportSection(files) {
  const spec = 'powerlaw:d=64,k=1';
  const Ns = [8, 16, 32, 64, 128, 256, 512];
  const report = generateReport({ spectrum: parseSpectrumSpec(spec), spec, Ns, draws: 20, seed: SEED });
  for (const [name, text] of Object.entries(report.files)) files[`docs/report-example/${name}`] = text;
  const a = report.accuracy;
  return [
    '## A report for any spectrum',
    '',
    `\`replica-diffusion report --spectrum SPEC --mc DRAWS --out DIR\` (or \`generateReport\` in the library) writes a page like [this one](report-example/report.md) for \`${spec}\`: losses, gap, alignment and KL vs N with Monte Carlo, the density of Σ̂ at three N, early stopping, and theory against Monte Carlo per N (here: largest |z| ${formatSignificant(a.maxAbsZ, 3)}, ${a.within4} of ${a.count} comparisons within 4 standard errors). It takes \`data:PATH\` sample matrices (CSV or .npy) too, drawing the Monte Carlo training sets from the data.`,
    '',
  ].join('\n');
}

export function generateDocs() {
  const files = {};
  const parts = [
    '# Headline results',
    '',
    '<!-- Generated by `npm run docs` (docs/generate.mjs); do not edit by hand. test/docs.test.ts fails when this is stale. -->',
    '',
    `Theory (deterministic equivalents, docs/theory.md §4–5) and Monte Carlo of the real model (exact per-draw measures, docs/theory.md §5) for d = ${D}, one noise level ᾱ = ${ABAR}, no regularisation, estimated mean. Totals over the d dimensions; Monte Carlo as mean ± standard error. The finite-size deviations are O(1/d) (largest at N ≈ d).`,
    '',
    '## Losses and generalisation gap vs N',
    '',
    ...SPECTRA.map((s, i) => lossSection(files, s, i)),
    klSection(files),
    densitySection(files),
    dynamicsSection(files),
    mnistSection(files),
    reportSection(files),
  ];
  files['docs/results.md'] = parts.join('\n');
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const files = generateDocs();
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
    console.log(`wrote ${path}`);
  }
}
