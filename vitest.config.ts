import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here and in CI: more workers only fight over them (and real Codex runs are CPU-heavy).
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-line-reporter.ts'],
  },
});
