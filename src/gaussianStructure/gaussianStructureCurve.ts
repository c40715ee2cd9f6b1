/**
 * Li, Dai & Qu’s measures on a grid of training-set sizes N and noise levels σ (what the
 * `gaussian-structure` command prints):
 *
 * - distanceTheory: E‖D_N − D_G‖² (denoiserDistanceTheory.ts), always;
 * - with `draws`, a Monte Carlo over `draws` training sets per N:
 *   - distanceMC: the same distance, exact over test inputs for each training set
 *     (trainedDenoiserDistance.ts), mean ± stderr over training sets;
 *   - linearityMemorising: the linearity score of D_M centred at the training mean μ̂ (the
 *     centre at which the trained linear denoiser D_N scores exactly 1, so the score isolates the
 *     nonlinearity of D_M; linearityScore.ts), `pairs` input pairs per training set, averaged per
 *     training set, mean ± stderr over training sets;
 *   - distanceMemorising: E‖D_M − D_G‖² on `tests` noised test inputs per training set.
 *
 * Reproducibility: training set k at size N uses Random.forStream(seed·1 000 003 + N, k) (as the
 * `curve` command), with its substreams 1 and 2 for the linearity pairs and the D_M test inputs,
 * so a row depends only on (seed, N, k) — not on the other N or σ in the grid. Every σ reuses the
 * same training set and test inputs (common random numbers): curves over σ are smooth.
 */
import { InvalidArgumentError } from '../errors.js';
import { Random } from '../random/random.js';
import { deriveSeed } from '../random/deriveSeed.js';
import { meanStderr, type MeanStderr } from '../statistics/summaryStatistics.js';
import { modelEnsemble, type MeanMode } from '../predictions/model/ensemble.js';
import { requireInteger } from '../validate.js';
import { denoiserDistanceTheory } from './denoiserDistanceTheory.js';
import type { FiniteSizeInfo, FiniteSizeOrder } from '../predictions/finiteSize/finiteSize.js';
import { gaussianDenoiser } from './gaussianDenoiser.js';
import { fitEmpiricalGaussian, populationGaussianModel } from './gaussianModel.js';
import { linearityScore } from './linearityScore.js';
import { MemorisingModel } from './memorisingDenoiser.js';
import type { Population } from './denoiserPopulation.js';
import { scoreFieldDistance } from './scoreFieldDistance.js';
import { TrainedDenoiserDistance } from './trainedDenoiserDistance.js';
import { requireSigma } from './veParametrisation.js';

/** Options of {@link gaussianStructureCurve}: the population and the grid of N and σ. */
export interface GaussianStructureCurveOptions {
  /** The data law: a population spectrum, or samples (e.g. the MNIST digits) whose covariance is the population. */
  population: Population;
  /** Training-set sizes N of the grid. */
  Ns: ArrayLike<number>;
  /** Noise levels σ > 0 (variance-exploding form). */
  sigmas: ArrayLike<number>;
  /** How the model estimates the data mean: 'estimated' (default) or 'known' (docs/theory.md §1). */
  mean?: MeanMode;
  /** Training sets per N; omit for theory only. */
  draws?: number;
  /** Seed of the random stream: the same seed gives bit-identical results. */
  seed?: number;
  /** Linearity-score input pairs per training set (default 8). */
  pairs?: number;
  /** Test inputs per training set for E‖D_M − D_G‖² (default 8). */
  tests?: number;
  /** Called after every training set (progress bars). */
  onProgress?: (done: number, total: number) => void;
  /** Finite-size order of distanceTheory (default 'first-order'; for Gaussian data, docs/theory.md §6.9). */
  finiteSize?: FiniteSizeOrder;
}

export interface GaussianStructureRow {
  N: number;
  sigma: number;
  distanceTheory: number;
  /** The d → ∞ value of distanceTheory, and which order distanceTheory is at. */
  distanceTheoryInfiniteD: number;
  finiteSize: FiniteSizeInfo;
  /** √κ: E D_N is D_G at this noise level (renormalisedNoise.ts). */
  sigmaEffective: number;
  distanceMC?: MeanStderr;
  linearityMemorising?: MeanStderr;
  distanceMemorising?: MeanStderr;
}

export interface GaussianStructureCurve {
  rows: GaussianStructureRow[];
  /** Every κ solve converged. */
  converged: boolean;
}

