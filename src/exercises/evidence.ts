import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isInside } from '../core/paths.js';

/**
 * Evidence that Codex did the work: Codex writes every session to
 * `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`, whose first line is a `session_meta`
 * record with the session's working folder (`payload.cwd`) and start time. We read that first line and
 * nothing else — never the conversation — and count the sessions started inside the exercise folder
 * after it was set up.
 *
 * Speed: only date folders from the setup day on are opened (one day earlier too, because the folder
 * names use the local date), and each file is read in bounded chunks up to its first newline.
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

const SessionMetaLine = z.object({
  timestamp: z.string().optional(),
  type: z.literal('session_meta'),
  payload: z.object({ cwd: z.string(), timestamp: z.string().optional() }).passthrough(),
});

const CHUNK = 64 * 1024;
/** Codex puts its instructions in the first line; a few hundred kB at most. Beyond this we stop. */
const MAX_FIRST_LINE = 4 * 1024 * 1024;

export async function readFirstLine(file: string): Promise<string | undefined> {
  const handle = await fs.open(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < MAX_FIRST_LINE) {
      const buffer = Buffer.alloc(CHUNK);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, total);
      if (bytesRead === 0) break;
      const newline = buffer.subarray(0, bytesRead).indexOf(0x0a);
      if (newline !== -1) {
        chunks.push(buffer.subarray(0, newline));
        return Buffer.concat(chunks).toString('utf8');
      }
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
    }
    return total > 0 && total < MAX_FIRST_LINE ? Buffer.concat(chunks).toString('utf8') : undefined;
  } finally {
    await handle.close();
  }
}

export function parseSessionMeta(line: string): { cwd: string; startedAt: string } | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = SessionMetaLine.safeParse(raw);
  if (!parsed.success) return undefined;
  const startedAt = parsed.data.payload.timestamp ?? parsed.data.timestamp;
  if (!startedAt || Number.isNaN(Date.parse(startedAt))) return undefined;
  return { cwd: parsed.data.payload.cwd, startedAt: new Date(startedAt).toISOString() };
}

async function numericEntries(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
}

/** The rollout files in date folders on or after `since` (minus a day for time zones). */
async function candidateFiles(sessionsDir: string, since: Date): Promise<string[]> {
  const from = new Date(since.getTime() - 24 * 3600 * 1000);
  const fromKey = from.getUTCFullYear() * 10000 + (from.getUTCMonth() + 1) * 100 + from.getUTCDate();
  const files: string[] = [];
  for (const year of await numericEntries(sessionsDir)) {
    if (Number(year) < from.getUTCFullYear()) continue;
    for (const month of await numericEntries(path.join(sessionsDir, year))) {
      if (Number(year) * 100 + Number(month) < Math.floor(fromKey / 100)) continue;
      for (const day of await numericEntries(path.join(sessionsDir, year, month))) {
        if (Number(year) * 10000 + Number(month) * 100 + Number(day) < fromKey) continue;
        const dayDir = path.join(sessionsDir, year, month, day);
        const names = await fs.readdir(dayDir).catch(() => [] as string[]);
        for (const name of names) if (/^rollout-.*\.jsonl$/.test(name)) files.push(path.join(dayDir, name));
      }
    }
  }
  return files;
}

function samePlace(a: string, b: string): boolean {
  // Windows and macOS file systems ignore case by default; a cwd typed differently is the same folder.
  if (process.platform === 'win32' || process.platform === 'darwin') return isInside(a.toLowerCase(), b.toLowerCase());
  return isInside(a, b);
}

export async function findCodexSessions(codexHome: string, folder: string, since: Date): Promise<CodexSession[]> {
  const roots = new Set([path.resolve(folder)]);
  const real = await fs.realpath(folder).catch(() => undefined);
  if (real) roots.add(real);
  const sessions: CodexSession[] = [];
  const files = await candidateFiles(path.join(codexHome, 'sessions'), since);
  await Promise.all(
    files.map(async (file) => {
      const line = await readFirstLine(file).catch(() => undefined);
      const meta = line ? parseSessionMeta(line) : undefined;
      if (!meta || Date.parse(meta.startedAt) < since.getTime()) return;
      if ([...roots].some((root) => samePlace(root, meta.cwd))) sessions.push({ file, startedAt: meta.startedAt, cwd: meta.cwd });
    }),
  );
  return sessions.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
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
