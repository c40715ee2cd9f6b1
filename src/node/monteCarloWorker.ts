import { parentPort, workerData } from 'node:worker_threads';
import { monteCarloDraws, type MonteCarloPlan } from '../montecarlo/monteCarlo.js';

/** Worker thread body for monteCarloParallel: draws [from, to) of a plan. */
const { plan, from, to } = workerData as { plan: MonteCarloPlan; from: number; to: number };
const samples = monteCarloDraws(plan, from, to, () => parentPort!.postMessage({ type: 'draw' }));
parentPort!.postMessage({ type: 'done', samples });
