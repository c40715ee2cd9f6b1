import { InvalidArgumentError } from '../../errors.js';
import { requireInteger, requireNonNegative, requirePositive } from '../../validate.js';
import type { NoiseLevel } from '../model/noiseLevel.js';

/**
 * The denoiser during training, as a spectral filter (docs/theory.md §7). Gradient descent on
 * L_t(W) = E‖ε − W x_t − b‖² + c_t‖W‖² with the bias at its optimum for the current W has
 * ∇_W L = 2(W M − s I), M = a²Σ̂ + (s² + c_t) I = a²(Σ̂ + z). In Σ̂'s eigenbasis every mode
 * evolves on its own, and W = (s/a²) h(Σ̂) with
 *
 *   gradient flow, time τ:        h(x) = (1 − e^{−τ a²(x + z)}) / (x + z)
 *   gradient descent, k steps, η: h(x) = (1 − (1 − 2η a²(x + z))^k) / (x + z)
 *
 * (τ absorbs the learning rate and the factor 2 of the gradient: plain gradient descent with
 * rate η for k steps follows the flow at τ = 2ηk while 2η a²(λ̂_max + z) ≪ 1). h → 1/(x + z),
 * the optimum, as τ → ∞; τ = 0 is W = 0 exactly.
 */
export type TrainingTime = { tau: number } | { learningRate: number; steps: number };

/**
 * A training filter h, with what the theory needs besides its values: `residual(x)` = 1 − ζh(x)
 * formed without cancellation, and `atOptimum` when h equals the optimum 1/(x + z) to double
 * precision for every x ≥ 0 (τ = ∞, or e^{−τa²z} below 2^-60), so that the closed-form losses apply.
 */
export type TrainingFilterFunction = ((x: number) => number) & { residual: (x: number) => number; atOptimum: boolean };

/**
 * Per-mode filter h(x) = W-eigenvalue · a²/s at Σ̂-eigenvalue x ≥ 0.
 *
 * @example
 * ```ts
 * trainingFilter(noiseLevel(0.5), { tau: 2 })(1);   // ≈ 0.432 (the filter at eigenvalue 1 after time τ = 2)
 * ```
 */
export function trainingFilter(level: NoiseLevel, time: TrainingTime | null): TrainingFilterFunction {
  const z = level.z;
  const zeta = level.zeta;
  const c = level.cEff;
  const a2 = level.alphaBar;
  // 1 − ζh = (x + z − ζ(1 − e))/(x + z) = (x + c + ζe)/(x + z) with e the untrained part of the mode:
  // every term ≥ 0, where 1 − ζh cancels when ζ ≫ x (at ζ = 1, x = 1e-9 it kept 7 digits).
  if (time === null) return withParts((x) => 1 / (x + z), (x) => (x + c) / (x + z), true);
  if ('tau' in time) {
    const tau = requireNonNegative('tau', time.tau);
    // 1 − e^{−y} as −expm1(−y): exact for small τ (no cancellation), so τ → 0 gives h → τ a².
    return withParts(
      (x) => -Math.expm1(-tau * a2 * (x + z)) / (x + z),
      (x) => (x + c + zeta * Math.exp(-tau * a2 * (x + z))) / (x + z),
      tau * a2 * z >= 42,
    );
  }
  const eta = requirePositive('learningRate', time.learningRate);
  const k = requireInteger('steps', time.steps, 0);
  // (1 − q)^k, the part of the mode gradient descent has not learnt yet.
  const untrained = (x: number) => {
    const q = 2 * eta * a2 * (x + z);
    return q < 1 ? Math.exp(k * Math.log1p(-q)) : Math.pow(1 - q, k);
  };
  return withParts(
    (x) => {
      const q = 2 * eta * a2 * (x + z);
      // 1 − (1 − q)^k = −expm1(k·log1p(−q)) for 0 < q < 1; q ∈ [1, 2) oscillates but converges.
      const one = q < 1 ? -Math.expm1(k * Math.log1p(-q)) : 1 - Math.pow(1 - q, k);
      return one / (x + z);
    },
    (x) => (x + c + zeta * untrained(x)) / (x + z),
    false,
  );
}

function withParts(h: (x: number) => number, residual: (x: number) => number, atOptimum: boolean): TrainingFilterFunction {
  return Object.assign(h, { residual, atOptimum });
}

/**
 * Reject a learning rate for which gradient descent diverges: each mode contracts by
 * |1 − 2η a²(x + z)|, so stability needs 2η a²(λ̂_max + z) < 2 (docs/theory.md §7).
 *
 * @example
 * ```ts
 * requireStableLearningRate(noiseLevel(0.5), 0.1, 1);   // returns; a learning rate ≥ 1/(ᾱ(λ_max + z)) throws
 * ```
 */
export function requireStableLearningRate(level: NoiseLevel, learningRate: number, largestEigenvalue: number): void {
  const m = level.alphaBar * (largestEigenvalue + level.z);
  if (!(2 * learningRate * m < 2)) {
    throw new InvalidArgumentError('learningRate', learningRate, `is unstable: 2η·max eig(M) = ${2 * learningRate * m} must be < 2 (η < ${1 / m})`);
  }
}
