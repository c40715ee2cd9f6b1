import { InvalidArgumentError } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { Spectrum } from '../spectra/spectrum.js';

/** Floating-point operations a Monte Carlo run may cost (README, "Limits"): a few minutes on one core. */
export const MONTE_CARLO_WORK = LIMITS.monteCarloWork;

/** What a Monte Carlo request asks for; `nName`/`drawsName` name the arguments (a CLI passes its flags). */
export interface MonteCarloSizeRequest {
  spectrum: Spectrum;
  Ns: readonly number[];
  draws: number;
  /** Noise levels or times evaluated per draw (default 1). */
  levels?: number;
  /** Extra operations per draw at (N, d), for models that do more than one eigendecomposition. */
  extraWork?: (N: number, d: number) => number;
  nName?: string;
  drawsName?: string;
  spectrumName?: string;
}

/**
 * The one check of every Monte Carlo size (README, "Limits"), run by the library's public
 * functions (monteCarlo, monteCarloParallel, monteCarloDynamics, verifyModel, generateReport)
 * before anything is allocated, so no caller — a CLI command or a library user — can skip one:
 * whole-number multiplicities and d <= LIMITS.monteCarloDimension (each draw builds d × d
 * matrices), draws <= LIMITS.draws, every N a whole number with N·d <= LIMITS.sampleValues, and
 * the total work Σ_N draws·(N·d² + d³ + levels·d²) <= MONTE_CARLO_WORK.
 */
export function checkMonteCarloSizes(request: MonteCarloSizeRequest): void {
  const { spectrum } = request;
  const spectrumName = request.spectrumName ?? 'spectrum';
  const d = spectrum.d;
  for (let i = 0; i < spectrum.weights.length; i++) {
    const w = spectrum.weights[i];
    if (Math.abs(w - Math.round(w)) > 1e-9 * Math.max(1, w)) {
      throw new InvalidArgumentError(spectrumName, `multiplicity ${w}`, 'Monte Carlo builds a d × d covariance and needs whole-number multiplicities (e.g. p·d whole for twopoint)');
    }
  }
  checkMonteCarloDimensions({ ...request, d });
}

/** The checks of {@link checkMonteCarloSizes} past the spectrum, for a population of dimension d (a data set). */
export function checkMonteCarloDimensions(request: Omit<MonteCarloSizeRequest, 'spectrum'> & { d: number }): void {
  const { d, Ns, draws } = request;
  const nName = request.nName ?? 'N';
  const drawsName = request.drawsName ?? 'draws';
  if (!(d <= LIMITS.monteCarloDimension)) throw new InvalidArgumentError(request.spectrumName ?? 'spectrum', `d = ${d}`, `Monte Carlo needs d <= ${LIMITS.monteCarloDimension} (dimension limit: each draw builds d × d matrices)`);
  if (!(draws <= LIMITS.draws)) throw new InvalidArgumentError(drawsName, draws, `must be <= ${LIMITS.draws} (draws limit)`);
  let work = 0;
  for (const N of Ns) {
    if (!(N * d <= LIMITS.sampleValues)) throw new InvalidArgumentError(nName, N, `times d = ${d} must be <= ${LIMITS.sampleValues} for Monte Carlo (training-set values limit)`);
    if (!Number.isSafeInteger(N)) throw new InvalidArgumentError(nName, N, 'must be a whole number for Monte Carlo (it draws N training points)');
    // Per draw: Σ̂ (N d²), its eigendecomposition (d³), each noise level or time (up to d² with c > 0).
    work += draws * (N * d * d + d * d * d + (request.levels ?? 1) * d * d + (request.extraWork?.(N, d) ?? 0));
  }
  requireMonteCarloWork(work, draws, drawsName, d, Ns);
}

/** The total-work check alone (also for populations without a spectrum, e.g. the MNIST digits). */
export function requireMonteCarloWork(work: number, draws: number, drawsName: string, d: number, Ns: readonly number[]): void {
  if (!(work <= MONTE_CARLO_WORK)) {
    throw new InvalidArgumentError(drawsName, draws, `with d = ${d} and N up to ${Math.max(...Ns)} needs about ${work.toExponential(2)} operations, more than the Monte Carlo limit of ${MONTE_CARLO_WORK.toExponential(0)} (fewer draws or smaller N)`);
  }
}

/** Worker threads of one run: a whole number in [1, LIMITS.workers] (each holds its own d × d buffers). */
export function requireWorkers(workers: unknown, name = 'workers'): number {
  if (typeof workers !== 'number' || !Number.isInteger(workers) || workers < 1) throw new InvalidArgumentError(name, workers, 'must be a whole number >= 1');
  if (workers > LIMITS.workers) throw new InvalidArgumentError(name, workers, `must be <= ${LIMITS.workers} (workers limit: each thread holds its own d × d matrices)`);
  return workers;
}
