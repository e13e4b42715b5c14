import type { z } from 'zod';
import { ExitCode, UserError } from '../../src/core/errors.js';
import { formatZodIssues } from '../../src/core/validation.js';
import { LogLine } from '../hub/log-records.js';
import { SessionMeta } from '../hub/session-meta.js';
import { ProgrammeFile, RosterPerson } from '../programme/store.js';
import { recordChange } from './change-log.js';
import { ConstraintViolation, type Db, type Sql } from './engine.js';
import { LATEST_VERSION } from './migrations.js';
import { usageSeriesProblem } from './usage-series.js';

/**
 * The whole database as rows, and back (`workshop data export|import`, issue 13). Every table of the
 * schema is listed here, parents before children (the order a restore inserts in), with the order
 * its rows are written in and its serial column. A migration that adds a table adds it here too:
 * test/store/backup-tables.test.ts fails until it does, so no table is ever left out of a backup.
 *
 * Rows travel as PostgreSQL's own JSON of the row (`row_to_json`) and come back through
 * `json_populate_recordset`, so every column keeps its type and value exactly (timestamps to the
 * microsecond, jsonb as it was, positions and ids as numbered), on either engine.
 */
export interface BackupTable {
  name: string;
  /** Text columns sorted as bytes ("C"): both engines write a table's rows in the same order. */
  orderBy: string;
  /** A bigserial column: after a restore its sequence continues after the highest value restored. */
  serial?: string;
}

export const BACKUP_TABLES: readonly BackupTable[] = [
  { name: 'programmes', orderBy: 'id collate "C"' },
  { name: 'roster', orderBy: 'position', serial: 'position' },
  { name: 'hub_sessions', orderBy: 'programme_id collate "C", id collate "C"' },
  { name: 'session_lines', orderBy: 'programme_id collate "C", session_id collate "C", origin collate "C", seq' },
  { name: 'usage_imports', orderBy: 'position', serial: 'position' },
  { name: 'usage_series', orderBy: 'programme_id collate "C", source_kind collate "C", source_value collate "C"' },
  { name: 'facilitator_tokens', orderBy: 'name collate "C"' },
  { name: 'changes', orderBy: 'id', serial: 'id' },
  { name: 'quests', orderBy: 'programme_id collate "C", id' },
  { name: 'quest_events', orderBy: 'id', serial: 'id' },
  { name: 'quest_reuses', orderBy: 'programme_id collate "C", quest_id, person_key collate "C"' },
  { name: 'skills', orderBy: 'programme_id collate "C", name collate "C"' },
  { name: 'skill_versions', orderBy: 'programme_id collate "C", name collate "C", version' },
  { name: 'skill_installs', orderBy: 'programme_id collate "C", name collate "C", person_key collate "C"' },
  { name: 'skill_uses', orderBy: 'programme_id collate "C", name collate "C", person_key collate "C", day' },
  { name: 'cost_series', orderBy: 'programme_id collate "C", source_kind collate "C", source_value collate "C", line_item collate "C", currency collate "C"' },
  { name: 'usage_sync_state', orderBy: 'programme_id collate "C", stream collate "C", scope collate "C"' },
  // The facts of the last report built from the store (the bi views count them): a restored database
  // answers BI tools at once, without waiting for the next report.
  { name: 'report_people', orderBy: 'programme_id collate "C", email collate "C"' },
  { name: 'report_sessions', orderBy: 'programme_id collate "C", session_id collate "C"' },
  { name: 'report_refreshes', orderBy: 'programme_id collate "C"' },
];

const BATCH = 2000;
const byName = new Map(BACKUP_TABLES.map((t, i) => [t.name, { ...t, index: i }]));

export function isBackupTable(name: string): boolean {
  return byName.has(name);
}

/** The schema's tables as the database lists them (schema_migrations aside): what a backup must cover. */
export async function listSchemaTables(sql: Sql): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(
    "select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name <> 'schema_migrations' order by 1",
  );
  return rows.map((r) => r.name);
}

export interface ExportedRows {
  schemaVersion: number;
  rows: Record<string, number>;
}

/**
 * Streams every row of every table to `sink`, a batch at a time, from one consistent snapshot (a
 * repeatable-read transaction: a server writing meanwhile is either wholly in the backup or not).
 */
