import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findSecrets, keyHint } from '../../src/core/secret.js';
import { deleteFilesInCommand } from '../../src/doctor/fixes.js';
import { EXEC_OK_LINES, LOGGED_IN_KEY, NOT_LOGGED_IN, VERSION_OK, fakeCodexCalls, writeFakeCodex } from './helpers/fake-codex.js';
import { platform } from './helpers/context.js';
import { doctorIn, doctorJson } from './helpers/run.js';
import { makeSandbox, readAllFiles, type Sandbox } from './helpers/sandbox.js';

/**
 * Issue 12, item 8: with OPENAI_API_KEY in its environment, `codex exec` writes the key in plain text
 * into $CODEX_HOME/shell_snapshots/*.sh (mode 0644). The fake codex here does what the real one does:
 * its `exec` dumps its whole environment into a snapshot file. The smoke test must give Codex the key
 * only through its saved login, and the doctor must warn about any key already sitting in a snapshot,
 * without ever printing it.
 */
const ENV_KEY = 'sk-proj-EnvKeyNeverForCodex0123456789abcdef';
const CODEX_KEY = 'sk-proj-CodexVarNeverForCodex0123456789abcd';
const SAVED_KEY = 'sk-proj-SavedLoginKey0123456789abcdefghijkl';

/** Like Codex: snapshot the environment Codex was started with, then answer. */
const SNAPSHOT_ENV = `mkdir -p "$CODEX_HOME/shell_snapshots"; env > "$CODEX_HOME/shell_snapshots/snapshot-$$.sh"; chmod 644 "$CODEX_HOME/shell_snapshots/snapshot-$$.sh"`;

let box: Sandbox;
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

async function savedLogin(): Promise<void> {
  await fs.writeFile(path.join(box.codexHome, 'auth.json'), JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: SAVED_KEY }), { mode: 0o600 });
}

async function snapshots(): Promise<Array<[string, string]>> {
  return readAllFiles(path.join(box.codexHome, 'shell_snapshots'));
}

function expectNoKeyIn(text: string, ...keys: string[]): void {
  for (const key of keys) {
    expect(text).not.toContain(key);
    expect(text).not.toContain(key.slice('sk-proj-'.length));
  }
}

describe('the smoke test keeps the key variables out of Codex', () => {
  it('runs Codex without OPENAI_API_KEY and CODEX_API_KEY, so no snapshot can hold them', async () => {
    await savedLogin();
    await writeFakeCodex(box.bin, { version: VERSION_OK, loginStatus: LOGGED_IN_KEY, exec: { sh: SNAPSHOT_ENV, stdout: EXEC_OK_LINES } });
    const { check } = await doctorJson(box, { only: ['codex.smoke'] }, { OPENAI_API_KEY: ENV_KEY, CODEX_API_KEY: CODEX_KEY });
    expect(check('codex.smoke')).toMatchObject({ status: 'ok', code: 'smoke_ok' });
    expect(check('codex.smoke').details).toContain("OPENAI_API_KEY and CODEX_API_KEY kept out of Codex's environment (it uses its saved login)");
    const written = await snapshots();
    // Codex really ran and snapshotted its environment: the proof is in what that environment lacked.
    expect(written).toHaveLength(1);
    expect(written[0]![1]).toContain('CODEX_HOME=');
    expect(written[0]![1]).not.toMatch(/^(OPENAI_API_KEY|CODEX_API_KEY)=/m);
    expectNoKeyIn(written[0]![1], ENV_KEY, CODEX_KEY, SAVED_KEY);
  });

  it('without a saved login, does not run Codex at all and gives the pasteable line that saves the key', async () => {
    await writeFakeCodex(box.bin, { version: VERSION_OK, loginStatus: NOT_LOGGED_IN, exec: { sh: SNAPSHOT_ENV, stdout: EXEC_OK_LINES } });
    const { check, stdout } = await doctorJson(box, { only: ['codex.smoke'] }, { OPENAI_API_KEY: ENV_KEY });
    expect(check('codex.smoke')).toMatchObject({ status: 'skip', code: 'not_logged_in', fix: { commands: ['printenv OPENAI_API_KEY | codex login --with-api-key'] } });
    expect(check('codex.smoke').summary).toContain('only through its saved login');
    expect((await fakeCodexCalls(box.bin)).some((c) => c.startsWith('exec'))).toBe(false);
    expect(await snapshots()).toEqual([]);
    expectNoKeyIn(stdout, ENV_KEY);
  });

  it('CODEX_API_KEY alone no longer stands in for a login (it would have been handed to Codex)', async () => {
    await writeFakeCodex(box.bin, { version: VERSION_OK, loginStatus: NOT_LOGGED_IN, exec: { sh: SNAPSHOT_ENV, stdout: EXEC_OK_LINES } });
    const { check } = await doctorJson(box, { only: ['codex.smoke'] }, { CODEX_API_KEY: CODEX_KEY, WORKSHOP_SHELL: 'powershell' });
    expect(check('codex.smoke')).toMatchObject({ status: 'skip', code: 'not_logged_in', fix: { commands: ['$env:CODEX_API_KEY | codex login --with-api-key'] } });
    expect(await snapshots()).toEqual([]);
  });

  it('shows the login fix under the skipped smoke line in the terminal', async () => {
    await writeFakeCodex(box.bin, { version: VERSION_OK, loginStatus: NOT_LOGGED_IN });
    const { stdout } = await doctorIn(box, { only: ['codex.smoke'] }, { OPENAI_API_KEY: ENV_KEY });
    expect(stdout).toMatch(/→ Save that key in Codex:\n\s+printenv OPENAI_API_KEY \| codex login --with-api-key/);
  });
});

