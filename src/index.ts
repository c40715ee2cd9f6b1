/**
 * replica-diffusion: the replica / random-matrix theory of linear diffusion models as a library.
 * See README.md for a tour, docs/theory.md for the mathematics and docs/architecture.md for the
 * layout. This root entry is browser-safe: it imports no `node:` module at load time; the
 * node-only parts (worker threads, file reading) are in `replica-diffusion/node`.
 */
export * from './errors.js';
export { wilsonInterval, type ProportionInterval } from './statistics/wilsonInterval.js';
export { clusteredProportionInterval, type ClusteredProportionInterval } from './statistics/clusteredProportion.js';
export { meanStderr, type MeanStderr } from './statistics/summaryStatistics.js';
export { normalQuantile, gaussianInterval } from './statistics/normalQuantile.js';
export { cholesky, choleskySolve, choleskyLogDet } from './linalg/cholesky.js';
export { symmetricEigen, type SymmetricEigenOptions, type SymmetricEigenResult } from './linalg/symmetricEigen.js';
export * from './random/index.js';
export * from './datasets/index.js';
export * from './spectra/index.js';
export * from './selfconsistency/index.js';
export * from './predictions/index.js';
export * from './montecarlo/index.js';
export * from './gaussianStructure/index.js';
export * from './transition/index.js';
export * from './report/index.js';
export { svgLinePlot, checkFigureOptions, type PlotOptions, type PlotSeries, type PlotAtom, type FigureOptions } from './plot/svgPlot.js';
export { densityPlot, type DensityCurve } from './plot/densityPlot.js';
// Tick values and their labels in one number format per axis (the explorer's axes use them too).
export { axis as plotAxis, labelsFor as tickLabels, scientific as scientificLabel, type Axis as PlotAxis } from './plot/plotAxes.js';
export { SeriesStyles, seriesStyle, OKABE_ITO, type SeriesStyle, type MarkerShape } from './plot/seriesStyle.js';
export { MEASURE_SYMBOL, MEASURE_ORDER, AXIS_LABEL, measureLabel } from './plot/notation.js';
export * from './tables/index.js';
export { VERSION } from './version.js';
export { LIMITS } from './limits.js';
export { monteCarloParallel } from './montecarlo/monteCarloParallel.js';
export { agreement, type Agreement, type AgreementOptions, type MonteCarloEstimate } from './verification/agreement.js';
export { verifyModel, VERIFY_MEASURES, type VerifyOptions, type VerifyRow, type VerifyResult, type VerifyMeasure } from './verification/verifyModel.js';
export { finiteSizeAllowance, NEXT_ORDER, type AllowanceInput } from './verification/allowance.js';
export { verifyObserved, type VerifyObservedOptions, type VerifyObservedResult, type ObservedVerdict } from './verification/verifyObserved.js';
