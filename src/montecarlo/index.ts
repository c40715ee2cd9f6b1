/** Monte Carlo of the linear diffusion model: exact per-draw measures from one eigendecomposition. */
export { EmpiricalDraw, type DrawLosses, type Sampling, type DrawEigenMethod } from './empiricalDraw.js';
export { monteCarlo, MC_MEASURES, type MonteCarloOptions, type MonteCarloResult, type MonteCarloSummary, type LossStatistics } from './monteCarlo.js';
export { monteCarloDynamics, type DynamicsMeasures } from './monteCarloDynamics.js';
export { monteCarloSampler } from './monteCarloSampler.js';
export { datasetMonteCarlo } from './datasetMonteCarlo.js';
export { populationMonteCarlo, type PopulationMonteCarloOptions } from './populationMonteCarlo.js';
export { checkMonteCarloSizes, checkMonteCarloDimensions, monteCarloWork, requireMonteCarloWork, requireWorkers, MONTE_CARLO_WORK, type MonteCarloSizeRequest } from './monteCarloLimits.js';
