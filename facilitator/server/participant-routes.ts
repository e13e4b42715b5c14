import type { FastifyInstance, FastifyRequest } from 'fastify';
import { kitVersion } from '../../src/core/paths.js';
import { EventsRequest, type EventsResponse, HUB_PROTOCOL_VERSION, type HelloResponse, HubPaths } from '../../src/protocol/hub-api.js';
import { ServerPaths } from '../../src/protocol/server-api.js';
import { DEFAULT_LIMITS, type HubLimits } from '../hub/server.js';
import { RateLimiter } from '../hub/rate-limit.js';
import { DEFAULT_PARTICIPANT_LIMITS, type ParticipantLimits } from '../hub/session-limits.js';
import { LimitError } from '../hub/store.js';
import { bearerToken, hashToken } from '../hub/tokens.js';
import { HttpError, parseBody } from '../http/errors.js';
import { answerErrorsLikeTheHub } from './route-errors.js';
import type { ServerPluginOptions } from './plugin-options.js';
import { GroupCommit } from './group-commit.js';
import type { AdmitEvents, ParticipantBatchItem, ParticipantBatchOutcome } from '../store/participant-lines.js';

/**
 * Participants after the session (issue 13): the hub protocol's participant paths under `/p`
 * (`GET /p/v1/hello`, `POST /p/v1/events`), authenticated with the token the participant got when
 * joining their date, whichever hub issued it: the venue hub's join line (forwarded with its token
 * hash) or a date hosted here. Events are stored with origin 'server', numbered after the server's
 * own lines of that session, in one transaction; an event the server already holds (the venue
 * forwarded it, or a resend) is a duplicate. The same answers and the same limits as the hub: a
 * participant's requests and events are rate-limited, one event is at most 32 KiB, one person's
 * share of a session is bounded (facilitator/hub/session-limits.ts).
 */
export interface ParticipantRoutesOptions extends ServerPluginOptions {
  limits?: Partial<HubLimits>;
  participantLimits?: Partial<ParticipantLimits>;
  clock?: () => Date;
}

const P = ServerPaths.participantPrefix;
/** Tokens remembered (a programme's participants, with room to spare); the oldest is forgotten first. */
const TOKEN_CACHE = 50_000;

export async function participantRoutes(app: FastifyInstance, options: ParticipantRoutesOptions): Promise<void> {
  const { store, programmeId } = options;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const shares = { ...DEFAULT_PARTICIPANT_LIMITS, ...options.participantLimits };
  const clock = options.clock ?? (() => new Date());
  const requestLimiter = new RateLimiter({ capacity: limits.requestBurst, perSecond: limits.requestsPerSecond });
  const eventLimiter = new RateLimiter({ capacity: limits.eventBurst, perSecond: limits.eventsPerSecond });
  const badTokenLimiter = new RateLimiter({ capacity: limits.badCodeBurst, perSecond: limits.badCodesPerSecond });
  answerErrorsLikeTheHub(app);

  /** The hub's per-participant limits (session-limits.ts), on what the server holds from the person. */
  const admit: AdmitEvents = (fresh, sizes, usage) => {
    const tooBig = sizes.findIndex((size) => size > shares.bytesPerEvent);
    if (tooBig !== -1) return new LimitError('event_too_large', `event ${fresh[tooBig].event.id} is ${Math.ceil(sizes[tooBig] / 1024)} KiB; the server takes events of at most ${shares.bytesPerEvent / 1024} KiB`);
    const bytes = sizes.reduce((a, b) => a + b, 0);
    if (usage.events + fresh.length > shares.eventsPerSession || usage.bytes + bytes > shares.bytesPerSession) {
      return new LimitError('participant_limit', `this session holds at most ${shares.eventsPerSession} events (${shares.bytesPerSession / 1024 / 1024} MiB) from one participant, and yours is full`);
    }
    return undefined;
  };

  // Many requests, one transaction: the embedded engine commits one at a time, so without this
  // 300 laptops at once would queue behind each other's commits.
  const ingest = new GroupCommit<ParticipantBatchItem, ParticipantBatchOutcome>((items) => store.appendParticipantEventBatch(programmeId, items, admit), { weight: (item) => item.events.length, maxWeight: 5000 });
  // A join line never changes: which participant a token belongs to is asked of the database once,
  // for all the tokens of requests arriving together (300 laptops at once must not queue one by one).
  const known = new Map<string, { sessionId: string; participantId: string }>();
  const lookup = new GroupCommit<string, { programmeId: string; sessionId: string; participantId: string } | undefined>(async (hashes) => {
    const found = await store.participantsByTokenHashes([...new Set(hashes)]);
    return hashes.map((hash) => found.get(hash));
  });

  /** The session and participant a token was issued to, in this server's programme. */
  const participantOf = async (request: FastifyRequest, required: boolean) => {
    const token = bearerToken(request.headers.authorization);
    const hash = token ? hashToken(token) : undefined;
    let found = hash ? known.get(hash) : undefined;
    if (hash && !found) {
      const row = await lookup.submit(hash);
      if (row && row.programmeId === programmeId) {
        found = { sessionId: row.sessionId, participantId: row.participantId };
        if (known.size >= TOKEN_CACHE) known.delete(known.keys().next().value!);
        known.set(hash, found);
      }
    }
    if (found) return found;
    if (!required) return undefined;
    const wait = badTokenLimiter.take(request.ip);
    if (wait) throw new HttpError(429, 'rate_limited', `too many requests with a wrong token from this address; try again in ${wait} s`, wait);
    // Also the answer when the venue hub has not sent its records yet: the laptop keeps its events.
    throw new HttpError(401, 'unknown_participant', 'the programme server does not know this participant token (yet: the venue hub may not have sent its records); keep your results, they will be sent later');
  };

  app.get(`${P}${HubPaths.hello}`, async (request): Promise<HelloResponse> => {
    const found = await participantOf(request, false);
    const session = found ? await store.getSession(programmeId, found.sessionId) : undefined;
    const programme = session ? undefined : await store.getProgramme(programmeId);
    return {
      protocol: HUB_PROTOCOL_VERSION,
      service: 'codex-workshop-hub',
      kitVersion: kitVersion(),
      session: session
        ? { id: session.id, title: session.meta.title, programmeId, ...(session.meta.startsAt ? { startsAt: session.meta.startsAt } : {}) }
        : { id: programmeId, title: programme?.title ?? programmeId, programmeId },
    };
  });

  app.post(`${P}${HubPaths.events}`, { bodyLimit: limits.eventsBodyBytes }, async (request): Promise<EventsResponse> => {
    const found = (await participantOf(request, true))!;
    const key = `${found.sessionId}/${found.participantId}`;
    const wait = requestLimiter.take(key);
    if (wait) throw new HttpError(429, 'rate_limited', `too many requests from this participant; try again in ${wait} s`, wait);
    const body = parseBody(EventsRequest, request.body);
    const eventWait = eventLimiter.take(key, body.events.length);
    if (eventWait) throw new HttpError(429, 'rate_limited', `too many events from this participant; try again in ${eventWait} s`, eventWait);
    const outcome = await ingest.submit({ sessionId: found.sessionId, participantId: found.participantId, events: body.events, receivedAt: clock().toISOString() });
    if ('refused' in outcome) throw outcome.refused;
    return { protocol: HUB_PROTOCOL_VERSION, accepted: outcome.stored, duplicates: outcome.duplicates };
  });
}
