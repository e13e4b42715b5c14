import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runWorkshop } from '../support/run-workshop.js';
import { startApiMock, type ApiMock } from './helpers/api-mock.js';
import { LOGGED_IN_KEY, VERSION_OK, writeFakeCodex } from './helpers/fake-codex.js';
import { makeSandbox, type Sandbox } from './helpers/sandbox.js';

/** `workshop doctor` as a participant runs it (the built CLI, in a child process). */
const KNOWN_IDS = ['node', 'codex.installed', 'codex.version', 'codex.config', 'codex.auth', 'codex.model', 'api.key', 'codex.smoke', 'codex.sandbox', 'codex.snapshots', 'git', 'workspace', 'network.proxy', 'codex.websocket', 'skills.company'];
/** What a Codex without `codex doctor` shows: its config, sandbox and WebSocket checks stay hidden (and company skills, on a laptop that never fetched them). */
const ALL_IDS = KNOWN_IDS.filter((id) => !['codex.config', 'codex.sandbox', 'codex.websocket', 'skills.company'].includes(id));

let box: Sandbox;
let api: ApiMock;
beforeAll(async () => {
  api = await startApiMock();
});
afterAll(async () => {
  await api.close();
});
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

function workshop(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runWorkshop(args, { env: { ...box.env, ...env } });
}

async function readyLaptop(): Promise<void> {
  await writeFakeCodex(box.bin, { version: VERSION_OK, loginStatus: LOGGED_IN_KEY });
  await fs.writeFile(path.join(box.codexHome, 'auth.json'), JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-proj-CommandTest0123456789abcdef' }));
  await fs.writeFile(path.join(box.codexHome, 'config.toml'), `openai_base_url = "${api.url}"\n`);
}

describe('workshop doctor', () => {
  it('says READY and exits 0 on a laptop where everything works', async () => {
    await readyLaptop();
    const result = await workshop(['doctor']);
    expect(result.stdout).toContain('READY  You are set for the workshop.');
    expect(result.code).toBe(0);
    // Not a terminal: plain lines, no spinner or colour escape codes.
    expect(result.stdout + result.stderr).not.toMatch(/\u001b\[/);
  });

  it('says NOT READY and exits 1 when something blocks, naming the fix', async () => {
    const result = await workshop(['doctor']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('NOT READY');
    expect(result.stdout).toContain('Fix first: Codex CLI (codex_not_found)');
    expect(result.stdout).toContain('npm install -g @openai/codex@latest');
  });

  it('prints one JSON document and nothing else with --json, all checks in the fixed order', async () => {
    await readyLaptop();
    const result = await workshop(['doctor', '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ schemaVersion: 1, ready: true, kitVersion: expect.any(String), platform: { os: expect.any(String) } });
    expect(json.checks.map((c: { id: string }) => c.id)).toEqual(ALL_IDS);
    expect(result.stderr).toBe('');
  });

  it('runs only the named checks with --only, and refuses unknown ids with exit 2 and the list', async () => {
    const some = await workshop(['doctor', '--json', '--only', 'git,node']);
    expect(JSON.parse(some.stdout).checks.map((c: { id: string }) => c.id)).toEqual(['node', 'git']);
    const bad = await workshop(['doctor', '--only', 'git,codex.sanity']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`Unknown check "codex.sanity" for --only. Known checks: ${KNOWN_IDS.join(', ')}`);
    expect(bad.stdout).toBe('');
  });

  it('answers bad flags and values with exit 2 and one clear line', async () => {
    for (const args of [['doctor', '--frobnicate'], ['doctor', '--timeout', 'soon'], ['doctor', '--api-base', 'not a url']]) {
      const result = await workshop(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
    }
  });

  it('names the file and the field of a broken profile, from --profile or WORKSHOP_PROFILE', async () => {
    const broken = path.join(box.root, 'broken.json');
    await fs.writeFile(broken, JSON.stringify({ minCodexVersion: 'latest' }));
    const viaFlag = await workshop(['doctor', '--profile', broken]);
    expect(viaFlag.code).toBe(2);
    expect(viaFlag.stderr).toContain(broken);
    expect(viaFlag.stderr).toContain('minCodexVersion');
    const viaEnv = await workshop(['doctor'], { WORKSHOP_PROFILE: path.join(box.root, 'missing.json') });
    expect(viaEnv.code).toBe(2);
    expect(viaEnv.stderr).toContain('missing.json does not exist');
  });

  it('records a doctor.completed event with ids, statuses and codes only', async () => {
    await readyLaptop();
    await workshop(['doctor']);
    const lines = (await fs.readFile(path.join(box.workshopHome, 'events.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    const event = JSON.parse(lines[0]!);
    expect(event).toMatchObject({ type: 'doctor.completed', ready: true, codexVersion: '0.169.0', platform: 'Linux (bash)' });
    expect(event.checks).toHaveLength(ALL_IDS.length);
    for (const c of event.checks) expect(Object.keys(c).sort()).toEqual(['code', 'id', 'status']);
    // A partial run does not claim the laptop is ready.
    await workshop(['doctor', '--only', 'node']);
    expect((await fs.readFile(path.join(box.workshopHome, 'events.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('still gives its verdict when the event log cannot be written', async () => {
    await readyLaptop();
    await fs.writeFile(box.workshopHome, 'a file where the state folder should be');
    const result = await workshop(['doctor', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).ready).toBe(true);
    expect(result.stderr).toMatch(/could not save this result/);
  });

  it('documents itself in --help', async () => {
    const result = await workshop(['doctor', '--help']);
    expect(result.code).toBe(0);
    for (const flag of ['--json', '--only', '--verbose', '--smoke', '--profile', '--api-base', '--timeout']) expect(result.stdout).toContain(flag);
  });
});
