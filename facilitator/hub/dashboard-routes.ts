import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { isErrno } from '../../src/core/errors.js';

/**
 * Serves the dashboard page. The page itself holds no data and no secret (the facilitator token
 * travels in the URL fragment, which browsers never send, and then in an Authorization header), so
 * it is public; the data comes from the facilitator API. A strict Content-Security-Policy allows
 * only this hub's own script and style: even if a hostile name slipped past the page's escaping,
 * an injected script or inline handler would not run.
 */
const ASSETS: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export async function registerDashboardRoutes(app: FastifyInstance, dashboardDir: string): Promise<void> {
  // Read once at start: the files are small, and a hub serves them many times.
  const cache = new Map<string, Buffer>();
  for (const name of Object.keys(ASSETS)) {
    try {
      cache.set(name, await fs.readFile(path.join(dashboardDir, name)));
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
  }

  const serve = (name: string) => async (_request: unknown, reply: import('fastify').FastifyReply) => {
    const body = cache.get(name);
    if (!body) {
      return reply.code(503).type('text/plain; charset=utf-8').send('The dashboard is not built. Run `npm run build` in the codex-workshop folder, then restart `workshop host`.\n');
    }
    reply.header('Content-Security-Policy', DASHBOARD_CSP);
    reply.header('Cache-Control', 'no-cache');
    return reply.type(ASSETS[name]).send(body);
  };

  // The page names its script and stylesheet relatively (`dashboard/app.js`), so it works at `/dashboard`
  // on a laptop hub and at `/s/<session>/dashboard` on the programme server. At `/dashboard/` those
  // would miss: that address is sent to the canonical one (relatively too; the #token stays).
  app.get('/dashboard', serve('index.html'));
  app.get('/dashboard/', async (_request, reply) => reply.code(308).header('Location', '../dashboard').send());
  app.get('/dashboard/app.js', serve('app.js'));
  app.get('/dashboard/style.css', serve('style.css'));
}
