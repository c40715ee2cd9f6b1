/**
 * Monte Carlo of the real model in a Web Worker, so the page stays responsive. Receives the
 * spectrum as eigenvalues + weights and the settings; runs monteCarlo per N with the CLI's seed
 * derivation (seed·1000003 + N, as `curve --mc`), posting progress and one message per N.
 */
import { createSpectrum, monteCarlo, monteCarloWork, parseSchedule, parseSpectrumSpec } from 'replica-diffusion';

/**
 * This browser's Monte Carlo speed, in the operations the limit counts per second, at two sizes
 * (d = N = 128 and d = N = 512): the speed per counted operation grows with d (larger kernels
 * run closer to peak), so the page interpolates between them. Four timed draws in one call, after
 * warm-up draws (which compile the WebAssembly kernels and let V8 optimise the loops).
 */
function calibrate() {
  const rates = [];
  // Warm-up: a fresh worker runs its first draws in V8's baseline tiers (ten times slower at
  // d = 128, measured); a run of hundreds of draws spends almost all its time optimised.
  monteCarlo({ spectrum: parseSpectrumSpec('powerlaw:d=96,k=1'), N: 96, abar: 0.5, draws: 12, seed: 1 });
  for (const [d, draws] of [[128, 4], [512, 2]]) {
    const spectrum = parseSpectrumSpec(`powerlaw:d=${d},k=1`);
    monteCarlo({ spectrum, N: d, abar: 0.5, draws: 1, seed: 1 });
    // Several draws in one call, as a run makes them: a call's fixed cost is shared as in a run.
    const started = performance.now();
    monteCarlo({ spectrum, N: d, abar: 0.5, draws, seed: 2 });
    const seconds = (performance.now() - started) / 1000;
    rates.push({ d, rate: monteCarloWork({ spectrum, Ns: [d], draws }) / Math.max(seconds, 1e-4) });
  }
  self.postMessage({ type: 'rate', rates });
}

self.onmessage = (event) => {
  if (event.data.type === 'calibrate') {
    calibrate();
    return;
  }
  const { id, eigenvalues, weights, Ns, abar, schedule, reduce, eps, options, draws, seed } = event.data;
  try {
    const spectrum = createSpectrum(eigenvalues, weights);
    const level = abar !== undefined ? { abar } : { schedule: parseSchedule(schedule), reduce };
    const total = Ns.length * draws;
    let last = 0;
    Ns.forEach((N, i) => {
      const r = monteCarlo({
        spectrum,
        N,
        ...level,
        ...options,
        ...(eps !== undefined ? { eps } : {}),
        draws,
        seed: seed * 1_000_003 + N,
        onDraw: (done) => {
          const now = Date.now();
          if (now - last > 50 || done === draws) {
            last = now;
            self.postMessage({ id, type: 'progress', done: i * draws + done, total });
          }
        },
      });
      const stats = {};
      for (const m of ['trainLoss', 'testLoss', 'gap', 'referenceLoss', 'alignment', 'kl']) if (r[m]) stats[m] = { mean: r[m].mean, stderr: r[m].stderr };
      self.postMessage({ id, type: 'point', index: i, N, stats });
    });
    self.postMessage({ id, type: 'done' });
  } catch (e) {
    self.postMessage({ id, type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
