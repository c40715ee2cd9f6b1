/**
 * Fuzz, class "output": stdout that closes early (`… | head`, EPIPE) ends the run quietly with exit
 * 0 — the reader got what it wanted — and a stdout that cannot be written (`> /dev/full`, ENOSPC) is
 * one line on stderr and exit 1. Before, both printed a 16–24-line Node stack. Child processes
 * with real pipes and devices; every case guarded against hangs.
 */
import { closeSync, openSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTmp, expectRefused, hasStack, outcomeOf, runChild, runPiped, Tally } from './harness.js';

const tally = new Tally();
afterAll(() => {
  cleanupTmp();
  tally.report('output');
});

/** Commands with enough output (well over a 64 KB pipe buffer) that the reader closes the pipe mid-write. */
const LONG: string[][] = [
  ['density', '--n', '100', '--points', '20000'],
  ['density', '--n', '100', '--points', '20000', '--json'],
  ['density', '--n', '100', '--points', '20000', '--csv'],
  ['curve', '--N', 'lin:2:5000:5000', '--abar', '0.5', '--spectrum', 'iso:d=4', '--csv'],
  ['gaussian-structure', '--N', '10:10000:100', '--sigma', '0.1:10:60', '--spectrum', 'iso:d=4'],
];
/** Short outputs, to a full disk. */
const SHORT: string[][] = [['spectrum'], ['kappa', '--n', '10', '--ridge', '1', '--json'], ['predict', '--N', '10', '--abar', '0.5'], ['curve', '--N', '16,32', '--abar', '0.5'], ...LONG.slice(0, 2)];

describe('fuzz: output failures', () => {
  for (const args of LONG) {
    for (const reader of ['head -c 1', 'head -n 1', 'true']) {
      it(`EPIPE: ${args.join(' ')} | ${reader}`, () => {
        const r = runPiped(args, reader);
        tally.count('output: EPIPE (closed pipe)', outcomeOf(r));
        expect(r.signal).toBeNull();
        expect(hasStack(r.stderr), r.stderr).toBe(false);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.ms).toBeLessThan(20_000);
      });
    }
  }

  for (const args of SHORT) {
    it(`ENOSPC: ${args.join(' ')} > /dev/full`, () => {
      const fd = openSync('/dev/full', 'w');
      try {
        const r = runChild(args, { stdout: fd });
        tally.count('output: /dev/full', outcomeOf(r));
        expectRefused({ ...r, stdout: '' }, args[0], ['cannot write to stdout', 'ENOSPC'], { code: 1, maxMs: 20_000 });
      } finally {
        closeSync(fd);
      }
    });
  }

  it('a plot to /dev/full is one line naming --plot, exit 1 (child)', () => {
    const r = runChild(['curve', '--N', '16,32', '--abar', '0.5', '--plot', '/dev/full']);
    tally.count('output: plot (child)', outcomeOf(r));
    expectRefused(r, 'curve', ['--plot', '"/dev/full"', 'ENOSPC'], { code: 1, maxMs: 20_000 });
  });

  it('no command (child): one line of usage on stderr, exit 2', () => {
    const r = runChild([]);
    tally.count('output: no command (child)', outcomeOf(r));
    expectRefused(r, null, ['no command', 'usage: replica-diffusion <command>'], { maxMs: 20_000 });
  });
});
