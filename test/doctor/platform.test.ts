import { describe, expect, it } from 'vitest';
import { doctorEn } from '../../src/i18n/doctor/en.js';
import { doctorJa } from '../../src/i18n/doctor/ja.js';
import { addToPathCommands, installGitCommands, loginFromEnvCommand, loginWithPastedKeyCommands, persistEnvVarCommands, shellQuote, trustCompanyCaFix } from '../../src/doctor/fixes.js';
import { detectPlatform, type PlatformInputs } from '../../src/doctor/platform.js';

function inputs(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, files: Record<string, string> = {}): PlatformInputs {
  return { platform, env, arch: 'x64', nodeVersion: '20.17.0', readSystemFile: (f) => files[f] };
}

describe('platform and shell detection', () => {
  it('knows a Mac with zsh', () => {
    expect(detectPlatform(inputs('darwin', { SHELL: '/bin/zsh' }))).toMatchObject({ os: 'macos', shell: 'zsh', label: 'macOS (zsh)' });
  });

  it('tells Windows PowerShell from cmd', () => {
    const psModulePath = 'C:\\Users\\ana\\Documents\\WindowsPowerShell\\Modules;C:\\Program Files\\WindowsPowerShell\\Modules;C:\\Windows\\system32\\WindowsPowerShell\\v1.0\\Modules';
    expect(detectPlatform(inputs('win32', { PSModulePath: psModulePath, PROMPT: '$P$G' }))).toMatchObject({ os: 'windows', shell: 'powershell', label: 'Windows (PowerShell)' });
    expect(detectPlatform(inputs('win32', { PSModulePath: 'C:\\Program Files\\WindowsPowerShell\\Modules', PROMPT: '$P$G' }))).toMatchObject({ shell: 'cmd', label: 'Windows (Command Prompt)' });
  });

  it('treats Git Bash on Windows as bash', () => {
    expect(detectPlatform(inputs('win32', { SHELL: '/usr/bin/bash', PROMPT: '$P$G' })).shell).toBe('bash');
  });

  it('recognises WSL by its environment or its kernel, and its distribution', () => {
    const osRelease = 'PRETTY_NAME="Ubuntu 22.04"\nID=ubuntu\nID_LIKE=debian\n';
    expect(detectPlatform(inputs('linux', { SHELL: '/bin/bash', WSL_DISTRO_NAME: 'Ubuntu' }, { '/etc/os-release': osRelease }))).toMatchObject({ os: 'wsl', linuxFamily: 'debian', label: 'WSL (bash)' });
    expect(detectPlatform(inputs('linux', { SHELL: '/bin/bash' }, { '/proc/version': 'Linux version 5.15.90.1-microsoft-standard-WSL2' })).os).toBe('wsl');
    expect(detectPlatform(inputs('linux', { SHELL: '/usr/bin/fish' }, { '/etc/os-release': 'ID=fedora\n' }))).toMatchObject({ os: 'linux', shell: 'fish', linuxFamily: 'fedora' });
  });

  it('lets WORKSHOP_SHELL override a wrong guess', () => {
    expect(detectPlatform(inputs('win32', { PROMPT: '$P$G', WORKSHOP_SHELL: 'powershell' })).shell).toBe('powershell');
  });
});

const on = (platform: NodeJS.Platform, env: NodeJS.ProcessEnv, files: Record<string, string> = {}) => detectPlatform(inputs(platform, env, files));
const ps = on('win32', { PSModulePath: 'C:\\Users\\ana\\Documents\\PowerShell\\Modules' });
const cmd = on('win32', { PROMPT: '$P$G' });
const macBash = on('darwin', { SHELL: '/bin/bash' });
const fish = on('linux', { SHELL: '/usr/bin/fish' });

