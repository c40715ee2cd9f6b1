// The accuracy atlas's page (docs/accuracy.md), rendered from docs/accuracy.json alone: pure
// functions, no Monte Carlo, so test/docs/accuracy.test.ts can check the committed page quickly.
// atlasPoints flattens the cells into one record per (cell, ᾱ, measure); atlasSummary computes
// every statistic the page states; renderAtlas writes the page. docs/accuracy.mjs computes the JSON.
import { HARD_EDGE_BELOW } from '../dist/predictions/finiteSize/finiteSize.js';
import { NEXT_ORDER } from '../dist/verification/allowance.js';
import { markdownTable } from '../dist/report/index.js';

/** |first-order error| ≤ RATIO_TARGET·|asymptotic error|: the issue's criterion. */
export const RATIO_TARGET = 0.3;
/** A first-order residual within this many standard errors is Monte Carlo noise (MC-limited). */
export const NOISE_Z = 3;
/** A first-order residual this many standard errors off is resolved (the next-order coefficient is measured there). */
export const RESIDUAL_Z = 4;

/** One record per (cell, ᾱ, measure); the KL (independent of ᾱ) once per cell, abar null. */
export function atlasPoints(atlas) {
  const col = Object.fromEntries(atlas.meta.columns.map((c, i) => [c, i]));
  const names = Object.fromEntries(atlas.meta.classes.map((c) => [c.id, c.name]));
  const out = [];
  const push = (cell, abar, info, measure, v) => {
    const [relativeSize, applied, reliable, g] = info;
    const p = { classId: cell.classId, className: names[cell.classId], d: cell.d, ratio: cell.ratio, N: cell.N, seed: cell.seed, abar, measure };
    Object.assign(p, { relativeSize, applied: applied === 1, reliable: reliable === 1, g });
    for (const [c, i] of Object.entries(col)) p[c] = v[i];
    for (const c of ['resolved', 'passAsymptotic', 'passFirstOrder']) p[c] = p[c] === 1;
    p.hardEdge = g < HARD_EDGE_BELOW;
    // The flagged region: the correction is not applied (breakdown) or at the hard edge (distance < HARD_EDGE_BELOW).
    p.flagged = !p.applied || p.hardEdge;
    p.zFirstOrder = (p.firstOrder - p.mcMean) / p.mcStderr;
    p.zAsymptotic = (p.asymptotic - p.mcMean) / p.mcStderr;
    p.relStderr = p.mcStderr / Math.abs(p.mcMean);
    out.push(p);
  };
  for (const cell of atlas.cells) {
    for (const a of cell.abars) for (const m of atlas.meta.measures) if (m !== 'kl') push(cell, a.abar, a.finiteSize, m, a[m]);
    push(cell, null, cell.kl.finiteSize, 'kl', cell.kl.kl);
  }
  return out;
}

/** Quantile with linear interpolation between order statistics (R's type 7); NaN when empty. */
export function quantile(xs, q) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}
const median = (xs) => quantile(xs, 0.5);

/** Least-squares slope of log y against log x. */
export function logSlope(xs, ys) {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i] - mx) * (ly[i] - my);
    sxx += (lx[i] - mx) ** 2;
  }
  return sxy / sxx;
}

/**
 * The d-exponent of a set of biases, fitted through the Monte Carlo noise: every series (one
 * (class, N/d, ᾱ, measure) over the d's) is modelled as err(d) = B·(d₀/d)^p with its own B and a
 * common p, weighted by 1/stderr²; p minimises χ²(p) (B in closed form for each p). The interval
 * is χ² ≤ min + 1, widened by √(χ²/dof) when that exceeds 1 (a power law that fits only roughly).
 */
