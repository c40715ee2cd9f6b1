/** SVG line plots (theory lines, Monte Carlo points with error bars, log axes); no I/O. */
export * from './svgPlot.js';
