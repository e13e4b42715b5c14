import type { ParticipantEvent } from '../../src/protocol/events.js';
import type { EventLine } from '../../src/protocol/session-log.js';
import type { Db, Sql } from './engine.js';

/**
 * What participants send the programme server directly after their session (`/p`), many requests in
 * one transaction (group commit, as the hub's log gathers its writes into one flush): who each
 * token's participant is now (a second laptop merged at the venue becomes the person it was merged
 * into, as the venue hub does), which of their events the server already holds (whichever way they
 * came), how much of the session they already use (the hub's per-participant limits), and the
 * insert. Used by Store only: nothing outside facilitator/store/ writes SQL.
 *
 * The embedded engine pays for every statement (planning and running it in WebAssembly, on the
 * server's one thread), so a batch is usually one statement, the insert, which is atomic by itself;
 * what changes slowly is kept in memory (the session's merges and each person's usage for a minute,
 * the next seq until an insert finds it taken).
 */

export interface Person {
  /** The participant id events are stored under (after merges). */
  id: string;
  /** Every id that stands for this person in the session, `id` included. */
  aliases: string[];
}

export interface Usage {
  events: number;
  bytes: number;
}

/** One request's events: the session and participant its token belongs to. */
export interface ParticipantBatchItem {
  sessionId: string;
  participantId: string;
  events: ParticipantEvent[];
  receivedAt: string;
}

export type ParticipantBatchOutcome = { stored: number; duplicates: number; person: Person } | { refused: Error };

/**
 * Decides whether one request's new lines fit: an Error refuses that request alone (nothing of it is
 * stored, the others of the batch are). `sizes` are the lines' stored sizes in bytes; `usage` what the
 * person already holds in the session, the batch's earlier requests included.
 */
export type AdmitEvents = (fresh: EventLine[], sizes: number[], usage: Usage) => Error | undefined;

/** A line's size as the hub's log counts it: its JSON and the newline. */
export function lineBytes(line: EventLine): number {
  return Buffer.byteLength(JSON.stringify(line)) + 1;
}

/**
 * The session's merges, folded as the hub's SessionStore does: a pending join confirmed as someone
 * becomes them, and anyone merged into it follows. A line with participantId = into approves history
 * only and merges nobody. Returns id → the person it stands for now.
 */
export async function identityMap(sql: Sql, programmeId: string, sessionId: string): Promise<Map<string, string>> {
  const rows = await sql.query<{ pid: string; into: string }>(
    `select line->>'participantId' as pid, line->>'into' as into from session_lines
     where programme_id = $1 and session_id = $2 and kind = 'identity'
     order by case origin when 'hub' then 0 else 1 end, seq`,
    [programmeId, sessionId],
  );
  const aliases = new Map<string, string>();
  for (const row of rows) {
    if (row.pid === row.into) continue;
    aliases.set(row.pid, row.into);
    for (const [alias, target] of aliases) if (target === row.pid) aliases.set(alias, row.into);
  }
  return aliases;
}

export function personOf(aliases: Map<string, string>, participantId: string): Person {
  const id = aliases.get(participantId) ?? participantId;
  return { id, aliases: [id, ...[...aliases].filter(([alias, target]) => target === id && alias !== id).map(([alias]) => alias)] };
}

/** Of `eventIds`, those the session holds from these participant ids (with the id holding each). */
export async function knownEventIds(sql: Sql, programmeId: string, sessionId: string, participantIds: string[], eventIds: string[]): Promise<Array<{ pid: string; id: string }>> {
  if (participantIds.length === 0 || eventIds.length === 0) return [];
  return sql.query<{ pid: string; id: string }>(
    `select line->>'participantId' as pid, line->'event'->>'id' as id from session_lines
     where programme_id = $1 and session_id = $2 and kind = 'event'
       and line->>'participantId' = any($3::text[]) and line->'event'->>'id' = any($4::text[])`,
    [programmeId, sessionId, participantIds, eventIds],
  );
}

