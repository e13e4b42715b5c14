import { ApiKey } from '../core/secret.js';
import type { DoctorCatalog } from '../i18n/doctor/index.js';
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

/** The npm line first (callers that want only it take `[0]`); on macOS a Homebrew alternative as a comment. */
export function installCodexCommands(platform: PlatformInfo, t: DoctorCatalog, version = 'latest'): string[] {
  const npm = `npm install -g @openai/codex@${version}`;
  return platform.os === 'macos' ? [npm, t.fixes.brewCodex({ command: 'brew install --cask codex' })] : [npm];
}

/** The one line that installs (or updates) the OpenAI Codex CLI with npm. */
export function npmInstallCodexCommand(version = 'latest'): string {
  return `npm install -g @openai/codex@${version}`;
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

export function installGitCommands(platform: PlatformInfo, t: DoctorCatalog): string[] {
  switch (platform.os) {
    case 'macos':
      return ['xcode-select --install', t.fixes.brewGit({ command: 'brew install git' })];
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

export function installNodeCommands(platform: PlatformInfo, t: DoctorCatalog): string[] {
  if (platform.os === 'windows') return ['winget install OpenJS.NodeJS.LTS'];
  if (platform.os === 'macos') return ['brew install node', t.fixes.nodeInstaller({ url: 'https://nodejs.org' })];
  return [t.fixes.nvmFirst({ url: 'https://github.com/nvm-sh/nvm' }), 'nvm install --lts'];
}

/** Where a company CA bundle usually is, as an example path for the TLS fix. */
function exampleCaPath(platform: PlatformInfo): string {
  return platform.os === 'windows' ? 'C:\\certs\\company-ca.pem' : platform.os === 'macos' ? '~/certs/company-ca.pem' : '/usr/local/share/ca-certificates/company-ca.pem';
}

export function trustCompanyCaFix(platform: PlatformInfo, t: DoctorCatalog): Fix {
  const pem = exampleCaPath(platform);
  return {
    text: t.fixes.companyCa({ pem }),
    commands: [...persistEnvVarCommands(platform, 'CODEX_CA_CERTIFICATE', pem), ...persistEnvVarCommands(platform, 'SSL_CERT_FILE', pem)],
  };
}

/**
 * The fix for a key the API refuses: paste a fresh one into `codex login --with-api-key` (read
 * without echo, so it stays out of the shell history). `codex login --with-api-key` typed alone only
 * says "--with-api-key expects the API key on stdin", so the fix is always a whole, pasteable line.
 */
export function freshKeyFix(platform: PlatformInfo, t: DoctorCatalog, options: { env: NodeJS.ProcessEnv; from?: 'CODEX_API_KEY' | 'auth.json'; rejected?: ApiKey }): Fix {
  if (options.from === 'CODEX_API_KEY') {
    return { text: t.fixes.freshKeyCodexApiKey, commands: [unsetEnvVarCommand(platform, 'CODEX_API_KEY'), ...loginWithPastedKeyCommands(platform)] };
  }
  const commands = [...loginWithPastedKeyCommands(platform)];
  const envKey = options.env.OPENAI_API_KEY?.trim();
  // Offering the variable only makes sense when it holds another key than the one just refused.
  if (envKey && new ApiKey(envKey).fingerprint !== options.rejected?.fingerprint) commands.push(t.fixes.freshKeyFromEnv({ variable: 'OPENAI_API_KEY' }), loginFromEnvCommand(platform, 'OPENAI_API_KEY'));
  return { text: t.fixes.freshKeyPasted, commands };
}

/**
 * Deletes every file in `dir` (not the folder itself), as typed in the participant's shell. Used for
 * Codex's shell snapshots, which Codex writes again on its next run.
 */
export function deleteFilesInCommand(platform: PlatformInfo, dir: string): string {
  switch (platform.shell) {
    case 'powershell':
      return `Remove-Item -Force ${shellQuote(`${dir.replace(/[\\/]+$/, '')}\\*`, 'powershell')}`;
    case 'cmd':
      return `del /q ${shellQuote(`${dir.replace(/[\\/]+$/, '')}\\*`, 'cmd')}`;
    default:
      // The folder quoted, the wildcard outside the quotes so that the shell expands it (bash, zsh, sh, fish).
      return `rm -f ${shellQuote(`${dir.replace(/\/+$/, '')}/`, platform.shell)}*`;
  }
}
