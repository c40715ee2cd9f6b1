/** Monte Carlo of the real models: seeded sampling, dense kernels and exact per-draw measures. */
export { Random } from './random.js';
export { cholesky, choleskySolve, choleskyLogDet } from './cholesky.js';
export { symmetricEigen, type SymmetricEigenOptions, type SymmetricEigenResult } from './symmetricEigen.js';
export { haarOrthogonal } from './haar.js';
export { sampleGaussian, sampleCovariance, type SampleGaussianOptions, type SampleCovarianceResult } from './gaussianSample.js';
export { meanStderr, type MeanStderr } from './summaryStatistics.js';
export { EmpiricalDraw, type DrawLosses } from './empiricalDraw.js';
export { monteCarlo, MC_MEASURES, type MonteCarloOptions, type MonteCarloResult } from './monteCarlo.js';
export { monteCarloParallel } from './monteCarloParallel.js';
export { monteCarloDynamics, type DynamicsMeasures } from './monteCarloDynamics.js';
export { monteCarloSampler } from './monteCarloSampler.js';
export { loadMnistDigits, type DigitData } from './mnistDigits.js';
export { datasetPopulation, type DatasetPopulation } from './datasetPopulation.js';
export { datasetMonteCarlo } from './datasetMonteCarlo.js';
// Gaussian structure of denoisers (seed 002, THEORY.md §9).
export * from './denoiser.js';
export * from './dataSource.js';
export * from './gaussianModel.js';
export { gaussianDenoiser } from './gaussianDenoiser.js';
export { MemorisingModel, memorisingDenoiser, memorisingDenoiserReference } from './memorisingDenoiser.js';
export * from './trainedDenoiserDistance.js';
export { linearityScore, type LinearityScoreOptions, type LinearityScoreRow } from './linearityScore.js';
export { scoreFieldDistance, type ScoreFieldDistanceOptions, type ScoreFieldDistanceRow } from './scoreFieldDistance.js';
export * from './probabilityFlow.js';
export { MemorisationProbe, medianOf, type ProbeWeights } from './memorisationProbe.js';
export * from './denoiserPopulation.js';
export * from './gaussianStructureCurve.js';
