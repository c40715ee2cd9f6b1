/** Reports: a Markdown page with SVG figures and a CSV for one spectrum (pure; the CLI writes the files). */
export { generateReport, defaultNs, REPORT_MEASURES, type ReportOptions, type Report, type ReportMeasure } from './generateReport.js';
export { accuracyEntry, accuracySummary, type AccuracyEntry, type AccuracySummary } from './accuracy.js';
export { markdownTable, slug } from './markdownTable.js';
export { measureFigure, densityFigure, dynamicsFigure, type DynamicsCurve } from './reportFigures.js';
