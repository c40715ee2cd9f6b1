/**
 * Fuzz, class "newer surfaces" (issue 22): `report`, `verify`, `monteCarloParallel` and `data:`
 * files held to the same contract as the older commands — exit 2 for bad input or 1 for a
 * failure, one stderr line naming what the user typed, no stack, bounded time and memory — and
 * every defect of issue 22 in this engineer's part as a seeded regression case: the Monte Carlo
 * limits enforced by the library itself, workers failing as promises, hand-built spectra held to
 * createSpectrum's limits, atomic output files and all-or-nothing report folders created before
 * the work, report --mc 1, verify's failure line, the formula nesting guard and data: errors.
 * test/fuzz/hostileNewer.mjs runs fresh random cases of the same classes (not in CI).
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReplicaDiffusionError, InvalidArgumentError } from '../../src/errors.js';
import { monteCarlo, planMonteCarlo } from '../../src/montecarlo/monteCarlo.js';
import { checkReply, monteCarloParallel } from '../../src/montecarlo/monteCarloParallel.js';
// Worker threads load the compiled worker next to the module, so the pool runs from dist/ (as test/montecarlo/parallel.test.ts).
import { monteCarloParallel as monteCarloParallelBuilt } from '../../dist/montecarlo/monteCarloParallel.js';
import { createSpectrum as createSpectrumBuilt } from '../../dist/spectra/spectrum.js';
import { predictLosses } from '../../src/predictions/losses/predictLosses.js';
import { samplerKl } from '../../src/predictions/sampler/samplerKl.js';
import { linearSchedule } from '../../src/predictions/model/noiseSchedule.js';
import { createSpectrum, type Spectrum } from '../../src/spectra/spectrum.js';
import { cleanupTmp, expectRefused, outcomeOf, runChild, runInProcess, Tally, tmp } from './harness.js';

const tally = new Tally();
afterAll(() => {
  tally.report('newer surfaces');
  cleanupTmp();
});

const p = (name: string) => join(tmp(), name);

describe('Monte Carlo limits in the library, named by flag in the CLI', () => {
  const cases: [string[], string, (string | RegExp)[]][] = [
    [['verify', '--N', '1e9', '--draws', '2'], 'verify', ['--N', '16777216']],
    [['report', '--mc', '1e9', '--out', 'unused-dir'], 'report', ['--mc', 'draws limit']],
    [['verify', '--spectrum', 'powerlaw:d=8192,k=1', '--N', '8', '--draws', '2'], 'verify', ['--spectrum', 'd <= 4096']],
    [['verify', '--spectrum', 'iso:d=64', '--N', '8', '--draws', '1e7'], 'verify', ['--draws', 'draws limit']],
    [['verify', '--N', '8', '--workers', '100'], 'verify', ['--workers', '16']],
    [['verify', '--spectrum', 'iso:d=2048', '--N', '4096', '--draws', '1000000'], 'verify', ['--draws', 'operations']],
    [['report', '--spectrum', 'powerlaw:d=8192,k=1', '--mc', '2', '--out', 'unused-dir'], 'report', ['--spectrum', 'd <= 4096']],
    [['report', '--spectrum', 'iso:d=64', '--N', '1e9', '--mc', '2', '--out', 'unused-dir'], 'report', ['--N', '16777216']],
    [['report', '--mc', '1', '--out', 'unused-dir'], 'report', ['--mc', 'standard error']],
  ];
  for (const [args, command, names] of cases) {
    it(args.join(' '), async () => {
      const r = await runInProcess(args);
      tally.count('limits: report/verify', outcomeOf(r));
      expectRefused(r, command, names, { maxMs: 10_000 });
    });
  }

  it('child: verify --workers 100 and --N 1e9 refused under the heap cap, in well under a second of work', () => {
    for (const args of [['verify', '--workers', '100', '--N', '8'], ['verify', '--N', '1e9', '--draws', '2']]) {
      const r = runChild(args);
      tally.count('limits: child processes', outcomeOf(r));
      expectRefused(r, 'verify', [args[1]], { maxMs: 20_000 });
    }
  });

  it('library: monteCarlo, monteCarloParallel, planMonteCarlo refuse what the CLI refuses, with typed errors', async () => {
    const spectrum = createSpectrum([1, 2]);
    const base = { spectrum, N: 4, abar: 0.5, seed: 1 };
    const refused = async (f: () => unknown, argument: string) => {
      let error: unknown;
      try {
        await f();
      } catch (e) {
        error = e;
      }
      tally.count('limits: library', error instanceof InvalidArgumentError ? 'typed error' : 'crash');
      expect(error, argument).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    };
    await refused(() => monteCarlo({ ...base, draws: 1e6 + 1 }), 'draws');
    await refused(() => monteCarloParallel({ ...base, draws: 10, workers: 1e9 }), 'workers');
    await refused(() => monteCarloParallel({ ...base, draws: 10, workers: 0 }), 'workers');
    await refused(() => monteCarloParallel({ ...base, draws: 10, workers: 2.5 }), 'workers');
    await refused(() => planMonteCarlo({ ...base, N: 1e9, draws: 2 }), 'N');
    await refused(() => planMonteCarlo({ ...base, spectrum: createSpectrum([1], [8192]), draws: 2 }), 'spectrum');
  });
});

describe('workers fail as promises', () => {
  it('a throwing onDraw with 2 workers rejects the call (and the next call still works)', async () => {
    const spectrum = createSpectrumBuilt([1, 2, 3]);
    const run = (onDraw?: () => void) => monteCarloParallelBuilt({ spectrum, N: 6, abar: 0.5, draws: 16, seed: 3, workers: 2, onDraw });
    await expect(
      run(() => {
        throw new Error('user callback failed');
      }),
    ).rejects.toThrow('user callback failed');
    tally.count('workers: failures', 'typed error');
    const ok = await run();
    expect(ok.testLoss.mean).toBe(monteCarlo({ spectrum: createSpectrum([1, 2, 3]), N: 6, abar: 0.5, draws: 16, seed: 3 }).testLoss.mean);
    tally.count('workers: failures', 'answer');
  });

  it('malformed worker replies are typed errors, never a crash', () => {
    const plan = planMonteCarlo({ spectrum: createSpectrum([1, 2]), N: 4, abar: 0.5, draws: 8, seed: 1 });
    const bad: unknown[] = [
      null,
      42,
      {},
      { job: 1, type: 'nope' },
      { job: 1, type: 'done', from: -1, samples: {} },
      { job: 1, type: 'done', from: 0, samples: null },
      { job: 1, type: 'done', from: 0, samples: { testLoss: [1, 2] } },
      { job: 1, type: 'done', from: 6, samples: Object.fromEntries(['trainLoss', 'testLoss', 'gap', 'referenceLoss', 'alignment'].map((k) => [k, new Float64Array(4)])) },
      { job: 1, type: 'done', from: 0, samples: { ...Object.fromEntries(['trainLoss', 'testLoss', 'gap', 'referenceLoss', 'alignment'].map((k) => [k, new Float64Array(2)])), extra: new Float64Array(2) } },
    ];
    for (const msg of bad) {
      expect(() => checkReply(msg, 8, plan), JSON.stringify(msg)).toThrow(ReplicaDiffusionError);
      tally.count('workers: malformed replies', 'typed error');
    }
  });
});

describe('hand-built spectra meet the documented limits; inputs are read once', () => {
  const hand = (ev: number[], w: number[], d = w.reduce((a, b) => a + b, 0)): Spectrum => ({ eigenvalues: Float64Array.from(ev), weights: Float64Array.from(w), d });
  it('samplerKl on eigenvalues [1e300, 1] and predictLosses with weight 1e300 are refused, not NaN or ∞', () => {
    expect(() => samplerKl({ spectrum: hand([1e300, 1], [1, 1]), N: 10, schedule: linearSchedule({ T: 10 }) } as never)).toThrow(/1e\+100/);
    expect(() => predictLosses({ spectrum: hand([1], [1e300]), N: 10, abar: 0.5 })).toThrow(/dimension limit/);
    tally.count('spectra: hand-built', 'typed error');
    tally.count('spectra: hand-built', 'typed error');
  });
  it('an unsorted hand-built spectrum is sorted as createSpectrum would; a mutated one after the call does not matter', () => {
    const r = predictLosses({ spectrum: hand([1, 3, 2], [1, 1, 1]), N: 10, abar: 0.5 });
    const s = predictLosses({ spectrum: createSpectrum([1, 2, 3]), N: 10, abar: 0.5 });
    expect(r.testLoss).toBeCloseTo(s.testLoss, 12);
    tally.count('spectra: hand-built', 'answer');
  });
  it('a Proxy answering NaN on its second read cannot slip NaN past createSpectrum or requireSpectrum', () => {
    let reads = 0;
    const sly = new Proxy([1, 2], { get: (t, k) => (k === '0' ? (++reads > 1 ? NaN : 1) : Reflect.get(t, k)) });
    const s = createSpectrum(sly);
    expect([...s.eigenvalues]).toEqual([2, 1]);
    let typedReads = 0;
    const ev = new Proxy(Float64Array.from([2, 1]), { get: (t, k) => (k === '0' ? (++typedReads > 1 ? NaN : 2) : Reflect.get(t, k)) });
    const r = predictLosses({ spectrum: { eigenvalues: ev, weights: Float64Array.from([1, 1]), d: 2 }, N: 10, abar: 0.5 });
    expect(Number.isFinite(r.testLoss)).toBe(true);
    tally.count('spectra: hand-built', 'answer');
  });
});

describe('output files: whole or not at all, report folders all-or-nothing and opened before the work', () => {
  it('child: report --out /proc/x fails at once with one line, exit 1 (was a hang)', () => {
    const r = runChild(['report', '--spectrum', 'iso:d=8', '--out', '/proc/x']);
    tally.count('files: report output', outcomeOf(r));
    expectRefused(r, 'report', ['--out', '/proc/x'], { code: 1, maxMs: 20_000 });
  });

  it('report into a missing nested folder, then again into it; a symlink at report.md is replaced, its target untouched', async () => {
    const out = p('reports/a/b');
    const args = ['report', '--spectrum', 'iso:d=8', '--N', '4,16', '--out', out];
    const first = await runInProcess(args, { real: true });
    expect(first.code, first.stderr).toBe(0);
    tally.count('files: report output', outcomeOf(first));
    const names = readdirSync(out).sort();
    expect(names).toContain('report.md');
    writeFileSync(p('target.txt'), 'keep');
    const link = join(out, 'report.md');
    rmSync(link);
    symlinkSync(p('target.txt'), link);
    const second = await runInProcess(args, { real: true });
    expect(second.code, second.stderr).toBe(0);
    tally.count('files: report output', outcomeOf(second));
    expect(readFileSync(p('target.txt'), 'utf8')).toBe('keep');
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
    expect(readFileSync(link, 'utf8')).toMatch(/^# replica-diffusion report/);
    // No staging folder or temporary file is left behind.
    expect(readdirSync(out).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(p('reports/a')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('report --out on a regular file, under a regular file, or a failing report leaves nothing: exit 1 or 2, one line', async () => {
    writeFileSync(p('plain.txt'), 'x');
    for (const out of [p('plain.txt'), p('plain.txt/sub')]) {
      const r = await runInProcess(['report', '--spectrum', 'iso:d=8', '--N', '4,16', '--out', out], { real: true });
      tally.count('files: report output', outcomeOf(r));
      expectRefused(r, 'report', ['--out', out, /ENOTDIR/], { code: 1, maxMs: 10_000 });
    }
    const out = p('never');
    const bad = await runInProcess(['report', '--spectrum', 'iso:d=8', '--N', '4,16', '--abar', '1.5', '--out', out], { real: true });
    tally.count('files: report output', outcomeOf(bad));
    expect(bad.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp()).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('--plot onto a symlink replaces the link, never writes its target; onto /dev/full: one line, exit 1', async () => {
    writeFileSync(p('plot-target.txt'), 'keep');
    symlinkSync(p('plot-target.txt'), p('plot.svg'));
    const r = await runInProcess(['curve', '--N', '16,32', '--abar', '0.5', '--plot', p('plot.svg')], { real: true });
    tally.count('files: plot output', outcomeOf(r));
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(p('plot-target.txt'), 'utf8')).toBe('keep');
    expect(readFileSync(p('plot.svg'), 'utf8')).toMatch(/<svg/);
    const full = await runInProcess(['curve', '--N', '16,32', '--abar', '0.5', '--plot', '/dev/full'], { real: true });
    tally.count('files: plot output', outcomeOf(full));
    expectRefused(full, 'curve', ['--plot', '/dev/full', 'ENOSPC'], { code: 1 });
    expect(full.stderr).not.toMatch(/cannot write.*cannot write/);
  });
});

describe('report and verify outputs', () => {
  it('report on a 20 000-eigenvalue spectrum (theory only) runs its heavy figures on reduced spectra and says so', async () => {
    const out = p('big-report');
    const r = await runInProcess(['report', '--spectrum', 'powerlaw:d=20000,k=1', '--N', '5000,40000', '--out', out], { real: true });
    tally.count('report: large spectra', outcomeOf(r));
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/20000 distinct eigenvalues: the densities of Σ̂ are computed on it binned/);
  }, 120_000);

  it('a failing verdict says which comparison failed and by how many standard errors (one line, exit 1)', async () => {
    const r = await runInProcess(['verify', '--spectrum', 'iso:d=16', '--N', '256', '--draws', '20', '--sigmas', '0.001', '--measures', 'testLoss']);
    tally.count('verify: verdicts', r.code === 1 && /^[^\n]+\n$/.test(r.stderr) ? 'typed error' : 'crash');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^replica-diffusion verify: 1 of 1 comparisons failed: testLoss at N = 256 \(z = [-\d.e+]+\); worst testLoss at N = 256: .* standard errors \(allowed 0\.001 \+/);
    expect(r.stderr).not.toMatch(/converged field/);
  });
});

describe('formulas and data files', () => {
  it('the nesting guard counts bracket tokens only (not inside comments or strings)', async () => {
    const deep = '('.repeat(70);
    const commented = await runInProcess(['spectrum', '--spectrum', `expr:d=4,f=nu # ${deep}`]);
    tally.count('formulas: nesting', outcomeOf(commented));
    expect(commented.code, commented.stderr).toBe(0);
    const quoted = await runInProcess(['spectrum', '--spectrum', `expr:d=4,f=1 + "${deep}"`]);
    tally.count('formulas: nesting', outcomeOf(quoted));
    expectRefused(quoted, 'spectrum', ['strings are not numbers']);
    const real = await runInProcess(['spectrum', '--spectrum', `expr:d=4,f=${deep}nu${')'.repeat(70)}`]);
    tally.count('formulas: nesting', outcomeOf(real));
    expectRefused(real, 'spectrum', ['deeper than 64']);
  });

  it('data: errors name the file (constant rows, values near 1e150, tiny values)', async () => {
    mkdirSync(p('data'), { recursive: true });
    const files: [string, string, string][] = [
      ['const.csv', '1,2,3\n1,2,3\n1,2,3\n', 'do not vary'],
      ['big.csv', '1e149,2\n-1e149,4\n3e149,1\n', '1e+100'],
      ['tiny.csv', '1e-160,2e-160\n3e-160,1e-160\n', '1e-100'],
    ];
    for (const [name, text, why] of files) {
      writeFileSync(p(`data/${name}`), text);
      const path = p(`data/${name}`);
      for (const args of [['spectrum', '--spectrum', `data:${path}`], ['mc', '--spectrum', `data:${path}`, '--N', '4', '--abar', '0.5', '--draws', '3'], ['report', '--spectrum', `data:${path}`, '--mc', '2', '--N', '4', '--out', p('unused')], ['verify', '--spectrum', `data:${path}`, '--N', '4', '--draws', '3']]) {
        const r = await runInProcess(args, { real: true });
        tally.count('data: file contents', outcomeOf(r));
        expectRefused(r, args[0], [path, ...(args[0] === 'spectrum' ? [why] : [])], { maxMs: 10_000 });
      }
    }
  });
});
