/** The onset-of-memorization paper: one-step linear denoiser and the memorisation-to-generalisation metric (docs/theory.md §9, docs/transition.md). */
export { transitionCurve, planTransition, summariseTransition, concatenateDraws, findCrossing, type TransitionCurveOptions, type TransitionCurveResult, type TransitionRow, type Crossing, type Summary as TransitionSummary } from './transitionCurve.js';
export { transitionDraws, type TransitionPlan, type DrawColumns } from './transitionDraw.js';
export { fitOneStep, type OneStepFit, type OneStepFitOptions, type Orientation } from './oneStepDenoiser.js';
export { drawOriginalSet, originalSetFromPoints, ORIGINAL_STREAM, type OriginalSet } from './originalSet.js';
export { eigenGaussianFromCovariance, covarianceOf, type EigenGaussian } from './eigenGaussian.js';
export { gaussianHellinger, gaussianKl, standardDivergences, whitenAgainstDiagonal, type StandardDivergences } from './gaussianDivergences.js';
export { logGaussianOverlaps, logGaussianSelfOverlap, logOverlapOfLaws, logIsotropicGaussian } from './gaussianOverlap.js';
export { logKdeSelfOverlap, logKdeSelfOverlapParts, logKdeCrossOverlap, logKdeGaussianOverlap } from './kernelDensityOverlaps.js';
export { logSumExp, logMeanExp, signedLogSum, type SignedLog } from './logSumExp.js';
export { sampleSetDistances, type SampleSetDistances, type SampleSetDistanceOptions } from './sampleSetDistances.js';
export { mixingTime as seedMixingTime, optimalKernelWidth, seedKernelWidth, mixingKernelWidth, kernelWidth, type KernelWidthRule } from './transitionScales.js';
export { oneStepMoments, oneStepConstants, type OneStepMoments, type OneStepConstants, type OneStepSettings } from './oneStepMoments.js';
export { oneStepPrediction, type OneStepPrediction } from './oneStepTheory.js';
export { thetaLogDeterminant, thetaResolvent, thetaShiftedLogDeterminant, thetaInverseTrace, brownRadius2, type ThetaSpectrumParameters } from './oneStepSpectrum.js';
export { transitionAcrossOriginalSets, type AcrossOriginalSetsResult } from './acrossOriginalSets.js';
