/** Data sets as populations: the mnist package's digits, sample-matrix sources, their eigenbasis. */
export { loadMnistDigits, type DigitData } from './mnistDigits.js';
export { datasetPopulation, type DatasetPopulation } from './datasetPopulation.js';
export * from './dataSource.js';
export { parseSampleCsv, parseNpy, encodeNpy, parseSampleFile, parseSampleBytes, type SampleMatrix } from './sampleMatrix.js';
