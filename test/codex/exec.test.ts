import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpretAuthFile } from '../../src/codex/codex-home.js';
import { classifyExecRun, classifyFailureMessage, mostSpecific, networkCauseWatcher } from '../../src/codex/exec-outcome.js';
import { buildExecArgs, codexEnvironment, scriptedProviderOverrides, tomlValue } from '../../src/codex/exec.js';
import { findOnPath, invocationFor, pathEntries } from '../../src/codex/find-codex.js';
import { parseLoginStatus } from '../../src/codex/login-status.js';

/** The pure parts of running Codex: argv, environment, JSON-line outcomes, login texts, PATH lookup. */
describe('building `codex exec`', () => {
  it('always asks for JSON lines, skips the git check, keeps no session, and ends options before the prompt', () => {
    expect(buildExecArgs({ prompt: '-looks like a flag' })).toEqual(['exec', '--skip-git-repo-check', '--json', '--ephemeral', '--', '-looks like a flag']);
  });

  it('adds folder, sandbox, model and config overrides as TOML values', () => {
    const args = buildExecArgs({ prompt: 'p', cwd: '/w', sandbox: 'workspace-write', model: 'gpt-5', openaiBaseUrl: 'http://127.0.0.1:1/v1', config: { 'a.b': false, n: 3 } });
    expect(args).toEqual(['exec', '--skip-git-repo-check', '--json', '--ephemeral', '-C', '/w', '-s', 'workspace-write', '-m', 'gpt-5', '-c', 'openai_base_url="http://127.0.0.1:1/v1"', '-c', 'a.b=false', '-c', 'n=3', '--', 'p']);
    expect(buildExecArgs({ prompt: 'p', bypassSandbox: true, sandbox: 'read-only' })).toContain('--dangerously-bypass-approvals-and-sandbox');
    expect(buildExecArgs({ prompt: 'p', bypassSandbox: true })).not.toContain('-s');
    expect(tomlValue('say "hi"\\')).toBe('"say \\"hi\\"\\\\"');
  });

  it('points a custom provider at a scripted API with no WebSockets and no retries', () => {
    expect(scriptedProviderOverrides('http://127.0.0.1:5/v1', 'p')).toEqual({
      model_provider: 'p',
      'model_providers.p.name': 'p',
      'model_providers.p.base_url': 'http://127.0.0.1:5/v1',
      'model_providers.p.wire_api': 'responses',
      'model_providers.p.supports_websockets': false,
      'model_providers.p.requires_openai_auth': true,
      'model_providers.p.request_max_retries': 0,
      'model_providers.p.stream_max_retries': 0,
    });
  });

  it('gives Codex its own CODEX_HOME and TMPDIR when asked', () => {
    const env = codexEnvironment({ PATH: '/bin' }, { codexHome: '/h/.codex', tmpDir: '/t' });
    expect(env).toMatchObject({ PATH: '/bin', CODEX_HOME: '/h/.codex', TMPDIR: '/t', TMP: '/t', TEMP: '/t' });
  });
});

const facts = (stdout: string, extra: Partial<{ stderr: string; exitCode: number; timedOut: boolean }> = {}) => ({ stdout, stderr: '', exitCode: 0, timedOut: false, ...extra });

