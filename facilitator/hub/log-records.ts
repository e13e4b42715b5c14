import { z } from 'zod';
import { ParticipantEvent } from '../../src/protocol/events.js';

/**
 * The lines of a session's append-only log (`log.jsonl`), one JSON object per line. Three kinds share
 * one log so that their order is one sequence (`seq`): a participant joining, a participant's event,
 * and a facilitator's action on a participant. This is the on-disk contract the report and the
 * programme features (issue 6) read through `readSession()`; docs/protocol.md describes it.
 */
const seq = z.number().int().min(1);
const isoTime = z.string().datetime({ offset: true });

export const ParticipantProfile = z.object({
  id: z.string().min(1).max(40),
  name: z.string().max(80),
  email: z.string().max(200),
  team: z.string().max(80),
});
export type ParticipantProfile = z.infer<typeof ParticipantProfile>;

export const JoinLine = z.object({
  kind: z.literal('join'),
  seq,
  at: isoTime,
  participant: ParticipantProfile,
  /** SHA-256 of the token issued by this join. Never the token itself. */
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
});

export const EventLine = z.object({
  kind: z.literal('event'),
  seq,
  /** Hub clock when the event arrived (the event's own `ts` is the participant's clock). */
  receivedAt: isoTime,
  participantId: z.string().min(1).max(40),
  event: ParticipantEvent,
});

export const FacilitatorAction = z.enum(['hand.lowered', 'helped']);
export type FacilitatorAction = z.infer<typeof FacilitatorAction>;

export const ActionLine = z.object({
  kind: z.literal('facilitator'),
  seq,
  at: isoTime,
  participantId: z.string().min(1).max(40),
  action: FacilitatorAction,
});

export const LogLine = z.discriminatedUnion('kind', [JoinLine, EventLine, ActionLine]);
export type JoinLine = z.infer<typeof JoinLine>;
export type EventLine = z.infer<typeof EventLine>;
export type ActionLine = z.infer<typeof ActionLine>;
export type LogLine = z.infer<typeof LogLine>;

/** What the summary folds: the log without token hashes (they never leave the store). */
export interface JoinRecord {
  kind: 'join';
  seq: number;
  at: string;
  participant: ParticipantProfile;
}
export type EventRecord = EventLine;
export type ActionRecord = ActionLine;
export type SessionRecord = JoinRecord | EventRecord | ActionRecord;

export function toRecord(line: LogLine): SessionRecord {
  if (line.kind === 'join') return { kind: 'join', seq: line.seq, at: line.at, participant: line.participant };
  return line;
}
