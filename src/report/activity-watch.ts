import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../core/atomic-write.js';
import { codexHome, configDir } from '../core/paths.js';
import { recordEvent } from '../state/event-log.js';
import { acquireLock, lockHolder } from '../state/lock.js';
import { ACTIVITY_POLL_MS, type ReporterMemory, decideReport } from './activity-decide.js';
import { type RolloutCache, sampleActivity } from './activity-sample.js';

/**
 * Issue 11: the laptop's activity reporter. A participant working in Codex types no workshop
 * command for many minutes, so the hub would see no sign of work and call them stuck. This small
 * background process (started by `workshop next`/`goto`, see activity-start.ts) looks every minute
 * at the current exercise's folder and at Codex's session logs, and when something moved records an
 * `activity.observed` event (times and a count, nothing else) and sends the outbox.
 *
 * One per laptop (a lock file, touched at every look so that it stays fresh). It prints nothing and
 * stops by itself when:
 * - the pack has no current unpassed exercise (the last one passed, or progress is gone);
 * - the laptop is no longer joined (`hub.json` gone), or the hub no longer knows it (a new session);
 * - the hub could not be reached for HUB_GONE_MS in a row (the session is over);
 * - nothing moved for IDLE_STOP_MS, or it has run for MAX_LIFETIME_MS;
 * - another reporter took over (a lock left stale by a sleeping laptop).
 * The next `workshop next` starts it again when needed.
 *
 * Why not Codex's `notify` hook: it needs an entry in the participant's own `config.toml` (or a
 * `-c notify=[…]` in the start line, quoted differently in each shell), fires only when a turn ends
 * (a long turn looks quiet), and nothing fires for file changes made by hand. A poller needs none of
 * that; docs/hub.md has its measured cost.
 */
export const WATCH_LOCK_FILE = 'activity-watch.lock';
export const WATCH_TARGET_FILE = 'activity-watch.json';
/** The lock counts as stale after this long without a touch (the reporter touches it every poll). */
export const WATCH_STALE_MS = 10 * 60_000;
export const IDLE_STOP_MS = 3 * 60 * 60_000;
export const HUB_GONE_MS = 30 * 60_000;
export const MAX_LIFETIME_MS = 12 * 60 * 60_000;
const FLUSH_BUDGET_MS = 10_000;
/** Ticks in a row that failed unexpectedly before the reporter gives up. */
const MAX_FAILED_TICKS = 10;

export const WatchTarget = z.object({ schemaVersion: z.literal(1), packId: z.string().min(1) });
export type WatchTarget = z.infer<typeof WatchTarget>;

export function watchLockPath(env: NodeJS.ProcessEnv): string {
  return path.join(configDir(env), WATCH_LOCK_FILE);
}

export function watchTargetPath(env: NodeJS.ProcessEnv): string {
  return path.join(configDir(env), WATCH_TARGET_FILE);
}

export async function writeWatchTarget(target: WatchTarget, env: NodeJS.ProcessEnv): Promise<void> {
  await writeFileAtomic(watchTargetPath(env), `${JSON.stringify(target)}\n`);
}

