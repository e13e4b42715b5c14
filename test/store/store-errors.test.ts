import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseBusy, LOCK_FILE } from '../../facilitator/store/embedded-engine.js';
import { ConstraintViolation, DatabaseUnavailable } from '../../facilitator/store/engine.js';
import { Store, resolveStoreTarget } from '../../facilitator/store/store.js';
import { UsageError } from '../../src/core/errors.js';
import { ENGINES, cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';
import { freePort, postgresAvailable, startThrowawayPostgres } from '../support/postgres.js';

/**
 * What the store says when things go wrong (issue 13): one sentence saying what happened and what to
 * do, as the store's own error types, never a driver's stack.
 */
afterAll(cleanupTargets);

const PROGRAMME = { schemaVersion: 1 as const, id: 'spring', title: 'Spring', createdAt: '2026-03-01T00:00:00.000Z', timeZone: 'Asia/Tokyo', settings: { windowDays: 28, regularMinWeeks: 3 }, sessions: [] };
const META = { schemaVersion: 1 as const, id: '2026-03-03', title: 'Day one', createdAt: '2026-03-02T23:00:00.000Z', code: 'ABCD-1234' };

function expectOneSentence(error: unknown): void {
  const message = (error as Error).message;
  expect(message).not.toMatch(/\n|\s+at \S+ \(/);
  expect(message.length).toBeLessThan(400);
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe.each(ENGINES)('store errors on the %s engine', (kind) => {
  it.skipIf(!engineAvailable(kind))('a write that breaks a rule of the schema is a ConstraintViolation saying so', async () => {
    const store = await Store.open(await freshTarget(kind));
    try {
      const missing = await caught(store.putSession('nowhere', META, 'venue', 'cli:ann'));
      expect(missing).toBeInstanceOf(ConstraintViolation);
      expect((missing as Error).message).toMatch(/^The database refused the change: .*Nothing was changed\.$/);
      expectOneSentence(missing);
      await store.putProgramme(PROGRAMME, 'cli:ann');
      const negative = await caught(store.addUsage('spring', [{ source: { kind: 'keyId', value: 'key_a' }, day: '2026-03-04', requests: -1 }], { file: 'x.csv', importedAt: '2026-03-05T00:00:00.000Z', format: 'csv' }, 'cli:ann'));
      expect(negative).toBeInstanceOf(ConstraintViolation);
      expect(await store.getUsage('spring')).toMatchObject({ imports: [], days: [] });
    } finally {
      await store.close();
    }
  });
});

describe('the embedded engine is one process\'s', () => {
  it('refuses a second open of the same folder with DatabaseBusy, naming the holder (and its server when it is one)', async () => {
    const target = await freshTarget('embedded');
    const first = await Store.open(target);
    try {
      const busy = await caught(Store.open(target));
      expect(busy).toBeInstanceOf(DatabaseBusy);
      expect((busy as Error).message).toContain(`in use by another workshop command (process ${process.pid}`);
      expectOneSentence(busy);
      await first.announceServer('http://127.0.0.1:4810');
      expect((await caught(Store.open(target)) as Error).message).toMatch(/held by the programme server at http:\/\/127\.0\.0\.1:4810 .*--server http:\/\/127\.0\.0\.1:4810/);
    } finally {
      await first.close();
    }
    const again = await Store.open(target);
    await again.close();
  });

  it('takes over the lock of a process that is gone (a kill -9) and keeps the data', async () => {
    const target = await freshTarget('embedded');
    const store = await Store.open(target);
    await store.putProgramme(PROGRAMME, 'cli:ann');
    await store.close();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    await writeFile(path.join(target.location, LOCK_FILE), JSON.stringify({ pid: Number(gone.stdout), host: os.hostname(), since: new Date().toISOString() }));
    const reopened = await Store.open(target);
    try {
      expect((await reopened.getProgramme('spring'))?.title).toBe('Spring');
    } finally {
      await reopened.close();
    }
  });
});

describe('a PostgreSQL that cannot be reached', () => {
  it('an address where nothing listens is DatabaseUnavailable, in one sentence without the password', async () => {
    const port = await freePort();
    const error = await caught(Store.open(resolveStoreTarget({ database: `postgres://workshop:s3cret-pw@127.0.0.1:${port}/workshop`, dataDir: os.tmpdir() })));
    expect(error).toBeInstanceOf(DatabaseUnavailable);
    expect((error as Error).message).toBe(`The database at postgres://workshop:***@127.0.0.1:${port}/workshop cannot be reached (nothing is listening there). Check that PostgreSQL is running and the address is right; nothing was changed.`);
    expectOneSentence(error);
  });

  it.skipIf(!postgresAvailable())('a server that stops while the store is open: DatabaseUnavailable, and it works again once the server is back', async () => {
    const cluster = await startThrowawayPostgres();
    try {
      const store = await Store.open({ kind: 'postgres', location: await cluster.createDatabase() });
      try {
        await store.putProgramme(PROGRAMME, 'cli:ann');
        await cluster.pause();
        const down = await caught(store.getProgramme('spring'));
        expect(down).toBeInstanceOf(DatabaseUnavailable);
        expect((down as Error).message).toMatch(/cannot be reached .*nothing was changed\.$/);
        expectOneSentence(down);
        const write = await caught(store.putProgramme({ ...PROGRAMME, title: 'Lost?' }, 'cli:ann'));
        expect(write).toBeInstanceOf(DatabaseUnavailable);
        await cluster.start();
        expect((await store.getProgramme('spring'))?.title).toBe('Spring');
      } finally {
        await store.close();
      }
    } finally {
      await cluster.stop();
    }
  });

  it('an address that is not PostgreSQL is a usage error that does not echo a password', () => {
    expect(() => resolveStoreTarget({ database: 'mysql://root:hunter2@db/workshop', dataDir: os.tmpdir() })).toThrow(UsageError);
    expect(() => resolveStoreTarget({ database: 'mysql://root:hunter2@db/workshop', dataDir: os.tmpdir() })).not.toThrow(/hunter2/);
  });
});
