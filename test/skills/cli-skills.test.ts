import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skillRoutes } from '../../facilitator/skills/routes.js';
import { PublishResponse, SkillListResponse, SkillProblem, SkillReviewResponse, SkillShowResponse } from '../../src/protocol/skills.js';
import { writeHubLink } from '../../src/report/hub-link.js';
import { addParticipants } from '../quests/helpers.js';
import { PROGRAMME, type TestServer, startTestServer } from '../server/helpers.js';
import { cleanupTargets, engineAvailable } from '../support/engines.js';
import { type CliResult, runWorkshop } from '../support/run-workshop.js';

/**
 * `workshop skills` through the built CLI against a running programme server (issue 15): a
 * participant publishes, a facilitator reviews, a colleague lists and searches; a SKILL.md holding an
 * API key is refused on the laptop with its file and line and nothing reaches the server; --json
 * answers parse with the protocol's schemas; no token appears in any output.
 */
const kind = 'embedded' as const;
// Assembled at run time: this file holds no secret-shaped text.
const FAKE_KEY = ['sk-proj', 'Zq8Rw2Lk5Tn7Vb3Xc9Md4Pf6Hg1Js0Aa'].join('-');

let server: TestServer;
let root: string;
let facilitator: string;
const outputs: string[] = [];
const envs: Record<'aiko' | 'ben' | 'fac', NodeJS.ProcessEnv> = { aiko: {}, ben: {}, fac: {} };
const tokens: string[] = [];

async function run(who: keyof typeof envs, args: string[]): Promise<CliResult> {
  const result = await runWorkshop(['skills', ...args], { env: envs[who], timeoutMs: 60_000 });
  outputs.push(result.stdout, result.stderr);
  return result;
}

function baseEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, WORKSHOP_HOME: home, NO_COLOR: '1', CI: '1', WORKSHOP_NO_SYNC: '1', LANG: 'en_US.UTF-8' };
  delete env.WORKSHOP_SERVER_TOKEN;
  return env;
}

