import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOGGED_IN_KEY, NOT_LOGGED_IN, VERSION_OK, writeFakeCodex, type FakeReply } from './helpers/fake-codex.js';
import { doctorIn, doctorJson } from './helpers/run.js';
import { makeSandbox, type Sandbox } from './helpers/sandbox.js';

/** codex.auth: `codex login status` is the authority; files only explain failures. */
let box: Sandbox;
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

const KEY = 'sk-proj-AuthTestKey0123456789abcdefXYZ';

async function loginStatusSays(reply: FakeReply): Promise<void> {
  await writeFakeCodex(box.bin, { version: VERSION_OK, loginStatus: reply });
}

async function profileWith(fields: object): Promise<string> {
  const file = path.join(box.root, 'profile.json');
  await fs.writeFile(file, JSON.stringify(fields));
  return file;
}

const auth = (env: NodeJS.ProcessEnv = {}, profile?: string) => doctorJson(box, { only: ['codex.auth'], profile }, env);

describe('codex.auth', () => {
  it('accepts Codex logged in with an API key', async () => {
    await loginStatusSays(LOGGED_IN_KEY);
    await fs.writeFile(path.join(box.codexHome, 'auth.json'), JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: KEY }));
    const { check, code } = await auth();
    expect(check('codex.auth')).toMatchObject({ status: 'ok', code: 'logged_in_api_key' });
    expect(check('codex.auth').summary).toContain('sk-…fXYZ');
    expect(code).toBe(0);
  });

  it('also understands the older "Logged in using an API key" wording', async () => {
    await loginStatusSays({ stderr: 'Logged in using an API key - sk-proj-***ABCDE' });
    expect((await auth()).check('codex.auth').code).toBe('logged_in_api_key');
  });

  it('warns a ChatGPT sign-in when the workshop expects individual API keys, and accepts it when it does not', async () => {
    await loginStatusSays({ stderr: 'Logged in using ChatGPT' });
    const apiKeyWorkshop = await auth();
    expect(apiKeyWorkshop.check('codex.auth')).toMatchObject({ status: 'warn', code: 'logged_in_chatgpt' });
    expect(apiKeyWorkshop.check('codex.auth').fix?.commands?.[0]).toBe('codex logout');
    expect(apiKeyWorkshop.code).toBe(0);
    const chatgptWorkshop = await auth({}, await profileWith({ authMode: 'chatgpt' }));
    expect(chatgptWorkshop.check('codex.auth')).toMatchObject({ status: 'ok', code: 'logged_in_chatgpt' });
  });

  it('names an Amazon Bedrock login for what it is, never as an OpenAI API key', async () => {
    await loginStatusSays({ stderr: 'Logged in using Amazon Bedrock API key' });
    const apiKeyWorkshop = await auth();
    expect(apiKeyWorkshop.check('codex.auth')).toMatchObject({ status: 'warn', code: 'logged_in_bedrock' });
    expect(apiKeyWorkshop.check('codex.auth').summary).toMatch(/Amazon Bedrock/);
    expect(apiKeyWorkshop.check('codex.auth').fix?.commands?.[0]).toBe('codex logout');
    const keyCheck = await doctorJson(box, { only: ['api.key'] });
    expect(keyCheck.check('api.key')).toMatchObject({ status: 'skip', code: 'no_api_key' });
    expect(keyCheck.check('api.key').summary).toMatch(/Bedrock/);
    const anyWorkshop = await auth({}, await profileWith({ authMode: 'any' }));
    expect(anyWorkshop.check('codex.auth')).toMatchObject({ status: 'ok', code: 'logged_in_bedrock' });
  });

  const tokenLogins: Array<[string, string]> = [
    ['Logged in using personal access token', 'logged_in_personal_access_token'],
    ['Logged in using access token', 'logged_in_access_token'],
    ['Logged in using workload identity', 'logged_in_workload_identity'],
  ];
  for (const [said, code] of tokenLogins) {
    it(`names the token login "${said}" (${code}) instead of a generic "logged in"`, async () => {
      await loginStatusSays({ stderr: said });
      expect((await auth({}, await profileWith({ authMode: 'any' }))).check('codex.auth')).toMatchObject({ status: 'ok', code });
      expect((await auth()).check('codex.auth')).toMatchObject({ status: 'warn', code });
    });
  }

  it('says the Japanese sentence when the profile asks for Japanese, and keeps --json in English', async () => {
    await loginStatusSays({ stderr: 'Logged in using workload identity' });
    const profile = await profileWith({ authMode: 'any', language: 'ja' });
    const screen = await doctorIn(box, { only: ['codex.auth'], profile });
    expect(screen.stdout).toContain('Codex はワークロード ID でログインしています');
    const { check } = await auth({}, profile);
    expect(check('codex.auth')).toMatchObject({ code: 'logged_in_workload_identity', summary: 'Codex is logged in with a workload identity' });
  });

  it('tells someone who is not logged in how to save a key without echoing it', async () => {
    await loginStatusSays(NOT_LOGGED_IN);
    const { check, code } = await auth();
    expect(check('codex.auth')).toMatchObject({ status: 'fail', code: 'not_logged_in' });
    expect(check('codex.auth').fix?.commands).toEqual([`printf 'Paste your API key: '; read -rs KEY; echo; printf '%s' "$KEY" | codex login --with-api-key; unset KEY`]);
    expect(code).toBe(1);
  });

  it('tells someone whose key is only exported in the shell to pipe it into codex login', async () => {
    await loginStatusSays(NOT_LOGGED_IN);
    const { check } = await auth({ OPENAI_API_KEY: KEY });
    expect(check('codex.auth')).toMatchObject({ status: 'fail', code: 'env_key_not_logged_in' });
    expect(check('codex.auth').summary).toContain('OPENAI_API_KEY');
    expect(check('codex.auth').fix?.commands).toEqual(['printenv OPENAI_API_KEY | codex login --with-api-key']);
  });

  it('gives the PowerShell form of that fix to a PowerShell user', async () => {
    await loginStatusSays(NOT_LOGGED_IN);
    const { check } = await auth({ OPENAI_API_KEY: KEY, WORKSHOP_SHELL: 'powershell' });
    expect(check('codex.auth').fix?.commands).toEqual(['$env:OPENAI_API_KEY | codex login --with-api-key']);
  });

  it('catches the Windows cmd trap `set OPENAI_API_KEY="sk-…"` that keeps the quotes in the key', async () => {
    await loginStatusSays(NOT_LOGGED_IN);
    const { check } = await auth({ OPENAI_API_KEY: `"${KEY}"`, WORKSHOP_SHELL: 'cmd' });
    expect(check('codex.auth')).toMatchObject({ status: 'fail', code: 'key_has_quotes_or_spaces' });
    expect(check('codex.auth').fix?.commands).toEqual(['set OPENAI_API_KEY=sk-...your-key...', 'echo %OPENAI_API_KEY%| codex login --with-api-key']);
  });

  it('catches a saved key that has quotes or spaces around it', async () => {
    await loginStatusSays(LOGGED_IN_KEY);
    await fs.writeFile(path.join(box.codexHome, 'auth.json'), JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: ` ${KEY}\n` }));
    const { check } = await auth();
    expect(check('codex.auth')).toMatchObject({ status: 'fail', code: 'key_has_quotes_or_spaces' });
    expect(check('codex.auth').fix?.commands?.[0]).toBe('codex logout');
  });

  it('tells someone whose saved login is damaged to move the file aside and log in again', async () => {
    await loginStatusSays({ stderr: 'Error checking login status: failed to deserialize CLI auth from file: expected value at line 1 column 1', exit: 1 });
    await fs.writeFile(path.join(box.codexHome, 'auth.json'), '{not json');
    const { check } = await auth();
    expect(check('codex.auth')).toMatchObject({ status: 'fail', code: 'auth_file_corrupt' });
    const file = path.join(box.codexHome, 'auth.json');
    expect(check('codex.auth').fix?.commands?.[0]).toBe(`mv ${file} ${file}.broken`);
  });

  it('tells someone whose CODEX_HOME points nowhere to create it', async () => {
    const missing = path.join(box.root, 'no-such-codex-home');
    await loginStatusSays({ stderr: `Error loading configuration: CODEX_HOME points to "${missing}", but that path does not exist`, exit: 1 });
    const { check } = await auth({ CODEX_HOME: missing });
    expect(check('codex.auth')).toMatchObject({ status: 'fail', code: 'codex_home_missing' });
    expect(check('codex.auth').fix?.commands?.[0]).toBe(`mkdir -p ${missing}`);
  });

  it('still recognises a missing CODEX_HOME when a future Codex words the error differently', async () => {
    const missing = path.join(box.root, 'gone');
    await loginStatusSays({ stderr: 'configuration problem', exit: 1 });
    expect((await auth({ CODEX_HOME: missing })).check('codex.auth').code).toBe('codex_home_missing');
  });

  it('reports an unrecognised answer as a failed check rather than guessing', async () => {
    await loginStatusSays({ stderr: 'something unexpected happened', exit: 3 });
    const { check } = await auth();
    expect(check('codex.auth')).toMatchObject({ status: 'fail', code: 'auth_check_failed' });
    expect(check('codex.auth').details?.join('\n')).toContain('something unexpected happened');
  });

  it('trusts the exit code, not the files: an auth.json is not a login when Codex says "Not logged in"', async () => {
    await loginStatusSays(NOT_LOGGED_IN);
    await fs.writeFile(path.join(box.codexHome, 'auth.json'), JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: KEY }));
    expect((await auth()).check('codex.auth').code).toBe('not_logged_in');
  });
});
