export * from './kappaResult.js';
export { solveKappa, type SolveKappaOptions } from './solveKappa.js';
export * from './solveKappaCurve.js';
export * from './solveKappaHighPrecision.js';
export * from './isotropicKappa.js';
export type { Complex } from './complex.js';
export { stieltjes, type StieltjesOptions, type StieltjesResult, type StieltjesReason } from './stieltjes.js';
export {
  spectralSupport,
  type SpectralEnsemble,
  type EnsembleOptions,
  type SpectralSupport,
  type SupportCluster,
} from './spectralSupport.js';
export { spectralDensity, type SpectralDensityOptions, type SpectralDensityResult } from './spectralDensity.js';
export { spectralExpectation, spectralExpectations, type SpectralExpectationItem, type SpectralExpectationOptions, type SpectralExpectationResult } from './spectralExpectation.js';
// Compressed spectral measures: m-atom Gauss rules in log λ with certified error (docs/compression.md).
export { compressSpectrum, atomsNeeded, type CompressedSpectrum, type CompressOptions } from './compressedSpectrum.js';
export { checkCompression, type CompressionCheck } from './compressionCheck.js';
export type { CompressionInfo, CompressMode } from './curveCompression.js';