/** The poll interval: one minute; tests shorten it (WORKSHOP_ACTIVITY_POLL_MS, at least 100 ms). */
export function pollMs(env: NodeJS.ProcessEnv): number {
  const given = Number(env.WORKSHOP_ACTIVITY_POLL_MS);
  return Number.isFinite(given) && given >= 100 ? given : ACTIVITY_POLL_MS;
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse((await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}

const CurrentExercise = z.object({
  packs: z.record(
    z.string(),
    z.object({
      current: z.string().nullable().optional(),
      exercises: z.record(z.string(), z.object({ folder: z.string(), setupAt: z.string(), passedAt: z.string().optional() }).loose()).optional(),
    }).loose(),
  ),
}).loose();

/**
 * The exercise to watch: the pack's current one, unpassed. Read without the progress lock and
 * without setting a damaged file aside: that is for the commands; here a file being written just
 * means "look again next minute".
 */
export async function currentExercise(env: NodeJS.ProcessEnv, packId: string): Promise<{ exerciseId: string; folder: string; setupAtMs: number } | undefined> {
  const parsed = CurrentExercise.safeParse(await readJson(path.join(configDir(env), 'progress.json')));
  if (!parsed.success) return undefined;
  const pack = parsed.data.packs[packId];
  const id = pack?.current;
  const record = id ? pack.exercises?.[id] : undefined;
  if (!id || !record || record.passedAt) return undefined;
  const setupAtMs = Date.parse(record.setupAt);
  return Number.isNaN(setupAtMs) ? undefined : { exerciseId: id, folder: record.folder, setupAtMs };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type StopReason = 'busy' | 'no-exercise' | 'not-joined' | 'unknown-participant' | 'hub-gone' | 'idle' | 'lifetime' | 'lock-lost' | 'failing';

/** Runs the reporter until one of its reasons to stop; never throws, never prints. */
export async function runActivityWatch(env: NodeJS.ProcessEnv = process.env): Promise<StopReason> {
  const lockFile = watchLockPath(env);
  let lock;
  try {
    lock = await acquireLock(lockFile, { timeoutMs: 0, staleMs: WATCH_STALE_MS });
  } catch {
    return 'busy';
  }
  try {
    return await watch(env, lockFile);
  } finally {
    await lock.release().catch(() => undefined);
  }
}

async function watch(env: NodeJS.ProcessEnv, lockFile: string): Promise<StopReason> {
  const poll = pollMs(env);
  const started = Date.now();
  let memory: ReporterMemory = {};
  const cache: RolloutCache = new Map();
  let lastMoved = started;
  let unreachableSince: number | undefined;
  let failedTicks = 0;
  for (;;) {
    const now = Date.now();
    if (now - started > MAX_LIFETIME_MS) return 'lifetime';
    // Still ours? A laptop that slept past the stale time may find another reporter in its place.
    if ((await lockHolder(lockFile, Number.MAX_SAFE_INTEGER))?.pid !== process.pid) return 'lock-lost';
    await fs.utimes(lockFile, new Date(now), new Date(now)).catch(() => undefined);
    try {
      if (!(await fs.stat(path.join(configDir(env), 'hub.json')).catch(() => undefined))) return 'not-joined';
      const target = WatchTarget.safeParse(await readJson(watchTargetPath(env)));
      if (!target.success) return 'no-exercise';
      const exercise = await currentExercise(env, target.data.packId);
      if (!exercise) return 'no-exercise';
      if (memory.exerciseId !== exercise.exerciseId) cache.clear();
      const sample = await sampleActivity({ ...exercise, codexHome: codexHome(env) }, cache, now);
      const decided = decideReport(memory, sample, now, poll);
      memory = decided.memory;
      if (decided.report) {
        lastMoved = now;
        const { exerciseId, filesChangedAt, codexActiveAt, filesChanged } = decided.report;
        await recordEvent(
          {
            type: 'activity.observed',
            exerciseId,
            filesChanged,
            ...(filesChangedAt !== undefined ? { filesChangedAt: new Date(filesChangedAt).toISOString() } : {}),
            ...(codexActiveAt !== undefined ? { codexActiveAt: new Date(codexActiveAt).toISOString() } : {}),
          },
          env,
        );
      }
      if (decided.report || unreachableSince !== undefined) {
        const { flushOutbox } = await import('./outbox.js');
        const outcome = await flushOutbox({ budgetMs: FLUSH_BUDGET_MS, env });
        if (outcome.status === 'not-joined') return 'not-joined';
        if (outcome.status === 'unknown-participant') return 'unknown-participant';
        if (outcome.status === 'later') unreachableSince ??= now;
        else unreachableSince = undefined;
      }
      if (unreachableSince !== undefined && now - unreachableSince > HUB_GONE_MS) return 'hub-gone';
      if (now - lastMoved > IDLE_STOP_MS) return 'idle';
      failedTicks = 0;
    } catch {
      // A full disk, a file being replaced: try again next time, but not forever.
      failedTicks += 1;
      if (failedTicks >= MAX_FAILED_TICKS) return 'failing';
    }
    await sleep(poll);
  }
}
