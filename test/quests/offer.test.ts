import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { questRoutes } from '../../facilitator/quests/routes.js';
import { offerQuest } from '../../src/quests/offer.js';
import type { Asker } from '../../src/quests/ask.js';
import { type HubLink, writeHubLink } from '../../src/report/hub-link.js';
import { participantEnv } from '../hub/cli-helpers.js';
import { cleanupTargets } from '../support/engines.js';
import { repoRoot, runWorkshop } from '../support/run-workshop.js';
import { PROGRAMME, startTestServer } from '../server/helpers.js';
import { addParticipants } from './helpers.js';

/**
 * `workshop share` and the own-task exercise offer to post the task as a quest (issue 14): `--quest`
 * posts it (already done when the person saves time with it), without a terminal one line says the
 * command, on a terminal a yes/no question defaulting to no; and a server that does not answer never
 * fails the share.
 */
const dirs: string[] = [];
afterAll(async () => {
  await cleanupTargets();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function laptop(root: string, name: string, link: Partial<HubLink> & Pick<HubLink, 'hubUrl' | 'token'>): Promise<NodeJS.ProcessEnv> {
  const env = await participantEnv(path.join(root, name), { LC_ALL: 'en_US.UTF-8', WORKSHOP_NO_SYNC: '1' });
  delete env.WORKSHOP_SERVER_TOKEN;
  await writeHubLink({ schemaVersion: 1, participantId: `p-${name}`, session: { id: '2026-04-01', title: 'Day one', programmeId: PROGRAMME.id }, name: 'Aiko', email: 'aiko@example.com', team: 'Finance', joinedAt: '2026-04-01T00:10:00.000Z', ...link }, env);
  return env;
}

const share = ['share', '--what', 'Weekly status e-mail to my manager', '--team', 'Finance', '--frequency', 'weekly', '--minutes', '30', '--risk', 'low', '--reusable', 'yes'];

describe('the offer to post a shared task as a quest', () => {
  it('posts with --quest, says the command without a terminal, and never fails the share when the server is away', { timeout: 120_000 }, async () => {
    const server = await startTestServer('embedded', { plugins: [questRoutes()] });
    try {
      const tokens = await addParticipants(server.store, PROGRAMME.id, [{ name: 'Aiko', email: 'aiko@example.com', team: 'Finance' }]);
      const root = await mkdtemp(path.join(os.tmpdir(), 'workshop-offer-'));
      dirs.push(root);
      const token = tokens.get('aiko@example.com')!;
      const env = await laptop(root, 'aiko', { hubUrl: 'http://192.0.2.10:4545', followUpUrl: `${server.url}/p`, token });

      // --quest: posted as already done (30 min saved a week on a weekly 45-minute task: 15 minutes now)
      const posted = await runWorkshop([...share, '--quest', '--minutes-each', '45', '--sensitivity', 'internal', '--json'], { env });
      expect(posted.code, posted.stderr).toBe(0);
      const answer = JSON.parse(posted.stdout);
      expect(answer).toMatchObject({ recorded: true, quest: { status: 'posted', id: 1 } });
      expect(posted.stderr).toMatch(/Posted as quest #1: a second person reviews it next/);
      const [quest] = await server.store.listQuests(PROGRAMME.id);
      expect(quest).toMatchObject({ title: 'Weekly status e-mail to my manager', state: 'submitted', minutesEach: 45, submission: { minutesAfter: 15 }, postedBy: { name: 'Aiko' } });

      // --quest without the minutes before: one line naming what it needs; the share stands.
      const incomplete = await runWorkshop([...share, '--quest', '--sensitivity', 'internal'], { env });
      expect(incomplete.code).toBe(0);
      expect(incomplete.stdout).toMatch(/Thank you!/);
      expect(incomplete.stderr).toMatch(/Not posted as a quest: it also needs --minutes-each N/);

      // No terminal, no --quest: one line with the command to run.
      const told = await runWorkshop(share, { env });
      expect(told.code).toBe(0);
      expect(told.stderr.trim()).toBe('To post this task as a quest on the programme server: workshop quest post --done');

      // The server is away: one line, the share is recorded and the command succeeds.
      await server.app.close();
      const away = await runWorkshop([...share, '--quest', '--minutes-each', '45', '--sensitivity', 'internal'], { env });
      expect(away.code).toBe(0);
      expect(away.stdout).toMatch(/Thank you!/);
      expect(away.stderr.trim().split('\n')).toHaveLength(1);
      expect(away.stderr).toMatch(/Not posted as a quest \(Cannot reach the programme server/);
      const events = await readFile(path.join(env.WORKSHOP_HOME!, 'events.jsonl'), 'utf8');
      expect(events.trim().split('\n').filter((l) => l.includes('usecase.shared'))).toHaveLength(4);
      for (const output of [posted, incomplete, told, away]) expect(output.stdout + output.stderr).not.toContain(token);

      // A venue hub with no programme server: no offer at all.
      const lonely = await laptop(root, 'lonely', { hubUrl: 'http://192.0.2.10:4545', token: 'z'.repeat(32) });
      const quiet = await runWorkshop(share, { env: lonely });
      expect(quiet.code).toBe(0);
      expect(quiet.stderr).toBe('');
    } finally {
      await server.store.close().catch(() => undefined);
    }
  });

  it('offers the own task: posted as done from my-task.md with --quest, the use case not recorded twice', { timeout: 120_000 }, async () => {
    const server = await startTestServer('embedded', { plugins: [questRoutes()] });
    try {
      const tokens = await addParticipants(server.store, PROGRAMME.id, [{ name: 'Aiko', email: 'aiko@example.com', team: 'Finance' }]);
      const root = await mkdtemp(path.join(os.tmpdir(), 'workshop-offer-own-'));
      dirs.push(root);
      const env = await laptop(root, 'aiko', { hubUrl: `${server.url}/s/2026-04-01`, token: tokens.get('aiko@example.com')! });
      const folder = path.join(root, 'aiko', 'codex-workshop', '08-own-task');
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, 'my-task.md'), await readFile(path.join(repoRoot, 'exercises', '08-own-task', 'solution', 'my-task.md'), 'utf8'));
      const passed = { id: '00000000-0000-4000-8000-0000000000b1', ts: '2026-04-01T02:00:00.000Z', type: 'exercise.graded', exerciseId: '08-own-task', passed: true, score: 7, maxScore: 7, noChange: false, failingChecks: [], attempt: 1, codexSessions: 1, changedAfterCodex: true };
      await writeFile(path.join(env.WORKSHOP_HOME!, 'events.jsonl'), `${JSON.stringify(passed)}\n`);

      // After the exercise (no terminal): shared automatically, and one line says how to post it as a quest.
      const { maybeShareOwnTask } = await import('../../src/share/own-task.js');
      const lines: string[] = [];
      const write = process.stderr.write;
      process.stderr.write = ((chunk: string) => lines.push(String(chunk)) > 0) as typeof process.stderr.write;
      try {
        expect(await maybeShareOwnTask(env, { offerQuest: true })).toBe('shared');
      } finally {
        process.stderr.write = write;
      }
      expect(lines.join('')).toContain('To post this task as a quest on the programme server: workshop share --from-own-task 08-own-task --quest');

      const posted = await runWorkshop(['share', '--from-own-task', '08-own-task', '--quest', '--sensitivity', 'internal', '--json'], { env });
      expect(posted.code, posted.stderr).toBe(0);
      expect(JSON.parse(posted.stdout)).toMatchObject({ recorded: false, quest: { status: 'posted', id: 1 } });
      const [quest] = await server.store.listQuests(PROGRAMME.id);
      expect(quest).toMatchObject({ title: "Weekly status e-mail to my manager summarising last week's customer calls", often: { times: 1, per: 'week' }, minutesEach: 45, risk: 'low', state: 'submitted', submission: { minutesAfter: 20 } });
      const events = await readFile(path.join(env.WORKSHOP_HOME!, 'events.jsonl'), 'utf8');
      expect(events.split('\n').filter((l) => l.includes('usecase.shared'))).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('asks on a terminal, with no as the default, and posts an open quest when nothing is saved yet', { timeout: 60_000 }, async () => {
    const server = await startTestServer('embedded', { plugins: [questRoutes()] });
    try {
      const tokens = await addParticipants(server.store, PROGRAMME.id, [{ name: 'Aiko', email: 'aiko@example.com', team: 'Finance' }]);
      const root = await mkdtemp(path.join(os.tmpdir(), 'workshop-offer-tty-'));
      dirs.push(root);
      const env = await laptop(root, 'aiko', { hubUrl: 'http://192.0.2.10:4545', followUpUrl: `${server.url}/p`, token: tokens.get('aiko@example.com')! });
      const asked: Array<[string, boolean]> = [];
      const asker = (answer: boolean): Asker => ({
        yesNo: async (message, fallback) => (asked.push([message, fallback]), answer),
        text: async () => 'x',
        often: async () => ({ times: 2, per: 'month' }),
        minutes: async () => 50,
        risk: async () => 'medium',
        sensitivity: async () => 'none',
        kind: async () => 'prompt',
      });
      const lines: string[] = [];
      const draft = { title: 'Invoice chasing', today: 'Write each reminder by hand', team: 'Finance' };
      expect(await offerQuest(draft, { command: 'workshop quest post', env, isInteractive: true, asker: asker(false), write: (l) => lines.push(l) })).toEqual({ status: 'declined' });
      expect(asked[0]).toEqual([expect.stringMatching(/Post this task as a quest/), false]);
      expect(await server.store.listQuests(PROGRAMME.id)).toEqual([]);
      expect(await offerQuest(draft, { command: 'workshop quest post', env, isInteractive: true, asker: asker(true), write: (l) => lines.push(l) })).toEqual({ status: 'posted', id: 1, done: false });
      const [quest] = await server.store.listQuests(PROGRAMME.id);
      expect(quest).toMatchObject({ state: 'open', often: { times: 2, per: 'month' }, minutesEach: 50, risk: 'medium', sensitivity: 'none' });
    } finally {
      await server.close();
    }
  });
});
