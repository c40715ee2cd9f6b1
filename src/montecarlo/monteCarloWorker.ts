import { nodeBuiltin } from '../nodeBuiltin.js';
import { monteCarloDraws, type MonteCarloPlan } from './monteCarlo.js';

/**
 * Worker thread body for monteCarloParallel's pool: receives a plan, then chunks of draws
 * [from, to) of it, and answers each chunk with its per-draw values (buffers transferred, not
 * copied), plus one message per draw when progress is wanted. Only ever loaded as a worker (by
 * URL, never imported), so reaching node:worker_threads through nodeBuiltin keeps the folder
 * free of node: imports (docs/architecture.md).
 */
const { parentPort } = nodeBuiltin<typeof import('node:worker_threads')>('node:worker_threads')!;
let plan: MonteCarloPlan | null = null;
let progress = false;
parentPort!.on('message', (msg: { type: 'plan'; plan: MonteCarloPlan; progress: boolean } | { type: 'chunk'; job: number; from: number; to: number }) => {
  if (msg.type === 'plan') {
    plan = msg.plan;
    progress = msg.progress;
    return;
  }
  const job = msg.job; // echoed in every reply
  try {
    const samples = monteCarloDraws(plan!, msg.from, msg.to, progress ? () => parentPort!.postMessage({ type: 'draw', job }) : undefined);
    parentPort!.postMessage({ type: 'done', job, from: msg.from, samples }, Object.values(samples).map((a) => a.buffer as ArrayBuffer));
  } catch (err) {
    parentPort!.postMessage({ type: 'failed', job, message: err instanceof Error ? err.message : String(err) });
  }
});
