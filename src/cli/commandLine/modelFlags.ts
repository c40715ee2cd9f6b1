import { InvalidArgumentError } from '../../errors.js';
import type { MeanMode } from '../../predictions/model/ensemble.js';
import { DEFAULT_FINITE_SIZE, FINITE_SIZE_ORDERS, type FiniteSizeInfo, type FiniteSizeOrder } from '../../predictions/finiteSize/finiteSize.js';
import { linearSchedule, parseSchedule, type NoiseSchedule } from '../../predictions/model/noiseSchedule.js';
import type { CompressMode } from '../../selfconsistency/compression/curveCompression.js';
import { LIMITS } from '../../limits.js';
import { parseGrid, type Args, type FlagSpec } from './args.js';
import { formatSignificant } from './output.js';

/**
 * Flags shared by the commands, defined once so that one flag has one name, one meaning and one
 * default everywhere (the README's flag table): `--N` is the training-set size, `--draws` the
 * number of Monte Carlo training sets (`--mc` kept as an alias), `--eps` the KL's ε (default
 * {@link DEFAULT_EPS}), `--c` the ridge regularisation, `--seed`, `--workers`.
 */
export const MEAN_FLAG: FlagSpec = { name: 'mean', value: 'estimated|known', help: 'the model estimates the mean (default; n = N − 1) or knows it (n = N)' };
export const C_FLAG: FlagSpec = {
  name: 'c',
  value: 'C',
  help: 'ridge regularisation c >= 0 of the trained denoiser, the regularisation of "Generalization Dynamics of Linear Diffusion Models": Σ̂ → Σ̂ + c_t I with c_t = c·ᾱ_t, so the ridge is (1 − ᾱ)/ᾱ + c (docs/theory.md §1); default 0',
};

/** ε of the KL's sampling covariance Σ̂ + εI: the same default in every command. */
export const DEFAULT_EPS = 1e-3;
export function epsFlag(help = 'ε > 0 of the sampling covariance Σ̂ + εI for the KL'): FlagSpec {
  return { name: 'eps', value: 'E', help: `${help} (default ${DEFAULT_EPS})` };
}

/** `--draws D` (alias `--mc`): Monte Carlo training sets per N. */
export function drawsFlag(help: string): FlagSpec {
  return { name: 'draws', value: 'D', help, aliases: ['mc'] };
}

/** `--draws`, a whole number in 1 … LIMITS.draws, or `fallback` (undefined: no Monte Carlo). */
export function readDraws(args: Args, fallback?: number, min = 1): number | undefined {
  return args.integer('draws', min, LIMITS.draws, 'draws limit') ?? fallback;
}

export const WORKERS_FLAG: FlagSpec = { name: 'workers', value: 'W', help: `worker threads for Monte Carlo (default 1, at most ${LIMITS.workers}); results do not depend on W` };

export function readWorkers(args: Args): number {
  return args.integer('workers', 1, LIMITS.workers, 'worker threads limit') ?? 1;
}

/** What --help says about N in the theory-only commands: the theory is analytic in N. */
export const REAL_N_NOTE = 'a real number is accepted: the theory is analytic in N (commands that draw training sets need a whole N)';

/**
 * One `--N`: a real number for the theory (analytic in N), a whole number when `drawing` (a Monte
 * Carlo draws N points; a fractional N is refused naming the flag, not rounded).
 */
export function readModelN(args: Args, drawing: boolean): number {
  return drawing ? args.requireInteger('N', 1) : args.requireNumber('N');
}

/**
 * `--N` as a grid of training-set sizes where training sets are (or may be) drawn: whole numbers
 * only — a typed fractional N is refused naming --N, never rounded (parseGrid's `integer`).
 */
export function readTrainingSizes(args: Args, fallback: string | undefined, min: number): number[] | undefined {
  const text = args.string('N') ?? fallback;
  return text === undefined ? undefined : parseGrid(`--${args.typedName('N')}`, text, { integer: true, min });
}
export const CT_FLAG: FlagSpec = { name: 'ct', value: 'CT', help: 'explicit regularisation c_t >= 0 at this noise level (instead of --c)' };
export const PER_DIM_FLAG: FlagSpec = { name: 'per-dimension', help: 'divide every measure by d' };
export const SCHEDULE_FLAG: FlagSpec = { name: 'schedule', value: 'SPEC', help: 'linear:T=1000,beta1=1e-4,betaT=0.02 (default) | cosine:T=1000[,s=0.008] | list:a1,a2,...' };
export const SEED_FLAG: FlagSpec = { name: 'seed', value: 'S', help: 'seed of every random draw, a whole number 0 … 2^53 − 1 (default 1); results are reproducible bit for bit' };
export const QUIET_FLAG: FlagSpec = { name: 'quiet', help: 'no progress bar on stderr' };
export const FINITE_SIZE_FLAG: FlagSpec = {
  name: 'finite-size',
  value: FINITE_SIZE_ORDERS.join('|'),
  help: `finite-d correction of the theory: none (the d → ∞ deterministic equivalents) or first-order (docs/theory.md §6); default ${DEFAULT_FINITE_SIZE}`,
};