describe('reading `codex exec --json`', () => {
  it('sees a completed turn through the WebSocket fallback noise, with usage and the final message', () => {
    // Lines as the pinned CLI printed them against a mock that refused WebSockets.
    const stdout = [
      '{"type":"thread.started","thread_id":"01a1fb97-e1d5-7652-bc93-60adfbd6945c"}',
      '{"type":"turn.started"}',
      '{"type":"error","message":"Reconnecting... 2/5 (unexpected status 200 OK: b9, url: ws://127.0.0.1:18234/v1/responses)"}',
      '{"type":"item.completed","item":{"id":"item_0","type":"error","message":"Falling back from WebSockets to HTTPS transport."}}',
      '{"type":"item.completed","item":{"id":"item_1","type":"agent_message","text":"ready"}}',
      '{"type":"turn.completed","usage":{"input_tokens":10,"cached_input_tokens":0,"cache_write_input_tokens":0,"output_tokens":2,"reasoning_output_tokens":0}}',
    ].join('\n');
    const outcome = classifyExecRun(facts(stdout));
    expect(outcome).toMatchObject({ kind: 'completed', finalMessage: 'ready', usage: { input_tokens: 10, output_tokens: 2 } });
  });

  it('classifies failed turns by their message', () => {
    const failed = (message: string) => classifyExecRun(facts(`${JSON.stringify({ type: 'turn.failed', error: { message } })}\nnot json at all`, { exitCode: 1 }));
    expect(failed('Quota exceeded. Check your plan and billing details.')).toMatchObject({ kind: 'failed', failure: 'quota' });
    expect(failed('unexpected status 401 Unauthorized: Incorrect API key provided: sk-test-***0000').failure).toBe('invalid_key');
    expect(failed('unexpected status 403 Forbidden: Country, region, or territory not supported').failure).toBe('region');
    expect(failed('exceeded retry limit, last status: 429 Too Many Requests').failure).toBe('rate_limited');
    expect(failed('The model `x` does not exist or you do not have access to it.').failure).toBe('model_not_found');
    expect(failed('Your organization must be verified to use the model `o3`.').failure).toBe('org_verification');
    expect(failed('something new').failure).toBe('unknown');
  });

  it('calls a run our timeout ended a network failure, refined by what Codex said while retrying', () => {
    expect(classifyExecRun(facts('{"type":"turn.started"}', { timedOut: true, exitCode: undefined as never }))).toMatchObject({ kind: 'timed_out', failure: 'network' });
    const refused = '{"type":"error","message":"Reconnecting... 5/5 (stream disconnected before completion: Connection refused (os error 111))"}';
    expect(classifyExecRun(facts(refused, { timedOut: true })).failure).toBe('refused');
    expect(classifyFailureMessage('error sending request: dns error: failed to lookup address information')).toBe('dns');
    expect(classifyFailureMessage('invalid peer certificate: UnknownIssuer')).toBe('tls');
    expect(classifyFailureMessage('failed to lookup address information: Name does not resolve')).toBe('dns');
  });

  it('reads every error line and keeps the most specific cause, not the last words', () => {
    const lines = [
      '{"type":"error","message":"Reconnecting... 2/5 (stream disconnected before completion: Connection refused (os error 111))"}',
      '{"type":"item.completed","item":{"id":"item_0","type":"error","message":"Falling back from WebSockets to HTTPS transport. stream disconnected before completion: Connection refused (os error 111)"}}',
      '{"type":"error","message":"Reconnecting... waiting for network (Connection failed: error sending request)"}',
    ].join('\n');
    const outcome = classifyExecRun(facts(lines, { timedOut: true }));
    expect(outcome.failure).toBe('refused');
    expect(outcome.message).toMatch(/Connection refused/);
    // An API answer beats the connection trouble around it.
    expect(mostSpecific(['network', 'invalid_key', 'refused'])).toBe('invalid_key');
    // A log timestamp holding "401" is not an HTTP status.
    expect(classifyExecRun(facts('', { exitCode: 1, stderr: '2026-11-29T00:42:26.401Z ERROR codex_api: failed to connect to Responses WebSocket' })).failure).toBe('unknown');
  });

  it('says stop once Codex names the same settled network cause twice, and not for one hiccup or an API error', () => {
    const refused = '{"type":"error","message":"Reconnecting... 2/5 (stream disconnected before completion: Connection refused (os error 111))"}';
    const watch = networkCauseWatcher();
    expect(watch('{"type":"turn.started"}')).toBe(false);
    expect(watch(refused)).toBe(false);
    expect(watch(refused)).toBe(true);
    const other = networkCauseWatcher();
    expect(other('{"type":"error","message":"unexpected status 401 Unauthorized"}')).toBe(false);
    expect(other('{"type":"error","message":"unexpected status 401 Unauthorized"}')).toBe(false);
    expect(other('not json')).toBe(false);
  });

  it('falls back to the last meaningful stderr line when there are no JSON lines', () => {
    const outcome = classifyExecRun(facts('', { exitCode: 1, stderr: 'Reading additional input from stdin...\nError: boom happened\n' }));
    expect(outcome).toMatchObject({ kind: 'failed', message: 'Error: boom happened' });
  });
});

