import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtinDoctorReport, fakeCodexCalls, LOGGED_IN_KEY, modelCatalogue, VERSION_OK, writeFakeCodex, type FakeCodexSpec } from './helpers/fake-codex.js';
import { doctorIn, doctorJson } from './helpers/run.js';
import { makeSandbox, type Sandbox } from './helpers/sandbox.js';

/**
 * The doctor on today's and tomorrow's Codex: `codex doctor --json` findings as the kit's own checks
 * (and nothing new when that command does not exist), the model Codex will use, and an
 * OPENAI_BASE_URL that Codex ignores.
 */
let box: Sandbox;
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

const codex = (spec: Partial<FakeCodexSpec>) => writeFakeCodex(box.bin, { version: VERSION_OK, loginStatus: LOGGED_IN_KEY, ...spec });

async function profileWith(fields: object): Promise<string> {
  const file = path.join(box.root, 'profile.json');
  await fs.writeFile(file, JSON.stringify(fields));
  return file;
}

describe("Codex's own doctor, as the kit's checks", () => {
  it('turns a config.toml Codex cannot load into a blocker with a pasteable line that moves it aside', async () => {
    const file = path.join(box.codexHome, 'config.toml');
    await codex({ doctor: builtinDoctorReport({ 'config.load': { category: 'config', status: 'fail', summary: 'config could not be loaded', details: { error: 'invalid configuration', file, line: '2', column: '25' }, remediation: 'Fix the reported config error, then rerun codex doctor.' } }) });
    const run = await doctorJson(box, { only: ['codex.config'] });
    expect(run.check('codex.config')).toMatchObject({ status: 'fail', code: 'codex_config_invalid' });
    expect(run.check('codex.config').summary).toContain('line 2, column 25');
    expect(run.check('codex.config').fix?.commands).toEqual([`mv ${file} ${file}.broken`]);
    expect(run.code).toBe(1);
  });

  it('gives the PowerShell form of that fix to a PowerShell user', async () => {
    const file = path.join(box.codexHome, 'config.toml');
    await codex({ doctor: builtinDoctorReport({ 'config.load': { category: 'config', status: 'fail', summary: 'config could not be loaded', details: { file, line: '1', column: '1' } } }) });
    const run = await doctorJson(box, { only: ['codex.config'] }, { WORKSHOP_SHELL: 'powershell' });
    expect(run.check('codex.config').fix?.commands).toEqual([`Rename-Item ${file} config.toml.broken`]);
  });

  it('turns a sandbox Codex cannot start into a blocker with the install line for this Linux', async () => {
    await codex({ doctor: builtinDoctorReport({ 'sandbox.helpers': { category: 'sandbox', status: 'fail', summary: 'bubblewrap is not available', remediation: 'Install bubblewrap.' } }) });
    const run = await doctorJson(box, { only: ['codex.sandbox'] });
    expect(run.check('codex.sandbox')).toMatchObject({ status: 'fail', code: 'codex_sandbox_unavailable' });
    expect(run.check('codex.sandbox').fix?.commands?.[0]).toMatch(/install -y bubblewrap$/);
    expect(run.check('codex.sandbox').details?.join('\n')).toContain('Install bubblewrap.');
  });

  it('warns, without blocking, when Codex cannot open its WebSocket (it falls back to HTTPS)', async () => {
    await codex({ doctor: builtinDoctorReport({ 'network.websocket_reachability': { category: 'websocket', status: 'warning', summary: 'Responses WebSocket failed; HTTPS fallback may still work' } }) });
    const run = await doctorJson(box, { only: ['codex.websocket'] });
    expect(run.check('codex.websocket')).toMatchObject({ status: 'warn', code: 'codex_websocket_blocked' });
    expect(run.check('codex.websocket').summary).toContain('api.openai.com');
    expect(run.code).toBe(0);
  });

  it('asks codex doctor about the same API base as the smoke test', async () => {
    await codex({ doctor: builtinDoctorReport({}) });
    await doctorJson(box, { only: ['codex.websocket'], apiBase: 'http://127.0.0.1:9/v1' });
    expect((await fakeCodexCalls(box.bin)).find((c) => c.startsWith('doctor'))).toContain('-c openai_base_url="http://127.0.0.1:9/v1"');
  });

  it('shows passing checks as ok lines', async () => {
    await codex({ doctor: builtinDoctorReport({}) });
    const run = await doctorJson(box, { only: ['codex.config', 'codex.sandbox', 'codex.websocket'] });
    expect(run.json.checks.map((c) => [c.id, c.code])).toEqual([
      ['codex.config', 'codex_config_ok'],
      ['codex.sandbox', 'codex_sandbox_ok'],
      ['codex.websocket', 'codex_websocket_ok'],
    ]);
  });

  it('changes nothing when this Codex has no `codex doctor`: no line, no JSON entry, no recorded check', async () => {
    await codex({});
    const json = await doctorJson(box, {});
    const ids = json.json.checks.map((c) => c.id);
    expect(ids).not.toContain('codex.config');
    expect(ids).not.toContain('codex.sandbox');
    expect(ids).not.toContain('codex.websocket');
    const terminal = await doctorIn(box, {});
    expect(terminal.stdout).not.toMatch(/Codex settings|Codex sandbox|Codex WebSocket/);
    const events = await fs.readFile(path.join(box.workshopHome, 'events.jsonl'), 'utf8');
    expect(events).not.toMatch(/codex\.sandbox|codex\.websocket|codex\.config/);
  });

  it("never makes the doctor slower than its --timeout when Codex's own doctor hangs on the network, and still reads config.toml", async () => {
    await codex({ doctor: { hang: true } });
    await fs.writeFile(path.join(box.codexHome, 'config.toml'), 'model = "x"\n[sandbox_workspace_write\n');
    const started = performance.now();
    const run = await doctorJson(box, { only: ['codex.config', 'codex.sandbox', 'codex.websocket'], timeout: 1 });
    expect(performance.now() - started).toBeLessThan(7000);
    expect(run.json.checks.map((c) => [c.id, c.code])).toEqual([['codex.config', 'codex_config_invalid']]);
  });

  it('does not ask a Codex older than 0.169.0 for its doctor at all', async () => {
    await codex({ version: { stdout: 'codex-cli 0.120.0' }, doctor: builtinDoctorReport({}) });
    await doctorJson(box, { only: ['codex.config', 'codex.sandbox'] });
    expect((await fakeCodexCalls(box.bin)).some((c) => c.startsWith('doctor'))).toBe(false);
  });
});

