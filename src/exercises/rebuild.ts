import type { ParticipantEvent } from '../protocol/events.js';
import { readEventLog } from '../state/event-log.js';
import { type ExerciseProgress, type PackProgress, emptyPackProgress } from '../state/progress.js';
import type { LoadedPack } from './pack-loader.js';
import { exerciseFolder, inspectFolder } from './workspace.js';

/**
 * Rebuilds a pack's progress without the progress file: the exercise folders' Git history says which
 * exercises were set up (baseline commit) and passed (refs/workshop/passed, with score and attempts),
 * and the local event log, when it survived, adds attempts, hints and Codex evidence.
 */
export async function rebuildPackProgress(pack: LoadedPack, workspace: string, env: NodeJS.ProcessEnv, now: Date = new Date()): Promise<PackProgress> {
  const progress = emptyPackProgress(pack.config.id, pack.config.version);
  const events = await readEventLog(env).then(
    (log) => log.events,
    () => [] as ParticipantEvent[],
  );

  for (const exercise of pack.exercises) {
    const folder = exerciseFolder(workspace, exercise.id);
    const inspection = await inspectFolder(folder).catch(() => undefined);
    if (inspection?.kind !== 'exercise' || inspection.exerciseId !== exercise.id || !inspection.setupAt) continue;
    if (inspection.packId && inspection.packId !== pack.config.id) continue;

    const record: ExerciseProgress = {
      folder,
      setupAt: inspection.setupAt,
      baselineCommit: inspection.baselineCommit,
      attempts: inspection.passed?.attempts ?? 0,
      hintsShown: 0,
      codexSessions: 0,
      changedAfterCodex: false,
    };
    if (inspection.passed) record.passedAt = inspection.passed.at;

    const since = Date.parse(inspection.setupAt);
    const mine = events.filter((event) => 'exerciseId' in event && event.exerciseId === exercise.id && Date.parse(event.ts) >= since - 1000);
    const graded = mine.filter((event) => event.type === 'exercise.graded');
    const last = graded.at(-1);
    if (last && last.type === 'exercise.graded') {
      record.attempts = Math.max(record.attempts, last.attempt, graded.length);
      record.lastGradedAt = last.ts;
      record.lastResult = { passed: last.passed, score: last.score, maxScore: last.maxScore, noChange: last.noChange, failingChecks: last.failingChecks };
      record.codexSessions = last.codexSessions;
      record.changedAfterCodex = last.changedAfterCodex;
    }
    const hints = mine.filter((event) => event.type === 'hint.shown');
    record.hintsShown = hints.reduce((max, event) => (event.type === 'hint.shown' ? Math.max(max, event.hintIndex + 1) : max), 0);
    progress.exercises[exercise.id] = record;
  }

  // The exercise in progress is the most recently set-up one that has not passed.
  const open = Object.entries(progress.exercises)
    .filter(([, record]) => !record.passedAt)
    .sort(([, a], [, b]) => b.setupAt.localeCompare(a.setupAt));
  progress.current = open[0]?.[0] ?? null;
  const records = Object.values(progress.exercises);
  if (records.length === pack.exercises.length && records.every((record) => record.passedAt)) {
    progress.finishedAt = records.map((record) => record.passedAt as string).sort().at(-1);
  }
  if (records.length > 0) progress.rebuiltAt = now.toISOString();
  return progress;
}
