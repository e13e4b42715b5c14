import { afterAll, describe, expect, it } from 'vitest';
import type { Programme } from '../../facilitator/programme/store.js';
import { ConstraintViolation } from '../../facilitator/store/engine.js';
import { Store } from '../../facilitator/store/store.js';
import { ENGINES, cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';

/** Spend and sync state on each engine (issue 16): a page lands whole with its state; a day synced again replaces it. */
afterAll(cleanupTargets);

const PROGRAMME: Programme = { schemaVersion: 1, id: 'spring', title: 'Spring', createdAt: '2026-03-01T00:00:00.000Z', timeZone: 'Asia/Tokyo', settings: { windowDays: 28, regularMinWeeks: 3 }, sessions: [] };

describe.each(ENGINES)('spend and usage syncs on the %s engine', (kind) => {
  it.skipIf(!engineAvailable(kind))('stores a page with its state, replaces a day synced again, and refuses a bad day whole', async () => {
    const store = await Store.open(await freshTarget(kind));
    try {
      await store.putProgramme(PROGRAMME, 'test');
      const key = { kind: 'keyId' as const, value: 'key_abc' };
      await store.storeSyncPage('spring', { stream: 'costs', scope: 'proj_1', costs: [{ source: key, lineItem: '', day: '2026-03-02', amount: 1.25, currency: 'usd' }], usage: [{ source: key, day: '2026-03-02', requests: 3, inputTokens: 10, outputTokens: 5 }], state: { syncedThrough: '2026-03-01', resume: { nextPage: 'page_2' } } }, 'test');
      await store.storeSyncPage('spring', { stream: 'costs', scope: 'proj_1', costs: [{ source: key, lineItem: '', day: '2026-03-02', amount: 2.5, currency: 'usd' }, { source: { kind: 'project', value: 'proj_1' }, lineItem: 'gpt-6 input', day: '2026-03-03', amount: 0.5, currency: 'usd' }], state: { syncedThrough: '2026-03-03' } }, 'test');
      expect(await store.getCosts('spring')).toEqual([
        { source: key, lineItem: '', day: '2026-03-02', amount: 2.5, currency: 'usd' },
        { source: { kind: 'project', value: 'proj_1' }, lineItem: 'gpt-6 input', day: '2026-03-03', amount: 0.5, currency: 'usd' },
      ]);
      expect((await store.getUsage('spring')).days).toEqual([{ source: key, day: '2026-03-02', requests: 3, inputTokens: 10, outputTokens: 5 }]);
      const state = await store.getSyncState('spring', 'costs', 'proj_1');
      expect(state.syncedThrough).toBe('2026-03-03');
      expect(state.resume).toBeUndefined();
      expect(await store.getSyncState('spring', 'usage', 'proj_1')).toEqual({});
      await expect(store.storeSyncPage('spring', { stream: 'costs', scope: 'proj_1', costs: [{ source: key, lineItem: '', day: '2026-02-30', amount: 1, currency: 'usd' }], state: { syncedThrough: '2026-03-09' } }, 'test')).rejects.toBeInstanceOf(ConstraintViolation);
      expect((await store.getSyncState('spring', 'costs', 'proj_1')).syncedThrough).toBe('2026-03-03');
    } finally {
      await store.close();
    }
  });
});
