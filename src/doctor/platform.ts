import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Which system and shell the participant is on, so that every fix is a command they can paste as is.
 * Detection is a pure function of what it is given (platform, environment, a few files), so tests can
 * describe a Windows PowerShell or a WSL laptop without being on one.
 */
export type OsKind = 'macos' | 'windows' | 'wsl' | 'linux';
export type ShellKind = 'zsh' | 'bash' | 'fish' | 'sh' | 'powershell' | 'cmd';
export type LinuxFamily = 'debian' | 'fedora' | 'arch' | 'suse' | 'alpine' | 'other';

export interface PlatformInfo {
  os: OsKind;
  shell: ShellKind;
  arch: string;
  nodeVersion: string;
  /** For Linux and WSL: which package manager the install commands use. */
  linuxFamily?: LinuxFamily;
  /** "macOS (zsh)", "Windows (PowerShell)", "WSL (bash)"… */
  label: string;
}

export interface PlatformInputs {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  arch: string;
  nodeVersion: string;
  /** Reads a small system file (/proc/version, /etc/os-release); undefined when absent. */
  readSystemFile: (file: string) => string | undefined;
}

export function currentPlatformInputs(env: NodeJS.ProcessEnv = process.env): PlatformInputs {
  return {
    platform: process.platform,
    env,
    arch: os.arch(),
    nodeVersion: process.versions.node,
    readSystemFile: (file) => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

const OS_NAMES: Record<OsKind, string> = { macos: 'macOS', windows: 'Windows', wsl: 'WSL', linux: 'Linux' };
const SHELL_NAMES: Record<ShellKind, string> = { zsh: 'zsh', bash: 'bash', fish: 'fish', sh: 'sh', powershell: 'PowerShell', cmd: 'Command Prompt' };

export function detectPlatform(inputs: PlatformInputs): PlatformInfo {
  const os = detectOs(inputs);
  const shell = detectShellKind(inputs.env, os);
  const linuxFamily = os === 'linux' || os === 'wsl' ? detectLinuxFamily(inputs.readSystemFile('/etc/os-release')) : undefined;
  return {
    os,
    shell,
    arch: inputs.arch,
    nodeVersion: inputs.nodeVersion,
    ...(linuxFamily ? { linuxFamily } : {}),
    label: `${OS_NAMES[os]} (${SHELL_NAMES[shell]})`,
  };
}

function detectOs({ platform, env, readSystemFile }: PlatformInputs): OsKind {
  if (platform === 'darwin') return 'macos';
  if (platform === 'win32') return 'windows';
  if (platform === 'linux') {
    // WSL sets WSL_DISTRO_NAME; older WSL 1 builds only say so in the kernel version string.
    if (env.WSL_DISTRO_NAME || env.WSL_INTEROP) return 'wsl';
    if (/microsoft/i.test(readSystemFile('/proc/version') ?? '')) return 'wsl';
  }
  return 'linux';
}

/**
 * The shell the participant typed the command in. Shared by the doctor (fix commands) and the exercise
 * commands (the line that starts Codex), so both always speak the same shell.
 */
export function detectShellKind(env: NodeJS.ProcessEnv, os: OsKind): ShellKind {
  const override = env.WORKSHOP_SHELL?.toLowerCase();
  if (override && override in SHELL_NAMES) return override as ShellKind;
  if (os === 'windows') {
    // Git Bash and MSYS set SHELL or MSYSTEM; the participant then types POSIX commands.
    if ((env.SHELL && /bash/i.test(env.SHELL)) || env.MSYSTEM) return 'bash';
    // PowerShell prepends the user's own module folder to PSModulePath when it starts; cmd.exe
    // inherits only the system value (two entries) and defines PROMPT, which PowerShell does not.
    const modulePath = env.PSModulePath ?? '';
    if (/[\\/]Documents[\\/](Windows)?PowerShell[\\/]Modules/i.test(modulePath)) return 'powershell';
    if (env.PROMPT) return 'cmd';
    if (modulePath && modulePath.split(';').filter(Boolean).length < 3) return 'cmd';
    return 'powershell';
  }
  const name = path.posix.basename(env.SHELL ?? '');
  if (name === 'zsh' || name === 'bash' || name === 'fish') return name;
  if (os === 'macos') return 'zsh'; // the default login shell since Catalina
  return env.SHELL ? 'sh' : 'bash';
}

function detectLinuxFamily(osRelease: string | undefined): LinuxFamily {
  if (!osRelease) return 'other';
  const field = (key: string) => new RegExp(`^${key}="?([^"\\n]*)"?`, 'm').exec(osRelease)?.[1]?.toLowerCase() ?? '';
  const ids = `${field('ID')} ${field('ID_LIKE')}`;
  if (/\b(debian|ubuntu)\b/.test(ids)) return 'debian';
  if (/\b(fedora|rhel|centos)\b/.test(ids)) return 'fedora';
  if (/\barch\b/.test(ids)) return 'arch';
  if (/\bsuse\b/.test(ids)) return 'suse';
  if (/\balpine\b/.test(ids)) return 'alpine';
  return 'other';
}

export function isWindowsShell(shell: ShellKind): boolean {
  return shell === 'powershell' || shell === 'cmd';
}
