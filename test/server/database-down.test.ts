import { afterAll, describe, expect, it } from 'vitest';
import { ServerClient } from '../../facilitator/server/client.js';
import { DatabaseUnavailable } from '../../facilitator/store/engine.js';
import { Store } from '../../facilitator/store/store.js';
import { cleanupTargets } from '../support/engines.js';
import { postgresAvailable, startThrowawayPostgres } from '../support/postgres.js';
import { workshop } from '../programme/helpers.js';
import { PROGRAMME, startTestServer } from './helpers.js';

/**
 * A database that stops answering: every request is a 503 with Retry-After and a sentence (never a
 * stack trace, never the database's address), /healthz says ok:false, the CLI says what happened,
 * and the server serves again once the database is back.
 */
afterAll(cleanupTargets);

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('a PostgreSQL server that goes down under the programme server', () => {
  it.skipIf(!postgresAvailable())('answers 503 with Retry-After, the CLI says so clearly, and it recovers when PostgreSQL is back', async () => {
    // A cluster of its own: stopping the run's shared one would take every other test with it.
    const cluster = await startThrowawayPostgres();
    const problems: string[] = [];
    try {
      const url = await cluster.createDatabase();
      const passworded = url.replace('workshop@', 'workshop:s3cret-pw@');
      const server = await startTestServer('postgres', { target: { kind: 'postgres', location: passworded }, onProblem: (m) => problems.push(m) });
      try {
        const viewer = await server.token('viewer', 'Manager');
        expect((await server.call('/healthz')).status).toBe(200);
        await cluster.pause();

        const health = await server.call('/healthz');
        expect(health.status).toBe(503);
        expect(await health.json()).toMatchObject({ ok: false, engine: 'postgres', programme: PROGRAMME.id, reason: 'the database does not answer' });
        const report = await server.call(`/v1/programmes/${PROGRAMME.id}/report`, { token: viewer });
        expect(report.status).toBe(503);
        expect(report.headers.get('retry-after')).toBe('5');
        const body = await report.text();
        expect(JSON.parse(body)).toEqual({ error: 'database_unavailable', reason: 'the programme server cannot reach its database right now; nothing was changed. Try again in a moment' });
        expect(body).not.toMatch(/127\.0\.0\.1|s3cret/);
        expect(problems.join('\n')).toContain('cannot be reached');
        expect(problems.join('\n')).not.toContain('s3cret-pw');

        const cli = await workshop(['report', '--programme', PROGRAMME.id, '--server', server.url], { WORKSHOP_SERVER_TOKEN: viewer });
        expect(cli.code).toBe(1);
        expect(cli.stderr.trim()).toBe(`The programme server at ${server.url} cannot reach its database right now; nothing was changed. Try again in a moment, and if it lasts, tell whoever runs the server.`);
        noStack(cli.stderr);
        await expect(new ServerClient(server.url, undefined).health()).resolves.toMatchObject({ ok: false });

        await cluster.start();
        expect((await server.call('/healthz')).status).toBe(200);
        expect((await server.call(`/v1/programmes/${PROGRAMME.id}/report`, { token: viewer })).status).toBe(200);
      } finally {
        await server.close();
      }
    } finally {
      await cluster.stop();
    }
  }, 120_000);
});

describe('the embedded database failing under the programme server', () => {
  it('gives the same 503 answers (the engine error is the store’s DatabaseUnavailable)', async () => {
    const server = await startTestServer('embedded');
    const db = server.store.db as { query: Store['db']['query']; transaction: Store['db']['transaction'] };
    const { query, transaction } = db;
    try {
      const facilitator = await server.token('facilitator', 'Ken');
      const down = () => Promise.reject(new DatabaseUnavailable('The embedded database in /somewhere could not be opened (disk full).'));
      db.query = down;
      db.transaction = down;
      const upload = await server.call(`/v1/programmes/${PROGRAMME.id}/roster`, { method: 'POST', token: facilitator, body: { csv: 'email,name,team\na@example.com,A,B\n', file: 'r.csv' } });
      // The token cannot even be looked up: 503, not a 401 that would send the holder looking for a new token.
      expect(upload.status).toBe(503);
      expect(await upload.json()).toMatchObject({ error: 'database_unavailable' });
      expect((await server.call('/healthz')).status).toBe(503);
      db.query = query;
      db.transaction = transaction;
      expect((await server.call('/healthz')).status).toBe(200);
    } finally {
      db.query = query;
      db.transaction = transaction;
      await server.close();
    }
  });
});
