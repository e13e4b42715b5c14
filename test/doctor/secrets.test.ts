import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedPort, startApiMock, type ApiMock, type ApiMode } from './helpers/api-mock.js';
import { EXEC_OK_LINES, NOT_LOGGED_IN, VERSION_OK, fakeCodexCalls, writeFakeCodex, type FakeCodexSpec } from './helpers/fake-codex.js';
import { runWorkshop } from '../support/run-workshop.js';
import { doctorIn } from './helpers/run.js';
import { makeSandbox, readAllFiles, type Sandbox } from './helpers/sandbox.js';

/**
 * The promise: a participant's API key never appears in anything the doctor prints, stores or
 * records, even when a child process (here a fake codex) echoes it back in full. Every scenario runs
 * with one known fake key, in the terminal (verbose) and as JSON, and every output and every file the
 * doctor could write is searched for the key's full text.
 */
const KEY = 'sk-proj-SECRETfakeKEY0123456789abcdefghijklmn';
const KEY_BODY = KEY.slice('sk-proj-'.length);

let api: ApiMock;
let tlsApi: ApiMock;
beforeAll(async () => {
  api = await startApiMock();
  tlsApi = await startApiMock({ tls: 'self-signed' });
});
afterAll(async () => {
  await api.close();
  await tlsApi.close();
});

/** Shell snippet: puts the saved key's full text into $K (the way a careless error message would). */
const READ_KEY = `K=$(sed -n 's/.*"OPENAI_API_KEY":"\\([^"]*\\)".*/\\1/p' "$CODEX_HOME/auth.json" 2>/dev/null); [ -n "$K" ] || K="$OPENAI_API_KEY$CODEX_API_KEY"`;
const echoKey = (where: 'stdout' | 'stderr', template: string) => `${READ_KEY}; printf '%s\\n' "${template}" ${where === 'stderr' ? '>&2' : ''}`;

interface Scenario {
  name: string;
  env?: NodeJS.ProcessEnv;
  savedKey?: string;
  codex?: FakeCodexSpec;
  api?: ApiMode | 'refused' | 'tls';
}

const leakyLogin = { sh: echoKey('stderr', 'API key configured - $K'), stdout: '' };
const scenarios: Scenario[] = [
  { name: 'key only exported in the shell', env: { OPENAI_API_KEY: KEY }, codex: { version: VERSION_OK, loginStatus: NOT_LOGGED_IN } },
  { name: 'key exported with quotes (Windows cmd trap)', env: { OPENAI_API_KEY: `"${KEY}"`, WORKSHOP_SHELL: 'cmd' }, codex: { version: VERSION_OK, loginStatus: NOT_LOGGED_IN } },
  { name: 'saved key with spaces around it', savedKey: `  ${KEY} `, codex: { version: VERSION_OK, loginStatus: leakyLogin } },
  { name: 'CODEX_API_KEY in the environment', env: { CODEX_API_KEY: KEY }, codex: { version: VERSION_OK, loginStatus: leakyLogin, exec: { stdout: EXEC_OK_LINES } } },
  { name: 'login status that echoes the whole key', savedKey: KEY, codex: { version: VERSION_OK, loginStatus: leakyLogin, exec: { stdout: EXEC_OK_LINES } } },
  { name: 'login status failing with the key in its error', savedKey: KEY, codex: { version: VERSION_OK, loginStatus: { sh: echoKey('stderr', 'weird failure reading key $K'), exit: 3 } } },
  { name: '--version of a wrong program that prints the key', env: { OPENAI_API_KEY: KEY }, codex: { version: { sh: echoKey('stdout', 'my codex $K') } } },
  {
    name: 'smoke test failing with the key in its message',
    savedKey: KEY,
    codex: { version: VERSION_OK, loginStatus: leakyLogin, exec: { sh: `${READ_KEY}; printf '{"type":"turn.failed","error":{"message":"Incorrect API key provided: %s"}}\\n' "$K"`, exit: 1 } },
  },
  {
    name: 'smoke test whose answer repeats the key',
    savedKey: KEY,
    codex: { version: VERSION_OK, loginStatus: leakyLogin, exec: { sh: `${READ_KEY}; printf '{"type":"item.completed","item":{"type":"agent_message","text":"your key is %s"}}\\n{"type":"turn.completed"}\\n' "$K"` } },
  },
  { name: 'smoke test timing out after printing the key', savedKey: KEY, codex: { version: VERSION_OK, loginStatus: leakyLogin, exec: { sh: echoKey('stderr', 'retrying with $K'), hang: true } } },
  ...(['ok', 'invalid_key', 'not_member', 'region', 'quota', 'rate', 'hang', 'html', 'server_error'] as const).map(
    (mode): Scenario => ({ name: `API answering ${mode}`, savedKey: KEY, api: mode, codex: { version: VERSION_OK, loginStatus: leakyLogin, exec: { stdout: EXEC_OK_LINES } } }),
  ),
  { name: 'API refusing connections', savedKey: KEY, api: 'refused' },
  {
    name: 'codex doctor --json and debug models repeating the key in their findings',
    savedKey: KEY,
    env: { OPENAI_BASE_URL: 'https://gateway.example.com/v1' },
    codex: {
      version: VERSION_OK,
      loginStatus: leakyLogin,
      exec: { stdout: EXEC_OK_LINES },
      doctor: { sh: `${READ_KEY}; printf '{"schemaVersion":1,"checks":{"config.load":{"category":"config","status":"fail","summary":"bad key %s","details":{"file":"x","line":"1","column":"1","error":"%s"}},"sandbox.helpers":{"category":"sandbox","status":"fail","summary":"no sandbox %s","remediation":"use %s"},"ws":{"category":"websocket","status":"warning","summary":"%s"}}}\n' "$K" "$K" "$K" "$K" "$K"`, exit: 1 },
      debugModels: { sh: `${READ_KEY}; printf '{"models":[{"slug":"%s","priority":1,"visibility":"list"}]}\n' "$K"` },
    },
  },
  {
    name: 'smoke test retrying a refused connection with the key in its messages',
    savedKey: KEY,
    codex: { version: VERSION_OK, loginStatus: leakyLogin, exec: { sh: `${READ_KEY}; for i in 1 2 3; do printf '{"type":"error","message":"Reconnecting... %s Connection refused (os error 111)"}\n' "$K"; done`, hang: true } },
  },
  {
    name: 'Bedrock login status that echoes the key',
    savedKey: KEY,
    codex: { version: VERSION_OK, loginStatus: { sh: echoKey('stderr', 'Logged in using Amazon Bedrock API key $K') } },
  },
  { name: 'API behind an untrusted certificate', savedKey: KEY, api: 'tls' },
];

