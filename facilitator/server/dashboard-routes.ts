import type { FastifyInstance, FastifyReply } from 'fastify';
import { ServerPaths } from '../../src/protocol/server-api.js';
import { VIEWER_CSS, VIEWER_JS, VIEWER_PAGE } from './dashboard-page.js';

/**
 * The viewer dashboard's three static files. Public (they hold nothing), with the hub dashboard's
 * strict policy: only this server's own script, no inline script, no frames of this page elsewhere.
 * Inline styles are allowed because the report page shown in the sandboxed frame inherits this
 * policy and styles itself inline (it is one self-contained file); with images limited to data: and
 * no other source allowed, a style cannot send anything anywhere.
 */
export const VIEWER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  const serve = (body: string, type: string) => async (_request: unknown, reply: FastifyReply) => {
    reply.header('Content-Security-Policy', VIEWER_CSP);
    reply.header('Cache-Control', 'no-cache');
    return reply.type(type).send(body);
  };
  app.get(ServerPaths.dashboard, serve(VIEWER_PAGE, 'text/html; charset=utf-8'));
  app.get(`${ServerPaths.dashboard}/`, serve(VIEWER_PAGE, 'text/html; charset=utf-8'));
  app.get(`${ServerPaths.dashboard}/viewer.js`, serve(VIEWER_JS, 'text/javascript; charset=utf-8'));
  app.get(`${ServerPaths.dashboard}/viewer.css`, serve(VIEWER_CSS, 'text/css; charset=utf-8'));
}
