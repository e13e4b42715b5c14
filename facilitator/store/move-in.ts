import { LogLine } from '../hub/log-records.js';
import type { SessionMeta } from '../hub/session-meta.js';
import type { Programme, Roster, UsageData, UsageDay } from '../programme/store.js';
import { recordChange } from './change-log.js';
import type { Sql } from './engine.js';
import { deleteUsageDays, writeUsageDays } from './usage-series.js';
import { type CostDay, readCostDays, writeCostDays } from './cost-series.js';

/**
 * Moving a programme in from its folders (`workshop data migrate`, issue 13): the programme, its
 * roster, its usage and every date's log land in ONE transaction, so a programme is in the database
 * whole or not at all, and a second run finds everything already there and writes nothing.
 *
 * A programme the database already holds is compared fact by fact. Log lines the database lacks are
 * added (a folder that went on recording since the last run); anything that differs is a conflict,
 * reported and left alone, unless `replace` says the folder's copy wins. Dates hosted on the
 * programme server are never replaced from a folder: nobody's laptop holds their log.
 */
export interface ProgrammeSnapshot {
  programme: Programme;
  roster: Roster;
  usage: UsageData;
  /** Spend (issue 16: costs.json), so a report of the moved programme shows the same costs. */
  costs?: CostDay[];
  /** Every session folder of the programme (`id` is the folder's name, as reports know it): its session.json and the log's lines the folder reader keeps, in order. */
  sessions: Array<{ id: string; meta: SessionMeta; lines: LogLine[] }>;
}

export interface MoveInCounts {
  programme: number;
  people: number;
  usageImports: number;
  usageDays: number;
  sessions: number;
  lines: number;
}

export type MoveInStatus = 'created' | 'updated' | 'unchanged' | 'replaced' | 'conflict';

export interface MoveInResult {
  programmeId: string;
  status: MoveInStatus;
  /** Rows written by this run (all zero when unchanged or in conflict). */
  added: MoveInCounts;
  /** Log lines the database already had (same date, same hub sequence number). */
  alreadyStored: number;
  /** Events the database already had on another line (the same participant and event id, e.g. sent to the server directly): stored once. */
  sameEventElsewhere: number;
  /** What differs between the folder and the database, one sentence each. */
  differences: string[];
}

/** The store's reads and its one exactly-once line writer, all inside the caller's transaction. */
export interface MoveInStore {
  getProgramme(id: string, tx: Sql): Promise<Programme | undefined>;
  getRoster(programmeId: string, tx: Sql): Promise<Roster>;
  getUsage(programmeId: string, tx: Sql): Promise<UsageData>;
  appendLines(programmeId: string, sessionId: string, origin: 'hub', lines: LogLine[], tx: Sql): Promise<{ stored: number; skipped: number }>;
}

