import { afterAll, describe, expect, it } from 'vitest';
import { BACKUP_TABLES, listSchemaTables } from '../../facilitator/store/backup.js';
import { Store } from '../../facilitator/store/store.js';
import { ENGINES, cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';

/**
 * A backup holds every table. A migration that adds a table fails this test until the table is in
 * BACKUP_TABLES (facilitator/store/backup.ts), parents before children.
 */
afterAll(cleanupTargets);

describe.each(ENGINES)('backups on the %s engine', (kind) => {
  it.skipIf(!engineAvailable(kind))('cover every table of the schema', async () => {
    const store = await Store.open(await freshTarget(kind));
    try {
      expect(BACKUP_TABLES.map((t) => t.name).sort()).toEqual(await listSchemaTables(store.db));
    } finally {
      await store.close();
    }
  });
});
