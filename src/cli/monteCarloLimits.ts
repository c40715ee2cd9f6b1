// The Monte Carlo size checks live in the library (montecarlo/monteCarloLimits.ts), where the
// explorer reaches them through the root entry too: one check for the CLI and the browser.
export { MONTE_CARLO_WORK, checkMonteCarloSizes, requireMonteCarloWork } from '../montecarlo/monteCarloLimits.js';