describe('codex.snapshots', () => {
  /** What the participant's own `codex exec`, run with the key exported, leaves behind. */
  async function leakedSnapshot(key = ENV_KEY): Promise<string> {
    await writeFakeCodex(box.bin, { version: VERSION_OK, loginStatus: LOGGED_IN_KEY, exec: { sh: SNAPSHOT_ENV, stdout: EXEC_OK_LINES } });
    execFileSync(path.join(box.bin, 'codex'), ['exec', 'hello'], { env: { ...box.env, OPENAI_API_KEY: key } });
    const [[file, text]] = await snapshots();
    expect(text).toContain(key);
    return file;
  }

  it('is clean when there is no snapshot folder, or no key in it', async () => {
    expect((await doctorJson(box, { only: ['codex.snapshots'] })).check('codex.snapshots')).toMatchObject({ status: 'ok', code: 'shell_snapshots_clean' });
    await fs.mkdir(path.join(box.codexHome, 'shell_snapshots'));
    await fs.writeFile(path.join(box.codexHome, 'shell_snapshots', 'a.sh'), 'export PATH=/usr/bin\nexport EDITOR=vim\n');
    expect((await doctorJson(box, { only: ['codex.snapshots'] })).check('codex.snapshots')).toMatchObject({ status: 'ok', code: 'shell_snapshots_clean' });
  });

  it('warns about a key Codex copied into a snapshot, with the hint only, and the command that deletes them', async () => {
    const file = await leakedSnapshot();
    const run = await doctorJson(box, { only: ['codex.snapshots'] });
    const found = run.check('codex.snapshots');
    expect(found).toMatchObject({ status: 'warn', code: 'key_in_shell_snapshots' });
    expect(found.summary).toContain(keyHint(ENV_KEY));
    expect(found.fix?.commands).toEqual([`rm -f ${box.codexHome}/shell_snapshots/*`]);
    expect(found.details).toEqual([`${file}: ${keyHint(ENV_KEY)}`]);
    expect(run.code).toBe(0); // a warning: the laptop is still ready
    expectNoKeyIn(run.stdout + run.stderr, ENV_KEY);
  });

  it('finds a key that is not sk-shaped when it is one the doctor knows (the saved login), and never prints it', async () => {
    const odd = 'company-gateway-token-0123456789';
    await fs.writeFile(path.join(box.codexHome, 'auth.json'), JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: odd }));
    await leakedSnapshot(odd);
    for (const verbose of [false, true]) {
      const screen = await doctorIn(box, { only: ['codex.snapshots'], verbose });
      expect(screen.stdout).toContain('key_in_shell_snapshots');
      expect(screen.stdout).toContain(keyHint(odd));
      expect(screen.stdout + screen.stderr).not.toContain(odd);
    }
    // Nothing the doctor wrote holds it either.
    for (const [name, text] of await readAllFiles(box.workshopHome)) expect(text, name).not.toContain(odd);
  });

  it('also says to take the key out of the environment when it is still exported', async () => {
    await leakedSnapshot();
    const { check } = await doctorJson(box, { only: ['codex.snapshots'] }, { OPENAI_API_KEY: ENV_KEY });
    expect(check('codex.snapshots').fix?.commands).toEqual([`rm -f ${box.codexHome}/shell_snapshots/*`, 'unset OPENAI_API_KEY']);
    expect(check('codex.snapshots').fix?.text).toContain('keep the key out of the environment Codex starts in');
  });

  it('the delete command really removes the snapshots (and nothing else)', async () => {
    await leakedSnapshot();
    await fs.writeFile(path.join(box.codexHome, 'keep.txt'), 'not a snapshot');
    const { check } = await doctorJson(box, { only: ['codex.snapshots'] });
    execFileSync('sh', ['-c', check('codex.snapshots').fix!.commands![0]!]);
    expect(await snapshots()).toEqual([]);
    expect(await fs.readFile(path.join(box.codexHome, 'keep.txt'), 'utf8')).toBe('not a snapshot');
    expect((await doctorJson(box, { only: ['codex.snapshots'] })).check('codex.snapshots').code).toBe('shell_snapshots_clean');
  });

  it('warns in Japanese, with the commands unchanged', async () => {
    await leakedSnapshot();
    const { stdout } = await doctorIn(box, { only: ['codex.snapshots'], lang: 'ja' });
    expect(stdout).toContain('API キー（sk-…cdef）が平文で書かれています');
    expect(stdout).toContain(`rm -f ${box.codexHome}/shell_snapshots/*`);
  });
});

