import { agreement, type AgreementOptions, type Agreement } from '../verification/agreement.js';

/** Thrown by {@link expectAgreement}; any test runner reports it as a failed assertion. */
export class AgreementError extends Error {
  override readonly name = 'AgreementError';
  constructor(
    message: string,
    readonly result: Agreement,
  ) {
    super(message);
  }
}

/**
 * Assert that a theory value agrees with a Monte Carlo estimate within `sigmas` standard errors
 * plus a stated finite-size allowance `relative`·|theory| (verification/agreement.ts). Returns
 * the verdict when it passes; throws an {@link AgreementError} saying by how much it failed.
 *
 * @example
 * ```ts
 * expectAgreement({ theory: 1, mc: { mean: 1.01, stderr: 0.01 } });   // { pass: true, z: ≈ 1, relativeError: ≈ 0.01, … } (fails the test otherwise)
 * ```
 */
export function expectAgreement(options: AgreementOptions & { label?: string }): Agreement {
  const r = agreement(options);
  if (!r.pass) {
    const label = options.label ? `${options.label}: ` : '';
    throw new AgreementError(
      `${label}theory ${options.theory} vs Monte Carlo ${options.mc.mean} ± ${options.mc.stderr} (z = ${r.z.toFixed(2)}, relative error ${r.relativeError.toExponential(2)}): ` +
        `|difference| exceeds ${options.sigmas ?? 4}·stderr + ${options.relative ?? 0}·|theory| = ${r.bound} by ${r.excess}`,
      r,
    );
  }
  return r;
}
