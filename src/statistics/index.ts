/** Summaries of Monte Carlo draws: mean ± standard error, binomial (Wilson) intervals. */
export { meanStderr, type MeanStderr } from './summaryStatistics.js';
export { wilsonInterval, type ProportionInterval } from './wilsonInterval.js';
export { clusteredProportionInterval, type ClusteredProportionInterval } from './clusteredProportion.js';
export { normalQuantile, gaussianInterval } from './normalQuantile.js';
export { spreadQuantile, spreadInterval, type SpreadOptions } from './spreadQuantile.js';
