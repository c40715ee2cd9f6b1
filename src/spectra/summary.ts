import type { Spectrum } from './spectrum.js';

export interface SpectrumSummary {
  d: number;
  /** Number of distinct eigenvalues stored. */
  distinct: number;
  trace: number;
  /** (tr Σ)² / tr Σ²: the effective number of dimensions. */
  participationRatio: number;
  /** λ_max / λ_min. */
  conditionNumber: number;
  largest: number;
  smallest: number;
}

/**
 * d, trace, participation ratio and condition number of a spectrum.
 *
 * @example
 * ```ts
 * spectrumSummary(parseEigenvalues('2 1 1'));   // { d: 3, distinct: 2, trace: 4, participationRatio: ≈ 2.67, conditionNumber: 2, … }
 * ```
 */
export function spectrumSummary(spectrum: Spectrum): SpectrumSummary {
  const { eigenvalues: ev, weights: wt } = spectrum;
  const largest = ev[0];
  const smallest = ev[ev.length - 1];
  // Scale by the largest eigenvalue so Σλ² cannot overflow for eigenvalues up to 1e300.
  let t = 0;
  let t2 = 0;
  for (let i = 0; i < ev.length; i++) {
    const x = ev[i] / largest;
    t += wt[i] * x;
    t2 += wt[i] * x * x;
  }
  return {
    d: spectrum.d,
    distinct: ev.length,
    trace: t * largest,
    participationRatio: (t * t) / t2,
    conditionNumber: largest / smallest,
    largest,
    smallest,
  };
}
