import { HttpError, type RouteError, answerRequestError, parseBody } from '../http/errors.js';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ClaimRequest, ConfirmIdentityRequest, EventsRequest, HUB_PROTOCOL_VERSION, HubPaths, JoinRequest, RoomMessageRequest, RoomTargetRequest } from '../../src/protocol/hub-api.js';
import type { EventsResponse, HelloResponse, JoinResponse, RoomResponse } from '../../src/protocol/hub-api.js';
import { randomUUID } from 'node:crypto';
import type { LiveSession } from './live.js';
import { RateLimiter } from './rate-limit.js';
import { JoinGuard, type JoinGuardOptions, type WrongCodeOutcome } from './join-guard.js';
import { IdentityError, LimitError, type SessionStore, StorageError } from './store.js';
import { bearerToken, hashToken, sameHash } from './tokens.js';
import { registerDashboardRoutes } from './dashboard-routes.js';
import { registerKitRoute, type KitSource } from './kit-route.js';
import { sseWatcher } from './sse-stream.js';
import type { ReturningHooks } from '../programme/returning.js';

/**
 * The hub's HTTP server (fastify): the versioned JSON protocol of docs/protocol.md, the dashboard,
 * and the participant kit. Every body is size-limited and validated with the zod schemas the CLI
 * uses to build it; every failure is `{error, reason}` with a reason a person can act on. There is
 * no CORS: browsers on other sites can neither read answers nor send the JSON or bearer-token
 * requests (both need a preflight nobody answers).
 */
export interface HubServerOptions {
  store: SessionStore;
  live: LiveSession;
  /** The dashboard's key (a laptop hub: one per session, kept in its folder). */
  facilitatorToken?: string;
  /**
   * Instead of one fixed key: whether a bearer token is this session's facilitator's. A date hosted
   * on the programme server keeps only the key's hash, and a new `host --server` replaces it.
   */
  isFacilitator?: (token: string) => boolean;
  kitVersion: string;
  /** Folder holding the built dashboard (index.html, app.js, style.css). */
  dashboardDir: string;
  kit?: KitSource;
  /** Hook for host output: a save failed (full disk) and participants will retry. */
  onStorageError?: (error: StorageError) => void;
  /** Issue 6: on a date of a programme, a joining email's history at the earlier dates. */
  history?: Pick<ReturningHooks, 'lookup' | 'joined'> & Partial<Pick<ReturningHooks, 'proven'>>;
  /** Issue 11, a date of a programme: the invited email closest to one that is not invited (a typo?). */
  roster?: { suggest(email: string): string | undefined };
  limits?: Partial<HubLimits>;
  /** Issue 12: join-code guessing; the lockout's figures (tests shorten them). */
  joinGuard?: Partial<JoinGuardOptions>;
  /** Issue 12: a wrong join code arrived (for the host's terminal). */
  onWrongCode?: (address: string, outcome: WrongCodeOutcome) => void;
  /** Issue 12: a dashboard stream was cut because its reader stopped reading (bytes waiting then). */
  onStreamDropped?: (bufferedBytes: number) => void;
  /**
   * Whose X-Forwarded-For to believe (fastify's `trustProxy`): a date hosted on the programme server
   * behind a reverse proxy, so that rate limits and the join-code lockout count laptops, not the
   * proxy. A laptop hub on a venue LAN has no proxy (the default: none).
   */
  trustProxy?: boolean | string | string[];
  /** Issue 13: a hub syncing to a programme server tells laptops where to send after the session. */
  followUpUrl?: string;
}

export interface HubLimits {
  joinBodyBytes: number;
  eventsBodyBytes: number;
  /** Per participant: requests burst and refill per second. */
  requestBurst: number;
  requestsPerSecond: number;
  /** Per participant: events burst and refill per second. */
  eventBurst: number;
  eventsPerSecond: number;
  /** Per address: joins, failed joins (wrong code), and failed facilitator logins. */
  joinBurst: number;
  joinsPerSecond: number;
  badCodeBurst: number;
  badCodesPerSecond: number;
  /** Issue 12: bytes a dashboard stream may have waiting in the hub before it is cut. */
  sseBufferBytes: number;
}

export const DEFAULT_LIMITS: HubLimits = {
  joinBodyBytes: 4 * 1024,
  eventsBodyBytes: 512 * 1024,
  requestBurst: 60,
  requestsPerSecond: 10,
  // An outbox offline for hours sends its backlog at once; after that 600 events a minute (issue 12:
  // with the 5,000-event share, one laptop can no longer fill a disk in minutes).
  eventBurst: 2000,
  eventsPerSecond: 10,
  // A venue NAT or VPN can put a whole room behind one address: joins are generous, wrong codes are not.
  joinBurst: 500,
  joinsPerSecond: 5,
  badCodeBurst: 10,
  badCodesPerSecond: 1 / 6,
  // A snapshot of 300 cards is about 250 KiB: room for a few, far below what stalled readers would pile up.
  sseBufferBytes: 1024 * 1024,
};


