import type { SessionRecord } from '../hub/log-records.js';
import { type SessionFold, foldRecords } from './fold.js';
import type { ParticipantCard, SessionAggregates } from './types.js';
import { allCards, sessionAggregates } from './views.js';

export * from './fold.js';
export * from './views.js';
export type * from './types.js';
export { checkWords, checkName } from './check-words.js';

export interface SessionSummary {
  fold: SessionFold;
  cards: ParticipantCard[];
  aggregates: SessionAggregates;
}

/** The whole summary of a session's records at a moment: fold, cards sorted by need, aggregates. */
export function summariseSession(records: Iterable<SessionRecord>, options: { stuckAfterMinutes: number; now: number }): SessionSummary {
  const fold = foldRecords(records, { stuckAfterMinutes: options.stuckAfterMinutes });
  const cards = allCards(fold, { now: options.now });
  return { fold, cards, aggregates: sessionAggregates(fold, cards) };
}
