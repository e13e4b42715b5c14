import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ParticipantCard } from '../summary/types.js';
import { readLogFile } from '../hub/read-log.js';
import { sessionsRoot } from '../hub/session-dir.js';
import { hashToken } from '../hub/tokens.js';
import { type ParticipantHistory, createHistoryLookup } from './history.js';

/**
 * The hub's side of catch-up for a date of a programme (wired in by facilitator/hub/host.ts): when
 * someone joins, their history at the programme's earlier dates is looked up by email, returned to
 * their CLI (which resumes where they stopped) and shown on their dashboard card as "returning".
 * Everything programme-specific stays here; the hub only calls `lookup`, `joined` and `decorate`.
 */
export interface ReturningHooks {
  lookup(email: string): Promise<ParticipantHistory | undefined>;
  joined(participantId: string, history: ParticipantHistory): void;
  decorate(cards: ParticipantCard[]): ParticipantCard[];
  /**
   * Issue 12: does this token prove the laptop is this email's? True when an earlier date of the
   * programme gave that token to that email. History is only handed to a laptop that proves it.
   */
  proven(email: string, token: string): Promise<boolean>;
  isReturning(participantId: string): boolean;
}

/** Whether any other date of the programme issued `token` to `email` (its hash is in that date's log). */
async function earlierTokenOf(dataDir: string, programmeId: string, sessionId: string, email: string, token: string): Promise<boolean> {
  const root = sessionsRoot(dataDir, programmeId);
  const hash = hashToken(token);
  const names = await fs.readdir(root).catch(() => [] as string[]);
  for (const name of names) {
    if (name === sessionId) continue;
    const read = await readLogFile(path.join(root, name, 'log.jsonl')).catch(() => undefined);
    if (read?.lines.some((line) => line.kind === 'join' && line.tokenHash === hash && line.participant.email === email)) return true;
  }
  return false;
}

export async function returningParticipants(
  dataDir: string,
  programmeId: string,
  sessionId: string,
  alreadyJoined: Array<{ id: string; email: string }>,
  warn: (message: string) => void = () => undefined,
): Promise<ReturningHooks> {
  const find = createHistoryLookup(dataDir, programmeId, sessionId);
  const marks = new Map<string, ParticipantHistory>();
  const lookup = async (email: string) => {
    try {
      return await find(email);
    } catch (error) {
      // History is a courtesy: a damaged earlier date must never stop anyone from joining today.
      warn(`could not read the programme's earlier dates for catch-up: ${(error as Error).message}`);
      return undefined;
    }
  };
  // A resumed hub marks the people who had already joined before it restarted.
  for (const p of alreadyJoined) {
    const history = await lookup(p.email);
    if (history?.returning) marks.set(p.id, history);
  }
  return {
    lookup,
    joined(participantId, history) {
      if (history.returning) marks.set(participantId, history);
    },
    proven: (email, token) => earlierTokenOf(dataDir, programmeId, sessionId, email.trim().toLowerCase(), token).catch(() => false),
    isReturning: (participantId) => marks.has(participantId),
    decorate(cards) {
      if (marks.size === 0) return cards;
      return cards.map((card) => {
        const history = marks.get(card.id);
        return history ? { ...card, returning: { sessions: history.sessions, exercisesBefore: history.passedExercises.length } } : card;
      });
    },
  };
}
