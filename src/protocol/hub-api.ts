import { z } from 'zod';
import { PROTOCOL_VERSION, ParticipantEvent } from './events.js';
import { FollowUpUrl } from './follow-up-url.js';

/**
 * The hub's HTTP protocol: request and response bodies shared by the participant CLI (src/report/)
 * and the hub (facilitator/hub/). The version is in the path (`/v1/...`) and in every response's
 * `protocol` field; a breaking change gets a new path so that old kits get a clear answer instead of
 * a misread one. docs/protocol.md documents every endpoint.
 */
export const HUB_PROTOCOL_VERSION = PROTOCOL_VERSION;
export const API_PREFIX = `/v${HUB_PROTOCOL_VERSION}`;

export const HubPaths = {
  hello: `${API_PREFIX}/hello`,
  join: `${API_PREFIX}/join`,
  events: `${API_PREFIX}/events`,
  facilitatorState: `${API_PREFIX}/facilitator/state`,
  facilitatorStream: `${API_PREFIX}/facilitator/stream`,
  lowerHand: `${API_PREFIX}/facilitator/participants/:participantId/lower-hand`,
  markHelped: `${API_PREFIX}/facilitator/participants/:participantId/helped`,
  // Issue 11: steering the room.
  room: `${API_PREFIX}/room`,
  confirmIdentity: `${API_PREFIX}/identity/confirm`,
  restoreHand: `${API_PREFIX}/facilitator/participants/:participantId/restore-hand`,
  claimHand: `${API_PREFIX}/facilitator/participants/:participantId/claim`,
  approveIdentity: `${API_PREFIX}/facilitator/participants/:participantId/approve`,
  roomMessage: `${API_PREFIX}/facilitator/room/message`,
  roomTarget: `${API_PREFIX}/facilitator/room/target`,
  dashboard: '/dashboard',
  kit: '/kit.tgz',
} as const;

/** Largest batch of events one request may carry; the outbox sends at most this many at once. */
export const MAX_EVENTS_PER_REQUEST = 500;

/** Names and teams are shown on a projector and written to CSV: one line, no control characters. */
const personText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'must be one line without control characters');

export const SessionCode = z
  .string()
  .trim()
  .max(20)
  .transform((code) => normaliseSessionCode(code));

/** "abcd1234", " ABCD-1234 " and "abcd 1234" all mean ABCD-1234: people copy codes from a projector. */
export function normaliseSessionCode(code: string): string {
  const compact = code.toUpperCase().replace(/[\s-]/g, '');
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact;
}

export const JoinRequest = z
  .object({
    code: SessionCode,
    name: personText(80),
    email: z.string().trim().toLowerCase().pipe(z.email('must be an email address').max(200)),
    team: personText(80),
    kitVersion: z.string().max(40).optional(),
    /** Issue 11: where they sit ("T3", "table 4, seat 2"), so a helper can find them. */
    table: personText(20).optional(),
    /** The email was typed on purpose even though it is close to an invited one (`--email` wins). */
    emailAsTyped: z.boolean().optional(),
    /**
     * Proof that this laptop already is this person (issue 12): a participant token this laptop was
     * given earlier for the same email, at this session or an earlier date of the programme.
     */
    proof: z.string().min(20).max(200).optional(),
  })
  .strict();
export type JoinRequest = z.input<typeof JoinRequest>;

/**
 * Issue 12: a person is not an email address. When the email already has a participant here and the
 * join brings no proof, the newcomer is a separate participant until a one-time code (shown on the
 * first laptop and the dashboard) or the facilitator confirms it: `pending` until then.
 */
export const IdentityState = z.object({
  state: z.enum(['confirmed', 'pending']),
  /** How many laptops this participant uses (after confirmation). */
  laptops: z.number().int().min(1).optional(),
});
export type IdentityState = z.infer<typeof IdentityState>;

