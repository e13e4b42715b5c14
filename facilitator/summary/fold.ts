import type { SessionRecord } from '../hub/log-records.js';
import type { ParticipantEvent } from '../../src/protocol/events.js';

/**
 * Folds a session's records into per-participant state: the pure core of the dashboard and the
 * report. No clock, no disk: `foldRecord` only reads the record it is given. It mutates the fold it
 * owns (100,000 events must fold in well under 300 ms, so no copying per event); `foldRecords`
 * starts a fresh fold, so callers see a pure function of the records.
 *
 * Two clocks meet here. A participant's events carry their laptop's clock (`ts`); the hub stamps
 * `receivedAt`. Durations on one laptop (minutes on a step) use the laptop clock, which is right even
 * for events that arrive late. To compare with the hub clock (minutes since, stuck for), times are
 * shifted by the laptop's estimated offset: the smallest `receivedAt - ts` seen, i.e. clock skew plus
 * the fastest delivery (late deliveries only ever make the difference larger).
 */
export interface DoctorState {
  ready: boolean;
  /** Laptop clock, ms. */
  at: number;
  /** Failing (fail/crash) checks, in the doctor's order. */
  blockers: Array<{ checkId: string; code: string }>;
  warnings: Array<{ checkId: string; code: string }>;
}

export interface ExerciseState {
  id: string;
  /** First setup of this exercise (laptop clock, ms). */
  firstStartedAt: number;
  /** Latest (re)start of the step: setup or goto back to it (laptop clock, ms). */
  stepStartedAt: number;
  attempts: number;
  passed: boolean;
  /** First pass (laptop clock, ms). */
  passedAt?: number;
  bestScore: number;
  lastScore?: number;
  maxScore?: number;
  failedInRow: number;
  lastFailingChecks: string[];
  /** Failing check id → how many gradings failed on it. */
  failingCheckCounts: Map<string, number>;
  codexSessions: number;
  hints: number;
  resets: number;
  /** Was this person stuck on this exercise at some point (for the report). */
  everStuck: boolean;
  handsRaised: number;
}

export interface ParticipantState {
  id: string;
  name: string;
  email: string;
  team: string;
  /** First join (hub clock, ms). */
  joinedAt: number;
  /** Latest record about this participant (hub clock, ms). */
  lastSeenAt: number;
  /** Estimated laptop-minus-hub offset in ms (hub = laptop + offset); undefined before any event. */
  clockOffsetMs?: number;
  doctor?: DoctorState;
  everReady: boolean;
  doctorRuns: number;
  exercises: Map<string, ExerciseState>;
  currentExerciseId?: string;
  /** Last forward step (new exercise, pass, better score), laptop clock ms. */
  lastProgressAt?: number;
  hand?: { message: string; raisedAt: number; raisedAtHub: number };
  handsRaised: number;
  /** The facilitator marked them as helped (hub clock, ms). */
  helpedAt?: number;
  finished: boolean;
  codexUsed: boolean;
  events: number;
}

export interface SessionFold {
  participants: Map<string, ParticipantState>;
  /** Ids of participants changed since the caller last cleared this set (live updates). */
  changed: Set<string>;
  events: number;
  stuckAfterMs: number;
}

export interface FoldOptions {
  /** Minutes without progress before someone counts as stuck (profile `stuckAfterMinutes`). */
  stuckAfterMinutes: number;
}

export const FAILED_GRADINGS_FOR_STUCK = 3;

export function createFold(options: FoldOptions): SessionFold {
  return { participants: new Map(), changed: new Set(), events: 0, stuckAfterMs: options.stuckAfterMinutes * 60_000 };
}

export function foldRecords(records: Iterable<SessionRecord>, options: FoldOptions): SessionFold {
  const fold = createFold(options);
  for (const record of records) foldRecord(fold, record);
  fold.changed.clear();
  return fold;
}

