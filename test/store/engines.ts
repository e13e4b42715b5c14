import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Store, type StoreTarget } from '../../facilitator/store/store.js';
import { postgresAvailable, startThrowawayPostgres, type ThrowawayPostgres } from '../support/postgres.js';

/**
 * The engines a store test runs on: the embedded one always, PostgreSQL when this machine has it (a
 * throwaway cluster per test file). Without PostgreSQL the file says so once, loudly, and runs the
 * embedded half only; CI installs PostgreSQL, so there both halves run.
 */
export interface EngineUnderTest {
  name: 'embedded' | 'postgres';
  /** A new, empty store; `cleanup` closes it and removes its data. */
  open(): Promise<{ store: Store; target: StoreTarget; cleanup: () => Promise<void> }>;
  /** Stops what the engine started (the PostgreSQL cluster). */
  stop(): Promise<void>;
  /** The cluster's superuser URL (postgres only), for tests that look behind the store. */
  url?: string;
}

export function engineNames(): Array<'embedded' | 'postgres'> {
  if (postgresAvailable()) return ['embedded', 'postgres'];
  process.stderr.write('\n*** PostgreSQL is not installed here: the PostgreSQL half of the store tests is SKIPPED (CI runs it). ***\n\n');
  return ['embedded'];
}

export async function startEngine(name: 'embedded' | 'postgres'): Promise<EngineUnderTest> {
  if (name === 'embedded') {
    return {
      name,
      async open() {
        const dir = await mkdtemp(path.join(os.tmpdir(), 'store-test-'));
        const target: StoreTarget = { kind: 'embedded', location: path.join(dir, 'database') };
        const store = await Store.open(target);
        return { store, target, cleanup: async () => (await store.close(), await rm(dir, { recursive: true, force: true })) };
      },
      async stop() {},
    };
  }
  const cluster: ThrowawayPostgres = await startThrowawayPostgres();
  return {
    name,
    url: cluster.url,
    async open() {
      const target: StoreTarget = { kind: 'postgres', location: await cluster.createDatabase() };
      const store = await Store.open(target);
      return { store, target, cleanup: () => store.close() };
    },
    stop: () => cluster.stop(),
  };
}
