import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { HttpError } from '../http/errors.js';
import type { Role } from '../../src/protocol/server-api.js';
import type { Store } from '../store/store.js';

/**
 * What the programme server shares with its plugins (one fastify plugin per concern). The store, the
 * programme id and the auth helpers are decorators on the root instance, so every plugin, including
 * the ones other parts of the kit add through `ProgrammeServerOptions.plugins`, reaches them the same
 * way: `app.store`, `app.programmeId`, `app.auth.requireRole('facilitator')`. Only the programme server
 * sets these decorators; a hub's fastify instance has none of them.
 */
export interface ServerAuth {
  /** A preHandler: 401 without a live facilitator token, 403 when its role ranks below `role`. Sets `request.actor`. */
  requireRole(role: Role): preHandlerAsyncHookHandler;
  /**
   * A failed authentication by a plugin that checks its own bearers (the quests take participants'
   * join tokens too): counted against the same per-address limit as `requireRole`'s, so a guesser
   * cannot get around it by trying another path. Returns the error to throw (a 429 once over the limit).
   */
  refused(request: FastifyRequest, error: HttpError): HttpError;
}

export interface ServerContext {
  store: Store;
  programmeId: string;
  auth: ServerAuth;
  /** The address people and laptops use (`--public-url`, else the one listened on); known once listening. */
  publicUrl(): string;
}

/**
 * Extension point (a): a plugin registered in its own encapsulated scope after the built-in ones.
 * The sync helper adds `/v1/programmes/:id/sync/:sid` and the participant routes under `/p` this way.
 */
export type ProgrammeServerPlugin = (app: FastifyInstance, context: ServerContext) => Promise<void> | void;

/**
 * Extension point (b): requests whose path starts with `/s/` (a date hosted on the server, each a hub
 * under `/s/<session id>`) are offered to this dispatcher before fastify routes them. It returns true
 * when it took the request (and then owns the response, headers included), false to let fastify
 * answer (a 404 for an unknown date).
 */
export interface HostedDispatcher {
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    programmeId: string;
    auth: ServerAuth;
    publicUrl: () => string;
  }
  interface FastifyRequest {
    /** The facilitator token's name, once `requireRole` let the request through: the actor of its changes. */
    actor?: string;
    role?: Role;
  }
}