export async function exportRows(db: Db, sink: (table: string, rows: string[]) => Promise<void>): Promise<ExportedRows> {
  return db.transaction(async (tx) => {
    await tx.query('set transaction isolation level repeatable read, read only');
    // Timestamps written in UTC whichever engine and server time zone: backups of one database compare byte for byte.
    await tx.query("set local timezone = 'UTC'");
    const schemaVersion = await schemaVersionOf(tx);
    const rows: Record<string, number> = {};
    for (const table of BACKUP_TABLES) {
      rows[table.name] = 0;
      const cursor = `backup_${table.name}`;
      await tx.query(`declare ${cursor} no scroll cursor for select row_to_json(t)::text as j from ${table.name} t order by ${table.orderBy}`);
      for (;;) {
        const batch = await tx.query<{ j: string }>(`fetch forward ${BATCH} from ${cursor}`);
        if (batch.length === 0) break;
        rows[table.name] += batch.length;
        await sink(table.name, batch.map((r) => r.j));
      }
      await tx.query(`close ${cursor}`);
    }
    return { schemaVersion, rows };
  });
}

export interface RestoreOptions {
  /** The schema version the backup was written with. */
  schemaVersion: number;
  /** Empty every table first (the database held data and the user said so). */
  replace: boolean;
  actor: string;
  /** Where the rows come from, for messages. */
  source: string;
}

export interface RestoredRows {
  rows: Record<string, number>;
  /** What the database held before, when it was replaced. */
  replaced?: Record<string, number>;
}

/**
 * Restores a backup's rows in ONE transaction: anything wrong on the way (a damaged or cut-short
 * file, a row the schema refuses) and the database is exactly as it was. A database that holds
 * anything is refused unless `replace`.
 */
export async function restoreRows(db: Db, rows: AsyncIterable<{ table: string; row: Record<string, unknown> }>, options: RestoreOptions): Promise<RestoredRows> {
  return db.transaction(async (tx) => {
    const current = await schemaVersionOf(tx);
    if (options.schemaVersion !== current) {
      // Forward-only migrations change tables; a backup is restored into the schema it was written with.
      throw new UserError(
        options.schemaVersion > current
          ? `${options.source} was written by a newer kit (database schema ${options.schemaVersion}; this kit knows up to ${LATEST_VERSION}). Update the kit and import it again; nothing was changed.`
          : `${options.source} has database schema ${options.schemaVersion}, and this database has schema ${current}. Import it with the kit version that wrote it, then open that database with this kit (it migrates forward); nothing was changed.`,
        ExitCode.failure,
      );
    }
    const held = await countRows(tx);
    const holding = Object.entries(held).filter(([, n]) => n > 0);
    if (holding.length > 0 && !options.replace) {
      throw new UserError(
        `The database at ${db.where} is not empty (${holding.map(([t, n]) => `${n} ${t}`).join(', ')}). Import into an empty database, or add --replace to replace everything in it with the backup (keep a copy first: workshop data export --out before-import.jsonl.gz); nothing was changed.`,
        ExitCode.failure,
      );
    }
    if (holding.length > 0) await tx.query(`truncate ${BACKUP_TABLES.map((t) => t.name).join(', ')}`);

    const columns = await tableColumns(tx);
    const restored: Record<string, number> = Object.fromEntries(BACKUP_TABLES.map((t) => [t.name, 0]));
    let pending: { table: string; rows: Record<string, unknown>[] } | undefined;
    let lastIndex = 0;
    const flush = async () => {
      if (!pending || pending.rows.length === 0) return;
      try {
        await tx.query(`insert into ${pending.table} select * from json_populate_recordset(null::${pending.table}, $1::json)`, [JSON.stringify(pending.rows)]);
      } catch (error) {
        if (error instanceof UserError && !(error instanceof ConstraintViolation)) throw error;
        // A value of the wrong type, a duplicate, a line without its date: the file was edited or damaged.
        throw new UserError(`${options.source} has rows the table ${pending.table} refuses (${(error as Error).message.replace(/ Nothing was changed\.$/, '')}); it was edited or damaged. Nothing was changed.`, ExitCode.failure, { cause: error });
      }
      restored[pending.table] += pending.rows.length;
      pending.rows = [];
    };
    for await (const { table, row } of rows) {
      const spec = byName.get(table);
      // Table names reach SQL only from the list above, never from the file.
      if (!spec) throw new UserError(`${options.source} has rows of an unknown table "${table}"; it is not a backup of this kit's database. Nothing was changed.`, ExitCode.failure);
      if (spec.index < lastIndex) throw new UserError(`${options.source} is out of order (rows of ${table} after rows of ${BACKUP_TABLES[lastIndex].name}); it was edited or damaged. Nothing was changed.`, ExitCode.failure);
      lastIndex = spec.index;
      const known = columns.get(table) ?? new Set<string>();
      const unknown = Object.keys(row).filter((c) => !known.has(c));
      // A column this schema lacks would be dropped without a word: refuse instead.
      if (unknown.length > 0) throw new UserError(`${options.source} has a column the table ${table} does not have (${unknown.join(', ')}); it is not a backup of this schema. Nothing was changed.`, ExitCode.failure);
      const problem = checkRow(table, row);
      if (problem) throw new UserError(`${options.source} has a ${table} row the kit cannot read (${problem}); it was edited or damaged. Nothing was changed.`, ExitCode.failure);
      if (pending?.table !== table) {
        await flush();
        pending = { table, rows: [] };
      }
      pending.rows.push(row);
      if (pending.rows.length >= BATCH) await flush();
    }
    await flush();
    for (const table of BACKUP_TABLES) {
      if (!table.serial) continue;
      await tx.query(`select setval(pg_get_serial_sequence('${table.name}', '${table.serial}'), coalesce((select max(${table.serial}) from ${table.name}), 0) + 1, false)`);
    }
    await recordChange(tx, options.actor, 'data.import', null, { rows: restored, ...(holding.length > 0 ? { replaced: held } : {}) });
    return { rows: restored, ...(holding.length > 0 ? { replaced: held } : {}) };
  });
}

