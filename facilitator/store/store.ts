import path from 'node:path';
import { ExitCode, UsageError, UserError } from '../../src/core/errors.js';
import { LogLine } from '../hub/log-records.js';
import type { SessionMeta } from '../hub/session-meta.js';
import { type Programme, ProgrammeFile, type ProgrammeSession, type ProgrammeSettings, type Roster, RosterFile, type RosterPerson, type UsageData, type UsageDay, type UsageSource } from '../programme/store.js';
import type { ProgrammeReport } from '../programme/report-data.js';
import { type ExportedRows, type RestoreOptions, type RestoredRows, countRows, exportRows, restoreRows } from './backup.js';
import { type BiViewName, isBiView } from './bi-views.js';
import { recordChange } from './change-log.js';
import { type Db, type Sql, isoTime } from './engine.js';
import { openEmbedded } from './embedded-engine.js';
import { migrate } from './migrations.js';
import { type MoveInResult, type ProgrammeSnapshot, moveInProgramme } from './move-in.js';
import { type AdmitEvents, type ParticipantBatchItem, type ParticipantBatchOutcome, ParticipantLines, type Person, lockServerSeq } from './participant-lines.js';
import { openPostgres, redactDatabaseUrl } from './postgres-engine.js';
import { applyReadOnlyRole, viewsFor } from './read-only-role.js';
import { scramSha256Verifier } from './scram-verifier.js';
import { saveReportFacts } from './report-facts.js';
import * as quests from './quests.js';
import * as skills from './skills.js';
import type { Skill, SkillFile, SkillVersion } from '../../src/protocol/skills.js';
import type { PersonRef, Quest, QuestEvent } from '../../src/protocol/quests.js';
import type { QuestRecord, Step } from '../quests/lifecycle.js';
import { readUsageDays, writeUsageDays } from './usage-series.js';
import { type CostDay, type SyncState, readCostDays, readSyncState, writeCostDays, writeSyncState } from './cost-series.js';

/**
 * The programme store (issue 13): the one owner of the database. Every table, migration and query of
 * the kit is in facilitator/store/; the server, the CLI commands and the migration from folders ask
 * this class and never write SQL. Two engines, one dialect: embedded (PGlite in `<data>/database`) by
 * default, PostgreSQL when `--database postgres://…` or WORKSHOP_DATABASE_URL says so.
 *
 * Every change names its actor (a facilitator token's name, `cli:<user>` or `system`) and lands in
 * `changes` in the same transaction.
 */
export type Actor = string;

export interface StoreTarget {
  kind: 'embedded' | 'postgres';
  /** The folder (embedded) or the connection string (postgres: never printed, see `where`). */
  location: string;
}

export const DATABASE_ENV = 'WORKSHOP_DATABASE_URL';