async function prepare(scenario: Scenario): Promise<{ box: Sandbox; apiBase: string }> {
  const box = await makeSandbox(scenario.env);
  if (scenario.savedKey) await fs.writeFile(path.join(box.codexHome, 'auth.json'), JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: scenario.savedKey }));
  if (scenario.codex) await writeFakeCodex(box.bin, scenario.codex);
  api.setMode(scenario.api && scenario.api !== 'refused' && scenario.api !== 'tls' ? scenario.api : 'ok');
  const apiBase = scenario.api === 'refused' ? `http://127.0.0.1:${await refusedPort()}/v1` : scenario.api === 'tls' ? tlsApi.url : api.url;
  return { box, apiBase };
}

function expectNoKey(where: string, text: string): void {
  expect(text.includes(KEY), `${where} contains the full key`).toBe(false);
  expect(text.includes(KEY_BODY), `${where} contains the key's body`).toBe(false);
}

describe('the API key never leaks', () => {
  for (const scenario of scenarios) {
    it(`in any output, log or state file: ${scenario.name}`, async () => {
      const { box, apiBase } = await prepare(scenario);
      try {
        const terminal = await doctorIn(box, { verbose: true, smoke: true, apiBase, timeout: 1 });
        const json = await doctorIn(box, { json: true, smoke: true, apiBase, timeout: 1 });
        expectNoKey('terminal stdout', terminal.stdout);
        expectNoKey('terminal stderr', terminal.stderr);
        expectNoKey('JSON stdout', json.stdout);
        expectNoKey('JSON stderr', json.stderr);
        JSON.parse(json.stdout);
        // Every file the doctor may write: the event log and state (WORKSHOP_HOME), the workspace.
        const written = [...(await readAllFiles(box.workshopHome)), ...(await readAllFiles(box.workspace))];
        expect(written.some(([file]) => file.endsWith('events.jsonl'))).toBe(true);
        for (const [file, text] of written) expectNoKey(file, text);
        // The key is never put on a command line (other programs on the machine can read those).
        for (const call of await fakeCodexCalls(box.bin)) expectNoKey('codex arguments', call);
      } finally {
        await box.cleanup();
      }
    });
  }

  it('is sent over the network only to the API, only as the Authorization header', async () => {
    const { box, apiBase } = await prepare({ name: 'ok', savedKey: KEY, api: 'ok' });
    try {
      api.requests.length = 0;
      await doctorIn(box, { json: true, apiBase });
      expect(api.requests).toEqual([{ method: 'GET', path: '/v1/models', authorization: `Bearer ${KEY}` }]);
    } finally {
      await box.cleanup();
    }
  });

  it('stays hidden through the real command line too (main(), stderr, exit code)', async () => {
    const { box, apiBase } = await prepare(scenarios.find((s) => s.name === 'login status that echoes the whole key')!);
    try {
      const result = await runWorkshop(['doctor', '-v', '--smoke', '--api-base', apiBase, '--timeout', '2'], { env: box.env });
      expect(result.stdout).toContain('workshop doctor');
      expectNoKey('stdout', result.stdout);
      expectNoKey('stderr', result.stderr);
    } finally {
      await box.cleanup();
    }
  });
});
