/**
 * Monte Carlo of the real model in a Web Worker, so the page stays responsive. Receives the
 * spectrum as eigenvalues + weights and the settings; runs monteCarlo per N with the CLI's seed
 * derivation (seed·1000003 + N, as `curve --mc`), posting progress and one message per N.
 */
import { createSpectrum, monteCarlo, parseSchedule } from 'replica-diffusion';

self.onmessage = (event) => {
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
