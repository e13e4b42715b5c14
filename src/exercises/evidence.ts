import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { localDay, scanSessions, shiftDay } from '../codex/session-logs.js';
import { isInside } from '../core/paths.js';

/**
 * Evidence that Codex did the work: Codex writes every session to
 * `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`, whose first line is a `session_meta`
 * record with the session's working folder (`payload.cwd`) and start time. We read that first line and
 * nothing else — never the conversation — and count the sessions started inside the exercise folder
 * after it was set up.
 *
 * Reading the logs (first line only, date folders from the setup day on) is src/codex/session-logs.ts.
 */
export interface CodexSession {
  file: string;
  startedAt: string;
  cwd: string;
}

export interface CodexEvidence {
  /** Sessions started inside the folder after setup. */
  sessions: number;
  firstSessionAt?: string;
  lastSessionAt?: string;
  /** A session had started before the latest change in the folder (the change plausibly came from Codex). */
  changedAfterCodex: boolean;
}

function samePlace(a: string, b: string): boolean {
  // Windows and macOS file systems ignore case by default; a cwd typed differently is the same folder.
  if (process.platform === 'win32' || process.platform === 'darwin') return isInside(a.toLowerCase(), b.toLowerCase());
  return isInside(a, b);
}

/** A session's folder is one of `roots` (the exercise folder as given and its real path) or inside it. */
export function sessionInFolder(roots: Iterable<string>, cwd: string): boolean {
  for (const root of roots) if (samePlace(root, cwd)) return true;
  return false;
}

export async function findCodexSessions(codexHome: string, folder: string, since: Date): Promise<CodexSession[]> {
  const roots = new Set([path.resolve(folder)]);
  const real = await fs.realpath(folder).catch(() => undefined);
  if (real) roots.add(real);
  // Date folders are named by the local date, which can trail the UTC day of `since`: start a day early.
  const { sessions } = await scanSessions(codexHome, shiftDay(localDay(since.getTime()), -1));
  return sessions.flatMap(({ file, startedAt, cwd }) =>
    cwd !== undefined && Date.parse(startedAt) >= since.getTime() && sessionInFolder(roots, cwd) ? [{ file, startedAt, cwd }] : [],
  );
}

/** The latest modification time among changed files (and the folders that lost files). */
export async function latestChangeTime(folder: string, changed: string[], removed: string[]): Promise<number | undefined> {
  const targets = [...changed.map((p) => path.join(folder, p)), ...removed.map((p) => path.join(folder, path.dirname(p)))];
  let latest: number | undefined;
  for (const target of targets.slice(0, 2000)) {
    let stat;
    try {
      stat = statSync(target);
    } catch {
      continue;
    }
    if (stat && (latest === undefined || stat.mtimeMs > latest)) latest = stat.mtimeMs;
  }
  return latest;
}

export function summarizeEvidence(sessions: CodexSession[], lastChangeMs: number | undefined): CodexEvidence {
  const first = sessions[0]?.startedAt;
  const last = sessions.at(-1)?.startedAt;
  return {
    sessions: sessions.length,
    ...(first ? { firstSessionAt: first } : {}),
    ...(last ? { lastSessionAt: last } : {}),
    changedAfterCodex: first !== undefined && lastChangeMs !== undefined && Date.parse(first) <= lastChangeMs + 1000,
  };
}
