import { afterAll, describe, expect, it } from 'vitest';
import { call } from '../hub/helpers.js';
import { ENGINES, cleanupTargets, engineAvailable, freshTarget } from '../support/engines.js';
import { PROGRAMME_ID, startTestServer, venueLines, venueMeta } from './helpers.js';

afterAll(cleanupTargets);

const path = (session: string, programme = PROGRAMME_ID) => `/v1/programmes/${programme}/sync/${session}`;

describe.each(ENGINES)('the sync endpoint on the %s engine', (kind) => {
  it.skipIf(!engineAvailable(kind))('registers a venue date on its first batch, stores each line once, and answers how far it holds the session', async () => {
    const server = await startTestServer(await freshTarget(kind));
    try {
      const { lines } = venueLines(3, 2);
      const before = await call(server.url, 'GET', path('2026-03-05'), { token: server.token });
      expect(before).toMatchObject({ status: 200, body: { lastSeq: 0, hosted: null } });

      const first = await call(server.url, 'POST', path('2026-03-05'), { token: server.token, body: { meta: venueMeta('2026-03-05'), lines: lines.slice(0, 5) } });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ stored: 5, skipped: 0, lastSeq: 5 });
      // The same batch again (a retry after a lost answer), and the rest: each line once.
      const again = await call(server.url, 'POST', path('2026-03-05'), { token: server.token, body: { meta: venueMeta('2026-03-05'), lines } });
      expect(again.body).toEqual({ stored: 4, skipped: 5, lastSeq: 9 });
      const twice = await call(server.url, 'POST', path('2026-03-05'), { token: server.token, body: { meta: venueMeta('2026-03-05'), lines } });
      expect(twice.body).toEqual({ stored: 0, skipped: 9, lastSeq: 9 });

      expect((await server.store.readLines(PROGRAMME_ID, '2026-03-05')).map((l) => l.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const session = await server.store.getSession(PROGRAMME_ID, '2026-03-05');
      expect(session).toMatchObject({ hosted: 'venue', meta: { code: 'ABCD-1234', title: 'Date 2026-03-05' } });
      expect(await call(server.url, 'GET', path('2026-03-05'), { token: server.token })).toMatchObject({ body: { lastSeq: 9, hosted: 'venue' } });
      // Registered once (with its actor), not once per batch.
      const registered = (await server.store.changes(PROGRAMME_ID)).filter((c) => c.action === 'session.put');
      expect(registered).toHaveLength(1);
      expect(registered[0].actor).toMatch(/^venue-/);
    } finally {
      await server.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('refuses what would mix two logs or does not belong here, with a reason', async () => {
    const server = await startTestServer(await freshTarget(kind));
    try {
      const { lines } = venueLines(1, 1);
      const send = (session: string, meta: ReturnType<typeof venueMeta>, programme = PROGRAMME_ID, token = server.token) => call(server.url, 'POST', path(session, programme), { token, body: { meta, lines } });
      expect((await send('2026-03-05', venueMeta('2026-03-05'))).status).toBe(200);

      // Another office hosting a date with the same id: its seqs would collide with the first's.
      const other = await send('2026-03-05', venueMeta('2026-03-05', { code: 'WXYZ-9876' }));
      expect(other).toMatchObject({ status: 409, body: { error: 'session_conflict' } });
      expect(other.body.reason).toMatch(/another --session/);

      // A date hosted on the server itself.
      await server.store.putSession(PROGRAMME_ID, venueMeta('2026-03-06'), 'server', 'cli:test');
      expect(await send('2026-03-06', venueMeta('2026-03-06'))).toMatchObject({ status: 409, body: { error: 'hosted_on_server' } });

      expect(await send('2026-03-07', venueMeta('2026-03-07', { programmeId: 'autumn' }))).toMatchObject({ status: 409, body: { error: 'not_this_programme' } });
      expect(await send('2026-03-07', venueMeta('2026-03-07', { programmeId: undefined }))).toMatchObject({ status: 409, body: { error: 'not_this_programme' } });
      expect(await send('2026-03-07', venueMeta('2026-03-08'))).toMatchObject({ status: 400, body: { error: 'session_mismatch' } });
      expect(await send('2026-03-07', venueMeta('2026-03-07'), 'autumn')).toMatchObject({ status: 404, body: { error: 'unknown_programme' } });

      // Roles: none, a viewer's token.
      expect((await call(server.url, 'POST', path('2026-03-05'), { body: { meta: venueMeta('2026-03-05'), lines } })).status).toBe(401);
      expect((await send('2026-03-05', venueMeta('2026-03-05'), PROGRAMME_ID, server.viewerToken)).status).toBe(403);
      expect((await call(server.url, 'GET', path('2026-03-05'), { token: server.viewerToken })).status).toBe(403);

      // Bodies: more than 1,000 lines, a line that is not a log record, not JSON.
      const many = venueLines(1, 1001).lines;
      const tooMany = await call(server.url, 'POST', path('2026-03-05'), { token: server.token, body: { meta: venueMeta('2026-03-05'), lines: many } });
      expect(tooMany).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
      const bad = await call(server.url, 'POST', path('2026-03-05'), { token: server.token, body: { meta: venueMeta('2026-03-05'), lines: [{ kind: 'join', seq: 0 }] } });
      expect(bad).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
      const notJson = await call(server.url, 'POST', path('2026-03-05'), { token: server.token, rawBody: '{"meta":', headers: { 'content-type': 'application/json' } });
      expect(notJson).toMatchObject({ status: 400, body: { error: 'invalid_json' } });

      // Nothing of the refused requests was stored.
      expect(await server.store.readLines(PROGRAMME_ID, '2026-03-05')).toHaveLength(2);
      expect(await server.store.getSession(PROGRAMME_ID, '2026-03-07')).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
