import type { ParticipantEvent } from '../../src/protocol/events.js';
import type { EventLine } from '../../src/protocol/session-log.js';
import type { Sql } from './engine.js';

/**
 * Queries for what participants send the programme server directly after their session (`/p`),
 * many requests in one transaction (group commit, as the hub's log does with its flushes): who each
 * token's participant is now (a second laptop merged at the venue becomes the person it was merged
 * into, as the venue hub does), which of their events the server already holds (whichever way they
 * came), how much of the session they already use (the hub's per-participant limits), and the insert.
 * Used by Store only: nothing outside facilitator/store/ writes SQL.
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

/** Of `eventIds`, those the session holds from these participant ids, by participant id. */
export async function knownEventIds(sql: Sql, programmeId: string, sessionId: string, participantIds: string[], eventIds: string[]): Promise<Array<{ pid: string; id: string }>> {
  if (eventIds.length === 0 || participantIds.length === 0) return [];
  return sql.query<{ pid: string; id: string }>(
    `select line->>'participantId' as pid, line->'event'->>'id' as id from session_lines
     where programme_id = $1 and session_id = $2 and kind = 'event'
       and line->>'participantId' = any($3::text[]) and line->'event'->>'id' = any($4::text[])`,
    [programmeId, sessionId, participantIds, eventIds],
  );
}

/**
 * Events and bytes each participant id's events take in the session. Bytes are counted on the stored
 * JSON text plus a newline: a little above the hub's figure, so the server never lets through more
 * than the hub would.
 */
export async function eventUsage(sql: Sql, programmeId: string, sessionId: string, participantIds: string[]): Promise<Map<string, Usage>> {
  if (participantIds.length === 0) return new Map();
  const rows = await sql.query<{ pid: string; events: number; bytes: number | string }>(
    `select line->>'participantId' as pid, count(*)::int as events, coalesce(sum(octet_length(line::text) + 1), 0)::bigint as bytes from session_lines
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