/** The next seq for the server's own lines of a session. */
export async function nextServerSeq(sql: Sql, programmeId: string, sessionId: string): Promise<number> {
  const [row] = await sql.query<{ seq: number }>("select coalesce(max(seq), 0)::int + 1 as seq from session_lines where programme_id = $1 and session_id = $2 and origin = 'server'", [programmeId, sessionId]);
  return row.seq;
}

/**
 * Events and bytes each participant id's events take in the session. Bytes are the stored size of
 * each line (what it takes on the server's disk) plus one, as the hub's log counts its newline.
 */
export async function eventUsage(sql: Sql, programmeId: string, sessionId: string, participantIds: string[]): Promise<Map<string, Usage>> {
  if (participantIds.length === 0) return new Map();
  const rows = await sql.query<{ pid: string; events: number; bytes: number | string }>(
    `select line->>'participantId' as pid, count(*)::int as events, coalesce(sum(pg_column_size(line) + 1), 0)::bigint as bytes from session_lines
     where programme_id = $1 and session_id = $2 and kind = 'event' and line->>'participantId' = any($3::text[])
     group by 1`,
    [programmeId, sessionId, participantIds],
  );
  return new Map(rows.map((r) => [r.pid, { events: r.events, bytes: Number(r.bytes) }]));
}

/**
 * Inserts server-origin event lines, each once (the same rules as Store.appendLines: a seq or an event
 * already stored is skipped), and returns the seqs stored, so each request learns its own count.
 */
export async function insertServerLines(sql: Sql, programmeId: string, sessionId: string, lines: EventLine[]): Promise<Set<number>> {
  const stored = new Set<number>();
  for (let i = 0; i < lines.length; i += 1000) {
    const batch = lines.slice(i, i + 1000).map((line) => ({ s: line.seq, k: line.kind, l: line }));
    const rows = await sql.query<{ seq: number }>(
      `insert into session_lines (programme_id, session_id, origin, seq, kind, line)
       select $1, $2, 'server', x.s, x.k, x.l from jsonb_to_recordset($3::jsonb) as x(s int, k text, l jsonb)
       on conflict do nothing returning seq`,
      [programmeId, sessionId, JSON.stringify(batch)],
    );
    for (const row of rows) stored.add(row.seq);
  }
  return stored;
}

/** The events of a request that are new: not held yet, and each id once even if the request repeats it. */
export function freshEvents(events: ParticipantEvent[], known: Set<string>): ParticipantEvent[] {
  const seen = new Set(known);
  const fresh: ParticipantEvent[] = [];
  for (const event of events) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    fresh.push(event);
  }
  return fresh;
}

/** Serialises server-origin writes to one session; the venue's lines (origin 'hub') are not held up. */
export async function lockServerSeq(tx: Sql, programmeId: string, sessionId: string): Promise<void> {
  await tx.query("select pg_advisory_xact_lock(hashtext($1 || '/' || $2))", [programmeId, sessionId]);
}

const KEEP_MS = 60_000;

export class ParticipantLines {
  readonly #db: Db;
  /**
   * Each session's merges (identity lines), folded. A merge written by another process shows within
   * the minute; until then an event is stored under the id it came with, and reports, which count
   * events per person (email) and event id, are not affected.
   */
  #merges = new Map<string, { at: number; merges: Map<string, string> }>();
  /**
   * What each person's events take in a session, counted up with what this process adds. Lines the
   * venue forwards within the minute are counted at the next refresh: the limits (ten times an
   * honest day) may be passed by that much, never more.
   */
  #usage = new Map<string, { at: number; usage: Usage }>();
  /** The next free seq of each session's server lines (a seq taken elsewhere is found at the insert). */
  #next = new Map<string, number>();

  constructor(db: Db) {
    this.#db = db;
  }

  /** An identity line of the session was stored here: its merges are read again. */
  forgetMerges(programmeId: string, sessionId: string): void {
    this.#merges.delete(`${programmeId}/${sessionId}`);
  }

