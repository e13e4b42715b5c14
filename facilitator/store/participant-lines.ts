import type { ParticipantEvent } from '../../src/protocol/events.js';
import type { EventLine } from '../../src/protocol/session-log.js';
import type { Sql } from './engine.js';

/**
 * Queries for what participants send the programme server directly after their session (`/p`):
 * who a token's participant is now (a second laptop merged at the venue becomes the person it was
 * merged into, as the venue hub does), which of their events the server already holds (whichever
 * way they came), and how much of the session they already use (the hub's per-participant limits).
 * Used by Store only: nothing outside facilitator/store/ writes SQL.
 */

export interface Person {
  /** The participant id events are stored under (after merges). */
  id: string;
  /** Every id that stands for this person in the session, `id` included. */
  aliases: string[];
}

/**
 * Folds the session's identity lines (issue 12) as the hub's SessionStore does: a pending join
 * confirmed as someone becomes them, and anyone merged into it follows. A line with
 * participantId = into approves history only and merges nobody.
 */
export async function resolvePerson(sql: Sql, programmeId: string, sessionId: string, participantId: string): Promise<Person> {
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
  const id = aliases.get(participantId) ?? participantId;
  return { id, aliases: [id, ...[...aliases].filter(([alias, target]) => target === id && alias !== id).map(([alias]) => alias)] };
}

/** Of `eventIds`, those the session already holds from this person (venue or server). */
export async function knownEventIds(sql: Sql, programmeId: string, sessionId: string, person: Person, eventIds: string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = await sql.query<{ id: string }>(
    `select line->'event'->>'id' as id from session_lines
     where programme_id = $1 and session_id = $2 and kind = 'event'
       and line->>'participantId' = any($3::text[]) and line->'event'->>'id' = any($4::text[])`,
    [programmeId, sessionId, person.aliases, eventIds],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Events and bytes this person's events take in the session. Bytes are counted on the stored JSON
 * text (one more per line, as the hub's log counts its newline): a little above the hub's figure,
 * so the server never lets through more than the hub would.
 */
export async function eventUsage(sql: Sql, programmeId: string, sessionId: string, person: Person): Promise<{ events: number; bytes: number }> {
  const [row] = await sql.query<{ events: number; bytes: number | string }>(
    `select count(*)::int as events, coalesce(sum(octet_length(line::text) + 1), 0)::bigint as bytes from session_lines
     where programme_id = $1 and session_id = $2 and kind = 'event' and line->>'participantId' = any($3::text[])`,
    [programmeId, sessionId, person.aliases],
  );
  return { events: row.events, bytes: Number(row.bytes) };
}

/** The events of a batch that are new: not stored yet, and each id once even if the batch repeats it. */
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

/** Decides whether fresh lines fit (throws to refuse; the transaction then changes nothing). */
export type AdmitEvents = (fresh: EventLine[], usage: { events: number; bytes: number }) => void;
