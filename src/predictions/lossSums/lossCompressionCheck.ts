import type { CompressedSpectrum } from '../../selfconsistency/compression/compressedSpectrum.js';
import { checkCompression, type CompressionCheck } from '../../selfconsistency/compression/compressionCheck.js';
import { LOSS_SUMS } from './kappaLossSums.js';
import { lossSums } from './lossSums.js';

/** One loss curve computed on a compressed spectrum: κ per point and the level (z, ζ) of each. */
export interface LossRun {
  kappa: ArrayLike<number>;
  z: ArrayLike<number>;
  zeta: ArrayLike<number>;
}

/**
 * The a posteriori check of docs/compression.md §4 for the loss predictions: the family check of
 * compressionCheck.ts over the union of the κ range and the z range used (the loss sums carry
 * 1/(λ + κ) and 1/(λ + z)), plus the loss sums themselves — Q has two double poles, at −κ and −z,
 * which the one-pole family does not cover — at four sample points (the points with the smallest
 * and the largest κ, and the middle point of the first and of the last run), exact source against
 * compressed.
 */
export function certifyLossCompression(c: CompressedSpectrum, runs: LossRun[]): CompressionCheck {
  let lo = Infinity;
  let hi = 0;
  const samples: [number, number][] = [];
  let argLo: [number, number] = [0, 0];
  let argHi: [number, number] = [0, 0];
  runs.forEach((run, r) => {
    const L = run.kappa.length;
    for (let j = 0; j < L; j++) {
      const k = run.kappa[j];
      if (k > 0 && k < lo) {
        lo = k;
        argLo = [r, j];
      }
      if (k > hi) {
        hi = k;
        argHi = [r, j];
      }
      const z = run.z[j];
      if (z < lo) lo = z;
      if (z > hi) hi = z;
    }
    if (r === 0 || r === runs.length - 1) samples.push([r, L >> 1]);
  });
  samples.push(argLo, argHi);
  if (!(hi > 0)) return { maxRelativeError: 0, passed: true, points: 0 };
  const family = checkCompression(c, lo, hi);
  let worst = family.maxRelativeError;
  const exact = new Float64Array(LOSS_SUMS);
  const approx = new Float64Array(LOSS_SUMS);
  const seen = new Set<string>();
  let points = family.points;
  for (const [r, j] of samples) {
    const key = `${r}:${j}`;
    const run = runs[r];
    if (seen.has(key) || !(run.kappa[j] > 0)) continue;
    seen.add(key);
    points++;
    accurateLossSums(c, run.kappa[j], run.z[j], run.zeta[j], exact);
    const s = c.spectrum;
    lossSums(s.eigenvalues, s.weights, s.eigenvalues.length, run.kappa[j], run.z[j], run.zeta[j], approx);
    for (let f = 0; f < LOSS_SUMS; f++) {
      if (!(exact[f] > 0) || !Number.isFinite(exact[f])) continue;
      const e = Math.abs(approx[f] - exact[f]) / exact[f];
      if (!(e <= worst)) worst = Number.isNaN(e) ? Infinity : e;
    }
  }
  return { maxRelativeError: worst, passed: worst <= c.tolerance, points };
}

const BLOCK = 128;

/**
 * lossSums over the exact source, in blocks of 128 elements summed with Neumaier compensation:
 * a plain running sum over d = 10⁶ decreasing terms loses ~1e-11, which would read as
 * compression error.
 */
function accurateLossSums(c: CompressedSpectrum, kappa: number, z: number, zeta: number, out: Float64Array): void {
  const { eigenvalues: ev, weights: wt } = c.source;
  const part = new Float64Array(LOSS_SUMS);
  const comp = new Float64Array(LOSS_SUMS);
  out.fill(0);
  for (let start = 0; start < ev.length; start += BLOCK) {
    const end = Math.min(ev.length, start + BLOCK);
    lossSums(ev.subarray(start, end), wt.subarray(start, end), end - start, kappa, z, zeta, part);
    for (let f = 0; f < LOSS_SUMS; f++) {
      const x = part[f];
      const s = out[f];
      const u = s + x;
      comp[f] += Math.abs(s) >= Math.abs(x) ? s - u + x : x - u + s;
      out[f] = u;
    }
  }
  for (let f = 0; f < LOSS_SUMS; f++) out[f] += comp[f];
}
