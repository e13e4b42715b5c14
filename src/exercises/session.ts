import { ExitCode, UserError, said } from '../core/errors.js';
import { messages } from '../i18n/index.js';
import type { NewParticipantEvent } from '../protocol/events.js';
import { recordEvent } from '../state/event-log.js';
import { type ExerciseProgress, type PackProgress, type ProgressSession, withProgress } from '../state/progress.js';
import { type StartCodex, startCodex } from './codex-launch.js';
import type { ExerciseContext } from './context.js';
import { type CodexEvidence, findCodexSessions, latestChangeTime, summarizeEvidence } from './evidence.js';
import { type GradeResult, grade } from './grader.js';
import { localize } from './language.js';
import { type LoadedExercise, exerciseTitle, readBrief, requireExercise } from './pack-loader.js';
import { type ExerciseRow, exerciseRows, nextExercise, packProgressFor, packTitle } from './progress-view.js';
import { exerciseFolder, exerciseFolderState, inspectFolder, readGradingSnapshots, recordPassInFolder, setUpExerciseFolder } from './workspace.js';

/**
 * The participant's flow: `next` (set up, or grade and move on), `goto`, `hint`. Every command runs
 * under the progress lock from start to end, so two commands at once take turns and the second sees
 * what the first did. Progress is saved before events are recorded, and a pass is saved before the
 * next exercise is set up, so a failure half-way (full disk) never loses what was achieved.
 */
export interface ExerciseRef {
  id: string;
  title: string;
  folder: string;
  position: number;
  total: number;
}

export interface SetupView {
  exercise: ExerciseRef;
  minutes: number;
  brief: string;
  suggestedPrompt: string;
  start: StartCodex;
  /** The folder already existed from an earlier setup (nothing was copied). */
  resumed: boolean;
}

export interface HintView {
  /** 1-based. */
  number: number;
  total: number;
  text: string;
}

export interface GradedView {
  exercise: ExerciseRef;
  attempt: number;
  result: GradeResult;
  evidence: CodexEvidence;
  hint?: HintView;
  start: StartCodex;
}

export interface FinishView {
  packId: string;
  packTitle: string;
  exercises: ExerciseRow[];
}

export type NextOutcome =
  | { action: 'setup'; setup: SetupView }
  | { action: 'graded'; graded: GradedView; next?: SetupView; finished?: FinishView }
  | { action: 'finished'; finished: FinishView };

export interface Asker {
  /** Asks a yes/no question; only called when a person can answer. */
  confirm(question: string): Promise<boolean>;
}

interface Run {
  ctx: ExerciseContext;
  session: ProgressSession;
  progress: PackProgress;
  notices: string[];
  events: NewParticipantEvent[];
}

async function withRun<T>(ctx: ExerciseContext, notices: string[], fn: (run: Run) => Promise<T>): Promise<T> {
  const events: NewParticipantEvent[] = [];
  const result = await withProgress(
    async (session) => {
      const progress = await packProgressFor(session, ctx, notices);
      return fn({ ctx, session, progress, notices, events });
    },
    { env: ctx.env },
  );
  // Events after the state is safely saved: the log never claims what progress does not hold.
  for (const event of events) {
    await recordEvent(event, ctx.env).catch((error: Error) => notices.push(messages(ctx.lang).exercise.eventLogFailed({ reason: error.message })));
  }
  return result;
}

export function refOf(ctx: ExerciseContext, exercise: LoadedExercise, folder: string): ExerciseRef {
  return {
    id: exercise.id,
    title: exerciseTitle(exercise, ctx.lang, ctx.pack.config.languages),
    folder,
    position: ctx.pack.exercises.indexOf(exercise) + 1,
    total: ctx.pack.exercises.length,
  };
}

async function setupView(ctx: ExerciseContext, exercise: LoadedExercise, folder: string, resumed: boolean): Promise<SetupView> {
  return {
    exercise: refOf(ctx, exercise, folder),
    minutes: exercise.config.minutes,
    brief: await readBrief(exercise, ctx.lang, ctx.pack.config.languages),
    suggestedPrompt: localize(exercise.config.suggestedPrompt, ctx.lang, ctx.pack.config.languages[0]),
    start: startCodex(folder, ctx.env),
    resumed,
  };
}

