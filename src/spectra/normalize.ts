import { InvalidArgumentError } from '../errors.js';

/**
 * Rescale values (in place) so that Σ weights·values = trace. Done in two steps (divide by the
 * largest value first) so that spectra spanning many decades do not overflow the sum.
 */
export function normalizeTrace(values: Float64Array, weights: Float64Array | null, trace: number): Float64Array {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  if (!(max > 0) || !Number.isFinite(max)) throw new InvalidArgumentError('eigenvalues', max, 'cannot normalise the trace');
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (weights === null ? 1 : weights[i]) * (values[i] / max);
  for (let i = 0; i < values.length; i++) {
    values[i] = (values[i] / max / sum) * trace;
    if (!(values[i] > 0) || !Number.isFinite(values[i])) throw new InvalidArgumentError('trace', trace, `puts eigenvalue ${i + 1} out of double range (${values[i]})`);
  }
  return values;
}
