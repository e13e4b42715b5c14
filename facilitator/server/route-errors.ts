import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { redactSecrets } from '../../src/core/secret.js';
import { formatZodIssues } from '../../src/core/validation.js';
import { HttpError } from '../hub/server.js';
import { LimitError } from '../hub/store.js';
import { ConstraintViolation, DatabaseUnavailable } from '../store/engine.js';

/**
 * The answers of the sync and participant plugins when something fails: `{error, reason}` as the
 * hub answers, whatever app they are registered in (an encapsulated error handler, so they behave the
 * same in `workshop serve` and in a test's tiny app). A database that does not answer is a 503 with
 * Retry-After: the venue's outbox and the laptops keep what they have and send it again. The reason
 * never carries the database's address or a driver's message.
 */
export { HttpError };

export function answerErrorsLikeTheHub(app: FastifyInstance): void {
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    if (error instanceof HttpError) {
      if (error.retryAfterSeconds) reply.header('Retry-After', String(error.retryAfterSeconds));
      return reply.code(error.statusCode).send({ error: error.error, reason: error.reason });
    }
    if (error instanceof LimitError) {
      return reply.code(error.error === 'event_too_large' ? 400 : 413).send({ error: error.error, reason: error.message });
    }
    if (error instanceof DatabaseUnavailable) {
      return reply.code(503).header('Retry-After', '30').send({ error: 'storage_unavailable', reason: 'the programme server cannot reach its database right now; keep what you have and send it again later' });
    }
    if (error instanceof ConstraintViolation) {
      return reply.code(409).send({ error: 'conflict', reason: 'the database refused the change (it conflicts with what is stored); nothing was changed' });
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.code(413).send({ error: 'body_too_large', reason: 'the request body is larger than this endpoint accepts; send fewer lines or events per request' });
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
    return reply.code(500).send({ error: 'internal', reason: 'the programme server hit an unexpected problem; try again' });
  });
}

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === undefined || body === null) throw new HttpError(400, 'invalid_request', 'the request has no JSON body');
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, 'invalid_request', formatZodIssues(parsed.error));
  return parsed.data;
}
