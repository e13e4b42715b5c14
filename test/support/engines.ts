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

export async function freshTarget(kind: EngineKind): Promise<StoreTarget> {
  if (kind === 'embedded') {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'workshop-store-'));
    cleanups.push(() => fs.rm(dir, { recursive: true, force: true }));
    return { kind: 'embedded', location: path.join(dir, 'database') };
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
  for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => undefined);
}
