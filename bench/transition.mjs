// Workload of issue 6 (seed 000's d = 100 experiment, as in the authors' LDM.py): the one-step
// linear denoiser at d = 100, n ∈ {25, 50, 75, 100}, 300 training sets per n, original set of
// N_O = 10⁴ points; every draw computes H², both KLs, E_TG, E_OG and the sign of Δ exactly in log
// space. Single-threaded. Prints the wall time of the draw-independent setup (the N_O²/2 pair
// sums of ∫ρ_O²), of the draws, and the total, plus the resulting curve.
// Run after `npm run build`: node bench/transition.mjs [draws] [orientation]
import { planTransition, summariseTransition } from '../dist/transition/transitionCurve.js';
import { transitionDraws } from '../dist/transition/transitionDraw.js';

const draws = Number(process.argv[2] ?? 300);
const orientation = process.argv[3] ?? 'model';
const options = { d: 100, ns: [25, 50, 75, 100], draws, seed: 1, originalSize: 10_000, orientation };

const t0 = performance.now();
const setup = planTransition(options);
const t1 = performance.now();
const columns = transitionDraws(setup.plan, 0, draws);
const t2 = performance.now();
const result = summariseTransition(setup, columns);

const s = (ms) => (ms / 1000).toFixed(2);
console.log(`transition bench: d = 100, n = 25/50/75/100, ${draws} draws, N_O = 10^4, orientation ${orientation}`);
console.log(`  setup (original set, ∫ρ_O²): ${s(t1 - t0)} s`);
console.log(`  draws:                       ${s(t2 - t1)} s  (${((t2 - t1) / draws).toFixed(1)} ms per training set, all four n)`);
console.log(`  total:                       ${s(t2 - t0)} s`);
for (const r of result.rows) {
  console.log(`  n = ${String(r.n).padStart(3)}: P(Δ > 0) = ${r.pDeltaPositive.toFixed(3)} [${r.pLow.toFixed(3)}, ${r.pHigh.toFixed(3)}], H² = ${r.hellinger.mean}, H² on support = ${r.hellingerOnSupport.mean.toFixed(4)}, median log10|Δ|/∫ρ_T² = ${(r.logRelativeDelta.median / Math.LN10).toFixed(1)}`);
}