  async resolve(programmeId: string, sessionId: string, participantId: string): Promise<Person> {
    return personOf(await this.#mergesOf(this.#db, programmeId, sessionId), participantId);
  }

  /**
   * Each request's new events are numbered after the server's own lines of its session (origin
   * 'server'); an event already held (the venue forwarded it, or an earlier request of the batch
   * carried it) is a duplicate; `admit` may refuse one request alone. One outcome per item, in order.
   *
   * The common case is one statement: the insert, numbered from the next seq kept in memory, which
   * skips an event already held (the unique index) and answers which lines it stored. The database
   * is asked what it holds only when that matters: a person with several ids (a merged second
   * laptop), a request that would not fit its limit unless some of it is a resend, and lines the
   * insert skipped that are not resends (their seq was taken elsewhere: numbered again).
   */
  async appendBatch(programmeId: string, items: ParticipantBatchItem[], admit: AdmitEvents): Promise<ParticipantBatchOutcome[]> {
    const outcomes: ParticipantBatchOutcome[] = new Array(items.length);
    const bySession = new Map<string, number[]>();
    items.forEach((item, i) => bySession.set(item.sessionId, [...(bySession.get(item.sessionId) ?? []), i]));
    try {
      for (const [sessionId, indexes] of bySession) await this.#appendSession(programmeId, sessionId, indexes, items, admit, outcomes);
    } catch (error) {
      // What was kept may be off now: read it again.
      this.#usage.clear();
      this.#next.clear();
      throw error;
    }
    return outcomes;
  }

  async #appendSession(programmeId: string, sessionId: string, indexes: number[], items: ParticipantBatchItem[], admit: AdmitEvents, outcomes: ParticipantBatchOutcome[]): Promise<void> {
    const db = this.#db;
    const merges = await this.#mergesOf(db, programmeId, sessionId);
    const people = indexes.map((i) => personOf(merges, items[i].participantId));
    const usage = await this.#usageOf(db, programmeId, sessionId, people);
    const known = new Map<string, Set<string>>();
    const ask = async (person: Person, ids: string[]) => {
      const seen = known.get(person.id) ?? new Set<string>();
      for (const row of await knownEventIds(db, programmeId, sessionId, person.aliases, ids)) seen.add(row.id);
      known.set(person.id, seen);
      return seen;
    };
    for (const [n, person] of people.entries()) if (person.aliases.length > 1 && !known.has(person.id)) await ask(person, items[indexes[n]].events.map((e) => e.id));
    const key = `${programmeId}/${sessionId}`;
    let seq = this.#next.get(key) ?? (await nextServerSeq(db, programmeId, sessionId));
    const taken: Array<{ index: number; person: Person; lines: EventLine[]; sizes: number[] }> = [];
    for (const [n, index] of indexes.entries()) {
      const person = people[n];
      const used = usage.get(person.id) ?? { events: 0, bytes: 0 };
      const number = (seen: Set<string>) => {
        const lines: EventLine[] = freshEvents(items[index].events, seen).map((event, k) => ({ kind: 'event', seq: seq + k, receivedAt: items[index].receivedAt, participantId: person.id, event }));
        return { lines, sizes: lines.map(lineBytes) };
      };
      let { lines, sizes } = number(known.get(person.id) ?? new Set());
      let refusal = lines.length > 0 ? admit(lines, sizes, used) : undefined;
      if (refusal) {
        // Perhaps a resend: events already held do not count against the limit.
        ({ lines, sizes } = number(await ask(person, items[index].events.map((e) => e.id))));
        refusal = lines.length > 0 ? admit(lines, sizes, used) : undefined;
      }
      if (refusal) {
        outcomes[index] = { refused: refusal };
        continue;
      }
      seq += lines.length;
      const seen = known.get(person.id) ?? new Set<string>();
      for (const line of lines) seen.add(line.event.id);
      known.set(person.id, seen);
      usage.set(person.id, { events: used.events + lines.length, bytes: used.bytes + sizes.reduce((a, b) => a + b, 0) });
      taken.push({ index, person, lines, sizes });
    }
    const stored = await this.#insert(programmeId, sessionId, taken, seq);
    this.#next.set(key, stored.next);
    for (const { index, person, lines, sizes } of taken) {
      const count = lines.filter((line) => stored.events.has(`${person.id} ${line.event.id}`)).length;
      outcomes[index] = { stored: count, duplicates: items[index].events.length - count, person };
      // A resend the insert skipped does not count twice.
      const skipped = lines.reduce((sum, line, k) => (stored.events.has(`${person.id} ${line.event.id}`) ? sum : sum + sizes[k]), 0);
      const used = usage.get(person.id)!;
      usage.set(person.id, { events: used.events - (lines.length - count), bytes: used.bytes - skipped });
    }
    for (const person of new Set(taken.map((t) => t.person.id))) {
      const entry = this.#usage.get(`${key}/${person}`);
      if (entry) entry.usage = usage.get(person)!;
    }
  }

