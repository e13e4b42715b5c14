import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { questRoutes } from '../../facilitator/quests/routes.js';
import { QuestListResponse, QuestResponse, QuestShowResponse } from '../../src/protocol/quests.js';
import { type HubLink, writeHubLink } from '../../src/report/hub-link.js';
import { participantEnv } from '../hub/cli-helpers.js';
import { ENGINES, cleanupTargets, engineAvailable } from '../support/engines.js';
import { type CliResult, runWorkshop } from '../support/run-workshop.js';
import { PROGRAMME, everyRow, startTestServer } from '../server/helpers.js';
import { addParticipants } from './helpers.js';

/**
 * The whole quest lifecycle through the built CLI (`node bin/workshop.js quest …`), one config folder
 * per person with the hub link their join wrote, against a running programme server with an injected
 * clock, on each engine: post → list → claim as a pair → submit → the review rules → reuse → show
 * --json; the stale-claim rule by moving the clock; Japanese output; a hostile title printed as text;
 * and no token in any output or any database row.
 */
const dirs: string[] = [];
afterAll(async () => {
  await cleanupTargets();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const people = {
  aiko: { name: 'Aiko', email: 'aiko@example.com', team: 'Finance' },
  ben: { name: 'Ben', email: 'ben@example.com', team: 'Sales' },
  chika: { name: 'Chika', email: 'chika@example.com', team: 'Sales' },
  dan: { name: 'Dan', email: 'dan@example.com', team: 'HR' },
};
type Who = keyof typeof people;

describe.each(ENGINES)('workshop quest against a programme server on the %s engine', (kind) => {
  it.skipIf(!engineAvailable(kind))('takes a quest from post to a reviewed, reused win, and gives a stale claim back', { timeout: 240_000 }, async () => {
    const now = { t: new Date('2026-04-02T09:00:00.000Z') };
    const server = await startTestServer(kind, { plugins: [questRoutes({ clock: () => now.t })] });
    const outputs: CliResult[] = [];
    try {
      const tokens = await addParticipants(server.store, PROGRAMME.id, Object.values(people));
      const facilitatorToken = await server.token('facilitator', 'Fumi');
      const root = await mkdtemp(path.join(os.tmpdir(), 'workshop-quests-'));
      dirs.push(root);

      /** Each person's laptop: a config folder with the hub link `workshop join` wrote. Dan joined a date hosted on the server. */
      const envs = new Map<Who, NodeJS.ProcessEnv>();
      for (const who of Object.keys(people) as Who[]) {
        const env = await participantEnv(path.join(root, who), { LC_ALL: 'en_US.UTF-8', WORKSHOP_NO_SYNC: '1' });
        delete env.WORKSHOP_SERVER_TOKEN;
        const p = people[who];
        const hosted = who === 'dan';
        const link: HubLink = {
          schemaVersion: 1,
          hubUrl: hosted ? `${server.url}/s/2026-04-01` : 'http://192.0.2.10:4545',
          participantId: `p-${who}`,
          token: tokens.get(p.email)!,
          session: { id: '2026-04-01', title: 'Day one', programmeId: PROGRAMME.id },
          name: p.name,
          email: p.email,
          team: p.team,
          joinedAt: '2026-04-01T00:10:00.000Z',
          ...(hosted ? {} : { followUpUrl: `${server.url}/p` }),
        };
        await writeHubLink(link, env);
        envs.set(who, env);
      }
      const facilitatorEnv = await participantEnv(path.join(root, 'fumi'), { LC_ALL: 'en_US.UTF-8', WORKSHOP_SERVER_TOKEN: facilitatorToken, WORKSHOP_NO_SYNC: '1' });

      const run = async (who: Who | 'fumi', args: string[]) => {
        const extra = who === 'fumi' ? ['--server', server.url, '--programme', PROGRAMME.id] : [];
        const result = await runWorkshop(['quest', ...args, ...extra], { env: who === 'fumi' ? facilitatorEnv : envs.get(who)! });
        outputs.push(result);
        return result;
      };
      const ok = async (who: Who | 'fumi', args: string[]) => {
        const result = await run(who, args);
        expect(result.code, `${who}: quest ${args.join(' ')}\n${result.stderr}`).toBe(0);
        return result;
      };
      const json = async <T,>(schema: { parse(v: unknown): T }, who: Who | 'fumi', args: string[]) => schema.parse(JSON.parse((await ok(who, [...args, '--json'])).stdout));

      // post (flags, no TTY), and a post without its flags says which are missing (usage: 2)
      const missing = await run('aiko', ['post', '--title', 'Monthly close checklist']);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/--today/);
      expect(missing.stderr).toMatch(/--minutes-each/);
      const posted = await json(QuestResponse, 'aiko', ['post', '--title', 'Reconcile card payments', '--today', 'Match the card export to receipts by hand', '--often', '3/week', '--minutes-each', '30', '--risk', 'high', '--sensitivity', 'internal', '--benefit', 'Sales,HR']);
      expect(posted.quest).toMatchObject({ id: 1, state: 'open', team: 'Finance', often: { times: 3, per: 'week' }, benefitTeams: ['Sales', 'HR'], postedBy: { name: 'Aiko' } });
      expect((await run('aiko', ['post', '--title', 'x', '--today', 'y', '--often', 'sometimes', '--minutes-each', '5', '--risk', 'low', '--sensitivity', 'none'])).code).toBe(2);

      // A hostile title: terminal escapes removed, HTML kept as text.
      const hostile = '\u001b]0;pwned\u0007<script>alert(1)</script>\u001b[2J\u009b31mRed';
      await ok('ben', ['post', '--title', hostile, '--today', 'Copy the weekly numbers', '--often', 'weekly', '--minutes-each', '20', '--risk', 'low', '--sensitivity', 'none']);

      // list: human and JSON; Dan (a date hosted on the server) finds the same server from his hub link
      const listed = await ok('dan', ['list']);
      expect(listed.stdout).toMatch(/#1 \[open\] Reconcile card payments \(Finance\)/);
      expect(listed.stdout).toContain('<script>alert(1)</script>');
      expect(listed.stdout).not.toMatch(/[\u001b\u0007\u009b]/);
      expect((await json(QuestListResponse, 'ben', ['list', '--state', 'open'])).quests.map((q) => q.id).sort()).toEqual([1, 2]);

      // claim as a pair, submit from a file
      const claimed = await json(QuestResponse, 'ben', ['claim', '1', '--with', 'chika@example.com']);
      expect(claimed.quest.claimers.map((c) => c.name)).toEqual(['Ben', 'Chika']);
      expect((await run('dan', ['claim', '1'])).code).toBe(1);
      const file = path.join(root, 'prompt.md');
      await writeFile(file, 'Read card.csv and receipts/, list every payment without a receipt.\n');
      const submitted = await json(QuestResponse, 'chika', ['submit', '#1', '--kind', 'prompt', '--text-file', file, '--minutes-after', '5']);
      expect(submitted.quest).toMatchObject({ state: 'submitted', submission: { kind: 'prompt', minutesAfter: 5, by: { name: 'Chika' } } });

      // The review rules: not by a claimer, not by a participant for high risk; a facilitator's token passes it.
      expect((await run('dan', ['review', '1', '--note', 'ran it'])).code).toBe(2);
      const own = await run('ben', ['review', '1', '--approve', '--note', 'works for me']);
      expect(own.code).toBe(1);
      expect(own.stderr).toMatch(/claimed by you/);
      const participant = await run('dan', ['review', '1', '--approve', '--note', 'ran it on March']);
      expect(participant.code).toBe(1);
      expect(participant.stderr).toMatch(/facilitator or the programme owner/);
      const approved = await json(QuestResponse, 'fumi', ['review', '1', '--approve', '--note', "ran it on March's export: all 212 payments matched"]);
      expect(approved.quest).toMatchObject({ state: 'done', review: { verdict: 'approve', role: 'facilitator', by: { name: 'Fumi' } } });

      // reuse once, not by a claimer
      expect((await ok('aiko', ['reuse', '1'])).stdout).toMatch(/you use quest #1 too/);
      expect((await run('aiko', ['reuse', '1'])).code).toBe(1);
      expect((await run('chika', ['reuse', '1'])).code).toBe(1);

      const shown = await json(QuestShowResponse, 'dan', ['show', '1']);
      expect(shown.history.map((e) => [e.action, e.by.name])).toEqual([
        ['post', 'Aiko'],
        ['claim', 'Ben'],
        ['submit', 'Chika'],
        ['review', 'Fumi'],
        ['reuse', 'Aiko'],
      ]);
      expect(shown.reusers.map((p) => p.name)).toEqual(['Aiko']);
      expect(shown.quest.hours).toEqual({ perMonth: 10.8, minutesBefore: 30, minutesAfter: 5, timesPerMonth: 13, people: 2 });
      const human = await ok('dan', ['show', '1']);
      expect(human.stdout).toContain('[done]');
      expect(human.stdout).toContain('Hours saved: (30 − 5) min × 13 a month × 2 people = 10.8 h a month');

      // The stale-claim rule: a claim nobody touches for 14 days (the default) goes back to open.
      await ok('dan', ['claim', '2']);
      now.t = new Date(now.t.getTime() + 13 * 86_400_000);
      expect((await json(QuestListResponse, 'dan', ['list', '--mine'])).quests.map((q) => [q.id, q.state])).toEqual([[2, 'claimed']]);
      now.t = new Date(now.t.getTime() + 2 * 86_400_000);
      const after = await json(QuestShowResponse, 'ben', ['show', '2']);
      expect(after.quest.state).toBe('open');
      expect(after.history.map((e) => e.action)).toEqual(['post', 'claim', 'stale']);

      // Japanese
      const ja = await ok('chika', ['show', '1', '--lang', 'ja']);
      expect(ja.stdout).toContain('[完了]');
      expect(ja.stdout).toContain('削減時間: (30 − 5) 分 × 月 13 回 × 2 人 = 月 10.8 時間');
      const jaRefused = await run('chika', ['reuse', '1']);
      expect(jaRefused.code).toBe(1);
      expect(jaRefused.stderr).toMatch(/実行できませんでした/);

      // A venue hub with no programme server: one sentence, exit 1.
      const lonely = await participantEnv(path.join(root, 'lonely'), { LC_ALL: 'en_US.UTF-8', WORKSHOP_NO_SYNC: '1' });
      await writeHubLink({ schemaVersion: 1, hubUrl: 'http://192.0.2.10:4545', participantId: 'p-x', token: 'z'.repeat(32), session: { id: 'd', title: 'D' }, name: 'X', email: 'x@example.com', team: 'T', joinedAt: '2026-04-01T00:00:00.000Z' }, lonely);
      const none = await runWorkshop(['quest', 'list'], { env: lonely });
      expect(none.code).toBe(1);
      expect(none.stderr.trim().split('\n')).toHaveLength(1);
      expect(none.stderr).toMatch(/Quests live on the programme server/);

      // No token anywhere: not in what was printed, not in the database.
      const secrets = [...tokens.values(), facilitatorToken, server.owner];
      const printed = outputs.map((o) => o.stdout + o.stderr).join('\n');
      for (const secret of secrets) expect(printed).not.toContain(secret);
      const rows = await everyRow(server.store);
      for (const secret of secrets) expect(rows).not.toContain(secret);
      // Quests keep people as opaque keys with a name and team, never their email.
      const questRows = JSON.stringify([...(await server.store.db.query('select * from quests')), ...(await server.store.db.query('select * from quest_events')), ...(await server.store.db.query('select * from quest_reuses'))]);
      for (const p of Object.values(people)) expect(questRows).not.toContain(p.email);
    } finally {
      await server.close();
    }
  });
});
