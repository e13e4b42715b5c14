import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here and in CI: more workers only fight over them (and real Codex runs are CPU-heavy).
    maxWorkers: 2,
    // Issue 11: `workshop next` on a joined laptop starts a background activity reporter that lives
    // for minutes; tests that do not test it keep it off (test/hub/activity-reporter.test.ts turns it on).
    env: { WORKSHOP_ACTIVITY_WATCH: 'off' },
    reporters: ['default', './test/support/summary-line-reporter.ts'],
    // The Codex versions the real-Codex suites run against: pinned, and the newest on the registry
    // (installed once into node_modules/.cache/codex-workshop/codex/<version>).
    globalSetup: ['./test/support/codex-versions.setup.ts', './test/support/postgres.setup.ts'],
  },
});
