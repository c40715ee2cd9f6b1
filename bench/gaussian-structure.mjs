// Experiments of docs/gaussian-structure.md (Li, Dai & Qu 2024, docs/theory.md §10): run `npm run build` first,
// then `node bench/gaussian-structure.mjs [--quick]`. Everything is seeded; the numbers in the doc
// come from this script as committed. REPLICA_DIFFUSION_MODULE overrides the module path.
import { performance } from 'node:perf_hooks';

const lib = await import(process.env.REPLICA_DIFFUSION_MODULE ?? '../dist/index.js');
const mc = await import(process.env.REPLICA_DIFFUSION_RANDOM ?? '../dist/random/random.js');
const stats = await import(process.env.REPLICA_DIFFUSION_STATS ?? '../dist/statistics/summaryStatistics.js');
const { Random } = mc;
const { meanStderr } = stats;
const {
  powerLawSpectrum, isotropicSpectrum, gaussianPopulation, mnistPopulation, fitEmpiricalGaussian, gaussianDenoiser,
  populationGaussianModel, MemorisingModel, TrainedDenoiserDistance, denoiserDistanceTheory, linearityScore,
  scoreFieldDistance, MemorisationProbe, mixingNoiseLevel, mixingTime, annealedCollapseNoise, ouTimeFromSigma,
  probabilityFlowSample, geometricSigmas, initialNoise, spectrumTraces,
} = lib;