export function fitExponent(series, field) {
  const ds = [...new Set(series.flatMap((s) => s.map((p) => p.d)))].sort((a, b) => a - b);
  const d0 = ds[0];
  // Flat arrays: value, weight 1/stderr² and d index of each point, series by series.
  const len = series.reduce((n, s) => n + s.length, 0);
  const y = new Float64Array(len);
  const w = new Float64Array(len);
  const di = new Int32Array(len);
  const starts = [];
  let k = 0;
  for (const s of series) {
    starts.push(k);
    for (const q of s) {
      y[k] = q[field];
      w[k] = 1 / q.relStderr ** 2;
      di[k++] = ds.indexOf(q.d);
    }
  }
  starts.push(len);
  const x = new Float64Array(ds.length);
  const chi2 = (p) => {
    for (let j = 0; j < ds.length; j++) x[j] = (d0 / ds[j]) ** p;
    let c = 0;
    for (let i = 0; i + 1 < starts.length; i++) {
      let num = 0;
      let den = 0;
      for (let j = starts[i]; j < starts[i + 1]; j++) {
        num += w[j] * x[di[j]] * y[j];
        den += w[j] * x[di[j]] ** 2;
      }
      const B = num / den;
      for (let j = starts[i]; j < starts[i + 1]; j++) c += w[j] * (y[j] - B * x[di[j]]) ** 2;
    }
    return c;
  };
  // Grid on [0, 4] by 0.01, then golden-section refinement around the best grid point.
  let best = 0;
  let bestChi = Infinity;
  for (let i = 0; i <= 400; i++) {
    const c = chi2(i / 100);
    if (c < bestChi) [best, bestChi] = [i / 100, c];
  }
  let lo = Math.max(0, best - 0.01);
  let hi = best + 0.01;
  for (let k = 0; k < 40; k++) {
    const a = hi - 0.618034 * (hi - lo);
    const b = lo + 0.618034 * (hi - lo);
    if (chi2(a) < chi2(b)) hi = b;
    else lo = a;
  }
  const p = (lo + hi) / 2;
  const min = chi2(p);
  const dof = series.reduce((n, s) => n + s.length - 1, 0) - 1;
  const scale = Math.max(1, min / dof);
  // Δχ² = scale on each side, by bisection.
  const edge = (dir) => {
    let inside = p;
    let outside = p + dir * 0.05;
    while (chi2(outside) < min + scale && Math.abs(outside - p) < 10) outside += dir * 0.5;
    for (let k = 0; k < 50; k++) {
      const mid = (inside + outside) / 2;
      if (chi2(mid) < min + scale) inside = mid;
      else outside = mid;
    }
    return inside;
  };
  return { p, low: edge(-1), high: edge(1), chi2: min, dof, chi2AtOne: chi2(1), chi2AtTwo: chi2(2) };
}

const seriesKey = (p) => `${p.classId}|${p.ratio}|${p.abar}|${p.measure}`;

function errorStats(points) {
  const a = points.map((p) => Math.abs(p.errAsymptotic));
  const f = points.map((p) => Math.abs(p.errFirstOrder));
  return { count: points.length, medianAsymptotic: median(a), p90Asymptotic: quantile(a, 0.9), medianFirstOrder: median(f), p90FirstOrder: quantile(f, 0.9) };
}

export const meetsRatio = (p) => Math.abs(p.errFirstOrder) <= RATIO_TARGET * Math.abs(p.errAsymptotic);

/** The measured next-order coefficient |first order − MC| / (R·r·|L|) (allowance.ts's NEXT_ORDER is its bound). */
export function nextOrderCoefficient(p) {
  const L = Math.abs(p.asymptotic);
  const r = Math.abs(p.correction) / L;
  const R = Math.max(p.relativeSize, r);
  return Math.abs(p.firstOrder - p.mcMean) / (R * r * L);
}

/** Why a resolved point outside the flagged region misses the 0.3× criterion: category and text. */
export function missReason(p) {
  if (Math.abs(p.zFirstOrder) <= NOISE_Z) return { kind: 'MC-limited', text: `MC-limited: first-order residual ${fmtZ(p.zFirstOrder)}σ, asymptotic ${fmtZ(p.zAsymptotic)}σ` };
  if (p.g < 2 * HARD_EDGE_BELOW) return { kind: 'near the hard edge', text: `near the hard edge: distance max(n, d)(1 − γ) = ${fmt(p.g, 3)}, relativeSize ${fmt(p.relativeSize, 2)}` };
  if (!p.reliable) return { kind: 'large correction', text: `large correction: relativeSize ${fmt(p.relativeSize, 2)}` };
  return { kind: 'next order', text: `next order resolved: residual ${fmtZ(p.zFirstOrder)}σ at relativeSize ${fmt(p.relativeSize, 2)}` };
}

/** Why a result is flagged or not reliable. */
export function flagReason(p) {
  const parts = [];
  if (!p.applied) parts.push(`not applied: relativeSize ${fmt(p.relativeSize, 2)} ≥ 0.5 (breakdown)`);
  if (p.hardEdge) parts.push(`hard edge: distance max(n, d)(1 − γ) = ${fmt(p.g, 3)} < ${HARD_EDGE_BELOW}`);
  if (p.applied && !p.hardEdge && !p.reliable) parts.push(`estimated next order relativeSize·ε ≥ 1 %`);
  return parts.join('; ');
}

