import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ExitCode, UsageError, UserError } from '../../src/core/errors.js';
import { expandHome, facilitatorDataDir } from '../../src/core/paths.js';
import { sanitizeText } from '../../src/core/sanitize.js';
import { paint, printJson, startProgress } from '../../src/core/terminal.js';
import { Store, type StoreTarget, resolveStoreTarget } from '../store/store.js';
import { cliActor } from '../server/cli-support.js';
import { DatabaseBusy } from '../store/embedded-engine.js';
import { exportDatabase, importDatabase } from './backup.js';
import { openBackup } from './backup-file.js';
import { type ProgrammeOutcome, migrateFolders, programmesToMigrate } from './migrate.js';

/**
 * `workshop data migrate|export|import` (issue 13): the terminal side. Options in, one summary out
 * (or one JSON document with --json); warnings on stderr; a spinner only on a terminal.
 */
export interface StoreOptions {
  data?: string;
  database?: string;
  json?: boolean;
}

function warn(lines: string[]): void {
  for (const line of lines) process.stderr.write(`${paint.yellow('!')} ${sanitizeText(line)}\n`);
}

async function existingDataDir(flag: string | undefined): Promise<string> {
  const dir = facilitatorDataDir(flag);
  try {
    if (!(await fs.stat(dir)).isDirectory()) throw new UsageError(`${dir} is a file, not a data folder. Point --data at the folder that holds programmes/.`);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UsageError(`The data folder ${dir} does not exist. Point --data at the folder that holds programmes/ (or set WORKSHOP_DATA).`);
  }
  return dir;
}

/**
 * The data commands need the database to themselves: a programme server holding the embedded one is
 * stopped for them (its own message says to go through the server, which these commands cannot).
 */
async function openStore(target: StoreTarget): Promise<Store> {
  try {
    return await Store.open(target);
  } catch (error) {
    if (error instanceof DatabaseBusy && error.owner.url) {
      throw new UserError(
        `The database in ${error.folder} is held by the programme server at ${error.owner.url} (process ${error.owner.pid}). Stop that server for \`workshop data\` (it needs the database to itself), then start it again; nothing was changed.`,
        ExitCode.failure,
      );
    }
    throw error;
  }
}

