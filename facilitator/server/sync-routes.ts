import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_SYNC_BODY_BYTES, ServerPaths, SyncRequest, type SyncResponse, type SyncStatusResponse } from '../../src/protocol/server-api.js';
import type { SessionMeta } from '../hub/session-meta.js';
import { HttpError, parseBody } from '../http/errors.js';
import { answerErrorsLikeTheHub } from './route-errors.js';
import { type ServerPluginOptions, defaultActor } from './plugin-options.js';

/**
 * A venue laptop's outbox (issue 13): `POST /v1/programmes/:programmeId/sync/:sessionId` stores a
 * batch of the venue hub's log lines, each once (by its seq, and each event by its id whichever way it
 * came), and answers how far the server holds the session; `GET` the same path answers that alone,
 * where a restarted outbox resumes. Facilitator role or above.
 *
 * The first batch registers the date as hosted at a venue. A date hosted on the server itself is
 * refused (its log is the server's), and so is a second venue hub with the same session id but
 * another join code (two offices both hosting "2026-03-01"): their seqs would collide and lines of
 * one would be skipped as the other's.
 */
export async function syncRoutes(app: FastifyInstance, options: ServerPluginOptions): Promise<void> {
  const { store, programmeId, requireRole } = options;
  const actorOf = options.actorOf ?? defaultActor;
  answerErrorsLikeTheHub(app);
  const registering = new KeyedQueue();

  const target = (request: FastifyRequest): { sessionId: string } => {
    const params = request.params as { programmeId: string; sessionId: string };
    if (params.programmeId !== programmeId) throw new HttpError(404, 'unknown_programme', `this server holds programme "${programmeId}", not "${params.programmeId}"; check --programme`);
    return { sessionId: params.sessionId };
  };

  app.get(ServerPaths.syncSession, { preHandler: requireRole('facilitator') }, async (request): Promise<SyncStatusResponse> => {
    const { sessionId } = target(request);
    const session = await store.getSession(programmeId, sessionId);
    return { lastSeq: session ? await store.lastHubSeq(programmeId, sessionId) : 0, hosted: session?.hosted ?? null };
  });

  app.post(ServerPaths.syncSession, { preHandler: requireRole('facilitator'), bodyLimit: MAX_SYNC_BODY_BYTES }, async (request): Promise<SyncResponse> => {
    const { sessionId } = target(request);
    const body = parseBody(SyncRequest, request.body);
    const meta: SessionMeta = body.meta;
    if (meta.id !== sessionId) throw new HttpError(400, 'session_mismatch', `the lines are of session "${meta.id}", sent to the address of "${sessionId}"`);
    if (meta.programmeId !== programmeId) {
      throw new HttpError(409, 'not_this_programme', meta.programmeId ? `session "${meta.id}" is a date of programme "${meta.programmeId}", and this server holds "${programmeId}"` : `session "${meta.id}" is not a date of a programme; host it with --programme ${programmeId} to sync it here`);
    }
    // Check-then-register one request at a time per session: two first batches at once must not
    // both pass the code check with different codes.
    await registering.run(sessionId, async () => {
      const existing = await store.getSession(programmeId, sessionId);
      if (existing?.hosted === 'server') throw new HttpError(409, 'hosted_on_server', `session "${sessionId}" is hosted on this server itself; a venue hub cannot sync into it. Host the venue's date under another --session`);
      if (existing && (existing.meta.code !== meta.code || existing.meta.createdAt !== meta.createdAt)) {
        throw new HttpError(409, 'session_conflict', `this server already holds a session "${sessionId}" from another hub (another join code). Host this date under another --session (for example ${sessionId}-2) and sync that`);
      }
      // Only a new session or changed facts (a new title) is a change worth recording.
      if (!existing || !sameFacts(existing.meta, meta)) await store.putSession(programmeId, meta, 'venue', actorOf(request));
    });
    const result = await store.appendLines(programmeId, sessionId, 'hub', body.lines);
    return { stored: result.stored, skipped: result.skipped, lastSeq: await store.lastHubSeq(programmeId, sessionId) };
  });
}

function sameFacts(a: SessionMeta, b: SessionMeta): boolean {
  return a.title === b.title && a.startsAt === b.startsAt && a.programmeId === b.programmeId && a.code === b.code && a.createdAt === b.createdAt;
}

/** Runs tasks one after another per key (other keys are not held up). */
class KeyedQueue {
  #tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const next = previous.then(task);
    const tail = next.catch(() => undefined);
    this.#tails.set(key, tail);
    try {
      return await next;
    } finally {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
