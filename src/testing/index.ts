/**
 * replica-diffusion/testing: property-test your own formulas the way the package tests its own —
 * fast-check arbitraries (spectra over 24 decades, spectrum families, models, schedules) and an
 * assertion of theory against Monte Carlo with a stated allowance. Needs `fast-check` (a peer
 * dependency) in the project that imports it.
 */
export * from './arbitraries.js';
export * from './expectAgreement.js';
export { agreement, type Agreement, type AgreementOptions, type MonteCarloEstimate } from '../verification/agreement.js';