/** Sets up (or resumes) an exercise and makes it the current one. */
async function startExercise(run: Run, exercise: LoadedExercise): Promise<SetupView> {
  const { ctx, progress } = run;
  const existing = progress.exercises[exercise.id];
  const folder = existing?.folder ?? exerciseFolder(ctx.workspace, exercise.id);
  const setup = await setUpExerciseFolder(ctx.pack, exercise, folder);
  if (!existing || existing.setupAt !== setup.setupAt) {
    progress.exercises[exercise.id] = {
      ...(existing ?? { attempts: 0, hintsShown: 0, codexSessions: 0, changedAfterCodex: false }),
      folder,
      setupAt: setup.setupAt,
      baselineCommit: setup.baselineCommit,
      // A fresh copy starts a fresh attempt at Codex evidence; attempts and hints carry on.
      codexSessions: 0,
      changedAfterCodex: false,
    };
  }
  progress.current = exercise.id;
  await run.session.save();
  if (!setup.reused) run.events.push({ type: 'exercise.setup', exerciseId: exercise.id });
  return setupView(ctx, exercise, folder, setup.reused);
}

function finishView(ctx: ExerciseContext, progress: PackProgress): FinishView {
  return { packId: ctx.pack.config.id, packTitle: packTitle(ctx), exercises: exerciseRows(ctx, progress) };
}

function revealHint(run: Run, exercise: LoadedExercise, record: ExerciseProgress): HintView | undefined {
  const hints = exercise.config.hints;
  if (record.hintsShown >= hints.length) return undefined;
  const index = record.hintsShown;
  record.hintsShown += 1;
  run.events.push({ type: 'hint.shown', exerciseId: exercise.id, hintIndex: index });
  return { number: index + 1, total: hints.length, text: localize(hints[index], run.ctx.lang, run.ctx.pack.config.languages[0]) };
}

/** The exercise folder is gone or no longer ours: offer a fresh copy (asked on a TTY, or with --yes). */
async function handleLostFolder(run: Run, exercise: LoadedExercise, record: ExerciseProgress, options: { yes?: boolean; asker?: Asker }): Promise<SetupView> {
  const inspection = await inspectFolder(record.folder);
  if (inspection.kind === 'other') {
    throw new UserError(said('folder-not-exercise', { folder: record.folder, id: exercise.id }), ExitCode.failure);
  }
  const question = messages(run.ctx.lang).exercise.lostFolderQuestion({ id: exercise.id, folder: record.folder });
  const agreed = options.yes || (run.ctx.canAsk && options.asker ? await options.asker.confirm(question) : undefined);
  if (agreed === undefined) {
    throw new UserError(said('folder-gone-ask', { folder: record.folder, id: exercise.id }), ExitCode.failure);
  }
  if (!agreed) throw new UserError(said('folder-kept', {}), ExitCode.failure);
  return startExercise(run, exercise);
}

async function gradeCurrent(run: Run, exercise: LoadedExercise, record: ExerciseProgress): Promise<{ graded: GradedView; passed: boolean }> {
  const { ctx } = run;
  const { current, baseline } = await readGradingSnapshots(record.folder, exercise.config.checks);
  const result = grade(current, baseline, exercise.config);
  const sessions = await findCodexSessions(ctx.codexHome, record.folder, new Date(record.setupAt)).catch(() => []);
  const lastChange = await latestChangeTime(record.folder, [...result.changes.added, ...result.changes.modified], result.changes.removed);
  const evidence = summarizeEvidence(sessions, lastChange);

  const now = new Date().toISOString();
  record.attempts += 1;
  record.lastGradedAt = now;
  record.lastResult = { passed: result.passed, score: result.score, maxScore: result.maxScore, noChange: result.noChange, failingChecks: result.failingChecks };
  record.codexSessions = evidence.sessions;
  record.changedAfterCodex = evidence.changedAfterCodex;
  if (evidence.lastSessionAt) record.lastCodexSessionAt = evidence.lastSessionAt;
  run.events.push({
    type: 'exercise.graded',
    exerciseId: exercise.id,
    passed: result.passed,
    score: result.score,
    maxScore: result.maxScore,
    noChange: result.noChange,
    failingChecks: result.failingChecks.slice(0, 100),
    attempt: record.attempts,
    codexSessions: evidence.sessions,
    changedAfterCodex: evidence.changedAfterCodex,
  });

  let hint: HintView | undefined;
  if (result.passed) {
    record.passedAt = now;
    await recordPassInFolder(record.folder, {
      exerciseId: exercise.id,
      passedAt: now,
      score: result.score,
      maxScore: result.maxScore,
      attempts: record.attempts,
    });
  } else if (!result.noChange) {
    hint = revealHint(run, exercise, record);
  }
  return {
    passed: result.passed,
    graded: { exercise: refOf(ctx, exercise, record.folder), attempt: record.attempts, result, evidence, hint, start: startCodex(record.folder, ctx.env) },
  };
}

