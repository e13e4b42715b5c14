import { localDay, scanSessions, shiftDay } from '../codex/session-logs.js';

/**
 * Counts the Codex sessions a person started per day. Only each session's start time is used
 * (read from the first line of its log by src/codex/session-logs.ts): never the conversation or the
 * folder it ran in. A resumed session counts once, on the day it started; sub-agent threads not at all.
 */
export interface SessionCount {
  /** local day `YYYY-MM-DD` → sessions started that day */
  perDay: Map<string, number>;
  /** Files looked at, and files whose first line had no usable timestamp. */
  filesRead: number;
  unreadable: number;
  /** Sentences naming logs that could not be read (compressed ones), for the person to see. */
  warnings: string[];
}

/**
 * Sessions per local day from `sinceDay` to `untilDay` (inclusive). One extra date folder is opened
 * on each side so that a session near midnight is counted on the day its own timestamp says.
 */
export async function countCodexSessions(codexHome: string, sinceDay: string, untilDay: string): Promise<SessionCount> {
  const scan = await scanSessions(codexHome, shiftDay(sinceDay, -1), shiftDay(untilDay, 1));
  const perDay = new Map<string, number>();
  for (const session of scan.sessions) {
    const day = localDay(Date.parse(session.startedAt));
    if (day < sinceDay || day > untilDay) continue;
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  return { perDay, filesRead: scan.filesRead, unreadable: scan.unreadable, warnings: scan.warnings };
}
