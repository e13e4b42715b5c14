import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProgrammeServerPlugin } from '../../facilitator/server/app.js';
import { ConstraintViolation } from '../../facilitator/store/engine.js';
import { cleanupTargets } from '../support/engines.js';
import { PROGRAMME, startTestServer } from './helpers.js';

/**
 * What the other parts of issue 13 plug in: extra fastify plugins with the store, the programme id
 * and the auth helpers (venue sync, participants under /p), and a raw dispatcher for dates hosted on
 * the server under /s/.
 */
afterAll(cleanupTargets);

describe('the programme server’s extension points', () => {
  it('registers extra plugins with the shared store, programme and auth, each in its own scope; offers /s/ requests to the hosted dispatcher first', async () => {
    const seen: string[] = [];
    const plugin: ProgrammeServerPlugin = (app, context) => {
      app.addHook('onSend', async (_request, reply) => {
        reply.header('x-sync-plugin', 'yes');
      });
      app.post('/v1/programmes/:programmeId/sync/:sessionId', { onRequest: [context.auth.requireRole('facilitator')] }, async (request) => ({
        actor: request.actor,
        programme: context.programmeId,
        sameStore: context.store === app.store,
        publicUrl: context.publicUrl(),
        sessions: (await app.store.listSessions(app.programmeId)).length,
      }));
    };
    const hosted = {
      handle(req: IncomingMessage, res: ServerResponse): boolean {
        seen.push(req.url ?? '');
        if (!req.url?.startsWith('/s/2026-03-03/')) return false;
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`hub of 2026-03-03: ${req.url}`);
        return true;
      },
    };
    const failing: ProgrammeServerPlugin = (app) => {
      app.get('/v1/fail/constraint', async () => {
        throw new ConstraintViolation('The database refused the change: Key (name)=(x) already exists. Nothing was changed.', 'facilitator_tokens_pkey');
      });
      app.get('/v1/fail/bug', async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'secret-internal-detail')");
      });
    };
    const problems: string[] = [];
    const server = await startTestServer('embedded', { plugins: [plugin, failing], hosted, publicUrl: 'https://workshop.example.com/', onProblem: (m) => problems.push(m) });
    try {
      const facilitator = await server.token('facilitator', 'Venue laptop');
      expect((await server.call(`/v1/programmes/${PROGRAMME.id}/sync/2026-03-03`, { method: 'POST', body: {} })).status).toBe(401);
      const synced = await server.call(`/v1/programmes/${PROGRAMME.id}/sync/2026-03-03`, { method: 'POST', token: facilitator, body: {} });
      expect(await synced.json()).toEqual({ actor: 'Venue laptop', programme: PROGRAMME.id, sameStore: true, publicUrl: 'https://workshop.example.com', sessions: 0 });
      expect(synced.headers.get('x-sync-plugin')).toBe('yes');
      expect(synced.headers.get('x-content-type-options')).toBe('nosniff');
      // The plugin's hook stays in its scope.
      expect((await server.call('/healthz')).headers.get('x-sync-plugin')).toBeNull();

      const hub = await server.call('/s/2026-03-03/v1/hello');
      expect(await hub.text()).toBe('hub of 2026-03-03: /s/2026-03-03/v1/hello');
      const unknown = await server.call('/s/2026-04-01/v1/hello');
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ error: 'not_found' });
      await server.call('/sessions');
      expect(seen).toEqual(['/s/2026-03-03/v1/hello', '/s/2026-04-01/v1/hello']);

      // The shared error handling reaches plugins: a constraint is a 409 with its sentence; a bug a 500 that says nothing inside.
      const conflict = await server.call('/v1/fail/constraint');
      expect(conflict.status).toBe(409);
      expect(await conflict.json()).toEqual({ error: 'conflict', reason: 'The database refused the change: Key (name)=(x) already exists. Nothing was changed.' });
      const bug = await server.call('/v1/fail/bug');
      expect(bug.status).toBe(500);
      expect(await bug.json()).toEqual({ error: 'internal', reason: 'the programme server hit an unexpected problem; try again' });
      expect(problems).toEqual([expect.stringContaining('secret-internal-detail')]);
    } finally {
      await server.close();
    }
  });
});