/** Every number the page states. */
export function atlasSummary(atlas) {
  const { ds, measures, ratios } = atlas.meta;
  const points = atlasPoints(atlas);
  const headline = [];
  const byMeasure = [];
  const byRatio = [];
  for (const d of [...ds, 'all']) {
    const atD = points.filter((p) => d === 'all' || p.d === d);
    const resolved = atD.filter((p) => p.resolved);
    const clean = resolved.filter((p) => !p.flagged);
    const missed = clean.filter((p) => !meetsRatio(p));
    headline.push({
      d,
      points: atD.length,
      resolved: resolved.length,
      resolvedUnflagged: clean.length,
      ...errorStats(clean),
      ratioMet: clean.length - missed.length,
      missedNoise: missed.filter((p) => missReason(p).kind === 'MC-limited').length,
      worse: clean.filter((p) => Math.abs(p.errFirstOrder) > Math.abs(p.errAsymptotic)).length,
      passAsymptotic: atD.filter((p) => p.passAsymptotic).length,
      passFirstOrder: atD.filter((p) => p.passFirstOrder).length,
      passFirstOrderResolved: resolved.filter((p) => p.passFirstOrder).length,
    });
    for (const m of measures) byMeasure.push({ d, measure: m, ...errorStats(clean.filter((p) => p.measure === m)) });
    for (const r of ratios) byRatio.push({ d, ratio: r, ...errorStats(clean.filter((p) => p.ratio === r)) });
  }

  // d-scaling: series (class, N/d, ᾱ, measure) over the four d, outside the flagged region at every d.
  const bySeries = new Map();
  for (const p of points) {
    if (!bySeries.has(seriesKey(p))) bySeries.set(seriesKey(p), []);
    bySeries.get(seriesKey(p)).push(p);
  }
  const unflagged = [...bySeries.values()].filter((s) => s.length === ds.length && s.every((p) => !p.flagged));
  const resolvedSeries = unflagged.filter((s) => s.every((p) => p.resolved));
  const scaling = ds.map((d) => {
    const ps = resolvedSeries.map((s) => s.find((p) => p.d === d));
    return {
      d,
      medianAsymptotic: median(ps.map((p) => Math.abs(p.errAsymptotic))),
      medianFirstOrder: median(ps.map((p) => Math.abs(p.errFirstOrder))),
      medianRelStderr: median(ps.map((p) => p.relStderr)),
      medianAbsZFirstOrder: median(ps.map((p) => Math.abs(p.zFirstOrder))),
    };
  });
  const col = (k) => scaling.map((s) => s[k]);
  const exponents = [{ label: 'all measures', series: unflagged }, ...measures.map((m) => ({ label: MEASURE_NAMES[m], series: unflagged.filter((s) => s[0].measure === m) }))].map(({ label, series }) => ({
    label,
    count: series.length,
    asymptotic: fitExponent(series, 'errAsymptotic'),
    firstOrder: fitExponent(series, 'errFirstOrder'),
  }));
  const slopes = {
    asymptoticMedian: logSlope(ds, col('medianAsymptotic')),
    firstOrderMedian: logSlope(ds, col('medianFirstOrder')),
    firstOrderMedianSteps: ds.slice(1).map((d, i) => Math.log(scaling[i + 1].medianFirstOrder / scaling[i].medianFirstOrder) / Math.log(d / ds[i])),
    noiseFloor: logSlope(ds, col('medianRelStderr')),
  };

  const resolvedClean = points.filter((p) => p.resolved && !p.flagged);
  const misses = resolvedClean.filter((p) => !meetsRatio(p)).map((p) => ({ ...p, worse: Math.abs(p.errFirstOrder) > Math.abs(p.errAsymptotic), ...missReason(p) }));
  const flaggedPoints = points.filter((p) => p.flagged || !p.reliable).map((p) => ({ ...p, reason: flagReason(p) }));
  const allowanceFailures = points.filter((p) => !p.passFirstOrder || !p.passAsymptotic).map((p) => ({ ...p, neededNextOrder: neededNextOrder(p, atlas.meta.sigmas) }));
  // The next-order coefficient where the first-order residual is resolved (applied corrections).
  const coefficient = [false, true].map((flagged) => {
    const ps = points.filter((p) => p.applied && p.flagged === flagged && Math.abs(p.zFirstOrder) >= RESIDUAL_Z);
    const c = ps.map(nextOrderCoefficient);
    const worst = ps.reduce((w, p) => (w === null || nextOrderCoefficient(p) > nextOrderCoefficient(w) ? p : w), null);
    return { flagged, count: ps.length, median: median(c), p90: quantile(c, 0.9), max: worst ? nextOrderCoefficient(worst) : NaN, worst, above: ps.filter((p) => nextOrderCoefficient(p) > NEXT_ORDER) };
  });
  // Where the first-order residual is resolved: is it of the sign of the asymptotic error (undershoot) or the opposite (overshoot)?
  const residuals = points.filter((p) => !p.flagged && Math.abs(p.zFirstOrder) >= RESIDUAL_Z);
  const overshoot = { count: residuals.length, opposite: residuals.filter((p) => Math.sign(p.errFirstOrder) !== Math.sign(p.errAsymptotic)).length };
  return { points, headline, byMeasure, byRatio, overshoot, unflaggedCount: unflagged.length, resolvedSeriesCount: resolvedSeries.length, scaling, exponents, slopes, misses, flaggedPoints, allowanceFailures, coefficient };
}

/** The NEXT_ORDER that would make a failing first-order point pass: (|t − m| − σ·s − [r·|L| if not applied])/(R·r·|L|). */
function neededNextOrder(p, sigmas) {
  const L = Math.abs(p.asymptotic);
  const r = Math.abs(p.correction) / L;
  const R = Math.max(p.relativeSize, r);
  const excess = Math.abs(p.firstOrder - p.mcMean) - sigmas * p.mcStderr - (p.applied ? 0 : r * L);
  return excess / (R * r * L);
}

