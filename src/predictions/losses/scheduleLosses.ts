import { requireSpectrum } from '../../spectra/spectrum.js';
import { compressionFor, readCompressMode } from '../../selfconsistency/compression/curveCompression.js';
import { certifyLossCompression } from '../lossSums/lossCompressionCheck.js';
import { lossRun, scheduleJob, scheduleOn } from './scheduleJob.js';
import type { ScheduleLosses, ScheduleLossesOptions } from './scheduleLossesTypes.js';

export { MEASURES, type LossMeasureName, type Reduce, type ScheduleLosses, type ScheduleLossesOptions } from './scheduleLossesTypes.js';

/**
 * Every loss measure at every step of a noise schedule, with κ warm-started along the schedule
 * (as solveKappaCurve), then summed or averaged (optionally weighted) over the steps. The loss sums
 * of each step are fused into its last Newton pass (kappaLossSums.ts); with compression, both run
 * over the Gauss-rule atoms and are checked against the exact spectrum afterwards (falling back to
 * it if the check fails).
 *
 * @example
 * ```ts
 * scheduleLosses({ spectrum, N: 128, schedule: linearSchedule(), reduce: 'sum' }).total.testLoss;   // summed over the 1000 steps
 * ```
 */
export function scheduleLosses(options: ScheduleLossesOptions): ScheduleLosses {
  const spectrum = requireSpectrum(options.spectrum);
  const job = scheduleJob(spectrum.d, options);
  const compressed = compressionFor(spectrum, readCompressMode(options.compress), job.levels.length);
  if (compressed !== null) {
    const result = scheduleOn(compressed.spectrum, job);
    const check = certifyLossCompression(compressed, [lossRun(result, job)]);
    if (check.passed) return { ...result, compression: { atoms: compressed.atoms, certifiedError: check.maxRelativeError } };
  }
  return { ...scheduleOn(spectrum, job), compression: null };
}
