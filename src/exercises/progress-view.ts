import { messages } from '../i18n/index.js';
import { type ExerciseProgress, type PackProgress, type ProgressSession, progressPath } from '../state/progress.js';
import type { ExerciseContext } from './context.js';
import { localize } from './language.js';
import { type LoadedExercise, exerciseTitle } from './pack-loader.js';
import { rebuildPackProgress } from './rebuild.js';

/**
 * Reading a pack's progress: where it is rebuilt when missing, and the derived views (state of each
 * exercise, minutes spent, what comes next) that status, next and the finish summary share.
 */
export type ExerciseState = 'done' | 'current' | 'pending';

/** The pack's progress record, rebuilt from the exercise folders when there is none (or it was set aside). */
export async function packProgressFor(session: ProgressSession, ctx: ExerciseContext, notices: string[]): Promise<PackProgress> {
  const packId = ctx.pack.config.id;
  if (session.setAsideAs && session.unreadableReason !== undefined) {
    notices.push(messages(ctx.lang).exercise.progressUnreadable({ file: progressPath(ctx.env), reason: session.unreadableReason, keptAs: session.setAsideAs }));
  } else if (session.notice) notices.push(session.notice);
  let progress = session.file.packs[packId];
  if (!progress) {
    progress = await rebuildPackProgress(ctx.pack, ctx.workspace, ctx.env);
    session.file.packs[packId] = progress;
    const found = Object.keys(progress.exercises).length;
    if (found > 0) notices.push(messages(ctx.lang).exercise.progressRebuilt({ count: found, workspace: ctx.workspace }));
    if (found > 0 || session.setAsideAs) await session.save();
  }
  // A pack that changed since (an exercise removed) must not leave a dangling "current".
  if (progress.current && !ctx.pack.exercises.some((exercise) => exercise.id === progress.current)) progress.current = null;
  return progress;
}

export function stateOf(progress: PackProgress, exerciseId: string): ExerciseState {
  if (progress.current === exerciseId) return 'current';
  return progress.exercises[exerciseId]?.passedAt ? 'done' : 'pending';
}

/** From setup to the pass; for the current exercise, until now; for one left unfinished, until its last check. */
export function minutesSpent(record: ExerciseProgress | undefined, isCurrent: boolean, now: Date = new Date()): number {
  if (!record) return 0;
  const end = record.passedAt ?? (isCurrent ? now.toISOString() : (record.lastGradedAt ?? record.setupAt));
  return Math.max(0, Math.round((Date.parse(end) - Date.parse(record.setupAt)) / 60000));
}

/** After `from` passes: the first unfinished exercise after it in play order, else the first unfinished before it. */
export function nextExercise(exercises: LoadedExercise[], progress: PackProgress, from?: string): LoadedExercise | undefined {
  const index = from ? exercises.findIndex((exercise) => exercise.id === from) : -1;
  const ordered = [...exercises.slice(index + 1), ...exercises.slice(0, index + 1)];
  return ordered.find((exercise) => !progress.exercises[exercise.id]?.passedAt);
}

export interface ExerciseRow {
  id: string;
  title: string;
  minutes: number;
  state: ExerciseState;
  /** Set up at least once (a pending exercise may have been started and left with goto). */
  started: boolean;
  passed: boolean;
  attempts: number;
  hintsShown: number;
  minutesSpent: number;
  codexSessions: number;
  changedAfterCodex: boolean;
  score?: number;
  maxScore?: number;
  folder?: string;
}

export function exerciseRows(ctx: ExerciseContext, progress: PackProgress, now: Date = new Date()): ExerciseRow[] {
  return ctx.pack.exercises.map((exercise) => {
    const record = progress.exercises[exercise.id];
    return {
      id: exercise.id,
      title: exerciseTitle(exercise, ctx.lang, ctx.pack.config.languages),
      minutes: exercise.config.minutes,
      state: stateOf(progress, exercise.id),
      started: Boolean(record),
      passed: Boolean(record?.passedAt),
      attempts: record?.attempts ?? 0,
      hintsShown: record?.hintsShown ?? 0,
      minutesSpent: minutesSpent(record, progress.current === exercise.id, now),
      codexSessions: record?.codexSessions ?? 0,
      changedAfterCodex: record?.changedAfterCodex ?? false,
      ...(record?.lastResult ? { score: record.lastResult.score, maxScore: record.lastResult.maxScore } : {}),
      ...(record ? { folder: record.folder } : {}),
    };
  });
}

export function packTitle(ctx: ExerciseContext): string {
  return localize(ctx.pack.config.title, ctx.lang, ctx.pack.config.languages[0]);
}