// ── formatting ──────────────────────────────────────────────────────────────────────────────────
export function fmt(v, digits) {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 10 ** digits) return v.toFixed(0);
  if (a < 1e-4) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}
/** A relative error in %: two significant digits (integers from 100 %, exponent form below 1e-3 %). */
export function fmtPct(x) {
  const v = 100 * x;
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  if (Math.abs(v) < 1e-3) return v.toExponential(1);
  return Math.abs(v) >= 100 ? v.toFixed(0) : String(Number(v.toPrecision(2)));
}
const fmtZ = (z) => (z >= 0 ? '+' : '') + z.toFixed(1);
const frac = (k, n) => `${k}/${n} (${n > 0 ? ((100 * k) / n).toFixed(1) : '—'} %)`;
const abarText = (a) => (a === null ? '—' : String(a));
export const MEASURE_NAMES = { trainLoss: 'train loss', testLoss: 'test loss', gap: 'gap', alignment: 'alignment', kl: 'KL' };
const medP90 = (s) => (s.count === 0 ? '—' : `${fmtPct(s.medianAsymptotic)} / ${fmtPct(s.p90Asymptotic)} → ${fmtPct(s.medianFirstOrder)} / ${fmtPct(s.p90FirstOrder)} (${s.count})`);
const exponentText = (e) => `${e.p.toFixed(2)} [${e.low.toFixed(2)}, ${e.high.toFixed(2)}]`;

function methodSection(atlas) {
  const m = atlas.meta;
  return [
    '# Accuracy atlas: theory against Monte Carlo, asymptotic and first-order',
    '',
    '<!-- Generated by `npm run docs` (docs/accuracy.mjs computes docs/accuracy.json; docs/accuracy-render.mjs renders this page from it); do not edit by hand. test/docs/accuracy.test.ts recomputes a sample of cells and fails when this page is stale. -->',
    '',
    `How far the predictions of \`predictLosses\` and \`klDivergence\` are from the real model at finite d, without (\`finiteSize: 'none'\`, the d → ∞ deterministic equivalents) and with (\`'first-order'\`, the default) the first-order finite-size correction of docs/theory.md §6. Every number below is computed from [accuracy.json](accuracy.json), which holds, per cell × measure, both theory values, the correction δ, the Monte Carlo mean ± standard error, both relative errors (theory − MC)/MC, the finite-size info (relativeSize, applied, reliable, the distance from the hard edge max(n, d)(1 − γ)) and both allowance verdicts.`,
    '',
    '**Grid.** Spectrum classes (tr Σ = d each): ' + m.classes.map((c) => c.name).join('; ') + `. N/d ∈ {${m.ratios.join(', ')}} (N = d + 1 for 1 + 1/d), ᾱ ∈ {${m.abars.join(', ')}}, d ∈ {${m.ds.join(', ')}}. Estimated mean, c = ${m.c}. Measures: train loss, test loss, gap, alignment (totals over d) and the KL of N(μ̂, Σ̂ + εI) at ε = ${m.eps} (independent of ᾱ: one per cell). A *point* is a cell × ᾱ × measure (the KL once per cell): ${m.classes.length * m.ratios.length * m.ds.length * (m.abars.length * 4 + 1)} in all.`,
    '',
    `**Monte Carlo.** A cell is (class, d, N/d). Its draws are shared by the four ᾱ and the KL: draw k is \`EmpiricalDraw.sample\` (the exact per-draw measures of docs/theory.md §5) on the random stream \`Random.forStream(seed, k)\` — draw k of \`monteCarlo({ spectrum, N, abar, eps: ${m.eps}, draws, seed })\`, which reproduces any one ᾱ of a cell bit for bit. Draws per cell: ${m.ds.map((d) => `${m.draws[d]} at d = ${d}`).join(', ')}: the whole atlas is about 9 minutes of one core, most of it at d = 256; the small d get more draws because only there can Monte Carlo resolve what first order leaves (an O(1/d) residual on the totals against a noise of O(1/√draws)). Seeds: master seed **${m.masterSeed}**; ${m.seedRule} (class and ratio indices in the order listed above; each cell's seed is in its table row below and in the JSON). \`atlasCell({ classId, d, ratio })\` in docs/accuracy.mjs recomputes one cell.`,
    '',
    `**Resolved.** A point is *resolved* when its first-order correction — the difference of the two orders' predictions — is at least ${m.resolve} Monte Carlo standard errors, |δ| ≥ ${m.resolve}·stderr: the Monte Carlo tells the two orders apart. On the totals both δ and the per-draw spread are O(1), so resolution depends on the draws, not on d. Medians and fractions below are over resolved points unless stated.`,
    '',
    `**Flagged region.** The correction is *flagged* where it is not applied (breakdown: relativeSize ≥ 0.5, the values stay asymptotic) or at the hard edge, distance max(n, d)(1 − γ) < ${HARD_EDGE_BELOW} (N ≈ d at ᾱ → 1, on either side; docs/theory.md §6.6); results there carry \`reliable: false\`. Results are also not reliable where the estimated next order relativeSize·ε is ≥ 1 % (ε the expansion parameter, max of relativeSize and the resolvent traces' own relative corrections); those stay in the statistics (and are listed below).`,
    '',
    `**Allowance.** Each order passes when |theory − MC| ≤ ${m.sigmas}·stderr + allowance·|theory|, with the allowance of src/verification/allowance.ts (\`finiteSizeAllowance\`: ${NEXT_ORDER}·ε·r when the correction is applied, r + ${NEXT_ORDER}·ε·r when not — the 'none' predictions included — with r = |δ|/|L| and ε the result's expansion parameter, at least R = relativeSize).`,
    '',
  ];
}

