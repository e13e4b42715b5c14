import { ExitCode, UserError, said } from '../core/errors.js';
import type { ExerciseContext } from './context.js';
import { diffAgainstBaseline, type WorkspaceDiff } from './diff.js';
import { findCodexSessions } from './evidence.js';
import { exerciseTitle } from './pack-loader.js';
import { type ExerciseRow, exerciseRows, packTitle } from './progress-view.js';
import { type ResetOutcome, type UndoOutcome, resetToBaseline, undoReset } from './reset.js';
import { type ExerciseRef, refOf, requireCurrent, withRun } from './session.js';
import { exerciseFolderState } from './workspace.js';

/** `workshop status`, `list`, `diff` and `reset`: looking at progress and the folder, and undoing. */

export interface StatusOutcome {
  pack: { id: string; title: string; version: string };
  workspace: string;
  current: string | null;
  finished: boolean;
  exercises: ExerciseRow[];
}

export async function runStatus(ctx: ExerciseContext, notices: string[] = []): Promise<StatusOutcome> {
  return withRun(ctx, notices, async ({ progress }) => {
    const rows = exerciseRows(ctx, progress);
    // The exercise in progress gets a fresh look at Codex's sessions: "has Codex been started there yet?"
    const current = rows.find((row) => row.state === 'current');
    const record = current ? progress.exercises[current.id] : undefined;
    if (current && record) {
      const sessions = await findCodexSessions(ctx.codexHome, record.folder, new Date(record.setupAt)).catch(() => []);
      current.codexSessions = Math.max(current.codexSessions, sessions.length);
    }
    return {
      pack: { id: ctx.pack.config.id, title: packTitle(ctx), version: ctx.pack.config.version },
      workspace: ctx.workspace,
      current: progress.current,
      finished: Boolean(progress.finishedAt),
      exercises: rows,
    };
  });
}

export interface ListOutcome {
  pack: { id: string; title: string; version: string };
  exercises: Array<{ id: string; title: string; minutes: number }>;
}

export function runList(ctx: ExerciseContext): ListOutcome {
  return {
    pack: { id: ctx.pack.config.id, title: packTitle(ctx), version: ctx.pack.config.version },
    exercises: ctx.pack.exercises.map((exercise) => ({
      id: exercise.id,
      title: exerciseTitle(exercise, ctx.lang, ctx.pack.config.languages),
      minutes: exercise.config.minutes,
    })),
  };
}

/** The exercise in progress, whose folder must still be there. */
export async function currentExerciseFolder(ctx: ExerciseContext, notices: string[] = []): Promise<ExerciseRef> {
  return withRun(ctx, notices, async (run) => {
    const { exercise, record } = requireCurrent(run);
    if ((await exerciseFolderState(record.folder)) !== 'exercise') {
      throw new UserError(said('folder-gone', { folder: record.folder, id: exercise.id }), ExitCode.failure);
    }
    return refOf(ctx, exercise, record.folder);
  });
}

export interface DiffOutcome {
  exercise: ExerciseRef;
  diff: WorkspaceDiff;
}

export async function runDiff(ctx: ExerciseContext, options: { stat?: boolean; color?: boolean }, notices: string[] = []): Promise<DiffOutcome> {
  const exercise = await currentExerciseFolder(ctx, notices);
  return { exercise, diff: await diffAgainstBaseline(exercise.folder, options) };
}

export type ResetResult = { exercise: ExerciseRef } & ({ action: 'reset'; reset: ResetOutcome } | { action: 'undo'; undo: UndoOutcome });

export async function runReset(ctx: ExerciseContext, options: { undo?: boolean }, notices: string[] = []): Promise<ResetResult> {
  return withRun(ctx, notices, async (run) => {
    const { exercise, record } = requireCurrent(run);
    if ((await exerciseFolderState(record.folder)) !== 'exercise') {
      throw new UserError(said('folder-gone', { folder: record.folder, id: exercise.id }), ExitCode.failure);
    }
    const ref = refOf(ctx, exercise, record.folder);
    run.events.push({ type: 'exercise.reset', exerciseId: exercise.id, undo: Boolean(options.undo) });
    if (options.undo) return { exercise: ref, action: 'undo', undo: await undoReset(record.folder) };
    return { exercise: ref, action: 'reset', reset: await resetToBaseline(record.folder) };
  });
}
