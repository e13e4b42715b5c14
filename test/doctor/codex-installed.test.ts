import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOGGED_IN_KEY, VERSION_OK, writeFakeCodex } from './helpers/fake-codex.js';
import { doctorJson } from './helpers/run.js';
import { makeSandbox, writeScript, type Sandbox } from './helpers/sandbox.js';

/** codex.installed and codex.version against fake `codex` programs on a sandboxed PATH. */
let box: Sandbox;
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

const only = ['codex.installed', 'codex.version'];

async function installUnderNpmPrefix(pkgDir: string[], name: string, script: string): Promise<string> {
  const dir = path.join(box.npmPrefix, 'lib', 'node_modules', ...pkgDir);
  await fs.mkdir(path.join(dir, 'bin'), { recursive: true });
  await fs.writeFile(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0' }));
  const entry = await writeScript(path.join(dir, 'bin'), 'codex.js', script);
  await fs.mkdir(path.join(box.npmPrefix, 'bin'), { recursive: true });
  await fs.symlink(entry, path.join(box.npmPrefix, 'bin', 'codex'));
  return entry;
}

describe('codex.installed', () => {
  it('finds the Codex CLI on PATH and reports its version', async () => {
    await writeFakeCodex(box.bin, { version: VERSION_OK, loginStatus: LOGGED_IN_KEY });
    const { check, code } = await doctorJson(box, { only });
    expect(check('codex.installed')).toMatchObject({ status: 'ok', code: 'codex_found' });
    expect(check('codex.installed').summary).toContain(path.join(box.bin, 'codex'));
    expect(check('codex.version')).toMatchObject({ status: 'ok', code: 'codex_version_ok' });
    expect(check('codex.version').summary).toContain('0.169.0');
    expect(code).toBe(0);
  });

  it('tells someone whose npm global folder is not on PATH to add that folder, for their shell', async () => {
    await installUnderNpmPrefix(['@openai', 'codex'], '@openai/codex', 'echo codex-cli 0.169.0\n');
    const { check, code } = await doctorJson(box, { only });
    const installed = check('codex.installed');
    expect(installed).toMatchObject({ status: 'fail', code: 'codex_not_on_path' });
    expect(installed.summary).toContain(path.join(box.npmPrefix, 'bin'));
    expect(installed.fix?.commands).toEqual([
      `echo 'export PATH="${path.join(box.npmPrefix, 'bin')}:$PATH"' >> ~/.bashrc`,
      `export PATH="${path.join(box.npmPrefix, 'bin')}:$PATH"`,
    ]);
    expect(check('codex.version').status).toBe('skip');
    expect(code).toBe(1);
  });

  it('writes the PATH fix into ~/.zshrc for zsh users and uses fish_add_path for fish users', async () => {
    await installUnderNpmPrefix(['@openai', 'codex'], '@openai/codex', 'echo codex-cli 0.169.0\n');
    const zsh = await doctorJson(box, { only }, { SHELL: '/bin/zsh' });
    expect(zsh.check('codex.installed').fix?.commands?.[0]).toMatch(/>> ~\/\.zshrc$/);
    const fish = await doctorJson(box, { only }, { SHELL: '/usr/bin/fish' });
    expect(fish.check('codex.installed').fix?.commands).toEqual([`fish_add_path ${path.join(box.npmPrefix, 'bin')}`]);
  });

  it('spots the unrelated npm package "codex" installed instead of @openai/codex', async () => {
    await installUnderNpmPrefix(['codex'], 'codex', 'echo "codex 0.2.3"\n');
    const hidden = await doctorJson(box, { only });
    expect(hidden.check('codex.installed')).toMatchObject({ status: 'fail', code: 'codex_wrong_package' });
    expect(hidden.check('codex.installed').fix?.commands).toContain('npm uninstall -g codex');

    // …and the same when that package's `codex` is the one on PATH.
    await fs.symlink(path.join(box.npmPrefix, 'bin', 'codex'), path.join(box.bin, 'codex'));
    const onPath = await doctorJson(box, { only });
    expect(onPath.check('codex.installed')).toMatchObject({ status: 'fail', code: 'codex_wrong_package' });
    expect(onPath.check('codex.version').status).toBe('skip');
  });

  it('tells someone whose install lacks the platform binary to reinstall', async () => {
    await writeFakeCodex(box.bin, {
      version: { stderr: 'Missing optional dependency @openai/codex-linux-x64. Reinstall Codex: npm install -g @openai/codex@latest', exit: 1 },
    });
    const { check } = await doctorJson(box, { only });
    expect(check('codex.installed')).toMatchObject({ status: 'fail', code: 'codex_broken_install' });
    expect(check('codex.installed').summary).toContain('@openai/codex-linux-x64');
    expect(check('codex.installed').fix?.commands).toEqual(['npm uninstall -g @openai/codex', 'npm install -g @openai/codex@latest']);
  });

  it('gives install commands when Codex is nowhere, and skips the checks that need it', async () => {
    const { check, code } = await doctorJson(box, { only: [...only, 'codex.auth'] });
    expect(check('codex.installed')).toMatchObject({ status: 'fail', code: 'codex_not_found' });
    expect(check('codex.installed').fix?.commands).toContain('npm install -g @openai/codex@latest');
    expect(check('codex.version')).toMatchObject({ status: 'skip', code: 'codex_missing' });
    expect(check('codex.auth')).toMatchObject({ status: 'skip', code: 'codex_missing' });
    expect(code).toBe(1);
  });

  it('does not count the kit\'s own copy that npx puts on PATH as an installed Codex', async () => {
    const injected = path.join(box.root, 'kit', 'node_modules', '.bin');
    await fs.mkdir(injected, { recursive: true });
    await writeFakeCodex(injected, { version: VERSION_OK });
    const env = { PATH: `${injected}${path.delimiter}${box.env.PATH}`, npm_command: 'exec' };
    const { check } = await doctorJson(box, { only }, env);
    expect(check('codex.installed')).toMatchObject({ status: 'fail', code: 'codex_not_found' });
    expect(check('codex.installed').details?.join('\n')).toContain(`ignored ${path.join(injected, 'codex')}`);

    // Outside npm/npx the same folder on PATH is the participant's own choice, and counts.
    const direct = await doctorJson(box, { only }, { PATH: env.PATH });
    expect(direct.check('codex.installed').code).toBe('codex_found');
  });
});

describe('codex.version', () => {
  it('fails a Codex older than the profile minimum with the update command', async () => {
    await writeFakeCodex(box.bin, { version: { stdout: 'codex-cli 0.120.4' } });
    const { check, code } = await doctorJson(box, { only });
    expect(check('codex.version')).toMatchObject({ status: 'fail', code: 'codex_too_old' });
    expect(check('codex.version').summary).toContain('0.120.4');
    expect(check('codex.version').summary).toContain('0.169.0');
    expect(check('codex.version').fix?.commands).toEqual(['npm install -g @openai/codex@latest']);
    expect(code).toBe(1);
  });

  it('uses the minimum from the workshop profile', async () => {
    await writeFakeCodex(box.bin, { version: VERSION_OK });
    const profile = path.join(box.root, 'profile.json');
    await fs.writeFile(profile, JSON.stringify({ minCodexVersion: '0.200.0' }));
    const { check } = await doctorJson(box, { only, profile });
    expect(check('codex.version')).toMatchObject({ status: 'fail', code: 'codex_too_old' });
    expect(check('codex.version').summary).toContain('0.200.0');
  });
});

describe('codex.installed under WSL', () => {
  it('explains that the Windows copy of Codex found through /mnt/c cannot run inside WSL', async () => {
    const { probeCodex } = await import('../../src/doctor/codex-probe.js');
    const { codexInstalledCheck } = await import('../../src/doctor/checks/codex-installed.js');
    const { fakeContext, platform } = await import('./helpers/context.js');
    const ctx = fakeContext({ platform: platform({ os: 'wsl', label: 'WSL (bash)' }) });
    // Pretend the lookup found the Windows npm shim, which fails for lack of the Linux binary.
    await ctx.memo('codex.probe', async () => ({
      found: { path: '/mnt/c/Users/ana/AppData/Roaming/npm/codex', file: '/mnt/c/Users/ana/AppData/Roaming/npm/codex', prefixArgs: [] },
      skippedNpmInjected: [],
      missingPlatformPackage: '@openai/codex-linux-x64',
    }));
    expect((await probeCodex(ctx)).found?.path).toMatch(/^\/mnt\/c\//);
    const result = await codexInstalledCheck.run(ctx);
    expect(result).toMatchObject({ status: 'fail', code: 'codex_broken_install' });
    expect(result.summary).toMatch(/Windows copy/);
    expect(result.fix?.commands).toEqual(['npm install -g @openai/codex@latest']);
  });
});
