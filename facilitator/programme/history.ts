import { promises as fs } from 'node:fs';
import path from 'node:path';
import { sessionsRoot } from '../hub/session-dir.js';
import { parseSessionId } from './ids.js';
import { loadProgrammeSessions } from './load.js';
import { foldPeople } from './people.js';
import { loadProgramme } from './store.js';

/**
 * Catch-up: what a programme's other dates know about a participant, by email, so that the hub of a
 * later date can greet someone who came before as returning and tell their CLI where they stopped.
 * Every event was delivered to one date's hub only (the outbox does not resend), so the history is
 * read from the other dates' session folders; events are counted once by id, as in the report.
 */
export interface ParticipantHistory {
  /** They attended an earlier date (or an earlier session the same day). */
  returning: boolean;
  /** The earlier dates they attended, in order. */
  sessions: string[];
  /** Exercises they passed at any other date of the programme (Codex evidence or not). */
  passedExercises: string[];
  /** Their CLI reported finishing the pack at another date. */
  finished: boolean;
}

export async function readProgrammeHistory(dataDir: string, programmeId: string, currentSessionId: string): Promise<Map<string, ParticipantHistory>> {
  const programme = await loadProgramme(dataDir, programmeId);
  const current = parseSessionId(currentSessionId);
  const loaded = await loadProgrammeSessions(dataDir, programme);
  const currentStart = loaded.sessions.find((s) => s.id === current.id)?.startsAt;
  // Dates up to this one (a hub up early for a later date must not see the future as history).
  const earlier = loaded.sessions.filter((s) => s.id !== current.id && (s.date < current.date || (s.date === current.date && (!currentStart || s.startsAt <= currentStart))));
  const earlierIds = new Set(earlier.map((s) => s.id));
  const people = foldPeople({
    timeZone: programme.timeZone,
    sessions: earlier,
    roster: [],
    hub: loaded.hub.filter((h) => earlierIds.has(h.id)),
    usageByEmail: new Map(),
    packExercises: [],
  });
  const history = new Map<string, ParticipantHistory>();
  for (const person of people) {
    if (person.attended.length === 0 && person.passed.length === 0 && !person.finished) continue;
    history.set(person.email, { returning: person.attended.length > 0, sessions: person.attended, passedExercises: person.passed, finished: person.finished });
  }
  return history;
}

/**
 * A cached view for the hub: re-read only when another date's log changed (a hub for another date
 * may be running at the same time), so a join costs a few `stat` calls.
 */
export function createHistoryLookup(dataDir: string, programmeId: string, currentSessionId: string): (email: string) => Promise<ParticipantHistory | undefined> {
  let cache: { signature: string; history: Map<string, ParticipantHistory> } | undefined;
  const signature = async (): Promise<string> => {
    const root = sessionsRoot(dataDir, programmeId);
    let names: string[] = [];
    try {
      names = (await fs.readdir(root)).filter((n) => n !== currentSessionId).sort();
    } catch {
      return '';
    }
    const parts = await Promise.all(
      names.map(async (name) => {
        const stat = await fs.stat(path.join(root, name, 'log.jsonl')).catch(() => undefined);
        return `${name}:${stat?.size ?? 0}:${stat?.mtimeMs ?? 0}`;
      }),
    );
    return parts.join('|');
  };
  return async (email: string) => {
    const now = await signature();
    if (!cache || cache.signature !== now) cache = { signature: now, history: await readProgrammeHistory(dataDir, programmeId, currentSessionId) };
    return cache.history.get(email.trim().toLowerCase());
  };
}
