import { describe, expect, it } from 'vitest';
import { detectShell, startCodex, startCommand } from '../../src/exercises/codex-launch.js';
import { resolveLanguage, systemLanguage } from '../../src/exercises/language.js';

describe('how to start Codex in the exercise folder', () => {
  it('on macOS, Linux and WSL: cd "<folder>" && codex, quoting what the shell would expand', () => {
    expect(startCodex('/Users/aki/codex-workshop/01-first-file', {}, 'darwin')).toEqual({
      shell: 'posix',
      command: 'cd "/Users/aki/codex-workshop/01-first-file" && codex',
      alternatives: [],
    });
    expect(startCommand('/home/me/my "work" $HOME `x`', 'posix')).toBe('cd "/home/me/my \\"work\\" \\$HOME \\`x\\`" && codex');
    expect(startCommand('/home/me/ワーク ショップ/01', 'posix')).toBe('cd "/home/me/ワーク ショップ/01" && codex');
  });

  it('in PowerShell: Set-Location "<folder>"; codex, with the Command Prompt line as an alternative', () => {
    const env = { PSModulePath: 'C:\\Users\\aki\\Documents\\WindowsPowerShell\\Modules;C:\\Program Files\\WindowsPowerShell\\Modules;C:\\WINDOWS\\system32\\WindowsPowerShell\\v1.0\\Modules' };
    expect(startCodex('C:\\Users\\aki\\codex-workshop\\01-first-file', env, 'win32')).toEqual({
      shell: 'powershell',
      command: 'Set-Location "C:\\Users\\aki\\codex-workshop\\01-first-file"; codex',
      alternatives: [{ shell: 'cmd', command: 'cd /d "C:\\Users\\aki\\codex-workshop\\01-first-file" && codex' }],
    });
    expect(startCommand("C:\\Users\\o'neil\\[work]", 'powershell')).toBe("Set-Location -LiteralPath 'C:\\Users\\o''neil\\[work]'; codex");
  });

  it('in Command Prompt: cd /d "<folder>" && codex', () => {
    const env = { PSModulePath: 'C:\\Program Files\\WindowsPowerShell\\Modules;C:\\WINDOWS\\system32\\WindowsPowerShell\\v1.0\\Modules' };
    expect(detectShell(env, 'win32')).toBe('cmd');
    expect(startCodex('D:\\ws\\01', env, 'win32').command).toBe('cd /d "D:\\ws\\01" && codex');
  });

  it('in Git Bash on Windows: the POSIX line', () => {
    expect(detectShell({ MSYSTEM: 'MINGW64' }, 'win32')).toBe('posix');
  });
});

describe('the language of briefs', () => {
  it('takes --lang, then the profile, then the system locale, within the pack’s languages', () => {
    const packLanguages = ['en', 'ja'];
    expect(resolveLanguage({ flag: 'ja', profileLanguage: 'en', env: { LANG: 'en_US.UTF-8' }, packLanguages })).toBe('ja');
    expect(resolveLanguage({ profileLanguage: 'ja', env: { LANG: 'en_US.UTF-8' }, packLanguages })).toBe('ja');
    expect(resolveLanguage({ env: { LANG: 'ja_JP.UTF-8' }, packLanguages })).toBe('ja');
    expect(resolveLanguage({ env: { LC_ALL: 'fr_FR.UTF-8' }, packLanguages })).toBe('en');
    expect(resolveLanguage({ flag: 'ja', env: {}, packLanguages: ['en'] })).toBe('en');
  });

  it('reads LC_ALL before LANG and ignores the C locale', () => {
    expect(systemLanguage({ LC_ALL: 'ja_JP.UTF-8', LANG: 'en_US.UTF-8' })).toBe('ja');
    expect(systemLanguage({ LANG: 'C.UTF-8' })).not.toBe('c');
  });
});
