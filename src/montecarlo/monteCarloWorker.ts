import { nodeBuiltin } from '../nodeBuiltin.js';
import { monteCarloDraws, type MonteCarloPlan } from './monteCarlo.js';

/**
 * Worker thread body for monteCarloParallel: draws [from, to) of a plan. Only ever loaded as a
 * worker (by URL, never imported), so reaching node:worker_threads through nodeBuiltin keeps the
 * folder free of node: imports (docs/architecture.md).
 */
const { parentPort, workerData } = nodeBuiltin<typeof import('node:worker_threads')>('node:worker_threads')!;
const { plan, from, to } = workerData as { plan: MonteCarloPlan; from: number; to: number };
const samples = monteCarloDraws(plan, from, to, () => parentPort!.postMessage({ type: 'draw' }));
parentPort!.postMessage({ type: 'done', samples });
