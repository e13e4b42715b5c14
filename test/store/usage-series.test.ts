import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyUsage, type UsageDay } from '../../facilitator/programme/store.js';
import { mergeUsage } from '../../facilitator/programme/usage-import.js';
import { openEmbedded } from '../../facilitator/store/embedded-engine.js';
import { ConstraintViolation } from '../../facilitator/store/engine.js';
import { MIGRATIONS } from '../../facilitator/store/migrations.js';
import { Store } from '../../facilitator/store/store.js';
import { ENGINES, cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';

/**
 * Usage is stored as one row per source holding its days (migration 2: a year of 2,000 keys is
 * 2,000 rows, not 730,000). What goes in and comes out is unchanged: the folder format's rows, in
 * its order, a re-imported day replacing the earlier one, two imports at once both landing.
 */
const programme = (id: string) => ({ schemaVersion: 1 as const, id, title: 'Usage', createdAt: '2026-01-01T00:00:00.000Z', timeZone: 'UTC', settings: { windowDays: 28, regularMinWeeks: 3 }, sessions: [] });
const info = (file: string) => ({ file, importedAt: '2026-03-01T00:00:00.000Z', format: 'csv' });
const row = (kind: 'keyId' | 'hint' | 'email', value: string, day: string, requests: number, tokens?: [number, number]): UsageDay => ({
  source: { kind, value } as UsageDay['source'],
  day,
  requests,
  ...(tokens ? { inputTokens: tokens[0], outputTokens: tokens[1] } : {}),
});

for (const engineName of ENGINES) {
  describe.skipIf(!engineAvailable(engineName))(`usage in the store on the ${engineName} engine`, () => {
    let store: Store;

    beforeAll(async () => {
      store = await Store.open(await freshTarget(engineName));
    }, 120_000);

    afterAll(async () => {
      await store?.close();
      await cleanupTargets();
    });

    it('gives back exactly what the folder format would hold, in its order (day, then source)', async () => {
      await store.putProgramme(programme('order'), 'test');
      const first = [row('keyId', 'key_b', '2026-02-02', 4, [100, 10]), row('hint', 'sk-…zz9', '2026-02-01', 0), row('email', 'ann@example.com', '2026-02-01', 2), row('keyId', 'key_a', '2026-02-02', 1, [5, 6])];
      const second = [row('keyId', 'key_b', '2026-02-02', 9, [900, 90]), row('keyId', 'key_b', '2026-02-03', 3), row('keyId', 'Key_C', '2026-01-31', 7)];
      await store.addUsage('order', first, info('a.csv'), 'test');
      await store.addUsage('order', second, info('b.csv'), 'test');
      const now = new Date(info('x').importedAt);
      let folder = mergeUsage(emptyUsage(), { format: 'csv', days: first, ungroupedRequests: 0, warnings: [] }, { file: 'a.csv', now });
      folder = mergeUsage(folder, { format: 'csv', days: second, ungroupedRequests: 0, warnings: [] }, { file: 'b.csv', now });
      const stored = await store.getUsage('order');
      expect(stored).toStrictEqual(folder);
      expect(stored.days.find((d) => d.source.value === 'key_b' && d.day === '2026-02-02')).toStrictEqual(row('keyId', 'key_b', '2026-02-02', 9, [900, 90]));
    });

    it('refuses, as a rule of the schema, a day that does not exist and counts below zero or not whole, writing nothing', async () => {
      await store.putProgramme(programme('rules'), 'test');
      const bad: Array<[UsageDay, RegExp]> = [
        [row('keyId', 'key_a', '2026-02-30', 1), /usage of keyId key_a on 2026-02-30: "2026-02-30" is not a calendar day/],
        [row('keyId', 'key_a', '2026-03-01', -1), /requests -1 is not a whole number of 0 or more/],
        [row('keyId', 'key_a', '2026-03-01', 1.5), /requests 1\.5 is not a whole number/],
        [row('keyId', 'key_a', '2026-03-01', 1, [-5, 0]), /a token count is not a whole number of 0 or more/],
      ];
      for (const [day, message] of bad) {
        const error = await store.addUsage('rules', [row('keyId', 'key_ok', '2026-03-01', 2), day], info('bad.csv'), 'test').then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ConstraintViolation);
        expect((error as Error).message).toMatch(/^The database refused the change: .*Nothing was changed\.$/);
        expect((error as Error).message).toMatch(message);
      }
      expect(await store.getUsage('rules')).toMatchObject({ imports: [], days: [] });
    });

    it('two imports at once into the same sources both land in full', async () => {
      await store.putProgramme(programme('race'), 'test');
      const days = (from: number) => Array.from({ length: 30 }, (_, i) => row('keyId', `key_${i % 3}`, `2026-04-${String(from + (i % 10)).padStart(2, '0')}`, i + 1));
      await Promise.all([store.addUsage('race', days(1), info('one.csv'), 'a'), store.addUsage('race', days(11), info('two.csv'), 'b')]);
      const stored = await store.getUsage('race');
      expect(stored.days).toHaveLength(60);
      expect(stored.imports.map((i) => i.file).sort()).toEqual(['one.csv', 'two.csv']);
    });

    it('a year of daily usage for 200 keys (73,000 rows) lands whole and reads back in order', async () => {
      await store.putProgramme(programme('year'), 'test');
      const days: UsageDay[] = [];
      for (let d = 0; d < 365; d += 1) {
        const day = new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
        for (let k = 0; k < 200; k += 1) days.push(row('keyId', `key_${k}`, day, (k + d) % 3));
      }
      await store.addUsage('year', days, info('year.json'), 'test');
      const stored = await store.getUsage('year');
      expect(stored.days).toHaveLength(73_000);
      expect(stored.days[0]).toStrictEqual(row('keyId', 'key_0', '2026-01-01', 0));
      expect(stored.days[72_999]).toStrictEqual(row('keyId', 'key_99', '2026-12-31', (99 + 364) % 3));
      expect((await store.readBiView('daily_usage', 'year')).length).toBe(73_000);
    }, 120_000);
  });
}

describe('a database from before migration 2', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'usage-v1-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('keeps every usage row when its usage_days table becomes series', async () => {
    const folder = path.join(dir, 'database');
    const db = await openEmbedded(folder);
    await db.exec(MIGRATIONS[0].sql);
    await db.exec(`create table schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now());
      insert into schema_migrations (version, name) values (1, 'first');
      insert into programmes (id, title, time_zone, created_at, settings) values ('old', 'Old', 'UTC', '2026-01-01T00:00:00.000Z', '{"windowDays": 28, "regularMinWeeks": 3}');
      insert into usage_days (programme_id, source_kind, source_value, day, requests, input_tokens, output_tokens) values
        ('old', 'keyId', 'key_a', '2026-02-01', 3, 30, 3), ('old', 'keyId', 'key_a', '2026-02-02', 0, null, null), ('old', 'email', 'bo@example.com', '2026-02-01', 5, null, null);`);
    await db.close();
    const store = await Store.open({ kind: 'embedded', location: folder });
    try {
      expect((await store.getUsage('old')).days).toStrictEqual([row('email', 'bo@example.com', '2026-02-01', 5), row('keyId', 'key_a', '2026-02-01', 3, [30, 3]), row('keyId', 'key_a', '2026-02-02', 0)]);
    } finally {
      await store.close();
    }
  });
});