/** How many rows each table holds. */
export async function countRows(sql: Sql): Promise<Record<string, number>> {
  const [row] = await sql.query<Record<string, number>>(`select ${BACKUP_TABLES.map((t) => `(select count(*)::int from ${t.name}) as ${t.name}`).join(', ')}`);
  return Object.fromEntries(BACKUP_TABLES.map((t) => [t.name, Number(row[t.name])]));
}

async function schemaVersionOf(sql: Sql): Promise<number> {
  const [row] = await sql.query<{ version: number }>('select coalesce(max(version), 0)::int as version from schema_migrations');
  return row.version;
}

async function tableColumns(sql: Sql): Promise<Map<string, Set<string>>> {
  const rows = await sql.query<{ table_name: string; column_name: string }>('select table_name, column_name from information_schema.columns where table_schema = current_schema()');
  const columns = new Map<string, Set<string>>();
  for (const r of rows) {
    if (!columns.has(r.table_name)) columns.set(r.table_name, new Set());
    columns.get(r.table_name)!.add(r.column_name);
  }
  return columns;
}

/**
 * The rows the kit reads back through its file schemas (a programme, a roster person, a date, a log
 * line) are checked with them on the way in: a hand-edited backup is refused now, with the field
 * named, rather than breaking the report later.
 */
function checkRow(table: string, row: Record<string, unknown>): string | undefined {
  const issues = (result: { success: boolean; error?: z.ZodError }) => (result.success ? undefined : formatZodIssues(result.error!));
  switch (table) {
    case 'programmes':
      return issues(ProgrammeFile.safeParse({ schemaVersion: 1, id: row.id, title: row.title, createdAt: row.created_at, timeZone: row.time_zone, settings: row.settings, sessions: row.sessions }));
    case 'roster':
      return issues(RosterPerson.safeParse({ email: row.email, name: row.name, team: row.team, ...(row.key != null ? { key: row.key } : {}), ...(row.session != null ? { session: row.session } : {}) }));
    case 'hub_sessions':
      return issues(SessionMeta.safeParse(row.meta));
    case 'usage_series':
      return usageSeriesProblem(row.days);
    case 'session_lines': {
      const line = LogLine.safeParse(row.line);
      if (!line.success) return formatZodIssues(line.error);
      return line.data.kind === row.kind && line.data.seq === row.seq ? undefined : 'its kind or seq does not match its line';
    }
    default:
      return undefined;
  }
}
