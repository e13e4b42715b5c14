import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { postgresAvailable, startThrowawayPostgres } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared throwaway cluster's superuser URL, or null when PostgreSQL is not installed. */
    postgresUrl: string | null;
    /** An embedded database with the schema applied, made once per run: tests copy it (engines.ts). */
    embeddedTemplate: string | null;
  }
}

/**
 * vitest globalSetup: one throwaway PostgreSQL cluster for the whole run; each test asks it for a
 * fresh database (test/support/engines.ts). Without PostgreSQL a developer's run skips the
 * PostgreSQL half of the store tests and says so in one loud line; in CI (CI=true) that is a failure.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const template = await makeEmbeddedTemplate();
  project.provide('embeddedTemplate', template.location);
  const ci = Boolean(process.env.CI) && process.env.CI !== 'false';
  if (!postgresAvailable()) {
    if (ci) throw new Error('PostgreSQL is not installed, and CI must run the PostgreSQL tests: .ci/run installs the Debian package postgresql.');
    process.stderr.write('\n!!! PostgreSQL not found (no initdb): every PostgreSQL test is SKIPPED. Install the Debian package postgresql to run them (CI does).\n\n');
    project.provide('postgresUrl', null);
    return template.remove;
  }
  const cluster = await startThrowawayPostgres();
  project.provide('postgresUrl', cluster.url);
  return async () => {
    await cluster.stop();
    await template.remove();
  };
}

/** PGlite's first open runs initdb (3.4 s on a quiet machine, 15–20 s on a busy one): once, here. */
async function makeEmbeddedTemplate(): Promise<{ location: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'workshop-store-template-'));
  const location = path.join(dir, 'database');
  const { Store } = await import('../../facilitator/store/store.js');
  await (await Store.open({ kind: 'embedded', location })).close();
  return { location, remove: () => rm(dir, { recursive: true, force: true }) };
}
