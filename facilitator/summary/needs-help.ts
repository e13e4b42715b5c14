import type { ExerciseState, ParticipantState } from './fold.js';

/**
 * Issue 11: the ONE definition of "needs help", shared by the live dashboard and the session report,
 * so that both name the same people. Pure: a participant's folded state, the pace rules and a moment
 * in, a state out.
 *
 * - blocked: the latest doctor run says NOT READY (setup not ready, or a doctor check failing);
 * - stuck:   on an unpassed exercise for longer than the pack's expected minutes × `stuckFactor`,
 *            with no sign of work (Codex activity, file changes in the exercise folder, a grading,
 *            a hint, a reset) for `quietMinutes`; or the same checks failing on 3 gradings in a row;
 * - behind:  more than one exercise behind the room's target exercise;
 * - working: everything else (finished people are `finished`, people without a doctor run and an
 *            exercise are `idle`).
 *
 * A flat "no progress for N minutes" timer called people stuck who were simply working through a
 * 10–15 minute exercise; the pack's own minutes plus activity tell the two apart.
 */
export interface PaceRules {
  /** How far past the pack's expected minutes someone may be before a quiet spell counts as stuck. */
  stuckFactor: number;
  /** Minutes without any sign of work that, past the expected time, mean stuck. */
  quietMinutes: number;
  /** Expected minutes for an exercise the pack does not list (profile `stuckAfterMinutes`). */
  fallbackMinutes: number;
  /** Expected minutes per exercise id, from the pack. */
  exerciseMinutes: ReadonlyMap<string, number>;
  /** The pack's exercises in play order (for "behind" and for report order). */
  order: readonly string[];
}

export const SAME_FAILS_FOR_STUCK = 3;

export const DEFAULT_PACE: PaceRules = {
  stuckFactor: 1.5,
  quietMinutes: 4,
  fallbackMinutes: 10,
  exerciseMinutes: new Map(),
  order: [],
};

export type NeedState = 'blocked' | 'stuck' | 'behind' | 'working' | 'finished' | 'idle';
export type NeedReason = 'setup' | 'same-checks-failing' | 'quiet-past-expected' | 'behind-target' | 'none';

export interface NeedsHelp {
  state: NeedState;
  reason: NeedReason;
  /** Minutes the reason has held (stuck: since the expected time ran out or the failures began; behind: exercises behind). */
  minutes: number;
  exerciseId?: string;
  /** For `behind`: how many exercises behind the target. */
  exercisesBehind?: number;
  /** For `stuck`: minutes since the last sign of work. */
  quietMinutes?: number;
}

export interface NeedContext {
  /** Hub clock, ms. */
  now: number;
  rules: PaceRules;
  /** The room's target exercise (facilitator or timetable), if any. */
  targetExerciseId?: string;
}

const minutes = (ms: number) => Math.max(0, Math.floor(ms / 60_000));

/** Expected minutes × factor: the budget before a quiet spell means stuck. */
export function budgetMs(rules: PaceRules, exerciseId: string): number {
  return (rules.exerciseMinutes.get(exerciseId) ?? rules.fallbackMinutes) * rules.stuckFactor * 60_000;
}

/**
 * Stuck by the quiet rule at `at` (hub clock): past the budget on this step and nothing happened for
 * the quiet window. `stepStart` and `lastActivity` are already on the hub clock. Used live (at now)
 * and by the fold at each new sign of work (was there a stuck spell before it?), so the report and
 * the dashboard agree.
 */
export function quietPastExpected(rules: PaceRules, exerciseId: string, stepStart: number, lastActivity: number, at: number): boolean {
  return at - stepStart >= budgetMs(rules, exerciseId) && at - lastActivity >= rules.quietMinutes * 60_000;
}

/** Where someone is in the pack: index of the exercise they are on (the next one once passed). */
export function positionOf(p: ParticipantState, rules: PaceRules): number {
  if (p.finished) return rules.order.length;
  let passed = 0;
  for (const id of rules.order) if (p.exercises.get(id)?.passed) passed += 1;
  const current = p.currentExerciseId ? rules.order.indexOf(p.currentExerciseId) : -1;
  if (current === -1) return passed;
  const exercise = p.exercises.get(p.currentExerciseId!);
  return Math.max(passed, exercise?.passed ? current + 1 : current);
}

export function needsHelp(p: ParticipantState, ctx: NeedContext, hubTime: (laptopMs: number) => number): NeedsHelp {
  if (p.finished) return { state: 'finished', reason: 'none', minutes: 0 };
  if (p.doctor && !p.doctor.ready) return { state: 'blocked', reason: 'setup', minutes: minutes(ctx.now - hubTime(p.doctor.at)) };
  const exercise: ExerciseState | undefined = p.currentExerciseId ? p.exercises.get(p.currentExerciseId) : undefined;
  if (exercise && !exercise.passed) {
    const stepStart = Math.max(hubTime(exercise.stepStartedAt), p.helpedAt ?? 0);
    const lastActivity = Math.max(hubTime(exercise.lastActivityAt), p.helpedAt ?? 0);
    if (exercise.sameFailsInRow >= SAME_FAILS_FOR_STUCK) {
      return { state: 'stuck', reason: 'same-checks-failing', minutes: minutes(ctx.now - lastActivity), exerciseId: exercise.id };
    }
    if (quietPastExpected(ctx.rules, exercise.id, stepStart, lastActivity, ctx.now)) {
      const since = Math.max(stepStart + budgetMs(ctx.rules, exercise.id), lastActivity);
      return { state: 'stuck', reason: 'quiet-past-expected', minutes: minutes(ctx.now - since), quietMinutes: minutes(ctx.now - lastActivity), exerciseId: exercise.id };
    }
  }
  if (ctx.targetExerciseId) {
    const target = ctx.rules.order.indexOf(ctx.targetExerciseId);
    const behind = target - positionOf(p, ctx.rules);
    if (target !== -1 && behind > 1) return { state: 'behind', reason: 'behind-target', minutes: 0, exercisesBehind: behind, exerciseId: exercise?.id };
  }
  if (!exercise && !p.doctor) return { state: 'idle', reason: 'none', minutes: 0 };
  return { state: 'working', reason: 'none', minutes: 0, exerciseId: exercise?.id };
}

/** The words a facilitator reads for a state (dashboard card, report follow-up). */
export function needWords(need: NeedsHelp, expectedMinutes?: number): string {
  switch (need.reason) {
    case 'same-checks-failing':
      return `the same checks failed ${SAME_FAILS_FOR_STUCK} times in a row`;
    case 'quiet-past-expected':
      return expectedMinutes !== undefined ? `over the expected ${expectedMinutes} min, no activity for ${need.quietMinutes ?? 0} min` : `no activity for ${need.quietMinutes ?? 0} min`;
    case 'behind-target':
      return `${need.exercisesBehind} exercises behind the room`;
    default:
      return '';
  }
}
