import { ApiKey } from '../core/secret.js';
import { fixed, say, type DoctorLang, type Phrase } from './bilingual.js';
import type { PlatformInfo, ShellKind } from './platform.js';
import type { Fix } from './types.js';

/**
 * Fix commands for the participant's own system and shell. Each builder returns lines they can paste
 * as is into the terminal they ran the doctor from: zsh/bash/sh, fish, PowerShell or cmd.
 */
/** Quotes a value for the shell: single quotes for POSIX/fish/PowerShell, double quotes for cmd. */
export function shellQuote(value: string, shell: ShellKind): string {
  if (shell === 'cmd') return /[\s&|<>^"]/.test(value) ? `"${value.replace(/"/g, '')}"` : value;
  if (/^[A-Za-z0-9_@%+=:,./~-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, shell === 'powershell' ? "''" : `'\\''`)}'`;
}

/** The file a shell reads at start-up, where lasting PATH and variable changes go. */
export function shellStartupFile(platform: PlatformInfo): string {
  switch (platform.shell) {
    case 'zsh':
      return '~/.zshrc';
    case 'bash':
      return platform.os === 'macos' ? '~/.bash_profile' : '~/.bashrc';
    case 'fish':
      return '~/.config/fish/config.fish';
    default:
      return '~/.profile';
  }
}

/** Commands that make `dir` part of PATH now and in every new terminal. */
export function addToPathCommands(platform: PlatformInfo, dir: string): string[] {
  const { shell } = platform;
  if (shell === 'fish') return [`fish_add_path ${shellQuote(dir, shell)}`];
  if (shell === 'powershell') {
    return [
      `[Environment]::SetEnvironmentVariable('Path', [Environment]::GetEnvironmentVariable('Path', 'User') + ';${dir.replace(/'/g, "''")}', 'User')`,
      `$env:Path += ';${dir.replace(/'/g, "''")}'`,
    ];
  }
  if (shell === 'cmd') {
    // setx would truncate a long PATH at 1024 characters; PowerShell edits the user PATH safely.
    return [
      `powershell -NoProfile -Command "[Environment]::SetEnvironmentVariable('Path', [Environment]::GetEnvironmentVariable('Path', 'User') + ';${dir}', 'User')"`,
      `set "PATH=%PATH%;${dir}"`,
    ];
  }
  const line = `export PATH="${dir.replace(/"/g, '\\"')}:$PATH"`;
  return [`echo ${shellQuote(line, shell)} >> ${shellStartupFile(platform)}`, line];
}

/** Commands that set an environment variable now and for every new terminal. */
export function persistEnvVarCommands(platform: PlatformInfo, name: string, value: string): string[] {
  const { shell } = platform;
  if (shell === 'fish') return [`set -Ux ${name} ${shellQuote(value, shell)}`];
  if (shell === 'powershell') {
    const quoted = `'${value.replace(/'/g, "''")}'`;
    return [`[Environment]::SetEnvironmentVariable('${name}', ${quoted}, 'User')`, `$env:${name} = ${quoted}`];
  }
  if (shell === 'cmd') return [`setx ${name} ${shellQuote(value, shell)}`, `set "${name}=${value}"`];
  const line = `export ${name}=${shellQuote(value, shell)}`;
  return [`echo ${shellQuote(line, shell)} >> ${shellStartupFile(platform)}`, line];
}

/** Commands that remove an environment variable from this terminal. */
export function unsetEnvVarCommand(platform: PlatformInfo, name: string): string {
  switch (platform.shell) {
    case 'fish':
      return `set -e ${name}`;
    case 'powershell':
      return `Remove-Item Env:${name}`;
    case 'cmd':
      return `set ${name}=`;
    default:
      return `unset ${name}`;
  }
}

export function installCodexCommands(platform: PlatformInfo, version = 'latest'): string[] {
  const npm = `npm install -g @openai/codex@${version}`;
  return platform.os === 'macos' ? [npm, `# or, with Homebrew: brew install --cask codex`] : [npm];
}

/** Pipes an environment variable that holds the key into `codex login --with-api-key`. */
export function loginFromEnvCommand(platform: PlatformInfo, variable: string): string {
  switch (platform.shell) {
    case 'powershell':
      return `$env:${variable} | codex login --with-api-key`;
    case 'cmd':
      return `echo %${variable}%| codex login --with-api-key`;
    default:
      return `printenv ${variable} | codex login --with-api-key`;
  }
}

/** Asks for the key without echoing it or leaving it in the shell history, then saves it in Codex. */
export function loginWithPastedKeyCommands(platform: PlatformInfo): string[] {
  switch (platform.shell) {
    case 'fish':
      return [`read -s -P 'Paste your API key: ' KEY; printf '%s' $KEY | codex login --with-api-key; set -e KEY`];
    case 'powershell':
      return [`$key = Read-Host 'Paste your API key'; $key | codex login --with-api-key; Remove-Variable key`];
    case 'cmd':
      return ['set /p KEY=Paste your API key: ', 'echo %KEY%| codex login --with-api-key', 'set KEY='];
    default:
      return [`printf 'Paste your API key: '; read -rs KEY; echo; printf '%s' "$KEY" | codex login --with-api-key; unset KEY`];
  }
}