export async function runNext(ctx: ExerciseContext, options: { yes?: boolean; asker?: Asker } = {}, notices: string[] = []): Promise<NextOutcome> {
  return withRun(ctx, notices, async (run) => {
    const { progress } = run;
    const currentId = progress.current;
    if (!currentId) {
      const upcoming = nextExercise(ctx.pack.exercises, progress);
      if (!upcoming) return { action: 'finished', finished: finishView(ctx, progress) };
      return { action: 'setup', setup: await startExercise(run, upcoming) };
    }

    const exercise = requireExercise(ctx.pack, currentId);
    const record = progress.exercises[currentId];
    const folderState = record ? await exerciseFolderState(record.folder) : 'missing';
    if (!record || folderState !== 'exercise') {
      if (!record) return { action: 'setup', setup: await startExercise(run, exercise) };
      return { action: 'setup', setup: await handleLostFolder(run, exercise, record, options) };
    }

    const { graded, passed } = await gradeCurrent(run, exercise, record);
    if (!passed) {
      await run.session.save();
      return { action: 'graded', graded };
    }
    progress.current = null;
    // Save the pass before anything else can fail.
    await run.session.save();
    const upcoming = nextExercise(ctx.pack.exercises, progress, exercise.id);
    if (upcoming) return { action: 'graded', graded, next: await startExercise(run, upcoming) };
    progress.finishedAt = new Date().toISOString();
    await run.session.save();
    run.events.push({ type: 'pack.finished', packId: ctx.pack.config.id });
    return { action: 'graded', graded, finished: finishView(ctx, progress) };
  });
}

/** `goto` takes an exercise id, or its number as `workshop list` shows it (1 is the first). */
export function exerciseByIdOrNumber(ctx: ExerciseContext, given: string): LoadedExercise {
  const trimmed = given.trim();
  const byId = ctx.pack.exercises.find((exercise) => exercise.id === trimmed);
  if (byId) return byId;
  const count = ctx.pack.exercises.length;
  if (/^\d+$/.test(trimmed) && Number(trimmed) >= 1 && Number(trimmed) <= count) return ctx.pack.exercises[Number(trimmed) - 1];
  throw new UserError(said('unknown-exercise', { given: trimmed, ids: ctx.pack.exercises.map((exercise) => exercise.id), count }), ExitCode.usage);
}

export async function runGoto(ctx: ExerciseContext, exercise: string, notices: string[] = []): Promise<SetupView> {
  const chosen = exerciseByIdOrNumber(ctx, exercise);
  return withRun(ctx, notices, (run) => startExercise(run, chosen));
}

/** `workshop brief`: the exercise in progress, as it was set up (nothing is recorded or changed). */
export async function runBrief(ctx: ExerciseContext, notices: string[] = []): Promise<SetupView> {
  return withRun(ctx, notices, async (run) => {
    const { exercise, record } = requireCurrent(run);
    return setupView(ctx, exercise, record.folder, true);
  });
}

export interface HintOutcome {
  exercise: ExerciseRef;
  /** The hint revealed now; undefined when every hint was already shown. */
  hint?: HintView;
  /** Every hint revealed so far, in order (the new one last). */
  shown: string[];
  total: number;
}

export async function runHint(ctx: ExerciseContext, notices: string[] = []): Promise<HintOutcome> {
  return withRun(ctx, notices, async (run) => {
    const { exercise, record } = requireCurrent(run);
    const hint = revealHint(run, exercise, record);
    if (hint) await run.session.save();
    const hints = exercise.config.hints.map((text) => localize(text, ctx.lang, ctx.pack.config.languages[0]));
    return { exercise: refOf(ctx, exercise, record.folder), hint, shown: hints.slice(0, record.hintsShown), total: hints.length };
  });
}

/** The exercise in progress, or a clear message to start one. */
export function requireCurrent(run: { ctx: ExerciseContext; progress: PackProgress }): { exercise: LoadedExercise; record: ExerciseProgress } {
  const currentId = run.progress.current;
  const record = currentId ? run.progress.exercises[currentId] : undefined;
  if (!currentId || !record) {
    throw new UserError(said('no-current-exercise', {}), ExitCode.failure);
  }
  return { exercise: requireExercise(run.ctx.pack, currentId), record };
}

export { withRun };
export type { Run };
