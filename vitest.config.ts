import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Bundles the CLI from the current source once, for the few tests that spawn bin/cursus.js.
    globalSetup: ['test/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // The JSON report is what .ci/run turns into its `tests: N passed, M failed` line.
    reporters: ['default', ['json', { outputFile: 'test-results/results.json' }]],
  },
});