export function foldRecord(fold: SessionFold, record: SessionRecord): void {
  if (record.kind === 'join') {
    const at = isoMs(record.at);
    const existing = fold.participants.get(record.participant.id);
    if (existing) {
      existing.name = record.participant.name;
      existing.email = record.participant.email;
      existing.team = record.participant.team;
      existing.lastSeenAt = Math.max(existing.lastSeenAt, at);
    } else {
      fold.participants.set(record.participant.id, newParticipant(record.participant, at));
    }
    fold.changed.add(record.participant.id);
    return;
  }
  const participant = fold.participants.get(record.participantId);
  // Records of someone whose join line was lost (a damaged log) are still counted, under their id.
  const p = participant ?? adoptUnknown(fold, record.participantId, record.kind === 'event' ? record.receivedAt : record.at);
  fold.changed.add(p.id);
  if (record.kind === 'facilitator') {
    const at = isoMs(record.at);
    p.lastSeenAt = Math.max(p.lastSeenAt, at);
    p.hand = undefined;
    if (record.action === 'helped') {
      p.helpedAt = at;
      // Help restarts the clock: the stuck flag should come back only if they are stuck again.
      const current = p.currentExerciseId ? p.exercises.get(p.currentExerciseId) : undefined;
      if (current) current.failedInRow = 0;
    }
    return;
  }
  const received = isoMs(record.receivedAt);
  const ts = isoMs(record.event.ts);
  const offset = received - ts;
  if (p.clockOffsetMs === undefined || offset < p.clockOffsetMs) p.clockOffsetMs = offset;
  p.lastSeenAt = Math.max(p.lastSeenAt, received);
  p.events += 1;
  fold.events += 1;
  applyEvent(fold, p, record.event, ts, received);
}

function applyEvent(fold: SessionFold, p: ParticipantState, event: ParticipantEvent, ts: number, received: number): void {
  switch (event.type) {
    case 'doctor.completed': {
      // Results can arrive out of order (two laptops, a late outbox): keep the newest run.
      p.doctorRuns += 1;
      if (event.ready) p.everReady = true;
      if (p.doctor && p.doctor.at > ts) return;
      const blockers: DoctorState['blockers'] = [];
      const warnings: DoctorState['warnings'] = [];
      for (const check of event.checks) {
        if (check.status === 'fail' || check.status === 'crash') blockers.push({ checkId: check.id, code: check.code });
        else if (check.status === 'warn') warnings.push({ checkId: check.id, code: check.code });
      }
      p.doctor = { ready: event.ready, at: ts, blockers, warnings };
      return;
    }
    case 'exercise.setup': {
      const exercise = exerciseOf(p, event.exerciseId, ts);
      const isNewStep = p.currentExerciseId !== event.exerciseId;
      exercise.stepStartedAt = ts;
      exercise.failedInRow = 0;
      p.currentExerciseId = event.exerciseId;
      if (isNewStep) markProgress(p, ts);
      return;
    }
    case 'exercise.graded': {
      const exercise = exerciseOf(p, event.exerciseId, ts);
      p.currentExerciseId = event.exerciseId;
      noteStuckGap(fold, p, exercise, ts);
      exercise.attempts = Math.max(exercise.attempts + 1, event.attempt);
      exercise.lastScore = event.score;
      exercise.maxScore = event.maxScore;
      exercise.codexSessions = Math.max(exercise.codexSessions, event.codexSessions);
      if (event.codexSessions > 0) p.codexUsed = true;
      if (event.passed) {
        if (!exercise.passed) {
          exercise.passed = true;
          exercise.passedAt = ts;
        }
        exercise.failedInRow = 0;
        exercise.lastFailingChecks = [];
        exercise.bestScore = Math.max(exercise.bestScore, event.score);
        markProgress(p, ts);
        return;
      }
      exercise.failedInRow += 1;
      exercise.lastFailingChecks = event.failingChecks;
      for (const check of event.failingChecks) exercise.failingCheckCounts.set(check, (exercise.failingCheckCounts.get(check) ?? 0) + 1);
      if (exercise.failedInRow >= FAILED_GRADINGS_FOR_STUCK) exercise.everStuck = true;
      if (event.score > exercise.bestScore) {
        exercise.bestScore = event.score;
        markProgress(p, ts);
      }
      return;
    }
    case 'hint.shown': {
      const exercise = exerciseOf(p, event.exerciseId, ts);
      exercise.hints = Math.max(exercise.hints, event.hintIndex + 1);
      return;
    }
    case 'exercise.reset': {
      exerciseOf(p, event.exerciseId, ts).resets += 1;
      return;
    }
    case 'pack.finished': {
      p.finished = true;
      markProgress(p, ts);
      return;
    }
    case 'hand.raised': {
      p.hand = { message: event.message, raisedAt: ts, raisedAtHub: received };
      p.handsRaised += 1;
      const current = p.currentExerciseId ? p.exercises.get(p.currentExerciseId) : undefined;
      if (current) current.handsRaised += 1;
      return;
    }
    case 'hand.lowered': {
      p.hand = undefined;
      return;
    }
  }
}