export async function moveInProgramme(tx: Sql, store: MoveInStore, snapshot: ProgrammeSnapshot, actor: string, options: { replace?: boolean } = {}): Promise<MoveInResult> {
  const { programme } = snapshot;
  const id = programme.id;
  const added: MoveInCounts = { programme: 0, people: 0, usageImports: 0, usageDays: 0, sessions: 0, lines: 0 };
  const differences: string[] = [];
  let blocked = false;

  const created =
    (
      await tx.query(
        `insert into programmes (id, title, time_zone, created_at, settings, sessions, updated_by) values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (id) do nothing returning id`,
        [id, programme.title, programme.timeZone, programme.createdAt, JSON.stringify(programme.settings), JSON.stringify(programme.sessions), actor],
      )
    ).length === 1;
  const replaceFacts = { programme: false, roster: false, usage: false, costs: false };
  let newDates = false;
  if (created) {
    added.programme = 1;
    added.people = await insertRoster(tx, id, snapshot.roster, actor);
    Object.assign(added, await insertUsage(tx, id, snapshot.usage, actor));
    if (snapshot.costs?.length) await writeCostDays(tx, id, snapshot.costs);
  } else {
    // The row lock: a server writing this programme meanwhile waits, so the comparison stays true.
    await tx.query('select id from programmes where id = $1 for update', [id]);
    const stored = await store.getProgramme(id, tx);
    const changedFields = (['title', 'timeZone', 'createdAt', 'settings', 'sessions'] as const).filter((k) => canonicalJson(stored?.[k]) !== canonicalJson(programme[k]));
    if (changedFields.length === 1 && changedFields[0] === 'sessions' && stored && onlyAdds(stored.sessions, programme.sessions)) {
      // Dates planned or hosted from the folders since the last run: added, like new log lines.
      newDates = true;
    } else if (changedFields.length > 0) {
      replaceFacts.programme = true;
      differences.push(`programme.json: ${changedFields.join(', ')} differ${changedFields.length === 1 ? 's' : ''} from the database`);
    }
    const roster = await store.getRoster(id, tx);
    if (canonicalJson(roster) !== canonicalJson(snapshot.roster)) {
      replaceFacts.roster = true;
      const dbEmails = new Set(roster.people.map((p) => p.email));
      const same = snapshot.roster.people.filter((p) => dbEmails.has(p.email)).length;
      differences.push(
        `roster.json: ${snapshot.roster.people.length} people in the folder, ${roster.people.length} in the database (${same} in both), updated ${snapshot.roster.updatedAt} in the folder and ${roster.updatedAt} in the database`,
      );
    }
    const usage = await store.getUsage(id, tx);
    if (!sameUsage(usage, snapshot.usage)) {
      replaceFacts.usage = true;
      differences.push(
        `usage.json: ${snapshot.usage.imports.length} imports and ${snapshot.usage.days.length} key-days in the folder, ${usage.imports.length} and ${usage.days.length} in the database`,
      );
    }
  }

  if (!created) {
    const costs = await readCostDays(tx, id);
    if (!sameCosts(costs, snapshot.costs ?? [])) {
      replaceFacts.costs = true;
      differences.push(`costs.json: ${snapshot.costs?.length ?? 0} spend rows in the folder, ${costs.length} in the database`);
    }
  }

  // Dates: which the database has, with their hosting, and which hub lines it already holds.
  const storedSessions = new Map(
    (await tx.query<{ id: string; meta: SessionMeta; hosted: 'server' | 'venue' }>('select id, meta, hosted from hub_sessions where programme_id = $1', [id])).map((r) => [r.id, r]),
  );
  const plans: Array<{ id: string; meta: SessionMeta; insert: boolean; replaceMeta: boolean; replaceLines: boolean; lines: LogLine[]; storedSeqs: Set<number> }> = [];
  for (const session of snapshot.sessions) {
    const sid = session.id;
    const stored = storedSessions.get(sid);
    const plan = { id: sid, meta: session.meta, insert: !stored, replaceMeta: false, replaceLines: false, lines: session.lines, storedSeqs: new Set<number>() };
    plans.push(plan);
    if (!stored) continue;
    if (stored.hosted === 'server') {
      blocked = true;
      differences.push(`date ${sid} is hosted on the programme server; a folder never replaces it`);
      continue;
    }
    if (canonicalJson(stored.meta) !== canonicalJson(session.meta)) {
      plan.replaceMeta = true;
      differences.push(`date ${sid}: session.json differs from the database`);
    }
    const rows = await tx.query<{ seq: number; line: unknown }>("select seq, line from session_lines where programme_id = $1 and session_id = $2 and origin = 'hub'", [id, sid]);
    const byseq = new Map(rows.map((r) => [r.seq, r.line]));
    let differing = 0;
    for (const line of session.lines) {
      const have = byseq.get(line.seq);
      if (have === undefined) continue;
      plan.storedSeqs.add(line.seq);
      const parsed = LogLine.safeParse(have);
      if (!parsed.success || canonicalJson(parsed.data) !== canonicalJson(line)) differing += 1;
    }
    if (differing > 0) {
      plan.replaceLines = true;
      differences.push(`date ${sid}: ${differing} log line(s) differ from the database's lines with the same sequence numbers`);
    }
  }

  const result = (status: MoveInStatus, alreadyStored = 0, sameEventElsewhere = 0): MoveInResult => ({ programmeId: id, status, added, alreadyStored, sameEventElsewhere, differences });
  if (differences.length > 0 && (!options.replace || blocked)) {
    // Nothing has been written on this path (a programme just created has nothing to differ from).
    for (const key of Object.keys(added) as Array<keyof MoveInCounts>) added[key] = 0;
    return result('conflict');
  }

  const replaced = differences.length > 0;
  if (replaceFacts.programme) {
    await tx.query('update programmes set title = $2, time_zone = $3, created_at = $4, settings = $5, sessions = $6, updated_at = now(), updated_by = $7 where id = $1', [
      id,
      programme.title,
      programme.timeZone,
      programme.createdAt,
      JSON.stringify(programme.settings),
      JSON.stringify(programme.sessions),
      actor,
    ]);
    added.programme = 1;
  }
  if (newDates && !replaceFacts.programme) {
    await tx.query('update programmes set sessions = $2, updated_at = now(), updated_by = $3 where id = $1', [id, JSON.stringify(programme.sessions), actor]);
    added.programme = 1;
  }
  if (replaceFacts.roster) {
    await tx.query('delete from roster where programme_id = $1', [id]);
    added.people = await insertRoster(tx, id, snapshot.roster, actor);
  }
  if (replaceFacts.usage) {
    await deleteUsageDays(tx, id);
    await tx.query('delete from usage_imports where programme_id = $1', [id]);
    Object.assign(added, await insertUsage(tx, id, snapshot.usage, actor));
  }
  if (replaceFacts.costs) {
    await tx.query('delete from cost_series where programme_id = $1', [id]);
    if (snapshot.costs?.length) await writeCostDays(tx, id, snapshot.costs);
  }

  let alreadyStored = 0;
  let attempted = 0;
  for (const plan of plans) {
    const sid = plan.id;
    if (plan.insert) {
      await tx.query("insert into hub_sessions (programme_id, id, meta, hosted, created_by) values ($1, $2, $3, 'venue', $4)", [id, sid, JSON.stringify(plan.meta), actor]);
      added.sessions += 1;
    } else if (plan.replaceMeta) {
      await tx.query('update hub_sessions set meta = $3 where programme_id = $1 and id = $2', [id, sid, JSON.stringify(plan.meta)]);
      added.sessions += 1;
    }
    if (plan.replaceLines) {
      await tx.query("delete from session_lines where programme_id = $1 and session_id = $2 and origin = 'hub'", [id, sid]);
      plan.storedSeqs.clear();
    }
    const fresh = plan.lines.filter((l) => !plan.storedSeqs.has(l.seq));
    alreadyStored += plan.lines.length - fresh.length;
    attempted += fresh.length;
    added.lines += (await store.appendLines(id, sid, 'hub', fresh, tx)).stored;
  }
  const sameEventElsewhere = attempted - added.lines;

  const wrote = Object.values(added).some((n) => n > 0);
  if (wrote) await recordChange(tx, actor, replaced ? 'programme.replace' : 'programme.migrate', id, { added, ...(replaced ? { differences } : {}) });
  return result(created ? 'created' : replaced ? 'replaced' : wrote ? 'updated' : 'unchanged', alreadyStored, sameEventElsewhere);
}

