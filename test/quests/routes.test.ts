import { afterAll, describe, expect, it } from 'vitest';
import { questRoutes } from '../../facilitator/quests/routes.js';
import { QuestListResponse, QuestResponse, QuestShowResponse } from '../../src/protocol/quests.js';
import { ENGINES, cleanupTargets, engineAvailable } from '../support/engines.js';
import { PROGRAMME, everyRow, startTestServer } from '../server/helpers.js';
import { addParticipants } from './helpers.js';

/**
 * The quest routes' answers (issue 14): who may read and write, the lifecycle's refusals as
 * `{error, reason}` with 403/404/409, bad ids and bodies as 400, a Japanese submission of the largest
 * size taken, the failed-token limit shared with the rest of the server, and participants' writes
 * rate-limited per person. (The whole lifecycle through the CLI: cli-lifecycle.test.ts.)
 */
afterAll(cleanupTargets);

const base = `/v1/programmes/${PROGRAMME.id}/quests`;
const post = {
  title: 'Weekly sales summary',
  today: 'Copy numbers from three exports into a slide by hand',
  team: 'Sales',
  often: { times: 1, per: 'week' },
  minutesEach: 60,
  risk: 'low',
  sensitivity: 'internal',
};
const people = [
  { name: 'Aiko', email: 'aiko@example.com', team: 'Sales' },
  { name: 'Ben', email: 'ben@example.com', team: 'Finance' },
];

