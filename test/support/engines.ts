import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import type { StoreTarget } from '../../facilitator/store/store.js';
import { psql, postgresBinDir } from './postgres.js';

/**
 * The store's engines under test (issue 13: the same suite on each). `describe.each(ENGINES)` runs a
 * suite per engine; `freshTarget(kind)` gives a test an empty database: a temp folder for the embedded
 * engine, a new database in the run's throwaway PostgreSQL cluster (test/support/postgres.setup.ts).
 * Without PostgreSQL the postgres suites are skipped (the setup said so loudly; CI fails instead).
 */
export type EngineKind = StoreTarget['kind'];

export const ENGINES: EngineKind[] = ['embedded', 'postgres'];

export function postgresUrl(): string | null {
  return inject('postgresUrl');
}

/** `describe.skipIf(!engineAvailable(kind))`. */
export function engineAvailable(kind: EngineKind): boolean {
  return kind === 'embedded' || postgresUrl() !== null;
}

const cleanups: Array<() => Promise<void>> = [];
let counter = 0;
let template: Promise<string> | undefined;

/**
 * An embedded database with the schema applied, made once per test file: a fresh target is a copy
 * of it. PGlite's first open runs initdb (3.4 s on a quiet machine, 15–20 s on a busy CI box);
 * copying the folder and opening the copy takes a fraction of that.
 */
function embeddedTemplate(): Promise<string> {
  // Made once for the whole run by the globalSetup (test/support/postgres.setup.ts), outside any
  // test's time budget; a file run without it (a bench, another config) makes its own.
  const shared = inject('embeddedTemplate');
  if (shared) return Promise.resolve(shared);
  template ??= (async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'workshop-store-template-'));
    cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
    const location = path.join(dir, 'database');
    const { Store } = await import('../../facilitator/store/store.js');
    await (await Store.open({ kind: 'embedded', location })).close();
    return location;
  })();
  return template;
}

/**
 * An empty database for one test. `pristine`: a folder that has never been opened (for tests of the
 * first open itself); otherwise a copy of a freshly migrated one, which is the same thing to a test.
 */
export async function freshTarget(kind: EngineKind, options: { pristine?: boolean } = {}): Promise<StoreTarget> {
  if (kind === 'embedded') {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'workshop-store-'));
    cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
    const location = path.join(dir, 'database');
    if (!options.pristine) await fs.cp(await embeddedTemplate(), location, { recursive: true });
    return { kind: 'embedded', location };
  }
  const admin = postgresUrl();
  if (!admin) throw new Error('PostgreSQL is not available in this run');
  const name = `t_${process.pid}_${Date.now().toString(36)}_${(counter += 1)}`;
  await psql(postgresBinDir(), admin, `create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { kind: 'postgres', location: url.toString() };
}

/** Removes the temp folders made by `freshTarget` (databases go with the cluster at the end of the run). */
export async function cleanupTargets(): Promise<void> {
  template = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined);
}
