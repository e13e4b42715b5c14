import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ROLE_RANK, type Role } from '../../src/protocol/server-api.js';
import { RateLimiter } from '../hub/rate-limit.js';
import { bearerToken, hashToken } from '../hub/tokens.js';
import type { Store } from '../store/store.js';
import type { ServerAuth } from './context.js';
import { HttpError } from '../http/errors.js';

/**
 * Facilitator tokens of the programme server: named, with a role (owner > facilitator > viewer).
 * A token is `wst_` + 256 random bits; the store keeps only its SHA-256 (a copied database lets
 * nobody in), and the server looks a presented token up by that hash.
 *
 * Why a lookup by hash is as safe as the hub's constant-time compare: the hub compares one secret it
 * holds against what arrives, so timing could leak the secret byte by byte. Here the database
 * compares SHA-256 digests of what arrives; timing could at most say how a guess's digest compares
 * to stored digests, and steering a digest byte by byte needs SHA-256 preimages. Revocation takes
 * effect at the next request because nothing is cached.
 */
export const SERVER_TOKEN_PREFIX = 'wst_';

export function newServerToken(): string {
  return `${SERVER_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** `wst_` and 40 or more base64url characters: anything else cannot be one of ours. */
export function looksLikeServerToken(text: string): boolean {
  return /^wst_[A-Za-z0-9_-]{40,}$/.test(text);
}

export interface AuthLimits {
  /** Per address: failed authentications allowed at once, and refilled per second. */
  badTokenBurst: number;
  badTokensPerSecond: number;
}

export const DEFAULT_AUTH_LIMITS: AuthLimits = { badTokenBurst: 10, badTokensPerSecond: 1 / 6 };

export function createAuth(store: Store, limits: AuthLimits = DEFAULT_AUTH_LIMITS): ServerAuth {
  const badTokens = new RateLimiter({ capacity: limits.badTokenBurst, perSecond: limits.badTokensPerSecond });

  /** The error to answer a failed authentication with: itself, or 429 once this address failed too often. */
  const refused = (request: FastifyRequest, error: HttpError): HttpError => {
    const wait = badTokens.take(request.ip);
    return wait ? new HttpError(429, 'rate_limited', `too many requests with a wrong token from this address; try again in ${wait} s`, wait) : error;
  };

  return {
    refused,
    requireRole(role: Role) {
      return async (request: FastifyRequest, _reply: FastifyReply) => {
        const token = bearerToken(request.headers.authorization);
        if (!token) {
          throw refused(request, new HttpError(401, 'token_required', 'this needs a facilitator token: send it as "Authorization: Bearer wst_…" (the CLI reads WORKSHOP_SERVER_TOKEN or --token-file)'));
        }
        const found = looksLikeServerToken(token) ? await store.tokenByHash(hashToken(token)) : undefined;
        if (!found) {
          throw refused(request, new HttpError(401, 'unknown_token', 'this server does not know that token, or it was revoked: ask the programme owner for a new one (`workshop server token add`)'));
        }
        request.actor = found.name;
        request.role = found.role;
        if (ROLE_RANK[found.role] < ROLE_RANK[role]) {
          throw new HttpError(403, 'role_too_low', `the token "${found.name}" has the role ${found.role}; this needs ${role} or above`);
        }
      };
    },
  };
}