describe.each(ENGINES)('the quest routes on the %s engine', (kind) => {
  it.skipIf(!engineAvailable(kind))('list the newest first without the long texts, at most ?limit= of them (100 by default, all on request)', async () => {
    const server = await startTestServer(kind, { plugins: [questRoutes({ limits: { writeBurst: 1000 } })] });
    try {
      const tokens = await addParticipants(server.store, PROGRAMME.id, people);
      const aiko = tokens.get('aiko@example.com')!;
      for (let i = 0; i < 103; i += 1) expect((await server.call(base, { method: 'POST', token: aiko, body: { ...post, title: `Quest ${i + 1}` } })).status).toBe(201);
      const list = async (query = '') => {
        const response = await server.call(`${base}${query}`, { token: aiko });
        expect(response.status).toBe(200);
        const text = await response.text();
        return { text, answer: QuestListResponse.parse(JSON.parse(text)) };
      };
      const first = await list();
      expect(first.answer.total).toBe(103);
      expect(first.answer.limit).toBe(100);
      expect(first.answer.quests.map((q) => q.id).slice(0, 3)).toEqual([103, 102, 101]);
      expect(first.answer.quests).toHaveLength(100);
      // The task as done today is for `show`, not for lists.
      expect(first.text).not.toContain(post.today);
      expect((await list('?limit=2')).answer.quests.map((q) => q.title)).toEqual(['Quest 103', 'Quest 102']);
      expect((await list('?limit=all')).answer.quests).toHaveLength(103);
      expect((await server.call(`${base}?limit=0`, { token: aiko })).status).toBe(400);
      expect(QuestShowResponse.parse(await (await server.call(`${base}/1`, { token: aiko })).json()).quest.today).toBe(post.today);
    } finally {
      await server.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('answer 401, 403, 404, 409 and 400 as the rules say, and take a 20,000-character Japanese submission', async () => {
    const server = await startTestServer(kind, { plugins: [questRoutes()] });
    try {
      const tokens = await addParticipants(server.store, PROGRAMME.id, people);
      const aiko = tokens.get('aiko@example.com')!;
      const ben = tokens.get('ben@example.com')!;
      const viewer = await server.token('viewer');

      // 401: no token, a token nobody knows (either kind)
      expect((await server.call(base)).status).toBe(401);
      expect((await server.call(base, { token: 'x'.repeat(32) })).status).toBe(401);
      const unknown = await server.call(base, { token: `wst_${'A'.repeat(43)}` });
      expect(unknown.status).toBe(401);
      expect(await unknown.json()).toMatchObject({ error: 'unknown_token' });

      // 404: another programme (after the token), an unknown quest
      expect((await server.call(`/v1/programmes/other/quests`, { token: aiko })).status).toBe(404);
      const missing = await server.call(`${base}/99`, { token: aiko });
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ error: 'quest_not_found' });

      // 400: a bad id, a body that does not fit, an unknown state in the query
      expect(await (await server.call(`${base}/abc`, { token: aiko })).json()).toMatchObject({ error: 'invalid_quest_id' });
      expect((await server.call(`${base}/0/claim`, { method: 'POST', token: aiko, body: {} })).status).toBe(400);
      const bad = await server.call(base, { method: 'POST', token: aiko, body: { ...post, minutesEach: -1 } });
      expect(bad.status).toBe(400);
      expect((await bad.json()).reason).toMatch(/minutesEach/);
      expect((await server.call(`${base}?state=finished`, { token: aiko })).status).toBe(400);

      // 403: a viewer reads but does not write
      expect((await server.call(base, { token: viewer })).status).toBe(200);
      const readOnly = await server.call(base, { method: 'POST', token: viewer, body: post });
      expect(readOnly.status).toBe(403);
      expect(await readOnly.json()).toMatchObject({ error: 'read_only' });

      const created = await server.call(base, { method: 'POST', token: aiko, body: post });
      expect(created.status).toBe(201);
      const { quest } = QuestResponse.parse(await created.json());
      expect(quest).toMatchObject({ id: 1, state: 'open', postedBy: { name: 'Aiko', team: 'Sales' } });
      expect(JSON.stringify(quest)).not.toContain('aiko@example.com');

      // A list the server keeps is made again after any change.
      const listOf = async () => QuestListResponse.parse(await (await server.call(base, { token: viewer })).json()).quests.map((q) => [q.id, q.state]);
      expect(await listOf()).toEqual([[1, 'open']]);
      expect(await listOf()).toEqual([[1, 'open']]);

      // 409: submitting an open quest; 403: submitting someone else's claim
      expect(await (await server.call(`${base}/1/submit`, { method: 'POST', token: aiko, body: { kind: 'prompt', text: 'x', minutesAfter: 5 } })).json()).toMatchObject({ error: 'wrong_state' });
      expect((await server.call(`${base}/1/claim`, { method: 'POST', token: ben, body: {} })).status).toBe(200);
      expect(await listOf()).toEqual([[1, 'claimed']]);
      const notYours = await server.call(`${base}/1/submit`, { method: 'POST', token: aiko, body: { kind: 'prompt', text: 'x', minutesAfter: 5 } });
      expect(notYours.status).toBe(403);
      expect(await notYours.json()).toMatchObject({ error: 'not_claimer' });
      expect((await server.call(`${base}/1/claim`, { method: 'POST', token: aiko, body: {} })).status).toBe(409);
      // 404: a partner nobody knows
      expect((await server.call(base, { method: 'POST', token: aiko, body: post })).status).toBe(201);
      expect(await (await server.call(`${base}/2/claim`, { method: 'POST', token: aiko, body: { withEmail: 'nobody@example.com' } })).json()).toMatchObject({ error: 'unknown_partner' });

      // The largest submission the protocol takes, in Japanese, fits the body limit.
      const text = '議事録を要約して'.repeat(2500);
      expect(text.length).toBe(20_000);
      const big = await server.call(`${base}/1/submit`, { method: 'POST', token: ben, body: JSON.stringify({ kind: 'prompt', text, minutesAfter: 10 }).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) , headers: { 'Content-Type': 'application/json' } });
      expect(big.status).toBe(200);
      expect(QuestResponse.parse(await big.json()).quest.submission?.text).toBe(text);

      const list = QuestListResponse.parse(await (await server.call(`${base}?state=open,claimed&mine=1`, { token: aiko })).json());
      expect(list.quests.map((q) => q.id)).toEqual([2]);
      const shown = QuestShowResponse.parse(await (await server.call(`${base}/1`, { token: viewer })).json());
      expect(shown.history.map((e) => e.action)).toEqual(['post', 'claim', 'submit']);

      const rows = await everyRow(server.store);
      for (const secret of [aiko, ben, viewer, server.owner]) expect(rows).not.toContain(secret);
    } finally {
      await server.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('limit wrong tokens per address with the rest of the server, and participants’ writes per person', async () => {
    const server = await startTestServer(kind, { plugins: [questRoutes({ limits: { writeBurst: 3, writesPerSecond: 0.001 } })], authLimits: { badTokenBurst: 3, badTokensPerSecond: 0.001 } });
    try {
      const tokens = await addParticipants(server.store, PROGRAMME.id, people);
      const aiko = tokens.get('aiko@example.com')!;
      const ben = tokens.get('ben@example.com')!;
      for (let i = 0; i < 3; i += 1) expect((await server.call(base, { token: `guess-${i}-${'y'.repeat(30)}` })).status).toBe(401);
      const limited = await server.call(base, { token: `guess-x-${'y'.repeat(30)}` });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBeTruthy();
      // The same limiter as the facilitator routes: a wrong facilitator token elsewhere is refused too.
      expect((await server.call('/v1/whoami', { token: `wst_${'B'.repeat(43)}` })).status).toBe(429);

      for (let i = 0; i < 3; i += 1) expect((await server.call(base, { method: 'POST', token: aiko, body: post })).status).toBe(201);
      const slow = await server.call(base, { method: 'POST', token: aiko, body: post });
      expect(slow.status).toBe(429);
      expect(await slow.json()).toMatchObject({ error: 'rate_limited' });
      // Reads are not limited; another person is not held back by Aiko.
      expect((await server.call(base, { token: aiko })).status).toBe(200);
      expect((await server.call(base, { method: 'POST', token: ben, body: post })).status).toBe(201);
      // A facilitator is not limited.
      const facilitator = await server.token('facilitator');
      for (let i = 0; i < 5; i += 1) expect((await server.call(base, { method: 'POST', token: facilitator, body: post })).status).toBe(201);
    } finally {
      await server.close();
    }
  });
});
