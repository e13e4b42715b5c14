import { checkWords } from './check-words.js';
import { type ParticipantState, type SessionFold, onHubClock } from './fold.js';
import { type NeedsHelp, needWords, needsHelp } from './needs-help.js';
import type { CountedItem, ExerciseView, ParticipantCard, ReadinessView, SessionAggregates } from './types.js';

/**
 * Turns the fold into what a facilitator reads, at a given moment (`now`, hub clock, ms): pure, so
 * the same fold gives the same cards in a test as on the projector.
 */
export interface ViewContext {
  now: number;
  /** The room's target exercise (the facilitator's, else the timetable's). */
  targetExerciseId?: string;
  /** Issue 11: a failing check in the words the participant saw (the pack's message), in the facilitator's language. */
  checkText?: (exerciseId: string, checkId: string) => string | undefined;
  /** Issue 12: the confirmation code of a pending join, for the dashboard (never in a report). */
  pendingCode?: (participantId: string) => string | undefined;
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

/** A failing exercise check as the participant read it, else "exercise: check id". */
export function failingCheckWords(exerciseId: string, checkId: string, ctx: Pick<ViewContext, 'checkText'>): string {
  return ctx.checkText?.(exerciseId, checkId) ?? `${exerciseId}: ${checkId}`;
}

function currentExercise(p: ParticipantState, fold: SessionFold, ctx: ViewContext): ExerciseView | undefined {
  const exercise = p.currentExerciseId ? p.exercises.get(p.currentExerciseId) : undefined;
  if (!exercise) return undefined;
  const expected = fold.pace.exerciseMinutes.get(exercise.id);
  return {
    id: exercise.id,
    attempts: exercise.attempts,
    passed: exercise.passed,
    minutesOnStep: minutesBetween(onHubClock(p, exercise.stepStartedAt), ctx.now),
    score: exercise.lastScore,
    maxScore: exercise.maxScore,
    failedInRow: exercise.failedInRow,
    failingChecks: exercise.lastFailingChecks.map((id) => ctx.checkText?.(exercise.id, id) ?? id),
    failingCheckIds: exercise.lastFailingChecks,
    ...(expected !== undefined ? { expectedMinutes: expected } : {}),
    hints: exercise.hints,
    codexSessions: exercise.codexSessions,
  };
}

/** The one "needs help" state of a participant (needs-help.ts) at `ctx.now`. */
export function needOf(p: ParticipantState, fold: SessionFold, ctx: ViewContext): NeedsHelp {
  return needsHelp(p, { now: ctx.now, rules: fold.pace, targetExerciseId: ctx.targetExerciseId }, (ms) => onHubClock(p, ms));
}

/** Stuck, by the one rule: the same checks failing 3 times in a row, or quiet past the expected time. */
export function stuckOf(p: ParticipantState, fold: SessionFold, ctx: ViewContext): ParticipantCard['stuck'] {
  const need = needOf(p, fold, ctx);
  if (need.state !== 'stuck') return undefined;
  const reason = need.reason === 'same-checks-failing' ? 'same-checks-failing' : 'quiet-past-expected';
  return { reason, words: needWords(need, need.exerciseId ? fold.pace.exerciseMinutes.get(need.exerciseId) : undefined), minutes: need.minutes };
}

/** Hub time the hand went up: the laptop's moment when it is earlier than the arrival (a late outbox). */
function handUpAt(p: ParticipantState): number {
  return p.hand ? Math.min(onHubClock(p, p.hand.raisedAt), p.hand.raisedAtHub) : 0;
}

export function participantCard(p: ParticipantState, fold: SessionFold, ctx: ViewContext): ParticipantCard {
  const readiness = readinessOf(p);
  const exercise = currentExercise(p, fold, ctx);
  const need = needOf(p, fold, ctx);
  const stuck = need.state === 'stuck' ? stuckOf(p, fold, ctx) : undefined;
  const hand = p.hand ? { message: p.hand.message, minutesUp: minutesBetween(handUpAt(p), ctx.now), order: 0, ...(p.hand.claimedBy ? { claimedBy: p.hand.claimedBy } : {}) } : undefined;
  let exercisesDone = 0;
  for (const e of p.exercises.values()) if (e.passed) exercisesDone += 1;
  const of = p.pendingOf ? fold.participants.get(p.pendingOf) : undefined;
  const code = p.pendingOf ? ctx.pendingCode?.(p.id) : undefined;
  const tier: ParticipantCard['tier'] = hand
    ? 'hand'
    : p.pendingOf
      ? 'pending'
      : need.state === 'blocked'
        ? 'blocked'
        : need.state === 'stuck'
          ? 'stuck'
          : need.state === 'behind'
            ? 'behind'
            : need.state === 'finished'
              ? 'finished'
              : need.state === 'idle'
                ? 'no-doctor'
                : 'working';
  const needWordsText = need.state === 'blocked' ? readiness.words : needWords(need, need.exerciseId ? fold.pace.exerciseMinutes.get(need.exerciseId) : undefined);
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
    ...(p.loweredHand && !p.hand ? { handLowered: true } : {}),
    stuck,
    needs: { state: need.state, words: needWordsText },
    ...(p.table ? { table: p.table } : {}),
    laptops: p.laptops,
    ...(p.pendingOf ? { pending: { of: p.pendingOf, ofName: of?.name ?? p.pendingOf, ...(code ? { code } : {}) } } : {}),
    helpedMinutesAgo: p.helpedAt !== undefined ? minutesBetween(p.helpedAt, ctx.now) : undefined,
    rank: 0,
    tier,
    lastSeenMinutesAgo: minutesBetween(p.lastSeenAt, ctx.now),
  };
}