export function readMean(args: Args): MeanMode {
  return args.choice('mean', ['estimated', 'known'] as const, 'estimated');
}

export function readRegularisation(args: Args): { c?: number; ct?: number } {
  const c = args.number('c', { min: 0 });
  const ct = args.number('ct', { min: 0 });
  if (c !== undefined && ct !== undefined) throw new InvalidArgumentError('--ct', ct, 'give either --c or --ct, not both');
  return ct !== undefined ? { ct } : { c: c ?? 0 };
}

export function readSchedule(args: Args): NoiseSchedule {
  const spec = args.string('schedule');
  return spec === undefined ? linearSchedule() : parseSchedule(spec);
}

export function readSeed(args: Args): number {
  return args.integer('seed', 0) ?? 1;
}

export function readFiniteSize(args: Args): FiniteSizeOrder {
  return args.choice('finite-size', FINITE_SIZE_ORDERS, DEFAULT_FINITE_SIZE);
}

/** One line for Markdown/text output: which finite-size order the numbers are at, and how large the correction is. */
export function describeFiniteSize(info: FiniteSizeInfo): string {
  const parts: string[] = [];
  if (info.order === 'first-order') parts.push(info.applied ? 'applied' : 'not applied: the expansion breaks down here');
  parts.push(`relative size ${formatSignificant(info.relativeSize, 3)}`);
  parts.push(info.reliable ? 'reliable' : 'not reliable');
  // A schedule sum: how much of it comes from levels that are not reliable on their own (docs/theory.md §6.6).
  if (info.unreliableShare !== undefined && info.unreliableShare > 0) parts.push(`${formatSignificant(100 * info.unreliableShare, 2)} % of the sum from levels near the hard edge or beyond the expansion, at the worst N`);
  return `finite-size: ${info.order} (${parts.join(', ')})`;
}

/** The finiteSize object printed in JSON output. */
export function finiteSizeJson(info: FiniteSizeInfo): { order: FiniteSizeOrder; applied: boolean; relativeSize: number; reliable: boolean } {
  return { order: info.order, applied: info.applied, relativeSize: info.relativeSize, reliable: info.reliable };
}

/**
 * Flat columns saying which finite-size order a row is at (CSV- and pandas-friendly):
 * finiteSize, finiteSizeApplied, finiteSizeRelativeSize, finiteSizeReliable, and with
 * first-order the d → ∞ values as <measure>_theory_infinite_d (docs/output-schema.md).
 */
export function finiteSizeColumns(info: FiniteSizeInfo, asymptotic: object, measures: string[]): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {
    finiteSize: info.order,
    finiteSizeApplied: info.applied,
    finiteSizeRelativeSize: info.relativeSize,
    finiteSizeEstimatedError: info.estimatedError,
    finiteSizeReliable: info.reliable,
  };
  if (info.unreliableShare !== undefined) out.finiteSizeUnreliableShare = info.unreliableShare;
  if (info.order === 'first-order') for (const m of measures) out[`${m}_theory_infinite_d`] = (asymptotic as Record<string, number>)[m];
  return out;
}

/** --compress auto|on|off and --no-compress, with the command's own description of what is compressed. */
export function compressFlags(help: string): FlagSpec[] {
  return [
    { name: 'compress', value: 'auto|on|off', help },
    { name: 'no-compress', help: 'same as --compress off' },
  ];
}

export function readCompress(args: Args): CompressMode {
  if (args.has('no-compress') && args.has('compress')) throw new InvalidArgumentError('--compress', args.string('compress'), 'give --compress or --no-compress, not both');
  const flag = args.has('no-compress') ? 'off' : args.choice('compress', ['auto', 'on', 'off'] as const, 'auto');
  return flag === 'auto' ? 'auto' : flag === 'on';
}
