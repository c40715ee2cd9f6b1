/** SVG line plots (theory lines, Monte Carlo points with error bars, log axes); no I/O. */
export * from './svgPlot.js';
export { densityPlot, type DensityCurve } from './densityPlot.js';
export { axis, autoLog, scientific, labelsFor, type Axis } from './plotAxes.js';
export { SeriesStyles, seriesStyle, luminance, markerPath, OKABE_ITO, DASHES, MARKERS, type SeriesStyle, type MarkerShape } from './seriesStyle.js';
export { segmentHitsRect, coversData, freeInsidePlace, type Rect, type Segment, type PlotGeometry } from './legendLayout.js';
export { MEASURE_SYMBOL, MEASURE_NAME, MEASURE_ORDER, AXIS_LABEL, measureLabel, plainText, textWidth } from './notation.js';