/**
 * Theory and Monte Carlo of the trained denoiser's distance to the Gaussian one, for each training-set size N and noise level σ.
 *
 * @example
 * ```ts
 * const population = gaussianPopulation(powerLawSpectrum({ d: 8, k: 1 }));
 * gaussianStructureCurve({ population, Ns: [16], sigmas: [1], draws: 2, seed: 1, pairs: 10 }).rows[0].distanceTheory;   // ≈ 0.718
 * ```
 */
export function gaussianStructureCurve(options: GaussianStructureCurveOptions): GaussianStructureCurve {
  const pop = options.population;
  const mean = options.mean ?? 'estimated';
  const Ns = Array.from(options.Ns, (N, i) => {
    modelEnsemble(N, mean);
    return requireInteger(`Ns[${i}]`, N, mean === 'estimated' ? 2 : 1);
  });
  const sigmas = Array.from(options.sigmas, (s, i) => requireSigma(`sigmas[${i}]`, s));
  if (Ns.length === 0) throw new InvalidArgumentError('Ns', [], 'must not be empty');
  if (sigmas.length === 0) throw new InvalidArgumentError('sigmas', [], 'must not be empty');
  const draws = options.draws === undefined ? undefined : requireInteger('draws', options.draws, 1);
  const seed = requireInteger('seed', options.seed ?? 1, 0);
  const pairs = requireInteger('pairs', options.pairs ?? 8, 1);
  const tests = requireInteger('tests', options.tests ?? 8, 1);
  if (draws !== undefined) {
    for (const N of Ns) if (N > pop.maxN) throw new InvalidArgumentError('N', N, `must be <= ${pop.maxN} for Monte Carlo on ${pop.description}`);
  }
  let converged = true;
  const rows: GaussianStructureRow[] = [];
  const total = draws === undefined ? 0 : Ns.length * draws;
  let done = 0;
  for (const N of Ns) {
    const theory = sigmas.map((sigma) => {
      const t = denoiserDistanceTheory({ spectrum: pop.spectrum, N, sigma, mean, finiteSize: options.finiteSize });
      converged &&= t.converged;
      return t;
    });
    let mc: { distance: MeanStderr[]; linearity: MeanStderr[]; memorising: MeanStderr[] } | undefined;
    if (draws !== undefined) {
      const dist = sigmas.map(() => new Float64Array(draws));
      const lin = sigmas.map(() => new Float64Array(draws));
      const mem = sigmas.map(() => new Float64Array(draws));
      const dG = gaussianDenoiser(populationGaussianModel({ eigenvalues: pop.eigenvalues }));
      for (let k = 0; k < draws; k++) {
        const rng = Random.forStream(deriveSeed(seed, N), k);
        const draw = pop.training(N, rng);
        const model = fitEmpiricalGaussian({ samples: draw.samples, N, d: pop.p, mean });
        const exact = new TrainedDenoiserDistance(pop.eigenvalues, model);
        const dM = new MemorisingModel(draw.samples, N, pop.p);
        const denoiseM = (b: Float64Array, s: number) => dM.denoise(b, s);
        const source = pop.testSource(draw);
        const ls = linearityScore({ denoiser: denoiseM, source, sigmas, pairs, rng: rng.split(1), centre: model.mean });
        const sd = scoreFieldDistance({ first: denoiseM, second: dG, source, sigmas, count: tests, rng: rng.split(2) });
        sigmas.forEach((sigma, j) => {
          dist[j][k] = exact.at(sigma).distance;
          lin[j][k] = ls[j].mean;
          mem[j][k] = sd[j].denoiser.mean;
        });
        options.onProgress?.(++done, total);
      }
      mc = { distance: dist.map(meanStderr), linearity: lin.map(meanStderr), memorising: mem.map(meanStderr) };
    }
    sigmas.forEach((sigma, j) => {
      const row: GaussianStructureRow = {
        N,
        sigma,
        distanceTheory: theory[j].distance,
        distanceTheoryInfiniteD: theory[j].asymptotic.distance,
        finiteSize: theory[j].finiteSize,
        sigmaEffective: Math.sqrt(theory[j].kappa),
      };
      if (mc) {
        row.distanceMC = mc.distance[j];
        row.linearityMemorising = mc.linearity[j];
        row.distanceMemorising = mc.memorising[j];
      }
      rows.push(row);
    });
  }
  return { rows, converged };
}
