import type { SessionRecord } from '../hub/log-records.js';
import type { ParticipantEvent } from '../../src/protocol/events.js';
import { DEFAULT_PACE, type PaceRules, SAME_FAILS_FOR_STUCK, quietPastExpected } from './needs-help.js';

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
  /** Failed gradings in a row with exactly the same failing checks (issue 11: "the same checks failing"). */
  sameFailsInRow: number;
  /** Latest sign of work on this exercise: setup, grading, hint, reset, Codex or file activity (laptop clock, ms). */
  lastActivityAt: number;
}

export interface HandState {
  message: string;
  /** Laptop clock, ms. */
  raisedAt: number;
  raisedAtHub: number;
  /** Log order of the raise: hands in the same millisecond still have one exact order. */
  seq: number;
  /** A helper's name, when someone claimed this hand on the dashboard. */
  claimedBy?: string;
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
  hand?: HandState;
  /** The last hand the facilitator lowered, so the lowering can be undone. */
  loweredHand?: HandState;
  handsRaised: number;
  /** Issue 11: table or seat typed at join. */
  table?: string;
  /** Issue 12: laptops confirmed as this person (1 + merged joins). */
  laptops: number;
  /** Issue 12: joined with the email of this participant without proof; not confirmed yet. */
  pendingOf?: string;
  /** The facilitator marked them as helped (hub clock, ms). */
  helpedAt?: number;
  finished: boolean;
  codexUsed: boolean;
  events: number;
}

export interface RoomState {
  message?: { id: string; text: string; at: number };
  /** The facilitator's target exercise (null: cleared, follow the timetable if any). */
  targetExerciseId?: string | null;
}

export interface SessionFold {
  participants: Map<string, ParticipantState>;
  /** Issue 12: merged participant id → the participant it was confirmed as. */
  aliases: Map<string, string>;
  room: RoomState;
  /** Ids of participants changed since the caller last cleared this set (live updates). */
  changed: Set<string>;
  events: number;
  /** Issue 11: the pace rules of "needs help" (needs-help.ts), shared by the fold, the views and the report. */
  pace: PaceRules;
}

export interface FoldOptions {
  /** Expected minutes for an exercise the pack does not list (profile `stuckAfterMinutes`). */
  stuckAfterMinutes: number;
  /** The pack's minutes and order, the profile's factor and quiet window. */
  pace?: Partial<Omit<PaceRules, 'fallbackMinutes'>>;
}

export const FAILED_GRADINGS_FOR_STUCK = SAME_FAILS_FOR_STUCK;

export function createFold(options: FoldOptions): SessionFold {
  const pace: PaceRules = { ...DEFAULT_PACE, ...options.pace, fallbackMinutes: options.stuckAfterMinutes };
  return { participants: new Map(), aliases: new Map(), room: {}, changed: new Set(), events: 0, pace };
}

export function foldRecords(records: Iterable<SessionRecord>, options: FoldOptions): SessionFold {
  const fold = createFold(options);
  for (const record of records) foldRecord(fold, record);
  fold.changed.clear();
  return fold;
}

