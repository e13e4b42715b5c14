import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Codex's session logs, read for evidence and never for content. Codex writes every session to
 * `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`; its first line is a `session_meta`
 * record with the start time and the working folder. This module reads that first line and nothing
 * after it (the conversation is never opened), and walks only the date folders of the days asked for.
 *
 * Used by exercise grading (sessions started in the exercise folder) and by `workshop pulse`
 * (sessions per day).
 */
export interface SessionMeta {
  file: string;
  /** ISO timestamp of the session start. */
  startedAt: string;
  /** The folder Codex ran in, when the first line names one. */
  cwd?: string;
}

const CHUNK = 64 * 1024;
/** Codex puts its instructions in the first line: a few hundred kB at most. Beyond this we stop reading. */
const MAX_FIRST_LINE = 4 * 1024 * 1024;
/** Files opened at once: a busy day can hold thousands, and open handles are limited. */
const OPEN_AT_ONCE = 32;

const SessionMetaLine = z.object({
  timestamp: z.string().optional(),
  type: z.literal('session_meta'),
  payload: z.object({ cwd: z.string().optional(), timestamp: z.string().optional() }).passthrough(),
});

/** The first line of a file, read in bounded chunks; undefined for an empty file or one over the bound. */
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

function isoOrUndefined(stamp: string | undefined): string | undefined {
  if (!stamp) return undefined;
  const ms = Date.parse(stamp);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The start time and folder from a rollout file's first line, or undefined when it is not a session_meta line. */
export function parseSessionMeta(line: string): { startedAt: string; cwd?: string } | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = SessionMetaLine.safeParse(raw);
  if (!parsed.success) return undefined;
  const startedAt = isoOrUndefined(parsed.data.payload.timestamp ?? parsed.data.timestamp);
  if (!startedAt) return undefined;
  return parsed.data.payload.cwd === undefined ? { startedAt } : { startedAt, cwd: parsed.data.payload.cwd };
}

export async function readSessionMeta(file: string): Promise<SessionMeta | undefined> {
  const line = await readFirstLine(file).catch(() => undefined);
  const meta = line === undefined ? undefined : parseSessionMeta(line);
  return meta ? { file, ...meta } : undefined;
}

async function numberedFolders(dir: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && /^\d+$/.test(e.name)).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

/**
 * The rollout files in the date folders from `fromDay` to `toDay` (inclusive, `YYYY-MM-DD`, as Codex
 * names them: the machine's local date). Other date folders are not opened.
 */
export async function listRolloutFiles(codexHome: string, fromDay: string, toDay = '9999-12-31'): Promise<string[]> {
  const root = path.join(codexHome, 'sessions');
  const files: string[] = [];
  for (const year of await numberedFolders(root)) {
    if (year < fromDay.slice(0, 4) || year > toDay.slice(0, 4)) continue;
    for (const month of await numberedFolders(path.join(root, year))) {
      const ym = `${year}-${month.padStart(2, '0')}`;
      if (ym < fromDay.slice(0, 7) || ym > toDay.slice(0, 7)) continue;
      for (const day of await numberedFolders(path.join(root, year, month))) {
        const folderDay = `${ym}-${day.padStart(2, '0')}`;
        if (folderDay < fromDay || folderDay > toDay) continue;
        const dir = path.join(root, year, month, day);
        const names = await fs.readdir(dir).catch(() => [] as string[]);
        for (const name of names) if (/^rollout-.*\.jsonl$/.test(name)) files.push(path.join(dir, name));
      }
    }
  }
  return files;
}

export interface SessionScan {
  sessions: SessionMeta[];
  /** Rollout files looked at, and those whose first line gave no session start. */
  filesRead: number;
  unreadable: number;
}

/** Every session whose log sits in the date folders from `fromDay` to `toDay`, oldest first. */
export async function scanSessions(codexHome: string, fromDay: string, toDay?: string): Promise<SessionScan> {
  const files = await listRolloutFiles(codexHome, fromDay, toDay);
  const sessions: SessionMeta[] = [];
  let unreadable = 0;
  for (let i = 0; i < files.length; i += OPEN_AT_ONCE) {
    for (const meta of await Promise.all(files.slice(i, i + OPEN_AT_ONCE).map(readSessionMeta))) {
      if (meta) sessions.push(meta);
      else unreadable += 1;
    }
  }
  sessions.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  return { sessions, filesRead: files.length, unreadable };
}

/** The machine's own calendar day of an instant, as Codex names its date folders. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function shiftDay(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
