import { createHash } from 'node:crypto';
import type { PersonRef } from '../../src/protocol/quests.js';

/**
 * Who did something to a quest. Quests never store or show an email: a person is a stable, opaque key
 * derived from their email (the same person on every date and every laptop), with the name and team
 * they joined with. The programme report finds a roster person's quests by the same key.
 */
export function personKey(email: string): string {
  return `p_${createHash('sha256').update(`quest-person:${email.trim().toLowerCase()}`).digest('hex').slice(0, 16)}`;
}

export function personRef(person: { email: string; name: string; team: string }): PersonRef {
  return { key: personKey(person.email), name: person.name, team: person.team };
}

/** A facilitator token acting without a linked email: its own key, never a person's. */
export function tokenRef(name: string): PersonRef {
  return { key: `t_${name}`, name, team: '' };
}

export const SYSTEM_REF: PersonRef = { key: 'system', name: 'system', team: '' };

/** What a request acts as: a participant (their join token) or a facilitator token with its role. */
export type QuestActor = { kind: 'participant'; ref: PersonRef } | { kind: 'token'; role: 'owner' | 'facilitator' | 'viewer'; ref: PersonRef };

/** The role a review is recorded with. */
export function reviewRole(actor: QuestActor): 'participant' | 'facilitator' | 'owner' {
  return actor.kind === 'token' && actor.role !== 'viewer' ? actor.role : 'participant';
}