function tooMany(retryAfterSeconds: number, what: string): HttpError {
  return new HttpError(429, 'rate_limited', `${what}; try again in ${retryAfterSeconds} s`, retryAfterSeconds);
}

function joinLocked(retryAfterSeconds: number): HttpError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new HttpError(429, 'join_locked', `too many wrong session codes came from this network address: joining from it is paused for ${minutes} min (the right code too). Check the code on the screen, then try again`, retryAfterSeconds);
}

export async function buildHubServer(options: HubServerOptions): Promise<FastifyInstance> {
  const { store, live } = options;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const fixedHash = options.facilitatorToken === undefined ? undefined : hashToken(options.facilitatorToken);
  const isFacilitator = options.isFacilitator ?? ((token: string) => fixedHash !== undefined && sameHash(hashToken(token), fixedHash));
  const requestLimiter = new RateLimiter({ capacity: limits.requestBurst, perSecond: limits.requestsPerSecond });
  const eventLimiter = new RateLimiter({ capacity: limits.eventBurst, perSecond: limits.eventsPerSecond });
  const joinLimiter = new RateLimiter({ capacity: limits.joinBurst, perSecond: limits.joinsPerSecond });
  const guard = new JoinGuard(options.joinGuard);
  live.joinAlertsFrom(() => guard.summary());
  const badTokenLimiter = new RateLimiter({ capacity: limits.badCodeBurst, perSecond: limits.badCodesPerSecond });

  const app = Fastify({
    logger: false,
    bodyLimit: limits.joinBodyBytes,
    trustProxy: options.trustProxy ?? false,
    return503OnClosing: true,
    // A client that opens a connection and sends nothing (or dribbles) is cut off.
    requestTimeout: 30_000,
    connectionTimeout: 30_000,
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    if (request.url.startsWith('/v')) reply.header('Cache-Control', 'no-store');
  });

  app.setErrorHandler((error: RouteError, _request, reply) => {
    if (error instanceof LimitError) {
      // One event too large: 400, so the laptop sets that one aside and sends the rest. A full share: 413, for good.
      return reply.code(error.error === 'event_too_large' ? 400 : 413).send({ error: error.error, reason: error.message });
    }
    if (error instanceof StorageError) {
      options.onStorageError?.(error);
      return reply.code(503).header('Retry-After', '30').send({ error: 'storage_unavailable', reason: 'the hub could not save right now; your events stay on your laptop and will be sent again' });
    }
    return answerRequestError(error, reply, { service: 'the hub', bodyTooLarge: 'the request body is larger than this endpoint accepts; send fewer events per request' });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: 'not_found', reason: `nothing at ${request.method} ${request.url.split('?')[0]}` });
  });

  const sessionInfo = () => ({
    id: store.meta.id,
    title: store.meta.title,
    ...(store.meta.programmeId ? { programmeId: store.meta.programmeId } : {}),
    ...(store.meta.startsAt ? { startsAt: store.meta.startsAt } : {}),
  });

  // ---- participants ----

  app.get(HubPaths.hello, async (): Promise<HelloResponse> => ({
    protocol: HUB_PROTOCOL_VERSION,
    service: 'codex-workshop-hub',
    kitVersion: options.kitVersion,
    session: sessionInfo(),
    ...(options.followUpUrl ? { followUpUrl: options.followUpUrl } : {}),
  }));

  app.post(HubPaths.join, { bodyLimit: limits.joinBodyBytes }, async (request, reply): Promise<JoinResponse> => {
    const wait = joinLimiter.take(request.ip);
    if (wait) throw tooMany(wait, 'too many joins from this address');
    // Issue 12: a locked-out address is refused before its code is compared, so during a lockout
    // the right code fails too and a guess can never be confirmed.
    const verdict = guard.check(request.ip);
    if (!verdict.allowed) throw joinLocked(verdict.retryAfterSeconds);
    const body = parseBody(JoinRequest, request.body);
    if (body.code !== store.meta.code) {
      const outcome = guard.wrongCode(request.ip);
      options.onWrongCode?.(request.ip, outcome);
      live.schedulePush();
      if (outcome.lockedNow) throw joinLocked(Math.ceil(guard.options.lockoutMs / 1000));
      throw new HttpError(403, 'wrong_code', 'that session code is not right: check the code on the screen (it looks like ABCD-1234)');
    }
    // Issue 11: an email one typo away from an invited one is asked about, unless typed on purpose.
    const suggestion = options.roster?.suggest(body.email);
    if (suggestion && !body.emailAsTyped) {
      return reply.code(409).send({ error: 'email_suggestion', reason: `${body.email} is not on the invitation list; did you mean ${suggestion}?`, suggestion });
    }
    const joined = await store.join({ name: body.name, email: body.email, team: body.team, table: body.table, proof: body.proof });
    guard.joined(request.ip);
    // Issue 12: earlier dates' history only to a laptop that proves it is that person (a token it was given then).
    let history: Awaited<ReturnType<NonNullable<HubServerOptions['history']>['lookup']>>;
    if (joined.identity === 'confirmed' && options.history) {
      const found = await options.history.lookup(body.email);
      if (found) {
        options.history.joined(joined.participantId, found);
        const proven = body.proof !== undefined && (await options.history.proven?.(body.email, body.proof));
        if (proven) history = found;
      }
    }
    reply.code(joined.rejoined ? 200 : 201);
    return {
      protocol: HUB_PROTOCOL_VERSION,
      participantId: joined.participantId,
      token: joined.token,
      rejoined: joined.rejoined,
      session: sessionInfo(),
      ...(history ? { history } : {}),
      identity: { state: joined.identity },
      ...(suggestion ? { emailSuggestion: suggestion } : {}),
      ...(options.followUpUrl ? { followUpUrl: options.followUpUrl } : {}),
    };
  });

  const participantOf = (request: FastifyRequest): string => {
    const token = bearerToken(request.headers.authorization);
    const participantId = token ? store.authenticate(token) : undefined;
    if (!participantId) {
      const wait = badTokenLimiter.take(request.ip);
      if (wait) throw tooMany(wait, 'too many requests with a wrong token from this address');
      throw new HttpError(401, 'unknown_participant', 'this hub does not know your participant token: run `workshop join` again');
    }
    return participantId;
  };

  app.post(HubPaths.events, { bodyLimit: limits.eventsBodyBytes }, async (request): Promise<EventsResponse> => {
    const participantId = participantOf(request);
    const wait = requestLimiter.take(participantId);
    if (wait) throw tooMany(wait, 'too many requests from this participant');
    const body = parseBody(EventsRequest, request.body);
    const eventWait = eventLimiter.take(participantId, body.events.length);
    if (eventWait) throw tooMany(eventWait, 'too many events from this participant');
    const result = await store.appendEvents(participantId, body.events);
    return { protocol: HUB_PROTOCOL_VERSION, accepted: result.accepted, duplicates: result.duplicates };
  });

  // Issue 11/12: what a laptop learns on its next command: the room's message and target, whether
  // its join is confirmed (with the history to continue from, once it is), and codes for joins that
  // used its email.
  app.get(HubPaths.room, async (request): Promise<RoomResponse> => {
    const tokenId = participantOf(request);
    const wait = requestLimiter.take(tokenId);
    if (wait) throw tooMany(wait, 'too many requests from this participant');
    const id = store.resolve(tokenId);
    const message = live.roomMessage();
    const target = live.target();
    const pending = store.isPending(id);
    const laptops = live.laptopsOf(id);
    const history = !pending && (laptops > 1 || store.historyApproved(id)) ? await historyFor(id) : undefined;
    return {
      protocol: HUB_PROTOCOL_VERSION,
      ...(message ? { message: { id: message.id, text: message.text, at: new Date(message.at).toISOString() } } : {}),
      ...(target ? { target: { exerciseId: target.exerciseId } } : {}),
      identity: { state: pending ? 'pending' : 'confirmed', participantId: id, laptops },
      ...(live.handOf(id) ? { hand: live.handOf(id) } : {}),
      ...(history ? { history } : {}),
      claims: pending ? [] : store.claimsOn(id).map((c) => ({ code: c.code, at: c.at })),
    };
  });

  /** A confirmed person's progress, for their new laptop: this session's passes plus (approved) earlier dates'. */
  const historyFor = async (id: string): Promise<RoomResponse['history']> => {
    const here = live.progressOf(id);
    const profile = store.participant(id);
    const earlier = profile ? await options.history?.lookup(profile.email) : undefined;
    const passed = [...new Set([...(earlier?.passedExercises ?? []), ...here.passed])];
    return { returning: earlier?.returning ?? false, sessions: earlier?.sessions ?? [], passedExercises: passed, finished: here.finished || (earlier?.finished ?? false) };
  };

  app.post(HubPaths.confirmIdentity, { bodyLimit: limits.joinBodyBytes }, async (request) => {
    const tokenId = participantOf(request);
    const body = parseBody(ConfirmIdentityRequest, request.body);
    try {
      const into = await store.confirm(store.resolve(tokenId), body.code);
      return { protocol: HUB_PROTOCOL_VERSION, participantId: into, history: await historyFor(into) };
    } catch (error) {
      if (error instanceof IdentityError) throw new HttpError(error.error === 'not_pending' ? 409 : 403, error.error, error.message);
      throw error;
    }
  });

  // ---- facilitator ----

  const requireFacilitator = async (request: FastifyRequest, _reply: FastifyReply) => {
    const token = bearerToken(request.headers.authorization);
    if (!token || !isFacilitator(token)) {
      const wait = badTokenLimiter.take(request.ip);
      if (wait) throw tooMany(wait, 'too many requests with a wrong facilitator token from this address');
      throw new HttpError(401, 'facilitator_token_required', 'open the dashboard with the link `workshop host` printed (it carries the facilitator token)');
    }
  };

  app.get(HubPaths.facilitatorState, { preHandler: requireFacilitator }, async () => ({
    protocol: HUB_PROTOCOL_VERSION,
    ...live.snapshot(),
  }));

  app.get(HubPaths.facilitatorStream, { preHandler: requireFacilitator }, (_request, reply) => {
    const raw = reply.raw;
    // Issue 12 (item 7): a stream that stops reading is cut after a bounded buffer (sse-stream.ts).
    const watcher = sseWatcher(raw, {
      maxBufferedBytes: limits.sseBufferBytes,
      onClose: () => live.unwatch(watcher),
      onDropped: (bytes) => options.onStreamDropped?.(bytes),
    });
    reply.hijack();
    raw.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
      // Proxies (nginx) must not buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    raw.write('retry: 2000\n\n');
    if (!live.watch(watcher)) {
      raw.end('event: full\ndata: {}\n\n');
    } else if (watcher.closed) {
      live.unwatch(watcher); // cut while its first snapshot was written
    }
  });

  const facilitatorAction = (action: 'hand.lowered' | 'helped' | 'hand.restored') => async (request: FastifyRequest) => {
    const { participantId } = request.params as { participantId: string };
    if (!store.participant(store.resolve(participantId))) throw new HttpError(404, 'unknown_participant', `no participant ${participantId} in this session`);
    await store.recordAction(participantId, action);
    return { protocol: HUB_PROTOCOL_VERSION, ok: true as const };
  };

  app.post(HubPaths.lowerHand, { preHandler: requireFacilitator }, facilitatorAction('hand.lowered'));
  app.post(HubPaths.markHelped, { preHandler: requireFacilitator }, facilitatorAction('helped'));
  app.post(HubPaths.restoreHand, { preHandler: requireFacilitator }, facilitatorAction('hand.restored'));

  app.post(HubPaths.claimHand, { preHandler: requireFacilitator }, async (request) => {
    const { participantId } = request.params as { participantId: string };
    if (!store.participant(store.resolve(participantId))) throw new HttpError(404, 'unknown_participant', `no participant ${participantId} in this session`);
    const body = parseBody(ClaimRequest, request.body);
    await store.recordAction(participantId, 'claimed', body.helper);
    return { protocol: HUB_PROTOCOL_VERSION, ok: true as const };
  });

  app.post(HubPaths.approveIdentity, { preHandler: requireFacilitator }, async (request) => {
    const { participantId } = request.params as { participantId: string };
    if (!store.participant(participantId)) throw new HttpError(404, 'unknown_participant', `no participant ${participantId} in this session`);
    if (!store.isPending(participantId) && !live.isReturning(participantId)) {
      throw new HttpError(409, 'nothing_to_approve', 'this participant is neither a second laptop waiting for confirmation nor returning from an earlier date');
    }
    const into = await store.approve(participantId);
    return { protocol: HUB_PROTOCOL_VERSION, ok: true as const, participantId: into };
  });

  app.post(HubPaths.roomMessage, { preHandler: requireFacilitator }, async (request) => {
    const body = parseBody(RoomMessageRequest, request.body);
    await store.recordRoom({ type: 'message', id: randomUUID(), text: body.text });
    return { protocol: HUB_PROTOCOL_VERSION, ok: true as const };
  });

  app.post(HubPaths.roomTarget, { preHandler: requireFacilitator }, async (request) => {
    const body = parseBody(RoomTargetRequest, request.body);
    if (body.exerciseId !== null && !live.knowsExercise(body.exerciseId)) throw new HttpError(400, 'unknown_exercise', `the pack has no exercise ${body.exerciseId}`);
    await store.recordRoom({ type: 'target', exerciseId: body.exerciseId });
    return { protocol: HUB_PROTOCOL_VERSION, ok: true as const };
  });

  // ---- pages ----

  app.get('/', async (_request, reply) => {
    reply.type('text/plain; charset=utf-8');
    return `codex-workshop hub: ${store.meta.title}\n\nParticipants: workshop join <this address> --code <the code on the screen>\nFacilitator: open the dashboard link that \`workshop host\` printed.\n`;
  });
  await registerDashboardRoutes(app, options.dashboardDir);
  if (options.kit) registerKitRoute(app, options.kit);

  return app;
}
