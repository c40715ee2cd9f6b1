import { nodeBuiltin } from '../nodeBuiltin.js';
import { LIMITS } from '../limits.js';
import { requireWorkers } from './monteCarloLimits.js';
import { ReplicaDiffusionError } from '../errors.js';
import { shardedDrawsAsync } from './drawShard.js';
import { MC_MEASURES, monteCarloDraws, planMonteCarlo, summarise, type MonteCarloOptions, type MonteCarloPlan, type MonteCarloResult } from './monteCarlo.js';

/**
 * monteCarlo spread over worker threads. Draw k always uses Random.forStream(seed, k) and the
 * per-draw values are reassembled in draw order, so the result is bit-for-bit the same as the
 * single-threaded one for any number of workers and any scheduling. Workers load the compiled
 * module next to this file (dist/montecarlo/monteCarloWorker.js); `workers: 1` runs in-process.
 * The Node built-ins are reached at call time, so importing this module is browser-safe; outside
 * Node it runs in-process.
 *
 * Scheduling (guided self-scheduling): each chunk is a quarter of the remaining draws' fair
 * share per worker, ceil(remaining / (4·workers)), but at least ceil(total / (128·workers)) —
 * large chunks first, then smaller ones, so the workers finish within about one small chunk of
 * each other; a fixed chunk of total/(8·workers) left one worker idle for half a chunk on
 * average at the end (≈ 5 % of a 64-draw run at d = 256). Each worker holds two chunks, the one
 * it is working on and the next one queued, so it never waits for the main thread's reply
 * between chunks. A worker slowed by other load on the machine takes fewer chunks. Workers are
 * kept in a pool between calls (unref'd while idle, so they never keep the process alive):
 * starting a worker and warming up its JIT costs about as much as tens of draws at d = 256.
 *
 * @example
 * ```ts
 * await monteCarloParallel({ spectrum, N: 128, abar: 0.5, draws: 200, seed: 1, workers: 2 });   // same numbers as monteCarlo
 * ```
 */
export async function monteCarloParallel<O extends MonteCarloOptions & { workers?: number }>(options: O): Promise<MonteCarloResult<O>> {
  const plan = planMonteCarlo(options);
  const os = nodeBuiltin<typeof import('node:os')>('node:os');
  const threads = nodeBuiltin<typeof import('node:worker_threads')>('node:worker_threads');
  // At most LIMITS.workers threads, and never more than draws: each holds its own d × d buffers.
  const requested = options.workers === undefined ? Math.min(LIMITS.workers, os?.availableParallelism() ?? 1) : requireWorkers(options.workers);
  // The same kind as monteCarlo's: the two give the same values, so shards of either merge.
  const samples = await shardedDrawsAsync('monteCarlo', plan.draws, plan.seed, async (from, to) => {
    const workers = threads === undefined ? 1 : Math.min(requested, to - from);
    if (workers === 1 || threads === undefined) return monteCarloDraws(plan, from, to, options.onDraw);
    return runPooled(threads.Worker, plan, workers, from, to, options.onDraw);
  });
  return summarise(plan, samples) as MonteCarloResult<O>;
}

type Worker = InstanceType<typeof import('node:worker_threads').Worker>;
type Reply = { job: number } & ({ type: 'draw' } | { type: 'done'; from: number; samples: Record<string, Float64Array> } | { type: 'failed'; message: string });

/** The measures a plan's workers return, each a Float64Array per chunk. */
function expectedKeys(plan: MonteCarloPlan): string[] {
  return [...(plan.levels.length > 0 ? MC_MEASURES : []), ...(plan.eps !== null ? ['kl'] : [])];
}

/**
 * A worker's reply, checked before any of it is used: a malformed one is an error, not a crash.
 * The job's draws are [start, start + total).
 */
