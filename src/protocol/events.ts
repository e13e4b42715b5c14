import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * Participant events: what the CLI records locally and, once joined, reports to the facilitator hub.
 * Shared by both sides. Only ids, codes, scores, counts and timings travel: never an API key, file
 * contents or prompts. A raised hand's message is the one free text, written by the participant to
 * be sent.
 */
export const PROTOCOL_VERSION = 1;

const envelope = {
  id: z.string().uuid(),
  ts: z.string().datetime({ offset: true }),
};

const checkOutcome = z.object({
  id: z.string().min(1).max(80),
  status: z.enum(['ok', 'warn', 'fail', 'skip', 'crash']),
  code: z.string().min(1).max(80),
});

export const DoctorCompletedEvent = z.object({
  ...envelope,
  type: z.literal('doctor.completed'),
  ready: z.boolean(),
  platform: z.string().max(40),
  codexVersion: z.string().max(40).optional(),
  checks: z.array(checkOutcome).max(50),
});

export const ExerciseSetupEvent = z.object({
  ...envelope,
  type: z.literal('exercise.setup'),
  exerciseId: z.string().min(1).max(80),
});

export const ExerciseGradedEvent = z.object({
  ...envelope,
  type: z.literal('exercise.graded'),
  exerciseId: z.string().min(1).max(80),
  passed: z.boolean(),
  score: z.number().min(0),
  maxScore: z.number().min(0),
  noChange: z.boolean(),
  failingChecks: z.array(z.string().max(80)).max(100),
  attempt: z.number().int().min(1),
  codexSessions: z.number().int().min(0),
  changedAfterCodex: z.boolean(),
});

export const HintShownEvent = z.object({
  ...envelope,
  type: z.literal('hint.shown'),
  exerciseId: z.string().min(1).max(80),
  hintIndex: z.number().int().min(0),
});

export const ExerciseResetEvent = z.object({
  ...envelope,
  type: z.literal('exercise.reset'),
  exerciseId: z.string().min(1).max(80),
  undo: z.boolean(),
});

export const PackFinishedEvent = z.object({
  ...envelope,
  type: z.literal('pack.finished'),
  packId: z.string().min(1).max(80),
});

export const HandRaisedEvent = z.object({
  ...envelope,
  type: z.literal('hand.raised'),
  message: z.string().max(280),
});

/**
 * Issue 11: cheap signs of work between gradings, so that "stuck" is told apart from "working": when
 * the exercise folder's files last changed and when Codex last wrote to a session, with a count of
 * changed files. Times and counts only, never a file name or content.
 */
export const ActivityObservedEvent = z.object({
  ...envelope,
  type: z.literal('activity.observed'),
  exerciseId: z.string().min(1).max(80),
  filesChangedAt: z.string().datetime({ offset: true }).optional(),
  codexActiveAt: z.string().datetime({ offset: true }).optional(),
  filesChanged: z.number().int().min(0).max(100_000),
});
export type ActivityObservedEvent = z.infer<typeof ActivityObservedEvent>;

export const HandLoweredEvent = z.object({
  ...envelope,
  type: z.literal('hand.lowered'),
});

const calendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day, YYYY-MM-DD');

/**
 * A task the participant now does with Codex, described by them in order to share it with the
 * organisation (`workshop share`): unlike prompts and file contents, this text is written to be sent.
 */
export const UseCaseSharedEvent = z.object({
  ...envelope,
  type: z.literal('usecase.shared'),
  what: z.string().trim().min(3).max(500),
  team: z.string().trim().max(80),
  frequency: z.enum(['daily', 'weekly', 'monthly', 'occasionally']),
  minutesSavedPerWeek: z.number().int().min(0).max(6000),
  risk: z.enum(['low', 'medium', 'high']),
  reusable: z.boolean(),
  /** Set when the task is the one done in the pack's "own task" exercise. */
  exerciseId: z.string().min(1).max(80).optional(),
});

/**
 * Continued use, counted on the participant's laptop by `workshop pulse` with their consent: how many
 * Codex sessions they started on each day from `since` to `until` (days not listed had none). Only
 * counts derived from session-log timestamps travel, never what was asked or where.
 */
export type UseCaseSharedEvent = z.infer<typeof UseCaseSharedEvent>;

export const PulseReportedEvent = z.object({
  ...envelope,
  type: z.literal('pulse.reported'),
  since: calendarDay,
  until: calendarDay,
  days: z.array(z.object({ day: calendarDay, codexSessions: z.number().int().min(1).max(100_000) })).max(400),
});
export type PulseReportedEvent = z.infer<typeof PulseReportedEvent>;

export const ParticipantEvent = z.discriminatedUnion('type', [
  DoctorCompletedEvent,
  ExerciseSetupEvent,
  ExerciseGradedEvent,
  HintShownEvent,
  ExerciseResetEvent,
  PackFinishedEvent,
  HandRaisedEvent,
  HandLoweredEvent,
  ActivityObservedEvent,
  UseCaseSharedEvent,
  PulseReportedEvent,
]);

export type ParticipantEvent = z.infer<typeof ParticipantEvent>;
export type ParticipantEventType = ParticipantEvent['type'];

type WithoutEnvelope<T> = T extends unknown ? Omit<T, 'id' | 'ts'> : never;
export type NewParticipantEvent = WithoutEnvelope<ParticipantEvent>;

/** Gives a new event its unique id and timestamp. */
export function stampEvent(event: NewParticipantEvent, now: Date = new Date()): ParticipantEvent {
  return ParticipantEvent.parse({ ...event, id: randomUUID(), ts: now.toISOString() });
}
