import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Monte Carlo suites are CPU-bound. Vitest's default is one worker fewer than the cores, which
    // on the 2-core CI machine runs the files one at a time with a core idle; the main process only
    // waits, so use every core (the wall time then halves; measured in the pull request notes).
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
