import { afterAll, describe, expect, it } from 'vitest';
import { questRoutes } from '../../facilitator/quests/routes.js';
import { QuestResponse } from '../../src/protocol/quests.js';
import { ENGINES, cleanupTargets, engineAvailable } from '../support/engines.js';
import { runWorkshop } from '../support/run-workshop.js';
import { PROGRAMME, startTestServer } from '../server/helpers.js';
import { addParticipants } from './helpers.js';

/**
 * `workshop server token add --email`: a facilitator token linked to a person acts as that person in
 * quests, so a facilitator who claimed a quest as a participant cannot pass its review with their
 * token. The email goes to the server in the request body and is never printed back.
 */
afterAll(cleanupTargets);

const base = `/v1/programmes/${PROGRAMME.id}/quests`;

describe.each(ENGINES)('a token linked to a person on the %s engine', (kind) => {
  it.skipIf(!engineAvailable(kind))('acts as that person in quests, and the email is never shown back', { timeout: 60_000 }, async () => {
    const server = await startTestServer(kind, { plugins: [questRoutes()] });
    try {
      const tokens = await addParticipants(server.store, PROGRAMME.id, [
        { name: 'Fumi', email: 'fumi@example.com', team: 'L&D' },
        { name: 'Aiko', email: 'aiko@example.com', team: 'Finance' },
      ]);
      const env = { ...process.env, WORKSHOP_SERVER_TOKEN: server.owner, NO_COLOR: '1', CI: '1', WORKSHOP_NO_SYNC: '1' };
      const bad = await runWorkshop(['server', 'token', 'add', '--name', 'Fumi', '--role', 'facilitator', '--email', 'not-an-email', '--server', server.url], { env });
      expect(bad.code).toBe(2);
      expect(bad.stderr).not.toContain('not-an-email');
      const added = await runWorkshop(['server', 'token', 'add', '--name', 'Fumi', '--role', 'facilitator', '--email', 'Fumi@Example.com', '--server', server.url, '--json'], { env });
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout + added.stderr).not.toMatch(/fumi@example\.com/i);
      const { token, linkedToPerson } = JSON.parse(added.stdout) as { token: string; linkedToPerson?: boolean };
      expect(linkedToPerson).toBe(true);
      const listed = await runWorkshop(['server', 'token', 'list', '--server', server.url, '--json'], { env });
      expect(listed.stdout).not.toMatch(/fumi@example\.com/i);

      // Fumi claims a high-risk quest with her join token, submits it, and cannot review it with her facilitator token.
      const fumiJoin = tokens.get('fumi@example.com')!;
      const body = { title: 'Payroll check', today: 'By hand', team: 'HR', often: { times: 1, per: 'month' }, minutesEach: 90, risk: 'high', sensitivity: 'personal' };
      await server.call(base, { method: 'POST', token: tokens.get('aiko@example.com')!, body });
      expect((await server.call(`${base}/1/claim`, { method: 'POST', token: fumiJoin, body: {} })).status).toBe(200);
      expect((await server.call(`${base}/1/submit`, { method: 'POST', token: fumiJoin, body: { kind: 'script', text: 'run check.py', minutesAfter: 10 } })).status).toBe(200);
      const own = await server.call(`${base}/1/review`, { method: 'POST', token, body: { verdict: 'approve', note: 'works' } });
      expect(own.status).toBe(403);
      expect(await own.json()).toMatchObject({ error: 'own_review' });
      // An unlinked facilitator token may.
      const other = await server.token('facilitator');
      const passed = await server.call(`${base}/1/review`, { method: 'POST', token: other, body: { verdict: 'approve', note: 'ran it on last month' } });
      expect(QuestResponse.parse(await passed.json()).quest.state).toBe('done');
      const changes = await server.store.db.query<{ detail: unknown }>("select detail from changes where action = 'token.add'");
      expect(changes.length).toBeGreaterThan(0);
      expect(JSON.stringify(changes)).not.toMatch(/fumi@example\.com/i);
    } finally {
      await server.close();
    }
  });
});
