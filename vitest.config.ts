import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Monte Carlo suites are CPU-bound; two cores on the CI machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
