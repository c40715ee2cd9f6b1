import { InvalidArgumentError } from '../../errors.js';
import { LIMITS } from '../../limits.js';

/**
 * Work and memory limits of `transition` (README, "Limits"). Model mode draws an original set of
 * N_O points in d dimensions (memory N_O·d, setup ∝ N_O²·d) and, per draw and n, fits the one-step
 * denoiser and evaluates ρ_O's overlap with ρ_G (∝ N_O·d² + d³). Evaluator mode sums Gaussian
 * kernels over all pairs of points of the three sets (∝ (T + O + G)²·d).
 */
export const TRANSITION_WORK = LIMITS.transitionWork;

/** `flags` names the flags as the user typed them (`--N` or its alias `--n`, `--draws` or `--mc`). */
export function checkTransitionModelSizes(d: number, ns: number[], originalSize: number, draws: number, flags = { n: '--N', draws: '--draws' }): void {
  const nMax = ns[ns.length - 1];
  if (d > LIMITS.monteCarloDimension) throw new InvalidArgumentError('--d', d, `must be <= ${LIMITS.monteCarloDimension} (dimension limit: each draw builds d × d matrices)`);
  if (nMax * d > LIMITS.sampleValues) throw new InvalidArgumentError(flags.n, nMax, `times d = ${d} must be <= ${LIMITS.sampleValues} (training-set values limit)`);
  if (originalSize * d > LIMITS.sampleValues) throw new InvalidArgumentError('--original', originalSize, `times d = ${d} must be <= ${LIMITS.sampleValues} (original-set values limit)`);
  if (draws > LIMITS.draws) throw new InvalidArgumentError(flags.draws, draws, `must be <= ${LIMITS.draws} (draws limit)`);
  let perDraw = 0;
  for (const n of ns) perDraw += n * n * d + originalSize * d * d + d * d * d;
  const work = 0.5 * originalSize * originalSize * d + draws * perDraw;
  if (work > TRANSITION_WORK) {
    throw new InvalidArgumentError('--original', originalSize, `with d = ${d}, ${ns.length} sizes up to n = ${nMax} and ${draws} draws needs about ${work.toExponential(2)} kernel terms, more than the limit of ${TRANSITION_WORK.toExponential(0)} (lower --original, --draws or the grid)`);
  }
}

/** Evaluator mode: the pairwise kernel sums over the three sample sets. */
export function requirePairWork(train: number, original: number, generated: number, d: number): void {
  const work = (train * train + original * original + generated * generated + train * generated + original * generated) * d;
  if (work > LIMITS.pairWork) {
    throw new InvalidArgumentError('--generated', `${train} + ${original} + ${generated} samples in d = ${d}`, `the pairwise kernel sums need about ${work.toExponential(2)} terms, more than the limit of ${LIMITS.pairWork.toExponential(0)} (use fewer samples, e.g. a random subset)`);
  }
}
