import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { ServerPaths } from '../../src/protocol/server-api.js';
import type { Store } from '../store/store.js';
import { type AuthLimits, DEFAULT_AUTH_LIMITS, createAuth } from './auth.js';
import type { HostedDispatcher, ProgrammeServerPlugin, ServerContext } from './context.js';
import { dashboardRoutes } from './dashboard-routes.js';
import { healthRoutes } from './health-routes.js';
import { installHttpBasics } from './http.js';
import { reportRoutes } from './report-routes.js';
import { rosterRoutes } from './roster-routes.js';
import { tokenRoutes } from './token-routes.js';
import { usageRoutes } from './usage-routes.js';
import { usageSyncRoutes } from './usage-sync-routes.js';

export type { HostedDispatcher, ProgrammeServerPlugin, ServerContext } from './context.js';

/**
 * The programme server (issue 13): one programme, its store, and the HTTP API of
 * src/protocol/server-api.ts. fastify, one plugin per concern (health, reports, roster, usage,
 * tokens, the viewer dashboard), sharing the store and the auth helpers through decorators
 * (`app.store`, `app.programmeId`, `app.auth`, `app.publicUrl`; see context.ts).
 *
 * Two extension points for the other parts of issue 13:
 *   - `plugins`: more fastify plugins, each registered in its own scope with the same context (the
 *     venue sync routes, the participant routes under `/p`);
 *   - `hosted`: a raw dispatcher offered every request under `/s/` before fastify routes it (each
 *     date hosted on the server is a hub under `/s/<session id>`).
 */
export interface ProgrammeServerOptions {
  store: Store;
  programmeId: string;
  /** The address people and laptops use (behind a reverse proxy, its https:// address). Default: the one listened on. */
  publicUrl?: string;
  /** Serve HTTPS with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  plugins?: ProgrammeServerPlugin[];
  hosted?: HostedDispatcher;
  /** The exercise pack the report counts "finished" against (default: the shipped one). */
  packDir?: string;
  /** The report's "now" (tests pin it). */
  clock?: () => Date;
  authLimits?: Partial<AuthLimits>;
  /** A line for the operator's terminal (the database stopped answering); never carries a secret. */
  onProblem?: (message: string) => void;
  /**
   * The reverse proxy whose X-Forwarded-For to believe (fastify's `trustProxy`: addresses or CIDRs,
   * comma-separated), so the failed-token limit counts clients, not the proxy. Default: none.
   */
  trustProxy?: string;
}

export const DEFAULT_BODY_BYTES = 64 * 1024;

export async function buildProgrammeServer(options: ProgrammeServerOptions): Promise<FastifyInstance> {
  const { store, programmeId, hosted, tls } = options;
  let publicUrl = options.publicUrl?.replace(/\/+$/, '');

  const app = Fastify({
    logger: false,
    bodyLimit: DEFAULT_BODY_BYTES,
    trustProxy: options.trustProxy ?? false,
    return503OnClosing: true,
    // The server is built here (fastify does not apply its timeouts to a server it did not build).
    serverFactory: (handler) => {
      const dispatch = (req: http.IncomingMessage, res: http.ServerResponse) => {
        if (hosted && isHostedPath(req.url) && hosted.handle(req, res)) return;
        handler(req, res);
      };
      const server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, dispatch) : http.createServer(dispatch);
      // A client that sends nothing, or dribbles its headers, is cut off; an upload of a year of usage may take minutes.
      server.headersTimeout = 30_000;
      server.requestTimeout = 10 * 60_000;
      server.keepAliveTimeout = 5_000;
      return server;
    },
  });

  const auth = createAuth(store, { ...DEFAULT_AUTH_LIMITS, ...options.authLimits });
  const context: ServerContext = {
    store,
    programmeId,
    auth,
    publicUrl: () => {
      if (!publicUrl) throw new Error('the programme server has no public URL before it listens');
      return publicUrl;
    },
  };
  app.decorate('store', store);
  app.decorate('programmeId', programmeId);
  app.decorate('auth', auth);
  app.decorate('publicUrl', context.publicUrl);
  app.addHook('onListen', async () => {
    if (!publicUrl) publicUrl = localUrl(app, Boolean(tls));
  });

  installHttpBasics(app, { tls: Boolean(tls), ...(options.onProblem ? { onProblem: options.onProblem } : {}) });

  await app.register(healthRoutes);
  await app.register(reportRoutes({ ...(options.packDir ? { packDir: options.packDir } : {}), ...(options.clock ? { clock: options.clock } : {}) }));
  await app.register(rosterRoutes);
  await app.register(usageRoutes);
  await app.register(usageSyncRoutes);
  await app.register(tokenRoutes);
  await app.register(dashboardRoutes);
  for (const plugin of options.plugins ?? []) await app.register(async (scope) => plugin(scope, context));

  app.get('/', async (_request, reply) => {
    reply.type('text/plain; charset=utf-8');
    return `codex-workshop programme server: ${programmeId}\n\nHealth: ${ServerPaths.health}\nViewers: open the dashboard link you were given (${ServerPaths.dashboard}#token=…).\nFacilitators: workshop report --programme ${programmeId} --server <this address>\n`;
  });

  return app;
}

function isHostedPath(url: string | undefined): boolean {
  return url !== undefined && (url === ServerPaths.hostedPrefix || url.startsWith(`${ServerPaths.hostedPrefix}/`) || url.startsWith(`${ServerPaths.hostedPrefix}?`));
}

/** The address this machine reaches the listening server at (a wildcard bind is reached on loopback). */
export function localUrl(app: FastifyInstance, tls: boolean): string {
  const address = app.server.address() as AddressInfo;
  let host = address.address;
  if (host === '0.0.0.0') host = '127.0.0.1';
  if (host === '::') host = '::1';
  return `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/** `<public URL>/dashboard`, and with a token, the viewer link (the token in the fragment only). */
export function dashboardLink(publicUrl: string, token?: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${ServerPaths.dashboard}${token ? `#token=${encodeURIComponent(token)}` : ''}`;
}
