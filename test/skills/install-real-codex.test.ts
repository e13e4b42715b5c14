import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { buildMarketplace } from '../../facilitator/skills/marketplace.js';
import { marketplacePlugin } from '../../facilitator/skills/marketplace-routes.js';
import { writeMarketplaceFolder } from '../../src/skills/marketplace-folder.js';
import { parsePluginList } from '../../src/skills/codex-plugins.js';
import { makeSandbox, readAllFiles, type Sandbox } from '../doctor/helpers/sandbox.js';
import { linkRealCodex, realCodex } from '../doctor/helpers/real-codex.js';
import { addParticipants } from '../quests/helpers.js';
import { PROGRAMME, startTestServer, type TestServer } from '../server/helpers.js';
import { type CodexUnderTest, codexLabel, underTest } from '../support/codex-versions.js';
import { cleanupTargets, engineAvailable } from '../support/engines.js';
import { runWorkshop } from '../support/run-workshop.js';
import { putSkill, skillFiles } from './helpers.js';
import { skillRoutes } from '../../facilitator/skills/routes.js';

/**
 * `workshop skills install|update|remove` through the built CLI, with the REAL Codex CLI in a throw-away
 * CODEX_HOME (TMPDIR elsewhere, so Codex prints no temp-dir warning), against a running programme server
 * holding skills written and reviewed on its store. The full flow runs on the pinned Codex and on the
 * newest from the registry, each test named by the version it ran.
 */
afterAll(cleanupTargets);

const MARKETPLACE = 'spring-skills';
const PERSON = { name: 'Chie Mori', email: 'chie@example.com', team: 'Sales' };
const versions = underTest(inject('codexVersions'));
const pinned = versions.filter((c) => c.role === 'pinned');

let box: Sandbox;
let server: TestServer | undefined;
let joinToken: string;