const TIER_ORDER: Record<ParticipantCard['tier'], number> = { hand: 0, pending: 1, blocked: 2, stuck: 3, behind: 4, 'no-doctor': 5, working: 6, finished: 7 };

/** Longest-waiting first inside each tier: the longest stuck, the longest on a step. */
function waitingMinutes(card: ParticipantCard): number {
  if (card.tier === 'stuck') return card.stuck?.minutes ?? 0;
  if (card.tier === 'working') return card.exercise?.minutesOnStep ?? 0;
  return card.lastSeenMinutesAgo;
}

/**
 * Who needs help first: sorts in place and numbers the ranks. Hands are exactly first come, first
 * served (`handKeys`: when each went up, then log order), not by name within a minute.
 */
export function sortByNeed(cards: ParticipantCard[], handKeys: Map<string, [number, number]> = new Map()): ParticipantCard[] {
  const handKey = (card: ParticipantCard) => handKeys.get(card.id) ?? [0, 0];
  cards.sort((a, b) => {
    const tier = TIER_ORDER[a.tier] - TIER_ORDER[b.tier];
    if (tier) return tier;
    if (a.tier === 'hand') {
      const [aAt, aSeq] = handKey(a);
      const [bAt, bSeq] = handKey(b);
      if (aAt !== bAt) return aAt - bAt;
      if (aSeq !== bSeq) return aSeq - bSeq;
    }
    return waitingMinutes(b) - waitingMinutes(a) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  });
  let handOrder = 0;
  cards.forEach((card, index) => {
    card.rank = index;
    if (card.hand) card.hand.order = ++handOrder;
  });
  return cards;
}

export function allCards(fold: SessionFold, ctx: ViewContext): ParticipantCard[] {
  const cards: ParticipantCard[] = [];
  const handKeys = new Map<string, [number, number]>();
  for (const p of fold.participants.values()) {
    cards.push(participantCard(p, fold, ctx));
    if (p.hand) handKeys.set(p.id, [handUpAt(p), p.hand.seq]);
  }
  return sortByNeed(cards, handKeys);
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

export function sessionAggregates(fold: SessionFold, cards: ParticipantCard[], limit = 5, ctx: Pick<ViewContext, 'checkText'> = {}): SessionAggregates {
  const funnel = { joined: 0, ready: 0, started: 0, finished: 0 };
  const blockers = new Map<string, { words: string; count: number }>();
  const failing = new Map<string, { words: string; count: number }>();
  const teams = new Map<string, number>();
  for (const p of fold.participants.values()) {
    funnel.joined += 1;
    if (p.everReady) funnel.ready += 1;
    if (p.exercises.size > 0) funnel.started += 1;
    if (p.finished) funnel.finished += 1;
    if (p.doctor && !p.doctor.ready) {
      for (const b of p.doctor.blockers) bump(blockers, b.code, checkWords(b.code, b.checkId));
    }
    const current = p.currentExerciseId ? p.exercises.get(p.currentExerciseId) : undefined;
    if (current && !current.passed) {
      for (const check of current.lastFailingChecks) bump(failing, `${current.id}/${check}`, failingCheckWords(current.id, check, ctx));
    }
  }
  // Teams from the cards: on a date of a programme they carry the roster's team names.
  for (const card of cards) teams.set(card.team, (teams.get(card.team) ?? 0) + 1);
  return {
    funnel,
    setupBlockers: topCounts(blockers, limit),
    failingChecks: topCounts(failing, limit),
    teams: [...teams.entries()].map(([team, count]) => ({ team, count })).sort((a, b) => a.team.localeCompare(b.team)),
    handsUp: cards.filter((c) => c.hand).length,
    stuck: cards.filter((c) => c.needs.state === 'stuck').length,
    blocked: cards.filter((c) => c.needs.state === 'blocked').length,
    behind: cards.filter((c) => c.needs.state === 'behind').length,
  };
}
