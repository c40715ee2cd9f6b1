import { compressSpectrumUnchecked } from '../selfconsistency/compression/compressedSpectrum.js';
import { createSpectrum, type Spectrum } from '../spectra/spectrum.js';

/**
 * Distinct eigenvalues up to which a report computes its densities, training dynamics and early
 * stopping on the spectrum itself. Those cost tens of microseconds per eigenvalue and point
 * (measured: 2049 eigenvalues took minutes on a loaded machine, 10⁶ never finished), so above it the report uses the reduced
 * spectra below and says so; the loss curves use lossCurve's own certified compression.
 */
export const REPORT_EXACT_ENTRIES = 256;

/** Log-spaced bins of the density's reduced spectrum. */
export const DENSITY_BINS = 4096;

/** The spectra a report's heavier figures run on, with what the report says about them. */
export interface ReportSpectra {
  /** For the training dynamics and early stopping: the certified Gauss-rule compression (docs/compression.md). */
  dynamics: Spectrum;
  /** For the densities of Σ̂: the spectrum binned on a bounded log grid. */
  density: Spectrum;
  /** A sentence for the report, or '' when both are the spectrum itself. */
  note: string;
}

export function reportSpectra(spectrum: Spectrum): ReportSpectra {
  const m = spectrum.eigenvalues.length;
  if (m <= REPORT_EXACT_ENTRIES) return { dynamics: spectrum, density: spectrum, note: '' };
  const compressed = compressSpectrumUnchecked(spectrum);
  const density = binnedSpectrum(spectrum, DENSITY_BINS);
  const dynamics = compressed?.spectrum ?? density;
  const how = compressed ? `its certified ${compressed.atoms}-atom Gauss-rule compression (docs/compression.md)` : `the same ${density.eigenvalues.length} bins`;
  return {
    dynamics,
    density,
    note: `The spectrum has ${m} distinct eigenvalues: the densities of Σ̂ are computed on it binned into ${density.eigenvalues.length} log-spaced atoms (each the weighted mean of its bin, weights summed: d and tr Σ kept), the training dynamics and early stopping on ${how}.`,
  };
}

/**
 * The spectrum on `bins` equal bins in log λ: each non-empty bin becomes one atom at the
 * weight-averaged eigenvalue of its members with their total weight, so d and tr Σ are exact and
 * every eigenvalue moves by less than one bin width (a relative log(λmax/λmin)/bins).
 */
export function binnedSpectrum(spectrum: Spectrum, bins: number): Spectrum {
  const { eigenvalues: ev, weights: w } = spectrum;
  const hi = Math.log(ev[0]);
  const lo = Math.log(ev[ev.length - 1]);
  const width = (hi - lo) / bins;
  const weight = new Float64Array(bins);
  const moment = new Float64Array(bins);
  for (let i = 0; i < ev.length; i++) {
    const b = width > 0 ? Math.min(bins - 1, Math.floor((Math.log(ev[i]) - lo) / width)) : 0;
    weight[b] += w[i];
    moment[b] += w[i] * ev[i];
  }
  const values: number[] = [];
  const mult: number[] = [];
  for (let b = 0; b < bins; b++) {
    if (weight[b] > 0) {
      values.push(moment[b] / weight[b]);
      mult.push(weight[b]);
    }
  }
  return createSpectrum(values, mult);
}
