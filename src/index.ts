/**
 * replica-diffusion: the replica / random-matrix theory of linear diffusion models as a library.
 * See README.md for a tour and THEORY.md (§ numbers cited throughout) for the mathematics.
 */
export * from './errors.js';
export * from './spectra/index.js';
export * from './selfconsistency/index.js';
export * from './predictions/index.js';
export * from './montecarlo/index.js';
// Seed 000: one-step linear denoiser and the memorisation-to-generalisation metric (THEORY.md §8, docs/transition.md).
export { transitionCurve, planTransition, summariseTransition, concatenateDraws, findCrossing, type TransitionCurveOptions, type TransitionCurveResult, type TransitionRow, type Crossing, type Summary as TransitionSummary } from './montecarlo/transitionCurve.js';
export { transitionDraws, type TransitionPlan, type DrawColumns } from './montecarlo/transitionDraw.js';
export { fitOneStep, type OneStepFit, type OneStepFitOptions, type Orientation } from './montecarlo/oneStepDenoiser.js';
export { drawOriginalSet, originalSetFromPoints, ORIGINAL_STREAM, type OriginalSet } from './montecarlo/originalSet.js';
export { eigenGaussianFromCovariance, covarianceOf, type EigenGaussian } from './montecarlo/eigenGaussian.js';
export { gaussianHellinger, gaussianKl, standardDivergences, whitenAgainstDiagonal, type StandardDivergences } from './montecarlo/gaussianDivergences.js';
export { logGaussianOverlaps, logGaussianSelfOverlap, logOverlapOfLaws, logIsotropicGaussian } from './montecarlo/gaussianOverlap.js';
export { logKdeSelfOverlap, logKdeSelfOverlapParts, logKdeCrossOverlap, logKdeGaussianOverlap } from './montecarlo/kernelDensityOverlaps.js';
export { logSumExp, logMeanExp, signedLogSum, type SignedLog } from './montecarlo/logSumExp.js';
export { wilsonInterval, type ProportionInterval } from './montecarlo/wilsonInterval.js';
export { sampleSetDistances, type SampleSetDistances, type SampleSetDistanceOptions } from './montecarlo/sampleSetDistances.js';
export { mixingTime as seedMixingTime, optimalKernelWidth, seedKernelWidth, mixingKernelWidth, kernelWidth, type KernelWidthRule } from './predictions/transitionScales.js';
export { oneStepMoments, oneStepConstants, type OneStepMoments, type OneStepConstants, type OneStepSettings } from './predictions/oneStepMoments.js';
export { oneStepPrediction, type OneStepPrediction } from './predictions/oneStepTheory.js';
export { thetaLogDeterminant, thetaResolvent, thetaShiftedLogDeterminant, thetaInverseTrace, brownRadius2, type ThetaSpectrumParameters } from './predictions/oneStepSpectrum.js';
