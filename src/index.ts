/**
 * replica-diffusion: the replica / random-matrix theory of linear diffusion models as a library.
 * See README.md for a tour and THEORY.md (§ numbers cited throughout) for the mathematics.
 */
export * from './errors.js';
export * from './spectra/index.js';
export * from './selfconsistency/index.js';
export * from './predictions/index.js';
export * from './montecarlo/index.js';
