import { nodeBuiltin } from '../nodeBuiltin.js';
import { requireInteger } from '../validate.js';
import { monteCarloDraws, planMonteCarlo, summarise, type MonteCarloOptions, type MonteCarloPlan, type MonteCarloResult } from './monteCarlo.js';

/**
 * monteCarlo spread over worker threads. Draw k always uses Random.forStream(seed, k) and the
 * per-draw values are reassembled in draw order, so the result is bit-for-bit the same as the
 * single-threaded one for any number of workers. Workers load the compiled module next to this
 * file (dist/montecarlo/monteCarloWorker.js); `workers: 1` runs in-process. The Node built-ins are reached
 * at call time, so importing this module is browser-safe; outside Node it runs in-process.
 */
export async function monteCarloParallel<O extends MonteCarloOptions & { workers?: number }>(options: O): Promise<MonteCarloResult<O>> {
  const plan = planMonteCarlo(options);
  const os = nodeBuiltin<typeof import('node:os')>('node:os');
  const threads = nodeBuiltin<typeof import('node:worker_threads')>('node:worker_threads');
  const requested = requireInteger('workers', options.workers ?? os?.availableParallelism() ?? 1, 1);
  const workers = threads === undefined ? 1 : Math.min(requested, plan.draws);
  if (workers === 1 || threads === undefined) return summarise(plan, monteCarloDraws(plan, 0, plan.draws, options.onDraw)) as MonteCarloResult<O>;
  const bounds = Array.from({ length: workers + 1 }, (_, i) => Math.round((i * plan.draws) / workers));
  let done = 0;
  const parts = await Promise.all(
    bounds.slice(0, -1).map((from, i) => runWorker(threads.Worker, plan, from, bounds[i + 1], () => options.onDraw?.(++done, plan.draws))),
  );
  const samples: Record<string, Float64Array> = {};
  for (const key of Object.keys(parts[0])) {
    const all = new Float64Array(plan.draws);
    parts.forEach((p, i) => all.set(p[key], bounds[i]));
    samples[key] = all;
  }
  return summarise(plan, samples) as MonteCarloResult<O>;
}

function runWorker(Worker: typeof import('node:worker_threads').Worker, plan: MonteCarloPlan, from: number, to: number, onDraw: () => void): Promise<Record<string, Float64Array>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./monteCarloWorker.js', import.meta.url), { workerData: { plan, from, to } });
    worker.on('message', (msg: { type: 'draw' } | { type: 'done'; samples: Record<string, Float64Array> }) => {
      if (msg.type === 'draw') onDraw();
      else resolve(msg.samples);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`Monte Carlo worker exited with code ${code}`));
    });
  });
}
