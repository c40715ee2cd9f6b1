import { checkMonteCarloSizes as check, MONTE_CARLO_WORK, requireMonteCarloWork } from '../../montecarlo/monteCarloLimits.js';
import type { Spectrum } from '../../spectra/spectrum.js';

export { MONTE_CARLO_WORK, requireMonteCarloWork };

/**
 * The library's Monte Carlo size check (src/montecarlo/monteCarloLimits.ts, which the explorer
 * reaches through the root entry too) with the flags the user typed named in its message; the
 * library runs the same check again on its own arguments.
 */
export function checkMonteCarloSizes(options: { spectrum: Spectrum; Ns: number[]; draws: number; nFlag: string; drawsFlag: string; levels?: number; extraWork?: (N: number, d: number) => number; sampling?: 'data' | 'wishart' }): void {
  check({ spectrum: options.spectrum, Ns: options.Ns, draws: options.draws, levels: options.levels, extraWork: options.extraWork, sampling: options.sampling, nName: options.nFlag, drawsName: options.drawsFlag, spectrumName: '--spectrum' });
}
