import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Monte Carlo suites are CPU-bound. Vitest's default is one worker fewer than the cores, which
    // on the 2-core CI machine runs the files one at a time with a core idle; the main process only
    // waits, so use every core (the wall time then halves; measured in the pull request notes).
    maxWorkers: Math.max(2, availableParallelism()),
    // Each test file re-importing the whole src/ tree cost more than many files' tests; no test
    // mocks modules or mutates shared state (module-level variables in src/ are caches), so the
    // files of one worker share their module graph.
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