function markProgress(p: ParticipantState, ts: number): void {
  if (p.lastProgressAt === undefined || ts > p.lastProgressAt) p.lastProgressAt = ts;
}

/** A long gap without progress while on an exercise counts as having been stuck there. */
function noteStuckGap(fold: SessionFold, p: ParticipantState, exercise: ExerciseState, ts: number): void {
  if (exercise.passed) return;
  const since = Math.max(p.lastProgressAt ?? exercise.stepStartedAt, exercise.stepStartedAt);
  if (ts - since >= fold.stuckAfterMs) exercise.everStuck = true;
}

function exerciseOf(p: ParticipantState, id: string, ts: number): ExerciseState {
  let exercise = p.exercises.get(id);
  if (!exercise) {
    exercise = {
      id,
      firstStartedAt: ts,
      stepStartedAt: ts,
      attempts: 0,
      passed: false,
      bestScore: 0,
      failedInRow: 0,
      lastFailingChecks: [],
      failingCheckCounts: new Map(),
      codexSessions: 0,
      hints: 0,
      resets: 0,
      everStuck: false,
      handsRaised: 0,
    };
    p.exercises.set(id, exercise);
  } else if (ts < exercise.firstStartedAt) {
    exercise.firstStartedAt = ts;
  }
  return exercise;
}

function newParticipant(profile: { id: string; name: string; email: string; team: string }, at: number): ParticipantState {
  return {
    id: profile.id,
    name: profile.name,
    email: profile.email,
    team: profile.team,
    joinedAt: at,
    lastSeenAt: at,
    everReady: false,
    doctorRuns: 0,
    exercises: new Map(),
    handsRaised: 0,
    finished: false,
    codexUsed: false,
    events: 0,
  };
}

function adoptUnknown(fold: SessionFold, id: string, at: string): ParticipantState {
  const p = newParticipant({ id, name: `(unknown ${id})`, email: '', team: '' }, isoMs(at));
  fold.participants.set(id, p);
  return p;
}

/**
 * Milliseconds of an ISO time. Every record carries one or two, so the common shape
 * `2026-12-03T09:00:00.000Z` (what toISOString writes) is read digit by digit, several times faster
 * than Date.parse; any other valid shape (an offset, no milliseconds) goes to Date.parse.
 */
export function isoMs(text: string): number {
  if (text.length === 24 && text.charCodeAt(23) === 90 && text.charCodeAt(10) === 84 && text.charCodeAt(19) === 46) {
    const d = (from: number, to: number) => {
      let value = 0;
      for (let i = from; i < to; i += 1) {
        const digit = text.charCodeAt(i) - 48;
        if (digit < 0 || digit > 9) return NaN;
        value = value * 10 + digit;
      }
      return value;
    };
    const ms = Date.UTC(d(0, 4), d(5, 7) - 1, d(8, 10), d(11, 13), d(14, 16), d(17, 19), d(20, 23));
    if (!Number.isNaN(ms)) return ms;
  }
  return Date.parse(text);
}

/** A laptop-clock time on the hub's clock. */
export function onHubClock(p: ParticipantState, laptopMs: number): number {
  return laptopMs + (p.clockOffsetMs ?? 0);
}
