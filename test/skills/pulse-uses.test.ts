import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { pulseSkillUses } from '../../src/skills/pulse-uses.js';
import { writeSkillsState } from '../../src/skills/skills-state.js';
import { addParticipants } from '../quests/helpers.js';
import { PROGRAMME, startTestServer, type TestServer } from '../server/helpers.js';
import { cleanupTargets, engineAvailable } from '../support/engines.js';
import { putSkill } from './helpers.js';
import { skillRoutes } from '../../facilitator/skills/routes.js';

/** The pulse sends company-skill use counts (names only) to the programme server with the join token. */
afterAll(cleanupTargets);

let root: string | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (root) await fs.rm(root, { recursive: true, force: true });
});

it.skipIf(!engineAvailable('embedded'))('counts sessions per day and skill from the logs and the server stores them; nothing for a laptop without the marketplace', async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'pulse-skills-'));
  const env = { ...process.env, WORKSHOP_HOME: path.join(root, 'w'), CODEX_HOME: path.join(root, 'codex') };
  server = await startTestServer('embedded', { plugins: [skillRoutes()] });
  await putSkill(server.store, PROGRAMME.id, { name: 'expense-summary' });
  const token = (await addParticipants(server.store, PROGRAMME.id, [{ name: 'Chie', email: 'chie@example.com', team: 'Sales' }])).get('chie@example.com')!;
  await fs.mkdir(env.WORKSHOP_HOME, { recursive: true });
  await fs.writeFile(path.join(env.WORKSHOP_HOME, 'hub.json'), JSON.stringify({ schemaVersion: 1, hubUrl: 'http://192.0.2.1:4545', followUpUrl: `${server.url}/p`, participantId: 'p1', token, session: { id: '2026-04-01', title: 'Day one', programmeId: PROGRAMME.id }, name: 'Chie', email: 'chie@example.com', team: 'Sales', joinedAt: '2026-04-01T00:10:00.000Z' }));

  const explicit = await fs.readFile(path.resolve('test/fixtures/skill-rollouts/169-explicit-full.jsonl'), 'utf8');
  const d = new Date(JSON.parse(explicit.split('\n')[0]!).payload.timestamp);
  const day = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  const dir = path.join(env.CODEX_HOME, 'sessions', day.slice(0, 4), day.slice(5, 7), day.slice(8, 10));
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, 'rollout-x.jsonl'), explicit);

  expect(await pulseSkillUses(env, day, day)).toBeUndefined();
  await writeSkillsState({ schemaVersion: 1, marketplace: { name: 'spring-skills', etag: '"e"', fetchedAt: day, generatedAt: day, skills: [] }, registered: true, installed: {} }, env);
  const outcome = await pulseSkillUses(env, day, day);
  expect(outcome).toEqual({ marketplace: 'spring-skills', days: [{ day, counts: { 'expense-summary': 1 } }], sent: true });
  expect((await server.store.getSkill(PROGRAMME.id, 'expense-summary'))?.skill.uses).toBe(1);
  // Sent again (the next pulse): the day is replaced, not added.
  await pulseSkillUses(env, day, day);
  expect((await server.store.getSkill(PROGRAMME.id, 'expense-summary'))?.skill.uses).toBe(1);

  await server.close();
  server = undefined;
  const offline = await pulseSkillUses(env, day, day);
  expect(offline).toMatchObject({ sent: false, why: expect.stringMatching(/listening/) });
  expect(JSON.stringify(offline)).not.toContain(token);
});