beforeEach(async () => {
  // Codex looks for updates by itself: a refused proxy keeps that on this machine; 127.0.0.1 goes direct.
  box = await makeSandbox({ HTTPS_PROXY: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1,localhost,::1', no_proxy: '127.0.0.1,localhost,::1' });
});
afterEach(async () => {
  await server?.close().catch(() => undefined);
  server = undefined;
  await box.cleanup();
});

async function startServer(): Promise<TestServer> {
  server = await startTestServer('embedded', { plugins: [marketplacePlugin(), skillRoutes()] });
  joinToken = (await addParticipants(server.store, PROGRAMME.id, [PERSON])).get(PERSON.email)!;
  // What `workshop join` at a date hosted on the server leaves on the laptop.
  await fs.mkdir(box.workshopHome, { recursive: true });
  await fs.writeFile(
    path.join(box.workshopHome, 'hub.json'),
    JSON.stringify({ schemaVersion: 1, hubUrl: `${server.url}/s/2026-04-01`, participantId: 'p1', token: joinToken, session: { id: '2026-04-01', title: 'Day one', programmeId: PROGRAMME.id }, name: PERSON.name, email: PERSON.email, team: PERSON.team, joinedAt: '2026-04-01T00:10:00.000Z' }),
    { mode: 0o600 },
  );
  return server;
}

const workshop = (args: string[], env: NodeJS.ProcessEnv = {}) => runWorkshop(['skills', ...args], { env: { ...box.env, ...env }, timeoutMs: 120_000 });
const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;
const cacheOf = (name: string, version: string) => path.join(box.codexHome, 'plugins', 'cache', MARKETPLACE, name, version, 'skills', name, 'SKILL.md');
const exists = (file: string) => fs.stat(file).then(() => true, () => false);

async function listed(codex: CodexUnderTest) {
  const list = await realCodex(box, ['plugin', 'list'], undefined, codex.codexJs);
  expect(list.exitCode).toBe(0);
  return parsePluginList(list.stdout, MARKETPLACE);
}

describe.each(versions.map((codex) => [codexLabel(codex), codex] as const))('workshop skills with the real %s', (_label, codex) => {
  beforeEach(async () => {
    await linkRealCodex(box, codex.codexJs);
  });

  it.skipIf(!engineAvailable('embedded'))('installs an approved skill, refuses pending and rejected ones, updates to a new approved version, removes, and works offline', { timeout: 240_000 }, async () => {
    const s = await startServer();
    await putSkill(s.store, PROGRAMME.id, { name: 'expense-summary', team: 'Finance', extra: { 'scripts/summarize.sh': '#!/bin/sh\necho total\n' } });
    await putSkill(s.store, PROGRAMME.id, { name: 'draft-skill' }, 'pending');
    await putSkill(s.store, PROGRAMME.id, { name: 'bad-skill' }, 'reject');
    const outputs: string[] = [];
    const run = async (args: string[]) => {
      const result = await workshop(args);
      outputs.push(result.stdout, result.stderr);
      return result;
    };

    const installed = await run(['install', 'expense-summary', '--json']);
    expect(installed.stderr).toBe('');
    expect(installed.code).toBe(0);
    expect(json(installed.stdout)).toMatchObject({ ok: true, action: 'install', skill: 'expense-summary', version: 1, marketplace: MARKETPLACE, registeredNow: true, reported: true, offline: null });
    expect(await listed(codex)).toContainEqual({ plugin: 'expense-summary', marketplace: MARKETPLACE, installed: true, version: '1.0.0' });
    expect(await exists(cacheOf('expense-summary', '1.0.0'))).toBe(true);
    const folder = path.join(box.workshopHome, 'skills', MARKETPLACE);
    expect((await fs.stat(path.join(folder, 'plugins/expense-summary/skills/expense-summary/scripts/summarize.sh'))).mode & 0o111).not.toBe(0);
    expect((await s.store.getSkill(PROGRAMME.id, 'expense-summary'))?.skill.installs).toEqual({ people: 1, byTeam: { Sales: 1 } });

    for (const [name, words] of [
      ['draft-skill', /waiting for a facilitator's review/],
      ['bad-skill', /was not approved/],
      ['no-such-skill', /no approved skill named no-such-skill/],
    ] as const) {
      const refused = await run(['install', name]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(words);
      expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect((await listed(codex)).filter((r) => r.installed).map((r) => r.plugin)).toEqual(['expense-summary']);

    // A new approved version: update installs it, the cache moves to the new version's folder.
    await putSkill(s.store, PROGRAMME.id, { name: 'expense-summary', team: 'Finance', body: 'Version two.' });
    const updated = await run(['update', '--json']);
    expect(updated.code).toBe(0);
    expect(json(updated.stdout)).toMatchObject({ changed: [{ name: 'expense-summary', from: 1, to: 2 }], offline: null });
    expect(await exists(cacheOf('expense-summary', '2.0.0'))).toBe(true);
    expect(await exists(cacheOf('expense-summary', '1.0.0'))).toBe(false);
    const again = await run(['update']);
    expect(again.stdout).toMatch(/up to date/);

    const removed = await run(['remove', 'expense-summary']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/Removed expense-summary/);
    expect((await listed(codex)).find((r) => r.plugin === 'expense-summary')?.installed).toBe(false);
    expect((await s.store.getSkill(PROGRAMME.id, 'expense-summary'))?.skill.installs.people).toBe(0);
    expect((await run(['remove', 'expense-summary'])).code).toBe(1);

    // The server goes away: install works from the marketplace fetched last, and says so in one line.
    await s.close();
    server = undefined;
    const offline = await run(['install', 'expense-summary']);
    expect(offline.code).toBe(0);
    expect(offline.stderr.trim().split('\n')).toHaveLength(1);
    expect(offline.stderr).toMatch(/^! Offline: the programme server could not be reached/);
    expect(offline.stdout).toMatch(/Installed expense-summary \(version 2\)/);
    expect(await exists(cacheOf('expense-summary', '2.0.0'))).toBe(true);
    const offlineUpdate = await run(['update', '--json']);
    expect(json(offlineUpdate.stdout)).toMatchObject({ changed: [], upToDate: [{ name: 'expense-summary', version: 2 }], offline: { fetchedAt: expect.any(String) } });
    expect((await run(['install', 'draft-skill'])).stderr).toMatch(/not in the marketplace fetched on/);

    // The join token is in no output, and nowhere in the marketplace folder or the state file.
    expect(outputs.join('\n')).not.toContain(joinToken);
    for (const [file, text] of await readAllFiles(path.join(box.workshopHome, 'skills'))) expect(text, file).not.toContain(joinToken);
    for (const [file, text] of await readAllFiles(box.codexHome)) expect(text, file).not.toContain(joinToken);
  });
});

describe.each(pinned.map((codex) => [codexLabel(codex), codex] as const))('the marketplace and the real %s', (_label, codex) => {
  beforeEach(async () => {
    await linkRealCodex(box, codex.codexJs);
  });

  it('accepts the folder the server builds with `codex plugin marketplace add` (local folder), one plugin per skill', async () => {
    const marketplace = buildMarketplace(
      'spring',
      [
        { name: 'expense-summary', team: 'Finance', version: 2, description: 'Expenses', files: skillFiles({ name: 'expense-summary', extra: { 'scripts/a.sh': 'echo\n', 'references/notes.md': '# notes\n' } }) },
        { name: 'weekly-report', team: 'Sales', version: 1, description: 'Weekly report', files: skillFiles({ name: 'weekly-report' }) },
      ],
      { etag: '"x"', generatedAt: new Date().toISOString() },
    );
    const folder = await writeMarketplaceFolder(path.join(box.workshopHome, 'skills'), marketplace);
    const added = await realCodex(box, ['plugin', 'marketplace', 'add', folder], undefined, codex.codexJs);
    expect(added.exitCode, added.stderr).toBe(0);
    expect(`${added.stdout}${added.stderr}`).toContain(MARKETPLACE);
    expect(await listed(codex)).toEqual([
      { plugin: 'expense-summary', marketplace: MARKETPLACE, installed: false },
      { plugin: 'weekly-report', marketplace: MARKETPLACE, installed: false },
    ]);
  });

  it.skipIf(!engineAvailable('embedded'))('lets a facilitator install with --server and their token, which appears in no output', { timeout: 120_000 }, async () => {
    const s = await startServer();
    await putSkill(s.store, PROGRAMME.id, { name: 'weekly-report', team: 'Sales' });
    const token = await s.token('facilitator');
    await fs.rm(path.join(box.workshopHome, 'hub.json'));
    const result = await workshop(['install', 'weekly-report', '--server', s.url], { WORKSHOP_SERVER_TOKEN: token });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Added the company marketplace spring-skills to Codex/);
    expect(`${result.stdout}${result.stderr}`).not.toContain(token);
    expect(await exists(cacheOf('weekly-report', '1.0.0'))).toBe(true);
    const none = await workshop(['install', 'weekly-report']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/has not joined a session yet/);
  });
});
