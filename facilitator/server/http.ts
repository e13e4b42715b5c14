import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { UserError } from '../../src/core/errors.js';
import { redactSecrets } from '../../src/core/secret.js';
import { formatZodIssues } from '../../src/core/validation.js';
import { HttpError } from '../hub/server.js';
import { ConstraintViolation, DatabaseUnavailable } from '../store/engine.js';

export { HttpError };

/**
 * The programme server's HTTP conventions, the hub's (facilitator/hub/server.ts) applied to one more
 * server: every failure is `{error, reason}` with a reason a person can act on, never a stack trace;
 * the same security headers; no CORS (a browser on another site can neither read an answer nor send
 * a bearer-token request, which needs a preflight nobody answers).
 */

/** Seconds a client is asked to wait when the database does not answer. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === undefined || body === null) throw new HttpError(400, 'invalid_request', 'the request has no JSON body');
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, 'invalid_request', formatZodIssues(parsed.error));
  return parsed.data;
}

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

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    if (error instanceof HttpError) {
      if (error.retryAfterSeconds) reply.header('Retry-After', String(error.retryAfterSeconds));
      return reply.code(error.statusCode).send({ error: error.error, reason: error.reason });
    }
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
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.code(413).send({ error: 'body_too_large', reason: 'the request body is larger than this endpoint accepts' });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.code(415).send({ error: 'unsupported_media_type', reason: 'send the body as application/json' });
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.code(400).send({ error: 'invalid_request', reason: 'the request has an empty JSON body' });
    }
    if (error.statusCode === 400 || error instanceof SyntaxError) {
      return reply.code(400).send({ error: 'invalid_json', reason: `the body is not valid JSON (${redactSecrets(error.message)})` });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: 'bad_request', reason: redactSecrets(error.message) });
    }
    options.onProblem?.(`unexpected error: ${redactSecrets(error.message)}`);
    return reply.code(500).send({ error: 'internal', reason: 'the programme server hit an unexpected problem; try again' });
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