export function checkReply(msg: unknown, total: number, plan: MonteCarloPlan, start = 0): Reply {
  const bad = (why: string): never => {
    throw new ReplicaDiffusionError(`Monte Carlo worker sent a malformed reply (${why})`);
  };
  if (msg === null || typeof msg !== 'object') return bad(`not an object: ${typeof msg}`);
  const m = msg as Record<string, unknown>;
  if (typeof m.job !== 'number') return bad('no job number');
  if (m.type === 'draw') return m as Reply;
  if (m.type === 'failed') return { job: m.job, type: 'failed', message: typeof m.message === 'string' ? m.message : String(m.message) };
  if (m.type !== 'done') return bad(`type ${JSON.stringify(m.type)}`);
  const from = m.from;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < start || from >= start + total) return bad(`chunk start ${String(from)}`);
  const s = m.samples;
  if (s === null || typeof s !== 'object') return bad('no samples');
  const keys = expectedKeys(plan);
  let length = -1;
  for (const key of keys) {
    const v = (s as Record<string, unknown>)[key];
    if (!(v instanceof Float64Array)) return bad(`samples.${key} is not a Float64Array`);
    if (length === -1) length = v.length;
    if (v.length !== length || length === 0 || from + length > start + total) return bad(`samples.${key} has length ${v.length}`);
  }
  if (Object.keys(s).length !== keys.length) return bad(`samples have keys ${Object.keys(s).join(', ')}`);
  return m as Reply;
}

/** Job numbers: a worker tags every reply with its job's, so nothing stale is ever taken. */
let jobs = 0;

/** Idle workers, ready for the next job (at most MAX_IDLE kept). */
const idle: Worker[] = [];
const MAX_IDLE = 8;

function takeWorker(WorkerClass: typeof import('node:worker_threads').Worker): Worker {
  const w = idle.pop() ?? new WorkerClass(new URL('./monteCarloWorker.js', import.meta.url));
  w.ref();
  return w;
}

function releaseWorker(w: Worker): void {
  w.removeAllListeners('message');
  w.removeAllListeners('error');
  w.removeAllListeners('exit');
  if (idle.length >= MAX_IDLE) {
    void w.terminate();
    return;
  }
  w.unref();
  idle.push(w);
}

/** Draws [start, end) of the plan over `workers` pooled workers; row k is draw start + k. */
function runPooled(WorkerClass: typeof import('node:worker_threads').Worker, plan: MonteCarloPlan, workers: number, start: number, end: number, onDraw?: (done: number, total: number) => void): Promise<Record<string, Float64Array>> {
  const total = end - start;
  const minChunk = Math.ceil(total / (128 * workers));
  const samples: Record<string, Float64Array> = {};
  let next = start;
  let finished = 0;
  let done = 0;
  let failed = false;
  return new Promise((resolve, reject) => {
    const team = Array.from({ length: workers }, () => takeWorker(WorkerClass));
    const job = ++jobs;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      // The team's other workers may be mid-chunk: none goes back to the pool.
      for (const w of team) {
        w.removeAllListeners();
        void w.terminate();
      }
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    const give = (w: Worker) => {
      if (next >= end) return false;
      const from = next;
      next = Math.min(end, next + guidedChunk(end - next, workers, minChunk));
      w.postMessage({ type: 'chunk', job, from, to: next });
      return true;
    };
    for (const w of team) {
      // Every failure in here — a user callback that throws, a reply of the wrong shape — rejects
      // this call's promise and tears the team down; nothing escapes into the event loop, where it
      // would kill the process (issue 22).
      w.on('message', (msg: unknown) => {
        try {
          if (failed) return;
          const reply = checkReply(msg, total, plan, start);
          if (reply.job !== job) return;
          if (reply.type === 'draw') {
            onDraw?.(++done, total);
            return;
          }
          if (reply.type === 'failed') return fail(new ReplicaDiffusionError(`Monte Carlo worker: ${reply.message}`));
          for (const [key, values] of Object.entries(reply.samples)) {
            (samples[key] ??= new Float64Array(total)).set(values, reply.from - start);
          }
          finished += reply.samples[Object.keys(reply.samples)[0]].length;
          if (!give(w) && finished === total) {
            for (const t of team) releaseWorker(t);
            resolve(samples);
          }
        } catch (err) {
          fail(err);
        }
      });
      w.on('messageerror', (err) => fail(err));
      w.on('error', (err) => fail(err));
      w.on('exit', (code) => fail(new Error(`Monte Carlo worker exited with code ${code}`)));
      w.postMessage({ type: 'plan', plan, progress: onDraw !== undefined });
    }
    // Two chunks each (the second waits in the worker's queue), handed out in turn.
    for (let round = 0; round < 2; round++) for (const w of team) give(w);
  });
}

/** The next chunk's size under guided self-scheduling (see monteCarloParallel). @internal */
export function guidedChunk(remaining: number, workers: number, minChunk: number): number {
  return Math.min(remaining, Math.max(minChunk, Math.ceil(remaining / (4 * workers))));
}
