/**
 * The replica-diffusion explorer: pick a spectrum, d, the N range, ᾱ or a schedule and the
 * measures; theory curves redraw as you type (svgLinePlot), Monte Carlo runs in a Web Worker
 * (mcWorker.js) with a progress bar, the density of Σ̂ is drawn at a chosen N, and the curve
 * downloads as CSV / JSON (the same columns and numbers as `replica-diffusion curve --csv`/`--json`
 * with the same settings) or SVG. Everything comes from the package's root entry.
 */
import { AXIS_LABEL, MEASURE_ORDER, MEASURE_SYMBOL, measureLabel, SeriesStyles, checkMonteCarloSizes, createSpectrum, densityPlot, LIMITS, loadFormulaEngine, lossCurve, monteCarloWork, worstFiniteSizeInfo, npyEigenvalues, parseEigenvalues, parseSchedule, parseSpectrumSpec, spectralDensity, svgLinePlot, toCsv, toJson, VERSION } from 'replica-diffusion';
import { parseEigenvalueList } from './eigenvalueList.js';
import { MEASURES, MODEL_OPTIONS, readOptions, renderOptions } from './options.js';

const $ = (id) => document.getElementById(id);
const state = { settings: null, theory: null, mc: null, worker: null, job: 0, renders: 0, upload: null, svgs: {}, speeds: [] };
/** Monte Carlo runs estimated longer than this ask for a second click (the button says how long). */
const WARN_SECONDS = 20;

/* ---------- controls ---------- */

function initControls() {
  renderOptions($('modelOptions'), MODEL_OPTIONS);
  for (const m of MEASURES) {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.id = `measure-${m.key}`;
    box.checked = m.checked;
    label.append(box, ` ${m.label}`);
    $('measures').append(label);
  }
  const form = $('controls');
  form.addEventListener('input', (e) => {
    if (e.target.id === 'upload') return;
    showVisible();
    scheduleUpdate();
  });
  form.addEventListener('change', () => {
    showVisible();
    scheduleUpdate();
  });
  $('upload').addEventListener('change', onUpload);
  $('runMc').addEventListener('click', runMonteCarlo);
  $('cancelMc').addEventListener('click', cancelMonteCarlo);
  $('downloadCsv').addEventListener('click', () => download('curve.csv', 'text/csv', curveCsv()));
  $('downloadJson').addEventListener('click', () => download('curve.json', 'application/json', curveJson()));
  $('downloadSvg').addEventListener('click', () => {
    const first = Object.keys(state.svgs)[0];
    if (first) download(`${first}.svg`, 'image/svg+xml', state.svgs[first]);
  });
  showVisible();
}

/** Show only the inputs of the chosen spectrum kind and noise mode. */
function showVisible() {
  const preset = $('preset').value;
  const noise = $('noise').value;
  for (const el of document.querySelectorAll('[data-for]')) el.hidden = !el.dataset.for.split(' ').includes(preset);
  for (const el of document.querySelectorAll('[data-noise]')) el.hidden = !el.dataset.noise.split(' ').includes(noise);
}