/** Renames a file to `<name>.broken` next to it, so that the program that reads it starts afresh. */
export function moveAsideCommand(platform: PlatformInfo, file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  switch (platform.shell) {
    case 'powershell':
      return `Rename-Item ${shellQuote(file, 'powershell')} ${shellQuote(`${name}.broken`, 'powershell')}`;
    case 'cmd':
      return `ren ${shellQuote(file, 'cmd')} ${shellQuote(`${name}.broken`, 'cmd')}`;
    default:
      return `mv ${shellQuote(file, platform.shell)} ${shellQuote(`${file}.broken`, platform.shell)}`;
  }
}

/** Installs a distribution package on Linux or WSL, with the family's package manager. */
export function installLinuxPackageCommand(platform: PlatformInfo, pkg: string): string {
  return linuxInstall(platform, pkg);
}

export function installGitCommands(platform: PlatformInfo): string[] {
  switch (platform.os) {
    case 'macos':
      return ['xcode-select --install', '# or, with Homebrew: brew install git'];
    case 'windows':
      return ['winget install --id Git.Git -e --source winget'];
    default:
      return [linuxInstall(platform, 'git')];
  }
}

function linuxInstall(platform: PlatformInfo, pkg: string): string {
  switch (platform.linuxFamily) {
    case 'fedora':
      return `sudo dnf install -y ${pkg}`;
    case 'arch':
      return `sudo pacman -S --noconfirm ${pkg}`;
    case 'suse':
      return `sudo zypper install -y ${pkg}`;
    case 'alpine':
      return `sudo apk add ${pkg}`;
    default:
      return `sudo apt-get update && sudo apt-get install -y ${pkg}`;
  }
}

export function installNodeCommands(platform: PlatformInfo): string[] {
  if (platform.os === 'windows') return ['winget install OpenJS.NodeJS.LTS'];
  if (platform.os === 'macos') return ['brew install node', '# or download the LTS installer from https://nodejs.org'];
  return ['# install nvm from https://github.com/nvm-sh/nvm, then:', 'nvm install --lts'];
}

/** Where a company CA bundle usually is, as an example path for the TLS fix. */
function exampleCaPath(platform: PlatformInfo): string {
  return platform.os === 'windows' ? 'C:\\certs\\company-ca.pem' : platform.os === 'macos' ? '~/certs/company-ca.pem' : '/usr/local/share/ca-certificates/company-ca.pem';
}

export function trustCompanyCaFix(platform: PlatformInfo): Fix {
  const pem = exampleCaPath(platform);
  return {
    text: `Your network replaces the API's certificate (TLS inspection by a company proxy or antivirus). Ask IT for the company's root certificate as a PEM file, save it (e.g. ${pem}), and point Codex at it:`,
    commands: [...persistEnvVarCommands(platform, 'CODEX_CA_CERTIFICATE', pem), ...persistEnvVarCommands(platform, 'SSL_CERT_FILE', pem)],
  };
}

/** "Open a new terminal" in the participant's words, after a change to PATH or the environment. */
export function reopenTerminalHint(platform: PlatformInfo): string {
  return platform.os === 'windows' ? 'then close and reopen the terminal' : 'then open a new terminal (or run the second line in this one)';
}

const FRESH_KEY = {
  pasted: fixed(
    'Get a fresh key from your facilitator (or https://platform.openai.com/api-keys), then save it in Codex (the key is not shown while you paste it):',
    'ファシリテーター（または https://platform.openai.com/api-keys ）から新しいキーを受け取り、Codex に保存してください（貼り付けたキーは画面に表示されません）:',
  ),
  orFromEnv: {
    en: (variable: string) => `# or, if ${variable} already holds the new key:`,
    ja: (variable: string) => `# または、${variable} にすでに新しいキーが入っている場合:`,
  } satisfies Phrase<[string]>,
  codexApiKey: fixed(
    'Codex sends CODEX_API_KEY from your environment before any saved key, and the API refuses it. Remove it from this terminal (and from your shell start-up file), then save a fresh key in Codex (the key is not shown while you paste it):',
    'Codex は保存済みのキーより先に環境変数 CODEX_API_KEY を送りますが、API はそのキーを拒否しています。このターミナル（とシェルの起動ファイル）から削除し、新しいキーを Codex に保存してください（貼り付けたキーは画面に表示されません）:',
  ),
};

/**
 * The fix for a key the API refuses: paste a fresh one into `codex login --with-api-key` (read
 * without echo, so it stays out of the shell history). `codex login --with-api-key` typed alone only
 * says "--with-api-key expects the API key on stdin", so the fix is always a whole, pasteable line.
 */
export function freshKeyFix(platform: PlatformInfo, lang: DoctorLang, options: { env: NodeJS.ProcessEnv; from?: 'CODEX_API_KEY' | 'auth.json'; rejected?: ApiKey }): Fix {
  if (options.from === 'CODEX_API_KEY') {
    return { text: say(lang, FRESH_KEY.codexApiKey), commands: [unsetEnvVarCommand(platform, 'CODEX_API_KEY'), ...loginWithPastedKeyCommands(platform)] };
  }
  const commands = [...loginWithPastedKeyCommands(platform)];
  const envKey = options.env.OPENAI_API_KEY?.trim();
  // Offering the variable only makes sense when it holds another key than the one just refused.
  if (envKey && new ApiKey(envKey).fingerprint !== options.rejected?.fingerprint) commands.push(say(lang, FRESH_KEY.orFromEnv, 'OPENAI_API_KEY'), loginFromEnvCommand(platform, 'OPENAI_API_KEY'));
  return { text: say(lang, FRESH_KEY.pasted), commands };
}
