/**
 * A population spectrum: the eigenvalues λ_i of Σ with multiplicities (docs/theory.md §1).
 *
 * Stored compactly as distinct values with positive weights that sum to the dimension d, so that
 * an isotropic Σ in d = 10⁶ costs one entry and every solver pass is O(#distinct values).
 * Weights need not be integers (a mixture with fractions p, 1 − p of d), but Monte Carlo, which
 * builds an actual d × d covariance, requires integral ones (see {@link expandEigenvalues}).
 */
import { InvalidArgumentError } from '../errors.js';
import { LIMITS } from '../limits.js';

export interface Spectrum {
  /** Distinct eigenvalues, sorted in decreasing order, all finite and > 0. */
  readonly eigenvalues: Float64Array;
  /** Multiplicity (weight) of each eigenvalue, all finite and > 0. */
  readonly weights: Float64Array;
  /** Dimension d = Σ weights. */
  readonly d: number;
}

/**
 * Validate eigenvalues and weights and build a {@link Spectrum}: sorted decreasing, exact
 * duplicates merged. Throws {@link InvalidArgumentError} naming the first bad index and value.
 *
 * @example
 * ```ts
 * const spectrum = createSpectrum([4.1, 2.3, 1.2, 0.6]);          // your eigenvalues, multiplicity 1
 * const blocks = createSpectrum([2, 0.5], [10, 90]);               // λ = 2 ten times, 0.5 ninety times (d = 100)
 * ```
 */
export function createSpectrum(
  eigenvaluesIn: ArrayLike<number>,
  weightsIn?: ArrayLike<number>,
): Spectrum {
  // Read every input exactly once into owned arrays before checking (a getter or Proxy that
  // answers differently on a second read cannot slip a value past the checks).
  const eigenvalues = readOnce(eigenvaluesIn, 'eigenvalues') as number[];
  const weights = weightsIn === undefined ? undefined : (readOnce(weightsIn, 'weights') as number[]);
  const m = eigenvalues.length;
  if (m === 0) throw new InvalidArgumentError('eigenvalues', [], 'a spectrum needs at least one eigenvalue');
  if (m > LIMITS.spectrumEntries) throw new InvalidArgumentError('eigenvalues', `${m} values`, `a spectrum may have at most ${LIMITS.spectrumEntries} (distinct eigenvalues limit)`);
  if (weights !== undefined && weights.length !== m) {
    throw new InvalidArgumentError('weights', `length ${weights.length}`, `must have the same length as eigenvalues (${m})`);
  }
  // One cheap pass over all values (hoisted bounds: this runs over 10⁶ values at start-up); the
  // exact checks, with their messages, only for the first value that fails it.
  const lo = LIMITS.eigenvalueMin;
  const hi = LIMITS.eigenvalueMax;
  let ordered = true;
  let previous = Infinity;
  for (let i = 0; i < m; i++) {
    const v = eigenvalues[i];
    if (!(v >= lo && v <= hi) || typeof v !== 'number') checkEigenvalue(i, v);
    if (weights !== undefined) {
      const wi = weights[i];
      if (!(wi > 0 && wi < Infinity) || typeof wi !== 'number') throw new InvalidArgumentError(`weights[${i}]`, wi, 'must be a finite number > 0');
    }
    if (v > previous) ordered = false;
    previous = v;
  }
  const values = new Float64Array(m);
  const mult = new Float64Array(m);
  let count = 0;
  // Typed-array sorts (a generic array of indices sorted by a comparator took 0.5 s at 10⁶
  // values), and none at all for input already in decreasing order (the spectrum families).
  // Equal values are merged, their weights added in input order (as a stable sort would).
  if (ordered || weights === undefined) {
    // Unit weights: duplicates add up to whole numbers exactly in any order, so a plain sort of the values.
    const sorted = ordered ? eigenvalues : Float64Array.from(eigenvalues).sort().reverse();
    for (let i = 0; i < m; i++) {
      const v = sorted[i];
      const wi = weights === undefined ? 1 : weights[i];
      if (count > 0 && values[count - 1] === v) mult[count - 1] += wi;
      else {
        values[count] = v;
        mult[count++] = wi;
      }
    }
  } else {
    const order = new Uint32Array(m);
    for (let i = 0; i < m; i++) order[i] = i;
    order.sort((a, b) => eigenvalues[b] - eigenvalues[a] || a - b);
    for (let k = 0; k < m; k++) {
      const v = eigenvalues[order[k]];
      const wi = weights[order[k]];
      if (count > 0 && values[count - 1] === v) mult[count - 1] += wi;
      else {
        values[count] = v;
        mult[count++] = wi;
      }
    }
  }
  let d = 0;
  for (let i = 0; i < count; i++) d += mult[i];
  if (!Number.isFinite(d)) throw new InvalidArgumentError('weights', 'sum', 'the total weight d overflows');
  if (d > LIMITS.dimensionMax) throw new InvalidArgumentError('d', d, `must be <= ${LIMITS.dimensionMax} (dimension limit: the sum of the multiplicities)`);
  // All distinct (the spectrum families): the arrays as they are, no copies; owned either way.
  const out = count === m ? { eigenvalues: values, weights: mult, d } : { eigenvalues: values.slice(0, count), weights: mult.slice(0, count), d };
  OWNED.add(out.eigenvalues);
  OWNED.add(out.weights);
  return out;
}

