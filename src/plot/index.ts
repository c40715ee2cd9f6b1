/** SVG line plots (theory lines, Monte Carlo points with error bars, log axes); no I/O. */
export * from './svgPlot.js';
export { densityPlot, type DensityCurve } from './densityPlot.js';
export { axis, autoLog, scientific, labelsFor, type Axis } from './plotAxes.js';
