export * from './noiseSchedule.js';
export * from './noiseLevel.js';
export * from './ensemble.js';
export { lossMeasures, type LossMeasures } from './lossMeasures.js';
export * from './predictLosses.js';
export * from './scheduleLosses.js';
export * from './lossCurve.js';
export { klDivergence, type KlOptions, type KlPrediction } from './klDivergence.js';
