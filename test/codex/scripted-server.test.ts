import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { classifyExecRun } from '../../src/codex/exec-outcome.js';
import { codexEnvironment, runCodexExec, scriptedProviderOverrides, type ExecRequest } from '../../src/codex/exec.js';
import { apiErrors, startScriptedResponsesServer, type ScriptedResponsesServer } from '../../src/codex/scripted-responses-server.js';
import { ApiKey } from '../../src/core/secret.js';
import { realLogin } from '../doctor/helpers/real-codex.js';
import { makeSandbox, type Sandbox } from '../doctor/helpers/sandbox.js';
import { type CodexUnderTest, codexExecutable, codexLabel, underTest } from '../support/codex-versions.js';

/**
 * The scripted Responses API driving the real Codex CLI (the pinned version and the newest on the
 * registry): the model is a script, the tool calls are real, and the files really change. This is the harness `workshop rehearse --scripted`
 * and the doctor's smoke-test integration tests stand on.
 */
const KEY = 'sk-test-scripted-server-0123456789';
let box: Sandbox;
let work: string;
let server: ScriptedResponsesServer | undefined;
/** The Codex of the suite being run. */
let codex: CodexUnderTest;

beforeEach(async () => {
  box = await makeSandbox();
  work = path.join(box.root, 'work');
  await fs.mkdir(work);
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await box.cleanup();
});

async function exec(request: Omit<ExecRequest, 'prompt' | 'cwd'>, timeoutMs = 60_000) {
  const env = codexEnvironment(box.env, { codexHome: box.codexHome, tmpDir: box.tmp });
  const run = await runCodexExec({ codex: codexExecutable(codex), env, timeoutMs, request: { prompt: 'Please make the note.', cwd: work, ...request } });
  return { run, outcome: classifyExecRun(run) };
}

describe.each(underTest(inject('codexVersions')).map((c) => [codexLabel(c), c] as const))('the scripted Responses API with the real %s', (_label, under) => {
  beforeEach(async () => {
    codex = under;
    await realLogin(box, KEY, codex.codexJs);
  });

  it('makes Codex really create a file through a scripted exec_command call', async () => {
    server = await startScriptedResponsesServer({
      script: [{ exec_command: "mkdir -p notes && printf 'hello from the scripted model' > notes/hello.txt" }, { message: 'I created notes/hello.txt.' }],
    });
    const { run, outcome } = await exec({ bypassSandbox: true, config: scriptedProviderOverrides(server.url) });
    expect(await fs.readFile(path.join(work, 'notes', 'hello.txt'), 'utf8')).toBe('hello from the scripted model');
    expect(outcome).toMatchObject({ kind: 'completed', finalMessage: 'I created notes/hello.txt.' });
    expect(run.exitCode).toBe(0);
    const posts = server.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.callOutputs)).toEqual([0, 1]);
    expect(posts.every((r) => r.bearer?.fingerprint === new ApiKey(KEY).fingerprint)).toBe(true);
    // The custom provider never tries a WebSocket.
    expect(server.requests.some((r) => r.method === 'UPGRADE')).toBe(false);
  });

  it('plays an API error: 429 insufficient_quota makes Codex fail with a quota failure', async () => {
    server = await startScriptedResponsesServer({ handler: () => apiErrors.insufficientQuota() });
    const { outcome } = await exec({ config: scriptedProviderOverrides(server.url) });
    expect(outcome).toMatchObject({ kind: 'failed', failure: 'quota' });
  });

  it('refuses any key but the accepted one, so a scripted run can prove it carried no real key', async () => {
    server = await startScriptedResponsesServer({ acceptBearer: 'sk-test-some-other-key-000000', script: [{ message: 'never' }] });
    const { outcome } = await exec({ config: scriptedProviderOverrides(server.url) });
    expect(outcome).toMatchObject({ kind: 'failed', failure: 'invalid_key' });
  });

  it("serves Codex's built-in provider too (-c openai_base_url), turning its WebSocket attempt away at once", async () => {
    server = await startScriptedResponsesServer({ script: [{ message: 'ready' }] });
    const started = performance.now();
    const { outcome } = await exec({ openaiBaseUrl: server.url });
    expect(outcome).toMatchObject({ kind: 'completed', finalMessage: 'ready' });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(server.requests[0]).toMatchObject({ method: 'UPGRADE', path: '/v1/responses' });
  });

  it('answers GET /v1/models like the API, so the doctor can check a key against it', async () => {
    server = await startScriptedResponsesServer({ script: [] });
    const response = await fetch(`${server.url}/models`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
  });
});
