import { InvalidArgumentError } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { Spectrum } from '../spectra/spectrum.js';

/** Floating-point operations a Monte Carlo run may cost (README, "Limits"): a few minutes on one core. */
export const MONTE_CARLO_WORK = LIMITS.monteCarloWork;

/** What a Monte Carlo request costs: the spectrum (its d), the training-set sizes, draws per N. */
export interface MonteCarloSizeRequest {
  spectrum: Spectrum;
  Ns: readonly number[];
  draws: number;
  /** Noise levels (or times) evaluated per draw: 1 for one ᾱ, T for a schedule. */
  levels?: number;
  /** Extra operations per draw at (N, d), for measures beyond the losses. */
  extraWork?: (N: number, d: number) => number;
  /**
   * 'wishart': no training set is drawn — Σ̂ comes from its Bartlett factor at d³/6 whatever N —
   * so N·d is not limited and d³/6 replaces N·d² in the work.
   */
  sampling?: 'data' | 'wishart';
}

/**
 * The floating-point operations of a Monte Carlo run, the quantity LIMITS.monteCarloWork bounds:
 * Σ_N draws·(N·d² + d³ + levels·d²) — per draw Σ̂ (N d², or d³/6 from the Bartlett factor with
 * sampling 'wishart'), its eigendecomposition (d³) and each
 * noise level or time (up to d² with c > 0). The explorer divides it by a measured rate to
 * estimate the time before it starts.
 */
export function monteCarloWork(request: MonteCarloSizeRequest): number {
  const d = request.spectrum.d;
  let work = 0;
  const wishart = request.sampling === 'wishart';
  for (const N of request.Ns) work += request.draws * ((wishart ? (d * d * d) / 6 : N * d * d) + d * d * d + (request.levels ?? 1) * d * d + (request.extraWork?.(N, d) ?? 0));
  return work;
}

/**
 * Check a Monte Carlo request before it allocates anything: the spectrum must expand to a d × d
 * covariance with d <= LIMITS.monteCarloDimension (whole-number multiplicities), every training
 * set must be a whole number N with N·d <= LIMITS.sampleValues, draws <= LIMITS.draws, and the
 * total work (monteCarloWork) <= MONTE_CARLO_WORK. `nFlag`/`drawsFlag` name the flags (or, in the
 * explorer, the controls) the user typed. The CLI and the explorer share this one check.
 */
export function checkMonteCarloSizes(options: MonteCarloSizeRequest & { nFlag: string; drawsFlag: string }): void {
  const { spectrum, Ns, draws, nFlag, drawsFlag } = options;
  const d = spectrum.d;
  for (let i = 0; i < spectrum.weights.length; i++) {
    const w = spectrum.weights[i];
    if (Math.abs(w - Math.round(w)) > 1e-9 * Math.max(1, w)) {
      throw new InvalidArgumentError('--spectrum', `multiplicity ${w}`, 'Monte Carlo builds a d × d covariance and needs whole-number multiplicities (e.g. p·d whole for twopoint)');
    }
  }
  if (d > LIMITS.monteCarloDimension) throw new InvalidArgumentError('--spectrum', `d = ${d}`, `Monte Carlo needs d <= ${LIMITS.monteCarloDimension} (dimension limit: each draw builds d × d matrices)`);
  if (draws > LIMITS.draws) throw new InvalidArgumentError(drawsFlag, draws, `must be <= ${LIMITS.draws} (draws limit)`);
  for (const N of Ns) {
    if (options.sampling !== 'wishart' && N * d > LIMITS.sampleValues) throw new InvalidArgumentError(nFlag, N, `times d = ${d} must be <= ${LIMITS.sampleValues} for Monte Carlo (training-set values limit)`);
    if (!Number.isSafeInteger(N)) throw new InvalidArgumentError(nFlag, N, 'must be a whole number for Monte Carlo (it draws N training points)');
  }
  requireMonteCarloWork(monteCarloWork(options), draws, drawsFlag, d, Ns);
}

/** The total-work check alone (also for populations without a spectrum, e.g. the MNIST digits). */
export function requireMonteCarloWork(work: number, draws: number, drawsFlag: string, d: number, Ns: readonly number[]): void {
  if (work > MONTE_CARLO_WORK) {
    throw new InvalidArgumentError(drawsFlag, draws, `with d = ${d} and N up to ${Math.max(...Ns)} needs about ${work.toExponential(2)} operations, more than the Monte Carlo limit of ${MONTE_CARLO_WORK.toExponential(0)} (fewer draws or smaller N)`);
  }
}