function checkEigenvalue(i: number, v: unknown): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidArgumentError(`eigenvalues[${i}]`, v, 'must be a finite number');
  if (!(v > 0)) throw new InvalidArgumentError(`eigenvalues[${i}]`, v, 'must be > 0 (Σ must be positive definite)');
  throw new InvalidArgumentError(`eigenvalues[${i}]`, v, `must lie in [${LIMITS.eigenvalueMin}, ${LIMITS.eigenvalueMax}] (the range whose squares and products the theory keeps as doubles; rescale the data)`);
}

/** An array-like's entries, each read once, as they are (the checks name non-numbers as given). */
function readOnce(source: ArrayLike<number>, name: string): unknown[] {
  if (source === null || (typeof source !== 'object' && typeof source !== 'string')) throw new InvalidArgumentError(name, source, 'must be an array of numbers');
  const n: unknown = source.length;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`${name}.length`, n, 'must be a whole number >= 0');
  if (n > LIMITS.spectrumEntries) throw new InvalidArgumentError(name, `${n} values`, `a spectrum may have at most ${LIMITS.spectrumEntries} (distinct eigenvalues limit)`);
  // A genuine typed array has no per-index getters (a Proxy around one is not a view), so a copy
  // of it is already a single read: at 10⁶ values this is a memcpy instead of boxing each entry.
  if (ArrayBuffer.isView(source) && (source instanceof Float64Array || source instanceof Float32Array || source instanceof Int32Array || source instanceof Uint32Array)) return Float64Array.from(source) as unknown as unknown[];
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = source[i];
  return out;
}

/**
 * A finite eigenvalue in the representable range [LIMITS.eigenvalueMin, LIMITS.eigenvalueMax].
 *
 * @example
 * ```ts
 * requireEigenvalue('lambda', 2);   // 2 (0, a negative or a non-finite value throws InvalidArgumentError)
 * ```
 */
export function requireEigenvalue(name: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || !(x > 0)) throw new InvalidArgumentError(name, x, 'must be a finite number > 0');
  if (!(x >= LIMITS.eigenvalueMin && x <= LIMITS.eigenvalueMax)) throw new InvalidArgumentError(name, x, `must lie in [${LIMITS.eigenvalueMin}, ${LIMITS.eigenvalueMax}] (eigenvalues whose squares the theory keeps as doubles)`);
  return x;
}

/**
 * Multiply every eigenvalue by `factor` (> 0); weights unchanged.
 *
 * @example
 * ```ts
 * scaleSpectrum(parseEigenvalues('2 1 1'), 2);   // eigenvalues [4, 2] with weights [1, 2]
 * ```
 */
export function scaleSpectrum(spectrum: Spectrum, factor: number): Spectrum {
  if (!Number.isFinite(factor) || !(factor > 0)) {
    throw new InvalidArgumentError('factor', factor, 'must be a finite number > 0');
  }
  const ev = new Float64Array(spectrum.eigenvalues.length);
  for (let i = 0; i < ev.length; i++) {
    ev[i] = spectrum.eigenvalues[i] * factor;
    if (!(ev[i] > 0) || !Number.isFinite(ev[i])) {
      throw new InvalidArgumentError(`eigenvalues[${i}]`, ev[i], 'scaling under- or overflowed');
    }
  }
  return { eigenvalues: ev, weights: Float64Array.from(spectrum.weights), d: spectrum.d };
}

/**
 * The d eigenvalues with multiplicity, in decreasing order, as needed to build Σ for Monte Carlo.
 * Requires integral weights (within 1e-9) and d ≤ maxD.
 *
 * @example
 * ```ts
 * expandEigenvalues(parseEigenvalues('3 2 2 1'));   // Float64Array [3, 2, 2, 1]
 * ```
 */
export function expandEigenvalues(spectrum: Spectrum, maxD = 1 << 14): Float64Array {
  const { eigenvalues, weights } = spectrum;
  let d = 0;
  for (let i = 0; i < weights.length; i++) {
    const k = Math.round(weights[i]);
    if (Math.abs(weights[i] - k) > 1e-9 * Math.max(1, weights[i]) || k < 1) {
      throw new InvalidArgumentError(`weights[${i}]`, weights[i], 'must be a whole number to build a covariance matrix');
    }
    d += k;
  }
  if (d > maxD) throw new InvalidArgumentError('d', d, `is too large to build a dense covariance (limit ${maxD})`);
  const out = new Float64Array(d);
  let j = 0;
  for (let i = 0; i < weights.length; i++) {
    const k = Math.round(weights[i]);
    for (let r = 0; r < k; r++) out[j++] = eigenvalues[i];
  }
  return out;
}

