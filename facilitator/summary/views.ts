import { checkWords } from './check-words.js';
import { FAILED_GRADINGS_FOR_STUCK, type ParticipantState, type SessionFold, onHubClock } from './fold.js';
import type { CountedItem, ExerciseView, ParticipantCard, ReadinessView, SessionAggregates } from './types.js';

/**
 * Turns the fold into what a facilitator reads, at a given moment (`now`, hub clock, ms): pure, so
 * the same fold gives the same cards in a test as on the projector.
 */
export interface ViewContext {
  now: number;
}

const minutesBetween = (from: number, to: number) => Math.max(0, Math.floor((to - from) / 60_000));

export function readinessOf(p: ParticipantState): ReadinessView {
  const doctor = p.doctor;
  if (!doctor) return { state: 'unknown', words: 'doctor not run yet', more: [], warnings: 0 };
  if (doctor.ready) return { state: 'ready', words: 'READY', more: [], warnings: doctor.warnings.length };
  const [first, ...rest] = doctor.blockers;
  if (!first) return { state: 'not-ready', words: 'NOT READY', more: [], warnings: doctor.warnings.length };
  return {
    state: 'not-ready',
    words: checkWords(first.code, first.checkId),
    checkId: first.checkId,
    code: first.code,
    more: rest.map((b) => checkWords(b.code, b.checkId)),
    warnings: doctor.warnings.length,
  };
}

function currentExercise(p: ParticipantState, ctx: ViewContext): ExerciseView | undefined {
  const exercise = p.currentExerciseId ? p.exercises.get(p.currentExerciseId) : undefined;
  if (!exercise) return undefined;
  return {
    id: exercise.id,
    attempts: exercise.attempts,
    passed: exercise.passed,
    minutesOnStep: minutesBetween(onHubClock(p, exercise.stepStartedAt), ctx.now),
    score: exercise.lastScore,
    maxScore: exercise.maxScore,
    failedInRow: exercise.failedInRow,
    failingChecks: exercise.lastFailingChecks,
    hints: exercise.hints,
    codexSessions: exercise.codexSessions,
  };
}

/** Stuck: on an unfinished exercise with 3 failed gradings in a row, or no progress for N minutes. */
export function stuckOf(p: ParticipantState, fold: SessionFold, ctx: ViewContext): ParticipantCard['stuck'] {
  if (p.finished) return undefined;
  const exercise = p.currentExerciseId ? p.exercises.get(p.currentExerciseId) : undefined;
  if (!exercise || exercise.passed) return undefined;
  const progressAt = Math.max(onHubClock(p, Math.max(p.lastProgressAt ?? 0, exercise.stepStartedAt)), p.helpedAt ?? 0);
  const minutes = minutesBetween(progressAt, ctx.now);
  if (exercise.failedInRow >= FAILED_GRADINGS_FOR_STUCK) {
    return { reason: 'failed-gradings', words: `${exercise.failedInRow} failed checks in a row`, minutes };
  }
  if (ctx.now - progressAt >= fold.stuckAfterMs) {
    return { reason: 'no-progress', words: `no progress for ${minutes} min`, minutes };
  }
  return undefined;
}

export function participantCard(p: ParticipantState, fold: SessionFold, ctx: ViewContext): ParticipantCard {
  const readiness = readinessOf(p);
  const exercise = currentExercise(p, ctx);
  const stuck = stuckOf(p, fold, ctx);
  const hand = p.hand ? { message: p.hand.message, minutesUp: minutesBetween(Math.min(onHubClock(p, p.hand.raisedAt), p.hand.raisedAtHub), ctx.now) } : undefined;
  let exercisesDone = 0;
  for (const e of p.exercises.values()) if (e.passed) exercisesDone += 1;
  const tier: ParticipantCard['tier'] = hand
    ? 'hand'
    : stuck
      ? 'stuck'
      : readiness.state === 'not-ready'
        ? 'not-ready'
        : p.finished
          ? 'finished'
          : readiness.state === 'unknown' && !exercise
            ? 'no-doctor'
            : 'working';
  return {
    id: p.id,
    name: p.name,
    email: p.email,
    team: p.team,
    readiness,
    exercise,
    exercisesDone,
    finished: p.finished,
    codexUsed: p.codexUsed,
    hand,
    stuck,
    helpedMinutesAgo: p.helpedAt !== undefined ? minutesBetween(p.helpedAt, ctx.now) : undefined,
    rank: 0,
    tier,
    lastSeenMinutesAgo: minutesBetween(p.lastSeenAt, ctx.now),
  };
}

