/** Gaussian structure of denoisers (Li, Dai & Qu 2024, docs/theory.md §10): theory and simulation side by side. */
export * from './veParametrisation.js';
export * from './renormalisedNoise.js';
export { denoiserDistanceTheory, type DenoiserDistanceTheory, type DenoiserDistanceTheoryOptions, type DistancePerMode } from './denoiserDistanceTheory.js';
export * from './mixingTime.js';
export * from './denoiser.js';
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
