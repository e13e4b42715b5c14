import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { apiErrors, startScriptedResponsesServer } from '../../src/codex/scripted-responses-server.js';
import { startApiMock, type ApiMock } from './helpers/api-mock.js';
import { linkRealCodex, realLogin } from './helpers/real-codex.js';
import { doctorJson } from './helpers/run.js';
import { makeSandbox, readAllFiles, type Sandbox } from './helpers/sandbox.js';
import { codexLabel, underTest } from '../support/codex-versions.js';

/**
 * The doctor against the real Codex CLI (no fakes for Codex): its own `login status` texts and
 * exit codes, the auth.json it writes, and a real `codex exec` against a local scripted Responses API.
 * Runs against the pinned version and the newest on the registry (test/support/codex-versions.ts).
 */
const KEY = 'sk-test-real-codex-doctor-0123456789';
let box: Sandbox;
let api: ApiMock;

beforeAll(async () => {
  api = await startApiMock();
});
afterAll(async () => {
  await api.close();
});
beforeEach(async () => {
  // The real Codex looks for updates on api.github.com by itself (codex doctor too): a refused local
  // proxy keeps every such request on this machine, while 127.0.0.1 (our mocks) goes direct.
  box = await makeSandbox({ HTTPS_PROXY: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1,localhost,::1', no_proxy: '127.0.0.1,localhost,::1' });
});
afterEach(async () => {
  await box.cleanup();
});

async function profile(fields: object): Promise<string> {
  const file = path.join(box.root, 'profile.json');
  await fs.writeFile(file, JSON.stringify(fields));
  return file;
}

describe.each(underTest(inject('codexVersions')).map((codex) => [codexLabel(codex), codex] as const))('doctor with the real %s', (_label, codex) => {
  beforeEach(async () => {
    await linkRealCodex(box, codex.codexJs);
  });

  it('says "not logged in" on a fresh install, then "logged in with an API key" after codex login --with-api-key', async () => {
    const before = await doctorJson(box, { only: ['codex.installed', 'codex.version', 'codex.auth'] });
    expect(before.check('codex.installed').code).toBe('codex_found');
    expect(before.check('codex.version')).toMatchObject({ status: 'ok', code: 'codex_version_ok' });
    expect(before.check('codex.version').summary).toContain(codex.version);
    expect(before.check('codex.auth')).toMatchObject({ status: 'fail', code: 'not_logged_in' });
    // No "helper binaries under temporary dir" warning leaks into what we read: TMPDIR is elsewhere.
    expect(JSON.stringify(before.json)).not.toMatch(/Refusing to create helper binaries/);

    await realLogin(box, KEY, codex.codexJs);
    const after = await doctorJson(box, { only: ['codex.auth'] });
    expect(after.check('codex.auth')).toMatchObject({ status: 'ok', code: 'logged_in_api_key' });
    expect(after.code).toBe(0);
  });

  it('catches the exported-but-never-saved key', async () => {
    const { check } = await doctorJson(box, { only: ['codex.auth'] }, { OPENAI_API_KEY: KEY });
    expect(check('codex.auth')).toMatchObject({ status: 'fail', code: 'env_key_not_logged_in' });
  });

  it("recognises the real CLI's damaged auth.json and missing CODEX_HOME", async () => {
    await fs.writeFile(path.join(box.codexHome, 'auth.json'), '{"auth_mode": "apikey", "OPENAI_API_KEY": ');
    expect((await doctorJson(box, { only: ['codex.auth'] })).check('codex.auth').code).toBe('auth_file_corrupt');
    const missing = path.join(box.root, 'nowhere');
    expect((await doctorJson(box, { only: ['codex.auth'] }, { CODEX_HOME: missing })).check('codex.auth').code).toBe('codex_home_missing');
  });

  it("turns the real `codex doctor`'s verdict on a broken config.toml into codex_config_invalid, with the line", async () => {
    const file = path.join(box.codexHome, 'config.toml');
    await fs.writeFile(file, 'model = "x"\n[sandbox_workspace_write\n');
    const run = await doctorJson(box, { only: ['codex.config', 'codex.sandbox'] });
    expect(run.check('codex.config')).toMatchObject({ status: 'fail', code: 'codex_config_invalid' });
    expect(run.check('codex.config').summary).toMatch(/line 2/);
    expect(run.check('codex.config').fix?.commands).toEqual([`mv ${file} ${file}.broken`]);
  });

  it('tests the key saved by the real codex login against the API: 401 → key_invalid', async () => {
    await realLogin(box, KEY, codex.codexJs);
    api.setMode('invalid_key');
    api.requests.length = 0;
    const { check } = await doctorJson(box, { only: ['api.key'], apiBase: api.url });
    expect(check('api.key')).toMatchObject({ status: 'fail', code: 'key_invalid' });
    expect(api.requests[0]?.authorization).toBe(`Bearer ${KEY}`);
  });

  it('passes the smoke test when a real codex exec completes against the scripted Responses API', async () => {
    await realLogin(box, KEY, codex.codexJs);
    const server = await startScriptedResponsesServer({ script: [{ message: 'ready' }] });
    try {
      const run = await doctorJson(box, { smoke: true, profile: await profile({ apiBase: server.url }) });
      expect(run.check('codex.smoke')).toMatchObject({ status: 'ok', code: 'smoke_ok' });
      expect(run.check('codex.smoke').details?.join('\n')).toContain('Codex said: ready');
      expect(run.check('api.key').code).toBe('key_ok');
      expect(run.json.ready).toBe(true);
      expect(run.code).toBe(0);
      const post = server.requests.find((r) => r.method === 'POST');
      expect(post?.bearer?.fingerprint).toBeDefined();
      expect(post?.bearer?.hint).toBe('sk-…6789');
      // The model the doctor says Codex will use is the one the real Codex sent.
      const sent = (post?.body as { model?: string } | undefined)?.model;
      expect(sent).toBeTruthy();
      expect(run.check('codex.model')).toMatchObject({ status: 'ok', code: 'model_default' });
      expect(run.check('codex.model').summary.startsWith(`${sent} `)).toBe(true);
    } finally {
      await server.close();
    }
  });

  // keys in shell snapshots (issue 12 item 8)
  it('passes the smoke test with the key exported but kept out of Codex: the real Codex uses its saved login, and no snapshot holds the key', async () => {
    await realLogin(box, KEY);
    const server = await startScriptedResponsesServer({ script: [{ message: 'ready' }] });
    try {
      const run = await doctorJson(box, { smoke: true, profile: await profile({ apiBase: server.url }) }, { OPENAI_API_KEY: KEY });
      expect(run.check('codex.smoke').code).toBe('smoke_ok');
      expect(server.requests.find((r) => r.method === 'POST')?.bearer?.hint).toBe('sk-…6789');
      for (const [file, text] of await readAllFiles(path.join(box.codexHome, 'shell_snapshots'))) expect(text, file).not.toContain(KEY);
      expect(run.check('codex.snapshots').code).toBe('shell_snapshots_clean');
    } finally {
      await server.close();
    }
  });

  it('finds the key with no credit left that /models lets through: smoke → key_no_quota', async () => {
    await realLogin(box, KEY, codex.codexJs);
    const server = await startScriptedResponsesServer({ handler: () => apiErrors.insufficientQuota() });
    try {
      const run = await doctorJson(box, { smoke: true, profile: await profile({ apiBase: server.url }) });
      expect(run.check('api.key').code).toBe('key_ok');
      expect(run.check('codex.smoke')).toMatchObject({ status: 'fail', code: 'key_no_quota' });
      expect(run.json.ready).toBe(false);
      expect(run.code).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('names a refused connection within 15 s at the default 60 s timeout, from what the real codex exec said while retrying', async () => {
    await realLogin(box, KEY, codex.codexJs);
    const started = performance.now();
    const run = await doctorJson(box, { only: ['codex.smoke'], apiBase: 'http://127.0.0.1:9/v1' });
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(run.check('codex.smoke')).toMatchObject({ status: 'fail', code: 'network_refused' });
    expect(run.check('codex.smoke').details?.join('\n')).toMatch(/Connection refused/i);
  });

  it('still ends a real codex exec at a short timeout, as a network failure named from its retries', async () => {
    await realLogin(box, KEY, codex.codexJs);
    const started = performance.now();
    const run = await doctorJson(box, { only: ['codex.smoke'], timeout: 1, apiBase: 'http://127.0.0.1:9/v1' });
    expect(performance.now() - started).toBeLessThan(6000);
    expect(run.check('codex.smoke').status).toBe('fail');
    expect(['network_refused', 'network_timeout']).toContain(run.check('codex.smoke').code);
  });
});
