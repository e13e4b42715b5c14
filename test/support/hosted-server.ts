import http from 'node:http';
import Fastify, { type FastifyRequest } from 'fastify';
import { ROLE_RANK, type Role, SERVER_PROTOCOL_VERSION, ServerPaths } from '../../src/protocol/server-api.js';
import { LATEST_VERSION } from '../../facilitator/store/migrations.js';
import { hashToken, bearerToken } from '../../facilitator/hub/tokens.js';
import { HostedSessionError, HostedSessions, type HostedSessionsOptions } from '../../facilitator/server/hosted-sessions.js';
import { registerHostedSessionRoutes } from '../../facilitator/server/hosted-routes.js';
import type { Store } from '../../facilitator/store/store.js';
import { DEFAULT_SETTINGS } from '../../facilitator/programme/store.js';

/**
 * The hosted sessions alone, in this process, composed as `workshop serve` composes them: a node:http
 * server that offers every request to `hosted.handle()` first, and a small fastify app with the
 * creation route behind a bearer-token check against the store's tokens. Listens on 127.0.0.1 only.
 * In-process tests use it to pin clocks and limits; the kill -9 test and the bench run the real
 * `workshop serve`.
 */
export interface HostedTestServer {
  url: string;
  hosted: HostedSessions;
  close(): Promise<void>;
}

export async function startHostedServer(options: HostedSessionsOptions & { port?: number }): Promise<HostedTestServer> {
  const hosted = new HostedSessions(options);
  let server: http.Server | undefined;
  const app = Fastify({
    logger: false,
    serverFactory: (handler) => {
      server = http.createServer((req, res) => {
        if (!hosted.handle(req, res)) handler(req, res);
      });
      // What fastify sets on a server it makes itself, but not on one from serverFactory: Node's 5 s
      // keep-alive would close laptops' idle connections under them (the hub keeps them 72 s).
      server.keepAliveTimeout = 72_000;
      server.requestTimeout = 30_000;
      return server;
    },
  });
  registerHostedSessionRoutes(app, { hosted, authorise: (request, _reply, role) => authorise(options.store, request, role) });
  app.get(ServerPaths.health, async () => ({ ok: true, service: 'codex-workshop-server', protocol: SERVER_PROTOCOL_VERSION, engine: options.store.kind, schemaVersion: LATEST_VERSION, programme: options.programmeId }));
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const address = server!.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    hosted,
    async close() {
      await hosted.close();
      await app.close();
    },
  };
}

/** The server's rule in small: a live token whose role ranks at least `role`; its name is the actor. */
export async function authorise(store: Store, request: FastifyRequest, role: Role): Promise<string> {
  const token = bearerToken(request.headers.authorization);
  const found = token ? await store.tokenByHash(hashToken(token)) : undefined;
  if (!found) throw new HostedSessionError(401, 'token_required', 'this server needs a facilitator token (Authorization: Bearer wst_…)');
  if (ROLE_RANK[found.role] < ROLE_RANK[role]) throw new HostedSessionError(403, 'forbidden', `a ${found.role} token cannot do this; it needs ${role} or owner`);
  return found.name;
}

/** A programme in the store, as `workshop data migrate` or `programme create` would leave it. */
export async function putTestProgramme(store: Store, id = 'pilot', timeZone = 'Asia/Tokyo'): Promise<void> {
  await store.putProgramme({ schemaVersion: 1, id, title: 'Pilot programme', createdAt: '2026-11-01T00:00:00.000Z', timeZone, settings: DEFAULT_SETTINGS, sessions: [] }, 'test');
}