/** `--database URL`, else WORKSHOP_DATABASE_URL, else the embedded database in `<data>/database`. */
export function resolveStoreTarget(options: { database?: string; dataDir: string; env?: NodeJS.ProcessEnv }): StoreTarget {
  const url = options.database ?? (options.env ?? process.env)[DATABASE_ENV];
  if (url && url.trim()) {
    const trimmed = url.trim();
    if (/^postgres(ql)?:\/\//i.test(trimmed)) return { kind: 'postgres', location: trimmed };
    if (/^embedded:/i.test(trimmed)) return { kind: 'embedded', location: path.resolve(trimmed.slice('embedded:'.length)) };
    throw new UsageError(`--database must be a PostgreSQL address (postgres://user:password@host:5432/name) or embedded:FOLDER, not "${redactDatabaseUrl(trimmed)}".`);
  }
  return { kind: 'embedded', location: path.join(options.dataDir, 'database') };
}

export interface SessionRow {
  programmeId: string;
  id: string;
  meta: SessionMeta;
  hosted: 'server' | 'venue';
}

export interface StoredLine {
  origin: 'hub' | 'server';
  seq: number;
  line: LogLine;
}

export interface TokenRow {
  name: string;
  role: 'owner' | 'facilitator' | 'viewer';
  createdAt: string;
  createdBy: string;
  revokedAt?: string;
  revokedBy?: string;
}

export interface ChangeRow {
  at: string;
  actor: string;
  action: string;
  programmeId?: string;
  detail: Record<string, unknown>;
}

export class Store {
  /** After-session events from participants (`/p`): their batches and what they keep in memory. */
  readonly #participants: ParticipantLines;

  private constructor(
    readonly db: Db,
    readonly target: StoreTarget,
  ) {
    this.#participants = new ParticipantLines(db);
  }

  static async open(target: StoreTarget): Promise<Store> {
    const db = target.kind === 'postgres' ? await openPostgres(target.location) : await openEmbedded(target.location);
    try {
      await migrate(db);
    } catch (error) {
      await db.close();
      throw error;
    }
    return new Store(db, target);
  }

  get kind(): Db['kind'] {
    return this.db.kind;
  }

  /** Where the data is, safe to print (no password). */
  get where(): string {
    return this.db.where;
  }

  /** The embedded engine's lock names the server holding it, so other commands go through it. */
  async announceServer(url: string): Promise<void> {
    const db = this.db as Db & { setOwnerUrl?: (url: string) => Promise<void> };
    await db.setOwnerUrl?.(url);
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  async ping(): Promise<void> {
    await this.db.query('select 1');
  }

  /** The newest migration applied to this database (the server's health answer says it). */
  async schemaVersion(): Promise<number> {
    const [row] = await this.db.query<{ version: number }>('select coalesce(max(version), 0)::int as version from schema_migrations');
    return row.version;
  }

  // ---- changes (who did what) ----

  async #record(tx: Sql, actor: Actor, action: string, programmeId: string | null, detail: Record<string, unknown> = {}): Promise<void> {
    await recordChange(tx, actor, action, programmeId, detail);
  }

  async changes(programmeId?: string, limit = 200): Promise<ChangeRow[]> {
    const rows = await this.db.query<{ at: Date | string; actor: string; action: string; programme_id: string | null; detail: Record<string, unknown> }>(
      programmeId ? 'select at, actor, action, programme_id, detail from changes where programme_id = $1 order by id desc limit $2' : 'select at, actor, action, programme_id, detail from changes order by id desc limit $1',
      programmeId ? [programmeId, limit] : [limit],
    );
    return rows.map((r) => ({ at: isoTime(r.at), actor: r.actor, action: r.action, ...(r.programme_id ? { programmeId: r.programme_id } : {}), detail: r.detail }));
  }

  // ---- programmes ----

  async listProgrammes(): Promise<string[]> {
    return (await this.db.query<{ id: string }>('select id from programmes order by id collate "C"')).map((r) => r.id);
  }

  async getProgramme(id: string, tx: Sql = this.db): Promise<Programme | undefined> {
    const [row] = await tx.query<ProgrammeRow>('select id, title, time_zone, created_at, settings, sessions from programmes where id = $1', [id]);
    return row ? toProgramme(row) : undefined;
  }

  /** Creates the programme, or replaces its title, time zone, settings and dates (migration, `programme set`). */
  async putProgramme(programme: Programme, actor: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `insert into programmes (id, title, time_zone, created_at, settings, sessions, updated_by) values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (id) do update set title = excluded.title, time_zone = excluded.time_zone, settings = excluded.settings, sessions = excluded.sessions, updated_at = now(), updated_by = excluded.updated_by`,
        [programme.id, programme.title, programme.timeZone, programme.createdAt, JSON.stringify(programme.settings), JSON.stringify(programme.sessions), actor],
      );
      await this.#record(tx, actor, 'programme.put', programme.id, { title: programme.title });
    });
  }

  /**
   * Changes a programme under its row lock: `change` sees the current programme and returns the new
   * one. Two facilitators adding dates at once both land (the second waits for the first).
   */
  async updateProgramme(id: string, actor: Actor, action: string, change: (current: Programme) => Programme): Promise<Programme> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<ProgrammeRow>('select id, title, time_zone, created_at, settings, sessions from programmes where id = $1 for update', [id]);
      if (!row) throw new UsageError(`There is no programme "${id}" in the database at ${this.where}.`);
      const next = change(toProgramme(row));
      await tx.query('update programmes set title = $2, time_zone = $3, settings = $4, sessions = $5, updated_at = now(), updated_by = $6 where id = $1', [
        id,
        next.title,
        next.timeZone,
        JSON.stringify(next.settings),
        JSON.stringify(next.sessions),
        actor,
      ]);
      await this.#record(tx, actor, action, id);
      return next;
    });
  }

  // ---- roster ----

  async getRoster(programmeId: string, tx: Sql = this.db): Promise<Roster> {
    const [meta] = await tx.query<{ roster_updated_at: string | null }>('select roster_updated_at from programmes where id = $1', [programmeId]);
    const rows = await tx.query<{ email: string; name: string; team: string; key: RosterPerson['key'] | null; session: string | null }>(
      'select email, name, team, key, session from roster where programme_id = $1 order by position',
      [programmeId],
    );
    // Through the file schema: the same checks, and keys in the order the folder format writes them.
    return RosterFile.parse({
      schemaVersion: 1,
      updatedAt: meta?.roster_updated_at ?? new Date(0).toISOString(),
      people: rows.map((r) => ({ email: r.email, name: r.name, team: r.team, ...(r.key ? { key: r.key } : {}), ...(r.session !== null ? { session: r.session } : {}) })),
    });
  }

  /**
   * Changes the roster under the programme's row lock: `change` sees the current roster and returns
   * the new one (a CSV import, `--replace`). Only people whose row differs are written, so two imports
   * at once both land in full: the second sees the first's people.
   */
  async updateRoster<R extends { roster: Roster }>(programmeId: string, actor: Actor, change: (current: Roster) => R, action = 'roster.import'): Promise<R> {
    return this.db.transaction(async (tx) => {
      const [locked] = await tx.query('select id from programmes where id = $1 for update', [programmeId]);
      if (!locked) throw new UsageError(`There is no programme "${programmeId}" in the database at ${this.where}.`);
      const current = await this.getRoster(programmeId, tx);
      const result = change(current);
      await this.#writeRoster(tx, programmeId, current, result.roster, actor);
      await this.#record(tx, actor, action, programmeId, { people: result.roster.people.length });
      return result;
    });
  }

  /** Replaces the roster as given (migration and restore keep its order and its updatedAt). */
  async putRoster(programmeId: string, roster: Roster, actor: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('delete from roster where programme_id = $1', [programmeId]);
      await this.#writeRoster(tx, programmeId, { schemaVersion: 1, updatedAt: roster.updatedAt, people: [] }, roster, actor);
    });
  }

  async #writeRoster(tx: Sql, programmeId: string, before: Roster, after: Roster, actor: Actor): Promise<void> {
    const old = new Map(before.people.map((p) => [p.email, p]));
    const keep = new Set(after.people.map((p) => p.email));
    const gone = before.people.filter((p) => !keep.has(p.email)).map((p) => p.email);
    if (gone.length > 0) await tx.query('delete from roster where programme_id = $1 and email = any($2::text[])', [programmeId, gone]);
    const changed = after.people.filter((p) => JSON.stringify(old.get(p.email)) !== JSON.stringify(p));
    for (let i = 0; i < changed.length; i += 500) {
      const batch = changed.slice(i, i + 500);
      await tx.query(
        `insert into roster (programme_id, email, name, team, key, session, updated_by)
         select $1, x.email, x.name, x.team, x.key, x.session, $2 from jsonb_to_recordset($3::jsonb) as x(email text, name text, team text, key jsonb, session text, ord int) order by x.ord
         on conflict (programme_id, email) do update set name = excluded.name, team = excluded.team, key = excluded.key, session = excluded.session, updated_at = now(), updated_by = excluded.updated_by`,
        [programmeId, actor, JSON.stringify(batch.map((p, ord) => ({ email: p.email, name: p.name, team: p.team, key: p.key ?? null, session: p.session ?? null, ord })))],
      );
    }
    await tx.query('update programmes set roster_updated_at = $2 where id = $1', [programmeId, after.updatedAt]);
  }

  // ---- usage ----

  async getUsage(programmeId: string, tx: Sql = this.db): Promise<UsageData> {
    const imports = await tx.query<{ file: string; imported_at: string; format: string; rows: number }>(
      'select file, imported_at, format, rows from usage_imports where programme_id = $1 order by position',
      [programmeId],
    );
    const days = await readUsageDays(tx, programmeId);
    return { schemaVersion: 1, imports: imports.map((i) => ({ file: i.file, importedAt: i.imported_at, format: i.format, rows: i.rows })), days };
  }

  /**
   * Adds usage days: a (source, day) already stored is replaced (a re-import is harmless). One
   * transaction with the import's record, so an import lands whole or not at all; two imports at once
   * both land (each source's row is merged under its lock).
   */
  async addUsage(programmeId: string, days: UsageDay[], info: { file: string; importedAt: string; format: string }, actor: Actor, costs: CostDay[] = []): Promise<void> {
    await this.db.transaction(async (tx) => {
      await writeUsageDays(tx, programmeId, days);
      // Issue 16: a Costs API export imports as spend, in the same transaction as its record.
      if (costs.length > 0) await writeCostDays(tx, programmeId, costs);
      await tx.query('insert into usage_imports (programme_id, file, imported_at, format, rows, imported_by) values ($1, $2, $3, $4, $5, $6)', [
        programmeId,
        info.file,
        info.importedAt,
        info.format,
        days.length,
        actor,
      ]);
      await this.#record(tx, actor, 'usage.import', programmeId, { file: info.file, rows: days.length });
    });
  }

  // ---- spend and usage syncs (issue 16; cost-series.ts) ----

  async getCosts(programmeId: string): Promise<CostDay[]> {
    return readCostDays(this.db, programmeId);
  }

  /**
   * One page (or one window) of a sync, stored whole or not at all: its usage days, its spend, and
   * where the stream now stands, in one transaction, so an interruption resumes exactly where the
   * last stored page ended and a rerun replaces days rather than adding them twice.
   */
  async storeSyncPage(programmeId: string, page: { stream: string; scope: string; usage?: UsageDay[]; costs?: CostDay[]; state: SyncState }, actor: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (page.usage?.length) await writeUsageDays(tx, programmeId, page.usage);
      if (page.costs?.length) await writeCostDays(tx, programmeId, page.costs);
      await writeSyncState(tx, programmeId, page.stream, page.scope, page.state);
      if (page.usage?.length || page.costs?.length) await this.#record(tx, actor, 'usage.sync', programmeId, { stream: page.stream, usageRows: page.usage?.length ?? 0, costRows: page.costs?.length ?? 0 });
    });
  }

  async getSyncState(programmeId: string, stream: string, scope = ''): Promise<SyncState> {
    return readSyncState(this.db, programmeId, stream, scope);
  }

  // ---- sessions (hub dates) and their log lines ----

  async listSessions(programmeId: string): Promise<SessionRow[]> {
    const rows = await this.db.query<{ id: string; meta: SessionMeta; hosted: 'server' | 'venue' }>('select id, meta, hosted from hub_sessions where programme_id = $1 order by id collate "C"', [programmeId]);
    return rows.map((r) => ({ programmeId, id: r.id, meta: r.meta, hosted: r.hosted }));
  }

  async getSession(programmeId: string, id: string): Promise<(SessionRow & { facilitatorTokenHash?: string }) | undefined> {
    const [row] = await this.db.query<{ meta: SessionMeta; hosted: 'server' | 'venue'; facilitator_token_hash: string | null }>(
      'select meta, hosted, facilitator_token_hash from hub_sessions where programme_id = $1 and id = $2',
      [programmeId, id],
    );
    return row ? { programmeId, id, meta: row.meta, hosted: row.hosted, ...(row.facilitator_token_hash ? { facilitatorTokenHash: row.facilitator_token_hash } : {}) } : undefined;
  }

  /** Registers a date's hub (or updates its session.json facts: a new title). The hosting never changes. */
  async putSession(programmeId: string, meta: SessionMeta, hosted: 'server' | 'venue', actor: Actor, facilitatorTokenHash?: string): Promise<SessionRow> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ meta: SessionMeta; hosted: 'server' | 'venue' }>(
        `insert into hub_sessions (programme_id, id, meta, hosted, facilitator_token_hash, created_by) values ($1, $2, $3, $4, $5, $6)
         on conflict (programme_id, id) do update set meta = excluded.meta
         returning meta, hosted`,
        [programmeId, meta.id, JSON.stringify(meta), hosted, facilitatorTokenHash ?? null, actor],
      );
      await this.#record(tx, actor, 'session.put', programmeId, { session: meta.id, hosted: row.hosted });
      return { programmeId, id: meta.id, meta: row.meta, hosted: row.hosted };
    });
  }

  /**
   * Stores log lines of a session, each exactly once: a line already stored (same origin and seq) or
   * an event already stored (same participant and event id, whichever way it came) is skipped.
   * Returns how many were new. Used by the venue outbox's sync, `session push`, the server's own hubs
   * and migration alike.
   */
  async appendLines(programmeId: string, sessionId: string, origin: 'hub' | 'server', lines: LogLine[], tx?: Sql): Promise<{ stored: number; skipped: number }> {
    if (lines.length === 0) return { stored: 0, skipped: 0 };
    const run = async (sql: Sql) => {
      let stored = 0;
      for (let i = 0; i < lines.length; i += 1000) {
        const batch = lines.slice(i, i + 1000).map((line) => ({ s: line.seq, k: line.kind, l: line }));
        const rows = await sql.query<{ seq: number }>(
          `insert into session_lines (programme_id, session_id, origin, seq, kind, line)
           select $1, $2, $3, x.s, x.k, x.l from jsonb_to_recordset($4::jsonb) as x(s int, k text, l jsonb)
           on conflict do nothing returning seq`,
          [programmeId, sessionId, origin, JSON.stringify(batch)],
        );
        stored += rows.length;
      }
      return { stored, skipped: lines.length - stored };
    };
    if (lines.some((line) => line.kind === 'identity')) this.#participants.forgetMerges(programmeId, sessionId);
    if (tx) return run(tx);
    const result = await this.db.transaction(run);
    await this.#linesAdded(result.stored);
    return result;
  }

  // Planner statistics for session_lines. PGlite has no autovacuum, so without this the planner
  // believes the table is empty and scans a whole session for one participant's events (20 ms
  // instead of 1 ms at 10,000 lines); PostgreSQL's own autoanalyze may lag a fast-growing table too.
  // Once the statistics exist the planner scales them to the table's current size, so they are
  // refreshed only as the lines this process added grow tenfold (500, 5,000, 50,000…): an ANALYZE
  // holds the embedded engine's one thread for a moment, and must not come with every few batches.
  #linesSinceAnalyze = 0;
  #linesAnalyzed = 0;

  async #linesAdded(count: number): Promise<void> {
    this.#linesSinceAnalyze += count;
    if (this.#linesSinceAnalyze < Math.max(500, this.#linesAnalyzed * 9)) return;
    this.#linesAnalyzed += this.#linesSinceAnalyze;
    this.#linesSinceAnalyze = 0;
    await this.db.query('analyze session_lines').catch(() => undefined);
  }

  /**
   * A date hosted on this server: its hub appends the lines it numbered itself, each given as its
   * JSON text (the hub has it already). Unlike appendLines, a seq already taken is an error, not a
   * skip: two processes hosting one date would otherwise drop each other's lines after acknowledging
   * them. An event already stored (same participant and event id, whichever way it came) is skipped.
   */
  async appendHostedLines(programmeId: string, sessionId: string, lines: Array<{ seq: number; kind: LogLine['kind']; json: string }>): Promise<{ stored: number }> {
    if (lines.length === 0) return { stored: 0 };
    // Up to 1,000 lines are one statement, atomic by itself: no BEGIN/COMMIT round trips on the hot path.
    const run = async (sql: Sql) => {
      let stored = 0;
      for (let i = 0; i < lines.length; i += 1000) {
        // Built from the texts as they are: the kinds are the schema's fixed words, the seqs integers.
        const batch = `[${lines
          .slice(i, i + 1000)
          .map((l) => `{"s":${Math.trunc(l.seq)},"k":${JSON.stringify(l.kind)},"l":${withoutNul(l.json)}}`)
          .join(',')}]`;
        const rows = await sql.query<{ seq: number }>(
          `insert into session_lines (programme_id, session_id, origin, seq, kind, line)
           select $1, $2, 'hub', x.s, x.k, x.l from jsonb_to_recordset($3::jsonb) as x(s int, k text, l jsonb)
           on conflict (programme_id, session_id, (line->>'participantId'), (line->'event'->>'id')) where kind = 'event' do nothing returning seq`,
          [programmeId, sessionId, batch],
        );
        stored += rows.length;
      }
      return { stored };
    };
    return lines.length <= 1000 ? run(this.db) : this.db.transaction(run);
  }

  /** A page of a session's own hub lines after `afterSeq`, in order (a hosted date's hub reads its log at start). */
  async readHubLinesAfter(programmeId: string, sessionId: string, afterSeq: number, limit: number): Promise<Array<{ seq: number; line: unknown }>> {
    return this.db.query<{ seq: number; line: unknown }>(
      "select seq, line from session_lines where programme_id = $1 and session_id = $2 and origin = 'hub' and seq > $3 order by seq limit $4",
      [programmeId, sessionId, afterSeq, limit],
    );
  }

  /**
   * Creates a date hosted on this server, or resumes it: a resumed date keeps its code and start (a
   * `rename` renames it); either way the date's dashboard key is replaced (only its hash is stored).
   * One statement, so two facilitators starting one date at once get one date. A date that a venue
   * laptop hosts is left as it is: undefined comes back.
   */
  async hostSession(programmeId: string, fresh: SessionMeta, rename: string | undefined, tokenHash: string, actor: Actor): Promise<{ meta: SessionMeta; resumed: boolean } | undefined> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ meta: SessionMeta; inserted: boolean }>(
        `insert into hub_sessions (programme_id, id, meta, hosted, facilitator_token_hash, created_by) values ($1, $2, $3, 'server', $4, $5)
         on conflict (programme_id, id) do update set
           facilitator_token_hash = excluded.facilitator_token_hash,
           meta = case when $6::text is null then hub_sessions.meta else jsonb_set(hub_sessions.meta, '{title}', to_jsonb($6::text)) end
         where hub_sessions.hosted = 'server'
         returning meta, (xmax = 0) as inserted`,
        [programmeId, fresh.id, JSON.stringify(fresh), tokenHash, actor, rename ?? null],
      );
      if (!row) return undefined;
      await this.#record(tx, actor, row.inserted ? 'session.host' : 'session.resume', programmeId, { session: fresh.id });
      return { meta: row.meta, resumed: !row.inserted };
    });
  }

  /** The next sequence number for lines the server itself adds to a session (after-session events). */
  async nextServerSeq(tx: Sql, programmeId: string, sessionId: string): Promise<number> {
    await lockServerSeq(tx, programmeId, sessionId);
    const [row] = await tx.query<{ seq: number }>("select coalesce(max(seq), 0)::int + 1 as seq from session_lines where programme_id = $1 and session_id = $2 and origin = 'server'", [programmeId, sessionId]);
    return row.seq;
  }

  /** Every line of a session in order: the hub's own sequence first, then what reached the server directly. */
  async readLines(programmeId: string, sessionId: string): Promise<StoredLine[]> {
    const rows = await this.db.query<{ origin: 'hub' | 'server'; seq: number; line: LogLine }>(
      "select origin, seq, line from session_lines where programme_id = $1 and session_id = $2 order by case origin when 'hub' then 0 else 1 end, seq",
      [programmeId, sessionId],
    );
    return rows.map((r) => ({ origin: r.origin, seq: r.seq, line: LogLine.parse(r.line) }));
  }

  /** The highest hub seq stored for a session: where a venue's outbox resumes. */
  async lastHubSeq(programmeId: string, sessionId: string): Promise<number> {
    const [row] = await this.db.query<{ seq: number }>("select coalesce(max(seq), 0)::int as seq from session_lines where programme_id = $1 and session_id = $2 and origin = 'hub'", [programmeId, sessionId]);
    return row.seq;
  }

  /** The participant a token (its SHA-256) was issued to at join, in any session of the programme. */
  async participantByTokenHash(tokenHash: string): Promise<{ programmeId: string; sessionId: string; participantId: string } | undefined> {
    const [row] = await this.db.query<{ programme_id: string; session_id: string; pid: string }>(
      "select programme_id, session_id, line->'participant'->>'id' as pid from session_lines where kind = 'join' and line->>'tokenHash' = $1 limit 1",
      [tokenHash],
    );
    return row ? { programmeId: row.programme_id, sessionId: row.session_id, participantId: row.pid } : undefined;
  }

  /** The same for many tokens in one query (the server looks up the tokens of requests arriving together). */
  async participantsByTokenHashes(tokenHashes: string[]): Promise<Map<string, { programmeId: string; sessionId: string; participantId: string }>> {
    if (tokenHashes.length === 0) return new Map();
    const rows = await this.db.query<{ hash: string; programme_id: string; session_id: string; pid: string }>(
      "select line->>'tokenHash' as hash, programme_id, session_id, line->'participant'->>'id' as pid from session_lines where kind = 'join' and line->>'tokenHash' = any($1::text[])",
      [tokenHashes],
    );
    return new Map(rows.map((r) => [r.hash, { programmeId: r.programme_id, sessionId: r.session_id, participantId: r.pid }]));
  }

  // ---- report facts and the BI views (docs/bi.md) ----

  /**
   * Saves what a programme report built from this store says about each person and each date, for
   * the `bi` views to count (report-facts.ts). Derived data, so not a change in `changes`.
   */
  async saveReportFacts(programmeId: string, report: ProgrammeReport): Promise<{ refreshedAt: string; rewritten: boolean }> {
    return saveReportFacts(this.db, programmeId, report);
  }

  /**
   * The rows of one `bi` view for a programme, as JSON values (dates `YYYY-MM-DD`, times ISO
   * strings, the same on both engines): what a BI tool sees, for checks and previews.
   */
  async readBiView(view: BiViewName, programmeId: string): Promise<Array<Record<string, unknown>>> {
    if (!isBiView(view)) throw new UsageError(`There is no BI view "${String(view)}".`);
    const rows = await this.db.query<{ row: Record<string, unknown> }>(`select to_jsonb(v) as row from bi.${view} v where v.programme_id = $1`, [programmeId]);
    return rows.map((r) => r.row);
  }

  /**
   * Creates or updates the read-only role BI tools log in with (PostgreSQL only): the password goes to
   * the server as a SCRAM verifier, never as itself, and is not recorded anywhere.
   */
  async grantBiRole(input: { name: string; password: string; aggregatesOnly?: boolean }, actor: Actor): Promise<{ created: boolean; database: string; views: BiViewName[] }> {
    if (this.kind !== 'postgres') throw new UsageError('The embedded database has no roles: BI tools cannot connect to it. Use PostgreSQL (--database postgres://…) for a read-only role.');
    const views = viewsFor(input.aggregatesOnly ?? false);
    const verifier = scramSha256Verifier(input.password);
    try {
      return await this.db.transaction(async (tx) => {
        const result = await applyReadOnlyRole(tx, { name: input.name, verifier, views });
        await this.#record(tx, actor, 'bi.role', null, { name: input.name, created: result.created, views });
        return { ...result, views };
      });
    } catch (error) {
      // Translated by the engine into a general "needs more rights": said here for what this command needs.
      const cause = (error as { cause?: { code?: unknown } }).cause;
      if ((error as { code?: unknown }).code === '42501' || cause?.code === '42501') {
        const said = (cause as { message?: unknown } | undefined)?.message ?? (error as Error).message;
        throw new UserError(
          `The user in the database address may not create the role or grant it access at ${this.where} (PostgreSQL said: ${String(said)}). Run the command as a user with CREATEROLE that owns the database (its owner, or ask your database administrator); nothing was changed.`,
          ExitCode.failure,
          { cause: error },
        );
      }
      throw error;
    }
  }

  /** Who a participant id stands for in a session now: a second laptop merged at the venue is the person it joined (identity lines). */
  async resolveParticipant(programmeId: string, sessionId: string, participantId: string): Promise<Person> {
    return this.#participants.resolve(programmeId, sessionId, participantId);
  }

  /**
   * Participants' events sent straight to the server after the session (`/p`), many requests in one
   * transaction (the server's group commit); see ParticipantLines. One outcome per item, in order.
   */
  async appendParticipantEventBatch(programmeId: string, items: ParticipantBatchItem[], admit: AdmitEvents): Promise<ParticipantBatchOutcome[]> {
    const outcomes = await this.#participants.appendBatch(programmeId, items, admit);
    await this.#linesAdded(outcomes.reduce((n, o) => n + ('stored' in o ? o.stored : 0), 0));
    return outcomes;
  }

  // ---- quests (issue 14; quests.ts) ----

  /** A new quest numbered after the programme's last; `build` makes it and its events for that id. */
  async postQuest(programmeId: string, build: (id: number) => { quest: QuestRecord; events: Step['event'][] }, actor: Actor): Promise<Quest> {
    return quests.postQuest(this.db, programmeId, build, actor);
  }

  /** One lifecycle step on quest `id`, under its row lock (undefined: no such quest). */
  async changeQuest(programmeId: string, id: number, actor: Actor, step: quests.QuestStep): Promise<Quest | undefined> {
    return quests.changeQuest(this.db, programmeId, id, actor, step);
  }

  async getQuest(programmeId: string, id: number): Promise<Quest | undefined> {
    return quests.getQuest(this.db, programmeId, id);
  }

  async listQuests(programmeId: string, filter?: quests.QuestFilter): Promise<Quest[]> {
    return quests.listQuests(this.db, programmeId, filter);
  }

  /** Changes whenever a quest of the programme changes (see quests.ts): readers cache lists by it. */
  async questsVersion(programmeId: string): Promise<string> {
    return quests.questsVersion(this.db, programmeId);
  }

  async staleQuestIds(programmeId: string, cutoff: Date): Promise<number[]> {
    return quests.staleQuestIds(this.db, programmeId, cutoff);
  }

  async questHistory(programmeId: string, id: number): Promise<QuestEvent[]> {
    return quests.questHistory(this.db, programmeId, id);
  }

  async questReusers(programmeId: string, id: number): Promise<PersonRef[]> {
    return quests.questReusers(this.db, programmeId, id);
  }

  async questEventsSince(programmeId: string, since: Date): Promise<Array<QuestEvent & { questId: number }>> {
    return quests.questEventsSince(this.db, programmeId, since);
  }

  /**
   * The person a participant token was issued to (their join line: name, email, team), in any
   * session of the programme. `pending` when the join used an email another laptop had and was not
   * confirmed since (an `identity` line merging it): such a join proves nothing about the email.
   */
  async personByTokenHash(tokenHash: string): Promise<{ programmeId: string; sessionId: string; participantId: string; name: string; email: string; team: string; pending: boolean } | undefined> {
    const [row] = await this.db.query<{ programme_id: string; session_id: string; participant: { id: string; name: string; email: string; team: string }; pending_of: string | null; confirmed: boolean }>(
      `select j.programme_id, j.session_id, j.line->'participant' as participant, j.line->>'pendingOf' as pending_of,
         exists (select 1 from session_lines i where i.programme_id = j.programme_id and i.session_id = j.session_id and i.kind = 'identity'
                   and i.line->>'participantId' = j.line->'participant'->>'id') as confirmed
       from session_lines j where j.kind = 'join' and j.line->>'tokenHash' = $1 limit 1`,
      [tokenHash],
    );
    if (!row) return undefined;
    const p = row.participant;
    return { programmeId: row.programme_id, sessionId: row.session_id, participantId: p.id, name: p.name, email: p.email, team: p.team ?? '', pending: row.pending_of !== null && !row.confirmed };
  }

  /** Someone of the programme by email: on the roster, else as they joined a date. */
  async personByEmail(programmeId: string, email: string): Promise<{ name: string; email: string; team: string } | undefined> {
    const wanted = email.trim().toLowerCase();
    const [onRoster] = await this.db.query<{ name: string; email: string; team: string }>('select name, email, team from roster where programme_id = $1 and lower(email) = $2 limit 1', [programmeId, wanted]);
    if (onRoster) return onRoster;
    const [joined] = await this.db.query<{ participant: { name: string; email: string; team: string } }>(
      "select line->'participant' as participant from session_lines where programme_id = $1 and kind = 'join' and lower(line->'participant'->>'email') = $2 and line->>'pendingOf' is null order by received_at desc limit 1",
      [programmeId, wanted],
    );
    return joined ? { name: joined.participant.name, email: joined.participant.email, team: joined.participant.team ?? '' } : undefined;
  }

  // ---- the skills marketplace (issue 15; skills.ts) ----

  async listSkills(programmeId: string, options?: { approvedOnly?: boolean }): Promise<Skill[]> {
    return skills.listSkills(this.db, programmeId, options);
  }

  async getSkill(programmeId: string, name: string): Promise<{ skill: Skill; versions: SkillVersion[] } | undefined> {
    return skills.getSkill(this.db, programmeId, name);
  }

  async publishSkillVersion(programmeId: string, input: skills.NewVersion, check: skills.PublishCheck, actor: Actor): Promise<{ skill: Skill; version: SkillVersion }> {
    return skills.publishSkillVersion(this.db, programmeId, input, check, actor);
  }

  async reviewSkillVersion(programmeId: string, name: string, version: number, review: NonNullable<SkillVersion['review']>, refuse: (state: SkillVersion['state']) => never, actor: Actor): Promise<{ skill: Skill; version: SkillVersion } | undefined> {
    return skills.reviewSkillVersion(this.db, programmeId, name, version, review, refuse, actor);
  }

  async approvedSkills(programmeId: string): Promise<Array<{ name: string; team: string; version: number; description: string; files: SkillFile[] }>> {
    return skills.approvedSkills(this.db, programmeId);
  }

  async approvedSkillsFingerprint(programmeId: string): Promise<string> {
    return skills.approvedFingerprint(this.db, programmeId);
  }

  async recordSkillInstall(programmeId: string, name: string, person: PersonRef, action: 'install' | 'update' | 'remove', version: number | undefined, at: string): Promise<boolean> {
    return skills.recordInstall(this.db, programmeId, name, person, action, version, at);
  }

  async addSkillUses(programmeId: string, person: PersonRef, days: Array<{ day: string; counts: Record<string, number> }>): Promise<{ stored: number; unknown: string[] }> {
    return skills.addSkillUses(this.db, programmeId, person, days);
  }

  // ---- facilitator tokens ----

  async addToken(input: { name: string; role: TokenRow['role']; tokenHash: string; email?: string }, actor: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [existing] = await tx.query<{ revoked_at: unknown }>('select revoked_at from facilitator_tokens where name = $1 for update', [input.name]);
      if (existing && existing.revoked_at === null) throw new UsageError(`A token named "${input.name}" already exists. Revoke it first, or choose another --name.`);
      if (existing) await tx.query('delete from facilitator_tokens where name = $1', [input.name]);
      await tx.query('insert into facilitator_tokens (name, role, token_hash, created_by, email) values ($1, $2, $3, $4, $5)', [input.name, input.role, input.tokenHash, actor, input.email ?? null]);
      await this.#record(tx, actor, 'token.add', null, { name: input.name, role: input.role, ...(input.email ? { linkedToPerson: true } : {}) });
    });
  }

  async listTokens(): Promise<TokenRow[]> {
    const rows = await this.db.query<{ name: string; role: TokenRow['role']; created_at: Date | string; created_by: string; revoked_at: Date | string | null; revoked_by: string | null }>(
      'select name, role, created_at, created_by, revoked_at, revoked_by from facilitator_tokens order by created_at, name',
    );
    return rows.map((r) => ({
      name: r.name,
      role: r.role,
      createdAt: isoTime(r.created_at),
      createdBy: r.created_by,
      ...(r.revoked_at ? { revokedAt: isoTime(r.revoked_at) } : {}),
      ...(r.revoked_by ? { revokedBy: r.revoked_by } : {}),
    }));
  }

  async revokeToken(name: string, actor: Actor): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query('update facilitator_tokens set revoked_at = now(), revoked_by = $2 where name = $1 and revoked_at is null returning name', [name, actor]);
      if (rows.length > 0) await this.#record(tx, actor, 'token.revoke', null, { name });
      return rows.length > 0;
    });
  }

  /** The live (not revoked) token with this hash. */
  async tokenByHash(tokenHash: string): Promise<{ name: string; role: TokenRow['role']; email?: string } | undefined> {
    const [row] = await this.db.query<{ name: string; role: TokenRow['role']; email: string | null }>('select name, role, email from facilitator_tokens where token_hash = $1 and revoked_at is null', [tokenHash]);
    return row ? { name: row.name, role: row.role, ...(row.email ? { email: row.email } : {}) } : undefined;
  }

  async countTokens(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>('select count(*)::int as n from facilitator_tokens where revoked_at is null');
    return row.n;
  }

  // ---- moving in from folders, whole-database backups (move-in.ts, backup.ts) ----

  /** Brings one programme in from its folders, in one transaction (`workshop data migrate`). */
  async moveInProgramme(snapshot: ProgrammeSnapshot, actor: Actor, options: { replace?: boolean } = {}): Promise<MoveInResult> {
    return this.db.transaction((tx) => moveInProgramme(tx, this, snapshot, actor, options));
  }

  /** Every row of every table, a batch at a time, from one consistent snapshot (`workshop data export`). */
  async exportRows(sink: (table: string, rows: string[]) => Promise<void>): Promise<ExportedRows> {
    return exportRows(this.db, sink);
  }

  /** Restores a backup's rows in one transaction (`workshop data import`). */
  async restoreRows(rows: AsyncIterable<{ table: string; row: Record<string, unknown> }>, options: RestoreOptions): Promise<RestoredRows> {
    return restoreRows(this.db, rows, options);
  }

  async countRows(): Promise<Record<string, number>> {
    return countRows(this.db);
  }
}

interface ProgrammeRow {
  id: string;
  title: string;
  time_zone: string;
  created_at: string;
  settings: ProgrammeSettings;
  sessions: ProgrammeSession[];
}

function toProgramme(row: ProgrammeRow): Programme {
  return ProgrammeFile.parse({ schemaVersion: 1, id: row.id, title: row.title, createdAt: row.created_at, timeZone: row.time_zone, settings: row.settings, sessions: row.sessions });
}

/**
 * PostgreSQL text (and so jsonb) cannot hold the NUL character, which JSON allows: a participant's
 * event with one would be refused for ever, and its laptop would retry it for ever. It is stored as
 * U+FFFD instead. Only the escape `\u0000` itself is replaced, not an escaped backslash before "u0000".
 */
export function withoutNul(json: string): string {
  return json.includes('\\u0000') ? json.replace(/(?<=(?:^|[^\\])(?:\\\\)*)\\u0000/g, '\\ufffd') : json;
}
