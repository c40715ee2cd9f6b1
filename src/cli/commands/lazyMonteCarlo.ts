import type { monteCarloDynamics as Dynamics } from '../../montecarlo/monteCarloDynamics.js';
import type { monteCarloParallel as Parallel } from '../../montecarlo/monteCarloParallel.js';
import type { monteCarloSampler as Sampler } from '../../montecarlo/monteCarloSampler.js';
import type { populationMonteCarlo as Population } from '../../montecarlo/populationMonteCarlo.js';

/**
 * The Monte Carlo entry points, loaded on first call: the theory commands (`curve`, `dynamics`,
 * `sampler`) run the Monte Carlo only with --mc, and its modules (the draws, the dense linear
 * algebra, the random streams: half of `curve`'s import graph) would otherwise cost every theory
 * run their start-up time (issue 23; bench/startup.mjs). Same functions, same results; async.
 */
export async function monteCarloParallel<O extends Parameters<typeof Parallel>[0]>(options: O): ReturnType<typeof Parallel<O>> {
  return (await import('../../montecarlo/monteCarloParallel.js')).monteCarloParallel(options);
}

export async function populationMonteCarlo<O extends Parameters<typeof Population>[0]>(options: O): Promise<ReturnType<typeof Population<O>>> {
  return (await import('../../montecarlo/populationMonteCarlo.js')).populationMonteCarlo(options);
}

export async function monteCarloDynamics(options: Parameters<typeof Dynamics>[0]): Promise<ReturnType<typeof Dynamics>> {
  return (await import('../../montecarlo/monteCarloDynamics.js')).monteCarloDynamics(options);
}

export async function monteCarloSampler(options: Parameters<typeof Sampler>[0]): Promise<ReturnType<typeof Sampler>> {
  return (await import('../../montecarlo/monteCarloSampler.js')).monteCarloSampler(options);
}
