import { InvalidArgumentError, ReplicaDiffusionError } from '../errors.js';

/** Per-draw values of one Monte Carlo run, one array per measure, in draw order. */
export type DrawSamples = Record<string, Float64Array>;

/** One Monte Carlo run a sharded process met: which run, and the per-draw values of its block. */
export interface ShardBlock {
  /** Which entry point ran it ('monteCarlo', 'population', 'dynamics'). */
  kind: string;
  draws: number;
  seed: number;
  /** This shard's contiguous block of draws [from, to). */
  from: number;
  to: number;
  /** Values of draws from … to − 1. */
  samples: DrawSamples;
}

/** A merged Monte Carlo run: every draw's values, in draw order. */
export type MergedRun = Omit<ShardBlock, 'from' | 'to'>;

type Context = { mode: 'record'; index: number; count: number; blocks: ShardBlock[] } | { mode: 'replay'; runs: MergedRun[]; next: number };

/**
 * Sharding of Monte Carlo draws over processes (`--shard I/K` and `replica-diffusion merge`).
 * Every draw k of a run uses its own stream Random.forStream(seed, k), so any block of draws can
 * be computed anywhere; and every summary is computed from the per-draw values in draw order
 * (meanStderr's Welford update: its rounding depends on that order). So a shard keeps the raw
 * per-draw values of its block — not partial sums, which would round differently — and the merge
 * re-runs the same command with the concatenated values in place of the draws: its output is the
 * unsharded run's, bit for bit. The context is process-wide (one command at a time, set by the CLI).
 */
let context: Context | undefined;

/** From now on, compute only shard `index` of `count` of every run and keep its values. */
export function recordShard(index: number, count: number): ShardBlock[] {
  const blocks: ShardBlock[] = [];
  context = { mode: 'record', index, count, blocks };
  return blocks;
}

/** From now on, take the runs' values from `runs` (merged shards), in order, instead of drawing. */
export function replayShards(runs: MergedRun[]): void {
  context = { mode: 'replay', runs, next: 0 };
}

/** Back to plain runs; returns how many merged runs were not used (replay), else 0. */
export function endShards(): number {
  const unused = context?.mode === 'replay' ? context.runs.length - context.next : 0;
  context = undefined;
  return unused;
}

/** The draws [from, to) shard `index` of `count` computes: contiguous, sizes differing by at most one. */
export function shardRange(draws: number, index: number, count: number): { from: number; to: number } {
  return { from: Math.floor((index * draws) / count), to: Math.floor(((index + 1) * draws) / count) };
}

type Plan = { from: number; to: number; replayed?: undefined } | { replayed: DrawSamples };

function begin(kind: string, draws: number, seed: number): Plan {
  if (context === undefined) return { from: 0, to: draws };
  if (context.mode === 'replay') {
    const run = context.runs[context.next++];
    if (run === undefined || run.kind !== kind || run.draws !== draws || run.seed !== seed) {
      throw new ReplicaDiffusionError(`the shards hold other Monte Carlo runs than this command makes (run ${context.next}: ${kind}, ${draws} draws, seed ${seed}; shards: ${run ? `${run.kind}, ${run.draws} draws, seed ${run.seed}` : 'none'})`);
    }
    return { replayed: run.samples };
  }
  const { from, to } = shardRange(draws, context.index, context.count);
  if (to === from) throw new InvalidArgumentError('--shard', `${context.index}/${context.count}`, `has no draws of a ${draws}-draw Monte Carlo run: use at most ${draws} shards`);
  return { from, to };
}

function finish(kind: string, draws: number, seed: number, from: number, to: number, block: DrawSamples): DrawSamples {
  if (context?.mode !== 'record') return block;
  context.blocks.push({ kind, draws, seed, from, to, samples: block });
  // The command goes on with full-length arrays (its output is discarded): the block repeated.
  const full: DrawSamples = {};
  for (const [key, values] of Object.entries(block)) {
    const out = (full[key] = new Float64Array(draws));
    for (let k = 0; k < draws; k++) out[k] = values[(k - from + draws * values.length) % values.length];
  }
  return full;
}

/** All draws' values of a run of `draws` draws: `compute(from, to)` gives draws [from, to). */
export function shardedDraws(kind: string, draws: number, seed: number, compute: (from: number, to: number) => DrawSamples): DrawSamples {
  const plan = begin(kind, draws, seed);
  if (plan.replayed) return plan.replayed;
  return finish(kind, draws, seed, plan.from, plan.to, compute(plan.from, plan.to));
}

/** shardedDraws for an asynchronous `compute` (the worker pool). */
export async function shardedDrawsAsync(kind: string, draws: number, seed: number, compute: (from: number, to: number) => Promise<DrawSamples>): Promise<DrawSamples> {
  const plan = begin(kind, draws, seed);
  if (plan.replayed) return plan.replayed;
  return finish(kind, draws, seed, plan.from, plan.to, await compute(plan.from, plan.to));
}
