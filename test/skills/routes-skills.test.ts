import { afterAll, describe, expect, it } from 'vitest';
import { skillRoutes } from '../../facilitator/skills/routes.js';
import { PublishResponse, SkillListResponse, SkillRefusal, SkillShowResponse, SkillUsesResponse } from '../../src/protocol/skills.js';
import { addParticipants } from '../quests/helpers.js';
import { PROGRAMME, everyRow, startTestServer } from '../server/helpers.js';
import { ENGINES, cleanupTargets, engineAvailable } from '../support/engines.js';

/**
 * The skills routes (issue 15) on each engine: publish → pending → approved by a facilitator; the
 * refusals (a participant reviewing, someone else's name, the same files again, a version already
 * reviewed, a viewer publishing, a quest that does not exist); what each person may list and see;
 * the server's own checks (a secret refused by file and line, never stored nor echoed); installs
 * and consented uses recorded.
 */
afterAll(cleanupTargets);

const base = `/v1/programmes/${PROGRAMME.id}`;
const b64 = (text: string) => Buffer.from(text).toString('base64');
const skillMd = (name: string, description: string, body = 'Read the export and summarise it.\n') => `---\nname: ${name}\ndescription: ${description}\n---\n${body}`;
const publishBody = (files: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  files: Object.entries(files).map(([path, text]) => ({ path, content: b64(text), executable: path.endsWith('.sh') })),
  ...extra,
});
const people = [
  { name: 'Aiko', email: 'aiko@example.com', team: 'Finance' },
  { name: 'Ben', email: 'ben@example.com', team: 'Sales' },
];
// Assembled so this file holds no secret-shaped text itself.
const FAKE_KEY = ['sk-proj', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z'].join('-');

describe.each(ENGINES)('the skills routes on the %s engine', (kind) => {
  it.skipIf(!engineAvailable(kind))('publish → pending → approved by a facilitator, with every refusal the rules make', async () => {
    const server = await startTestServer(kind, { plugins: [skillRoutes()] });
    try {
      const tokens = await addParticipants(server.store, PROGRAMME.id, people);
      const aiko = tokens.get('aiko@example.com')!;
      const ben = tokens.get('ben@example.com')!;
      const facilitator = await server.token('facilitator');
      const viewer = await server.token('viewer');
      const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as any });

      // No token, a viewer publishing: refused.
      expect((await server.call(`${base}/skills`)).status).toBe(401);
      const files = { 'SKILL.md': skillMd('expense-summary', 'Summarise a card export'), 'scripts/run.sh': '#!/bin/sh\necho hi\n' };
      expect((await json(await server.call(`${base}/skills`, { method: 'POST', token: viewer, body: publishBody(files) }))).body.error).toBe('viewer_cannot_publish');

      // Aiko publishes: version 1, pending, the script flagged, her team by default.
      const first = await json(await server.call(`${base}/skills`, { method: 'POST', token: aiko, body: publishBody(files) }));
      expect(first.status).toBe(201);
      const published = PublishResponse.parse(first.body);
      expect(published.version).toMatchObject({ version: 1, state: 'pending', scripts: ['scripts/run.sh'] });
      expect(published.version.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(published.skill).toMatchObject({ name: 'expense-summary', team: 'Finance', author: { name: 'Aiko' } });

      // Pending: Ben (another participant) and a viewer do not list it; the facilitator and Aiko see it.
      expect(SkillListResponse.parse((await json(await server.call(`${base}/skills`, { token: ben }))).body).skills).toEqual([]);
      expect(SkillListResponse.parse((await json(await server.call(`${base}/skills`, { token: viewer }))).body).skills).toEqual([]);
      expect(SkillListResponse.parse((await json(await server.call(`${base}/skills`, { token: facilitator }))).body).skills.map((s) => s.latestState)).toEqual(['pending']);
      // Ben learns only that it waits for review (so an install can say so), not what is in it.
      const forBen = SkillShowResponse.parse((await json(await server.call(`${base}/skills/expense-summary`, { token: ben }))).body);
      expect(forBen.skill.latestState).toBe('pending');
      expect(forBen.versions).toEqual([]);
      expect(SkillShowResponse.parse((await json(await server.call(`${base}/skills/expense-summary`, { token: aiko }))).body).versions).toHaveLength(1);

      // Someone else's name: taken. The same files again: nothing new.
      const taken = await json(await server.call(`${base}/skills`, { method: 'POST', token: ben, body: publishBody({ 'SKILL.md': skillMd('expense-summary', 'Mine now') }) }));
      expect([taken.status, taken.body.error]).toEqual([409, 'name_taken']);
      const same = await json(await server.call(`${base}/skills`, { method: 'POST', token: aiko, body: publishBody(files) }));
      expect([same.status, same.body.error]).toEqual([409, 'nothing_new']);

      // Reviews: not by a participant (not even a viewer), not of a name that does not exist.
      const review = { version: 1, verdict: 'approve', note: 'Tried it on the March export' };
      expect((await json(await server.call(`${base}/skills/expense-summary/review`, { method: 'POST', token: ben, body: review }))).status).toBe(403);
      expect((await json(await server.call(`${base}/skills/expense-summary/review`, { method: 'POST', token: aiko, body: review }))).body.error).toBe('review_needs_facilitator');
      expect((await server.call(`${base}/skills/expense-summary/review`, { method: 'POST', token: viewer, body: review })).status).toBe(403);
      expect((await server.call(`${base}/skills/nope/review`, { method: 'POST', token: facilitator, body: review })).status).toBe(404);
      expect((await server.call(`${base}/skills/expense-summary/review`, { method: 'POST', token: facilitator, body: { ...review, version: 9 } })).status).toBe(404);
      const approved = await json(await server.call(`${base}/skills/expense-summary/review`, { method: 'POST', token: facilitator, body: review }));
      expect(approved.status).toBe(200);
      expect(PublishResponse.parse(approved.body).version).toMatchObject({ state: 'approved', review: { verdict: 'approve', note: review.note } });
      const again = await json(await server.call(`${base}/skills/expense-summary/review`, { method: 'POST', token: facilitator, body: { ...review, verdict: 'reject' } }));
      expect([again.status, again.body.error]).toEqual([409, 'not_pending']);

      // Approved: Ben and the viewer see it now.
      expect(SkillListResponse.parse((await json(await server.call(`${base}/skills`, { token: ben }))).body).skills.map((s) => s.approvedVersion)).toEqual([1]);
      expect(SkillListResponse.parse((await json(await server.call(`${base}/skills`, { token: viewer }))).body).skills).toHaveLength(1);

      // Version 2 by Aiko, rejected: Ben still sees version 1 only; the facilitator sees both.
      const second = await json(await server.call(`${base}/skills`, { method: 'POST', token: aiko, body: publishBody({ ...files, 'SKILL.md': skillMd('expense-summary', 'Summarise a card export, by month') }) }));
      expect(PublishResponse.parse(second.body).version.version).toBe(2);
      const rejected = await json(await server.call(`${base}/skills/expense-summary/review`, { method: 'POST', token: facilitator, body: { version: 2, verdict: 'reject', note: 'The script writes outside the folder' } }));
      expect(PublishResponse.parse(rejected.body).version.state).toBe('rejected');
      expect(SkillShowResponse.parse((await json(await server.call(`${base}/skills/expense-summary`, { token: ben }))).body).versions.map((v) => v.version)).toEqual([1]);
      const shown = SkillShowResponse.parse((await json(await server.call(`${base}/skills/expense-summary`, { token: facilitator }))).body);
      expect(shown.versions.map((v) => [v.version, v.state])).toEqual([
        [1, 'approved'],
        [2, 'rejected'],
      ]);
      // Versions come without their contents.
      expect(JSON.stringify(shown)).not.toContain(b64('#!/bin/sh\necho hi\n'));

      // Installs and consented uses.
      expect((await json(await server.call(`${base}/skills/expense-summary/installs`, { method: 'POST', token: ben, body: { action: 'install', version: 1 } }))).body).toEqual({ recorded: true });
      expect((await server.call(`${base}/skills/nope/installs`, { method: 'POST', token: ben, body: { action: 'install', version: 1 } })).status).toBe(404);
      const uses = await json(await server.call(`${base}/skill-uses`, { method: 'POST', token: ben, body: { days: [{ day: '2026-04-10', counts: { 'expense-summary': 3, 'not-ours': 2 } }] } }));
      expect(SkillUsesResponse.parse(uses.body)).toEqual({ stored: 1, unknown: ['not-ours'] });
      const counted = SkillShowResponse.parse((await json(await server.call(`${base}/skills/expense-summary`, { token: facilitator }))).body).skill;
      expect(counted).toMatchObject({ installs: { people: 1, byTeam: { Sales: 1 } }, uses: 3 });

      // Search: by team, by words (width and case ignored).
      const search = async (query: string) => SkillListResponse.parse((await json(await server.call(`${base}/skills?${query}`, { token: ben }))).body).skills.map((s) => s.name);
      expect(await search('team=finance')).toEqual(['expense-summary']);
      expect(await search('team=Sales')).toEqual([]);
      expect(await search(`q=${encodeURIComponent('ＣＡＲＤ export')}`)).toEqual(['expense-summary']);
      expect(await search('q=invoice')).toEqual([]);

      // A facilitator may publish a new version of anyone's skill.
      const byFacilitator = await json(await server.call(`${base}/skills`, { method: 'POST', token: facilitator, body: publishBody({ 'SKILL.md': skillMd('expense-summary', 'Summarise a card export (fixed)') }) }));
      expect(byFacilitator.status).toBe(201);
      // Nor can a facilitator approve a skill they published: a skill of their own is reviewed by someone else.
      const own = await json(await server.call(`${base}/skills`, { method: 'POST', token: facilitator, body: publishBody({ 'SKILL.md': skillMd('meeting-notes', 'Turn notes into minutes') }, { team: 'Ops' }) }));
      expect(own.status).toBe(201);
      const ownReview = await json(await server.call(`${base}/skills/meeting-notes/review`, { method: 'POST', token: facilitator, body: { version: 1, verdict: 'approve', note: 'mine' } }));
      expect([ownReview.status, ownReview.body.error]).toEqual([403, 'own_skill']);
      expect((await server.call(`${base}/skills/meeting-notes/review`, { method: 'POST', token: server.owner, body: { version: 1, verdict: 'approve', note: 'read it' } })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('checks what arrives again: a secret is refused by file and line, never echoed nor stored; a quest must exist', async () => {
    const server = await startTestServer(kind, { plugins: [skillRoutes()] });
    try {
      const tokens = await addParticipants(server.store, PROGRAMME.id, people);
      const aiko = tokens.get('aiko@example.com')!;
      const leaky = publishBody({ 'SKILL.md': skillMd('leaky', 'Calls the API', `Use this key:\n\n${FAKE_KEY}\n`), 'notes.md': 'See [the config](../../etc/passwd)\n' });
      const response = await server.call(`${base}/skills`, { method: 'POST', token: aiko, body: leaky });
      expect(response.status).toBe(422);
      const text = await response.text();
      expect(text).not.toContain(FAKE_KEY);
      const refusal = SkillRefusal.parse(JSON.parse(text));
      expect(refusal.problems).toEqual([
        { code: 'secret', file: 'SKILL.md', line: 7, values: { kind: 'openai-key' } },
        { code: 'link-outside', file: 'notes.md', line: 1, values: {} },
      ]);
      // No name in SKILL.md, a path climbing out: the same checks as on the laptop.
      const bad = await server.call(`${base}/skills`, { method: 'POST', token: aiko, body: publishBody({ 'SKILL.md': '---\ndescription: x\n---\n' }) });
      expect(SkillRefusal.parse(await bad.json()).problems.map((p) => p.code)).toEqual(['name-missing']);
      expect((await server.call(`${base}/skills`, { method: 'POST', token: aiko, body: publishBody({ 'SKILL.md': skillMd('a', 'b'), '../x': 'y' }) })).status).toBe(400);
      // A quest of the programme, or nothing.
      const noQuest = await server.call(`${base}/skills`, { method: 'POST', token: aiko, body: publishBody({ 'SKILL.md': skillMd('fine', 'Fine') }, { questId: 42 }) });
      expect([noQuest.status, ((await noQuest.json()) as { error: string }).error]).toEqual([400, 'unknown_quest']);
      expect(await server.store.listSkills(PROGRAMME.id)).toEqual([]);
      const rows = await everyRow(server.store);
      expect(rows).not.toContain(FAKE_KEY);
      for (const token of tokens.values()) expect(rows).not.toContain(token);
    } finally {
      await server.close();
    }
  });

  it.skipIf(!engineAvailable(kind))('takes a skill of the largest total size allowed, and answers 413 to a body far over it', async () => {
    const server = await startTestServer(kind, { plugins: [skillRoutes()] });
    try {
      const tokens = await addParticipants(server.store, PROGRAMME.id, people);
      const aiko = tokens.get('aiko@example.com')!;
      // Four files of just under 1 MiB: the whole skill just under SKILL_LIMITS.totalBytes (4 MiB), 5.3 MiB as base64.
      const big = 'x'.repeat(1024 * 1024 - 1024) + '\n';
      const files: Record<string, string> = { 'SKILL.md': skillMd('big-one', 'Large references') };
      for (let i = 0; i < 4; i += 1) files[`references/part-${i}.txt`] = big;
      const response = await server.call(`${base}/skills`, { method: 'POST', token: aiko, body: publishBody(files) });
      expect(response.status).toBe(201);
      files['references/part-4.txt'] = big;
      files['references/part-5.txt'] = big;
      const tooBig = await server.call(`${base}/skills`, { method: 'POST', token: aiko, body: publishBody(files) });
      expect([tooBig.status, ((await tooBig.json()) as { error: string }).error]).toEqual([413, 'body_too_large']);
    } finally {
      await server.close();
    }
  });
});
