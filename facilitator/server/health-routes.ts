import type { FastifyInstance } from 'fastify';
import { type HealthResponse, SERVER_PROTOCOL_VERSION, ServerPaths, type WhoamiResponse } from '../../src/protocol/server-api.js';
import { LATEST_VERSION } from '../store/migrations.js';

/**
 * `GET /healthz` for load balancers, compose and `docker healthcheck`: no token, no personal data,
 * 503 with `ok: false` when the database does not answer (a proxy then stops sending traffic here).
 * `GET /v1/whoami` tells a token's holder its name and role (the CLI checks a token with it).
 */
/** A health check answers quickly or says no: a database that hangs is as down as one that refuses. */
const HEALTH_TIMEOUT_SECONDS = 3;

function withinSeconds<T>(seconds: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer in time')), seconds * 1000);
  });
  work.catch(() => undefined); // answered after the deadline: nobody is waiting for it
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(ServerPaths.health, async (_request, reply): Promise<HealthResponse> => {
    const base = { service: 'codex-workshop-server' as const, protocol: SERVER_PROTOCOL_VERSION, engine: app.store.kind, programme: app.programmeId };
    try {
      return { ok: true, ...base, schemaVersion: await withinSeconds(HEALTH_TIMEOUT_SECONDS, app.store.schemaVersion()) };
    } catch {
      reply.code(503).header('Retry-After', '5');
      // The version this kit migrated to when it opened the database: the last one known to be there.
      return { ok: false, ...base, schemaVersion: LATEST_VERSION, reason: 'the database does not answer' };
    }
  });

  app.get(ServerPaths.whoami, { onRequest: app.auth.requireRole('viewer') }, async (request): Promise<WhoamiResponse> => ({
    name: request.actor!,
    role: request.role!,
    programme: app.programmeId,
  }));
}
