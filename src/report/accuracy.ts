import type { MeanStderr } from '../statistics/summaryStatistics.js';
import { agreement } from '../verification/agreement.js';

/** Theory against one Monte Carlo estimate. */
export interface AccuracyEntry {
  theory: number;
  mc: MeanStderr;
  /** (MC mean − theory)/|theory| (0 when both are 0, ±∞ when only the theory is; never NaN). */
  relativeError: number;
  /** (MC mean − theory)/stderr: how many standard errors apart (0 when equal, ±∞ when stderr = 0; never NaN). */
  z: number;
}

/**
 * The verdict quantities of verification/agreement.ts (one convention for z and relative error).
 *
 * @example
 * ```ts
 * accuracyEntry(1.0, { mean: 1.02, stderr: 0.01 });   // { theory: 1, mc, relativeError: ≈ 0.02, z: ≈ 2 }
 * ```
 */
export function accuracyEntry(theory: number, mc: MeanStderr): AccuracyEntry {
  const a = agreement({ theory, mc });
  return { theory, mc, relativeError: a.relativeError, z: a.z };
}

/**
 * Summary over many entries: the largest |relative error| and |z|, and the share within 2 and 4
 * stderr. Deterministic comparisons (stderr 0: the reference loss) have no z and are left out.
 */
export interface AccuracySummary {
  count: number;
  maxRelativeError: number;
  maxAbsZ: number;
  within2: number;
  within4: number;
}

/**
 * Summarise theory-versus-Monte-Carlo entries: the largest relative error, the largest |z| and how many lie within 2 and 4 standard errors.
 *
 * @example
 * ```ts
 * accuracySummary([accuracyEntry(1.0, { mean: 1.02, stderr: 0.01 })]);   // { count: 1, maxRelativeError: ≈ 0.02, maxAbsZ: ≈ 2, within2: 0, within4: 1 }
 * ```
 */
export function accuracySummary(entries: AccuracyEntry[]): AccuracySummary {
  let maxRelativeError = 0;
  let maxAbsZ = 0;
  let within2 = 0;
  let within4 = 0;
  let count = 0;
  for (const e of entries) {
    if (!(e.mc.stderr > 0)) continue;
    count++;
    if (Number.isFinite(e.relativeError)) maxRelativeError = Math.max(maxRelativeError, Math.abs(e.relativeError));
    if (Number.isFinite(e.z)) maxAbsZ = Math.max(maxAbsZ, Math.abs(e.z));
    if (Math.abs(e.z) <= 2) within2++;
    if (Math.abs(e.z) <= 4) within4++;
  }
  return { count, maxRelativeError, maxAbsZ, within2, within4 };
}
