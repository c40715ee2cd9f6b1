import { InvalidArgumentError } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { Spectrum } from '../spectra/spectrum.js';

/** Floating-point operations a Monte Carlo run may cost (README, "Limits"): a few minutes on one core. */
export const MONTE_CARLO_WORK = LIMITS.monteCarloWork;

/** What a Monte Carlo request asks for: the spectrum (its d), the training-set sizes, draws per N. */
export interface MonteCarloSizeRequest {
  spectrum: Spectrum;
  Ns: readonly number[];
  draws: number;
  /** Noise levels (or times) evaluated per draw: 1 for one ᾱ, T for a schedule. */
  levels?: number;
  /** Extra operations per draw at (N, d), for models that do more than one eigendecomposition. */
  extraWork?: (N: number, d: number) => number;
  /**
   * 'wishart': no training set is drawn — Σ̂ comes from its Bartlett factor at d³/6 whatever N —
   * so N·d is not limited and d³/6 replaces N·d² in the work.
   */
  sampling?: 'data' | 'wishart';
  /** How the messages name N, the draws and the spectrum (a CLI passes its flags, the explorer its controls). */
  nName?: string;
  drawsName?: string;
  spectrumName?: string;
}

/**
 * The floating-point operations of a Monte Carlo run, the quantity LIMITS.monteCarloWork bounds:
 * Σ_N draws·(N·d² + d³ + levels·d²) — per draw Σ̂ (N d², or d³/6 from the Bartlett factor with
 * sampling 'wishart'), its eigendecomposition (d³) and each noise level or time (up to d² with
 * c > 0). The explorer divides it by a measured rate to estimate the time before it starts.
 *
 * @example
 * ```ts
 * monteCarloWork({ d: 256, Ns: [128], draws: 100 });   // ≈ 2.5e9 (estimated operations)
 * ```
 */
export function monteCarloWork(request: Omit<MonteCarloSizeRequest, 'spectrum'> & { spectrum?: Spectrum; d?: number }): number {
  const d = request.d ?? request.spectrum!.d;
  const wishart = request.sampling === 'wishart';
  let work = 0;
  for (const N of request.Ns) work += request.draws * ((wishart ? (d * d * d) / 6 : N * d * d) + d * d * d + (request.levels ?? 1) * d * d + (request.extraWork?.(N, d) ?? 0));
  return work;
}

/**
 * The one check of every Monte Carlo size (README, "Limits"), run by the library's public
 * functions (monteCarlo, monteCarloParallel, monteCarloDynamics, monteCarloSampler, verifyModel,
 * generateReport) before anything is allocated, so no caller — a CLI command, the explorer or a
 * library user — can skip one: whole-number multiplicities and d <= LIMITS.monteCarloDimension
 * (each draw builds d × d matrices), draws <= LIMITS.draws, every N a whole number with
 * N·d <= LIMITS.sampleValues (not with Wishart sampling), and the total work (monteCarloWork)
 * <= MONTE_CARLO_WORK. `nFlag`/`drawsFlag` are the older names of nName/drawsName.
 *
 * @example
 * ```ts
 * checkMonteCarloSizes({ spectrum: powerLawSpectrum({ d: 256, k: 1 }), Ns: [128], draws: 100 });   // returns (undefined); over a limit it throws
 * ```
 */
export function checkMonteCarloSizes(request: MonteCarloSizeRequest & { nFlag?: string; drawsFlag?: string }): void {
  const { spectrum } = request;
  const spectrumName = request.spectrumName ?? 'spectrum';
  for (let i = 0; i < spectrum.weights.length; i++) {
    const w = spectrum.weights[i];
    if (Math.abs(w - Math.round(w)) > 1e-9 * Math.max(1, w)) {
      throw new InvalidArgumentError(spectrumName, `multiplicity ${w}`, 'Monte Carlo builds a d × d covariance and needs whole-number multiplicities (e.g. p·d whole for twopoint)');
    }
  }
  checkMonteCarloDimensions({ ...request, spectrumName, nName: request.nName ?? request.nFlag, drawsName: request.drawsName ?? request.drawsFlag, d: spectrum.d });
}

/**
 * The checks of {@link checkMonteCarloSizes} past the spectrum, for a population of dimension d (a data set).
 *
 * @example
 * ```ts
 * checkMonteCarloDimensions({ d: 256, Ns: [128], draws: 100 });   // returns (undefined); too large a d, N or work throws
 * ```
 */
export function checkMonteCarloDimensions(request: Omit<MonteCarloSizeRequest, 'spectrum'> & { d: number }): void {
  const { d, Ns, draws } = request;
  const nName = request.nName ?? 'N';
  const drawsName = request.drawsName ?? 'draws';
  if (!(d <= LIMITS.monteCarloDimension)) throw new InvalidArgumentError(request.spectrumName ?? 'spectrum', `d = ${d}`, `Monte Carlo needs d <= ${LIMITS.monteCarloDimension} (dimension limit: each draw builds d × d matrices)`);
  if (!(draws <= LIMITS.draws)) throw new InvalidArgumentError(drawsName, draws, `must be <= ${LIMITS.draws} (draws limit)`);
  for (const N of Ns) {
    if (request.sampling !== 'wishart' && !(N * d <= LIMITS.sampleValues)) throw new InvalidArgumentError(nName, N, `times d = ${d} must be <= ${LIMITS.sampleValues} for Monte Carlo (training-set values limit)`);
    if (!Number.isSafeInteger(N)) throw new InvalidArgumentError(nName, N, 'must be a whole number for Monte Carlo (it draws N training points)');
  }
  requireMonteCarloWork(monteCarloWork(request), draws, drawsName, d, Ns);
}

/**
 * The total-work check alone (also for populations without a spectrum, e.g. the MNIST digits).
 *
 * @example
 * ```ts
 * requireMonteCarloWork(1e20, 1e6, 'draws', 256, [128]);   // throws: 'needs about 1.00e+20 operations, more than the Monte Carlo limit …'
 * ```
 */
export function requireMonteCarloWork(work: number, draws: number, drawsName: string, d: number, Ns: readonly number[]): void {
  if (!(work <= MONTE_CARLO_WORK)) {
    throw new InvalidArgumentError(drawsName, draws, `with d = ${d} and N up to ${Math.max(...Ns)} needs about ${work.toExponential(2)} operations, more than the Monte Carlo limit of ${MONTE_CARLO_WORK.toExponential(0)} (fewer draws or smaller N)`);
  }
}

/**
 * Worker threads of one run: a whole number in [1, LIMITS.workers] (each holds its own d × d buffers).
 *
 * @example
 * ```ts
 * requireWorkers(4);   // 4 (0, 2.5 or more than LIMITS.workers throws)
 * ```
 */
export function requireWorkers(workers: unknown, name = 'workers'): number {
  if (typeof workers !== 'number' || !Number.isInteger(workers) || workers < 1) throw new InvalidArgumentError(name, workers, 'must be a whole number >= 1');
  if (workers > LIMITS.workers) throw new InvalidArgumentError(name, workers, `must be <= ${LIMITS.workers} (workers limit: each thread holds its own d × d matrices)`);
  return workers;
}