const TIER_ORDER: Record<ParticipantCard['tier'], number> = { hand: 0, stuck: 1, 'not-ready': 2, 'no-doctor': 3, working: 4, finished: 5 };

/** Longest-waiting first inside each tier: the hand up longest, the longest stuck, the longest on a step. */
function waitingMinutes(card: ParticipantCard): number {
  if (card.tier === 'hand') return card.hand?.minutesUp ?? 0;
  if (card.tier === 'stuck') return card.stuck?.minutes ?? 0;
  if (card.tier === 'working') return card.exercise?.minutesOnStep ?? 0;
  return card.lastSeenMinutesAgo;
}

/** Who needs help first: sorts in place and numbers the ranks. */
export function sortByNeed(cards: ParticipantCard[]): ParticipantCard[] {
  cards.sort(
    (a, b) =>
      TIER_ORDER[a.tier] - TIER_ORDER[b.tier] ||
      waitingMinutes(b) - waitingMinutes(a) ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id),
  );
  cards.forEach((card, index) => {
    card.rank = index;
  });
  return cards;
}

export function allCards(fold: SessionFold, ctx: ViewContext): ParticipantCard[] {
  const cards: ParticipantCard[] = [];
  for (const p of fold.participants.values()) cards.push(participantCard(p, fold, ctx));
  return sortByNeed(cards);
}

function topCounts(counts: Map<string, { words: string; count: number }>, limit: number): CountedItem[] {
  return [...counts.entries()]
    .map(([key, v]) => ({ key, words: v.words, count: v.count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
    .slice(0, limit);
}

function bump(counts: Map<string, { words: string; count: number }>, key: string, words: string): void {
  const entry = counts.get(key);
  if (entry) entry.count += 1;
  else counts.set(key, { words, count: 1 });
}

export function sessionAggregates(fold: SessionFold, cards: ParticipantCard[], limit = 5): SessionAggregates {
  const funnel = { joined: 0, ready: 0, started: 0, finished: 0 };
  const blockers = new Map<string, { words: string; count: number }>();
  const failing = new Map<string, { words: string; count: number }>();
  const teams = new Map<string, number>();
  for (const p of fold.participants.values()) {
    funnel.joined += 1;
    if (p.everReady) funnel.ready += 1;
    if (p.exercises.size > 0) funnel.started += 1;
    if (p.finished) funnel.finished += 1;
    teams.set(p.team, (teams.get(p.team) ?? 0) + 1);
    if (p.doctor && !p.doctor.ready) {
      for (const b of p.doctor.blockers) bump(blockers, b.code, checkWords(b.code, b.checkId));
    }
    const current = p.currentExerciseId ? p.exercises.get(p.currentExerciseId) : undefined;
    if (current && !current.passed) {
      for (const check of current.lastFailingChecks) bump(failing, `${current.id}/${check}`, `${current.id}: ${check}`);
    }
  }
  return {
    funnel,
    setupBlockers: topCounts(blockers, limit),
    failingChecks: topCounts(failing, limit),
    teams: [...teams.entries()].map(([team, count]) => ({ team, count })).sort((a, b) => a.team.localeCompare(b.team)),
    handsUp: cards.filter((c) => c.hand).length,
    stuck: cards.filter((c) => c.stuck).length,
  };
}