async function insertRoster(tx: Sql, programmeId: string, roster: Roster, actor: string): Promise<number> {
  const people = roster.people;
  for (let i = 0; i < people.length; i += 1000) {
    const batch = people.slice(i, i + 1000).map((p, j) => ({ email: p.email, name: p.name, team: p.team, key: p.key ?? null, session: p.session ?? null, ord: i + j }));
    // `order by` so the positions (the roster's order) follow the file's.
    await tx.query(
      `insert into roster (programme_id, email, name, team, key, session, updated_by)
       select $1, x.email, x.name, x.team, x.key, x.session, $2 from jsonb_to_recordset($3::jsonb) as x(email text, name text, team text, key jsonb, session text, ord int) order by x.ord`,
      [programmeId, actor, JSON.stringify(batch)],
    );
  }
  await tx.query('update programmes set roster_updated_at = $2 where id = $1', [programmeId, roster.updatedAt]);
  return people.length;
}

async function insertUsage(tx: Sql, programmeId: string, usage: UsageData, actor: string): Promise<{ usageImports: number; usageDays: number }> {
  if (usage.imports.length > 0) {
    await tx.query(
      `insert into usage_imports (programme_id, file, imported_at, format, rows, imported_by)
       select $1, x.file, x.at, x.format, x.rows, $2 from jsonb_to_recordset($3::jsonb) as x(file text, at text, format text, rows int, ord int) order by x.ord`,
      [programmeId, actor, JSON.stringify(usage.imports.map((u, ord) => ({ file: u.file, at: u.importedAt, format: u.format, rows: u.rows, ord })))],
    );
  }
  await writeUsageDays(tx, programmeId, usage.days);
  return { usageImports: usage.imports.length, usageDays: usage.days.length };
}

/** The folder's planned dates are the database's, in the same order, with more after or between them. */
function onlyAdds<T>(stored: T[], folder: T[]): boolean {
  const wanted = stored.map(canonicalJson);
  let i = 0;
  for (const entry of folder) if (i < wanted.length && canonicalJson(entry) === wanted[i]) i += 1;
  return i === wanted.length && folder.length > stored.length;
}

/**
 * Usage compared row by row as plain strings in one order: 730,000 rows compare in about a second,
 * where their JSON would take many.
 */
function sameUsage(a: UsageData, b: UsageData): boolean {
  if (canonicalJson(a.imports) !== canonicalJson(b.imports) || a.days.length !== b.days.length) return false;
  const key = (d: UsageDay) => `${d.day}\u0000${d.source.kind}\u0000${d.source.value}\u0000${d.requests}\u0000${d.inputTokens ?? ''}\u0000${d.outputTokens ?? ''}`;
  const left = a.days.map(key).sort();
  const right = b.days.map(key).sort();
  return left.every((k, i) => k === right[i]);
}

/** JSON with object keys sorted: the database's jsonb keeps keys in its own order, files in theirs. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

/** Spend compared row by row in one order (amounts as JSON numbers, as both sides store them). */
function sameCosts(a: CostDay[], b: CostDay[]): boolean {
  if (a.length !== b.length) return false;
  const key = (c: CostDay) => JSON.stringify([c.day, c.source.kind, c.source.value, c.lineItem, c.currency, c.amount]);
  const x = a.map(key).sort();
  const y = b.map(key).sort();
  return x.every((k, i) => k === y[i]);
}