function headlineSection(s) {
  const rows = s.headline.map((h) => [
    h.d === 'all' ? '**all**' : h.d,
    h.points,
    h.resolved,
    h.resolvedUnflagged,
    fmtPct(h.medianAsymptotic),
    fmtPct(h.medianFirstOrder),
    frac(h.ratioMet, h.resolvedUnflagged),
    `${h.missedNoise} / ${h.resolvedUnflagged - h.ratioMet - h.missedNoise}`,
    h.worse,
    frac(h.passAsymptotic, h.points),
    frac(h.passFirstOrder, h.points),
    frac(h.passFirstOrderResolved, h.resolved),
  ]);
  const all = s.headline.find((h) => h.d === 'all');
  const e = s.exponents[0];
  return [
    '## Headline',
    '',
    `Over the ${all.resolvedUnflagged} resolved points outside the flagged region, |first-order error| ≤ 0.3 × |asymptotic error| in **${frac(all.ratioMet, all.resolvedUnflagged)}**; of the ${all.resolvedUnflagged - all.ratioMet} misses, ${all.missedNoise} are MC-limited (first-order residual within ${NOISE_Z} standard errors) and ${all.resolvedUnflagged - all.ratioMet - all.missedNoise} are named below with their reason; first order is farther from the Monte Carlo than the asymptotic value in ${all.worse}. The bias falls like d^−p with p = **${exponentText(e.asymptotic)}** asymptotic and **${exponentText(e.firstOrder)}** first-order (fitted through the Monte Carlo noise, below). The allowance passes in ${frac(all.passAsymptotic, all.points)} of all points asymptotic and ${frac(all.passFirstOrder, all.points)} first-order.`,
    '',
    'Per d: points, resolved ones, resolved ones outside the flagged region; over those, the median |relative error| (%) of each order, the points where |first-order error| ≤ 0.3 × |asymptotic error|, the misses that are MC-limited / other, and those where first order is worse; then the allowance coverage (points passing) of each order over all points, and of first order over resolved points.',
    '',
    markdownTable(['d', 'points', 'resolved', 'resolved, unflagged', 'median asymptotic %', 'median first-order %', 'first ≤ 0.3 × asymptotic', 'misses: MC-limited / other', 'worse', 'allowance: asymptotic passes', 'allowance: first-order passes', 'first-order passes (resolved)'], rows),
    '',
  ];
}

function tablesSection(s, ds) {
  const cols = [...ds.map((d) => `d = ${d}`), 'all d'];
  const byM = [...new Set(s.byMeasure.map((r) => r.measure))].map((m) => [MEASURE_NAMES[m], ...[...ds, 'all'].map((d) => medP90(s.byMeasure.find((r) => r.measure === m && r.d === d)))]);
  const byR = [...new Set(s.byRatio.map((r) => r.ratio))].map((q) => [q, ...[...ds, 'all'].map((d) => medP90(s.byRatio.find((r) => r.ratio === q && r.d === d)))]);
  return [
    '## |Relative error| by measure and by N/d',
    '',
    'Median / 90th percentile of |relative error| in %, asymptotic → first-order, over resolved points outside the flagged region (their number in parentheses). The first-order values are mostly Monte Carlo noise (compare the MC standard errors in the d-scaling table).',
    '',
    markdownTable(['measure', ...cols], byM),
    '',
    markdownTable(['N/d', ...cols], byR),
    '',
  ];
}

