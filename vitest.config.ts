import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Bundles the CLI from the current source once, for the few tests that spawn bin/cursus.js.
    globalSetup: ['test/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Many tests wait on child processes, file watchers, git and a browser: on the 2-core CI machine three
    // workers keep both cores busy (suite ~72 s) where vitest's default of one worker per spare core took ~124 s.
    maxWorkers: 3,
    // The JSON report is what .ci/run turns into its `tests: N passed, M failed` line.
    reporters: ['default', ['json', { outputFile: 'test-results/results.json' }]],
  },
});
