import type { FastifyInstance } from 'fastify';
import { type RouteError, answerRequestError } from '../http/errors.js';
import { LimitError } from '../hub/store.js';
import { ConstraintViolation, DatabaseUnavailable } from '../store/engine.js';

/**
 * The answers of the sync and participant plugins when something fails: `{error, reason}` as the
 * hub answers, whatever app they are registered in (an encapsulated error handler, so they behave the
 * same in `workshop serve` and in a test's tiny app). A database that does not answer is a 503 with
 * Retry-After: the venue's outbox and the laptops keep what they have and send it again. The reason
 * never carries the database's address or a driver's message.
 */
export function answerErrorsLikeTheHub(app: FastifyInstance): void {
  app.setErrorHandler((error: RouteError, _request, reply) => {
    if (error instanceof LimitError) {
      return reply.code(error.error === 'event_too_large' ? 400 : 413).send({ error: error.error, reason: error.message });
    }
    if (error instanceof DatabaseUnavailable) {
      return reply.code(503).header('Retry-After', '30').send({ error: 'storage_unavailable', reason: 'the programme server cannot reach its database right now; keep what you have and send it again later' });
    }
    if (error instanceof ConstraintViolation) {
      return reply.code(409).send({ error: 'conflict', reason: 'the database refused the change (it conflicts with what is stored); nothing was changed' });
    }
    return answerRequestError(error, reply, { service: 'the programme server', bodyTooLarge: 'the request body is larger than this endpoint accepts; send fewer lines or events per request' });
  });
}

