import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectPlatform } from '../../src/doctor/platform.js';
import { doctorJson } from './helpers/run.js';
import { makeSandbox, writeScript, type Sandbox } from './helpers/sandbox.js';
import { platform, result } from './helpers/context.js';
import { networkProxyCheck } from '../../src/doctor/checks/network-proxy.js';
import { fakeContext } from './helpers/context.js';

/** node, git, workspace and network.proxy, in a sandbox. */
let box: Sandbox;
beforeEach(async () => {
  box = await makeSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

/** A PATH with our bin and a folder holding only `node` (no git, no npm). */
async function pathWithoutGit(): Promise<string> {
  const nodeOnly = path.join(box.root, 'node-only');
  await fs.mkdir(nodeOnly);
  await fs.symlink(process.execPath, path.join(nodeOnly, 'node'));
  return `${box.bin}${path.delimiter}${nodeOnly}`;
}

describe('node', () => {
  it('reports Node and npm versions', async () => {
    const { check } = await doctorJson(box, { only: ['node'] });
    expect(check('node')).toMatchObject({ status: 'ok', code: 'node_ok' });
    expect(check('node').summary).toBe(`Node.js ${process.versions.node}, npm 10.8.2`);
  });

  it('fails a Node older than 20.17 with install commands for the system', async () => {
    const mac = detectPlatform({ platform: 'darwin', env: { SHELL: '/bin/zsh' }, arch: 'arm64', nodeVersion: '18.19.0', readSystemFile: () => undefined });
    const { check } = await doctorJson(box, { only: ['node'] }, {});
    expect(check('node').code).toBe('node_ok');
    const { runDoctor } = await import('../../src/doctor/run-doctor.js');
    let out = '';
    const code = await runDoctor({ json: true, only: ['node'] }, { env: box.env, stdout: (t) => (out += t), stderr: () => undefined, context: { platform: mac } });
    const node = JSON.parse(out).checks[0];
    expect(node).toMatchObject({ status: 'fail', code: 'node_too_old' });
    expect(node.fix.commands[0]).toBe('brew install node');
    expect(code).toBe(1);
  });

  it('warns when npm is missing or old (needed to install and update Codex)', async () => {
    await fs.rm(path.join(box.bin, 'npm'));
    const missing = await doctorJson(box, { only: ['node'] }, { PATH: await pathWithoutGit() });
    expect(missing.check('node')).toMatchObject({ status: 'warn', code: 'npm_not_found' });
    await writeScript(box.bin, 'npm', 'echo 8.1.0\n');
    expect((await doctorJson(box, { only: ['node'] })).check('node')).toMatchObject({ status: 'warn', code: 'npm_too_old' });
  });
});

describe('git', () => {
  it('reports the Git version', async () => {
    const { check } = await doctorJson(box, { only: ['git'] });
    expect(check('git')).toMatchObject({ status: 'ok', code: 'git_ok' });
    expect(check('git').summary).toMatch(/^Git \d+\.\d+\.\d+$/);
  });

  it('fails when Git is missing, with the install command', async () => {
    const { check, code } = await doctorJson(box, { only: ['git'] }, { PATH: await pathWithoutGit() });
    expect(check('git')).toMatchObject({ status: 'fail', code: 'git_not_found' });
    expect(check('git').fix?.commands?.length).toBeGreaterThan(0);
    expect(code).toBe(1);
  });

  it("spots macOS's git stub without developer tools", async () => {
    await writeScript(box.bin, 'git', 'echo "xcrun: error: invalid active developer path (/Library/Developer/CommandLineTools), missing xcrun" >&2\nexit 1\n');
    const mac = detectPlatform({ platform: 'darwin', env: { SHELL: '/bin/zsh' }, arch: 'arm64', nodeVersion: '20.18.0', readSystemFile: () => undefined });
    const { runDoctor } = await import('../../src/doctor/run-doctor.js');
    let out = '';
    await runDoctor({ json: true, only: ['git'] }, { env: box.env, stdout: (t) => (out += t), stderr: () => undefined, context: { platform: mac } });
    const git = JSON.parse(out).checks[0];
    expect(git).toMatchObject({ status: 'fail', code: 'git_broken' });
    expect(git.fix.commands[0]).toBe('xcode-select --install');
    expect(git.details.join('\n')).toContain('invalid active developer path');
  });

  it('warns about a very old Git', async () => {
    await writeScript(box.bin, 'git', 'echo "git version 2.17.1"\n');
    expect((await doctorJson(box, { only: ['git'] })).check('git')).toMatchObject({ status: 'warn', code: 'git_too_old' });
  });
});

describe('workspace', () => {
  async function withWorkspace(workspace: string) {
    const profile = path.join(box.root, 'profile.json');
    await fs.writeFile(profile, JSON.stringify({ workspace }));
    return doctorJson(box, { only: ['workspace'], profile });
  }

  it('creates the exercise folder under the home folder by default and checks it takes a file', async () => {
    const { check } = await doctorJson(box, { only: ['workspace'] });
    expect(check('workspace')).toMatchObject({ status: 'ok', code: 'workspace_ok' });
    expect(check('workspace').summary).toMatch(/^~.codex-workshop is ready \(\d+\.\d GB free\)$/);
    expect((await fs.stat(box.workspace)).isDirectory()).toBe(true);
    expect(await fs.readdir(box.workspace)).toEqual([]);
  });

  it("uses the profile's folder, with ~ meaning the home folder", async () => {
    const { check } = await withWorkspace('~/work/ws');
    expect(check('workspace').code).toBe('workspace_ok');
    expect((await fs.stat(path.join(box.home, 'work', 'ws'))).isDirectory()).toBe(true);
  });

  it('fails when a file stands where the folder should be', async () => {
    await fs.writeFile(path.join(box.home, 'blocked'), 'x');
    expect((await withWorkspace('~/blocked/ws')).check('workspace')).toMatchObject({ status: 'fail', code: 'workspace_not_a_folder' });
  });

  it.skipIf(process.getuid?.() === 0)('fails when the folder cannot be written', async () => {
    const locked = path.join(box.home, 'locked');
    await fs.mkdir(locked, { mode: 0o500 });
    expect((await withWorkspace('~/locked/ws')).check('workspace')).toMatchObject({ status: 'fail', code: 'workspace_not_writable' });
  });

  it('warns when the folder is synced by OneDrive, Dropbox or iCloud', async () => {
    for (const [folder, service] of [
      ['~/OneDrive - Contoso/codex-workshop', 'OneDrive'],
      ['~/Dropbox/ws', 'Dropbox'],
      ['~/Library/Mobile Documents/com~apple~CloudDocs/ws', 'iCloud Drive'],
    ]) {
      const { check, code } = await withWorkspace(folder!);
      expect(check('workspace')).toMatchObject({ status: 'warn', code: 'workspace_cloud_synced' });
      expect(check('workspace').summary).toContain(service);
      expect(code).toBe(0);
    }
  });

  it('fails a nearly full disk and warns a low one', async () => {
    const { runDoctor } = await import('../../src/doctor/run-doctor.js');
    const run = async (free: number) => {
      let out = '';
      await runDoctor({ json: true, only: ['workspace'] }, { env: box.env, stdout: (t) => (out += t), stderr: () => undefined, context: { freeBytes: async () => free } });
      return JSON.parse(out).checks[0];
    };
    expect(await run(50 * 1024 ** 2)).toMatchObject({ status: 'fail', code: 'workspace_disk_full' });
    expect(await run(600 * 1024 ** 2)).toMatchObject({ status: 'warn', code: 'workspace_low_space' });
  });
});

describe('network.proxy', () => {
  const proxyCheck = (env: NodeJS.ProcessEnv, extra: Parameters<typeof fakeContext>[0] = {}) => networkProxyCheck.run(fakeContext({ env, ...extra }));

  it('is quiet with no proxy, and names the proxy in use', async () => {
    expect(await proxyCheck({})).toMatchObject({ status: 'ok', code: 'no_proxy' });
    const used = await proxyCheck({ HTTPS_PROXY: 'http://ana:pw@proxy.corp:8080', NO_PROXY: 'localhost,127.0.0.1,::1' });
    expect(used).toMatchObject({ status: 'ok', code: 'proxy_ok' });
    expect(used.summary).toBe('Using the proxy http://proxy.corp:8080 (from HTTPS_PROXY)');
  });

  it('warns when HTTPS_PROXY and https_proxy disagree', async () => {
    const r = await proxyCheck({ HTTPS_PROXY: 'http://a.corp:8080', https_proxy: 'http://b.corp:3128', NO_PROXY: 'localhost,127.0.0.1,::1' });
    expect(r).toMatchObject({ status: 'warn', code: 'proxy_env_conflict' });
    expect(r.fix?.commands).toEqual(['export https_proxy="$HTTPS_PROXY"']);
  });

  it('warns when NO_PROXY does not exempt loopback, with the value to set', async () => {
    const r = await proxyCheck({ HTTPS_PROXY: 'http://proxy.corp:8080', NO_PROXY: '.corp' });
    expect(r).toMatchObject({ status: 'warn', code: 'proxy_no_loopback' });
    expect(r.fix?.commands?.[1]).toBe('export NO_PROXY=.corp,localhost,127.0.0.1,::1');
  });

  it('warns about an http-only proxy, an unreadable proxy address and a missing CA bundle', async () => {
    expect((await proxyCheck({ HTTP_PROXY: 'http://proxy.corp:8080' })).code).toBe('https_proxy_missing');
    expect((await proxyCheck({ HTTPS_PROXY: 'ftp://proxy' })).code).toBe('proxy_url_invalid');
    const ca = await proxyCheck({ CODEX_CA_CERTIFICATE: '/no/such/ca.pem' });
    expect(ca).toMatchObject({ status: 'warn', code: 'ca_bundle_missing' });
  });

  it('tells a Windows user whose proxy lives only in the system settings to set HTTPS_PROXY', async () => {
    const windows = { ...platform(), os: 'windows' as const, shell: 'powershell' as const, label: 'Windows (PowerShell)' };
    const reg = `HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\r\n    ProxyEnable    REG_DWORD    0x1\r\n    ProxyServer    REG_SZ    http=proxy.corp:80;https=proxy.corp:8443\r\n`;
    const r = await proxyCheck({}, { platform: windows, run: async (file) => (file === 'reg' ? result({ stdout: reg }) : result({ exitCode: 1 })) });
    expect(r).toMatchObject({ status: 'warn', code: 'proxy_system_only' });
    expect(r.fix?.commands?.[0]).toBe("[Environment]::SetEnvironmentVariable('HTTPS_PROXY', 'http://proxy.corp:8443', 'User')");
  });
});
