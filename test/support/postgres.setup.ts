import type { TestProject } from 'vitest/node';
import { postgresAvailable, startThrowawayPostgres } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared throwaway cluster's superuser URL, or null when PostgreSQL is not installed. */
    postgresUrl: string | null;
  }
}

/**
 * vitest globalSetup: one throwaway PostgreSQL cluster for the whole run; each test asks it for a
 * fresh database (test/support/engines.ts). Without PostgreSQL a developer's run skips the
 * PostgreSQL half of the store tests and says so in one loud line; in CI (CI=true) that is a failure.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const ci = Boolean(process.env.CI) && process.env.CI !== 'false';
  if (!postgresAvailable()) {
    if (ci) throw new Error('PostgreSQL is not installed, and CI must run the PostgreSQL tests: .ci/run installs the Debian package postgresql.');
    process.stderr.write('\n!!! PostgreSQL not found (no initdb): every PostgreSQL test is SKIPPED. Install the Debian package postgresql to run them (CI does).\n\n');
    project.provide('postgresUrl', null);
    return async () => undefined;
  }
  const cluster = await startThrowawayPostgres();
  project.provide('postgresUrl', cluster.url);
  return async () => {
    await cluster.stop();
  };
}