describe('the delete command in each shell', () => {
  const dir = (win: boolean) => (win ? 'C:\\Users\\Aiko Tanaka\\.codex\\shell_snapshots' : '/home/aiko tanaka/.codex/shell_snapshots');
  it('quotes the folder and leaves the wildcard to the shell', () => {
    expect(deleteFilesInCommand(platform({ shell: 'bash' }), dir(false))).toBe(`rm -f '/home/aiko tanaka/.codex/shell_snapshots/'*`);
    expect(deleteFilesInCommand(platform({ shell: 'fish' }), dir(false))).toBe(`rm -f '/home/aiko tanaka/.codex/shell_snapshots/'*`);
    expect(deleteFilesInCommand(platform({ os: 'windows', shell: 'powershell' }), dir(true))).toBe(`Remove-Item -Force 'C:\\Users\\Aiko Tanaka\\.codex\\shell_snapshots\\*'`);
    expect(deleteFilesInCommand(platform({ os: 'windows', shell: 'cmd' }), dir(true))).toBe(`del /q "C:\\Users\\Aiko Tanaka\\.codex\\shell_snapshots\\*"`);
  });
});

describe('findSecrets', () => {
  it('finds sk- keys and known keys, once each, as hints only', () => {
    const keys = findSecrets(`OPENAI_API_KEY=${ENV_KEY}\nX=${ENV_KEY}\nT=tok-1234567890abc`, ['tok-1234567890abc']);
    expect(keys.map((k) => k.hint).sort()).toEqual([keyHint(ENV_KEY), keyHint('tok-1234567890abc')].sort());
    expect(JSON.stringify(keys)).not.toContain(ENV_KEY);
    expect(findSecrets('export PATH=/usr/bin')).toEqual([]);
  });
});
