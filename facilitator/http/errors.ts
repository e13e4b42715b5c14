import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { redactSecrets } from '../../src/core/secret.js';
import { formatZodIssues } from '../../src/core/validation.js';

/**
 * The HTTP error conventions every server of the kit shares (the venue hub, the programme server and
 * its plugins): a failure is `{error, reason}` with a reason a person can act on, never a stack
 * trace. Each server answers its own errors first (a full disk, a database that is down), then hands
 * the rest to `answerRequestError`, so the answers to a bad body are the same everywhere.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly error: string,
    readonly reason: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(reason);
  }
}

export type RouteError = Error & { statusCode?: number; code?: string };

/** A JSON body checked with the protocol's zod schema; a 400 naming the field when it does not fit. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === undefined || body === null) throw new HttpError(400, 'invalid_request', 'the request has no JSON body');
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, 'invalid_request', formatZodIssues(parsed.error));
  return parsed.data;
}

export interface RequestErrorWording {
  /** Why a body was too large and what to send instead. */
  bodyTooLarge: string;
  /** Who hit the unexpected problem ("the hub", "the programme server"). */
  service: string;
  /** Told before the 500 goes out (the operator's terminal); the message is already redacted. */
  onUnexpected?: (message: string) => void;
}

/**
 * The answers that are the same in every server: an HttpError as it says, fastify's body errors,
 * bad JSON, any other 4xx, and a 500 for the rest (never the error's own text).
 */
export function answerRequestError(error: RouteError, reply: FastifyReply, wording: RequestErrorWording): FastifyReply {
  if (error instanceof HttpError) {
    if (error.retryAfterSeconds) reply.header('Retry-After', String(error.retryAfterSeconds));
    return reply.code(error.statusCode).send({ error: error.error, reason: error.reason });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return reply.code(413).send({ error: 'body_too_large', reason: wording.bodyTooLarge });
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
  wording.onUnexpected?.(`unexpected error: ${redactSecrets(error.message)}`);
  return reply.code(500).send({ error: 'internal', reason: `${wording.service} hit an unexpected problem; try again` });
}
