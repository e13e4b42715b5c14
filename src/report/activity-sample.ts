import { promises as fs } from 'node:fs';
import path from 'node:path';
import { listRolloutFiles, localDay, readSessionMeta, shiftDay } from '../codex/session-logs.js';
import { sessionInFolder } from '../exercises/evidence.js';

/**
 * Issue 11: one look at an exercise folder and at Codex's session logs, for the laptop's activity
 * reporter (activity-watch.ts). What comes out is times and a count, never a name or a byte of
 * content: when a file in the folder last changed, how many files changed since the exercise was set
 * up, and when Codex last wrote to a session started in the folder.
 *
 * Cheap by design, because it runs every minute for hours: the folder walk only `stat`s (Git's own
 * folder is skipped, and the walk stops after MAX_ENTRIES), and a rollout file's first line is read
 * once per file (its folder is remembered in the cache); after that only its mtime is looked at.
 */
export interface ActivitySample {
  exerciseId: string;
  /** Latest mtime (ms) of a file or folder in the exercise folder, when later than the setup. */
  filesChangedAt?: number;
  /** Files whose mtime is later than the setup (changed, added or restored since then). */
  filesChanged: number;
  /** Latest mtime (ms) of a Codex rollout file whose session runs in the exercise folder, when later than the setup. */
  codexActiveAt?: number;
}

export interface SampleTarget {
  exerciseId: string;
  folder: string;
  /** When the exercise was set up (ms): the baseline's files are older than this. */
  setupAtMs: number;
  codexHome: string;
}

/** Rollout file → does its session run in the watched folder (read once; its first line never changes). */
export type RolloutCache = Map<string, boolean>;

/** A folder of tens of thousands of files is not an exercise; stop looking rather than spend the CPU. */
const MAX_ENTRIES = 5000;

export async function sampleActivity(target: SampleTarget, cache: RolloutCache, now: number = Date.now()): Promise<ActivitySample> {
  const [files, codexActiveAt] = await Promise.all([folderChanges(target.folder, target.setupAtMs), codexActivity(target, cache, now)]);
  return {
    exerciseId: target.exerciseId,
    ...(files.latest !== undefined ? { filesChangedAt: files.latest } : {}),
    filesChanged: files.changed,
    ...(codexActiveAt !== undefined ? { codexActiveAt } : {}),
  };
}

/**
 * Files changed since the setup, by mtime. Folders count for the time (a deleted file changes its
 * folder's mtime) but not in the count. The setup writes the starter files before it stamps the
 * setup time, so they are older than it.
 */
export async function folderChanges(folder: string, since: number): Promise<{ latest?: number; changed: number }> {
  let latest: number | undefined;
  let changed = 0;
  let seen = 0;
  const note = (mtimeMs: number, isFile: boolean) => {
    if (mtimeMs <= since) return;
    if (isFile) changed += 1;
    if (latest === undefined || mtimeMs > latest) latest = mtimeMs;
  };
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return; // gone or unreadable: nothing to say about it
    }
    for (const entry of entries) {
      if (seen >= MAX_ENTRIES) return;
      seen += 1;
      if (dir === folder && entry.name === '.git') continue;
      const full = path.join(dir, entry.name);
      const stat = await fs.lstat(full).catch(() => undefined);
      if (!stat) continue;
      if (stat.isDirectory()) {
        note(stat.mtimeMs, false);
        await walk(full);
      } else note(stat.mtimeMs, true);
    }
  };
  const top = await fs.stat(folder).catch(() => undefined);
  if (top) note(top.mtimeMs, false);
  await walk(folder);
  return latest === undefined ? { changed } : { latest, changed };
}

/**
 * The latest write to a session that runs in the folder. Codex appends to its rollout file as the
 * conversation goes (the prompt, each tool call, each answer), so the file's mtime is when Codex last
 * did something there; the conversation itself is never opened.
 */
async function codexActivity(target: SampleTarget, cache: RolloutCache, now: number): Promise<number | undefined> {
  // Date folders are named by the local date; a session may have started the day before the setup.
  const files = await listRolloutFiles(target.codexHome, shiftDay(localDay(target.setupAtMs), -1), localDay(now)).catch(() => [] as string[]);
  const roots = await folderRoots(target.folder);
  let latest: number | undefined;
  for (const file of files) {
    let ours = cache.get(file);
    if (ours === undefined) {
      const meta = await readSessionMeta(file);
      // A file whose first line is not written yet is asked again next time.
      if (!meta) continue;
      ours = meta.cwd !== undefined && sessionInFolder(roots, meta.cwd);
      cache.set(file, ours);
    }
    if (!ours) continue;
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat && stat.mtimeMs > target.setupAtMs && (latest === undefined || stat.mtimeMs > latest)) latest = stat.mtimeMs;
  }
  return latest;
}

async function folderRoots(folder: string): Promise<string[]> {
  const resolved = path.resolve(folder);
  const real = await fs.realpath(folder).catch(() => resolved);
  return real === resolved ? [resolved] : [resolved, real];
}
