import type { SessionData } from '../hub/session-reader.js';
import { median } from '../../src/core/stats.js';
import { isoMs } from '../summary/fold.js';
import { type SessionFold, foldRecords } from '../summary/fold.js';
import type { CountedItem, Funnel, ParticipantCard } from '../summary/types.js';
import { allCards, sessionAggregates } from '../summary/views.js';

/**
 * The end-of-session report, as data: attendance, readiness, completion and median minutes per
 * exercise, where people got stuck, who needs follow-up. Pure: the session's records and a profile
 * setting in, one JSON-ready object out; the md/html/csv renderers only read it.
 *
 * The report describes the session as it ended, so "now" is the time of the last record, not the
 * moment the report is run (a report printed the next morning must not call everyone stuck).
 */
export const REPORT_SCHEMA_VERSION = 1;

export interface ReportParticipant {
  id: string;
  name: string;
  email: string;
  team: string;
  joinedAt: string;
  /** Latest doctor run said READY. */
  ready: boolean;
  /** "READY", the first failing check in words, or "doctor not run yet". */
  readiness: string;
  exercisesStarted: number;
  exercisesDone: number;
  finished: boolean;
  /** Hand still up when the session ended. */
  handRaised: boolean;
  handsRaised: number;
  codexUsed: boolean;
  helped: boolean;
  followUp: string[];
}

export interface ReportExercise {
  id: string;
  started: number;
  passed: number;
  /** Median minutes from first setup to pass, over those who passed; null when nobody passed. */
  medianMinutes: number | null;
  medianAttempts: number | null;
  /** People stuck on it at some point (3 failed gradings in a row, or no progress for the profile minutes). */
  stuck: number;
  handsRaised: number;
  commonFailingChecks: Array<{ check: string; count: number }>;
}

export interface SessionReport {
  schemaVersion: number;
  generatedAt: string;
  session: { id: string; title: string; programmeId?: string; startedAt: string; endedAt: string };
  stuckAfterMinutes: number;
  attendance: Funnel & { doctorNeverRun: number; teams: Array<{ team: string; count: number }> };
  readiness: { ready: number; notReady: number; unknown: number; blockers: CountedItem[] };
  participants: ReportParticipant[];
  exercises: ReportExercise[];
  /** Exercises ordered by how many people got stuck there (only those with someone stuck). */
  stuckPoints: Array<{ exerciseId: string; stuck: number; notPassed: number }>;
  followUp: Array<{ id: string; name: string; email: string; team: string; reasons: string[] }>;
  warnings: string[];
}

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

function lastRecordTime(data: SessionData): number {
  let last = isoMs(data.meta.createdAt);
  for (const record of data.records) {
    const at = isoMs(record.kind === 'event' ? record.receivedAt : record.at);
    if (at > last) last = at;
  }
  return last;
}

export function buildSessionReport(data: SessionData, options: { stuckAfterMinutes: number; generatedAt?: Date }): SessionReport {
  const fold = foldRecords(data.records, { stuckAfterMinutes: options.stuckAfterMinutes });
  const endedAt = lastRecordTime(data);
  const cards = allCards(fold, { now: endedAt });
  const aggregates = sessionAggregates(fold, cards, 10);
  const firstJoin = data.participants[0]?.joinedAt;
  const startedAt = data.meta.startsAt ?? firstJoin ?? data.meta.createdAt;

  const exercises = exerciseRows(fold);
  const participants = [...fold.participants.values()].map((p) => participantRow(p.id, fold, cards, data));
  // Alphabetical for the people list; the dashboard's "who needs help first" order is for the room.
  participants.sort((a, b) => a.team.localeCompare(b.team) || a.name.localeCompare(b.name));

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: (options.generatedAt ?? new Date()).toISOString(),
    session: {
      id: data.meta.id,
      title: data.meta.title,
      ...(data.meta.programmeId ? { programmeId: data.meta.programmeId } : {}),
      startedAt,
      endedAt: new Date(endedAt).toISOString(),
    },
    stuckAfterMinutes: options.stuckAfterMinutes,
    attendance: { ...aggregates.funnel, doctorNeverRun: cards.filter((c) => c.readiness.state === 'unknown').length, teams: aggregates.teams },
    readiness: {
      ready: cards.filter((c) => c.readiness.state === 'ready').length,
      notReady: cards.filter((c) => c.readiness.state === 'not-ready').length,
      unknown: cards.filter((c) => c.readiness.state === 'unknown').length,
      blockers: aggregates.setupBlockers,
    },
    participants,
    exercises,
    stuckPoints: exercises
      .filter((e) => e.stuck > 0)
      .map((e) => ({ exerciseId: e.id, stuck: e.stuck, notPassed: e.started - e.passed }))
      .sort((a, b) => b.stuck - a.stuck || a.exerciseId.localeCompare(b.exerciseId)),
    followUp: participants.filter((p) => p.followUp.length > 0).map((p) => ({ id: p.id, name: p.name, email: p.email, team: p.team, reasons: p.followUp })),
    warnings: data.warnings,
  };
}

