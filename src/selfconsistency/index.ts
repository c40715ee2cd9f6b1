export * from './kappa/kappaResult.js';
export { solveKappa, type SolveKappaOptions } from './kappa/solveKappa.js';
export * from './kappa/solveKappaCurve.js';
export * from './kappa/solveKappaHighPrecision.js';
export * from './kappa/isotropicKappa.js';
export type { Complex } from './complexPlane/complex.js';
export { stieltjes, type StieltjesOptions, type StieltjesResult, type StieltjesReason } from './complexPlane/stieltjes.js';
export {
  spectralSupport,
  type SpectralEnsemble,
  type EnsembleOptions,
  type SpectralSupport,
  type SupportCluster,
} from './complexPlane/spectralSupport.js';
export { spectralDensity, type SpectralDensityOptions, type SpectralDensityResult } from './limitingMeasure/spectralDensity.js';
export { spectralExpectation, spectralExpectations, type SpectralExpectationItem, type SpectralExpectationOptions, type SpectralExpectationResult } from './limitingMeasure/spectralExpectation.js';
// Compressed spectral measures: m-atom Gauss rules in log λ with certified error (docs/compression.md).
export { compressSpectrum, atomsNeeded, type CompressedSpectrum, type CompressOptions } from './compression/compressedSpectrum.js';
export { checkCompression, type CompressionCheck } from './compression/compressionCheck.js';
export type { CompressionInfo, CompressMode } from './compression/curveCompression.js';