export const SessionInfo = z.object({
  id: z.string(),
  title: z.string(),
  programmeId: z.string().optional(),
  startsAt: z.string().optional(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/**
 * Issue 13: a venue hub that syncs to the programme server tells laptops where to send after the
 * session, when the venue laptop is gone: the server's participant prefix (`<server>/p`), which
 * takes the same requests with the token this join gave.
 */
export { FollowUpUrl };

export const JoinResponse = z.object({
  protocol: z.literal(HUB_PROTOCOL_VERSION),
  participantId: z.string().min(1),
  /** Bearer token for POST /v1/events; shown once, kept by the participant (the hub keeps a hash). */
  token: z.string().min(20),
  /** True when this email had joined this session before (same participant id, new token). */
  rejoined: z.boolean(),
  session: SessionInfo,
  /** Issue 6 catch-up, on a date of a programme: what the programme's earlier dates know about this email. */
  history: z
    .object({
      returning: z.boolean(),
      sessions: z.array(z.string().max(60)).max(100),
      passedExercises: z.array(z.string().max(80)).max(200),
      finished: z.boolean(),
    })
    .optional(),
  /** Issue 12: `pending` when the email already belonged to someone here and no proof came with the join. */
  identity: IdentityState.optional(),
  /** Issue 11: the email is not on the invitation list, but this invited one is close (a typo?). */
  emailSuggestion: z.string().max(200).optional(),
  /** Issue 13: where to send events after the session, when this hub is gone (see FollowUpUrl). */
  followUpUrl: FollowUpUrl.optional(),
});
export type JoinResponse = z.infer<typeof JoinResponse>;

/** Issue 11: 409 to a join whose email is close to an invited one: the CLI asks which one is meant. */
export const EmailSuggestionResponse = z.object({
  error: z.literal('email_suggestion'),
  reason: z.string(),
  suggestion: z.string().max(200),
});

export const RoomMessage = z.object({
  id: z.string().max(40),
  text: z.string().max(280),
  at: z.string().datetime({ offset: true }),
});
export type RoomMessage = z.infer<typeof RoomMessage>;

/** What a laptop learns about the room on its next command (GET /v1/room, participant token). */
export const RoomResponse = z.object({
  protocol: z.literal(HUB_PROTOCOL_VERSION),
  message: RoomMessage.optional(),
  /** The exercise the room should be on now (the facilitator's target or the profile's timetable). */
  target: z.object({ exerciseId: z.string().max(80) }).optional(),
  /** This laptop's identity; with `history` once a pending join was confirmed (catch-up). */
  identity: IdentityState.extend({ participantId: z.string().max(40) }),
  history: z
    .object({ returning: z.boolean(), sessions: z.array(z.string().max(60)).max(100), passedExercises: z.array(z.string().max(80)).max(200), finished: z.boolean() })
    .optional(),
  /** This person's raised hand as the hub has it (lowered on the dashboard: absent). */
  hand: z.object({ message: z.string().max(280) }).optional(),
  /** Someone else is joining with this laptop's email: the code to type there if it is really you. */
  claims: z.array(z.object({ code: z.string().regex(/^\d{6}$/), at: z.string().datetime({ offset: true }) })).max(10),
});
export type RoomResponse = z.infer<typeof RoomResponse>;

export const ConfirmIdentityRequest = z.object({ code: z.string().trim().regex(/^\d{6}$/, 'must be the 6 digits shown on your other laptop or the dashboard') }).strict();

export const RoomMessageRequest = z
  .object({
    /** Free text, or empty to clear the message. */
    text: z.string().trim().max(280).regex(/^[^\u0000-\u0008\u000b-\u001f\u007f]*$/, 'must not contain control characters'),
  })
  .strict();

export const RoomTargetRequest = z.object({ exerciseId: z.string().trim().min(1).max(80).nullable() }).strict();

export const ClaimRequest = z.object({ helper: personText(40).nullable() }).strict();

export const EventsRequest = z
  .object({
    events: z.array(ParticipantEvent).min(1, 'must carry at least one event').max(MAX_EVENTS_PER_REQUEST, `must carry at most ${MAX_EVENTS_PER_REQUEST} events`),
  })
  .strict();
export type EventsRequest = z.infer<typeof EventsRequest>;

export const EventsResponse = z.object({
  protocol: z.literal(HUB_PROTOCOL_VERSION),
  /** Events written (and flushed to disk) by this request. */
  accepted: z.number().int().min(0),
  /** Events the hub already had (same participant, same event id); also safe on disk. */
  duplicates: z.number().int().min(0),
});
export type EventsResponse = z.infer<typeof EventsResponse>;

export const HelloResponse = z.object({
  protocol: z.literal(HUB_PROTOCOL_VERSION),
  service: z.literal('codex-workshop-hub'),
  kitVersion: z.string(),
  session: SessionInfo,
  /** Issue 13: where this session's participants send after it (see FollowUpUrl). */
  followUpUrl: FollowUpUrl.optional(),
});
export type HelloResponse = z.infer<typeof HelloResponse>;

/** Every 4xx/5xx answer: a stable machine `error` and a `reason` written for a person. */
export const ErrorResponse = z.object({
  error: z.string(),
  reason: z.string(),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

export const FacilitatorActionResponse = z.object({
  protocol: z.literal(HUB_PROTOCOL_VERSION),
  ok: z.literal(true),
});
