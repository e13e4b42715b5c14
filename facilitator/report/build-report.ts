import type { SessionData } from '../hub/session-reader.js';
import { median } from '../../src/core/stats.js';
import { isoMs } from '../summary/fold.js';
import { type SessionFold, foldRecords } from '../summary/fold.js';
import type { CountedItem, Funnel, ParticipantCard } from '../summary/types.js';
import { allCards, needOf, sessionAggregates } from '../summary/views.js';
import { type PackFacts, checkTextOf, paceFromPack } from '../summary/pack-facts.js';
import type { PaceRules } from '../summary/needs-help.js';
import { localIsoTime, systemTimeZone } from '../programme/calendar.js';
import type { RosterLive } from '../programme/roster-live.js';

/**
 * The end-of-session report, as data: attendance, readiness, completion and median minutes per
 * exercise, where people got stuck, who needs follow-up. Pure: the session's records and a profile
 * setting in, one JSON-ready object out; the md/html/csv renderers only read it.
 *
 * The report describes the session as it ended, so "now" is the time of the last record, not the
 * moment the report is run (a report printed the next morning must not call everyone stuck).
 */
export const REPORT_SCHEMA_VERSION = 2;

/**
 * Issue 11: follow-up in the order a manager acts on it: setup never worked, then stuck (the one
 * "needs help" rule of the dashboard), then people who were working but ran out of time.
 */
export type FollowUpGroup = 'blocked' | 'stuck' | 'out-of-time';
const GROUP_ORDER: Record<FollowUpGroup, number> = { blocked: 0, stuck: 1, 'out-of-time': 2 };

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
  /** Issue 11, a date of a programme: not on the roster. */
  walkIn?: boolean;
  table?: string;
  laptops: number;
  followUpGroup?: FollowUpGroup;
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
  /** Times are local ISO times with their offset, in `timeZone`; `startedAt` ≤ `endedAt` always. */
  session: { id: string; title: string; programmeId?: string; timeZone: string; scheduledStart?: string; startedAt: string; endedAt: string };
  stuckAfterMinutes: number;
  /** Issue 11: the "needs help" rule the report used (the same as the dashboard's). */
  pace: { stuckFactor: number; quietMinutes: number };
  attendance: Funnel & { doctorNeverRun: number; teams: Array<{ team: string; count: number }> };
  readiness: { ready: number; notReady: number; unknown: number; blockers: CountedItem[] };
  participants: ReportParticipant[];
  exercises: ReportExercise[];
  /** Exercises ordered by how many people got stuck there (only those with someone stuck). */
  stuckPoints: Array<{ exerciseId: string; stuck: number; notPassed: number }>;
  followUp: Array<{ id: string; name: string; email: string; team: string; group: FollowUpGroup; reasons: string[] }>;
  /** Issue 11, a date of a programme: invited people who did not join. */
  notJoined?: Array<{ name: string; team: string }>;
  warnings: string[];
}

export interface ReportOptions {
  stuckAfterMinutes: number;
  generatedAt?: Date;
  /** The pack: exercise order, expected minutes, check sentences. */
  pack?: PackFacts;
  pace?: Partial<Pick<PaceRules, 'stuckFactor' | 'quietMinutes'>>;
  /** Default: this computer's. */
  timeZone?: string;
  language?: string;
  /** A date of a programme: the roster's names, teams, walk-ins and who did not come. */
  roster?: RosterLive;
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

export function buildSessionReport(data: SessionData, options: ReportOptions): SessionReport {
  const timeZone = options.timeZone ?? systemTimeZone();
  const local = (at: string | number) => localIsoTime(at, timeZone);
  const fold = foldRecords(data.records, { stuckAfterMinutes: options.stuckAfterMinutes, pace: { ...paceFromPack(options.pack), ...options.pace } });
  const lastRecord = lastRecordTime(data);
  const checkText = checkTextOf(options.pack, options.language ?? 'en');
  const ctx = { now: lastRecord, checkText };
  const rawCards = allCards(fold, ctx);
  const cards = options.roster ? options.roster.decorate(rawCards) : rawCards;
  const aggregates = sessionAggregates(fold, cards, 10, ctx);
  // The session ran from its first record (or its scheduled start, if earlier) to its last: a
  // session that started late, or a report of one nobody joined, never ends before it starts.
  const firstRecord = data.records.length > 0 ? isoMs(data.records[0].kind === 'event' ? data.records[0].receivedAt : data.records[0].at) : isoMs(data.meta.createdAt);
  const scheduled = data.meta.startsAt ? isoMs(data.meta.startsAt) : undefined;
  const startedAt = Math.min(firstRecord, scheduled ?? firstRecord);
  const endedAt = Math.max(lastRecord, startedAt);

  const exercises = exerciseRows(fold, (check, exerciseId) => checkText(exerciseId, check) ?? check);
  const participants = [...fold.participants.values()].map((p) => participantRow(p.id, fold, cards, data, ctx, local));
  // Alphabetical for the people list; the dashboard's "who needs help first" order is for the room.
  participants.sort((a, b) => a.team.localeCompare(b.team) || a.name.localeCompare(b.name));

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: (options.generatedAt ?? new Date()).toISOString(),
    session: {
      id: data.meta.id,
      title: data.meta.title,
      ...(data.meta.programmeId ? { programmeId: data.meta.programmeId } : {}),
      timeZone,
      ...(scheduled !== undefined ? { scheduledStart: local(scheduled) } : {}),
      startedAt: local(startedAt),
      endedAt: local(endedAt),
    },
    stuckAfterMinutes: options.stuckAfterMinutes,
    pace: { stuckFactor: fold.pace.stuckFactor, quietMinutes: fold.pace.quietMinutes },
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
    followUp: participants
      .filter((p) => p.followUpGroup)
      .sort((a, b) => GROUP_ORDER[a.followUpGroup!] - GROUP_ORDER[b.followUpGroup!] || a.team.localeCompare(b.team) || a.name.localeCompare(b.name))
      .map((p) => ({ id: p.id, name: p.name, email: p.email, team: p.team, group: p.followUpGroup!, reasons: p.followUp })),
    ...(options.roster ? { notJoined: options.roster.notJoined(data.participants.map((p) => p.email)) } : {}),
    warnings: data.warnings,
  };
}

