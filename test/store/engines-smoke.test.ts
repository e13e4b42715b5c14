import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../../facilitator/store/store.js';
import { ENGINES, cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';

afterAll(cleanupTargets);

describe.each(ENGINES)('the store on the %s engine', (kind) => {
  it.skipIf(!engineAvailable(kind))('opens an empty database, applies the schema, and keeps what it is given across a reopen', async () => {
    const target = await freshTarget(kind);
    const store = await Store.open(target);
    expect(store.kind).toBe(kind);
    await store.putProgramme(
      { schemaVersion: 1, id: 'spring', title: 'Spring', createdAt: '2026-03-01T00:00:00.000Z', timeZone: 'Asia/Tokyo', settings: { windowDays: 28, regularMinWeeks: 3 }, sessions: [] },
      'cli:test',
    );
    await store.close();
    const again = await Store.open(target);
    expect((await again.getProgramme('spring'))?.title).toBe('Spring');
    expect((await again.changes('spring'))[0]).toMatchObject({ actor: 'cli:test', action: 'programme.put' });
    await again.close();
  });
});
