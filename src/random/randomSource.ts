/** Accept either a seed or a generator wherever a measure draws random test inputs. */
import { InvalidArgumentError } from '../errors.js';
import { Random } from './random.js';

/**
 * A Random from `rng` (used as is) or from a seed (new Random(seed)); default seed 1.
 *
 * @example
 * ```ts
 * toRandom(7).uniform();   // a Random seeded with 7 (a Random passed in is returned as is)
 * ```
 */
export function toRandom(rng: Random | number | undefined, name = 'seed'): Random {
  if (rng instanceof Random) return rng;
  if (rng === undefined) return new Random(1);
  if (typeof rng !== 'number') throw new InvalidArgumentError(name, typeof rng, 'must be a seed (safe integer) or a Random');
  return new Random(rng);
}
