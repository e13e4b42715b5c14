import type { FastifyInstance } from 'fastify';
import { UserError } from '../../src/core/errors.js';
import { redactSecrets } from '../../src/core/secret.js';
import { HttpError, type RouteError, answerRequestError } from '../http/errors.js';
import { ConstraintViolation, DatabaseUnavailable } from '../store/engine.js';

/**
 * The programme server's HTTP conventions, the hub's (facilitator/hub/server.ts) applied to one more
 * server: every failure is `{error, reason}` with a reason a person can act on, never a stack trace;
 * the same security headers; no CORS (a browser on another site can neither read an answer nor send
 * a bearer-token request, which needs a preflight nobody answers).
 */

/** Seconds a client is asked to wait when the database does not answer. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export interface HttpBasicsOptions {
  /** Served over TLS: browsers are told to keep to HTTPS. */
  tls: boolean;
  /** Something the operator should see (the database stopped answering); never carries a secret. */
  onProblem?: (message: string) => void;
}

export function installHttpBasics(app: FastifyInstance, options: HttpBasicsOptions): void {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    if (options.tls) reply.header('Strict-Transport-Security', 'max-age=31536000');
    // Answers carry personal data (names, emails in reports): no cache keeps them.
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
  });

  app.setErrorHandler((error: RouteError, _request, reply) => {
    if (error instanceof DatabaseUnavailable) {
      // The operator sees where and why (the address has no password); the client a sentence without the address.
      options.onProblem?.(redactSecrets(error.message));
      return reply
        .code(503)
        .header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS))
        .send({ error: 'database_unavailable', reason: 'the programme server cannot reach its database right now; nothing was changed. Try again in a moment' });
    }
    if (error instanceof ConstraintViolation) {
      return reply.code(409).send({ error: 'conflict', reason: redactSecrets(error.message) });
    }
    if (error instanceof UserError) {
      // What the shared cores refuse (a roster row without an email, a usage file of the wrong shape): the client's to fix.
      return reply.code(400).send({ error: 'rejected', reason: redactSecrets(error.message) });
    }
    return answerRequestError(error, reply, { service: 'the programme server', bodyTooLarge: 'the request body is larger than this endpoint accepts', onUnexpected: options.onProblem });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: 'not_found', reason: `nothing at ${request.method} ${request.url.split('?')[0]}` });
  });
}

/**
 * A preHandler for routes under `/v1/programmes/:programmeId/…`: this server holds one programme, and
 * any other id is a 404 that names the one it holds (run after the role check, so only token holders
 * learn anything they could not see at /healthz anyway).
 */
export function thisProgramme(app: FastifyInstance) {
  return async (request: { params: unknown }) => {
    const { programmeId } = (request.params ?? {}) as { programmeId?: string };
    if (programmeId !== app.programmeId) {
      throw new HttpError(404, 'unknown_programme', `this server holds the programme "${app.programmeId}", not "${programmeId ?? ''}"`);
    }
  };
}
