import path from 'node:path';
import { readLogFile } from '../hub/read-log.js';
import { listSessions } from '../hub/session-reader.js';
import { loadCosts, loadProgramme, loadRoster, loadUsage } from '../programme/store.js';
import type { ProgrammeSnapshot } from '../store/move-in.js';

/**
 * One programme's folder read whole, for moving it into the store: programme.json, roster.json,
 * usage.json, costs.json and every date's session.json and log.jsonl, through the same readers the folder
 * report uses. So the database gets exactly the lines the report counted (token hashes included:
 * participants authenticate with them after the session), and the same warnings are given for
 * what the report leaves out (a torn last line, a damaged line, events over the session limits).
 * Nothing here writes: the folders stay as they are.
 */
export interface ReadProgrammeFolder {
  snapshot: ProgrammeSnapshot;
  warnings: string[];
}

export async function readProgrammeFolder(dataDir: string, programmeId: string): Promise<ReadProgrammeFolder> {
  const programme = await loadProgramme(dataDir, programmeId);
  const [roster, usage, costs, listed] = await Promise.all([loadRoster(dataDir, programme.id), loadUsage(dataDir, programme.id), loadCosts(dataDir, programme.id), listSessions(dataDir, programme.id)]);
  const warnings: string[] = [];
  const sessions: ProgrammeSnapshot['sessions'] = [];
  for (const session of listed) {
    const read = await readLogFile(path.join(session.dir, 'log.jsonl'));
    // Worded as the folder report words them (facilitator/programme/load.ts).
    for (const warning of read.warnings) warnings.push(`Session ${session.id}: ${warning}`);
    sessions.push({ id: session.id, meta: session.meta, lines: read.lines });
  }
  return { snapshot: { programme, roster, usage, ...(costs.days.length ? { costs: costs.days } : {}), sessions }, warnings };
}
