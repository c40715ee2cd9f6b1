/**
 * Every size limit of the package in one place (README, "Limits"). Each guards a size a user can
 * ask for — a grid, a spectrum, a schedule, a sample file, a Monte Carlo — whose work or memory
 * grows with it, so that a typo like `--N 2:10:1e9` is refused at once with a message naming the
 * flag and the limit, instead of exhausting memory or running for hours. The limits are far above
 * what the theory needs (d = 784 for MNIST, T = 1000 steps, grids of tens of points).
 */
export const LIMITS = {
  /** Points of any grid flag (--N, --n, --tau, --steps, --sigma, --x): LO:HI:COUNT or a list. */
  gridPoints: 10_000,
  /** `density --points`. */
  densityPoints: 20_000,
  /** Distinct eigenvalues of a spectrum (powerlaw/expr d, entries of a file: spectrum). */
  spectrumEntries: 1_000_000,
  /** Steps T of a noise schedule (linear, cosine, list). */
  scheduleSteps: 10_000,
  /** Length of an expr: formula, in characters. */
  formulaLength: 1000,
  /** `kappa --digits`. */
  digits: 1000,
  /**
   * Dimension d of a Monte Carlo draw (it builds d × d matrices: at d = 4096 one draw holds
   * about 0.5 GB — README, "Limits").
   */
  monteCarloDimension: 4096,
  /** N·d of one drawn training set (or of the original set of `transition`). */
  sampleValues: 1 << 24,
  /** Draws of any Monte Carlo (--mc, --draws). */
  draws: 1_000_000,
  /** Worker threads (--workers). */
  workers: 16,
  /** Bytes of a file read by the CLI (file: spectra, sample files). */
  fileBytes: 256 * 1024 * 1024,
  /** Nesting depth of a JSON spectrum file. */
  jsonDepth: 64,
  /** Pair terms × d of the kernel sums of `transition` with sample files (Σ over the five pairs of sets). */
  pairWork: 4e9,
  /** Kernel terms of a `transition` model run: N_O²·d/2 + draws·Σ_n (n²d + N_O d² + d³). */
  transitionWork: 1e11,
  /** Floating-point operations of a Monte Carlo run: Σ_N draws·(N d² + d³ + levels·d²) (a few minutes). */
  monteCarloWork: 2e11,
  /** Largest |value| in a sample file: squares and sums of squares must stay doubles. */
  sampleMagnitude: 1e150,
  /** Evaluations × syntax-tree nodes of an expr: formula (d evaluations of the checked tree). */
  formulaWork: 5e7,
  /** Bracket nesting of an expr: formula (checked before mathjs parses it, which recurses). */
  formulaNesting: 64,
  /** `gaussian-structure --pairs` and `--tests`. */
  probes: 10_000,
  /**
   * Representable ranges: eigenvalues in [1e-100, 1e100], ᾱ >= 1e-99 (ζ = (1 − ᾱ)/ᾱ < 1e99),
   * noise-level ridges z = ζ + c <= ridgeMax/4 and κ-solve ridges <= ridgeMax = 1e100, so that the
   * products the theory forms (λ², ζλ², z²) stay doubles.
   */
  eigenvalueMin: 1e-100,
  eigenvalueMax: 1e100,
  abarMin: 1e-99,
  ridgeMax: 1e100,
  /** Total dimension d of a spectrum (the sum of its multiplicities). */
  dimensionMax: 1e15,
  /** n, N of the density command: beyond it the support's clusters are narrower than doubles resolve. */
  densitySamples: 1e12,
} as const;
