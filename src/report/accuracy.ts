import type { MeanStderr } from '../statistics/summaryStatistics.js';

/** Theory against one Monte Carlo estimate. */
export interface AccuracyEntry {
  theory: number;
  mc: MeanStderr;
  /** (MC mean − theory)/|theory| (NaN when the theory is 0). */
  relativeError: number;
  /** (MC mean − theory)/stderr: how many standard errors apart (NaN when stderr is 0 and they differ). */
  z: number;
}

export function accuracyEntry(theory: number, mc: MeanStderr): AccuracyEntry {
  const diff = mc.mean - theory;
  return {
    theory,
    mc,
    relativeError: theory !== 0 ? diff / Math.abs(theory) : NaN,
    z: mc.stderr > 0 ? diff / mc.stderr : diff === 0 ? 0 : NaN,
  };
}

/** Summary over many entries: the largest |relative error| and |z|, and the share within 2 and 4 stderr. */
export interface AccuracySummary {
  count: number;
  maxRelativeError: number;
  maxAbsZ: number;
  within2: number;
  within4: number;
}

export function accuracySummary(entries: AccuracyEntry[]): AccuracySummary {
  let maxRelativeError = 0;
  let maxAbsZ = 0;
  let within2 = 0;
  let within4 = 0;
  for (const e of entries) {
    if (Number.isFinite(e.relativeError)) maxRelativeError = Math.max(maxRelativeError, Math.abs(e.relativeError));
    if (Number.isFinite(e.z)) maxAbsZ = Math.max(maxAbsZ, Math.abs(e.z));
    if (Math.abs(e.z) <= 2) within2++;
    if (Math.abs(e.z) <= 4) within4++;
  }
  return { count: entries.length, maxRelativeError, maxAbsZ, within2, within4 };
}