function scalingSection(s) {
  const sl = s.slopes;
  const rows = s.scaling.map((r) => [r.d, fmtPct(r.medianAsymptotic), fmtPct(r.medianFirstOrder), fmtPct(r.medianRelStderr), r.medianAbsZFirstOrder.toFixed(2)]);
  const expRows = s.exponents.map((e) => [e.label, e.count, exponentText(e.asymptotic), (e.asymptotic.chi2 / e.asymptotic.dof).toFixed(2), exponentText(e.firstOrder), (e.firstOrder.chi2 / e.firstOrder.dof).toFixed(2), `${e.firstOrder.chi2AtOne.toFixed(0)} / ${e.firstOrder.chi2AtTwo.toFixed(0)}`]);
  return [
    '## d-scaling',
    '',
    `**Medians.** Over the ${s.resolvedSeriesCount} series (class, N/d, ᾱ, measure) resolved and outside the flagged region at every d — the same points at each d:`,
    '',
    markdownTable(['d', 'median \\|asymptotic error\\| %', 'median \\|first-order error\\| %', 'median MC stderr %', 'median \\|z\\| of the first-order residual'], rows),
    '',
    `Slope of log(median |error|) against log d: asymptotic **${fmt(sl.asymptoticMedian, 3)}**; first order ${fmt(sl.firstOrderMedian, 3)} over d = ${s.scaling[0].d} … ${s.scaling[s.scaling.length - 1].d}, step by step ${sl.firstOrderMedianSteps.map((x) => fmt(x, 2)).join(', ')} — MC-limited at d = ${s.scaling.filter((r) => r.medianAbsZFirstOrder < 2).map((r) => r.d).join(', ')}, where the median first-order residual is below 2 standard errors (pure noise gives a median |z| of 0.67): there the Monte Carlo noise, not the bias, sets the median error (the median MC stderr has slope ${fmt(sl.noiseFloor, 2)}). The exponent fit below uses the noise instead of being limited by it.`,
    '',
    `**Exponents through the noise.** Every series outside the flagged region at every d (${s.unflaggedCount}, resolved or not) is fitted as err(d) = B·(32/d)^p with its own B and one common p, by χ² with the Monte Carlo standard errors (an unresolved series weighs little, but is not dropped). Interval: Δχ² = 1, widened by √(χ²/dof) where that is above 1. The last column compares χ² at p = 1 and p = 2 for first order. Measures of one cell share their draws, so the intervals are somewhat optimistic.`,
    '',
    markdownTable(['measures', 'series', 'asymptotic p', 'χ²/dof', 'first-order p', 'χ²/dof', 'first-order χ² at p = 1 / 2'], expRows),
    '',
    `First order, all measures: χ²/dof = ${(s.exponents[0].firstOrder.chi2 / s.exponents[0].firstOrder.dof).toFixed(2)}, so the residual is a power-law bias plus the Monte Carlo noise, and p = 1 fits worse than p = 2 by Δχ² = ${(s.exponents[0].firstOrder.chi2AtOne - s.exponents[0].firstOrder.chi2AtTwo).toFixed(0)}. Asymptotic: a pure power law fits only roughly (χ²/dof = ${(s.exponents[0].asymptotic.chi2 / s.exponents[0].asymptotic.dof).toFixed(2)}), and below 1 — where the first-order residual is resolved (≥ ${RESIDUAL_Z} standard errors, outside the flagged region) it has the sign opposite to the asymptotic error in ${s.overshoot.opposite} of ${s.overshoot.count} points (first order overshoots slightly), so at d = 32 the asymptotic error is visibly less than its 1/d term.`,
    '',
  ];
}

function allowanceSection(s, atlas) {
  const rowsPerMeasure = [...new Set(s.points.map((p) => p.measure))].map((m) => {
    const ps = s.points.filter((p) => p.measure === m);
    const rs = ps.filter((p) => p.resolved);
    return [MEASURE_NAMES[m], frac(ps.filter((p) => p.passAsymptotic).length, ps.length), frac(ps.filter((p) => p.passFirstOrder).length, ps.length), frac(rs.filter((p) => p.passFirstOrder).length, rs.length)];
  });
  const failRow = (p) => [p.className, p.d, p.ratio, abarText(p.abar), MEASURE_NAMES[p.measure], p.resolved ? 'yes' : 'no', fmt(p.relativeSize, 2), fmt(p.g, 3), `${fmtPct(p.errAsymptotic)} (${fmtZ(p.zAsymptotic)}σ) / ${fmtPct(p.allowanceAsymptotic)}`, `${fmtPct(p.errFirstOrder)} (${fmtZ(p.zFirstOrder)}σ) / ${fmtPct(p.allowanceFirstOrder)}`, p.passFirstOrder ? '—' : fmt(p.neededNextOrder, 3), flagReason(p) || '—'];
  const [clean, flagged] = s.coefficient;
  const coefText = (c, where) =>
    c.count === 0
      ? `${where}: no first-order residual resolved to ${RESIDUAL_Z}σ.`
      : `${where}: ${c.count} points, median ${fmt(c.median, 3)}, 90th percentile ${fmt(c.p90, 3)}, maximum ${fmt(c.max, 3)} (${c.worst.className}, d = ${c.worst.d}, N/d = ${c.worst.ratio}, ᾱ = ${abarText(c.worst.abar)}, ${MEASURE_NAMES[c.worst.measure]}, distance ${fmt(c.worst.g, 3)}); above NEXT_ORDER = ${NEXT_ORDER} in ${c.above.length}.`;
  return [
    '## Allowance coverage',
    '',
    `Points where each order passes |theory − MC| ≤ ${atlas.meta.sigmas}·stderr + allowance·|theory| (src/verification/allowance.ts), per measure:`,
    '',
    markdownTable(['measure', 'asymptotic passes', 'first-order passes', 'first-order passes (resolved)'], rowsPerMeasure),
    '',
    s.allowanceFailures.length === 0
      ? 'Both orders pass everywhere.'
      : `Points where an order fails (errors in %, then the allowance in %). "needed": the NEXT_ORDER (now ${NEXT_ORDER}) with which first order would pass, (|theory − MC| − ${atlas.meta.sigmas}·stderr)/(R·r·|L|) (less the r·|L| term where not applied).`,
    '',
    ...(s.allowanceFailures.length ? [markdownTable(['class', 'd', 'N/d', 'ᾱ', 'measure', 'resolved', 'R', 'distance', 'asymptotic error (z) / allowance', 'first-order error (z) / allowance', 'needed', 'flag'], s.allowanceFailures.map(failRow)), ''] : []),
    `**The next-order coefficient** |first order − MC| / (R·r·|L|), which NEXT_ORDER bounds, where the first-order residual is resolved (≥ ${RESIDUAL_Z} standard errors) and the correction applied:`,
    '',
    `- ${coefText(clean, 'outside the flagged region')}`,
    `- ${coefText(flagged, 'at the hard edge')}`,
    '',
  ];
}

