import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../src/protocol/server-api.js';
import type { Store } from '../store/store.js';

/**
 * What the programme server hands each of its route plugins (fastify encapsulation: one plugin per
 * concern, the store and the auth shared): the store, the one programme this server holds, and the
 * auth helper that refuses a request whose facilitator token lacks the role (401/403).
 */
export type RequireRole = (role: Role) => (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export interface ServerPluginOptions {
  store: Store;
  programmeId: string;
  requireRole: RequireRole;
  /** Who made a change, for the store's `changes` (default: `request.actor`, set by requireRole). */
  actorOf?: (request: FastifyRequest) => string;
}

export function defaultActor(request: FastifyRequest): string {
  const actor = (request as FastifyRequest & { actor?: unknown }).actor;
  return typeof actor === 'string' && actor ? actor : 'unknown';
}
