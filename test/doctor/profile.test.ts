import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadProfile, profileSchemaFiles } from '../../src/profile/profile.js';

/** The workshop profile: shipped default, --profile / WORKSHOP_PROFILE, validation, published schema. */
let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'workshop-profile-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function write(name: string, value: unknown): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

describe('the workshop profile', () => {
  it('ships a default that loads, with the documented defaults filled in', async () => {
    const { profile, path: from } = await loadProfile({ env: {} });
    expect(from).toMatch(/profiles[\\/]default\.json$/);
    expect(profile).toMatchObject({ minCodexVersion: '0.169.0', authMode: 'api-key', requestTimeoutSeconds: 5, smoke: { enabled: false, timeoutSeconds: 60 } });
  });

  it('is taken from WORKSHOP_PROFILE, and --profile wins over it', async () => {
    const fromEnv = await write('env.json', { name: 'From env' });
    const fromFlag = await write('flag.json', { name: 'From flag' });
    expect((await loadProfile({ env: { WORKSHOP_PROFILE: fromEnv } })).profile.name).toBe('From env');
    expect((await loadProfile({ flag: fromFlag, env: { WORKSHOP_PROFILE: fromEnv } })).profile.name).toBe('From flag');
  });

  it('is rejected with the file and the field named when it is wrong', async () => {
    const typo = await write('typo.json', { minCodexVersion: '0.169.0', smoke: { enabld: true } });
    await expect(loadProfile({ flag: typo, env: {} })).rejects.toThrow(/typo\.json is invalid: smoke: Unrecognized key: "enabld"/);
    const badMode = await write('mode.json', { authMode: 'password' });
    await expect(loadProfile({ flag: badMode, env: {} })).rejects.toThrow(/authMode/);
    const notJson = await write('broken.json', '{ "name": ');
    await expect(loadProfile({ flag: notJson, env: {} })).rejects.toThrow(/broken\.json is not valid JSON/);
  });

  it('accepts a UTF-8 byte order mark (Windows Notepad saves one)', async () => {
    const bom = await write('bom.json', `\uFEFF${JSON.stringify({ name: 'BOM' })}`);
    expect((await loadProfile({ flag: bom, env: {} })).profile.name).toBe('BOM');
  });

  it('has a published JSON Schema that is exactly what the zod schema generates', async () => {
    for (const [name, content] of Object.entries(profileSchemaFiles())) {
      expect(await fs.readFile(path.resolve('schemas', name), 'utf8'), `regenerate with: npm run schemas`).toBe(content);
    }
    const schema = JSON.parse(profileSchemaFiles()['profile.schema.json']!);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['minCodexVersion', 'authMode', 'apiBase', 'model', 'smoke', 'workspace', 'language']));
    expect(schema.additionalProperties).toBe(false);
    // The shipped profile points editors at it.
    const shipped = JSON.parse(await fs.readFile(path.resolve('profiles/default.json'), 'utf8'));
    expect(path.resolve('profiles', shipped.$schema)).toBe(path.resolve('schemas/profile.schema.json'));
  });

  it('is checked by the schema generator script (npm run schemas / --check)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/generate-schemas.mjs', '--check', 'profile.schema.json']);
    expect(stdout).toContain('1 schema file(s) up to date');
  });
});