async function skillFolder(name: string, skillMd: string, extra: Record<string, string> = {}): Promise<string> {
  const dir = path.join(root, 'skills', name);
  await mkdir(path.join(dir, 'scripts'), { recursive: true });
  await writeFile(path.join(dir, 'SKILL.md'), skillMd);
  for (const [file, text] of Object.entries(extra)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

describe.skipIf(!engineAvailable(kind))('workshop skills against a running programme server', () => {
  beforeAll(async () => {
    server = await startTestServer(kind, { plugins: [skillRoutes()] });
    root = await mkdtemp(path.join(os.tmpdir(), 'skills-cli-'));
    const joined = await addParticipants(server.store, PROGRAMME.id, [
      { name: 'Aiko', email: 'aiko@example.com', team: 'Finance' },
      { name: 'Ben', email: 'ben@example.com', team: 'Sales' },
    ]);
    for (const who of ['aiko', 'ben'] as const) {
      const home = path.join(root, who);
      envs[who] = baseEnv(home);
      const token = joined.get(`${who}@example.com`)!;
      tokens.push(token);
      // A date hosted on the server: the hub link names the server itself.
      await writeHubLink(
        {
          schemaVersion: 1,
          hubUrl: `${server.url}/s/2026-04-01`,
          participantId: `p-${who}`,
          token,
          session: { id: '2026-04-01', title: 'Day one', programmeId: PROGRAMME.id },
          name: who === 'aiko' ? 'Aiko' : 'Ben',
          email: `${who}@example.com`,
          team: who === 'aiko' ? 'Finance' : 'Sales',
          joinedAt: '2026-04-01T00:10:00.000Z',
        },
        envs[who],
      );
    }
    facilitator = await server.token('facilitator');
    tokens.push(facilitator, server.owner);
    envs.fac = { ...baseEnv(path.join(root, 'fac')), WORKSHOP_SERVER_TOKEN: facilitator };
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
    await cleanupTargets();
  });

  it('publish → review → list, in English and Japanese, with --json answers the protocol parses', async () => {
    const dir = await skillFolder('expense-summary', '---\nname: expense-summary\ndescription: Summarise a card export by category\n---\nRun scripts/run.sh on the export.\n', { 'scripts/run.sh': '#!/bin/sh\necho summary\n' });
    await chmod(path.join(dir, 'scripts', 'run.sh'), 0o755);

    const published = await run('aiko', ['publish', dir]);
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toContain('Published expense-summary version 1.');
    expect(published.stdout).toContain('pending review');
    expect(published.stdout).toContain('scripts/run.sh');

    // Pending: the colleague sees nothing yet; the facilitator's --all shows it.
    const before = await run('ben', ['list', '--json']);
    expect(SkillListResponse.parse(JSON.parse(before.stdout)).skills).toEqual([]);
    const all = await run('fac', ['list', '--all', '--json', '--server', server.url, '--programme', PROGRAMME.id]);
    expect(SkillListResponse.parse(JSON.parse(all.stdout)).skills.map((s) => [s.name, s.latestState])).toEqual([['expense-summary', 'pending']]);

    // A participant cannot review.
    const byBen = await run('ben', ['review', 'expense-summary', '--approve', '--note', 'looks fine']);
    expect(byBen.code).toBe(2);
    expect(byBen.stderr).toContain('facilitator token');

    // The facilitator approves the newest pending version, and sees what was approved.
    const reviewed = await run('fac', ['review', 'expense-summary', '--approve', '--note', 'Tried it on the March export', '--server', server.url, '--programme', PROGRAMME.id]);
    expect(reviewed.code, reviewed.stderr).toBe(0);
    expect(reviewed.stdout).toContain('Approved expense-summary version 1');
    expect(reviewed.stdout).toMatch(/SKILL\.md\s+\d+ B/);
    expect(reviewed.stdout).toMatch(/scripts\/run\.sh\s+\d+ B\s+executable/);
    expect(reviewed.stdout).toMatch(/SHA-256: [0-9a-f]{64}/);
    const again = await run('fac', ['review', 'expense-summary', '--reject', '--note', 'x', '--server', server.url, '--programme', PROGRAMME.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('no version waiting for review');

    // Approved: listed for everyone, searchable by words and team; `workshop skills` alone lists.
    const listed = await run('ben', ['--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(SkillListResponse.parse(JSON.parse(listed.stdout)).skills.map((s) => [s.name, s.approvedVersion])).toEqual([['expense-summary', 1]]);
    const found = await run('ben', ['list', 'card', 'export', '--team', 'finance']);
    expect(found.stdout).toContain('expense-summary  v1 · Finance · by Aiko · 0 installs');
    expect(found.stdout).toContain('Summarise a card export by category');
    expect((await run('ben', ['list', 'invoice'])).stdout).toContain('No skill matches.');
    const shown = await run('ben', ['show', 'expense-summary', '--json']);
    const show = SkillShowResponse.parse(JSON.parse(shown.stdout));
    expect(show.versions.map((v) => [v.version, v.state, v.scripts])).toEqual([[1, 'approved', ['scripts/run.sh']]]);
    const showText = await run('ben', ['show', 'expense-summary']);
    expect(showText.stdout, showText.stdout).toContain('Install it with: workshop skills install expense-summary');

    // A second version, as JSON; a reject by the facilitator, as JSON.
    await writeFile(path.join(dir, 'SKILL.md'), '---\nname: expense-summary\ndescription: Summarise a card export by category and month\n---\nRun scripts/run.sh.\n');
    const second = await run('aiko', ['publish', dir, '--json']);
    expect(PublishResponse.parse(JSON.parse(second.stdout)).version).toMatchObject({ version: 2, state: 'pending' });
    const same = await run('aiko', ['publish', dir]);
    expect([same.code, same.stderr.includes('exactly version 2')]).toEqual([1, true]);
    const rejected = await run('fac', ['review', 'expense-summary', '--reject', '--note', 'Say which months', '--json', '--server', server.url, '--programme', PROGRAMME.id]);
    expect(SkillReviewResponse.parse(JSON.parse(rejected.stdout)).version).toMatchObject({ version: 2, state: 'rejected' });

    // Someone else's name: refused by the server, in one sentence.
    const bensDir = await skillFolder(path.join('ben', 'expense-summary'), '---\nname: expense-summary\ndescription: Mine\n---\n');
    const ja = await run('ben', ['list', '--lang', 'ja']);
    expect(ja.stdout).toContain('作成: Aiko');
    // (--lang is remembered: the refusal below is in Japanese, quoting the server's reason.)
    const taken = await run('ben', ['publish', bensDir]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('is taken by Aiko');
  }, 240_000);

  it('refuses a SKILL.md holding an API key on the laptop, by file and line, sending nothing', async () => {
    const dir = await skillFolder('leaky-skill', `---\nname: leaky-skill\ndescription: Calls the API\n---\nSet the key:\n\n    ${FAKE_KEY}\n`, { 'notes.md': 'Read [the secrets](../../secrets.md)\n' });
    const refused = await run('aiko', ['publish', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('Cannot publish');
    expect(refused.stderr).toContain('SKILL.md, line 7: An OpenAI API key here');
    expect(refused.stderr).toContain('notes.md, line 1: A link here points outside the skill folder');
    expect(refused.stderr).toContain('Nothing was sent.');
    const ja = await run('aiko', ['publish', dir, '--lang', 'ja']);
    expect(ja.stderr).toContain('SKILL.md の 7 行目: OpenAI の API キーが含まれています');
    const json = await run('aiko', ['publish', dir, '--json', '--lang', 'en']);
    const body = JSON.parse(json.stdout) as { published: boolean; refusedBy: string; problems: unknown[] };
    expect([json.code, body.published, body.refusedBy]).toEqual([1, false, 'laptop']);
    expect(body.problems.map((p) => SkillProblem.parse(p)).map((p) => [p.code, p.file, p.line])).toEqual([
      ['secret', 'SKILL.md', 7],
      ['link-outside', 'notes.md', 1],
    ]);
    for (const output of [refused, ja, json]) expect(output.stdout + output.stderr).not.toContain(FAKE_KEY.slice(8));
    // Nothing reached the server.
    expect((await server.store.listSkills(PROGRAMME.id)).map((s) => s.name)).not.toContain('leaky-skill');
    expect((await server.store.changes(PROGRAMME.id)).filter((c) => JSON.stringify(c).includes('leaky-skill'))).toEqual([]);
  }, 120_000);

  it('says what to do without a hub link, and names the quest a skill must come from', async () => {
    const alone = await runWorkshop(['skills', 'list'], { env: baseEnv(path.join(root, 'nobody')) });
    outputs.push(alone.stdout, alone.stderr);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('has not joined a session yet');
    const dir = await skillFolder('from-quest', '---\nname: from-quest\ndescription: From a quest\n---\n');
    const noQuest = await run('aiko', ['publish', dir, '--quest', '77']);
    expect(noQuest.code).toBe(1);
    expect(noQuest.stderr).toContain('no quest #77');
    expect((await run('aiko', ['publish', dir, '--quest', 'abc'])).code).toBe(2);
  }, 120_000);

  it('never prints a token', () => {
    const all = outputs.join('\n');
    expect(all.length).toBeGreaterThan(0);
    for (const token of tokens) expect(all).not.toContain(token);
  });
});
