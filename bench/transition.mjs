// Workload of issue 6 (the onset-of-memorization paper’s d = 100 experiment, as in the authors' LDM.py): the one-step
// linear denoiser at d = 100, n ∈ {25, 50, 75, 100}, 300 training sets per n, original set of
// N_O = 10⁴ points; every draw computes H², both KLs, E_TG, E_OG and the sign of Δ exactly in log
// space. Single-threaded. Prints the wall time of the draw-independent setup (the N_O²/2 pair
// sums of ∫ρ_O²), of the draws, and the total, plus the resulting curve.
// `--no-wasm` forces the TypeScript kernels (the WebAssembly SIMD tiles give the same bits, so
// this is the before/after comparison of issue 13). The machine is shared: the load average is printed.
// Run after `npm run build`: node bench/transition.mjs [draws] [orientation] [--no-wasm]
import { loadavg } from 'node:os';
import { planTransition, summariseTransition } from '../dist/transition/transitionCurve.js';
import { transitionDraws } from '../dist/transition/transitionDraw.js';
import { setWasmKernels, wasmKernelsActive } from '../dist/linalg/wasmKernels.js';

const args = process.argv.slice(2);
if (args.includes('--no-wasm')) setWasmKernels(false);
const positional = args.filter((a) => !a.startsWith('--'));
const draws = Number(positional[0] ?? 300);
const orientation = positional[1] ?? 'model';
const options = { d: 100, ns: [25, 50, 75, 100], draws, seed: 1, originalSize: 10_000, orientation };

const t0 = performance.now();
const setup = planTransition(options);
const t1 = performance.now();
const columns = transitionDraws(setup.plan, 0, draws);
const t2 = performance.now();
const result = summariseTransition(setup, columns);

const s = (ms) => (ms / 1000).toFixed(2);
console.log(`transition bench: d = 100, n = 25/50/75/100, ${draws} draws, N_O = 10^4, orientation ${orientation}, kernels ${wasmKernelsActive() ? 'WebAssembly SIMD' : 'TypeScript'}, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log(`  setup (original set, ∫ρ_O²): ${s(t1 - t0)} s`);
console.log(`  draws:                       ${s(t2 - t1)} s  (${((t2 - t1) / draws).toFixed(1)} ms per training set, all four n)`);
console.log(`  total:                       ${s(t2 - t0)} s`);
for (const r of result.rows) {
  console.log(`  n = ${String(r.n).padStart(3)}: P(Δ > 0) = ${r.pDeltaPositive.toFixed(3)} [${r.pLow.toFixed(3)}, ${r.pHigh.toFixed(3)}], H² = ${r.hellinger.mean}, H² on support = ${r.hellingerOnSupport.mean.toFixed(4)}, median log10|Δ|/∫ρ_T² = ${(r.logRelativeDelta.median / Math.LN10).toFixed(1)}`);
}
