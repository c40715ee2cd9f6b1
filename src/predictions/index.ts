export * from './noiseSchedule.js';
export * from './noiseLevel.js';
export * from './ensemble.js';
export { lossMeasures, type LossMeasures } from './lossMeasures.js';
export * from './predictLosses.js';
export * from './scheduleLosses.js';
export * from './lossCurve.js';
export { klDivergence, type KlOptions, type KlPrediction } from './klDivergence.js';
export { klDivergenceExact } from './klDivergenceExact.js';
export { digamma } from './digamma.js';
export * from './trainingFilter.js';
export * from './trainingDynamics.js';
export * from './optimalStopping.js';
export * from './samplerLaw.js';
export * from './samplerKl.js';
// First-order finite-size corrections (docs/theory.md §6).
export * from './finiteSize.js';
export { resolventCorrections, lossCorrections, klCorrection, type ResolventCorrections, type LossCorrections } from './finiteSizeCorrection.js';
export { finiteSizePhi, type FiniteSizePhi } from './finiteSizePhi.js';
