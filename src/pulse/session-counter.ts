import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Counts the Codex sessions a person started per day, from `$CODEX_HOME/sessions/YYYY/MM/DD/
 * rollout-*.jsonl`. Only the first line of each file is read (the `session_meta` record), in a
 * bounded chunk, and only its timestamp is used: never the conversation, the folder it ran in, or
 * anything else. Date folders older than the period are skipped without being opened.
 */

/** The first line carries the instructions Codex started with, so it can be long; 256 KiB is plenty for its start. */
const FIRST_LINE_LIMIT = 256 * 1024;
const FOLDER_DAY = /^\d{4}$|^\d{2}$/;
const ROLLOUT = /^rollout-.*\.jsonl$/;

export interface SessionCount {
  /** local day `YYYY-MM-DD` → sessions started that day */
  perDay: Map<string, number>;
  /** Files looked at, and files whose first line had no usable timestamp. */
  filesRead: number;
  unreadable: number;
}

/** The participant's own calendar day of an instant (their laptop's time zone). */
export function machineLocalDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The start time of a session from its rollout file's first line, or undefined if it cannot be read. */
export async function sessionStartTime(file: string): Promise<number | undefined> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const buffer = Buffer.alloc(FIRST_LINE_LIMIT);
    const { bytesRead } = await handle.read(buffer, 0, FIRST_LINE_LIMIT, 0);
    const chunk = buffer.subarray(0, bytesRead).toString('utf8');
    const newline = chunk.indexOf('\n');
    const firstLine = newline === -1 ? chunk : chunk.slice(0, newline);
    let stamp: unknown;
    try {
      const meta = JSON.parse(firstLine) as { timestamp?: unknown; payload?: { timestamp?: unknown } };
      stamp = meta.payload?.timestamp ?? meta.timestamp;
    } catch {
      // A first line longer than the chunk: its leading `"timestamp":"…"` is still there to read.
      stamp = /^\s*\{\s*"timestamp"\s*:\s*"([^"]{10,40})"/.exec(firstLine)?.[1];
    }
    const ms = typeof stamp === 'string' ? Date.parse(stamp) : Number.NaN;
    return Number.isNaN(ms) ? undefined : ms;
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

async function subfolders(dir: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && FOLDER_DAY.test(e.name)).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

/**
 * Sessions per local day from `sinceDay` to `untilDay` (inclusive). Folder names are dates in the
 * machine's time zone as Codex writes them; one extra day on each side is opened so that a session
 * near midnight is counted on the day its own timestamp says.
 */
export async function countCodexSessions(codexHome: string, sinceDay: string, untilDay: string): Promise<SessionCount> {
  const root = path.join(codexHome, 'sessions');
  const perDay = new Map<string, number>();
  let filesRead = 0;
  let unreadable = 0;
  const lowest = shiftDay(sinceDay, -1);
  const highest = shiftDay(untilDay, 1);
  for (const year of await subfolders(root)) {
    if (year < lowest.slice(0, 4) || year > highest.slice(0, 4)) continue;
    for (const month of await subfolders(path.join(root, year))) {
      const ym = `${year}-${month}`;
      if (ym < lowest.slice(0, 7) || ym > highest.slice(0, 7)) continue;
      for (const day of await subfolders(path.join(root, year, month))) {
        const folderDay = `${ym}-${day}`;
        if (folderDay < lowest || folderDay > highest) continue;
        const dir = path.join(root, year, month, day);
        let names: string[];
        try {
          names = (await fs.readdir(dir)).filter((n) => ROLLOUT.test(n));
        } catch {
          continue;
        }
        const starts: Array<number | undefined> = [];
        // A few files at a time: a busy day can hold thousands, and open handles are limited.
        for (let i = 0; i < names.length; i += 32) {
          starts.push(...(await Promise.all(names.slice(i, i + 32).map((n) => sessionStartTime(path.join(dir, n))))));
        }
        for (const ms of starts) {
          filesRead += 1;
          if (ms === undefined) {
            unreadable += 1;
            continue;
          }
          const local = machineLocalDay(ms);
          if (local < sinceDay || local > untilDay) continue;
          perDay.set(local, (perDay.get(local) ?? 0) + 1);
        }
      }
    }
  }
  return { perDay, filesRead, unreadable };
}

export function shiftDay(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