export function foldRecord(fold: SessionFold, record: SessionRecord): void {
  if (record.kind === 'room') {
    if (record.change.type === 'message') fold.room.message = record.change.text ? { id: record.change.id, text: record.change.text, at: isoMs(record.at) } : undefined;
    else fold.room.targetExerciseId = record.change.exerciseId;
    // Every card's "behind" may change with the target.
    for (const id of fold.participants.keys()) fold.changed.add(id);
    return;
  }
  if (record.kind === 'identity') {
    // Approved as itself: a returning participant's earlier history, nothing to merge.
    if (record.participantId !== record.into) mergeParticipant(fold, record.participantId, record.into);
    fold.changed.add(record.into);
    return;
  }
  if (record.kind === 'join') {
    const at = isoMs(record.at);
    const id = fold.aliases.get(record.participant.id) ?? record.participant.id;
    const existing = fold.participants.get(id);
    if (existing) {
      existing.name = record.participant.name;
      existing.email = record.participant.email;
      existing.team = record.participant.team;
      if (record.participant.table) existing.table = record.participant.table;
      existing.lastSeenAt = Math.max(existing.lastSeenAt, at);
    } else {
      const p = newParticipant(record.participant, at);
      if (record.pendingOf) p.pendingOf = fold.aliases.get(record.pendingOf) ?? record.pendingOf;
      fold.participants.set(id, p);
    }
    fold.changed.add(id);
    return;
  }
  const participantId = fold.aliases.get(record.participantId) ?? record.participantId;
  const participant = fold.participants.get(participantId);
  // Records of someone whose join line was lost (a damaged log) are still counted, under their id.
  const p = participant ?? adoptUnknown(fold, participantId, record.kind === 'event' ? record.receivedAt : record.at);
  fold.changed.add(p.id);
  if (record.kind === 'facilitator') {
    const at = isoMs(record.at);
    p.lastSeenAt = Math.max(p.lastSeenAt, at);
    if (record.action === 'claimed') {
      if (p.hand) p.hand.claimedBy = record.helper ?? undefined;
      return;
    }
    if (record.action === 'hand.restored') {
      // Undo of a lowering: the hand comes back with its message, its place in the queue and its helper.
      if (!p.hand && p.loweredHand) p.hand = p.loweredHand;
      p.loweredHand = undefined;
      return;
    }
    if (p.hand) p.loweredHand = p.hand;
    p.hand = undefined;
    if (record.action === 'helped') {
      p.helpedAt = at;
      // Help restarts the clock: the stuck flag should come back only if they are stuck again.
      const current = p.currentExerciseId ? p.exercises.get(p.currentExerciseId) : undefined;
      if (current) {
        current.failedInRow = 0;
        current.sameFailsInRow = 0;
      }
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
  applyEvent(fold, p, record.event, ts, received, record.seq);
}

/**
 * Issue 12: a pending join was confirmed as the same person. Its laptop's events so far join the
 * original participant's (exercise by exercise, the further one wins), its card disappears, and
 * later records under its id are folded into the original.
 */
function mergeParticipant(fold: SessionFold, fromId: string, intoId: string): void {
  const into = fold.participants.get(fold.aliases.get(intoId) ?? intoId);
  const from = fold.participants.get(fromId);
  fold.aliases.set(fromId, into?.id ?? intoId);
  for (const [alias, target] of fold.aliases) if (target === fromId) fold.aliases.set(alias, into?.id ?? intoId);
  if (!into) return;
  into.laptops += from?.laptops ?? 1;
  fold.changed.add(into.id);
  if (!from) return;
  fold.participants.delete(fromId);
  fold.changed.add(fromId);
  for (const [id, exercise] of from.exercises) {
    const mine = into.exercises.get(id);
    if (!mine || (!mine.passed && (exercise.passed || exercise.lastActivityAt > mine.lastActivityAt))) into.exercises.set(id, exercise);
  }
  if (from.lastProgressAt !== undefined && (into.lastProgressAt === undefined || from.lastProgressAt > into.lastProgressAt)) {
    into.lastProgressAt = from.lastProgressAt;
    if (from.currentExerciseId) into.currentExerciseId = from.currentExerciseId;
  }
  if (from.doctor && (!into.doctor || from.doctor.at > into.doctor.at)) into.doctor = from.doctor;
  into.everReady ||= from.everReady;
  into.finished ||= from.finished;
  into.codexUsed ||= from.codexUsed;
  into.doctorRuns += from.doctorRuns;
  into.handsRaised += from.handsRaised;
  into.events += from.events;
  if (!into.hand && from.hand) into.hand = from.hand;
  into.lastSeenAt = Math.max(into.lastSeenAt, from.lastSeenAt);
  if (into.clockOffsetMs === undefined) into.clockOffsetMs = from.clockOffsetMs;
}

function applyEvent(fold: SessionFold, p: ParticipantState, event: ParticipantEvent, ts: number, received: number, seq: number): void {
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
      exercise.sameFailsInRow = 0;
      noteActivity(fold, p, exercise, ts);
      p.currentExerciseId = event.exerciseId;
      if (isNewStep) markProgress(p, ts);
      return;
    }
    case 'exercise.graded': {
      const exercise = exerciseOf(p, event.exerciseId, ts);
      p.currentExerciseId = event.exerciseId;
      noteActivity(fold, p, exercise, ts);
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
        exercise.sameFailsInRow = 0;
        exercise.lastFailingChecks = [];
        exercise.bestScore = Math.max(exercise.bestScore, event.score);
        markProgress(p, ts);
        return;
      }
      exercise.failedInRow += 1;
      exercise.sameFailsInRow = exercise.failedInRow > 1 && sameChecks(exercise.lastFailingChecks, event.failingChecks) ? exercise.sameFailsInRow + 1 : 1;
      exercise.lastFailingChecks = event.failingChecks;
      for (const check of event.failingChecks) exercise.failingCheckCounts.set(check, (exercise.failingCheckCounts.get(check) ?? 0) + 1);
      if (exercise.sameFailsInRow >= FAILED_GRADINGS_FOR_STUCK) exercise.everStuck = true;
      if (event.score > exercise.bestScore) {
        exercise.bestScore = event.score;
        markProgress(p, ts);
      }
      return;
    }
    case 'hint.shown': {
      const exercise = exerciseOf(p, event.exerciseId, ts);
      exercise.hints = Math.max(exercise.hints, event.hintIndex + 1);
      noteActivity(fold, p, exercise, ts);
      return;
    }
    case 'exercise.reset': {
      const exercise = exerciseOf(p, event.exerciseId, ts);
      exercise.resets += 1;
      noteActivity(fold, p, exercise, ts);
      return;
    }
    case 'activity.observed': {
      const exercise = exerciseOf(p, event.exerciseId, ts);
      // The times the laptop saw, not when it reported: a report sent late must not look like fresh work.
      for (const at of [event.filesChangedAt, event.codexActiveAt]) if (at) noteActivity(fold, p, exercise, Math.min(isoMs(at), ts));
      return;
    }
    case 'pack.finished': {
      p.finished = true;
      markProgress(p, ts);
      return;
    }
    case 'hand.raised': {
      if (p.hand) {
        // A second `workshop help` keeps the first message and the place in the queue.
        if (!p.hand.message && event.message) p.hand.message = event.message;
        return;
      }
      p.hand = { message: event.message, raisedAt: ts, raisedAtHub: received, seq };
      p.loweredHand = undefined;
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

/**
 * A sign of work. Before it counts, the quiet spell it ends is judged by the same rule as the live
 * view (needs-help.ts): past the expected time and quiet for the window means this person was stuck
 * here at some point, which the report tells.
 */
function noteActivity(fold: SessionFold, p: ParticipantState, exercise: ExerciseState, ts: number): void {
  if (ts <= exercise.lastActivityAt) return;
  if (!exercise.passed && quietPastExpected(fold.pace, exercise.id, exercise.stepStartedAt, exercise.lastActivityAt, ts)) exercise.everStuck = true;
  exercise.lastActivityAt = ts;
}

function sameChecks(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  // A handful of check ids: a scan is cheaper than building a Set on the hot path.
  for (const id of b) if (!a.includes(id)) return false;
  return true;
}

function markProgress(p: ParticipantState, ts: number): void {
  if (p.lastProgressAt === undefined || ts > p.lastProgressAt) p.lastProgressAt = ts;
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
      sameFailsInRow: 0,
      lastActivityAt: ts,
    };
    p.exercises.set(id, exercise);
  } else if (ts < exercise.firstStartedAt) {
    exercise.firstStartedAt = ts;
  }
  return exercise;
}

function newParticipant(profile: { id: string; name: string; email: string; team: string; table?: string }, at: number): ParticipantState {
  return {
    id: profile.id,
    name: profile.name,
    email: profile.email,
    team: profile.team,
    ...(profile.table ? { table: profile.table } : {}),
    laptops: 1,
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
