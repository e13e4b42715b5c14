import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Codex's session logs, read for evidence and never for content. Codex writes every session to
 * `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`; its first line is a `session_meta`
 * record with the session id, the start time and the working folder. This module reads that first line
 * and nothing after it (the conversation is never opened), and walks only the date folders of the days
 * asked for.
 *
 * One session is one session id, whatever the number of files:
 * - a resumed session can add `rollout-<time>-<id>_<segment>.jsonl` files with the same `payload.id`;
 * - `codex archive` moves files to `$CODEX_HOME/archived_sessions/` (read as well);
 * - sub-agent threads (`payload.source` `{"subagent": …}`) are Codex's own helpers inside a session the
 *   person started, so they are not sessions of their own;
 * - `.jsonl.zst` files (zstd, behind a Codex feature flag) are decompressed only as far as the first line
 *   (fzstd, pure JS, loaded the first time one is met); one that cannot be read is named in a warning.
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
  /** Codex's session id (`payload.id`): the same in every segment of a resumed session. */
  id?: string;
}

const CHUNK = 64 * 1024;
/** Codex puts its instructions in the first line: a few hundred kB at most. Beyond this we stop reading. */
const MAX_FIRST_LINE = 4 * 1024 * 1024;
/** Files opened at once: a busy day can hold thousands, and open handles are limited. */
const OPEN_AT_ONCE = 32;
/** Compressed files named one by one in a warning; more are counted. */
const NAMED_IN_WARNING = 3;

const ROLLOUT_NAME = /^rollout-.*\.jsonl(\.zst)?$/;
/** The local date Codex puts in a rollout file's name (`rollout-2026-03-05T12-00-00-<id>.jsonl`). */
const NAME_DAY = /^rollout-(\d{4}-\d{2}-\d{2})T/;

const SessionMetaLine = z.object({
  timestamp: z.string().optional(),
  type: z.literal('session_meta'),
  payload: z
    .object({ id: z.string().optional(), cwd: z.string().optional(), timestamp: z.string().optional(), source: z.unknown().optional() })
    .passthrough(),
});

/** Reads a file chunk by chunk, handing each chunk to `take` until it says the line is complete. */
async function readChunks(file: string, take: (chunk: Buffer) => boolean): Promise<void> {
  const handle = await fs.open(file, 'r');
  try {
    for (let position = 0; ; ) {
      const buffer = Buffer.alloc(CHUNK);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
      if (bytesRead === 0) return;
      position += bytesRead;
      if (take(buffer.subarray(0, bytesRead))) return;
    }
  } finally {
    await handle.close();
  }
}

/** Collects bytes up to the first newline, within MAX_FIRST_LINE. */
class FirstLine {
  private chunks: Buffer[] = [];
  private total = 0;
  done = false;
  /** Adds decoded bytes; true once the line is complete (or too long to keep). */
  add(bytes: Uint8Array): boolean {
    if (this.done) return true;
    const chunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const newline = chunk.indexOf(0x0a);
    this.chunks.push(Buffer.from(newline === -1 ? chunk : chunk.subarray(0, newline)));
    this.total += newline === -1 ? chunk.length : newline;
    if (newline !== -1 || this.total >= MAX_FIRST_LINE) this.done = true;
    return this.done;
  }
  /** The line; undefined for an empty file or one over the bound. */
  text(): string | undefined {
    return this.total > 0 && this.total < MAX_FIRST_LINE ? Buffer.concat(this.chunks).toString('utf8') : undefined;
  }
}

type Fzstd = typeof import('fzstd');
let fzstd: Promise<Fzstd> | undefined;

/** The first line of a zstd-compressed file, decompressing only as much as that line needs. */
async function readFirstLineZstd(file: string): Promise<string | undefined> {
  fzstd ??= import('fzstd');
  const { Decompress } = await fzstd;
  const line = new FirstLine();
  const stream = new Decompress((data) => void line.add(data));
  await readChunks(file, (chunk) => {
    stream.push(chunk);
    return line.done;
  });
  return line.text();
}

/** The first line of a file, read in bounded chunks; undefined for an empty file or one over the bound. */
export async function readFirstLine(file: string): Promise<string | undefined> {
  if (file.endsWith('.zst')) return readFirstLineZstd(file);
  const line = new FirstLine();
  await readChunks(file, (chunk) => line.add(chunk));
  return line.text();
}

function isoOrUndefined(stamp: string | undefined): string | undefined {
  if (!stamp) return undefined;
  const ms = Date.parse(stamp);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export interface ParsedSessionMeta {
  startedAt: string;
  cwd?: string;
  id?: string;
  /** A sub-agent thread (`payload.source` is `{"subagent": …}`): not a session the person started. */
  subagent?: true;
}

function isSubagentSource(source: unknown): boolean {
  return typeof source === 'object' && source !== null && 'subagent' in source;
}

/** The start time, folder and id from a rollout file's first line, or undefined when it is not a session_meta line. */
export function parseSessionMeta(line: string): ParsedSessionMeta | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = SessionMetaLine.safeParse(raw);
  if (!parsed.success) return undefined;
  const { payload } = parsed.data;
  const startedAt = isoOrUndefined(payload.timestamp ?? parsed.data.timestamp);
  if (!startedAt) return undefined;
  return {
    startedAt,
    ...(payload.cwd !== undefined ? { cwd: payload.cwd } : {}),
    ...(payload.id ? { id: payload.id } : {}),
    ...(isSubagentSource(payload.source) ? { subagent: true as const } : {}),
  };
}