function participantRow(id: string, fold: SessionFold, cards: ParticipantCard[], data: SessionData, ctx: { now: number }, local: (at: string | number) => string): ReportParticipant {
  const p = fold.participants.get(id)!;
  const card = cards.find((c) => c.id === id)!;
  const entry = data.participants.find((e) => e.id === id);
  const exercises = [...p.exercises.values()];
  const need = needOf(p, fold, ctx);
  // Reasons in words, grouped by what to do about them (GROUP_ORDER).
  const blocked: string[] = [];
  const stuck: string[] = [];
  const outOfTime: string[] = [];
  if (card.readiness.state === 'not-ready') blocked.push(`setup not ready: ${card.readiness.words}`);
  if (card.readiness.state === 'unknown' && exercises.length === 0) blocked.push('never ran workshop doctor and started no exercise');
  if (need.state === 'stuck' && card.stuck) stuck.push(`stuck on ${need.exerciseId} at the end: ${card.stuck.words}`);
  for (const e of exercises) if (e.everStuck && !e.passed && !(need.state === 'stuck' && need.exerciseId === e.id)) stuck.push(`was stuck on ${e.id} and did not pass it`);
  if (card.hand) stuck.push(`hand still raised${card.hand.message ? `: ${card.hand.message}` : ''}`);
  if (!p.finished && blocked.length === 0 && stuck.length === 0) {
    if (exercises.length === 0) outOfTime.push(card.readiness.state === 'ready' ? 'ready, but did not start an exercise' : 'did not start an exercise');
    else {
      const current = p.currentExerciseId ? p.exercises.get(p.currentExerciseId) : undefined;
      outOfTime.push(current && !current.passed ? `was still working on ${current.id} when the session ended` : `did not finish (${card.exercisesDone} done)`);
    }
  }
  const followUpGroup: FollowUpGroup | undefined = blocked.length > 0 ? 'blocked' : stuck.length > 0 ? 'stuck' : outOfTime.length > 0 ? 'out-of-time' : undefined;
  return {
    id,
    name: card.name,
    email: p.email,
    team: card.team,
    joinedAt: local(entry?.joinedAt ?? p.joinedAt),
    ready: card.readiness.state === 'ready',
    readiness: card.readiness.words,
    exercisesStarted: exercises.length,
    exercisesDone: card.exercisesDone,
    finished: p.finished,
    handRaised: Boolean(card.hand),
    handsRaised: p.handsRaised,
    codexUsed: p.codexUsed,
    helped: p.helpedAt !== undefined,
    ...(card.walkIn ? { walkIn: true } : {}),
    ...(p.table ? { table: p.table } : {}),
    laptops: p.laptops,
    ...(followUpGroup ? { followUpGroup } : {}),
    followUp: [...new Set([...blocked, ...stuck, ...outOfTime])],
  };
}

function exerciseRows(fold: SessionFold, checkText: (check: string, exerciseId: string) => string): ReportExercise[] {
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
  // Pack order (issue 11); exercises the pack does not list come after, by when people started them.
  const order = fold.pace.order;
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return [...rows.entries()]
    .sort((a, b) => rank(a[0]) - rank(b[0]) || (median(a[1].starts) ?? 0) - (median(b[1].starts) ?? 0) || a[0].localeCompare(b[0]))
    .map(([id, row]) => ({
      id,
      started: row.started,
      passed: row.passed,
      medianMinutes: round1(median(row.minutes) ?? null),
      medianAttempts: median(row.attempts) ?? null,
      stuck: row.stuck,
      handsRaised: row.hands,
      commonFailingChecks: [...row.checks.entries()]
        .map(([check, count]) => ({ check: checkText(check, id), count }))
        .sort((a, b) => b.count - a.count || a.check.localeCompare(b.check))
        .slice(0, 5),
    }));
}
