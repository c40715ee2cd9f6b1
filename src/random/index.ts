/** Seeded random streams (xoshiro256**), Gaussian sampling and Haar rotations. */
export { Random } from './random.js';
export { toRandom } from './randomSource.js';
export { haarOrthogonal } from './haar.js';
export { sampleGaussian, sampleCovariance, type SampleGaussianOptions, type SampleCovarianceResult } from './gaussianSample.js';
export { sampleGamma, sampleChiSquare } from './gammaSample.js';
export { bartlettFactor, sampleWishartDiagonal } from './wishartBartlett.js';
export * from './deriveSeed.js';
