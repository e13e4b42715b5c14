import { z } from 'zod';
import { ParticipantEvent } from './events.js';

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
  /** Issue 11: table or seat, as typed at join. */
  table: z.string().max(20).optional(),
});
export type ParticipantProfile = z.infer<typeof ParticipantProfile>;

export const JoinLine = z.object({
  kind: z.literal('join'),
  seq,
  at: isoTime,
  participant: ParticipantProfile,
  /** SHA-256 of the token issued by this join. Never the token itself. */
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  /**
   * Issue 12: this join used an email that already had participant `pendingOf` and brought no proof;
   * it is a separate participant until an `identity` line merges it.
   */
  pendingOf: z.string().min(1).max(40).optional(),
  /** SHA-256 of the one-time confirmation code for a pending join. */
  codeHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});

export const EventLine = z.object({
  kind: z.literal('event'),
  seq,
  /** Hub clock when the event arrived (the event's own `ts` is the participant's clock). */
  receivedAt: isoTime,
  participantId: z.string().min(1).max(40),
  event: ParticipantEvent,
});

/** `hand.restored` undoes the last lower; `claimed` puts a helper's name on a hand (null: unclaimed). */
export const FacilitatorAction = z.enum(['hand.lowered', 'helped', 'hand.restored', 'claimed']);
export type FacilitatorAction = z.infer<typeof FacilitatorAction>;

export const ActionLine = z.object({
  kind: z.literal('facilitator'),
  seq,
  at: isoTime,
  participantId: z.string().min(1).max(40),
  action: FacilitatorAction,
  helper: z.string().max(40).nullable().optional(),
});

/** Issue 11: the facilitator steers the room: a message to every laptop, or the target exercise. */
export const RoomLine = z.object({
  kind: z.literal('room'),
  seq,
  at: isoTime,
  change: z.discriminatedUnion('type', [
    z.object({ type: z.literal('message'), id: z.string().max(40), text: z.string().max(280) }),
    z.object({ type: z.literal('target'), exerciseId: z.string().max(80).nullable() }),
  ]),
});

/** Issue 12: a pending join proved to be the same person (`code`) or the facilitator approved it. */
export const IdentityLine = z.object({
  kind: z.literal('identity'),
  seq,
  at: isoTime,
  participantId: z.string().min(1).max(40),
  into: z.string().min(1).max(40),
  by: z.enum(['code', 'facilitator']),
});

export const LogLine = z.discriminatedUnion('kind', [JoinLine, EventLine, ActionLine, RoomLine, IdentityLine]);
export type JoinLine = z.infer<typeof JoinLine>;
export type EventLine = z.infer<typeof EventLine>;
export type ActionLine = z.infer<typeof ActionLine>;
export type RoomLine = z.infer<typeof RoomLine>;
export type IdentityLine = z.infer<typeof IdentityLine>;
export type LogLine = z.infer<typeof LogLine>;

/** What the summary folds: the log without token hashes (they never leave the store). */
export interface JoinRecord {
  kind: 'join';
  seq: number;
  at: string;
  participant: ParticipantProfile;
  pendingOf?: string;
}
export type EventRecord = EventLine;
export type ActionRecord = ActionLine;
export type RoomRecord = RoomLine;
export type IdentityRecord = IdentityLine;
export type SessionRecord = JoinRecord | EventRecord | ActionRecord | RoomRecord | IdentityRecord;

export function toRecord(line: LogLine): SessionRecord {
  if (line.kind === 'join') return { kind: 'join', seq: line.seq, at: line.at, participant: line.participant, ...(line.pendingOf ? { pendingOf: line.pendingOf } : {}) };
  return line;
}
