import { UserError } from '../../src/core/errors.js';
import { kitVersion } from '../../src/core/paths.js';
import { BACKUP_TABLES, type RestoredRows } from '../store/backup.js';
import { LATEST_VERSION } from '../store/migrations.js';
import type { Store } from '../store/store.js';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, type OpenedBackup, writeBackup } from './backup-file.js';

/**
 * The whole database to one file and back (`workshop data export|import`, issue 13). The store gives
 * and takes rows; backup-file.ts frames them. Export reads one consistent snapshot; import is one
 * transaction, so a damaged file leaves the database exactly as it was.
 */
export interface ExportResult {
  file: string;
  bytes: number;
  schemaVersion: number;
  rows: Record<string, number>;
}

export async function exportDatabase(store: Store, file: string, options: { now?: Date; onProgress?: (text: string) => void } = {}): Promise<ExportResult> {
  const header = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    // Opening the store brought the database to this kit's schema (a newer one is refused there).
    schemaVersion: LATEST_VERSION,
    createdAt: (options.now ?? new Date()).toISOString(),
    kit: kitVersion(),
    engine: store.kind,
    tables: BACKUP_TABLES.map((t) => t.name),
  } as const;
  let progress = 0;
  const written = await writeBackup(file, { ...header, tables: [...header.tables] }, async (emit) => {
    const exported = await store.exportRows(async (table, rows) => {
      await emit(table, rows);
      progress += rows.length;
      options.onProgress?.(`Exporting ${table}: ${progress.toLocaleString('en')} rows so far…`);
    });
    if (exported.schemaVersion !== header.schemaVersion) {
      throw new UserError(`The database at ${store.where} changed schema during the export (${exported.schemaVersion}, expected ${header.schemaVersion}); run the export again.`);
    }
    return exported.rows;
  });
  return { file, bytes: written.bytes, schemaVersion: header.schemaVersion, rows: written.rows };
}

export async function importDatabase(store: Store, backup: OpenedBackup, options: { replace: boolean; actor: string; onProgress?: (text: string) => void }): Promise<RestoredRows> {
  let seen = 0;
  async function* counted() {
    for await (const row of backup.rows) {
      seen += 1;
      if (seen % 10_000 === 0) options.onProgress?.(`Restoring ${row.table}: ${seen.toLocaleString('en')} rows so far…`);
      yield row;
    }
  }
  try {
    return await store.restoreRows(counted(), { schemaVersion: backup.header.schemaVersion, replace: options.replace, actor: options.actor, source: backup.file });
  } catch (error) {
    // The reader's messages describe the file; the database side is always the same: untouched.
    if (error instanceof UserError && !/nothing was changed/i.test(error.message)) throw new UserError(`${error.message} Nothing was changed in the database.`, error.exitCode, { cause: error });
    throw error;
  } finally {
    await backup.close();
  }
}
