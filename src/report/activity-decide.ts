import type { ActivitySample } from './activity-sample.js';

/**
 * Issue 11: when the laptop's activity reporter sends an `activity.observed` event. Pure (no disk,
 * no clock), so the simulated room (bench/room-sim.mjs) replays exactly what the real reporter does.
 *
 * The reporter looks every ACTIVITY_POLL_MS. It reports when something moved since its last report
 * (a newer file change, a newer Codex write, a different count of changed files, another exercise),
 * at most once per poll: a busy Codex session writes many times a minute, and the hub only needs to
 * know that work happened in the last minute, not each keystroke of it. A change held back by the
 * rate limit is still "new" at the next look, so it is reported then, never lost.
 */
export const ACTIVITY_POLL_MS = 60_000;

/** Timers may fire a millisecond early; a gap this much shorter than the poll still counts as a poll apart. */
const TIMER_SLACK_MS = 1_000;

export interface ReporterMemory {
  exerciseId?: string;
  filesChangedAt?: number;
  filesChanged?: number;
  codexActiveAt?: number;
  /** When the last event was recorded (laptop clock, ms). */
  reportedAt?: number;
}

export interface ActivityReport {
  exerciseId: string;
  filesChangedAt?: number;
  codexActiveAt?: number;
  filesChanged: number;
}

export function decideReport(memory: ReporterMemory, sample: ActivitySample, now: number, pollMs: number = ACTIVITY_POLL_MS): { report?: ActivityReport; memory: ReporterMemory } {
  const sameExercise = memory.exerciseId === sample.exerciseId;
  const newer = (seen: number | undefined, latest: number | undefined) => latest !== undefined && (!sameExercise || seen === undefined || latest > seen);
  const moved =
    newer(memory.filesChangedAt, sample.filesChangedAt) ||
    newer(memory.codexActiveAt, sample.codexActiveAt) ||
    (sameExercise && memory.filesChanged !== undefined && sample.filesChanged !== memory.filesChanged);
  if (!moved) {
    // Nothing to say; a new exercise with nothing done yet becomes the one remembered.
    return { memory: sameExercise ? memory : { exerciseId: sample.exerciseId, filesChanged: sample.filesChanged, reportedAt: memory.reportedAt } };
  }
  if (memory.reportedAt !== undefined && now - memory.reportedAt < pollMs - Math.min(TIMER_SLACK_MS, pollMs / 10)) return { memory };
  const report: ActivityReport = {
    exerciseId: sample.exerciseId,
    ...(sample.filesChangedAt !== undefined ? { filesChangedAt: sample.filesChangedAt } : {}),
    ...(sample.codexActiveAt !== undefined ? { codexActiveAt: sample.codexActiveAt } : {}),
    filesChanged: sample.filesChanged,
  };
  return { report, memory: { exerciseId: sample.exerciseId, filesChangedAt: sample.filesChangedAt, codexActiveAt: sample.codexActiveAt, filesChanged: sample.filesChanged, reportedAt: now } };
}