function flaggedSection(s) {
  const rows = s.flaggedPoints
    .filter((p) => p.measure === 'testLoss' || p.measure === 'kl')
    .map((p) => [p.className, p.d, p.ratio, abarText(p.abar), MEASURE_NAMES[p.measure], fmt(p.relativeSize, 2), fmt(p.g, 3), `${fmtPct(p.errAsymptotic)} → ${fmtPct(p.errFirstOrder)}${p.applied ? '' : ` (if applied: ${fmtPct((p.asymptotic + p.correction - p.mcMean) / p.mcMean)})`}`, p.reason]);
  const count = (f) => new Set(s.flaggedPoints.filter((p) => p.measure !== 'kl' && f(p)).map((p) => `${p.classId}|${p.d}|${p.ratio}|${p.abar}`)).size;
  return [
    '## Where the correction is flagged or not reliable',
    '',
    `Loss results (cell × ᾱ): ${count((p) => !p.applied)} not applied, ${count((p) => p.applied && p.hardEdge)} applied at the hard edge, ${count((p) => !p.flagged)} not reliable only because relativeSize·ε ≥ 1 %. Each is listed with its test loss (the other loss measures share its finite-size info), and each KL result that is not reliable; relative error in %, asymptotic → first-order as returned (where not applied, also what the correction would have given).`,
    '',
    markdownTable(['class', 'd', 'N/d', 'ᾱ', 'measure', 'relativeSize', 'distance', 'error % asymptotic → first-order', 'reason'], rows),
    '',
  ];
}

function missSection(s) {
  const groups = new Map();
  for (const p of s.misses) {
    const k = `${p.classId}|${p.d}|${p.ratio}|${p.abar}|${p.kind}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(p);
  }
  const rows = [...groups.values()].map((ps) => {
    const p = ps[0];
    return [p.className, p.d, p.ratio, abarText(p.abar), ps.map((q) => `${MEASURE_NAMES[q.measure]} ${fmtPct(q.errAsymptotic)} → ${fmtPct(q.errFirstOrder)}${q.worse ? ' (worse)' : ''}`).join('; '), ps.map((q) => q.text).filter((t, i, a) => a.indexOf(t) === i).join('; ')];
  });
  const kinds = {};
  for (const p of s.misses) kinds[p.kind] = (kinds[p.kind] ?? 0) + 1;
  return [
    '## Where first order does not reach 0.3× (resolved, outside the flagged region)',
    '',
    `${s.misses.length} points: ` + Object.entries(kinds).map(([k, v]) => `${k} ${v}`).join(', ') + `. Reasons: *MC-limited* — the first-order residual is within ${NOISE_Z} standard errors, so the miss is the noise of a barely resolved point; *near the hard edge* — distance < ${2 * HARD_EDGE_BELOW}, just outside the flag; *large correction* — not reliable (relativeSize·ε ≥ 1 %); *next order* — a resolved residual elsewhere. Errors in %, asymptotic → first-order.`,
    '',
    ...(rows.length ? [markdownTable(['class', 'd', 'N/d', 'ᾱ', 'measures', 'reason'], rows), ''] : []),
  ];
}

function classTables(atlas) {
  const { columns, measures } = atlas.meta;
  const ci = Object.fromEntries(columns.map((c, i) => [c, i]));
  const cellText = (v) => {
    const mark = (pass) => (pass ? '' : '✗');
    return `${fmtPct(v[ci.errAsymptotic])}${mark(v[ci.passAsymptotic])} → ${fmtPct(v[ci.errFirstOrder])}${mark(v[ci.passFirstOrder])}${v[ci.resolved] ? '' : '°'}`;
  };
  const out = [
    '## Full tables',
    '',
    `Relative error (theory − MC)/MC in %, asymptotic → first-order; ✗ = that order fails the allowance, ° = not resolved (|δ| < ${atlas.meta.resolve}·stderr). R = relativeSize of the loss result, distance = max(n, d)(1 − γ) from the hard edge at its noise level; flag: **b** not applied (breakdown), **e** hard edge, **u** not reliable. The KL (one per cell, with its own R) is in the first row of each cell, beside the cell's seed.`,
    '',
  ];
  for (const cls of atlas.meta.classes) {
    const rows = [];
    for (const cell of atlas.cells.filter((c) => c.classId === cls.id)) {
      cell.abars.forEach((a, j) => {
        const [R, applied, reliable, g] = a.finiteSize;
        const flag = (applied ? '' : 'b') + (g < HARD_EDGE_BELOW ? 'e' : '') + (reliable ? '' : 'u');
        const kl = j === 0 ? `${cellText(cell.kl.kl)} (R ${fmt(cell.kl.finiteSize[0], 2)})` : '';
        rows.push([j === 0 ? cell.d : '', j === 0 ? cell.ratio : '', j === 0 ? cell.N : '', a.abar, fmt(R, 2), fmt(g, 3), flag, ...measures.filter((m) => m !== 'kl').map((m) => cellText(a[m])), kl, j === 0 ? cell.seed : '']);
      });
    }
    out.push(`### ${cls.name}`, '', markdownTable(['d', 'N/d', 'N', 'ᾱ', 'R', 'distance', 'flag', 'train loss', 'test loss', 'gap', 'alignment', 'KL', 'seed'], rows), '');
  }
  return out;
}

