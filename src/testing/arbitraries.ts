/**
 * fast-check arbitraries for property tests of theory (the ones the package's own property tests
 * use): spectra over up to 24 decades with integer or fractional multiplicities, spectrum
 * families, models (N on both sides of d, d = N exactly), noise levels and schedules.
 */
import fc from 'fast-check';
import type { MeanMode } from '../predictions/model/ensemble.js';
import { cosineSchedule, linearSchedule, scheduleFromAlphaBar, type NoiseSchedule } from '../predictions/model/noiseSchedule.js';
import { createSpectrum, type Spectrum } from '../spectra/spectrum.js';
import { lowRankSpectrum } from '../spectra/lowRank.js';
import { powerLawSpectrum } from '../spectra/powerLaw.js';
import { twoPointSpectrum } from '../spectra/mixture.js';

/** Options of {@link spectrumArbitrary}. */
export interface SpectrumArbitraryOptions {
  /** log10 of the smallest and largest eigenvalue (default −12 and 12: 24 decades). */
  minLog10?: number;
  /** See minLog10. */
  maxLog10?: number;
  /** Number of distinct eigenvalues (default 1 … 40). */
  minDistinct?: number;
  /** See minDistinct. */
  maxDistinct?: number;
  /** Multiplicities: whole numbers (default), fractional, or either. */
  weights?: 'integer' | 'fractional' | 'any';
}

/**
 * Independent log-uniform eigenvalues with multiplicities: the widest class (kappa's tests).
 *
 * @example
 * ```ts
 * fc.assert(fc.property(spectrumArbitrary(), (s) => s.d >= 1));   // a fast-check Arbitrary<Spectrum>
 * ```
 */
export function spectrumArbitrary(options: SpectrumArbitraryOptions = {}): fc.Arbitrary<Spectrum> {
  const lo = options.minLog10 ?? -12;
  const hi = options.maxLog10 ?? 12;
  const integer = fc.integer({ min: 1, max: 50 });
  const fractional = fc.double({ min: 0.1, max: 50, noNaN: true });
  const weight = options.weights === 'fractional' ? fractional : options.weights === 'any' ? fc.oneof(integer, fractional) : integer;
  return fc
    .array(fc.record({ log10: fc.double({ min: lo, max: hi, noNaN: true }), weight }), {
      minLength: options.minDistinct ?? 1,
      maxLength: options.maxDistinct ?? 40,
    })
    .map((atoms) => createSpectrum(atoms.map((a) => 10 ** a.log10), atoms.map((a) => a.weight)));
}

export type SpectrumFamily = 'isotropic' | 'powerlaw' | 'twopoint' | 'lowrank' | 'geometric';

/** Options of {@link familySpectrumArbitrary}. */
export interface FamilySpectrumOptions {
  /** Dimension range (default 8 … 256). */
  minD?: number;
  /** See minD. */
  maxD?: number;
  /** Spectrum families to draw from (default all). */
  families?: SpectrumFamily[];
}

/**
 * The named spectrum classes of docs/accuracy.md, each with tr Σ = d, at a random d.
 *
 * @example
 * ```ts
 * fc.sample(familySpectrumArbitrary(), 1)[0].family;   // e.g. 'powerlaw' ({ family, spectrum } pairs)
 * ```
 */
export function familySpectrumArbitrary(options: FamilySpectrumOptions = {}): fc.Arbitrary<{ family: SpectrumFamily; spectrum: Spectrum }> {
  const families = options.families ?? ['isotropic', 'powerlaw', 'twopoint', 'lowrank', 'geometric'];
  const d = fc.integer({ min: options.minD ?? 8, max: options.maxD ?? 256 });
  const shape = fc.double({ min: 0, max: 1, noNaN: true });
  return fc.record({ family: fc.constantFrom(...families), d, shape }).map(({ family, d, shape }) => ({ family, spectrum: familySpectrum(family, d, shape) }));
}

/**
 * One member of a family; shape ∈ [0, 1] moves across the family (exponent, ratio, rank, span).
 *
 * @example
 * ```ts
 * familySpectrum('powerlaw', 64, 1).d;   // 64 (largest eigenvalue ≈ 47.8)
 * ```
 */