describe('OPENAI_BASE_URL', () => {
  it('is named as ignored, with where requests really go and the line that removes it, credentials never shown', async () => {
    await codex({});
    const run = await doctorJson(box, { only: ['codex.config'] }, { OPENAI_BASE_URL: 'https://user:secret@gateway.example.com/v1?token=abc' });
    const check = run.check('codex.config');
    expect(check).toMatchObject({ status: 'warn', code: 'openai_base_url_ignored' });
    expect(check.summary).toContain('https://gateway.example.com/v1');
    expect(check.summary).toContain('https://api.openai.com/v1');
    expect(JSON.stringify(run.json)).not.toMatch(/secret|token=abc/);
    expect(check.fix?.commands).toEqual(['unset OPENAI_BASE_URL']);
    const cmd = await doctorJson(box, { only: ['codex.config'] }, { OPENAI_BASE_URL: 'https://gateway.example.com/v1', WORKSHOP_SHELL: 'cmd' });
    expect(cmd.check('codex.config').fix?.commands).toEqual(['set OPENAI_BASE_URL=']);
  });
});

describe('codex.model', () => {
  it("shows this Codex version's default model, read from its own catalogue", async () => {
    await codex({ debugModels: modelCatalogue('gpt-test-default') });
    const { check } = await doctorJson(box, { only: ['codex.model'] });
    expect(check('codex.model')).toMatchObject({ status: 'ok', code: 'model_default' });
    expect(check('codex.model').summary).toBe('gpt-test-default (the default of Codex 0.169.0)');
    expect((await fakeCodexCalls(box.bin)).find((c) => c.startsWith('debug'))).toBe('debug models --disable api_key_model_discovery');
  });

  it('shows the model config.toml chooses, and the one a profile pins (which the smoke test passes with -m)', async () => {
    await codex({ debugModels: modelCatalogue('gpt-test-default') });
    await fs.writeFile(path.join(box.codexHome, 'config.toml'), 'model = "gpt-from-config"\n');
    expect((await doctorJson(box, { only: ['codex.model'] })).check('codex.model')).toMatchObject({ code: 'model_from_config', summary: 'gpt-from-config (from your Codex config.toml)' });
    await fs.rm(path.join(box.codexHome, 'config.toml'));
    const pinned = await doctorJson(box, { only: ['codex.model'], profile: await profileWith({ model: 'gpt-room' }) });
    expect(pinned.check('codex.model')).toMatchObject({ status: 'ok', code: 'model_from_profile' });
  });

  it("warns when the participant's config.toml picks another model than the profile pins", async () => {
    await codex({});
    await fs.writeFile(path.join(box.codexHome, 'config.toml'), 'model = "gpt-mine"\n');
    const profile = await profileWith({ model: 'gpt-room', language: 'ja' });
    const { check } = await doctorJson(box, { only: ['codex.model'], profile });
    expect(check('codex.model')).toMatchObject({ status: 'warn', code: 'model_differs_from_profile' });
    expect(check('codex.model').fix?.commands).toEqual(['codex -m gpt-room']);
    expect(check('codex.model').summary).toContain('The workshop uses gpt-room');
    expect((await doctorIn(box, { only: ['codex.model'], profile })).stdout).toContain('ワークショップでは gpt-room を使います');
  });

  it('says it cannot tell when Codex has no catalogue to show', async () => {
    await codex({});
    expect((await doctorJson(box, { only: ['codex.model'] })).check('codex.model')).toMatchObject({ status: 'ok', code: 'model_unknown' });
  });
});