  /**
   * Inserts the lines; a line skipped whose event the session does not hold lost its seq to another
   * writer, so it is numbered again after the session's last line and inserted again. Answers the
   * events stored ("person event-id") and the next free seq.
   */
  async #insert(programmeId: string, sessionId: string, taken: Array<{ person: Person; lines: EventLine[] }>, next: number): Promise<{ events: Set<string>; next: number }> {
    const events = new Set<string>();
    let pending = taken.flatMap((t) => t.lines.map((line) => ({ person: t.person, line })));
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      const stored = await insertServerLines(this.#db, programmeId, sessionId, pending.map((p) => p.line));
      const skipped = pending.filter((p) => !stored.has(p.line.seq));
      for (const p of pending) if (stored.has(p.line.seq)) events.add(`${p.person.id} ${p.line.event.id}`);
      if (skipped.length === 0) break;
      const held = new Set<string>();
      for (const person of new Set(skipped.map((p) => p.person))) {
        const ids = skipped.filter((p) => p.person === person).map((p) => p.line.event.id);
        for (const row of await knownEventIds(this.#db, programmeId, sessionId, person.aliases, ids)) held.add(`${person.id} ${row.id}`);
      }
      pending = skipped.filter((p) => !held.has(`${p.person.id} ${p.line.event.id}`));
      if (pending.length === 0) break;
      if (attempt >= 3) throw new Error(`could not number ${pending.length} event line(s) of session ${sessionId}: another process keeps taking their seqs`);
      next = await nextServerSeq(this.#db, programmeId, sessionId);
      pending = pending.map((p, k) => ({ person: p.person, line: { ...p.line, seq: next + k } }));
      next += pending.length;
    }
    return { events, next };
  }

  async #mergesOf(sql: Sql, programmeId: string, sessionId: string): Promise<Map<string, string>> {
    const key = `${programmeId}/${sessionId}`;
    const kept = this.#merges.get(key);
    if (kept && Date.now() - kept.at < KEEP_MS) return kept.merges;
    const merges = await identityMap(sql, programmeId, sessionId);
    if (this.#merges.size > 1000) this.#merges.clear();
    this.#merges.set(key, { at: Date.now(), merges });
    return merges;
  }

  async #usageOf(sql: Sql, programmeId: string, sessionId: string, people: Person[]): Promise<Map<string, Usage>> {
    const base = `${programmeId}/${sessionId}/`;
    const now = Date.now();
    const stale = [...new Map(people.map((p) => [p.id, p])).values()].filter((p) => {
      const entry = this.#usage.get(base + p.id);
      return !entry || now - entry.at >= KEEP_MS;
    });
    if (stale.length > 0) {
      const counted = await eventUsage(sql, programmeId, sessionId, stale.flatMap((p) => p.aliases));
      if (this.#usage.size > 100_000) this.#usage.clear();
      for (const person of stale) {
        const sum = { events: 0, bytes: 0 };
        for (const alias of person.aliases) {
          const used = counted.get(alias);
          if (used) {
            sum.events += used.events;
            sum.bytes += used.bytes;
          }
        }
        // Spread over the next half minute, so that a room's counts are not all read again at once.
        this.#usage.set(base + person.id, { at: now - Math.random() * (KEEP_MS / 2), usage: sum });
      }
    }
    return new Map(people.map((p) => [p.id, { ...this.#usage.get(base + p.id)!.usage }]));
  }
}