async function withStore<T>(dataDir: string, database: string | undefined, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(resolveStoreTarget({ database, dataDir }));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

export async function dataMigrate(options: StoreOptions & { programme?: string[]; replace?: boolean }): Promise<number> {
  const dataDir = await existingDataDir(options.data);
  // The database's address is checked before anything is read (a wrong scheme is a usage error).
  const target = resolveStoreTarget({ database: options.database, dataDir });
  const ids = await programmesToMigrate(dataDir, options.programme);
  const progress = options.json ? undefined : await startProgress('Opening the database…');
  let summary;
  let where = '';
  try {
    const store = await openStore(target);
    try {
      where = store.where;
      summary = await migrateFolders(store, ids, { dataDir, actor: cliActor(), replace: options.replace, onProgress: (text) => progress?.update(text) });
    } finally {
      await store.close();
    }
  } finally {
    progress?.stop();
  }
  const failed = summary.programmes.filter((p) => p.status === 'conflict' || p.status === 'unreadable');
  if (options.json) {
    printJson({ dataDir, database: where, engine: target.kind, newRows: summary.newRows, programmes: summary.programmes, standaloneSessions: summary.standaloneSessions });
    return failed.length > 0 ? ExitCode.failure : ExitCode.ok;
  }
  for (const outcome of summary.programmes) {
    warn(outcome.warnings);
    process.stdout.write(describeOutcome(outcome, options.replace === true));
  }
  const notes = [`Database: ${where} (${target.kind}); ${count(summary.newRows, 'new row')}. The folders in ${dataDir} were read, not changed.`];
  if (summary.standaloneSessions > 0) {
    const n = summary.standaloneSessions;
    notes.push(`${count(n, 'stand-alone session')} in ${path.join(dataDir, 'sessions')} ${n === 1 ? 'belongs' : 'belong'} to no programme and ${n === 1 ? 'stays' : 'stay'} in the folder.`);
  }
  process.stdout.write(`${notes.map((n) => paint.dim(n)).join('\n')}\n`);
  return failed.length > 0 ? ExitCode.failure : ExitCode.ok;
}

function describeOutcome(outcome: ProgrammeOutcome, replace: boolean): string {
  const id = paint.bold(outcome.programmeId);
  if (outcome.status === 'unreadable') return `${paint.red('✗')} ${id}: ${sanitizeText(outcome.error)} It was left out; nothing of it was changed.\n`;
  const a = outcome.added;
  const lines: string[] = [];
  switch (outcome.status) {
    case 'created':
      lines.push(
        `${paint.green('✓')} ${id}: moved in — ${count(a.people, 'person', 'people')}, ${count(a.usageDays, 'usage key-day')} (${count(a.usageImports, 'import')}), ${count(a.sessions, 'date')}, ${count(a.lines, 'log line')}.`,
      );
      break;
    case 'updated':
      lines.push(
        `${paint.green('✓')} ${id}: ${[a.lines ? count(a.lines, 'new log line') : '', a.sessions ? count(a.sessions, 'new hosted date') : '', a.programme ? 'new planned dates' : ''].filter(Boolean).join(', ')}; the rest was already in the database.`,
      );
      break;
    case 'unchanged':
      lines.push(`${paint.green('✓')} ${id}: already in the database, nothing new (0 new rows).`);
      break;
    case 'replaced':
      lines.push(`${paint.green('✓')} ${id}: the folder's copy replaced the database's (--replace):`, ...outcome.differences.map((d) => `    - ${d}`));
      break;
    case 'conflict': {
      const blocked = outcome.differences.some((d) => d.includes('hosted on the programme server'));
      lines.push(`${paint.red('✗')} ${id}: the database holds a different copy, so nothing of it was changed:`, ...outcome.differences.map((d) => `    - ${d}`));
      if (blocked) lines.push('  A date hosted on the programme server is its own record: move the folder of that date aside, or migrate the other programmes with --programme.');
      else if (!replace) lines.push('  To make the folder\'s copy win, run again with --replace (keep a backup first: workshop data export --out FILE).');
      break;
    }
  }
  if (outcome.sameEventElsewhere > 0) lines.push(`  ${count(outcome.sameEventElsewhere, 'event')} had already reached the database another way (the same participant and event id): stored once.`);
  return `${lines.join('\n')}\n`;
}

export async function dataExport(options: StoreOptions & { out: string }): Promise<number> {
  if (!options.out?.trim()) throw new UsageError('Say where the backup goes: --out FILE (for example --out workshop-backup.jsonl.gz).');
  const file = path.resolve(expandHome(options.out));
  const dataDir = facilitatorDataDir(options.data);
  const target = resolveStoreTarget({ database: options.database, dataDir });
  if (target.kind === 'embedded' && !(await folderExists(target.location))) {
    throw new UserError(`There is no database in ${target.location} yet: nothing to export. Point --data (or --database) at the one to back up.`, ExitCode.failure);
  }
  const progress = options.json ? undefined : await startProgress('Exporting the database…');
  let result;
  let where = '';
  try {
    result = await withStore(dataDir, options.database, async (store) => {
      where = store.where;
      return exportDatabase(store, file, { onProgress: (text) => progress?.update(text) });
    });
  } finally {
    progress?.stop();
  }
  const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
  if (options.json) {
    printJson({ file, database: where, engine: target.kind, bytes: result.bytes, schemaVersion: result.schemaVersion, rows: result.rows });
    return ExitCode.ok;
  }
  process.stdout.write(
    `${paint.green('✓')} Backup of ${where} written to ${file}: ${count(total, 'row')} (${describeRows(result.rows)}), ${formatBytes(result.bytes)}, schema ${result.schemaVersion}.\n` +
      paint.dim(`  It holds names, emails and token hashes: keep it as private as the database (the file is readable by you only).\n  Restore with: workshop data import ${file}\n`),
  );
  return ExitCode.ok;
}

export async function dataImport(file: string, options: StoreOptions & { replace?: boolean }): Promise<number> {
  const source = path.resolve(expandHome(file));
  const dataDir = facilitatorDataDir(options.data);
  const target = resolveStoreTarget({ database: options.database, dataDir });
  // The file's header is read before the database is opened: a wrong file touches nothing.
  const backup = await openBackup(source);
  const progress = options.json ? undefined : await startProgress('Restoring the backup…');
  let restored;
  let where = '';
  try {
    restored = await withStore(dataDir, options.database, async (store) => {
      where = store.where;
      return importDatabase(store, backup, { replace: options.replace === true, actor: cliActor(), onProgress: (text) => progress?.update(text) });
    });
  } finally {
    progress?.stop();
    await backup.close();
  }
  const total = Object.values(restored.rows).reduce((a, b) => a + b, 0);
  if (options.json) {
    printJson({ file: source, database: where, engine: target.kind, schemaVersion: backup.header.schemaVersion, backupCreatedAt: backup.header.createdAt, rows: restored.rows, ...(restored.replaced ? { replaced: restored.replaced } : {}) });
    return ExitCode.ok;
  }
  process.stdout.write(
    `${paint.green('✓')} Restored ${source} (written ${backup.header.createdAt} from the ${backup.header.engine} engine) into ${where}: ${count(total, 'row')} (${describeRows(restored.rows)}).\n` +
      (restored.replaced ? paint.dim(`  What the database held before (${describeRows(restored.replaced)}) was replaced (--replace).\n`) : ''),
  );
  return ExitCode.ok;
}

function describeRows(rows: Record<string, number>): string {
  const parts = [
    count(rows.programmes ?? 0, 'programme'),
    count(rows.roster ?? 0, 'roster person', 'roster people'),
    count(rows.hub_sessions ?? 0, 'date'),
    count(rows.session_lines ?? 0, 'log line'),
    count(rows.usage_series ?? 0, 'usage key', 'usage keys'),
    count(rows.facilitator_tokens ?? 0, 'facilitator token'),
    count(rows.changes ?? 0, 'recorded change'),
  ];
  return parts.join(', ');
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

async function folderExists(dir: string): Promise<boolean> {
  try {
    return (await fs.stat(dir)).isDirectory();
  } catch {
    return false;
  }
}
