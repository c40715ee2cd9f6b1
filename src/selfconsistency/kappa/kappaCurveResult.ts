import type { CompressionInfo } from '../compression/curveCompression.js';

/** The result of {@link solveKappaCurve}: κ and its diagnostics at every point of a curve. */
export interface KappaCurve {
  kappa: Float64Array;
  gamma: Float64Array;
  dkappaDridge: Float64Array;
  iterations: Int32Array;
  residual: Float64Array;
  /** Every point converged. */
  converged: boolean;
  /** Passes over the spectrum for the whole curve. */
  totalIterations: number;
  /** Largest residual over the curve. */
  maxResidual: number;
  /** The compression the values were computed on, or null for the exact spectrum. */
  compression: CompressionInfo | null;
}
