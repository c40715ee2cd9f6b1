/**
 * P(Δ > 0) with the variation from the original set included (issue 12 audit). A transition curve
 * scores every draw against ONE original set of N_O points, so its Wilson interval is conditional
 * on that set. Here the draws are split into K groups, group g with its own original set and its
 * own draws (seed + g), and the interval is statistics/clusteredProportion.ts's, which covers the
 * between-set variation. Costs K original-set setups (O(N_O² d) each).
 */
import { InvalidArgumentError } from '../errors.js';
import { clusteredProportionInterval, type ClusteredProportionInterval } from '../statistics/clusteredProportion.js';
import { requireInteger } from '../validate.js';
import { concatenateDraws, planTransition, summariseTransition, type TransitionCurveOptions, type TransitionCurveResult } from './transitionCurve.js';
import { transitionDraws } from './transitionDraw.js';

export interface AcrossOriginalSetsResult {
  /** Every measure summarised over all K·(draws/K) draws (the Wilson pLow/pHigh here are conditional). */
  pooled: TransitionCurveResult;
  /** Per n: P(Δ > 0) and its interval including the original set's variation. */
  rows: { n: number; draws: number; positive: number; interval: ClusteredProportionInterval }[];
  originalSets: number;
}

/**
 * Run the transition curve over several original sets and report P(Δ > 0) per n with an interval that includes the variation between original sets.
 *
 * @example
 * ```ts
 * transitionAcrossOriginalSets({ d: 8, ns: [16, 64], draws: 40, seed: 1, originalSets: 4 }).rows;   // per n: { n, draws, positive, interval }
 * ```
 */
export function transitionAcrossOriginalSets(options: TransitionCurveOptions & { originalSets: number }): AcrossOriginalSetsResult {
  const K = requireInteger('originalSets', options.originalSets, 2);
  const draws = requireInteger('draws', options.draws, 1);
  if (draws < 2 * K) throw new InvalidArgumentError('draws', draws, `need at least 2 per original set (originalSets = ${K})`);
  if (options.original !== undefined) throw new InvalidArgumentError('original', 'given', 'cannot be combined with originalSets (each group draws its own)');
  const seed = requireInteger('seed', options.seed, 0);
  const per = Array.from({ length: K }, (_, g) => Math.floor((draws * (g + 1)) / K) - Math.floor((draws * g) / K));
  let done = 0;
  const onDraw = options.onProgress ? () => options.onProgress!(++done, draws) : undefined;
  const setups = per.map((dg, g) => planTransition({ ...options, draws: dg, seed: seed + g }));
  const columns = setups.map((s, g) => transitionDraws(s.plan, 0, per[g], onDraw));
  const first = setups[0];
  const pooled = summariseTransition({ ...first, plan: { ...first.plan, draws, seed } }, concatenateDraws(columns), options.keepSamples === true);
  const rows = pooled.rows.map((row, t) => {
    const successes = columns.map((c) => c.deltaPositive[t].reduce((a, v) => a + (v > 0 ? 1 : 0), 0));
    return { n: row.n, draws, positive: row.positive, interval: clusteredProportionInterval(successes, per) };
  });
  return { pooled, rows, originalSets: K };
}