describe('fix commands for each shell', () => {
  it('add a folder to PATH in the right startup file or store', () => {
    expect(addToPathCommands(macBash, '/Users/ana/.npm-global/bin')[0]).toBe(`echo 'export PATH="/Users/ana/.npm-global/bin:$PATH"' >> ~/.bash_profile`);
    expect(addToPathCommands(fish, '/home/ana/.npm-global/bin')).toEqual(['fish_add_path /home/ana/.npm-global/bin']);
    expect(addToPathCommands(ps, 'C:\\Users\\ana\\AppData\\Roaming\\npm')[0]).toBe(
      "[Environment]::SetEnvironmentVariable('Path', [Environment]::GetEnvironmentVariable('Path', 'User') + ';C:\\Users\\ana\\AppData\\Roaming\\npm', 'User')",
    );
    // cmd's setx truncates long PATHs, so cmd users get PowerShell doing the lasting change.
    expect(addToPathCommands(cmd, 'C:\\npm')[0]).toMatch(/^powershell -NoProfile -Command /);
    expect(addToPathCommands(cmd, 'C:\\npm')[1]).toBe('set "PATH=%PATH%;C:\\npm"');
  });

  it('pipe an exported key into codex login in each shell', () => {
    expect(loginFromEnvCommand(macBash, 'OPENAI_API_KEY')).toBe('printenv OPENAI_API_KEY | codex login --with-api-key');
    expect(loginFromEnvCommand(fish, 'OPENAI_API_KEY')).toBe('printenv OPENAI_API_KEY | codex login --with-api-key');
    expect(loginFromEnvCommand(ps, 'OPENAI_API_KEY')).toBe('$env:OPENAI_API_KEY | codex login --with-api-key');
    expect(loginFromEnvCommand(cmd, 'OPENAI_API_KEY')).toBe('echo %OPENAI_API_KEY%| codex login --with-api-key');
  });

  it('ask for a pasted key without putting it in the shell history', () => {
    for (const p of [macBash, fish, ps, cmd]) {
      const joined = loginWithPastedKeyCommands(p).join('\n');
      expect(joined).toContain('codex login --with-api-key');
      expect(joined).not.toMatch(/sk-/);
    }
  });

  it('set variables persistently', () => {
    expect(persistEnvVarCommands(ps, 'HTTPS_PROXY', 'http://proxy:8080')).toEqual([
      "[Environment]::SetEnvironmentVariable('HTTPS_PROXY', 'http://proxy:8080', 'User')",
      "$env:HTTPS_PROXY = 'http://proxy:8080'",
    ]);
    expect(persistEnvVarCommands(cmd, 'HTTPS_PROXY', 'http://proxy:8080')).toEqual(['setx HTTPS_PROXY http://proxy:8080', 'set "HTTPS_PROXY=http://proxy:8080"']);
    expect(persistEnvVarCommands(fish, 'X', 'a b')).toEqual(["set -Ux X 'a b'"]);
  });

  it('install Git with the system package manager', () => {
    expect(installGitCommands(on('darwin', {}), doctorEn)).toEqual(['xcode-select --install', '# or, with Homebrew: brew install git']);
    expect(installGitCommands(on('darwin', {}), doctorJa)).toEqual(['xcode-select --install', '# または Homebrew で: brew install git']);
    expect(installGitCommands(ps, doctorEn)).toEqual(['winget install --id Git.Git -e --source winget']);
    expect(installGitCommands(on('linux', {}, { '/etc/os-release': 'ID=fedora' }), doctorEn)).toEqual(['sudo dnf install -y git']);
    expect(installGitCommands(on('linux', { WSL_DISTRO_NAME: 'Ubuntu' }, { '/etc/os-release': 'ID=ubuntu\nID_LIKE=debian' }), doctorEn)).toEqual(['sudo apt-get update && sudo apt-get install -y git']);
  });

  it('point Codex at a company CA bundle in the participant\'s shell', () => {
    expect(trustCompanyCaFix(ps, doctorEn).commands?.[0]).toBe("[Environment]::SetEnvironmentVariable('CODEX_CA_CERTIFICATE', 'C:\\certs\\company-ca.pem', 'User')");
    expect(trustCompanyCaFix(macBash, doctorEn).commands).toContain('export SSL_CERT_FILE=~/certs/company-ca.pem');
    // The commands are typed as they are, whatever the language.
    expect(trustCompanyCaFix(macBash, doctorJa).commands).toEqual(trustCompanyCaFix(macBash, doctorEn).commands);
  });

  it('quote values safely', () => {
    expect(shellQuote("it's here", 'bash')).toBe(`'it'\\''s here'`);
    expect(shellQuote("it's", 'powershell')).toBe("'it''s'");
    expect(shellQuote('C:\\Program Files\\x', 'cmd')).toBe('"C:\\Program Files\\x"');
  });
});
