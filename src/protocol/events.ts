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

export const HandLoweredEvent = z.object({
  ...envelope,
  type: z.literal('hand.lowered'),
});

export const ParticipantEvent = z.discriminatedUnion('type', [
  DoctorCompletedEvent,
  ExerciseSetupEvent,
  ExerciseGradedEvent,
  HintShownEvent,
  ExerciseResetEvent,
  PackFinishedEvent,
  HandRaisedEvent,
  HandLoweredEvent,
]);

export type ParticipantEvent = z.infer<typeof ParticipantEvent>;
export type ParticipantEventType = ParticipantEvent['type'];

type WithoutEnvelope<T> = T extends unknown ? Omit<T, 'id' | 'ts'> : never;
export type NewParticipantEvent = WithoutEnvelope<ParticipantEvent>;

/** Gives a new event its unique id and timestamp. */
export function stampEvent(event: NewParticipantEvent, now: Date = new Date()): ParticipantEvent {
  return ParticipantEvent.parse({ ...event, id: randomUUID(), ts: now.toISOString() });
}
