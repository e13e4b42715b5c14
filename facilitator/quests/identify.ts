import type { FastifyRequest } from 'fastify';
import { bearerToken, hashToken } from '../hub/tokens.js';
import { HttpError } from '../http/errors.js';
import { looksLikeServerToken } from '../server/auth.js';
import type { ServerAuth } from '../server/context.js';
import type { Store } from '../store/store.js';
import { type QuestActor, personRef, tokenRef } from './people.js';

/**
 * Who a quest request comes from (issue 14). Two kinds of bearer on the same paths:
 *   - a facilitator token (`wst_…`, issue 13) with its role; when the owner linked it to a person
 *     (`server token add --email`), it acts as that person, so a facilitator who claimed a quest as a
 *     participant cannot review it with their token;
 *   - a participant's join token (from `workshop join`, at a venue hub that syncs here or a date hosted
 *     here): the person of that join (name, team; their email only as the key). A pending join (an
 *     email another laptop had, not confirmed) proves nothing about the email and is refused.
 * Failed attempts count against the server's one failed-token limit per address (`ServerAuth.refused`),
 * whichever route they came through, so spreading guesses over routes gains nothing.
 */
export interface QuestIdentity {
  /** The actor, or an HttpError (401/403) to answer with. */
  identify(request: FastifyRequest): Promise<QuestActor>;
}

export function questIdentity(store: Store, programmeId: string, auth: Pick<ServerAuth, 'refused'>): QuestIdentity {
  const refused = (request: FastifyRequest, error: HttpError) => auth.refused(request, error);
  return {
    async identify(request) {
      const token = bearerToken(request.headers.authorization);
      if (!token) {
        throw refused(request, new HttpError(401, 'token_required', 'quests need your join token (run `workshop join` at a session first) or a facilitator token (Authorization: Bearer …)'));
      }
      const hash = hashToken(token);
      if (looksLikeServerToken(token)) {
        const found = await store.tokenByHash(hash);
        if (!found) throw refused(request, new HttpError(401, 'unknown_token', 'this server does not know that token, or it was revoked: ask the programme owner for a new one'));
        request.actor = found.name;
        request.role = found.role;
        const ref = found.email ? { ...personRef({ email: found.email, name: found.name, team: '' }) } : tokenRef(found.name);
        return { kind: 'token', role: found.role, ref };
      }
      const person = await store.personByTokenHash(hash);
      if (!person || person.programmeId !== programmeId) {
        throw refused(request, new HttpError(401, 'unknown_participant', 'the programme server does not know this join token (yet: a venue hub may not have sent its records); try again after the session'));
      }
      if (person.pending) {
        throw new HttpError(403, 'join_pending', 'your join is waiting for confirmation (`workshop join --confirm CODE`, or ask the facilitator to approve it); quests open once it is confirmed');
      }
      return { kind: 'participant', ref: personRef(person) };
    },
  };
}
