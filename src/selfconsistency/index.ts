export * from './kappaResult.js';
export { solveKappa, type SolveKappaOptions } from './solveKappa.js';
export * from './solveKappaCurve.js';
export * from './solveKappaHighPrecision.js';
export * from './isotropicKappa.js';
