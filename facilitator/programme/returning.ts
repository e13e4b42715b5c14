import type { ParticipantCard } from '../summary/types.js';
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
    decorate(cards) {
      if (marks.size === 0) return cards;
      return cards.map((card) => {
        const history = marks.get(card.id);
        return history ? { ...card, returning: { sessions: history.sessions, exercisesBefore: history.passedExercises.length } } : card;
      });
    },
  };
}