type RolloutRead =
  | { kind: 'session'; meta: SessionMeta }
  | { kind: 'subagent' }
  | { kind: 'unreadable' }
  /** A compressed file that could not be decompressed: named in a warning. */
  | { kind: 'undecodable'; file: string; reason: string };

async function readRollout(file: string): Promise<RolloutRead> {
  let line: string | undefined;
  try {
    line = await readFirstLine(file);
  } catch (error) {
    return file.endsWith('.zst') ? { kind: 'undecodable', file, reason: (error as Error).message } : { kind: 'unreadable' };
  }
  const meta = line === undefined ? undefined : parseSessionMeta(line);
  if (!meta) return { kind: 'unreadable' };
  if (meta.subagent) return { kind: 'subagent' };
  const { subagent: _, ...rest } = meta;
  return { kind: 'session', meta: { file, ...rest } };
}

export async function readSessionMeta(file: string): Promise<SessionMeta | undefined> {
  const read = await readRollout(file);
  return read.kind === 'session' ? read.meta : undefined;
}

async function numberedFolders(dir: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && /^\d+$/.test(e.name)).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

function inPeriod(day: string, fromDay: string, toDay: string): boolean {
  return day >= fromDay && day <= toDay;
}

/**
 * The archived rollout files (`$CODEX_HOME/archived_sessions/`, flat as `codex archive` leaves them, or
 * in date folders) whose name's date lies in the period; a file whose name has no date is kept.
 */
async function listArchivedFiles(codexHome: string, fromDay: string, toDay: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isDirectory() && depth < 3 && /^\d+$/.test(entry.name)) await walk(path.join(dir, entry.name), depth + 1);
      else if (entry.isFile() && ROLLOUT_NAME.test(entry.name)) {
        const day = NAME_DAY.exec(entry.name)?.[1];
        if (day === undefined || inPeriod(day, fromDay, toDay)) files.push(path.join(dir, entry.name));
      }
    }
  };
  await walk(path.join(codexHome, 'archived_sessions'), 0);
  return files;
}

/**
 * The rollout files (`.jsonl` and `.jsonl.zst`) in the date folders from `fromDay` to `toDay`
 * (inclusive, `YYYY-MM-DD`, as Codex names them: the machine's local date), then the archived ones of
 * those days. Other date folders are not opened.
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
        if (!inPeriod(`${ym}-${day.padStart(2, '0')}`, fromDay, toDay)) continue;
        const dir = path.join(root, year, month, day);
        const names = await fs.readdir(dir).catch(() => [] as string[]);
        for (const name of names) if (ROLLOUT_NAME.test(name)) files.push(path.join(dir, name));
      }
    }
  }
  return [...files, ...(await listArchivedFiles(codexHome, fromDay, toDay))];
}

export interface SessionScan {
  /** One entry per session (per session id): its earliest file, oldest session first. */
  sessions: SessionMeta[];
  /** Rollout files looked at, and those whose first line gave no session start. */
  filesRead: number;
  unreadable: number;
  /** Files that were one more segment of a session already counted (resumed, or archived twice). */
  extraSegments: number;
  /** Sub-agent threads: not counted as sessions. */
  subagentThreads: number;
  /** Sentences for the person: compressed logs that could not be read, by name. Empty when all was read. */
  warnings: string[];
}

function undecodableWarning(files: Array<{ file: string; reason: string }>): string[] {
  if (files.length === 0) return [];
  const named = files.slice(0, NAMED_IN_WARNING).map((f) => f.file).join(', ');
  const more = files.length > NAMED_IN_WARNING ? ` and ${files.length - NAMED_IN_WARNING} more` : '';
  const one = files.length === 1;
  return [`${one ? 'A compressed Codex session log' : `${files.length} compressed Codex session logs`} could not be read (${files[0]!.reason}), so ${one ? 'it was' : 'they were'} not counted: ${named}${more}.`];
}

/**
 * Every session whose log sits in the date folders from `fromDay` to `toDay` (or among the archived
 * logs of those days), oldest first, each session once.
 */
export async function scanSessions(codexHome: string, fromDay: string, toDay = '9999-12-31'): Promise<SessionScan> {
  const files = await listRolloutFiles(codexHome, fromDay, toDay);
  const byId = new Map<string, SessionMeta>();
  const sessions: SessionMeta[] = [];
  const undecodable: Array<{ file: string; reason: string }> = [];
  let unreadable = 0;
  let extraSegments = 0;
  let subagentThreads = 0;
  for (let i = 0; i < files.length; i += OPEN_AT_ONCE) {
    for (const read of await Promise.all(files.slice(i, i + OPEN_AT_ONCE).map(readRollout))) {
      if (read.kind === 'subagent') subagentThreads += 1;
      else if (read.kind === 'unreadable') unreadable += 1;
      else if (read.kind === 'undecodable') {
        unreadable += 1;
        undecodable.push(read);
      } else if (read.meta.id === undefined) sessions.push(read.meta);
      else {
        const seen = byId.get(read.meta.id);
        if (seen) extraSegments += 1;
        // The earliest segment is where the session started.
        if (!seen || read.meta.startedAt < seen.startedAt) byId.set(read.meta.id, read.meta);
      }
    }
  }
  sessions.push(...byId.values());
  sessions.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  return { sessions, filesRead: files.length, unreadable, extraSegments, subagentThreads, warnings: undecodableWarning(undecodable) };
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
