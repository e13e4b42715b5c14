import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatZodIssues } from '../../src/core/validation.js';
import { UserError } from '../../src/core/errors.js';
import { DatabaseUnavailable } from '../store/engine.js';
import { CreateSessionRequest, type CreateSessionResponse, ServerPaths } from '../../src/protocol/server-api.js';
import type { Role } from '../../src/protocol/server-api.js';
import type { ProgrammeServerPlugin } from './context.js';
import { HostedSessionError, type HostedSessions } from './hosted-sessions.js';

/**
 * The creation route of dates hosted on the server: `POST /v1/programmes/:programmeId/sessions`
 * (facilitator or owner), CreateSessionRequest → CreateSessionResponse, 201 for a new date and 200
 * for a resumed one. Authentication is the server's (`authorise` answers the token's name, the actor
 * recorded in `changes`, or throws its own 401/403); this plugin only plans and answers. The answer
 * carries the date's dashboard key, so it is never cached.
 */
export interface HostedRoutesOptions {
  hosted: HostedSessions;
  /** Resolves to the caller's name when its token has at least `role`; otherwise throws (401/403). */
  authorise: (request: FastifyRequest, reply: FastifyReply, role: Role) => Promise<string>;
}

export function registerHostedSessionRoutes(app: FastifyInstance, options: HostedRoutesOptions): void {
  const { hosted } = options;
  app.post(ServerPaths.sessions, async (request, reply) => {
    try {
      const actor = await options.authorise(request, reply, 'facilitator');
      reply.header('Cache-Control', 'no-store');
      const { programmeId } = request.params as { programmeId: string };
      if (programmeId !== hosted.programmeId) {
        return reply.code(404).send({ error: 'programme_not_found', reason: `this server holds the programme "${hosted.programmeId}", not "${programmeId}"` });
      }
      const parsed = CreateSessionRequest.safeParse(request.body ?? {});
      if (!parsed.success) return reply.code(400).send({ error: 'invalid_request', reason: formatZodIssues(parsed.error) });
      const created: CreateSessionResponse = await hosted.create(parsed.data, { actor, baseUrl: `${request.protocol}://${request.host}` });
      return reply.code(created.resumed ? 200 : 201).send(created);
    } catch (error) {
      if (error instanceof HostedSessionError) return reply.code(error.statusCode).send({ error: error.error, reason: error.reason });
      // The store's own refusals are one sentence with what to do: the database is down, or a rule said no.
      if (error instanceof DatabaseUnavailable) return reply.code(503).header('Retry-After', '30').send({ error: 'storage_unavailable', reason: error.message });
      if (error instanceof UserError) return reply.code(409).send({ error: 'refused', reason: error.message });
      throw error;
    }
  });
}

/**
 * The hosted sessions as a programme server plugin (`buildProgrammeServer({plugins: [...]})`): the
 * creation route behind the server's own `requireRole`, whose token name is the actor recorded.
 */
export function hostedSessionsPlugin(hosted: HostedSessions): ProgrammeServerPlugin {
  return (app, context) =>
    registerHostedSessionRoutes(app, {
      hosted,
      async authorise(request, reply, role) {
        await context.auth.requireRole(role).call(app, request, reply);
        return request.actor ?? 'unknown';
      },
    });
}