/** docs/accuracy.md from the atlas JSON. */
/** The spread's target (issue 21): |sd theory − sd MC| ≤ SPREAD_TARGET·sd MC + 3 standard errors. */
export const SPREAD_TARGET = 0.05;

/** Median and worst |sd theory/sd MC − 1| and the share within the target, over points. */
function spreadStats(points) {
  const errs = points.map((p) => Math.abs(p.sdTheory / p.sdMc - 1)).sort((a, b) => a - b);
  const within = points.filter((p) => Math.abs(p.sdTheory - p.sdMc) <= SPREAD_TARGET * p.sdMc + 3 * p.sdMcStderr).length;
  const median = errs.length ? errs[Math.floor((errs.length - 1) / 2)] : NaN;
  return { count: points.length, median, worst: errs.length ? errs[errs.length - 1] : NaN, within };
}

function spreadSection(atlas) {
  // Outside the flagged region (the spread is trusted where the mean is, docs/theory.md §6.10),
  // with a Monte Carlo spread to compare with (≥ 2 draws, finite).
  const pts = atlasPoints(atlas).filter((p) => !p.flagged && Number.isFinite(p.sdTheory) && p.sdMc > 0 && Number.isFinite(p.sdMcStderr));
  const ds = atlas.meta.ds;
  const cell = (ps) => {
    const st = spreadStats(ps);
    return st.count === 0 ? '—' : `${fmtPct(st.median)} / ${fmtPct(st.worst)} (${st.within}/${st.count})`;
  };
  const cols = [...ds.map((d) => `d = ${d}`), 'all d'];
  const by = (key, values, label) =>
    values.map((v) => [label(v), ...ds.map((d) => cell(pts.filter((p) => p[key] === v && p.d === d))), cell(pts.filter((p) => p[key] === v))]);
  const classes = atlas.meta.classes.map((c) => c.id);
  const names = Object.fromEntries(atlas.meta.classes.map((c) => [c.id, c.name]));
  const measures = [...new Set(pts.map((p) => p.measure))];
  const ratios = [...new Set(pts.map((p) => p.ratio))];
  const all = spreadStats(pts);
  const perD = ds.map((d) => spreadStats(pts.filter((p) => p.d === d)).median);
  return [
    '## Spread over training sets',
    '',
    `The predicted standard deviation of each measure over training sets (docs/theory.md §6.10, leading order of the CLT) against the per-draw standard deviation of the same Monte Carlo, with its standard error by the fourth-moment formula. Cells: |sd theory/sd MC − 1| in %, median / worst, and (in parentheses) the points within ${SPREAD_TARGET * 100} % + 3 standard errors of the Monte Carlo sd, over the points outside the flagged region.`,
    '',
    `Over all ${all.count} points: median ${fmtPct(all.median)} %, worst ${fmtPct(all.worst)} %, within the target in **${all.within}/${all.count} (${((100 * all.within) / Math.max(1, all.count)).toFixed(1)} %)**. Median by d: ${ds.map((d, i) => `${fmtPct(perD[i])} % (d = ${d})`).join(', ')} — the leading order leaves O(1/d) terms, largest at N < d.`,
    '',
    markdownTable(['class', ...cols], by('classId', classes, (c) => names[c])),
    '',
    markdownTable(['measure', ...cols], by('measure', measures, (m) => MEASURE_NAMES[m])),
    '',
    markdownTable(['N/d', ...cols], by('ratio', ratios, (r) => r)),
    '',
  ];
}

export function renderAtlas(atlas) {
  const s = atlasSummary(atlas);
  return [...methodSection(atlas), ...headlineSection(s), ...tablesSection(s, atlas.meta.ds), ...scalingSection(s), ...spreadSection(atlas), ...allowanceSection(s, atlas), ...flaggedSection(s), ...missSection(s), ...classTables(atlas)].join('\n');
}
