import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXEC_OK_LINES, LOGGED_IN_KEY, NOT_LOGGED_IN, VERSION_OK, execFailedLines, fakeCodexCalls, writeFakeCodex, type FakeReply } from './helpers/fake-codex.js';
import { doctorJson } from './helpers/run.js';
import { makeSandbox, type Sandbox } from './helpers/sandbox.js';

/** codex.smoke: a tiny real `codex exec`, here played by a fake codex printing real JSON lines. */
let box: Sandbox;
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

async function execSays(exec: FakeReply, loginStatus: FakeReply = LOGGED_IN_KEY): Promise<void> {
  await writeFakeCodex(box.bin, { version: VERSION_OK, loginStatus, exec });
}

const smoke = async (options: { timeout?: number; profile?: string } = {}) => {
  const run = await doctorJson(box, { only: ['codex.smoke'], ...options });
  return { ...run, result: run.check('codex.smoke') };
};

describe('codex.smoke', () => {
  it('is skipped unless asked for, because it spends tokens', async () => {
    await execSays({ stdout: EXEC_OK_LINES });
    const { check } = await doctorJson(box, {});
    expect(check('codex.smoke')).toMatchObject({ status: 'skip', code: 'smoke_not_requested' });
    expect((await fakeCodexCalls(box.bin)).some((c) => c.startsWith('exec'))).toBe(false);
  });

  it('passes when Codex completes a tiny request in the exercise folder with stdin closed', async () => {
    await execSays({ stdout: EXEC_OK_LINES, sh: `pwd > '${box.root}/cwd'; if read -r line; then echo "stdin was open" >&2; exit 9; fi` });
    const { result, code } = await smoke();
    expect(result).toMatchObject({ status: 'ok', code: 'smoke_ok' });
    expect(result.details?.join('\n')).toContain('tokens used: 12');
    expect(code).toBe(0);
    const exec = (await fakeCodexCalls(box.bin)).find((c) => c.startsWith('exec'));
    expect(exec).toBe(`exec --skip-git-repo-check --json --ephemeral -C ${box.workspace} -s read-only -- This is a connection test. Reply with the single word: ready. Do not run any commands.`);
    expect((await fs.readFile(path.join(box.root, 'cwd'), 'utf8')).trim()).toBe(box.workspace);
  });

  it('runs with --smoke as part of the full doctor, and when the profile turns it on', async () => {
    await execSays({ stdout: EXEC_OK_LINES });
    expect((await doctorJson(box, { smoke: true })).check('codex.smoke').code).toBe('smoke_ok');
    const profile = path.join(box.root, 'profile.json');
    await fs.writeFile(profile, JSON.stringify({ smoke: { enabled: true, timeoutSeconds: 30 } }));
    expect((await doctorJson(box, { profile })).check('codex.smoke').code).toBe('smoke_ok');
  });

  it("passes the profile's model and a non-default API base to codex", async () => {
    await execSays({ stdout: EXEC_OK_LINES });
    const profile = path.join(box.root, 'profile.json');
    await fs.writeFile(profile, JSON.stringify({ model: 'gpt-5-mini', apiBase: 'http://127.0.0.1:9/v1' }));
    await smoke({ profile });
    const exec = (await fakeCodexCalls(box.bin)).find((c) => c.startsWith('exec'));
    expect(exec).toContain('-m gpt-5-mini -c openai_base_url="http://127.0.0.1:9/v1" --');
  });

  const failures: Array<[string, string, string, 'fail' | 'warn']> = [
    ['a key with no credit left', 'Quota exceeded. Check your plan and billing details.', 'key_no_quota', 'fail'],
    ['a wrong key', 'unexpected status 401 Unauthorized: Incorrect API key provided: sk-test-***0000', 'key_invalid', 'fail'],
    ['an unsupported region', 'unexpected status 403 Forbidden: Country, region, or territory not supported', 'key_region_unsupported', 'fail'],
    ['a model the key cannot use', 'The model `gpt-9` does not exist or you do not have access to it.', 'model_not_found', 'fail'],
    ['an unverified organisation', '{"error":{"message":"Your organization must be verified to use the model `o3`."}}', 'org_verification_required', 'fail'],
    ['a busy rate limit', 'exceeded retry limit, last status: 429 Too Many Requests', 'key_rate_limited', 'warn'],
  ];
  for (const [who, message, expected, status] of failures) {
    it(`names the problem for ${who} (${expected})`, async () => {
      await execSays({ stdout: execFailedLines(message), exit: 1 });
      const { result } = await smoke();
      expect(result).toMatchObject({ status, code: expected });
      expect(result.details?.join('\n')).toContain(message.slice(0, 40));
    });
  }

  it('ends a Codex that keeps waiting for the network at the timeout and calls it a network failure', async () => {
    await execSays({
      stdout: ['{"type":"thread.started","thread_id":"t"}', '{"type":"turn.started"}', '{"type":"error","message":"Reconnecting... waiting for network"}'].join('\n'),
      hang: true,
    });
    const started = performance.now();
    const { result } = await smoke({ timeout: 1 });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(result).toMatchObject({ status: 'fail', code: 'network_timeout' });
    expect(result.fix?.text).toMatch(/HTTPS_PROXY/);
  });

  it('says "refused" when Codex was retrying a refused connection at the timeout', async () => {
    await execSays({
      stdout: '{"type":"error","message":"Reconnecting... 2/5 (stream disconnected before completion: Connection refused (os error 111))"}',
      hang: true,
    });
    expect((await smoke({ timeout: 1 })).result.code).toBe('network_refused');
  });

  const retrying = (cause: string) =>
    [1, 2, 3].map((n) => JSON.stringify({ type: 'error', message: `Reconnecting... ${n + 1}/5 (stream disconnected before completion: ${cause})` })).join('\n');
  const causes: Array<[string, string, string]> = [
    ['refused', 'Connection refused (os error 111)', 'network_refused'],
    ['DNS', 'failed to lookup address information: Name does not resolve', 'network_dns'],
    ['TLS', 'invalid peer certificate: UnknownIssuer', 'tls_intercepted'],
  ];
  for (const [name, cause, expected] of causes) {
    it(`names a ${name} failure within seconds instead of waiting for the timeout (${expected})`, async () => {
      await execSays({ stdout: retrying(cause), hang: true });
      const started = performance.now();
      const { result } = await smoke({ timeout: 60 });
      expect(performance.now() - started).toBeLessThan(5000);
      expect(result).toMatchObject({ status: 'fail', code: expected });
      expect(result.details?.join('\n')).toMatch(/stopped it after \d+\.\d s/);
    });
  }

  it('names the cause from the early error lines when the last one only says "waiting for network"', async () => {
    await execSays({
      stdout: [
        JSON.stringify({ type: 'error', message: 'Reconnecting... 2/5 (stream disconnected before completion: failed to lookup address information: Name does not resolve)' }),
        JSON.stringify({ type: 'error', message: 'Reconnecting... waiting for network (Connection failed: error sending request)' }),
      ].join('\n'),
      hang: true,
    });
    const { result } = await smoke({ timeout: 1 });
    expect(result.code).toBe('network_dns');
    expect(result.details?.join('\n')).toContain('failed to lookup address information');
  });

  it('gives a pasteable line, not a bare `codex login --with-api-key`, when the API refuses the key', async () => {
    await execSays({ stdout: execFailedLines('unexpected status 401 Unauthorized: Incorrect API key provided: sk-test-***0000'), exit: 1 });
    const { result } = await smoke();
    expect(result.code).toBe('key_invalid');
    expect(result.fix?.commands?.[0]).toMatch(/read -rs KEY; .*\| codex login --with-api-key/);
    expect(result.fix?.commands).not.toContain('codex login --with-api-key');
  });

  it('is skipped with the reason when Codex is not logged in', async () => {
    await execSays({ stdout: EXEC_OK_LINES }, NOT_LOGGED_IN);
    expect((await smoke()).result).toMatchObject({ status: 'skip', code: 'not_logged_in' });
  });
});
