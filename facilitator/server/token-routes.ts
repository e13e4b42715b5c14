import type { FastifyInstance } from 'fastify';
import { ServerPaths, TokenAddRequest, type TokenListResponse } from '../../src/protocol/server-api.js';
import type { z } from 'zod';
import { UsageError } from '../../src/core/errors.js';
import { hashToken } from '../hub/tokens.js';
import { newServerToken } from './auth.js';
import { HttpError, parseBody } from '../http/errors.js';
import { LastOwnerError, lastOwnerGuard } from './token-rules.js';

/**
 * Facilitator tokens over HTTP, owner only: `GET /v1/tokens` (names and roles, never a token or its
 * hash), `POST /v1/tokens` (the new token is in this one answer and nowhere else, ever),
 * `DELETE /v1/tokens/:name` (revoked at once: the next request with it is a 401).
 */
export async function tokenRoutes(app: FastifyInstance): Promise<void> {
  const owner = app.auth.requireRole('owner');

  app.get(ServerPaths.tokens, { onRequest: owner }, async (): Promise<z.infer<typeof TokenListResponse>> => ({ tokens: await app.store.listTokens() }));

  app.post(ServerPaths.tokens, { onRequest: owner }, async (request, reply) => {
    const body = parseBody(TokenAddRequest, request.body);
    const token = newServerToken();
    try {
      await app.store.addToken({ name: body.name, role: body.role, tokenHash: hashToken(token), ...(body.email ? { email: body.email } : {}) }, request.actor!);
    } catch (error) {
      // The store's one refusal here: the name is taken by a live token.
      if (error instanceof UsageError) throw new HttpError(409, 'name_taken', `a live token is already named "${body.name}": revoke it first, or choose another name`);
      throw error;
    }
    reply.code(201);
    return { name: body.name, role: body.role, token };
  });

  app.delete(ServerPaths.token, { onRequest: owner }, async (request) => {
    const { name } = request.params as { name: string };
    try {
      await lastOwnerGuard(app.store, name);
    } catch (error) {
      if (error instanceof LastOwnerError) throw new HttpError(409, 'last_owner', `"${name}" is the last live owner token: add another owner first, then revoke it`);
      throw error;
    }
    if (!(await app.store.revokeToken(name, request.actor!))) throw new HttpError(404, 'unknown_token', `no live token is named "${name}"`);
    return { name, revoked: true as const };
  });
}