const quick = process.argv.includes('--quick');
const SEED = 2024;
const fmt = (x, digits = 3) => (x === 0 ? '0' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? Number(x.toPrecision(digits)).toString() : x.toExponential(digits - 1));
const pm = (s, digits = 3) => `${fmt(s.mean, digits)} ± ${fmt(s.stderr, 2)}`;
const table = (cols, rows) => [`| ${cols.join(' | ')} |`, `|${cols.map(() => ' ---: ').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const t0 = performance.now();
const log = (s = '') => console.log(s);

/** D_M vs D_G, D_N vs D_G (theory and exact-MC) and D_M linearity on one population. */
function denoiserComparison(pop, Ns, sigmas, draws, tests, pairs, label) {
  const dG = gaussianDenoiser(populationGaussianModel({ eigenvalues: pop.eigenvalues }));
  const rows = [];
  for (const N of Ns) {
    const mem = sigmas.map(() => []);
    const lin = sigmas.map(() => []);
    const lnr = sigmas.map(() => []);
    const dn = sigmas.map(() => []);
    const mn = sigmas.map(() => []);
    for (let k = 0; k < draws; k++) {
      const rng = Random.forStream(SEED * 1_000_003 + N, k);
      const draw = pop.training(N, rng);
      const model = fitEmpiricalGaussian({ samples: draw.samples, N, d: pop.p });
      const exact = new TrainedDenoiserDistance(pop.eigenvalues, model);
      const M = new MemorisingModel(draw.samples, N, pop.p);
      const dM = (b, s) => M.denoise(b, s);
      const dN = gaussianDenoiser(model);
      const source = pop.testSource(draw);
      const sd = scoreFieldDistance({ first: dM, second: dG, source, sigmas, count: tests, rng: rng.split(2) });
      const sn = scoreFieldDistance({ first: dM, second: dN, source, sigmas, count: tests, rng: rng.split(2) });
      const ls = linearityScore({ denoiser: dM, source, sigmas, pairs, rng: rng.split(1), centre: model.mean });
      const ln = linearityScore({ denoiser: dN, source, sigmas, pairs, rng: rng.split(1), centre: model.mean });
      sigmas.forEach((s, j) => {
        mem[j].push(sd[j].denoiser.mean);
        mn[j].push(sn[j].denoiser.mean);
        lin[j].push(ls[j].mean);
        lnr[j].push(ln[j].mean);
        dn[j].push(exact.at(s).distance);
      });
    }
    // D_N is affine with fixed point μ̂: its centred score is 1 (a check of the centring).
    for (const l of lnr.flat()) if (Math.abs(l - 1) > 1e-9) throw new Error(`LS(D_N) = ${l}`);
    sigmas.forEach((s, j) => {
      rows.push({ N, sigma: s, theory: denoiserDistanceTheory({ spectrum: pop.spectrum, N, sigma: s }).distance, dn: meanStderr(dn[j]), mem: meanStderr(mem[j]), mn: meanStderr(mn[j]), lin: meanStderr(lin[j]), linN: meanStderr(lnr[j]) });
    });
    process.stderr.write(`${label} N=${N} done (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
  return rows;
}

function printComparison(rows, trace) {
  log(table(
    ['N', 'σ', 'E‖D_N−D_G‖² theory', 'E‖D_N−D_G‖² MC', 'E‖D_M−D_G‖² MC', 'E‖D_M−D_N‖² MC', 'LS(D_M)'],
    rows.map((r) => [r.N, fmt(r.sigma), fmt(r.theory), pm(r.dn), pm(r.mem), pm(r.mn), pm(r.lin)]),
  ));
  log(`\n(tr Σ = ${fmt(trace)}: distances are sums over the coordinates; LS = linearity score centred at the training mean μ̂, where D_N scores 1)\n`);
}

/** Collapse levels of D_M for one training set: source criterion (noised training points) and fresh test inputs. */
function collapse(pop, N, M, seed) {
  const rng = Random.forStream(seed, N);
  const draw = pop.training(N, rng);
  const m = Math.min(M, N);
  const noise = new Float64Array(m * pop.p);
  rng.fillNormal(noise);
  const anchors = draw.samples.slice(0, m * pop.p);
  const probe = new MemorisationProbe({ training: draw.samples, N, d: pop.p, anchors, noise, M: m, sourceIndex: Array.from({ length: m }, (_, i) => i) });
  const fresh = pop.testSource(draw).sample(M, rng);
  const noise2 = new Float64Array(M * pop.p);
  rng.fillNormal(noise2);
  const probe2 = new MemorisationProbe({ training: draw.samples, N, d: pop.p, anchors: fresh, noise: noise2, M });
  return {
    source: probe.collapseLevel({ statistic: 'source', lo: 1e-4, hi: 1e4 }).sigma,
    fresh: probe2.collapseLevel({ statistic: 'nearest', lo: 1e-4, hi: 1e4 }).sigma,
  };
}

// ── 1. Gaussian data: D_M vs D_G vs D_N over N and σ ──────────────────────────────────────────
log('## 1. Gaussian data, power law d = 32, k = 1\n');
{
  const spectrum = powerLawSpectrum({ d: 32, k: 1 });
  const pop = gaussianPopulation(spectrum);
  const Ns = quick ? [10, 1000] : [10, 100, 1000, 10000];
  const sigmas = quick ? [0.1, 1] : [0.03, 0.1, 0.3, 1, 3, 10];
  printComparison(denoiserComparison(pop, Ns, sigmas, quick ? 2 : 6, 32, 32, 'gaussian'), spectrumTraces(spectrum).trace);
}

// ── 2. Collapse point vs the mixing time ───────────────────────────────────────────────────────
log('## 2. Where D_M stops collapsing vs the onset-of-memorization paper\'s mixing time (isotropic, σ_d = 1)\n');
{
  const rows = [];
  for (const d of quick ? [16] : [8, 16, 32, 64]) {
    for (const N of quick ? [100, 1000] : [10, 100, 1000, 10000]) {
      const pop = gaussianPopulation(isotropicSpectrum({ d }));
      const levels = [0, 1, 2].map((s) => collapse(pop, N, 200, SEED + s));
      const src = meanStderr(levels.map((l) => l.source));
      const fr = meanStderr(levels.map((l) => l.fresh));
      const sM = mixingNoiseLevel({ N, d });
      const tM = mixingTime({ N, d });
      rows.push([d, N, fmt(sM), fmt(tM), pm(src), fmt(src.mean / sM), fmt(ouTimeFromSigma(src.mean)), pm(fr), fmt(fr.mean / sM)]);
    }
    process.stderr.write(`collapse d=${d} done (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
  log(table(['d', 'N', 'σ_M', 't_M', 'σ* (source)', 'σ*/σ_M', 't* (source)', 'σ* (fresh)', 'σ*/σ_M (fresh)'], rows));
  log();
  const s = powerLawSpectrum({ d: 32, k: 1 });
  const pop = gaussianPopulation(s);
  const rows2 = [];
  for (const N of quick ? [1000] : [100, 1000, 10000]) {
    const levels = [0, 1, 2].map((k) => collapse(pop, N, 200, SEED + k));
    const src = meanStderr(levels.map((l) => l.source));
    const fr = meanStderr(levels.map((l) => l.fresh));
    const sA = annealedCollapseNoise({ spectrum: s, N });
    const sM = mixingNoiseLevel({ N, d: 32, variance: spectrumTraces(s).trace / 32 });
    rows2.push([N, fmt(sA), fmt(sM), pm(src), fmt(src.mean / sA), pm(fr), fmt(fr.mean / sA)]);
  }
  log('Power law d = 32, k = 1 (σ_A: annealed root of Σ log(1 + λ_i/σ²) = 2 log N; σ_M with σ_d² = tr Σ/d):\n');
  log(table(['N', 'σ_A', 'σ_M(tr Σ/d)', 'σ* (source)', 'σ*/σ_A', 'σ* (fresh)', 'σ*/σ_A (fresh)'], rows2));
  log();
}

// ── 3. Sampling: the same initial noise through D_G, D_N, D_M ─────────────────────────────────
function sampling(pop, Ns, count, label) {
  const dG = gaussianDenoiser(populationGaussianModel({ eigenvalues: pop.eigenvalues }));
  const normals = new Float64Array(count * pop.p);
  new Random(SEED).fillNormal(normals);
  const sigmas = geometricSigmas(80, 0.002, 40);
  const x0 = initialNoise(normals, 80);
  const g = probabilityFlowSample({ denoiser: dG, initial: x0, d: pop.p, sigmas }).samples;
  const rows = [];
  const dist = (a, b, k, boff = k) => { let s = 0; for (let i = 0; i < pop.p; i++) s += (a[k * pop.p + i] - b[boff * pop.p + i]) ** 2; return s; };
  for (const N of Ns) {
    const draw = pop.training(N, Random.forStream(SEED, N));
    const dN = gaussianDenoiser(fitEmpiricalGaussian({ samples: draw.samples, N, d: pop.p }));
    const M = new MemorisingModel(draw.samples, N, pop.p);
    const n = probabilityFlowSample({ denoiser: dN, initial: x0, d: pop.p, sigmas }).samples;
    const m = probabilityFlowSample({ denoiser: (b, s) => M.denoise(b, s), initial: x0, d: pop.p, sigmas }).samples;
    const nearest = (a, k) => { let best = Infinity; for (let j = 0; j < N; j++) best = Math.min(best, dist(a, draw.samples, k, j)); return best; };
    const gn = [], gm = [], mTrain = [], gTrain = [];
    for (let k = 0; k < count; k++) {
      gn.push(dist(g, n, k));
      gm.push(dist(g, m, k));
      mTrain.push(nearest(m, k));
      gTrain.push(nearest(g, k));
    }
    const copies = mTrain.filter((v) => v < 1e-6).length;
    rows.push([N, pm(meanStderr(gn)), pm(meanStderr(gm)), `${copies}/${count}`, pm(meanStderr(mTrain)), pm(meanStderr(gTrain))]);
    process.stderr.write(`${label} sampling N=${N} done (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
  log(table(['N', '‖x_G − x_N‖²', '‖x_G − x_M‖²', 'D_M samples = a training point', 'min_k ‖x_M − x_k‖²', 'min_k ‖x_G − x_k‖²'], rows));
  log();
}
log('## 3. Probability-flow samples from the same noise (Heun, 40 geometric levels 80 → 0.002)\n');
log('Gaussian, power law d = 32:\n');
sampling(gaussianPopulation(powerLawSpectrum({ d: 32, k: 1 })), quick ? [10, 1000] : [10, 100, 1000, 10000], 16, 'gaussian');

// ── 4. The digits ──────────────────────────────────────────────────────────────────────────────
log('## 4. MNIST digits (mnist package, all ~10 000 images)\n');
{
  const pop = mnistPopulation(quick ? { perDigit: 100 } : {});
  const trace = spectrumTraces(pop.spectrum).trace;
  log(`${pop.description}, p = ${pop.p} non-constant directions, tr Σ = ${fmt(trace)}\n`);
  const Ns = quick ? [20, 200] : [20, 100, 500, 2000];
  const sigmas = quick ? [0.3, 3] : [0.1, 0.3, 1, 3];
  printComparison(denoiserComparison(pop, Ns, sigmas, quick ? 2 : 3, 16, 16, 'mnist'), trace);
  const rows = [];
  for (const N of quick ? [200] : [100, 1000, 5000]) {
    const levels = [0, 1].map((k) => collapse(pop, N, 100, SEED + k));
    const src = meanStderr(levels.map((l) => l.source));
    const fr = meanStderr(levels.map((l) => l.fresh));
    const sA = annealedCollapseNoise({ spectrum: pop.spectrum, N });
    const sM = mixingNoiseLevel({ N, d: 784, variance: trace / 784 });
    const sMp = mixingNoiseLevel({ N, d: pop.p, variance: trace / pop.p });
    rows.push([N, fmt(sM), fmt(sMp), fmt(sA), pm(src), pm(fr), fmt(mixingTime({ N, d: 784, variance: trace / 784 })), fmt(ouTimeFromSigma(src.mean))]);
    process.stderr.write(`mnist collapse N=${N} done (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
  log(table(['N', 'σ_M (d = 784, σ_d² = trΣ/784)', `σ_M (d = ${pop.p})`, 'σ_A (digit spectrum)', 'σ* (source)', 'σ* (fresh)', 't_M (d = 784)', 't* (source)'], rows));
  log();
  log('Sampling from the same noise, digits:\n');
  sampling(pop, quick ? [100] : [100, 1000, 5000], 8, 'mnist');
}
log(`(total ${((performance.now() - t0) / 1000).toFixed(1)} s, seed ${SEED})`);