function participantRow(id: string, fold: SessionFold, cards: ParticipantCard[], data: SessionData): ReportParticipant {
  const p = fold.participants.get(id)!;
  const card = cards.find((c) => c.id === id)!;
  const entry = data.participants.find((e) => e.id === id);
  const exercises = [...p.exercises.values()];
  const followUp: string[] = [];
  if (card.readiness.state === 'not-ready') followUp.push(`not ready: ${card.readiness.words}`);
  if (card.readiness.state === 'unknown') followUp.push('never ran workshop doctor');
  if (exercises.length === 0) followUp.push('did not start an exercise');
  else if (!p.finished) {
    const current = p.currentExerciseId ? p.exercises.get(p.currentExerciseId) : undefined;
    if (current && !current.passed) followUp.push(`stopped during ${current.id}`);
  }
  for (const e of exercises) if (e.everStuck && !e.passed) followUp.push(`stuck on ${e.id}`);
  if (card.hand) followUp.push(`hand still raised${card.hand.message ? `: ${card.hand.message}` : ''}`);
  return {
    id,
    name: p.name,
    email: p.email,
    team: p.team,
    joinedAt: entry?.joinedAt ?? new Date(p.joinedAt).toISOString(),
    ready: card.readiness.state === 'ready',
    readiness: card.readiness.words,
    exercisesStarted: exercises.length,
    exercisesDone: card.exercisesDone,
    finished: p.finished,
    handRaised: Boolean(card.hand),
    handsRaised: p.handsRaised,
    codexUsed: p.codexUsed,
    helped: p.helpedAt !== undefined,
    followUp: [...new Set(followUp)],
  };
}

function exerciseRows(fold: SessionFold): ReportExercise[] {
  const rows = new Map<string, { started: number; passed: number; minutes: number[]; attempts: number[]; stuck: number; hands: number; checks: Map<string, number>; starts: number[] }>();
  for (const p of fold.participants.values()) {
    for (const e of p.exercises.values()) {
      let row = rows.get(e.id);
      if (!row) {
        row = { started: 0, passed: 0, minutes: [], attempts: [], stuck: 0, hands: 0, checks: new Map(), starts: [] };
        rows.set(e.id, row);
      }
      row.started += 1;
      row.starts.push(e.firstStartedAt);
      if (e.passed && e.passedAt !== undefined) {
        row.passed += 1;
        row.minutes.push(Math.max(0, (e.passedAt - e.firstStartedAt) / 60_000));
        row.attempts.push(e.attempts);
      }
      if (e.everStuck) row.stuck += 1;
      row.hands += e.handsRaised;
      for (const [check, count] of e.failingCheckCounts) row.checks.set(check, (row.checks.get(check) ?? 0) + count);
    }
  }
  // The hub does not know the pack's order; people do exercises in order, so the median start time
  // of each exercise puts them back in it.
  return [...rows.entries()]
    .sort((a, b) => (median(a[1].starts) ?? 0) - (median(b[1].starts) ?? 0) || a[0].localeCompare(b[0]))
    .map(([id, row]) => ({
      id,
      started: row.started,
      passed: row.passed,
      medianMinutes: round1(median(row.minutes) ?? null),
      medianAttempts: median(row.attempts) ?? null,
      stuck: row.stuck,
      handsRaised: row.hands,
      commonFailingChecks: [...row.checks.entries()]
        .map(([check, count]) => ({ check, count }))
        .sort((a, b) => b.count - a.count || a.check.localeCompare(b.check))
        .slice(0, 5),
    }));
}
