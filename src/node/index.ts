/**
 * replica-diffusion/node: the node-only parts — Monte Carlo over worker threads, spectra read
 * from files, and the mnist package's digits (read from its JSON files). Everything in the root
 * entry is re-exported too, so a Node program can import from here alone.
 */
export * from '../index.js';
export { monteCarloParallel } from '../montecarlo/monteCarloParallel.js';
export { loadSpectrum } from './readSpectrumFile.js';
export { loadMnistDigits, type DigitData } from '../datasets/mnistDigits.js';
export { readDataFile, checkDataFile, dataFileCap, MAX_DATA_FILE_BYTES } from './readDataFile.js';
export { svgToPng, figureFonts } from './renderFigure.js';
