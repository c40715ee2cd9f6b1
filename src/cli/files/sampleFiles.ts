/** Sample files for `transition` (CSV or .npy): parsed in src/datasets/sampleMatrix.ts (pure). */
export { parseSampleCsv, parseNpy, encodeNpy, parseSampleFile, parseSampleBytes, orientSamples, type SampleMatrix, SAMPLE_MAX_MAGNITUDE } from '../../datasets/sampleMatrix.js';