describe('reading login status and auth.json', () => {
  it('maps the texts and exit codes of the real CLI', () => {
    expect(parseLoginStatus(0, 'API key configured - sk-test-***01234\nAuthentication is checked when you send a request.')).toBe('api_key');
    expect(parseLoginStatus(0, 'Logged in using ChatGPT')).toBe('chatgpt');
    expect(parseLoginStatus(1, 'Not logged in')).toBe('not_logged_in');
    expect(parseLoginStatus(1, 'Error checking login status: failed to deserialize CLI auth from file: EOF')).toBe('auth_file_corrupt');
    expect(parseLoginStatus(1, 'Error loading configuration: CODEX_HOME points to "/x", but that path does not exist')).toBe('codex_home_missing');
    expect(parseLoginStatus(0, 'Logged in somehow')).toBe('logged_in_other');
    // Wordings read from the 0.169.0 binary: "API key" alone does not mean an OpenAI key.
    expect(parseLoginStatus(0, 'Logged in using Amazon Bedrock API key')).toBe('bedrock');
    expect(parseLoginStatus(0, 'Logged in using Amazon Bedrock AWS access keys')).toBe('bedrock');
    expect(parseLoginStatus(0, 'Logged in using personal access token')).toBe('personal_access_token');
    expect(parseLoginStatus(0, 'Logged in using access token')).toBe('access_token');
    expect(parseLoginStatus(0, 'Logged in using workload identity')).toBe('workload_identity');
    expect(parseLoginStatus(0, 'Logged in using an API key - sk-proj-***ABCDE')).toBe('api_key');
    // Anchored: a later line mentioning ChatGPT or an API key does not change what the first line says.
    expect(parseLoginStatus(0, 'Logged in using Amazon Bedrock API key\nTip: an API key configured for ChatGPT')).toBe('bedrock');
    expect(parseLoginStatus(2, '???')).toBe('unknown');
  });

  it('reads the saved key as an ApiKey, never as text', () => {
    const state = interpretAuthFile('{"auth_mode":"apikey","OPENAI_API_KEY":"sk-proj-abcdefghijklmnop1234"}');
    expect(state.kind).toBe('apikey');
    expect(JSON.stringify(state)).not.toContain('abcdefghijklmnop');
    expect(interpretAuthFile('{"OPENAI_API_KEY":null,"tokens":{"id_token":"x"}}').kind).toBe('chatgpt');
    expect(interpretAuthFile('{oops').kind).toBe('corrupt');
    expect(interpretAuthFile('[1,2]').kind).toBe('corrupt');
  });
});

describe('finding codex', () => {
  it('reads a Windows Path spelled any way and starts an npm .cmd shim through its JavaScript wrapper', async () => {
    expect(pathEntries({ Path: 'C:\\a;"C:\\b c";' }, 'win32')).toEqual(['C:\\a', 'C:\\b c']);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'find-codex-'));
    try {
      await fs.writeFile(path.join(dir, 'codex.cmd'), '@node "%~dp0\\node_modules\\@openai\\codex\\bin\\codex.js" %*');
      const wrapper = path.join(dir, 'node_modules', '@openai', 'codex', 'bin');
      await fs.mkdir(wrapper, { recursive: true });
      await fs.writeFile(path.join(wrapper, 'codex.js'), '');
      const hit = await findOnPath('codex', { env: { PATH: dir, PATHEXT: '.EXE;.CMD' }, platform: 'win32' });
      expect(hit?.path).toBe(path.join(dir, 'codex.cmd'));
      expect(await invocationFor(hit!.path, 'win32')).toEqual({ path: path.join(dir, 'codex.cmd'), file: process.execPath, prefixArgs: [path.join(wrapper, 'codex.js')] });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
