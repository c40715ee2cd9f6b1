/** Why a κ solve stopped (scipy.optimize.root_scalar style). */
export type KappaStopReason =
  | 'closed-form' // ridge = 0 with n ≥ d (κ = 0 exactly), or an isotropic closed form
  | 'step-tolerance' // the Newton step in log κ fell below the tolerance
  | 'bracket-collapsed' // the safeguarding bracket shrank to rounding level
  | 'residual-at-rounding' // the residual reached the floating-point floor
  | 'max-iterations' // iteration cap hit: converged = false
  | 'residual-too-large' // the solver stopped but the residual is far above rounding: converged = false
  | 'newton-fallback'; // fixed point only: too slow to converge (rate → 1), finished by Newton from its iterate

/** The result of a real-ridge κ solve (docs/theory.md §2). */
export interface KappaResult {
  /** Renormalised ridge κ ≥ ridge. */
  kappa: number;
  /** γ = df2(κ)/n ∈ [0, 1]. */
  gamma: number;
  /** dκ/dw = 1/(1 − γ); +Infinity only at ridge = 0 with n = d exactly. */
  dkappaDridge: number;
  /** Passes over the spectrum (Newton steps or fixed-point sweeps). */
  iterations: number;
  /**
   * Relative residual of n·w = κ(n − d + s(κ)), i.e. |ψ|/(|n−d| + s + n w/κ) with
   * ψ = n − d + s(κ) − n w/κ; every term is non-negative so this is a scale-free measure in [0, 1].
   */
  residual: number;
  converged: boolean;
  reason: KappaStopReason;
  method: 'newton' | 'fixed-point';
  /** Fixed point only: observed contraction |Δκ_k|/|Δκ_{k−1}| at the end (theory: γ). */
  contractionRate?: number;
}