/**
 * Check a Spectrum built by hand (not by {@link createSpectrum}) and return an owned copy: its
 * arrays are read exactly once, element by element, into fresh Float64Arrays before anything is
 * checked — so a getter, a Proxy or a caller mutating the arrays later cannot change what was
 * checked — and the copy must meet the same limits as createSpectrum: equal non-empty lengths
 * (at most LIMITS.spectrumEntries), eigenvalues in [LIMITS.eigenvalueMin, LIMITS.eigenvalueMax],
 * weights finite and > 0 with d = Σ weights <= LIMITS.dimensionMax and equal to `d`. Eigenvalues
 * out of order or repeated are sorted and merged as createSpectrum does.
 *
 * @example
 * ```ts
 * requireSpectrum(powerLawSpectrum({ d: 256, k: 1 })).d;   // 256 (anything not a valid Spectrum throws)
 * ```
 */
export function requireSpectrum(spectrum: unknown, name = 'spectrum'): Spectrum {
  const s = spectrum as Spectrum | null | undefined;
  if (s === null || typeof s !== 'object') throw new InvalidArgumentError(name, spectrum, 'must be a Spectrum (use createSpectrum or a spectrum constructor)');
  const evIn: unknown = s.eigenvalues;
  const wIn: unknown = s.weights;
  const dIn: unknown = s.d;
  if (!(evIn instanceof Float64Array) || !(wIn instanceof Float64Array)) {
    throw new InvalidArgumentError(name, spectrum, 'must be a Spectrum (use createSpectrum or a spectrum constructor)');
  }
  // Arrays this module allocated itself are plain typed arrays (no getter or Proxy can sit on
  // them): checked in place, so nested public calls do not copy again; anything else is copied.
  const trusted = OWNED.has(evIn) && OWNED.has(wIn);
  const ev = trusted ? evIn : copyOnce(evIn, `${name}.eigenvalues`);
  const wt = trusted ? wIn : copyOnce(wIn, `${name}.weights`);
  const m = ev.length;
  if (m === 0 || wt.length !== m) {
    throw new InvalidArgumentError(`${name}.weights`, `length ${wt.length}`, `must match eigenvalues (length ${m}, non-empty)`);
  }
  let d = 0;
  let ordered = true;
  for (let i = 0; i < m; i++) {
    const v = ev[i];
    if (!Number.isFinite(v) || !(v > 0)) throw new InvalidArgumentError(`${name}.eigenvalues[${i}]`, v, 'must be a finite number > 0');
    if (!(v >= LIMITS.eigenvalueMin && v <= LIMITS.eigenvalueMax)) {
      throw new InvalidArgumentError(`${name}.eigenvalues[${i}]`, v, `must lie in [${LIMITS.eigenvalueMin}, ${LIMITS.eigenvalueMax}] (the range whose squares and products the theory keeps as doubles; rescale the data)`);
    }
    const wi = wt[i];
    if (!Number.isFinite(wi) || !(wi > 0)) throw new InvalidArgumentError(`${name}.weights[${i}]`, wi, 'must be a finite number > 0');
    if (i > 0 && !(ev[i - 1] > v)) ordered = false;
    d += wi;
  }
  if (!(d <= LIMITS.dimensionMax)) throw new InvalidArgumentError(`${name}.d`, d, `must be <= ${LIMITS.dimensionMax} (dimension limit: the sum of the multiplicities)`);
  if (typeof dIn !== 'number' || !(Math.abs(d - dIn) <= 1e-9 * d)) throw new InvalidArgumentError(`${name}.d`, dIn, `must equal the sum of the weights (${d})`);
  if (!ordered) return createSpectrum(ev, wt);
  OWNED.add(ev);
  OWNED.add(wt);
  return { eigenvalues: ev, weights: wt, d: dIn };
}

/** Float64Arrays allocated by createSpectrum and requireSpectrum (never a Proxy). */
const OWNED = new WeakSet<Float64Array>();

/** An array-like read once into an owned Float64Array (its length checked before allocating). */
function copyOnce(source: ArrayLike<number>, name: string): Float64Array {
  const n: unknown = source.length;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`${name}.length`, n, 'must be a whole number >= 0');
  if (n > LIMITS.spectrumEntries) throw new InvalidArgumentError(name, `${n} values`, `a spectrum may have at most ${LIMITS.spectrumEntries} (distinct eigenvalues limit)`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = source[i];
  return out;
}

/**
 * tr Σ = Σ w_i λ_i and tr Σ⁻¹ = Σ w_i/λ_i (the κ bracket needs both).
 *
 * @example
 * ```ts
 * spectrumTraces(parseEigenvalues('2 1 1'));   // { trace: 4, traceInverse: 2.5 }
 * ```
 */
export function spectrumTraces(spectrum: Spectrum): { trace: number; traceInverse: number } {
  let trace = 0;
  let traceInverse = 0;
  const { eigenvalues: ev, weights: wt } = spectrum;
  for (let i = 0; i < ev.length; i++) {
    trace += wt[i] * ev[i];
    traceInverse += wt[i] / ev[i];
  }
  return { trace, traceInverse };
}