export function familySpectrum(family: SpectrumFamily, d: number, shape: number): Spectrum {
  switch (family) {
    case 'isotropic':
      return createSpectrum([1], [d]);
    case 'powerlaw':
      return powerLawSpectrum({ d, k: 0.25 + 2.25 * shape });
    case 'twopoint':
      return twoPointSpectrum({ d, a: 1, b: 2 + 30 * shape, p: Math.max(1, Math.round(0.25 * d)) / d });
    case 'lowrank':
      return lowRankSpectrum({ d, r: Math.max(1, Math.round(d * (0.05 + 0.2 * shape))), floor: 10 ** (-4 + 3 * shape) });
    case 'geometric': {
      const decades = 2 + 10 * shape;
      const values = Array.from({ length: d }, (_, i) => 10 ** (decades * (d === 1 ? 0 : i / (d - 1) - 0.5)));
      const scale = d / values.reduce((a, b) => a + b, 0);
      return createSpectrum(values.map((v) => v * scale));
    }
  }
}

/** Options of {@link modelArbitrary}. */
export interface ModelArbitraryOptions {
  /** log10 of N/d (default −1 … 1), with N = d, d + 1 and 2 mixed in. */
  minLog10Ratio?: number;
  /** See minLog10Ratio. */
  maxLog10Ratio?: number;
  /** ᾱ range (default 0.01 … 0.9999). */
  minAbar?: number;
  /** See minAbar. */
  maxAbar?: number;
  /** Include the regulariser c > 0 (default true: c = 0 half the time, else 1e-3 … 1). */
  regularised?: boolean;
}

export interface Model {
  spectrum: Spectrum;
  N: number;
  abar: number;
  c: number;
  mean: MeanMode;
}

/**
 * A linear diffusion model on a given spectrum: training-set size, noise level, c, mean mode.
 *
 * @example
 * ```ts
 * fc.sample(modelArbitrary(powerLawSpectrum({ d: 64, k: 1 })), 1)[0];   // a random model setting (N, ᾱ, …) for that spectrum
 * ```
 */
export function modelArbitrary(spectrum: Spectrum, options: ModelArbitraryOptions = {}): fc.Arbitrary<Model> {
  const d = spectrum.d;
  const ratio = fc.double({ min: options.minLog10Ratio ?? -1, max: options.maxLog10Ratio ?? 1, noNaN: true });
  const N = fc.oneof(
    { weight: 4, arbitrary: ratio.map((e) => Math.max(2, Math.round(d * 10 ** e))) },
    { weight: 1, arbitrary: fc.constantFrom(Math.max(2, Math.round(d)), Math.max(2, Math.round(d) + 1), 2) },
  );
  const abar = fc.double({ min: options.minAbar ?? 0.01, max: options.maxAbar ?? 0.9999, noNaN: true });
  const c = options.regularised === false ? fc.constant(0) : fc.oneof(fc.constant(0), fc.double({ min: -3, max: 0, noNaN: true }).map((e) => 10 ** e));
  const mean = fc.constantFrom<MeanMode>('estimated', 'known');
  return fc.record({ N, abar, c, mean }).map((m) => ({ spectrum, ...m }));
}

/**
 * Noise schedules: linear (β_1 in 1e-5…1e-2, β_T in 1e-2…1e-1, so ᾱ_T stays above the 1e-99 the
 * theory represents), cosine, or a short custom list of ᾱ values.
 *
 * @example
 * ```ts
 * fc.sample(scheduleArbitrary({ maxT: 50 }), 1)[0].T;   // a NoiseSchedule with at most 50 steps
 * ```
 */
export function scheduleArbitrary(options: { maxT?: number } = {}): fc.Arbitrary<NoiseSchedule> {
  const T = fc.integer({ min: 1, max: options.maxT ?? 1000 });
  const linear = fc
    .record({ T, b1: fc.double({ min: -5, max: -2, noNaN: true }), bT: fc.double({ min: -2, max: -1, noNaN: true }) })
    .map(({ T, b1, bT }) => linearSchedule({ T, beta1: 10 ** b1, betaT: 10 ** bT }));
  const cosine = T.map((t) => cosineSchedule({ T: t }));
  const list = fc
    .array(fc.double({ min: 1e-4, max: 0.9999, noNaN: true }), { minLength: 1, maxLength: 20 })
    .map((a) => scheduleFromAlphaBar([...a].sort((x, y) => y - x)));
  return fc.oneof(linear, cosine, list);
}