async function onUpload(e) {
  const file = e.target.files?.[0];
  if (!file) return;
  if (file.name.toLowerCase().endsWith('.npy')) {
    state.upload = { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
    $('eigenvalues').value = `(eigenvalues from ${file.name})`;
  } else {
    state.upload = null;
    $('eigenvalues').value = await file.text();
  }
  $('preset').value = 'eigenvalues';
  showVisible();
  scheduleUpdate();
}

/** The controls' names as the page shows them, for error messages. */
const NAMES = { d: 'd', k: 'k', r: 'rank r', nLo: 'N from', nHi: 'N to', nCount: 'N points', abar: 'ᾱ', T: 'steps T', eps: 'KL ε', band: 'band ± K·sd', draws: 'draws per N', seed: 'seed', densityN: 'density at N' };

function number(id, { integer = false, min } = {}) {
  const text = $(id).value.trim();
  const v = Number(text);
  const name = NAMES[id] ?? id;
  if (text === '' || !Number.isFinite(v)) throw new Error(`${name}: "${text}" is not a number`);
  if (integer && !Number.isInteger(v)) throw new Error(`${name}: ${v} must be a whole number`);
  if (min !== undefined && v < min) throw new Error(`${name}: ${v} must be >= ${min}`);
  return v;
}

/** The spec string of the chosen spectrum (what `--spectrum` would take). */
function spectrumSpec() {
  const preset = $('preset').value;
  const d = () => number('d', { integer: true, min: 1 });
  switch (preset) {
    case 'powerlaw':
      return `powerlaw:d=${d()},k=${number('k')}`;
    case 'iso':
      return `iso:d=${d()}`;
    case 'lowrank':
      return `lowrank:d=${d()},r=${number('r', { integer: true, min: 1 })},floor=1e-2`;
    case 'twopoint':
      return `twopoint:d=${d()},a=1,b=8,p=0.25`;
    case 'expr':
      return `expr:d=${d()},f=${$('formula').value.trim()}`;
    case 'spec':
      return $('spec').value.trim();
    default:
      return state.upload ? `file:${state.upload.name}` : 'file:eigenvalues.txt';
  }
}

async function buildSpectrum(spec) {
  const preset = $('preset').value;
  if (preset === 'eigenvalues') {
    if (state.upload) return npyEigenvalues(state.upload.bytes, state.upload.name);
    const list = parseEigenvalueList($('eigenvalues').value);
    if (list.json !== undefined) return parseEigenvalues(list.json, 'pasted eigenvalues');
    try {
      return createSpectrum(list.values);
    } catch (e) {
      throw new Error(`pasted eigenvalues: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (/^\s*expr:/i.test(spec)) await loadFormulaEngine(); // mathjs is loaded on demand in the browser
  return parseSpectrumSpec(spec);
}

/** N values as `--N LO:HI:COUNT` gives them (log-spaced, rounded, duplicates dropped). */
function logGrid(lo, hi, count) {
  const out = [];
  for (let i = 0; i < count; i++) out.push(Math.round(count === 1 ? lo : lo * (hi / lo) ** (i / (count - 1))));
  return [...new Set(out)];
}

async function readSettings() {
  const spec = spectrumSpec();
  const spectrum = await buildSpectrum(spec);
  const { theory: model, monteCarlo: mcModel } = readOptions(MODEL_OPTIONS);
  const lo = number('nLo', { integer: true, min: model.mean === 'known' ? 1 : 2 });
  const hi = number('nHi', { integer: true, min: lo });
  const Ns = logGrid(lo, hi, number('nCount', { integer: true, min: 1 }));
  const noise = $('noise').value;
  const measures = MEASURES.map((m) => m.key).filter((k) => $(`measure-${k}`).checked);
  if (measures.length === 0) throw new Error('choose at least one measure');
  const hasKl = measures.includes('kl');
  const level = noise === 'abar' ? { abar: number('abar') } : { schedule: `${noise}:T=${number('T', { integer: true, min: 1 })}`, reduce: $('reduce').value };
  return {
    spec,
    spectrum,
    Ns,
    measures,
    level,
    eps: hasKl ? number('eps', { min: 0 }) : undefined,
    // theory ± band·sd over training sets (docs/theory.md §6.10); 0 draws no band
    band: number('band', { min: 0 }),
    model,
    mcModel,
    draws: number('draws', { integer: true, min: 1 }),
    seed: number('seed', { integer: true, min: 0 }),
    densityN: number('densityN', { integer: true, min: 2 }),
  };
}

/* ---------- theory ---------- */

let timer = null;
function scheduleUpdate() {
  clearTimeout(timer);
  timer = setTimeout(update, 120);
}

async function update() {
  try {
    const settings = await readSettings();
    const losses = settings.measures.filter((m) => m !== 'kl');
    const level = settings.level.abar !== undefined ? { abar: settings.level.abar } : { schedule: parseScheduleSpec(settings.level.schedule), reduce: settings.level.reduce };
    // As `curve` does: the losses at the chosen level(s), the KL at ε (with a dummy level when alone).
    const sd = settings.band > 0;
    const theory = losses.length > 0 ? lossCurve({ spectrum: settings.spectrum, Ns: settings.Ns, ...level, ...settings.model, eps: settings.eps, sd }) : lossCurve({ spectrum: settings.spectrum, Ns: settings.Ns, abar: 0.5, eps: settings.eps, mean: settings.model.mean, perDimension: settings.model.perDimension, finiteSize: settings.model.finiteSize, sd });
    state.settings = settings;
    state.theory = theory;
    if (state.mc && state.mc.key !== mcKey(settings)) {
      // A Monte Carlo of other settings: its points and its "done" go.
      if (state.worker) cancelMonteCarlo();
      state.mc = null;
      $('mcStatus').textContent = '';
      $('mcProgress').value = 0;
      document.body.dataset.mc = 'idle';
    }
    setStatus(`d = ${settings.spectrum.d}, ${settings.Ns.length} values of N${theory.converged ? '' : ' — WARNING: a solve did not converge'}`);
    render();
    updateMcEstimate();
  } catch (e) {
    showError(e instanceof Error ? e.message : String(e));
  }
}

/**
 * An error in the settings: the plots, the density, the CLI line and any Monte Carlo belong to
 * the previous settings, so they go (with the downloads) rather than sit under the message.
 */
function showError(message) {
  if (state.worker) cancelMonteCarlo();
  state.settings = null;
  state.theory = null;
  state.mc = null;
  state.svgs = {};
  $('plots').replaceChildren();
  $('density').replaceChildren();
  $('densityTitle').hidden = true;
  $('cli').textContent = '';
  $('mcStatus').textContent = '';
  $('mcProgress').value = 0;
  setMcEstimate('', false);
  setDownloads(false);
  document.body.dataset.mc = 'idle';
  setStatus(message, true);
  state.renders++;
  document.body.dataset.renders = String(state.renders);
}

function setDownloads(enabled) {
  for (const id of ['downloadCsv', 'downloadJson', 'downloadSvg']) $(id).disabled = !enabled;
}

let scheduleCache = null;
function parseScheduleSpec(spec) {
  if (scheduleCache?.spec !== spec) scheduleCache = { spec, schedule: parseSchedule(spec) };
  return scheduleCache.schedule;
}

function value(i, m) {
  const row = state.theory.rows[i];
  return m === 'kl' ? row.kl : row[m];
}

function render() {
  const s = state.settings;
  const mc = state.mc?.complete ? state.mc : null;
  const plots = $('plots');
  plots.replaceChildren();
  state.svgs = {};
  for (const m of s.measures) {
    const y = s.Ns.map((_, i) => value(i, m));
    const spread = (i) => { const sd = state.theory.rows[i].sd; return m === 'kl' ? sd.kl : sd[m]; };
    const band = s.band > 0 && m !== 'referenceLoss' ? { lower: y.map((v, i) => v - s.band * spread(i)), upper: y.map((v, i) => v + s.band * spread(i)) } : undefined;
    // The papers' notation and the package's styles (one per measure, as in the CLI's figures).
    const series = [{ label: `${MEASURE_SYMBOL[m]} theory`, key: m, kind: 'line', x: s.Ns, y, ...(band ? { band } : {}) }];
    if (m === 'kl') series.push({ label: 'd²/(4N)', key: 'd²/(4N)', kind: 'line', x: s.Ns, y: state.theory.rows.map((r) => r.klAsymptote), color: '#777777', dash: '2 3' });
    if (mc) series.push({ label: `${MEASURE_SYMBOL[m]} Monte Carlo (${s.draws} draws)`, key: m, kind: 'points', x: s.Ns, y: mc.stats.map((p) => p[m].mean), yErr: mc.stats.map((p) => p[m].stderr) });
    const where = m === 'kl' ? `ε = ${s.eps}` : s.level.abar !== undefined ? `ᾱ = ${s.level.abar}` : `${s.level.reduce} over ${s.level.schedule}`;
    const svg = svgLinePlot({ title: `${measureLabel(m)}, ${where} — ${s.spec}`, xLabel: AXIS_LABEL.N, yLabel: `${m === 'kl' ? AXIS_LABEL.kl : MEASURE_SYMBOL[m]}${s.model.perDimension ? ' per dimension' : ''}`, styles: new SeriesStyles(MEASURE_ORDER), series, verticalLines: [{ x: s.spectrum.d, label: 'N = d' }], width: 520, height: 340, ...(s.band > 0 ? { bandNote: `shaded: theory ± ${s.band} sd over training sets` } : {}) });
    state.svgs[m] = svg;
    const fig = document.createElement('figure');
    fig.dataset.measure = m;
    fig.innerHTML = svg;
    const cap = document.createElement('figcaption');
    const link = document.createElement('a');
    link.href = '#';
    link.textContent = `download ${m}.svg`;
    link.addEventListener('click', (e) => {
      e.preventDefault();
      download(`${m}.svg`, 'image/svg+xml', svg);
    });
    cap.append(link);
    fig.append(cap);
    plots.append(fig);
  }
  renderDensity(s);
  $('densityTitle').hidden = false;
  setDownloads(true);
  $('cli').textContent = `same numbers from the CLI:\nreplica-diffusion curve --spectrum '${s.spec}' --measure ${s.measures.join(',')} --N ${$('nLo').value}:${$('nHi').value}:${$('nCount').value} ${s.level.abar !== undefined ? `--abar ${s.level.abar}` : `--schedule ${s.level.schedule} --reduce ${s.level.reduce}`}${s.eps !== undefined ? ` --eps ${s.eps}` : ''}${s.model.mean === 'known' ? ' --mean known' : ''}${s.model.c ? ` --c ${s.model.c}` : ''}${s.model.perDimension ? ' --per-dimension' : ''}${s.model.finiteSize === 'none' ? ' --finite-size none' : ''}${mc ? ` --mc ${s.draws} --seed ${s.seed}` : ''} --csv`;
  state.renders++;
  document.body.dataset.renders = String(state.renders);
}

function renderDensity(s) {
  const box = $('density');
  try {
    const r = spectralDensity({ spectrum: s.spectrum, ensemble: s.model.mean === 'known' ? undefined : 'model', ...(s.model.mean === 'known' ? { n: s.densityN } : { N: s.densityN }), points: 400 });
    box.innerHTML = densityPlot({ title: `Σ̂ at N = ${s.densityN} — ${s.spec}`, densities: [{ label: `N = ${s.densityN}`, result: r }], sigmaWeighted: true });
  } catch (e) {
    box.textContent = `density: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/* ---------- Monte Carlo limits and time estimate (the CLI's checks, from the library) ---------- */

/** The request as `curve --mc` checks it: the spectrum, the N grid, draws, levels (T for a schedule). */
function mcRequest(s) {
  const losses = s.measures.some((m) => m !== 'kl');
  const levels = losses && s.level.schedule !== undefined ? parseScheduleSpec(s.level.schedule).T : 1;
  return { spectrum: s.spectrum, Ns: s.Ns, draws: s.draws, levels };
}

/** The CLI's refusal, named by the explorer's controls; null when the CLI would run it. */
function mcRefusal(s) {
  try {
    checkMonteCarloSizes({ ...mcRequest(s), nFlag: 'N', drawsFlag: 'draws per N' });
    return null;
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    return m.replace(/^invalid --spectrum = /, 'invalid spectrum: ');
  }
}

/**
 * Seconds the run should take: the work the limit counts over this browser's measured speed at
 * the request's d (log-linear between the calibration sizes and the finished runs' d, flat
 * outside them; 3e8 operations/s until the calibration reports). A rough figure — the speed per
 * counted operation also depends on N/d; within a factor of about 2–3 on this loaded 2-core
 * machine — which the progress bar's ETA then refines.
 */
function mcSeconds(s) {
  return monteCarloWork(mcRequest(s)) / speedAt(s.spectrum.d);
}

/** Measured speed at d: log-linear between the measured sizes (calibration and finished runs), flat outside. */
function speedAt(d) {
  const p = state.speeds;
  if (p.length === 0) return 3e8;
  if (d <= p[0].d) return p[0].rate;
  if (d >= p[p.length - 1].d) return p[p.length - 1].rate;
  const i = p.findIndex((q) => q.d >= d);
  const [a, b] = [p[i - 1], p[i]];
  const t = Math.log(d / a.d) / Math.log(b.d / a.d);
  return Math.exp((1 - t) * Math.log(a.rate) + t * Math.log(b.rate));
}

/** Record a measured speed at d (the latest measurement at a d replaces earlier ones). */
function addSpeed(d, rate) {
  if (!(rate > 0)) return;
  state.speeds = [...state.speeds.filter((q) => q.d !== d), { d, rate }].sort((a, b) => a.d - b.d);
}

function formatSeconds(t) {
  if (t < 1) return 'under a second';
  if (t < 90) return `${t.toPrecision(2).replace(/\.0$/, '')} s`;
  if (t < 5400) return `${Math.round(t / 60)} min`;
  return `${(t / 3600).toPrecision(2)} h`;
}

function setMcEstimate(text, kind) {
  const el = $('mcEstimate');
  el.textContent = text;
  el.className = kind || '';
}

/** The estimate (or the CLI's refusal) under the Run button, before anything starts. */
function updateMcEstimate() {
  const s = state.settings;
  if (!s || state.worker) return;
  const refusal = mcRefusal(s);
  const run = $('runMc');
  if (refusal) {
    run.disabled = true;
    run.textContent = 'Run Monte Carlo';
    setMcEstimate(`Refused, as the CLI refuses it: ${refusal}`, 'error');
    return;
  }
  run.disabled = false;
  const t = mcSeconds(s);
  const work = monteCarloWork(mcRequest(s));
  const long = t > WARN_SECONDS;
  run.textContent = long ? `Run anyway (about ${formatSeconds(t)})` : 'Run Monte Carlo';
  setMcEstimate(`${s.draws} draws × ${s.Ns.length} values of N at d = ${s.spectrum.d}: about ${formatSeconds(t)} (${work.toExponential(1)} of the CLI's ${LIMITS.monteCarloWork.toExponential(0)} operations limit)${long ? ' — long: fewer draws, fewer or smaller N, or the CLI (curve --mc … --workers) is faster' : ''}`, long ? 'warning' : '');
}

/**
 * This browser's Monte Carlo speed (mcWorker.js, calibrate): a throw-away worker, once per page,
 * a second after the first curves so it does not compete with them (about a second of one core).
 */
function calibrate() {
  // Not while a run is going: the two would share the cores and the speed would read low.
  if (state.worker) {
    setTimeout(calibrate, 2000);
    return;
  }
  const w = new Worker(new URL('./mcWorker.js', import.meta.url), { type: 'module' });
  w.onmessage = (e) => {
    if (e.data.type === 'rate') {
      for (const r of e.data.rates) if (!state.speeds.some((q) => q.d === r.d)) addSpeed(r.d, r.rate);
      updateMcEstimate();
    }
    w.terminate();
  };
  w.onerror = () => w.terminate();
  w.postMessage({ type: 'calibrate' });
}

function setStatus(text, error = false) {
  const el = $('status');
  el.textContent = text;
  el.classList.toggle('error', error);
}

/* ---------- Monte Carlo in a worker ---------- */

function mcKey(s) {
  return JSON.stringify([s.spec, $('preset').value === 'eigenvalues' ? $('eigenvalues').value : '', s.Ns, s.measures.includes('kl') ? s.eps : null, s.level, s.mcModel, s.draws, s.seed]);
}

async function runMonteCarlo() {
  clearTimeout(timer);
  await update(); // the settings as the controls show them now
  const s = state.settings;
  if (!s || $('status').classList.contains('error')) return;
  if (s.measures.includes('kl') && !(s.eps > 0)) {
    setMcEstimate('Monte Carlo of the KL needs ε > 0', 'error');
    return;
  }
  const refusal = mcRefusal(s);
  if (refusal) {
    setMcEstimate(`Refused, as the CLI refuses it: ${refusal}`, 'error');
    return;
  }
  cancelMonteCarlo();
  const id = ++state.job;
  const losses = s.measures.some((m) => m !== 'kl');
  state.mc = { key: mcKey(s), stats: [], complete: false, started: Date.now() };
  state.worker = new Worker(new URL('./mcWorker.js', import.meta.url), { type: 'module' });
  state.worker.onmessage = (e) => onWorkerMessage(e.data, id);
  state.worker.onerror = (e) => {
    finishWorker();
    state.mc = null;
    document.body.dataset.mc = 'error';
    $('mcStatus').textContent = '';
    setMcEstimate(`Monte Carlo worker: ${e.message}`, 'error');
  };
  state.worker.postMessage({
    id,
    eigenvalues: Array.from(s.spectrum.eigenvalues),
    weights: Array.from(s.spectrum.weights),
    Ns: s.Ns,
    ...(losses ? s.level : {}),
    eps: s.eps,
    options: s.mcModel,
    draws: s.draws,
    seed: s.seed,
  });
  $('runMc').disabled = true;
  $('cancelMc').disabled = false;
  $('mcProgress').value = 0;
  $('runMc').textContent = 'Run Monte Carlo';
  $('mcStatus').textContent = `starting… (about ${formatSeconds(mcSeconds(s))})`;
  document.body.dataset.mc = 'running';
}

function onWorkerMessage(msg, id) {
  if (id !== state.job || !state.mc) return;
  if (msg.type === 'progress') {
    $('mcProgress').max = msg.total;
    $('mcProgress').value = msg.done;
    const elapsed = (Date.now() - state.mc.started) / 1000;
    const eta = msg.done > 0 ? (elapsed * (msg.total - msg.done)) / msg.done : NaN;
    $('mcStatus').textContent = `${msg.done}/${msg.total} draws, ${elapsed.toFixed(0)} s${Number.isFinite(eta) && msg.done < msg.total ? `, ETA ${eta.toFixed(0)} s` : ''}`;
  } else if (msg.type === 'point') state.mc.stats[msg.index] = msg.stats;
  else if (msg.type === 'done') {
    state.mc.complete = true;
    // A finished run is the best measurement of this browser's speed at its d (long enough ones).
    const seconds = (Date.now() - state.mc.started) / 1000;
    if (seconds > 0.5 && state.settings) addSpeed(state.settings.spectrum.d, monteCarloWork(mcRequest(state.settings)) / seconds);
    finishWorker();
    $('mcStatus').textContent += ' — done';
    document.body.dataset.mc = 'done';
    render();
  } else if (msg.type === 'error') {
    finishWorker();
    state.mc = null;
    document.body.dataset.mc = 'error';
    $('mcProgress').value = 0;
    $('mcStatus').textContent = '';
    setMcEstimate(`Monte Carlo failed: ${msg.message}`, 'error');
    render(); // drop any points of the failed run
  }
}

function finishWorker() {
  state.worker?.terminate();
  state.worker = null;
  $('runMc').disabled = false;
  $('cancelMc').disabled = true;
  updateMcEstimate();
}

function cancelMonteCarlo() {
  if (!state.worker) return;
  finishWorker();
  state.mc = null;
  $('mcStatus').textContent = 'cancelled';
  document.body.dataset.mc = 'cancelled';
}

/* ---------- downloads: the CLI's curve --csv / --json ---------- */

function curveTable() {
  const s = state.settings;
  const mc = state.mc?.complete ? state.mc.stats : null;
  const fo = s.model.finiteSize === 'first-order';
  const infiniteD = (i, m) => (m === 'kl' ? state.theory.rows[i].asymptotic.kl : state.theory.rows[i].asymptotic[m]);
  const columns = ['N', ...s.measures.flatMap((m) => [`${m}_theory`, ...(fo ? [`${m}_theory_infinite_d`] : []), ...(m === 'kl' ? ['klAsymptote'] : []), ...(mc ? [`${m}_mc_mean`, `${m}_mc_stderr`] : [])])];
  const rows = s.Ns.map((N, i) => [N, ...s.measures.flatMap((m) => [value(i, m), ...(fo ? [infiniteD(i, m)] : []), ...(m === 'kl' ? [state.theory.rows[i].klAsymptote] : []), ...(mc ? [mc[i][m].mean, mc[i][m].stderr] : [])])]);
  return { columns, rows, mc };
}

function curveCsv() {
  return toCsv(curveTable());
}

function curveJson() {
  const s = state.settings;
  const { columns, rows, mc } = curveTable();
  const losses = s.measures.some((m) => m !== 'kl');
  const level = s.level.abar !== undefined ? { abar: s.level.abar } : { schedule: parseScheduleSpec(s.level.schedule).name, reduce: s.level.reduce };
  return toJson({
    spectrum: s.spec,
    d: s.spectrum.d,
    ...(losses ? level : {}),
    ...(losses ? { c: s.model.c } : {}),
    ...(s.eps !== undefined ? { eps: s.eps } : {}),
    ...s.model,
    ...finiteSizeFields(s),
    ...(mc ? { draws: s.draws, seed: s.seed, population: 'gaussian' } : {}),
    measures: s.measures,
    converged: state.theory.converged,
    generator: `replica-diffusion ${VERSION} explorer`,
    rows: rows.map((r) => Object.fromEntries(columns.map((k, j) => [k, r[j]]))),
  }) + '\n';
}

/** The CLI's flat finite-size fields of a curve: the worst over N of the shown measures. */
function finiteSizeFields(s) {
  const losses = s.measures.some((m) => m !== 'kl');
  const hasKl = s.measures.includes('kl');
  const info = worstFiniteSizeInfo(s.model.finiteSize, state.theory.rows.flatMap((row) => [...(losses ? [row.finiteSize] : []), ...(hasKl ? [row.klFiniteSize] : [])]));
  return { finiteSize: info.order, finiteSizeApplied: info.applied, finiteSizeRelativeSize: info.relativeSize, finiteSizeReliable: info.reliable };
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}


initControls();
update();
setTimeout(calibrate, 1000);
